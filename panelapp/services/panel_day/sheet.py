"""A sitting's day sheet: who is there, the cases in agenda order, declarations and quorum per case.

Loading the sheet runs a fixed handful of queries whatever the number of cases (no query per
row). Quorum per case comes from `services.quorum.meeting_quorum`, the one rule everyone uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from db.models import (
    AgendaItem,
    Attendance,
    Case,
    CaseChild,
    CaseDeclaration,
    Hearing,
    Meeting,
    Member,
    MemberRole,
    Panel,
)
from panelapp.domain import case_types
from panelapp.domain.membership import surname_key
from panelapp.domain.periods import uk_date
from panelapp.domain.permissions import Permission
from panelapp.domain.policy import AgencyPolicy
from panelapp.domain.quorum import QuorumResult
from panelapp.domain.vocab import AttendanceStatus, Role
from panelapp.services.agency.setup import agency_policy
from panelapp.services.context import ServiceContext
from panelapp.services.errors import NotFound, ValidationError
from panelapp.services.members.fitness import fitness_for
from panelapp.services.panel_day.gradings import PaperGrading, paper_gradings_for_meeting
from panelapp.services.panel_day.recommendations import RecommendationView, recommendations_for_meeting
from panelapp.services.sittings.quorum import CaseQuorum, meeting_quorum

ROLE_CODES = frozenset(r.value for r in Role)


@dataclass(frozen=True)
class SittingChoice:
    meeting_id: int
    panel_name: str
    date: date
    start_time: time
    status: str
    cases: int

    @property
    def label(self) -> str:
        return (
            f"{self.date:%a} {uk_date(self.date)} {self.start_time:%H:%M} — {self.panel_name} "
            f"({self.status}, {self.cases} case{'s' if self.cases != 1 else ''})"
        )


@dataclass(frozen=True)
class AttendanceRow:
    member_id: int
    name: str
    roles: tuple[str, ...]  # role codes held on the sitting's date
    status: str
    is_cover: bool
    joined_at: time | None
    left_at: time | None
    note: str
    fitness: str = ""  # why they are not fit to sit that day, in words; "" when fit

    @property
    def roles_label(self) -> str:
        return ", ".join(Role(r).label for r in self.roles if r in ROLE_CODES)

    @property
    def status_label(self) -> str:
        return AttendanceStatus(self.status).label

    @property
    def is_member(self) -> bool:
        return any(Role(r).counts_for_quorum for r in self.roles if r in ROLE_CODES)


@dataclass(frozen=True)
class DeclarationRow:
    id: int
    member_id: int
    name: str
    description: str
    leaves_for_case: bool


@dataclass(frozen=True)
class CaseSheet:
    hearing_id: int
    hearing_version: int
    position: int
    reference: str
    case_type: str
    household: str
    children_initials: tuple[str, ...]
    stage2_start: date | None
    sequence: int
    presenters: str
    applicants_attend: bool
    declarations: tuple[DeclarationRow, ...]
    quorum: QuorumResult
    absent_for_case: tuple[str, ...]
    recommendation: RecommendationView | None
    papers: tuple[PaperGrading, ...]
    not_yet_joined: tuple[str, ...] = ()  # not counted: joined after the case started
    already_left: tuple[str, ...] = ()  # not counted: left before the case ended

    @property
    def case_type_label(self) -> str:
        return case_types.label(self.case_type)

    @property
    def title(self) -> str:
        who = ", ".join(self.children_initials) or self.household
        heard = f" (hearing {self.sequence})" if self.sequence > 1 else ""
        return f"{self.reference}: {self.case_type_label}{' — ' + who if who else ''}{heard}"


@dataclass(frozen=True)
class DaySheet:
    meeting_id: int
    meeting_version: int
    panel_name: str
    date: date
    start_time: time
    status: str
    venue: str
    attendance: tuple[AttendanceRow, ...]
    cases: tuple[CaseSheet, ...]
    overall: QuorumResult

    def case(self, hearing_id: int) -> CaseSheet:
        return next(c for c in self.cases if c.hearing_id == hearing_id)


def list_sittings(ctx: ServiceContext) -> list[SittingChoice]:
    """Every sitting that is not cancelled, newest last, with its number of cases (one query)."""
    # Counted per sitting of the agency (indexed), not grouped over every agency's hearings.
    cases = (
        select(func.count(Hearing.id))
        .where(Hearing.meeting_id == Meeting.id)
        .where(Hearing.status != "withdrawn")
        .correlate(Meeting)
        .scalar_subquery()
    )
    query = (
        select(Meeting.id, Panel.name, Meeting.date, Meeting.start_time, Meeting.status, cases)
        .join(Panel, Panel.id == Meeting.panel_id)
        .where(Panel.agency_id == ctx.agency_id)
        .where(Meeting.status != "cancelled")
        .order_by(Meeting.date, Meeting.start_time, Panel.name)
    )
    with ctx.read() as session:
        return [SittingChoice(mid, name, d, t, s, n or 0) for mid, name, d, t, s, n in session.execute(query)]


def default_sitting(sittings: list[SittingChoice], today: date) -> SittingChoice | None:
    """Today's sitting, else the next one coming, else the last one held."""
    todays = [s for s in sittings if s.date == today]
    if todays:
        return todays[0]
    coming = [s for s in sittings if s.date > today and s.status == "scheduled"]
    if coming:
        return coming[0]
    return sittings[-1] if sittings else None


def day_sheet(ctx: ServiceContext, meeting_id: int) -> DaySheet:
    quorum = meeting_quorum(ctx, meeting_id)
    policy = agency_policy(ctx)
    cap = policy.par_grade_cap_after_months
    with ctx.read() as session:
        found = session.execute(
            select(Meeting, Panel.name)
            .join(Panel, Panel.id == Meeting.panel_id)
            .where(Meeting.id == meeting_id)
        ).first()
        if found is None:
            raise NotFound("That sitting no longer exists.")
        meeting, panel_name = found
        attendance = _attendance(session, meeting_id, meeting.date, policy)
        hearing_rows = session.execute(
            select(Hearing, Case, func.coalesce(AgendaItem.position, 10_000 + Hearing.id))
            .join(Case, Case.id == Hearing.case_id)
            # This sitting's agenda only: agenda_item.meeting_id is indexed, hearing_id is not
            # (without it SQLite read every agenda item of every agency, ~80 ms nationally).
            .outerjoin(
                AgendaItem, and_(AgendaItem.hearing_id == Hearing.id, AgendaItem.meeting_id == meeting_id)
            )
            .where(Hearing.meeting_id == meeting_id)
            .where(Hearing.status != "withdrawn")
            .order_by(func.coalesce(AgendaItem.position, 10_000 + Hearing.id))
        ).all()
        initials = _initials(session, [c.id for _h, c, _p in hearing_rows])
        declarations = _declarations(session, meeting_id, {a.member_id: a.name for a in attendance})
        recommendations = recommendations_for_meeting(session, meeting_id)
        papers = paper_gradings_for_meeting(session, meeting_id, cap)
        per_case: dict[int, CaseQuorum] = {c.hearing_id: c for c in quorum.cases}
        cases = []
        for position, (hearing, case, _p) in enumerate(hearing_rows, start=1):
            case_quorum = per_case.get(hearing.id)
            cases.append(
                CaseSheet(
                    hearing_id=hearing.id,
                    hearing_version=hearing.version,
                    position=position,
                    reference=case.reference,
                    case_type=case.case_type,
                    household=case.household,
                    children_initials=tuple(initials.get(case.id, ())),
                    stage2_start=case.stage2_start,
                    sequence=hearing.sequence,
                    presenters=hearing.presenters,
                    applicants_attend=hearing.applicants_attend,
                    declarations=tuple(declarations.get(hearing.id, ())),
                    quorum=case_quorum.result if case_quorum else quorum.overall,
                    absent_for_case=case_quorum.absent_for_case if case_quorum else (),
                    recommendation=recommendations.get(hearing.id),
                    papers=papers.get(hearing.id, ()),
                    not_yet_joined=case_quorum.not_yet_joined if case_quorum else (),
                    already_left=case_quorum.already_left if case_quorum else (),
                )
            )
        return DaySheet(
            meeting_id=meeting.id,
            meeting_version=meeting.version,
            panel_name=panel_name,
            date=meeting.date,
            start_time=meeting.start_time,
            status=meeting.status,
            venue=meeting.venue,
            attendance=tuple(attendance),
            cases=tuple(cases),
            overall=quorum.overall,
        )


def _initials(session: Session, case_ids: list[int]) -> dict[int, list[str]]:
    initials: dict[int, list[str]] = {}
    for case_id, child in session.execute(
        select(CaseChild.case_id, CaseChild.initials)
        .where(CaseChild.case_id.in_(case_ids))
        .order_by(CaseChild.id)
    ):
        initials.setdefault(case_id, []).append(child)
    return initials


def _declarations(
    session: Session, meeting_id: int, names: dict[int, str]
) -> dict[int, list[DeclarationRow]]:
    declarations: dict[int, list[DeclarationRow]] = {}
    for d in session.scalars(
        select(CaseDeclaration)
        .join(Hearing, Hearing.id == CaseDeclaration.hearing_id)
        .where(Hearing.meeting_id == meeting_id)
        .order_by(CaseDeclaration.id)
    ):
        declarations.setdefault(d.hearing_id, []).append(
            DeclarationRow(
                d.id, d.member_id, names.get(d.member_id, "A member"), d.description, d.leaves_for_case
            )
        )
    return declarations


def _attendance(session: Session, meeting_id: int, on: date, policy: AgencyPolicy) -> list[AttendanceRow]:
    role_valid = ((MemberRole.from_date.is_(None)) | (MemberRole.from_date <= on)) & (
        (MemberRole.to_date.is_(None)) | (MemberRole.to_date >= on)
    )
    rows = session.execute(
        select(Attendance, Member.first_name, Member.last_name, MemberRole.role)
        .join(Member, Member.id == Attendance.member_id)
        .outerjoin(MemberRole, (MemberRole.member_id == Member.id) & role_valid)
        .where(Attendance.meeting_id == meeting_id)
        .order_by(Member.last_name, Member.first_name, MemberRole.id)
    ).all()
    merged: dict[int, tuple[Attendance, str, list[str]]] = {}
    surnames: dict[int, tuple[str, str]] = {}  # "Łukasiewicz" under L, not after Z (domain.names)
    for attendance, first, last, role in rows:
        surnames[attendance.member_id] = surname_key(first, last)
        entry = merged.setdefault(attendance.member_id, (attendance, f"{first} {last}", []))
        if role and role not in entry[2]:
            entry[2].append(role)
    # Chairs first, then members, then staff who support the panel.
    ordered = sorted(merged.values(), key=lambda e: (_role_rank(e[2]), surnames[e[0].member_id]))
    fitness = fitness_for(session, merged, on, policy)
    return [
        AttendanceRow(
            a.member_id,
            name,
            tuple(roles),
            a.status,
            a.is_cover,
            a.joined_at,
            a.left_at,
            a.note,
            fitness[a.member_id].words if a.member_id in fitness else "",
        )
        for a, name, roles in ordered
    ]


_RANK = {Role.CHAIR: 0, Role.VICE_CHAIR: 1, Role.ADVISER: 8, Role.ADMINISTRATOR: 9, Role.OBSERVER: 9}


def _role_rank(roles: list[str]) -> int:
    known = [Role(r) for r in roles if r in ROLE_CODES]
    return min((_RANK.get(r, 5) for r in known), default=7)


@dataclass(frozen=True)
class MeetingQuorumSummary:
    overall: QuorumResult
    cases: dict[int, QuorumResult]


def quorum_summary(ctx: ServiceContext, meeting_id: int) -> MeetingQuorumSummary:
    found = meeting_quorum(ctx, meeting_id)
    return MeetingQuorumSummary(found.overall, {c.hearing_id: c.result for c in found.cases})


def declare_interest(
    ctx: ServiceContext, hearing_id: int, member_id: int, description: str, leaves_for_case: bool = True
) -> QuorumResult:
    """Record a member's declaration for one case (replacing theirs); returns that case's quorum."""
    if not description.strip():
        raise ValidationError(
            "Say what the member declared (for example 'knows the applicants through work').",
            {"description": "Required."},
        )
    with ctx.write(Permission.RECORD_OUTCOMES, "Declaration of interest") as session:
        meeting_id = session.scalar(select(Hearing.meeting_id).where(Hearing.id == hearing_id))
        if meeting_id is None:
            raise NotFound("That case is no longer booked at this sitting.")
        on_roster = session.scalar(
            select(Attendance.id)
            .where(Attendance.meeting_id == meeting_id)
            .where(Attendance.member_id == member_id)
        )
        if on_roster is None:
            raise ValidationError("Only someone on this sitting's roster can declare an interest here.")
        row = session.scalar(
            select(CaseDeclaration)
            .where(CaseDeclaration.hearing_id == hearing_id)
            .where(CaseDeclaration.member_id == member_id)
        )
        if row is None:
            row = CaseDeclaration(hearing_id=hearing_id, member_id=member_id)
            session.add(row)
        row.description = description.strip()
        row.leaves_for_case = leaves_for_case
    return _case_quorum(ctx, meeting_id, hearing_id)


def withdraw_declaration(ctx: ServiceContext, declaration_id: int) -> QuorumResult:
    with ctx.write(Permission.RECORD_OUTCOMES, "Declaration of interest removed") as session:
        row = session.get(CaseDeclaration, declaration_id)
        if row is None:
            raise NotFound("That declaration has already been removed.")
        hearing_id = row.hearing_id
        meeting_id = session.scalar(select(Hearing.meeting_id).where(Hearing.id == hearing_id))
        session.delete(row)
    assert meeting_id is not None
    return _case_quorum(ctx, meeting_id, hearing_id)


def _case_quorum(ctx: ServiceContext, meeting_id: int, hearing_id: int) -> QuorumResult:
    found = meeting_quorum(ctx, meeting_id)
    return next((c.result for c in found.cases if c.hearing_id == hearing_id), found.overall)
