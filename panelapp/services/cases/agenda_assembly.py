"""Everything an agenda document shows, gathered in a few queries for the Word and PDF writers.

Children appear by initials only: the data handed to the writers never holds a full name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from db.models import Agency, Meeting, Member, Panel, SocialWorker
from panelapp.domain.agenda import circulation_deadline
from panelapp.domain.vocab import NON_MEMBER_ROLES, Role
from panelapp.services.agency.setup import agency_policy, working_day_calendar
from panelapp.services.cases.agenda import Agenda, get_agenda
from panelapp.services.cases.register import SOCIAL_WORKER_LABELS
from panelapp.services.context import ServiceContext
from panelapp.services.errors import NotFound
from panelapp.services.sittings.quorum import sitting_roles_query

# Order in which roles are listed: chair first, staff last.
ROLE_ORDER = [r.value for r in Role]


@dataclass(frozen=True)
class PersonLine:
    name: str
    role: str


@dataclass(frozen=True)
class AgendaDocument:
    agency_name: str
    marking: str
    agenda: Agenda
    circulate_by: date
    sitting: tuple[PersonLine, ...]  # members expected to sit: applicants check for conflicts
    in_attendance: tuple[PersonLine, ...]  # advisers, administrators, observers (not members)
    circulation: tuple[PersonLine, ...]  # who receives the agenda and papers

    @property
    def title(self) -> str:
        return f"{self.agenda.panel} agenda, {self.agenda.date:%d/%m/%Y}"


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
    sitting_lines = [line for _, line in sorted(sitting, key=lambda x: (x[0], x[1].name))]
    staff_lines = [line for _, line in sorted(staff, key=lambda x: (x[0], x[1].name))]
    circulation = list(sitting_lines) + staff_lines
    listed = {line.name for line in circulation}
    for member_id, title, first, last in leads:
        name = " ".join(p for p in (title, first, last) if p)
        if name not in listed:
            lead_role = "Panel adviser" if member_id == panel.lead_adviser_id else "Panel administrator"
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
        agenda=agenda,
        circulate_by=circulation_deadline(agenda.date, policy.papers_circulation_wd, calendar),
        sitting=tuple(sitting_lines),
        in_attendance=tuple(staff_lines),
        circulation=tuple(circulation),
    )


def _role_label(code: str) -> str:
    try:
        return Role(code).label
    except ValueError:
        return code.replace("_", " ").capitalize()
