"""Quorum of a sitting and of each case heard at it, from the roster, declarations and agenda.

The rule itself lives in panelapp.domain.quorum (AAR 2005 reg 6); this module only gathers
who sits. Before the day, everyone invited and not sending apologies is expected to sit; on
the day, those marked present or late. For each case it leaves out a member who declared a
conflict and left the room, one who joined after the case started and one who left before
it ended (the case's times come from the agenda; without an agenda nobody is left out for
timing). The chair or a vice chair counts only for the panel they were appointed to: the
panel's own chair and vice chair, or a member holding that role whose home panel it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any, TypeVarTuple

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from db.models import (
    AgendaItem,
    Attendance,
    Case,
    CaseDeclaration,
    Hearing,
    Meeting,
    Member,
    MemberRole,
    Panel,
)
from panelapp.domain.agenda import time_slots
from panelapp.domain.policy import AgencyPolicy
from panelapp.domain.quorum import (
    Presence,
    QuorumPolicy,
    QuorumResult,
    Sitter,
    check_quorum,
    in_room_for,
    pqe_years,
)
from panelapp.domain.vocab import Role
from panelapp.services.agency.setup import agency_policy
from panelapp.services.context import ServiceContext
from panelapp.services.errors import NotFound

SITTING_STATUSES = frozenset({"invited", "present", "late"})
_CHAIR_ROLES = frozenset({Role.CHAIR.value, Role.VICE_CHAIR.value})
Ts = TypeVarTuple("Ts")


@dataclass(frozen=True)
class CaseQuorum:
    hearing_id: int
    reference: str
    absent_for_case: tuple[str, ...]  # left the room over a declared conflict
    result: QuorumResult
    starts_at: time | None = None  # from the agenda; None when the agenda is not timed
    ends_at: time | None = None
    not_yet_joined: tuple[str, ...] = ()  # joined after the case started
    already_left: tuple[str, ...] = ()  # left before the case ended


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
    return _sitting_roles(
        meeting_ids,
        select(
            Attendance.meeting_id,
            Member.id,
            Member.title,
            Member.first_name,
            Member.last_name,
            Member.qualified_on,
            MemberRole.role,
        ),
    )


def _sitting_roles(meeting_ids: Sequence[int], query: Select[*Ts]) -> Select[*Ts]:
    return (
        query.join(Member, Member.id == Attendance.member_id)
        .join(MemberRole, MemberRole.member_id == Member.id)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(Attendance.meeting_id.in_(list(meeting_ids)))
        .where(Attendance.status.in_(SITTING_STATUSES))
        .where((MemberRole.from_date.is_(None)) | (MemberRole.from_date <= Meeting.date))
        .where((MemberRole.to_date.is_(None)) | (MemberRole.to_date >= Meeting.date))
    )


def _sitters_query(
    meeting_ids: Sequence[int],
) -> Select[int, int, str, str, str, date | None, date | None, str, int | None, time | None, time | None]:
    """As sitting_roles_query, with what quorum needs besides: the start of relevant
    experience, the home panel and when they joined or left."""
    return _sitting_roles(
        meeting_ids,
        select(
            Attendance.meeting_id,
            Member.id,
            Member.title,
            Member.first_name,
            Member.last_name,
            Member.relevant_experience_from,
            Member.qualified_on,
            MemberRole.role,
            Member.home_panel_id,
            Attendance.joined_at,
            Attendance.left_at,
        ),
    )


def meeting_quorum(ctx: ServiceContext, meeting_id: int) -> MeetingQuorum:
    """Quorum for the sitting as a whole and for each case booked on it."""
    found = quorum_for_meetings(ctx, [meeting_id])
    if meeting_id not in found:
        raise NotFound("That sitting no longer exists.")
    return found[meeting_id]


_CHUNK = 400  # ids per IN (...) list, well under every database's limit


@dataclass(frozen=True)
class _Sitting:
    on: date
    joint: bool
    panel_id: int
    appointed: frozenset[int]  # the panel's recorded chair and vice chair
    start: time


@dataclass
class _Loaded:
    meetings: dict[int, _Sitting] = field(default_factory=dict)
    sitters: list[Any] = field(default_factory=list)
    hearings: list[Any] = field(default_factory=list)
    leaving: list[Any] = field(default_factory=list)
    agenda: list[Any] = field(default_factory=list)


def _load(session: Session, chunk: list[int], into: _Loaded) -> None:
    for mid, on, joint, panel_id, chair_id, vice_id, start in session.execute(
        select(
            Meeting.id,
            Meeting.date,
            Panel.joint,
            Panel.id,
            Panel.chair_id,
            Panel.vice_chair_id,
            Meeting.start_time,
        )
        .join(Panel, Panel.id == Meeting.panel_id)
        .where(Meeting.id.in_(chunk))
    ):
        appointed = frozenset(m for m in (chair_id, vice_id) if m is not None)
        into.meetings[mid] = _Sitting(on, bool(joint), panel_id, appointed, start)
    into.sitters += session.execute(_sitters_query(chunk)).all()
    into.hearings += session.execute(
        select(Hearing.meeting_id, Hearing.id, Case.reference)
        .join(Case, Case.id == Hearing.case_id)
        .where(Hearing.meeting_id.in_(chunk))
        .where(Hearing.status.not_in(("withdrawn", "rebook")))
        .order_by(Hearing.id)
    ).all()
    into.leaving += session.execute(
        select(CaseDeclaration.hearing_id, CaseDeclaration.member_id)
        .join(Hearing, Hearing.id == CaseDeclaration.hearing_id)
        .where(Hearing.meeting_id.in_(chunk))
        .where(CaseDeclaration.leaves_for_case.is_(True))
    ).all()
    into.agenda += session.execute(
        select(AgendaItem.meeting_id, AgendaItem.hearing_id, AgendaItem.duration_minutes)
        .where(AgendaItem.meeting_id.in_(chunk))
        .order_by(AgendaItem.meeting_id, AgendaItem.position, AgendaItem.id)
    ).all()


def quorum_for_meetings(ctx: ServiceContext, meeting_ids: Sequence[int]) -> dict[int, MeetingQuorum]:
    """Quorum of many sittings at once (the calendar's badges) in a handful of queries.

    Roles count as held on each sitting's own date. Missing ids are left out.
    """
    ids = sorted(set(meeting_ids))
    if not ids:
        return {}
    policy = agency_policy(ctx)
    loaded = _Loaded()
    with ctx.read() as session:
        for start in range(0, len(ids), _CHUNK):
            _load(session, ids[start : start + _CHUNK], loaded)
    return _quorum(loaded, policy)


@dataclass(frozen=True)
class _Person:
    sitter: Sitter
    presence: Presence


def _people(loaded: _Loaded) -> dict[int, dict[int, _Person]]:
    """Per sitting, each member sitting: their roles on the day, relevant PQE, chair
    appointment to that sitting's panel and when they were in the room."""
    roles: dict[int, dict[int, set[str]]] = {}
    facts: dict[tuple[int, int], tuple[str, date | None, int | None, Presence]] = {}
    for mid, member_id, _t, first, last, relevant, qualified, role, home, joined, left in loaded.sitters:
        roles.setdefault(mid, {}).setdefault(member_id, set()).add(role)
        facts[mid, member_id] = (f"{first} {last}", relevant or qualified, home, Presence(joined, left))
    out: dict[int, dict[int, _Person]] = {}
    for mid, held_by in roles.items():
        sitting = loaded.meetings.get(mid)
        if sitting is None:
            continue
        for member_id, held in held_by.items():
            name, experience_from, home, presence = facts[mid, member_id]
            appointed = member_id in sitting.appointed or (
                home == sitting.panel_id and not held.isdisjoint(_CHAIR_ROLES)
            )
            sitter = Sitter(name, held, pqe_years(experience_from, sitting.on), appointed)
            out.setdefault(mid, {})[member_id] = _Person(sitter, presence)
    return out


def _case_times(loaded: _Loaded) -> dict[int, tuple[time, time]]:
    """Each timed hearing's expected start and end, from its sitting's start and the agenda."""
    by_meeting: dict[int, list[tuple[int | None, int]]] = {}
    for mid, hearing_id, minutes in loaded.agenda:
        by_meeting.setdefault(mid, []).append((hearing_id, minutes))
    times: dict[int, tuple[time, time]] = {}
    for mid, items in by_meeting.items():
        sitting = loaded.meetings.get(mid)
        if sitting is None:
            continue
        timing = time_slots(sitting.start, [max(0, m) for _h, m in items])
        for (hearing_id, _m), slot in zip(items, timing.slots, strict=True):
            if hearing_id is not None:
                times[hearing_id] = (slot.start, slot.end)
    return times


def _quorum(loaded: _Loaded, policy: AgencyPolicy) -> dict[int, MeetingQuorum]:
    people = _people(loaded)
    times = _case_times(loaded)
    out_by_hearing: dict[int, set[int]] = {}
    for hearing_id, member_id in loaded.leaving:
        out_by_hearing.setdefault(hearing_id, set()).add(member_id)
    hearings_by_meeting: dict[int, list[tuple[int, str]]] = {}
    for mid, hearing_id, reference in loaded.hearings:
        hearings_by_meeting.setdefault(mid, []).append((hearing_id, reference))
    result: dict[int, MeetingQuorum] = {}
    for mid, sitting in loaded.meetings.items():
        sitters = people.get(mid, {})
        rule = policy.quorum(joint=sitting.joint)
        cases = tuple(
            _case_quorum(
                hearing_id,
                reference,
                sitters,
                out_by_hearing.get(hearing_id, set()),
                times.get(hearing_id),
                rule,
            )
            for hearing_id, reference in hearings_by_meeting.get(mid, [])
        )
        overall = check_quorum((p.sitter for p in sitters.values()), rule)
        result[mid] = MeetingQuorum(mid, overall, cases)
    return result


def _case_quorum(
    hearing_id: int,
    reference: str,
    sitters: dict[int, _Person],
    declared_out: set[int],
    when: tuple[time, time] | None,
    rule: QuorumPolicy,
) -> CaseQuorum:
    starts, ends = when if when else (None, None)
    late = sorted(
        p.sitter.name
        for p in sitters.values()
        if starts is not None and p.presence.joined_at is not None and starts < p.presence.joined_at
    )
    gone = sorted(
        p.sitter.name
        for m, p in sitters.items()
        if m not in declared_out and p.sitter.name not in late and not in_room_for(p.presence, starts, ends)
    )
    present = [
        p.sitter
        for m, p in sitters.items()
        if m not in declared_out and in_room_for(p.presence, starts, ends)
    ]
    return CaseQuorum(
        hearing_id,
        reference,
        tuple(sorted(sitters[m].sitter.name for m in declared_out if m in sitters)),
        check_quorum(present, rule),
        starts,
        ends,
        tuple(late),
        tuple(gone),
    )
