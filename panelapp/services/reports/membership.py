"""Section 3 and Appendix A of the chairs' report: membership changes and the membership list.

Both are read from the members area's list of panel members (members.appendix: one query for
members and their roles, one for status histories); Appendix A is built there, once, for the
report and for the Members area's export alike. The words come from panelapp.domain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from panelapp.documents.appendix import AppendixEntry
from panelapp.domain.membership import membership_events
from panelapp.services.members.appendix import ListedMember, appendix_entries, members_on_list
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
class Membership:
    changes: list[MembershipChange] = field(default_factory=list)
    appendix: list[AppendixEntry] = field(default_factory=list)


def compute_membership(session: Session, scope: ReportScope) -> Membership:
    people = members_on_list(session, scope.agency_id, scope.panel_id)
    return Membership(
        changes=_changes(people, scope.period_from, scope.period_to),
        appendix=appendix_entries(people, scope.period_to),
    )


def _changes(people: list[ListedMember], start: date, end: date) -> list[MembershipChange]:
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
