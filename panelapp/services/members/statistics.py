"""Statistics of the central list for a period: attendance per member and membership changes.

Attendance counts sittings that were not cancelled. Diversity figures are anonymous:
a category of fewer than five people is shown as "fewer than 5".

No screen shows these yet. They stay (issue 15) because the member form asks for gender,
ethnicity and lived experience "only for anonymous membership statistics", and these are
those statistics; a Members statistics screen is left for a later issue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, or_, select

from db.models import Attendance, Meeting, Member, MemberRole
from panelapp.domain.membership import (
    IMPORT_ROLES,
    PANEL_ROLES,
    StatusPeriod,
    attendance_percent,
    current_status,
    membership_events,
    suppress_small,
)
from panelapp.domain.vocab import MeetingStatus, MemberStatus, Role
from panelapp.services.context import ServiceContext
from panelapp.services.members.listing import status_periods

SAT = ("present", "late")


@dataclass(frozen=True)
class MemberAttendance:
    member_id: int
    name: str
    independent: bool
    invited: int
    sat: int
    apologies: int

    @property
    def percent(self) -> float | None:
        return attendance_percent(self.sat, self.invited)


@dataclass(frozen=True)
class NamedChange:
    member_id: int
    name: str
    on: date
    what: str


@dataclass(frozen=True)
class CountLine:
    category: str
    count: int

    @property
    def shown(self) -> str:
        return suppress_small(self.count)


@dataclass(frozen=True)
class MembershipStats:
    start: date
    end: date
    joiners: tuple[NamedChange, ...]
    leavers: tuple[NamedChange, ...]
    role_changes: tuple[NamedChange, ...]  # new chairs and vice chairs
    by_role: tuple[CountLine, ...]  # members holding each role at the end of the period
    diversity: dict[str, tuple[CountLine, ...]]  # "gender", "ethnicity", "lived_experience"


def attendance_stats(
    ctx: ServiceContext, start: date, end: date, today: date | None = None
) -> list[MemberAttendance]:
    """Per member: sittings invited to, sat, apologies, from start to end (or today if sooner)."""
    until = min(end, today or ctx.today())
    independent = (
        select(MemberRole.member_id)
        .where(MemberRole.role == Role.INDEPENDENT.value)
        .where(or_(MemberRole.from_date.is_(None), MemberRole.from_date <= until))
        .where(or_(MemberRole.to_date.is_(None), MemberRole.to_date >= start))
    )
    query = (
        select(
            Member.id,
            Member.first_name,
            Member.last_name,
            Member.id.in_(independent),
            func.count(Attendance.id),
            func.sum(case((Attendance.status.in_(SAT), 1), else_=0)),
            func.sum(case((Attendance.status == "apologies", 1), else_=0)),
        )
        .join(Attendance, Attendance.member_id == Member.id)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(Member.agency_id == ctx.agency_id)
        .where(Meeting.status != MeetingStatus.CANCELLED.value)
        .where(Meeting.date >= start, Meeting.date <= until)
        .group_by(Member.id, Member.first_name, Member.last_name)
        .order_by(Member.last_name, Member.first_name)
    )
    with ctx.read() as session:
        rows = session.execute(query).all()
    return [
        MemberAttendance(r[0], f"{r[1]} {r[2]}", bool(r[3]), int(r[4]), int(r[5] or 0), int(r[6] or 0))
        for r in rows
    ]


def independent_sittings(
    ctx: ServiceContext, start: date, end: date, today: date | None = None
) -> list[MemberAttendance]:
    """Independent members and the sittings they sat in the period (they are paid per sitting)."""
    return [a for a in attendance_stats(ctx, start, end, today) if a.independent]


def _status_on(periods: list[StatusPeriod], on: date) -> str:
    return current_status(periods, on).status


def membership_stats(ctx: ServiceContext, start: date, end: date) -> MembershipStats:
    """Joiners, leavers, new chairs and vice chairs, counts by role and anonymous diversity."""
    with ctx.read() as session:
        members = session.execute(
            select(
                Member.id,
                Member.first_name,
                Member.last_name,
                Member.joined_on,
                Member.gender,
                Member.ethnicity,
                Member.lived_experience,
            ).where(Member.agency_id == ctx.agency_id)
        ).all()
        periods = status_periods(session, ctx.agency_id)
        roles = session.execute(
            select(MemberRole.member_id, MemberRole.role, MemberRole.from_date, MemberRole.to_date)
            .join(Member, Member.id == MemberRole.member_id)
            .where(Member.agency_id == ctx.agency_id)
        ).all()
    names = {m[0]: f"{m[1]} {m[2]}" for m in members}
    roles_of: dict[int, list[tuple[str, date | None]]] = {}
    for mid, role, r_from, _to in roles:
        roles_of.setdefault(mid, []).append((role, r_from))
    joiners, leavers, role_changes = [], [], []
    for m in members:
        events = membership_events(
            m[3], ((p.status, p.start) for p in periods.get(m[0], [])), roles_of.get(m[0], []), start, end
        )
        for kind, on in events:
            if kind == "joined":
                joiners.append(NamedChange(m[0], names[m[0]], on, "joined"))
            elif kind == "left":
                leavers.append(NamedChange(m[0], names[m[0]], on, "left"))
            else:
                role = Role.CHAIR if kind == "new_chair" else Role.VICE_CHAIR
                role_changes.append(NamedChange(m[0], names[m[0]], on, role.label.lower()))
    on_list = {m[0] for m in members if _status_on(periods.get(m[0], []), end) != MemberStatus.LEFT}
    holders: dict[str, set[int]] = {}
    for mid, role, r_from, r_to in roles:
        if mid in on_list and (r_from is None or r_from <= end) and (r_to is None or r_to >= end):
            holders.setdefault(role, set()).add(mid)
    by_role = tuple(CountLine(r.label, len(holders.get(r.value, ()))) for r in IMPORT_ROLES)
    panel_members = {mid for role, ids in holders.items() if role in PANEL_ROLES for mid in ids}
    diversity: dict[str, tuple[CountLine, ...]] = {}
    for key, column in (("gender", 4), ("ethnicity", 5), ("lived_experience", 6)):
        counts: dict[str, int] = {}
        for m in members:
            if m[0] in panel_members:
                label = str(m[column] or "").strip() or "Not stated"
                counts[label] = counts.get(label, 0) + 1
        diversity[key] = tuple(CountLine(k, v) for k, v in sorted(counts.items()))
    return MembershipStats(
        start,
        end,
        tuple(sorted(joiners, key=lambda c: c.on)),
        tuple(sorted(leavers, key=lambda c: c.on)),
        tuple(sorted(role_changes, key=lambda c: c.on)),
        by_role,
        diversity,
    )
