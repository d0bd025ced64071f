"""Section 3 and Appendix A of the chairs' report: membership changes and the membership list.

Both are read from the members area's list of panel members (members.appendix: one query for
members and their roles, one for status histories); Appendix A is built there, once, for the
report and for the Members area's export alike. The words come from panelapp.domain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Appraisal, Member, TrainingAttendance, TrainingEvent
from panelapp.documents.appendix import AppendixEntry
from panelapp.domain.membership import membership_events
from panelapp.domain.names import name_key
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
class TrainingHeld:
    title: str
    held_on: date
    attended: int  # members of the list (of the panel, for one panel's report)


@dataclass(frozen=True)
class Membership:
    changes: list[MembershipChange] = field(default_factory=list)
    appendix: list[AppendixEntry] = field(default_factory=list)
    appraised: int = 0  # members with an appraisal held in the period
    training: list[TrainingHeld] = field(default_factory=list)
    genders: dict[str, int] = field(default_factory=dict)  # where recorded, for members listed


def compute_membership(session: Session, scope: ReportScope) -> Membership:
    people = members_on_list(session, scope.agency_id, scope.panel_id)
    ids = [p.id for p in people if p.is_member()]
    in_period = (scope.period_from, scope.period_to)
    appraised = session.scalar(
        select(func.count(func.distinct(Appraisal.member_id))).where(
            Appraisal.member_id.in_(ids), Appraisal.held_on.between(*in_period)
        )
    )
    training = [
        TrainingHeld(title, held_on, int(n or 0))
        for title, held_on, n in session.execute(
            select(
                TrainingEvent.title,
                TrainingEvent.held_on,
                func.count(TrainingAttendance.member_id).filter(TrainingAttendance.member_id.in_(ids)),
            )
            .outerjoin(TrainingAttendance, TrainingAttendance.event_id == TrainingEvent.id)
            .where(TrainingEvent.agency_id == scope.agency_id, TrainingEvent.held_on.between(*in_period))
            .group_by(TrainingEvent.id, TrainingEvent.title, TrainingEvent.held_on)
            .order_by(TrainingEvent.held_on)
        )
    ]
    genders: dict[str, int] = {}
    for gender, n in session.execute(
        select(Member.gender, func.count())
        .where(Member.id.in_(ids), Member.gender.is_not(None))
        .group_by(Member.gender)
    ):
        if gender and gender.strip():
            genders[gender.strip()] = genders.get(gender.strip(), 0) + n
    return Membership(
        changes=_changes(people, scope.period_from, scope.period_to),
        appendix=appendix_entries(people, scope.period_to),
        appraised=int(appraised or 0),
        training=training,
        genders=genders,
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
    return sorted(changes, key=lambda c: (order.index(c.kind), c.on, name_key(c.name)))
