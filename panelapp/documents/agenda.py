"""The agenda of one sitting: its details, the standing items around the timed cases, who
sits, who is in attendance, who receives it. Children are named by initials only.

English panel agendas open with welcome and apologies, declarations of interest and the last
minutes, and close with any other business and the date of the next panel: the agency keeps
these standing items in Settings, one a line, with a line "[Cases]" where the cases go.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from panelapp.domain.periods import long_date
from panelapp.domain.vocab import AgendaItemKind

SLOT_HEADERS = ["Time", "Item", "Type", "Child(ren)", "Who attends", "Chaired by"]
APPLICANTS_NOTE = "Applicants: please tell the panel adviser before the day if you know any of these people."
CASES_MARKER = "[Cases]"
DEFAULT_STANDING_ITEMS = (
    "Welcome, introductions and apologies",
    "Declarations of interest",
    "Minutes of the last meeting and matters arising",
    CASES_MARKER,
    "Any other business",
    "Date of next panel",
)
STANDING_LABEL = "Standing item"
NOT_HEARD_NOTE = "Not heard: the panel was not quorate"
NEXT_PANEL_WORDS = "date of next"


def standing_items(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The agency's standing items (one a line) split at the "[Cases]" line into those before
    and after the cases; blank text means the usual English agenda (DEFAULT_STANDING_ITEMS)."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line] or list(DEFAULT_STANDING_ITEMS)
    at = next((i for i, line in enumerate(lines) if line.lower() == CASES_MARKER.lower()), len(lines))
    return tuple(lines[:at]), tuple(line for line in lines[at + 1 :] if line.lower() != CASES_MARKER.lower())


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
    not_heard: bool = False  # recorded as not heard: the panel was not quorate for it


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
    standing_before: tuple[str, ...] = ()  # standing items before the cases
    standing_after: tuple[str, ...] = ()  # and after them
    next_sitting: dt.date | None = None  # the panel's next sitting, for "Date of next panel"
    notice: str = ""  # a moved sitting says so above everything else
    left_off: tuple[str, ...] = ()  # cases taken off to be re-booked, by reference

    @property
    def title(self) -> str:
        return f"{self.panel} agenda, {long_date(self.date)}"

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
        details.append(("Papers circulated by", long_date(self.circulate_by)))
        if self.left_off:
            details.append(("Taken off to be re-booked", ", ".join(self.left_off)))
        return details

    def slot_rows(self) -> list[list[str]]:
        """One row per item under SLOT_HEADERS: the standing items before the cases (at the
        start), the timed slots, the standing items after (at the end), numbered as panels
        number their agendas (breaks are not items)."""
        rows: list[list[str]] = []
        number = 0

        def standing(text: str, at: dt.time) -> list[str]:
            nonlocal number
            number += 1
            if self.next_sitting and text.lower().startswith(NEXT_PANEL_WORDS):
                text = f"{text}: {long_date(self.next_sitting)}"
            return [f"{at:%H:%M}", f"{number}. {text}", STANDING_LABEL, "", "", ""]

        rows += [standing(text, self.start) for text in self.standing_before]
        for item in self.items:
            if item.kind != AgendaItemKind.BREAK:
                number += 1
            rows.append(_slot_row(item, number if item.kind != AgendaItemKind.BREAK else 0))
        end = self.items[-1].end if self.items else self.start
        rows += [standing(text, end) for text in self.standing_after]
        return rows


def _slot_row(item: AgendaItem, number: int) -> list[str]:
    when = f"{item.start:%H:%M}\u2013{item.end:%H:%M}"
    prefix = f"{number}. " if number else ""
    if item.is_case:
        title = prefix + item.reference + (f"\n{item.household}" if item.household else "")
        if item.not_heard:
            title += f"\n{NOT_HEARD_NOTE}"
        attending = "\n".join(item.attending)
        return [when, title, item.case_type_label, item.child_initials, attending, item.chair_name]
    attending = "Panel members only" if item.kind == AgendaItemKind.PANEL_ONLY else ""
    return [when, prefix + item.title, item.kind_label, "", attending, ""]


def people_rows(people: tuple[PersonLine, ...]) -> list[list[str]]:
    return [[p.name, p.role] for p in people]
