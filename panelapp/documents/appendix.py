"""Appendix A: the central list of panel members on a day, in surname order, in the words of
the chairs' report ("independent vice chair", "social work member – currently on maternity leave")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from panelapp.domain.periods import long_date

TITLE = "Appendix A: Panel membership"
HEADERS = ["Name", "Role", "Panel"]


@dataclass(frozen=True)
class AppendixEntry:
    name: str
    role: str
    panel: str  # the home panel, or "Across panels"


@dataclass(frozen=True)
class AppendixA:
    agency_name: str
    marking: str
    on: date
    entries: tuple[AppendixEntry, ...]

    title = TITLE

    def intro(self) -> str:
        count = len(self.entries)
        return (
            f"The central list of panel members on {long_date(self.on)}: {count} members, in surname order."
        )

    def rows(self) -> list[list[str]]:
        return [[e.name, e.role, e.panel] for e in self.entries]
