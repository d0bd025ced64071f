"""Who usually sits on a panel, and who is available on a day: shared by generating and rosters.

A panel's usual members are those whose home panel it is, those who cover it
(member_panel), and its chair and vice chair; only people holding a member role on the
day are invited (advisers and administrators support the panel but are not members),
and nobody on leave or gone from the list that day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Member, MemberPanel, MemberRole, MemberStatusPeriod, Panel
from panelapp.domain.vocab import NON_MEMBER_ROLES, MemberStatus

STAFF_ROLE_CODES = frozenset(r.value for r in NON_MEMBER_ROLES)
NOT_AVAILABLE = (MemberStatus.ON_LEAVE.value, MemberStatus.LEFT.value)

Period = tuple[date | None, date | None]


def _covers(period: Period, day: date) -> bool:
    start, end = period
    return (start is None or start <= day) and (end is None or end >= day)


@dataclass
class Availability:
    """Member roles over time and the periods each member is away (on leave or left)."""

    member_roles: dict[int, list[tuple[str, Period]]] = field(default_factory=dict)
    away: dict[int, list[Period]] = field(default_factory=dict)

    def holds_member_role(self, member_id: int, day: date) -> bool:
        return any(
            role not in STAFF_ROLE_CODES and _covers(period, day)
            for role, period in self.member_roles.get(member_id, [])
        )

    def roles_on(self, member_id: int, day: date) -> set[str]:
        return {role for role, period in self.member_roles.get(member_id, []) if _covers(period, day)}

    def available(self, member_id: int, day: date) -> bool:
        return not any(_covers(p, day) for p in self.away.get(member_id, []))


@dataclass
class UsualMembers:
    by_panel: dict[int, set[int]]
    availability: Availability

    def on(self, panel_id: int, day: date) -> list[int]:
        """Member ids to invite to the panel's sitting on ``day``, in a stable order."""
        return sorted(
            m
            for m in self.by_panel.get(panel_id, set())
            if self.availability.holds_member_role(m, day) and self.availability.available(m, day)
        )


def load_availability(
    session: Session, agency_id: int, member_ids: Sequence[int] | None = None
) -> Availability:
    """Roles and away periods for the agency's members (or just ``member_ids``): two queries."""
    roles = select(MemberRole.member_id, MemberRole.role, MemberRole.from_date, MemberRole.to_date).join(
        Member, Member.id == MemberRole.member_id
    )
    away = (
        select(MemberStatusPeriod.member_id, MemberStatusPeriod.start_date, MemberStatusPeriod.end_date)
        .join(Member, Member.id == MemberStatusPeriod.member_id)
        .where(MemberStatusPeriod.status.in_(NOT_AVAILABLE))
    )
    roles = roles.where(Member.agency_id == agency_id)
    away = away.where(Member.agency_id == agency_id)
    if member_ids is not None:
        roles = roles.where(Member.id.in_(list(member_ids)))
        away = away.where(Member.id.in_(list(member_ids)))
    out = Availability()
    for member_id, role, start, end in session.execute(roles):
        out.member_roles.setdefault(member_id, []).append((role, (start, end)))
    for member_id, start, end in session.execute(away):
        out.away.setdefault(member_id, []).append((start, end))
    return out


def usual_members(session: Session, agency_id: int, panel_ids: Sequence[int]) -> UsualMembers:
    by_panel: dict[int, set[int]] = {p: set() for p in panel_ids}
    for member_id, panel_id in session.execute(
        select(Member.id, Member.home_panel_id)
        .where(Member.agency_id == agency_id)
        .where(Member.home_panel_id.in_(list(panel_ids)))
    ):
        if panel_id is not None:
            by_panel[panel_id].add(member_id)
    for member_id, panel_id in session.execute(
        select(MemberPanel.member_id, MemberPanel.panel_id).where(MemberPanel.panel_id.in_(list(panel_ids)))
    ):
        by_panel[panel_id].add(member_id)
    for panel_id, chair_id, vice_id in session.execute(
        select(Panel.id, Panel.chair_id, Panel.vice_chair_id).where(Panel.id.in_(list(panel_ids)))
    ):
        by_panel[panel_id].update(m for m in (chair_id, vice_id) if m is not None)
    return UsualMembers(by_panel, load_availability(session, agency_id))
