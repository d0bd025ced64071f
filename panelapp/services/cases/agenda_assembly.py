"""Everything an agenda document shows, gathered in a few queries, and its export to Word or PDF.

Children appear by initials only: the document handed to the renderers never holds a full name.

A cancelled sitting has no agenda (refused with its reason); a moved one carries its new date
and says it moved. Cases taken off to be re-booked (a moved sitting's) are left off, with the
times worked out again; a case recorded as not heard because the panel was not quorate stays
in its place marked "Not heard: the panel was not quorate", because the adviser re-issuing an
agenda after the day wants it to match the minutes item for item and to show the case came.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Agency, Hearing, Meeting, Member, Panel, SocialWorker
from panelapp.documents.agenda import AgendaDocument, AgendaItem, PersonLine, standing_items
from panelapp.domain.agenda import circulation_deadline, time_slots
from panelapp.domain.membership import surname_key
from panelapp.domain.periods import long_date, uk_date
from panelapp.domain.vocab import NON_MEMBER_ROLES, MeetingStatus, Role
from panelapp.services.agency.setup import agency_policy, working_day_calendar
from panelapp.services.cases import withheld_names
from panelapp.services.cases.agenda import AgendaSlot, get_agenda
from panelapp.services.cases.register import SOCIAL_WORKER_LABELS
from panelapp.services.context import ServiceContext
from panelapp.services.errors import NotFound, ValidationError
from panelapp.services.files import check_output
from panelapp.services.sittings.quorum import sitting_roles_query

# Order in which roles are listed: chair first, staff last.
ROLE_ORDER = [r.value for r in Role]
FORMATS = ("docx", "pdf")
LEFT_OFF = ("rebook", "withdrawn")  # hearings no longer coming to this sitting
NOT_HEARD = "inquorate"


def export_agenda(ctx: ServiceContext, meeting_id: int, fmt: str, out: Path, override: bool = False) -> Path:
    """Write the sitting's agenda as `docx` or `pdf` to `out` (written whole, or not at all),
    names never to circulate replaced by initials and checked (see withheld_names)."""
    if fmt not in FORMATS:
        raise ValidationError(f'"{fmt}" is not a format for agendas: use docx or pdf.')
    check_output(out)
    check = withheld_names.for_meeting(ctx, meeting_id)
    document = check.scrub(agenda_document(ctx, meeting_id))
    if fmt == "pdf":
        from panelapp.exports.pdf.agenda import write_agenda_pdf as write
    else:
        from panelapp.exports.docx.agenda import write_agenda_docx as write
    return withheld_names.circulate(
        ctx, Path(out), lambda path: write(document, path), check, "The agenda", override
    )


def agenda_document(ctx: ServiceContext, meeting_id: int, today: date | None = None) -> AgendaDocument:
    agenda = get_agenda(ctx, meeting_id, today)
    policy = agency_policy(ctx)
    calendar = working_day_calendar(ctx)
    with ctx.read() as session:
        agency = session.get(Agency, ctx.agency_id)
        if agency is None:
            raise NotFound("No agency has been set up yet.")
        meeting = session.get(Meeting, meeting_id)
        assert meeting is not None  # get_agenda found it
        _refuse_cancelled(meeting)
        notice = _moved_notice(meeting)
        next_sitting = _next_sitting(session, meeting)
        statuses = _hearing_statuses(session, meeting_id)
        before, after = standing_items(agency.agenda_standing_items)
        people = session.execute(sitting_roles_query([meeting_id])).all()
        panel = session.get(Panel, meeting.panel_id)
        assert panel is not None
        leads = session.execute(
            select(Member.id, Member.title, Member.first_name, Member.last_name).where(
                Member.id.in_([i for i in (panel.lead_adviser_id, panel.lead_administrator_id) if i])
            )
        ).all()
        case_ids = [s.case_id for s in agenda.slots if s.case_id is not None]
        workers = session.execute(
            select(SocialWorker.name, SocialWorker.role, SocialWorker.team)
            .where(SocialWorker.case_id.in_(case_ids))
            .order_by(SocialWorker.case_id, SocialWorker.id)
        ).all()
        agency_name, marking = agency.name, agency.marking
        lead_adviser_id = panel.lead_adviser_id
    sitting, staff = _sitting_and_staff(people)
    circulation = [*sitting, *staff]
    listed = {line.name for line in circulation}
    for member_id, title, first, last in leads:
        name = " ".join(p for p in (title, first, last) if p)
        if name not in listed:
            lead_role = "Panel adviser" if member_id == lead_adviser_id else "Panel administrator"
            circulation.append(PersonLine(name, lead_role))
            listed.add(name)
    for name, role, team in workers:
        if name not in listed:
            label = SOCIAL_WORKER_LABELS.get(role, role)
            circulation.append(PersonLine(name, f"{label}, {team}" if team else label))
            listed.add(name)
    kept = [s for s in agenda.slots if statuses.get(s.hearing_id or 0) not in LEFT_OFF]
    timing = time_slots(agenda.start, [s.minutes for s in kept], agenda.sitting_end)
    left_off = tuple(s.reference for s in agenda.slots if s not in kept)
    return AgendaDocument(
        agency_name=agency_name,
        marking=marking,
        panel=agenda.panel,
        date=agenda.date,
        start=agenda.start,
        sitting_end=agenda.sitting_end,
        venue=agenda.venue,
        teams_link=agenda.teams_link,
        circulate_by=circulation_deadline(agenda.date, policy.papers_circulation_wd, calendar),
        items=tuple(
            _item(s, t.start, t.end, statuses.get(s.hearing_id or 0) == NOT_HEARD)
            for s, t in zip(kept, timing.slots, strict=True)
        ),
        sitting=tuple(sitting),
        in_attendance=tuple(staff),
        circulation=tuple(circulation),
        standing_before=before,
        standing_after=after,
        next_sitting=next_sitting,
        notice=notice,
        left_off=left_off,
    )


def _refuse_cancelled(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CANCELLED:
        why = meeting.status_reason.removeprefix("Cancelled:").strip() or "no reason was given"
        raise ValidationError(
            f"The sitting of {uk_date(meeting.date)} is cancelled ({why}), so it has no agenda. "
            "Reinstate the sitting in the Calendar first, or book its cases onto another sitting."
        )


def _moved_notice(meeting: Meeting) -> str:
    """A moved sitting says so, with its new date, above everything else."""
    reason = meeting.status_reason
    by_rule = meeting.rule_date is not None and meeting.rule_date != meeting.date
    if not (reason.startswith("Moved") or by_rule):
        return ""
    when = f"{long_date(meeting.date)} at {meeting.start_time:%H:%M}"
    return f"This sitting has moved: it is now on {when}." + (f" ({reason})" if reason else "")


def _next_sitting(session: Session, meeting: Meeting) -> date | None:
    return session.scalar(
        select(Meeting.date)
        .where(Meeting.panel_id == meeting.panel_id, Meeting.date > meeting.date)
        .where(Meeting.status != MeetingStatus.CANCELLED.value)
        .order_by(Meeting.date)
        .limit(1)
    )


def _hearing_statuses(session: Session, meeting_id: int) -> dict[int, str]:
    rows = session.execute(select(Hearing.id, Hearing.status).where(Hearing.meeting_id == meeting_id))
    return {hearing_id: status for hearing_id, status in rows}


def _item(slot: AgendaSlot, start: time, end: time, not_heard: bool) -> AgendaItem:
    return AgendaItem(
        start=start,
        end=end,
        not_heard=not_heard,
        is_case=slot.is_case,
        title=slot.title,
        kind=slot.kind,
        kind_label=slot.kind_label,
        reference=slot.reference,
        household=slot.household,
        case_type_label=slot.case_type_label,
        child_initials=slot.child_initials,
        attending=slot.attending,
        chair_name=slot.chair_name,
    )


def _sitting_and_staff(people: Sequence[Sequence[Any]]) -> tuple[list[PersonLine], list[PersonLine]]:
    """Members expected to sit, then the staff in attendance, each in role order then in
    surname order by the letters' base forms ("Łukasiewicz" under L)."""
    roles: dict[int, list[str]] = {}
    names: dict[int, str] = {}
    keys: dict[int, tuple[str, str]] = {}
    for _meeting, member_id, title, first, last, _qualified, role in people:
        roles.setdefault(member_id, []).append(role)
        names[member_id] = " ".join(p for p in (title, first, last) if p)
        keys[member_id] = surname_key(first or "", last or "")
    sitting: list[tuple[int, tuple[str, str], PersonLine]] = []
    staff: list[tuple[int, tuple[str, str], PersonLine]] = []
    for member_id, held in roles.items():
        held.sort(key=lambda r: ROLE_ORDER.index(r) if r in ROLE_ORDER else len(ROLE_ORDER))
        line = PersonLine(names[member_id], ", ".join(_role_label(r) for r in held))
        is_member = any(r not in NON_MEMBER_ROLES for r in held if r in ROLE_ORDER)
        rank = ROLE_ORDER.index(held[0]) if held[0] in ROLE_ORDER else 99
        (sitting if is_member else staff).append((rank, keys[member_id], line))
    return _in_order(sitting), _in_order(staff)


def _in_order(lines: list[tuple[int, tuple[str, str], PersonLine]]) -> list[PersonLine]:
    return [line for *_key, line in sorted(lines, key=lambda x: (x[0], x[1]))]


def _role_label(code: str) -> str:
    try:
        return Role(code).label
    except ValueError:
        return code.replace("_", " ").capitalize()
