"""The text minutes start from: attendance, declarations, quorum, recommendation, vote, reasons.

Each section's text has the recorded facts at the top, a "Discussion:" line after which the
administrator writes, and (for a case) the recorded outcome from the "Recommendation:" line
on. `merge_facts` refreshes the facts and keeps what was written under "Discussion:", so the
minutes follow a correction to the recommendation without losing any typing.
Children appear by their initials only.
"""

from __future__ import annotations

from panelapp.domain import case_types
from panelapp.domain.periods import long_date
from panelapp.domain.quorum import AGENCY_RULE, REGULATION, QuorumResult
from panelapp.domain.vocab import AttendanceStatus
from panelapp.services.panel_day.recordable import NOT_HEARD_LINE
from panelapp.services.panel_day.sheet import AttendanceRow, CaseSheet, DaySheet

DISCUSSION = "Discussion:"
OUTCOME_START = "Recommendation:"
OPENING_TITLE = "Attendance, apologies and quorum"


def _when(row: AttendanceRow) -> str:
    """When a member who did not sit throughout was there: "present from 10:00 until 12:30"."""
    if row.status == AttendanceStatus.LATE and row.joined_at is None:
        came = "joined late"
    else:
        came = f"present from {row.joined_at:%H:%M}" if row.joined_at else ""
    went = f"until {row.left_at:%H:%M}" if came and row.left_at else ""
    went = went or (f"left at {row.left_at:%H:%M}" if row.left_at else "")
    return " ".join(part for part in (came, went) if part)


def _names(rows: list[AttendanceRow], with_roles: bool = True) -> str:
    if not rows:
        return "none"
    if not with_roles:
        return ", ".join(r.name for r in rows)
    out = []
    for r in rows:
        notes = "; ".join(part for part in (r.roles_label, _when(r)) if part)
        out.append(f"{r.name} ({notes})" if notes else r.name)
    return ", ".join(out)


def _quorum_line(
    result: QuorumResult, what: str, not_yet_joined: tuple[str, ...] = (), already_left: tuple[str, ...] = ()
) -> str:
    """Quorum as it stood: who was counted, who was not yet there or had gone, and each failed
    rule in its own words ("Not quorate under regulation 6: …", AAR 2005 reg 6)."""
    away = [f"{name} had not yet joined" for name in not_yet_joined]
    away += [f"{name} had left" for name in already_left]
    aside = f" ({'; '.join(away)})" if away else ""
    counted = f"{result.members_counted} member{'' if result.members_counted == 1 else 's'}"
    if result.quorate:
        spare = ", at the bare minimum" if result.at_bare_minimum else ""
        return f"Quorum{what}: quorate with {counted}{spare}{aside}."
    if result.meets_regulation:
        reasons = " ".join(result.agency_reasons)
        return f"Quorum{what}: quorate under regulation 6 with {counted}{aside}. {reasons}"
    reasons = _under_one_heading(result.statutory_reasons, REGULATION)
    reasons += " " + _under_one_heading(result.agency_reasons, AGENCY_RULE) if result.agency_reasons else ""
    return f"Quorum{what}{aside}: {reasons or result.summary + '.'}"


def _under_one_heading(reasons: tuple[str, ...] | list[str], heading: str) -> str:
    """ "Not quorate under regulation 6: a; b." once, not once a reason (minutes read as prose)."""
    if not reasons:
        return ""
    parts = [r.removeprefix(heading).rstrip(".") for r in reasons]
    return heading + "; ".join(parts) + "."


def opening_text(sheet: DaySheet) -> str:
    members = [a for a in sheet.attendance if a.is_member]
    staff = [a for a in sheet.attendance if not a.is_member]

    def with_status(rows: list[AttendanceRow], *statuses: AttendanceStatus) -> list[AttendanceRow]:
        return [r for r in rows if r.status in statuses]

    lines = [f"Sitting of {sheet.panel_name} on {long_date(sheet.date)} at {sheet.start_time:%H:%M}."]
    # A member who joined late or left early is listed once, with when they were there.
    present = with_status(members, AttendanceStatus.PRESENT, AttendanceStatus.LATE)
    expected = with_status(members, AttendanceStatus.INVITED)
    if present:
        lines.append(f"Present: {_names(present)}.")
    if expected:
        lines.append(f"Expected (attendance not yet marked): {_names(expected)}.")
    lines.append(f"Apologies: {_names(with_status(members, AttendanceStatus.APOLOGIES), False)}.")
    absent = with_status(members, AttendanceStatus.ABSENT)
    if absent:
        lines.append(f"Absent: {_names(absent, False)}.")
    in_attendance = [
        s for s in staff if s.status not in (AttendanceStatus.APOLOGIES, AttendanceStatus.ABSENT)
    ]
    if in_attendance:
        lines.append(f"In attendance: {_names(in_attendance)}.")
    if any(_when(r) for r in present):
        # The whole day's count would overstate the start: each case says who was there for it.
        lines.append("Quorum: members joined or left during the sitting; it is stated for each case below.")
    else:
        lines.append(_quorum_line(sheet.overall, " at the start"))
    return "\n".join(lines) + f"\n\n{DISCUSSION}\n"


def case_title(case: CaseSheet) -> str:
    return f"{case.position}. {case.title}"


def case_facts_head(case: CaseSheet) -> list[str]:
    lines = [
        f"Case: {case.reference}, {case.case_type_label}"
        + (f" (hearing {case.sequence})" if case.sequence > 1 else "")
    ]
    if case.household:
        lines.append(f"Household: {case.household}")
    if case.children_initials:
        lines.append(
            f"Child{'ren' if len(case.children_initials) > 1 else ''}: {', '.join(case.children_initials)}"
        )
    if case.presenters:
        lines.append(f"Presenting: {case.presenters}")
    if case.declarations:
        for d in case.declarations:
            left = "; left the room for this case" if d.leaves_for_case else "; stayed for this case"
            lines.append(f"Declaration: {d.name}: {d.description}{left}.")
    else:
        lines.append("Declarations: none.")
    lines.append(_quorum_line(case.quorum, " for this case", case.not_yet_joined, case.already_left))
    return lines


def case_outcome_lines(case: CaseSheet, not_heard: str | None = None) -> list[str]:
    """The recorded outcome, in the case type's words; `not_heard` is the note of a case
    recorded as not heard because the panel was not quorate (None otherwise)."""
    if not_heard is not None:
        reasons = [f"Quorum: {not_heard}"] if not_heard else []
        return [f"{OUTCOME_START} none. {NOT_HEARD_LINE}", *reasons]
    rec = case.recommendation
    if rec is None:
        return [f"{OUTCOME_START} not yet recorded."]
    row = case_types.find(case.case_type)
    lines = [f"{OUTCOME_START} {rec.answer(case.case_type)}."]
    if row and not row.noted_only:
        lines.append(f"The question: {row.question}")
    lines += [f"Vote: {rec.vote_text}.", f"Reasons: {rec.reasons}"]
    if rec.approval_advice:
        lines.append(f"Advice on children: {rec.approval_advice}.")
    if rec.advice:
        lines.append(f"Advice: {rec.advice}")
    if rec.deferral_needed:
        by = f" by {long_date(rec.deferral_by)}" if rec.deferral_by else ""
        lines.append(f"Deferred: the panel needs {rec.deferral_needed}{by}.")
    return lines


def case_text(case: CaseSheet, not_heard: str | None = None) -> str:
    outcome = case_outcome_lines(case, not_heard)
    return "\n".join(case_facts_head(case)) + f"\n\n{DISCUSSION}\n\n\n" + "\n".join(outcome)


def discussion_of(body: str) -> str:
    """What the administrator wrote: the text under "Discussion:" up to the recorded outcome."""
    lines = body.splitlines()
    if DISCUSSION not in (line.strip() for line in lines):
        return body.strip()
    start = next(i for i, line in enumerate(lines) if line.strip() == DISCUSSION) + 1
    end = next((i for i in range(start, len(lines)) if lines[i].startswith(OUTCOME_START)), len(lines))
    return "\n".join(lines[start:end]).strip()


def merge_facts(old_body: str, fresh_body: str) -> str:
    """`fresh_body`'s recorded facts around `old_body`'s discussion."""
    lines = fresh_body.splitlines()
    at = next((i for i, line in enumerate(lines) if line.strip() == DISCUSSION), None)
    if at is None:
        return old_body
    tail_at = next((i for i in range(at + 1, len(lines)) if lines[i].startswith(OUTCOME_START)), None)
    head = "\n".join(lines[: at + 1])
    discussion = discussion_of(old_body)
    merged = f"{head}\n{discussion}\n" if discussion else f"{head}\n"
    if tail_at is not None:
        merged += "\n\n" + "\n".join(lines[tail_at:])
    return merged
