"""The agenda of one sitting: its details, the timed items, who sits, who is in attendance,
who receives it. Children are named by initials only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from panelapp.domain.periods import long_date
from panelapp.domain.vocab import AgendaItemKind

SLOT_HEADERS = ["Time", "Item", "Type", "Child(ren)", "Who attends", "Chaired by"]
APPLICANTS_NOTE = "Applicants: please tell the panel adviser before the day if you know any of these people."


@dataclass(frozen=True)
class PersonLine:
    name: str
    role: str


@dataclass(frozen=True)
class AgendaItem:
    """One timed line: a case (reference, household, initials) or a break, discussion or other business."""

    start: dt.time
    end: dt.time
    is_case: bool
    title: str
    kind: str  # an AgendaItemKind
    kind_label: str
    reference: str = ""
    household: str = ""
    case_type_label: str = ""
    child_initials: str = ""
    attending: tuple[str, ...] = ()
    chair_name: str = ""


@dataclass(frozen=True)
class AgendaDocument:
    agency_name: str
    marking: str
    panel: str
    date: dt.date
    start: dt.time
    sitting_end: dt.time
    venue: str
    teams_link: str
    circulate_by: dt.date
    items: tuple[AgendaItem, ...]
    sitting: tuple[PersonLine, ...]  # members expected to sit: applicants check for conflicts
    in_attendance: tuple[PersonLine, ...]  # advisers, administrators, observers (not members)
    circulation: tuple[PersonLine, ...]  # who receives the agenda and papers

    @property
    def title(self) -> str:
        return f"{self.panel} agenda, {self.date:%d/%m/%Y}"

    def details(self) -> list[tuple[str, str]]:
        """The sitting's details above the agenda, (label, value)."""
        details = [
            ("Panel", self.panel),
            ("Date", long_date(self.date)),
            ("Time", f"{self.start:%H:%M} to {self.sitting_end:%H:%M}"),
            ("Where", self.venue or "Microsoft Teams"),
        ]
        if self.teams_link:
            details.append(("Teams link", self.teams_link))
        details.append(("Papers circulated by", f"{self.circulate_by:%d/%m/%Y}"))
        return details

    def slot_rows(self) -> list[list[str]]:
        """One row per item under SLOT_HEADERS."""
        return [_slot_row(item) for item in self.items]


def _slot_row(item: AgendaItem) -> list[str]:
    when = f"{item.start:%H:%M}\u2013{item.end:%H:%M}"
    if item.is_case:
        title = item.reference + (f"\n{item.household}" if item.household else "")
        attending = "\n".join(item.attending)
        return [when, title, item.case_type_label, item.child_initials, attending, item.chair_name]
    attending = "Panel members only" if item.kind == AgendaItemKind.PANEL_ONLY else ""
    return [when, item.title, item.kind_label, "", attending, ""]


def people_rows(people: tuple[PersonLine, ...]) -> list[list[str]]:
    return [[p.name, p.role] for p in people]
