"""Quorum of a sitting and of each case heard at it, from the roster and declarations.

The rule itself lives in panelapp.domain.quorum; this module only gathers who sits.
Before the day, everyone invited and not sending apologies is expected to sit; on the
day, those marked present or late. A member who declares a conflict and leaves for a
case does not count for that case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from db.models import Attendance, Case, CaseDeclaration, Hearing, Meeting, Member, MemberRole, Panel
from panelapp.domain.quorum import QuorumResult, Sitter, check_quorum, pqe_years
from panelapp.services.context import ServiceContext
from panelapp.services.errors import NotFound
from panelapp.services.setup import agency_policy

SITTING_STATUSES = frozenset({"invited", "present", "late"})


@dataclass(frozen=True)
class CaseQuorum:
    hearing_id: int
    reference: str
    absent_for_case: tuple[str, ...]  # left the room over a declared conflict
    result: QuorumResult


@dataclass(frozen=True)
class MeetingQuorum:
    meeting_id: int
    overall: QuorumResult
    cases: tuple[CaseQuorum, ...]

    @property
    def quorate_for_every_case(self) -> bool:
        return self.overall.quorate and all(c.result.quorate for c in self.cases)


def sitters_for_meeting(ctx: ServiceContext, meeting_id: int) -> dict[int, Sitter]:
    """Member id -> Sitter for everyone expected to sit (roles as held on the sitting's date)."""
    with ctx.read() as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise NotFound("That sitting no longer exists.")
        on = meeting.date
        rows = session.execute(
            select(Member.id, Member.first_name, Member.last_name, Member.qualified_on, MemberRole.role)
            .join(Attendance, Attendance.member_id == Member.id)
            .join(MemberRole, MemberRole.member_id == Member.id)
            .where(Attendance.meeting_id == meeting_id)
            .where(Attendance.status.in_(SITTING_STATUSES))
            .where((MemberRole.from_date.is_(None)) | (MemberRole.from_date <= on))
            .where((MemberRole.to_date.is_(None)) | (MemberRole.to_date >= on))
        ).all()
    roles: dict[int, set[str]] = {}
    names: dict[int, tuple[str, date | None]] = {}
    for member_id, first, last, qualified_on, role in rows:
        roles.setdefault(member_id, set()).add(role)
        names[member_id] = (f"{first} {last}", qualified_on)
    return {
        member_id: Sitter(names[member_id][0], roles[member_id], pqe_years(names[member_id][1], on))
        for member_id in roles
    }


def meeting_quorum(ctx: ServiceContext, meeting_id: int) -> MeetingQuorum:
    """Quorum for the sitting as a whole and for each case booked on it."""
    sitters = sitters_for_meeting(ctx, meeting_id)
    policy = agency_policy(ctx)
    with ctx.read() as session:
        joint = bool(
            session.scalar(
                select(Panel.joint)
                .join(Meeting, Meeting.panel_id == Panel.id)
                .where(Meeting.id == meeting_id)
            )
        )
        hearings = session.execute(
            select(Hearing.id, Case.reference)
            .join(Case, Case.id == Hearing.case_id)
            .where(Hearing.meeting_id == meeting_id)
            .where(Hearing.status != "withdrawn")
            .order_by(Hearing.id)
        ).all()
        leaving = session.execute(
            select(CaseDeclaration.hearing_id, CaseDeclaration.member_id)
            .join(Hearing, Hearing.id == CaseDeclaration.hearing_id)
            .where(Hearing.meeting_id == meeting_id)
            .where(CaseDeclaration.leaves_for_case.is_(True))
        ).all()
    rule = policy.quorum(joint=joint)
    out_by_hearing: dict[int, set[int]] = {}
    for hearing_id, member_id in leaving:
        out_by_hearing.setdefault(hearing_id, set()).add(member_id)
    cases = []
    for hearing_id, reference in hearings:
        out = out_by_hearing.get(hearing_id, set())
        present = [s for mid, s in sitters.items() if mid not in out]
        cases.append(
            CaseQuorum(
                hearing_id,
                reference,
                tuple(sorted(sitters[m].name for m in out if m in sitters)),
                check_quorum(present, rule),
            )
        )
    return MeetingQuorum(meeting_id, check_quorum(sitters.values(), rule), tuple(cases))
