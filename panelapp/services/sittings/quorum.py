"""Quorum of a sitting and of each case heard at it, from the roster and declarations.

The rule itself lives in panelapp.domain.quorum; this module only gathers who sits.
Before the day, everyone invited and not sending apologies is expected to sit; on the
day, those marked present or late. A member who declares a conflict and leaves for a
case does not count for that case.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, select

from db.models import Attendance, Case, CaseDeclaration, Hearing, Meeting, Member, MemberRole, Panel
from panelapp.domain.quorum import QuorumResult, Sitter, check_quorum, pqe_years
from panelapp.services.agency.setup import agency_policy
from panelapp.services.context import ServiceContext
from panelapp.services.errors import NotFound

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


def sitting_roles_query(
    meeting_ids: Sequence[int],
) -> Select[int, int, str, str, str, date | None, str]:
    """Everyone expected to sit at these sittings, with each role they hold on the sitting's
    own date: (meeting id, member id, title, first name, last name, qualified on, role)."""
    return (
        select(
            Attendance.meeting_id,
            Member.id,
            Member.title,
            Member.first_name,
            Member.last_name,
            Member.qualified_on,
            MemberRole.role,
        )
        .join(Member, Member.id == Attendance.member_id)
        .join(MemberRole, MemberRole.member_id == Member.id)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(Attendance.meeting_id.in_(list(meeting_ids)))
        .where(Attendance.status.in_(SITTING_STATUSES))
        .where((MemberRole.from_date.is_(None)) | (MemberRole.from_date <= Meeting.date))
        .where((MemberRole.to_date.is_(None)) | (MemberRole.to_date >= Meeting.date))
    )


def meeting_quorum(ctx: ServiceContext, meeting_id: int) -> MeetingQuorum:
    """Quorum for the sitting as a whole and for each case booked on it."""
    found = quorum_for_meetings(ctx, [meeting_id])
    if meeting_id not in found:
        raise NotFound("That sitting no longer exists.")
    return found[meeting_id]


_CHUNK = 400  # ids per IN (...) list, well under every database's limit


def quorum_for_meetings(ctx: ServiceContext, meeting_ids: Sequence[int]) -> dict[int, MeetingQuorum]:
    """Quorum of many sittings at once (the calendar's badges) in a handful of queries.

    Roles count as held on each sitting's own date. Missing ids are left out.
    """
    ids = sorted(set(meeting_ids))
    if not ids:
        return {}
    policy = agency_policy(ctx)
    meetings: dict[int, tuple[date, bool]] = {}
    sitter_rows: list[Any] = []
    hearing_rows: list[Any] = []
    leaving_rows: list[Any] = []
    with ctx.read() as session:
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            for mid, on, joint in session.execute(
                select(Meeting.id, Meeting.date, Panel.joint)
                .join(Panel, Panel.id == Meeting.panel_id)
                .where(Meeting.id.in_(chunk))
            ):
                meetings[mid] = (on, bool(joint))
            sitter_rows += session.execute(sitting_roles_query(chunk)).all()
            hearing_rows += session.execute(
                select(Hearing.meeting_id, Hearing.id, Case.reference)
                .join(Case, Case.id == Hearing.case_id)
                .where(Hearing.meeting_id.in_(chunk))
                .where(Hearing.status.not_in(("withdrawn", "rebook")))
                .order_by(Hearing.id)
            ).all()
            leaving_rows += session.execute(
                select(CaseDeclaration.hearing_id, CaseDeclaration.member_id)
                .join(Hearing, Hearing.id == CaseDeclaration.hearing_id)
                .where(Hearing.meeting_id.in_(chunk))
                .where(CaseDeclaration.leaves_for_case.is_(True))
            ).all()
    roles: dict[int, dict[int, set[str]]] = {}
    names: dict[int, tuple[str, date | None]] = {}
    for mid, member_id, _title, first, last, qualified_on, role in sitter_rows:
        roles.setdefault(mid, {}).setdefault(member_id, set()).add(role)
        names[member_id] = (f"{first} {last}", qualified_on)
    out_by_hearing: dict[int, set[int]] = {}
    for hearing_id, member_id in leaving_rows:
        out_by_hearing.setdefault(hearing_id, set()).add(member_id)
    hearings_by_meeting: dict[int, list[tuple[int, str]]] = {}
    for mid, hearing_id, reference in hearing_rows:
        hearings_by_meeting.setdefault(mid, []).append((hearing_id, reference))
    result: dict[int, MeetingQuorum] = {}
    for mid, (on, joint) in meetings.items():
        sitters = {
            member_id: Sitter(names[member_id][0], held, pqe_years(names[member_id][1], on))
            for member_id, held in roles.get(mid, {}).items()
        }
        rule = policy.quorum(joint=joint)
        cases = []
        for hearing_id, reference in hearings_by_meeting.get(mid, []):
            out = out_by_hearing.get(hearing_id, set())
            present = [s for member_id, s in sitters.items() if member_id not in out]
            cases.append(
                CaseQuorum(
                    hearing_id,
                    reference,
                    tuple(sorted(sitters[m].name for m in out if m in sitters)),
                    check_quorum(present, rule),
                )
            )
        result[mid] = MeetingQuorum(mid, check_quorum(sitters.values(), rule), tuple(cases))
    return result
