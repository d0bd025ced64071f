"""The minutes as they leave the app: the full minutes of a sitting, or one case's extract,
and their export to Word or PDF.

The extract is what goes to the Agency Decision Maker: the attendance section and that case's
section. Children appear by initials only: any child's full or given name typed into the
minutes is replaced by their initials (domain.privacy) before the text leaves the app.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from db.models import Case, CaseChild, Hearing, Meeting, Member, Panel, SocialWorker
from panelapp.documents.minutes import IN_ATTENDANCE_TITLE, MinutesDocument, MinutesPart
from panelapp.domain.names import name_key
from panelapp.domain.periods import long_date
from panelapp.domain.privacy import scrub_children
from panelapp.domain.vocab import AttendanceStatus, Role
from panelapp.services.agency.setup import agency_summary
from panelapp.services.cases.register import SOCIAL_WORKER_LABELS
from panelapp.services.context import ServiceContext
from panelapp.services.errors import NotFound, ValidationError
from panelapp.services.files import check_output
from panelapp.services.panel_day.inquorate import not_heard_notes
from panelapp.services.panel_day.minutes import MinutesDoc, load_minutes
from panelapp.services.panel_day.minutes_prefill import OUTCOME_START, case_outcome_lines
from panelapp.services.panel_day.sheet import DaySheet, day_sheet

DOCUMENT_FORMATS = ("docx", "pdf")


def document_format(fmt: str) -> str:
    """`fmt` when it is docx or pdf; otherwise a ValidationError in words."""
    if fmt not in DOCUMENT_FORMATS:
        raise ValidationError(f"Choose Word (docx) or PDF, not {fmt!r}.")
    return fmt


def export_minutes(
    ctx: ServiceContext, meeting_id: int, fmt: str, out: Path, case_reference: str | None = None
) -> Path:
    """Write the sitting's minutes (or one case's extract) as `docx` or `pdf` to `out`."""
    fmt = document_format(fmt)
    check_output(out)
    document = minutes_for_export(ctx, meeting_id, case_reference)
    # Names never to circulate (issue 19): replaced, then the written file is checked.
    from panelapp.services.cases import withheld_names

    check = withheld_names.for_meeting(ctx, meeting_id)
    document = check.scrub(document)
    if fmt == "pdf":
        from panelapp.exports.pdf.minutes import write_minutes_pdf as write
    else:
        from panelapp.exports.docx.minutes import write_minutes_docx as write
    return withheld_names.circulate(ctx, Path(out), lambda path: write(document, path), check, "The minutes")


def minutes_for_export(
    ctx: ServiceContext, meeting_id: int, case_reference: str | None = None
) -> MinutesDocument:
    doc = load_minutes(ctx, meeting_id)
    if doc is None:
        raise NotFound("No minutes have been written for this sitting yet. Open Panel day to start them.")
    sheet = day_sheet(ctx, meeting_id)
    agency = agency_summary(ctx)
    with ctx.read() as session:
        rows = session.execute(
            select(Hearing.id, CaseChild.full_name, CaseChild.initials)
            .join(Case, Case.id == Hearing.case_id)
            .join(CaseChild, CaseChild.case_id == Case.id)
            .where(Hearing.meeting_id == meeting_id)
        ).all()
        workers = session.execute(
            select(Hearing.id, SocialWorker.name, SocialWorker.role)
            .join(SocialWorker, SocialWorker.case_id == Hearing.case_id)
            .where(Hearing.meeting_id == meeting_id)
            .order_by(SocialWorker.id)
        ).all()
    children = [(full, initials) for _h, full, initials in rows if full]
    wanted = _wanted_hearing(sheet, case_reference)
    by_hearing: dict[int, list[str]] = {}
    for hearing_id, name, role in workers:
        by_hearing.setdefault(hearing_id, []).append(f"{name} ({SOCIAL_WORKER_LABELS.get(role, role)})")
    attendance = in_attendance(sheet, by_hearing, wanted, _panel_leads(ctx, meeting_id))
    what = (
        "Minutes"
        if wanted is None
        else f"Extract of the minutes for the Agency Decision Maker: {case_reference}"
    )
    draft = "" if doc.locked else f" ({doc.state_label.upper()})"
    signed = ""
    if doc.signed_off_by and doc.signed_off_on:
        signed = f"{doc.signed_off_by}, {long_date(doc.signed_off_on)}"
    return MinutesDocument(
        agency_name=agency.name if agency else "",
        marking=agency.marking if agency else "OFFICIAL-SENSITIVE",
        title=f"{what}: {sheet.panel_name}, {long_date(sheet.date)}{draft}",
        panel_name=sheet.panel_name,
        date=sheet.date,
        start_time=sheet.start_time,
        venue=sheet.venue,
        state_label=doc.state_label,
        signed_off=signed,
        sections=_with_attendance(
            _parts(doc, sheet, children, wanted, not_heard_notes(ctx, meeting_id)), attendance
        ),
        case_reference=case_reference if wanted is not None else None,
        version=doc.version,
    )


STAFF_WORDS = {Role.ADVISER.value: "Panel adviser", Role.ADMINISTRATOR.value: "Minute-taker"}
NOT_THERE = (AttendanceStatus.APOLOGIES.value, AttendanceStatus.ABSENT.value)


def _panel_leads(ctx: ServiceContext, meeting_id: int) -> list[tuple[str, str]]:
    """(words, name) of the panel's lead adviser and lead administrator (the minute-taker)."""
    with ctx.read() as session:
        panel = session.execute(
            select(Panel.lead_adviser_id, Panel.lead_administrator_id)
            .join(Meeting, Meeting.panel_id == Panel.id)
            .where(Meeting.id == meeting_id)
        ).first()
        if panel is None:
            return []
        names = {
            m.id: " ".join(p for p in (m.title, m.first_name, m.last_name) if p)
            for m in session.scalars(select(Member).where(Member.id.in_([i for i in panel if i])))
        }
    return [(words, names[i]) for words, i in zip(STAFF_WORDS.values(), panel, strict=True) if i in names]


def in_attendance(
    sheet: DaySheet, workers: dict[int, list[str]], wanted: int | None, leads: list[tuple[str, str]]
) -> MinutesPart:
    """Who was there without being a member: the adviser and the minute-taker from the
    attendance (else the panel's leads), then each case's social workers, presenters and
    the applicants."""
    lines: list[str] = []
    staff = [a for a in sheet.attendance if not a.is_member and a.status not in NOT_THERE]
    for row in sorted(staff, key=lambda a: name_key(a.name)):
        words = [STAFF_WORDS.get(r, Role(r).label) for r in row.roles if r in STAFF_WORDS or r == "observer"]
        lines.append(f"{' and '.join(words) or row.roles_label or 'In attendance'}: {row.name}")
    if not staff:  # attendance not marked for staff: the panel's own adviser and minute-taker
        lines += [f"{words}: {name}" for words, name in leads]
    for case in sheet.cases:
        if wanted is not None and case.hearing_id != wanted:
            continue
        people = list(workers.get(case.hearing_id, []))
        if case.presenters and case.presenters not in " ".join(people):
            people.append(f"presenting: {case.presenters}")
        if case.applicants_attend:
            people.append(f"the applicants ({case.household})" if case.household else "the applicants")
        if people:
            lines.append(f"For {case.reference}: {'; '.join(people)}.")
    return MinutesPart(IN_ATTENDANCE_TITLE, tuple(lines) or ("Nobody other than the members.",))


def _with_attendance(parts: tuple[MinutesPart, ...], attendance: MinutesPart) -> tuple[MinutesPart, ...]:
    """The "In attendance" part after the opening part (attendance, apologies, quorum)."""
    at = 1 if parts and not parts[0].reference else 0
    return (*parts[:at], attendance, *parts[at:])


def _wanted_hearing(sheet: DaySheet, case_reference: str | None) -> int | None:
    """The hearing of the case whose extract is asked for (None: the whole minutes)."""
    if case_reference is None:
        return None
    wanted = next((c.hearing_id for c in sheet.cases if c.reference.lower() == case_reference.lower()), None)
    if wanted is None:
        heard = ", ".join(c.reference for c in sheet.cases) or "none"
        raise NotFound(f"Case {case_reference} was not heard at this sitting. Cases at it: {heard}.")
    return wanted


def _parts(
    doc: MinutesDoc,
    sheet: DaySheet,
    children: list[tuple[str, str]],
    wanted: int | None,
    not_heard: dict[int, str],
) -> tuple[MinutesPart, ...]:
    references = {c.hearing_id: c.reference for c in sheet.cases}
    cases_by_hearing = {c.hearing_id: c for c in sheet.cases}

    def body_of(hearing_id: int | None, body: str) -> str:
        # The recommendation, vote and reasons always go out with the case, from the records,
        # even where the section's text was written before (or without) the pre-filled facts.
        case = cases_by_hearing.get(hearing_id) if hearing_id else None
        if case is not None and OUTCOME_START not in body:
            lines = case_outcome_lines(case, not_heard.get(case.hearing_id))
            body = body.rstrip() + "\n\n" + "\n".join(lines)
        return body

    return tuple(
        MinutesPart(
            scrub_children(s.title, children),
            tuple(scrub_children(body_of(s.hearing_id, s.body), children).rstrip().splitlines()),
            references.get(s.hearing_id, "") if s.hearing_id else "",
        )
        for s in doc.sections
        if wanted is None or s.hearing_id in (None, wanted)
    )
