"""Everything an agenda document shows, gathered in a few queries, and its export to Word or PDF.

Children appear by initials only: the document handed to the renderers never holds a full name.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from db.models import Agency, Meeting, Member, Panel, SocialWorker
from panelapp.documents.agenda import AgendaDocument, AgendaItem, PersonLine
from panelapp.domain.agenda import circulation_deadline
from panelapp.domain.vocab import NON_MEMBER_ROLES, Role
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
        items=tuple(_item(slot) for slot in agenda.slots),
        sitting=tuple(sitting),
        in_attendance=tuple(staff),
        circulation=tuple(circulation),
    )


def _item(slot: AgendaSlot) -> AgendaItem:
    return AgendaItem(
        start=slot.start,
        end=slot.end,
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
    """Members expected to sit, then the staff in attendance, each in role order then by name."""
    roles: dict[int, list[str]] = {}
    names: dict[int, str] = {}
    for _meeting, member_id, title, first, last, _qualified, role in people:
        roles.setdefault(member_id, []).append(role)
        names[member_id] = " ".join(p for p in (title, first, last) if p)
    sitting: list[tuple[int, PersonLine]] = []
    staff: list[tuple[int, PersonLine]] = []
    for member_id, held in roles.items():
        held.sort(key=lambda r: ROLE_ORDER.index(r) if r in ROLE_ORDER else len(ROLE_ORDER))
        line = PersonLine(names[member_id], ", ".join(_role_label(r) for r in held))
        is_member = any(r not in NON_MEMBER_ROLES for r in held if r in ROLE_ORDER)
        (sitting if is_member else staff).append(
            (ROLE_ORDER.index(held[0]) if held[0] in ROLE_ORDER else 99, line)
        )
    return _in_order(sitting), _in_order(staff)


def _in_order(lines: list[tuple[int, PersonLine]]) -> list[PersonLine]:
    return [line for _, line in sorted(lines, key=lambda x: (x[0], x[1].name))]


def _role_label(code: str) -> str:
    try:
        return Role(code).label
    except ValueError:
        return code.replace("_", " ").capitalize()
