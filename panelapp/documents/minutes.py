"""Minutes as they leave the app: the whole sitting's, or one case's extract for the ADM.

The text has already had children's names replaced by their initials (domain.privacy).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time

from panelapp.domain.periods import long_date

SIGNED_OFF_WORDS = "Signed as a true record by the chair"
IN_ATTENDANCE_TITLE = "In attendance"
_LABEL = re.compile(r"^([A-Z][A-Za-z' ()-]{1,40}:)(.*)$")


@dataclass(frozen=True)
class MinutesPart:
    """A heading and its lines: the opening, attendance, one case, any other business."""

    title: str
    lines: tuple[str, ...]
    reference: str = ""  # the case's, for a case's part


@dataclass(frozen=True)
class MinutesDocument:
    agency_name: str
    marking: str
    title: str
    panel_name: str
    date: date
    start_time: time
    venue: str
    state_label: str
    signed_off: str
    sections: tuple[MinutesPart, ...]
    case_reference: str | None  # set for one case's extract
    version: int = 0  # the minutes' saved version, the same number in the details and footer

    @property
    def version_label(self) -> str:
        return f"Version {self.version}" if self.version else ""

    @property
    def details(self) -> list[tuple[str, str]]:
        details = [
            ("Panel", self.panel_name),
            ("Date", long_date(self.date)),
            ("Time", f"{self.start_time:%H:%M}"),
            ("Venue", self.venue or "Not recorded"),
            ("Status", self.state_label),
            ("Signed off", self.signed_off or "Not yet signed off"),
        ]
        if self.version:
            details.insert(5, ("Version", str(self.version)))
        return details

    @property
    def is_draft(self) -> bool:
        """Not yet signed off as final: every page says DRAFT."""
        return not self.state_label.lower().startswith("final")

    @property
    def signature(self) -> str:
        return f"{SIGNED_OFF_WORDS}: {self.signed_off}" if self.signed_off else ""


def label_and_text(line: str) -> tuple[str, str]:
    """'Reasons: text' -> ('Reasons:', ' text') so a renderer can bold the label."""
    found = _LABEL.match(line)
    return (found.group(1), found.group(2)) if found else ("", line)
