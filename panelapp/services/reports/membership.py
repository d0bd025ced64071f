"""Section 3 and Appendix A of the chairs' report: membership changes and the membership list.

Two queries (members with their roles; status history) for the whole central list; the
words come from panelapp.domain.report_figures. Staff (advisers, administrators,
observers) are not panel members and are left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from db.models import LocalAuthority, Member, MemberPanel, MemberRole, Panel
from panelapp.domain import report_figures as fig
from panelapp.domain.membership import (
    PANEL_ROLES,
    StatusPeriod,
    current_status,
    membership_events,
    role_description,
    surname_key,
)
from panelapp.domain.vocab import MemberStatus
from panelapp.services.members.listing import status_periods
from panelapp.services.reports.statistics import ReportScope


@dataclass(frozen=True)
class MembershipChange:
    kind: str  # joined | left | new_chair | new_vice_chair
    name: str
    on: date
    role: str  # the member's roles in words

    @property
    def label(self) -> str:
        return _CHANGE_LABELS[self.kind]


_CHANGE_LABELS = {
    "joined": "Joined the central list",
    "left": "Left the central list",
    "new_chair": "New chair",
    "new_vice_chair": "New vice chair",
}


@dataclass(frozen=True)
class AppendixRow:
    """One line of Appendix A: name, "independent member – currently on maternity leave", panel."""

    name: str
    role: str
    panel: str
    sort_key: tuple[str, str] = ("", "")


@dataclass(frozen=True)
class Membership:
    changes: list[MembershipChange] = field(default_factory=list)
    appendix: list[AppendixRow] = field(default_factory=list)


@dataclass
class _Person:
    id: int
    first: str
    last: str
    joined_on: date | None
    panel: str
    councillor_of: str | None
    roles: list[fig.RoleSpan] = field(default_factory=list)
    statuses: list[StatusPeriod] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}".strip()

    def role_words(self, day: date, leave_note: str | None = None) -> str:
        held = [r.role for r in self.roles if r.held_on(day) and r.role in PANEL_ROLES]
        if not held:  # left before `day`: describe them by the roles they last held
            held = [r.role for r in self.roles if r.role in PANEL_ROLES]
        return role_description(held, council=self.councillor_of, leave_note=leave_note)

    def is_member(self) -> bool:
        return any(r.role in PANEL_ROLES for r in self.roles)


def compute_membership(session: Session, scope: ReportScope) -> Membership:
    people = _people(session, scope)
    return Membership(
        changes=_changes(people, scope.period_from, scope.period_to),
        appendix=_appendix(people, scope.period_to),
    )


def _people(session: Session, scope: ReportScope) -> list[_Person]:
    stmt = (
        select(
            Member.id,
            Member.first_name,
            Member.last_name,
            Member.joined_on,
            Panel.name,
            LocalAuthority.name,
            MemberRole.role,
            MemberRole.from_date,
            MemberRole.to_date,
        )
        .join(MemberRole, MemberRole.member_id == Member.id)
        .outerjoin(Panel, Panel.id == Member.home_panel_id)
        .outerjoin(LocalAuthority, LocalAuthority.id == Member.local_authority_id)
        .where(Member.agency_id == scope.agency_id)
        .order_by(Member.id, MemberRole.id)
    )
    if scope.panel_id is not None:
        covers = select(MemberPanel.member_id).where(MemberPanel.panel_id == scope.panel_id)
        stmt = stmt.where(or_(Member.home_panel_id == scope.panel_id, Member.id.in_(covers)))
    people: dict[int, _Person] = {}
    for mid, first, last, joined, panel, la, role, r_from, r_to in session.execute(stmt):
        person = people.get(mid)
        if person is None:
            person = people[mid] = _Person(mid, first, last, joined, panel or "Across panels", la)
        person.roles.append(fig.RoleSpan(role, r_from, r_to))
    if people:
        for member_id, periods in status_periods(session, scope.agency_id).items():
            if member_id in people:
                people[member_id].statuses += periods
    return [p for p in people.values() if p.is_member()]


def _changes(people: list[_Person], start: date, end: date) -> list[MembershipChange]:
    changes: list[MembershipChange] = []
    for p in people:
        events = membership_events(
            p.joined_on,
            ((s.status, s.start) for s in p.statuses),
            ((r.role, r.from_date) for r in p.roles),
            start,
            end,
        )
        changes += [MembershipChange(kind, p.name, on, p.role_words(on)) for kind, on in events]
    order = list(_CHANGE_LABELS)
    return sorted(changes, key=lambda c: (order.index(c.kind), c.on, c.name))


def _appendix(people: list[_Person], on: date) -> list[AppendixRow]:
    """Everyone on the list on the last day of the period, in surname order."""
    rows: list[AppendixRow] = []
    for p in people:
        if p.joined_on and p.joined_on > on:
            continue
        status = current_status(p.statuses, on)
        if status.status == MemberStatus.LEFT.value:
            continue
        if not any(r.held_on(on) and r.role in PANEL_ROLES for r in p.roles):
            continue
        leave = status.note if status.status == MemberStatus.ON_LEAVE.value else None
        rows.append(AppendixRow(p.name, p.role_words(on, leave), p.panel, surname_key(p.first, p.last)))
    return sorted(rows, key=lambda r: r.sort_key)
