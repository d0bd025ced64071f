"""The panel pack: a sitting's cover, agenda and every booked case's papers, in one PDF.

Plain data handed to the renderer (exports.pdf.pack): the services load each paper's bytes
and the agenda's PDF; the renderer never reaches the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from panelapp.domain.periods import long_date

FULL = "full"
ADDENDUM = "addendum"


@dataclass(frozen=True)
class PackPaper:
    """One paper's newest file, in the pack."""

    label: str
    version: int
    filename: str
    content: bytes

    @property
    def title(self) -> str:
        return self.label if self.version == 1 else f"{self.label} (version {self.version})"


@dataclass(frozen=True)
class PackSection:
    """One agenda item (a case) and its papers in the case type's order."""

    title: str  # "Item 1: PK-MAT, Match: Cy Dee (MB)"
    papers: tuple[PackPaper, ...]
    missing: tuple[str, ...] = ()  # checklist papers with no file yet


@dataclass(frozen=True)
class PackDocument:
    agency_name: str
    marking: str
    panel: str
    date: dt.date
    start: dt.time
    end: dt.time | None
    teams_link: str
    venue: str
    sections: tuple[PackSection, ...]
    agenda_pdf: bytes = b""  # the agenda as its own renderer drew it; none in an addendum
    kind: str = FULL
    note: str = ""  # an addendum says what it replaces

    @property
    def title(self) -> str:
        what = "Addendum to the panel pack" if self.kind == ADDENDUM else "Panel pack"
        return f"{what}: {self.panel}, {long_date(self.date)}"

    def details(self) -> list[tuple[str, str]]:
        when = f"{self.start:%H:%M}" + (f" to {self.end:%H:%M}" if self.end else "")
        rows = [("Agency", self.agency_name), ("Panel", self.panel), ("Date", long_date(self.date)),
                ("Time", when)]  # fmt: skip
        if self.teams_link:
            rows.append(("Teams link", self.teams_link))
        if self.venue:
            rows.append(("Venue", self.venue))
        rows.append(("Marking", self.marking))
        return rows
