"""The email draft to the Agency Decision Maker and the case extract attached to it.

Nothing is ever sent by PanelApp: the draft becomes an .eml file the user opens, checks and
sends. Children appear by initials only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from panelapp.domain.periods import long_date


@dataclass(frozen=True)
class CaseExtract:
    """The recommendation of one hearing, for the ADM, when no minutes extract can be made."""

    agency_name: str
    marking: str
    reference: str
    case_type: str
    household: str
    local_authority: str
    children: tuple[str, ...]  # initials only
    panel: str
    heard_on: date
    outcome: str
    vote: str
    reasons: str
    advice: str
    minutes: str  # the case's section of the minutes, children's names replaced by initials
    minutes_state: str

    @property
    def title(self) -> str:
        return f"Panel recommendation for the Agency Decision Maker: {self.reference}"

    def details(self) -> list[list[str]]:
        """(detail, value) rows at the top of the extract."""
        return [
            ["Case", f"{self.reference}: {self.case_type}"],
            ["Applicants / adopters", self.household or "Not recorded"],
            ["Children", ", ".join(self.children) or "None named"],
            ["Local authority", self.local_authority or "Not recorded"],
            ["Panel", f"{self.panel}, {long_date(self.heard_on)}"],
            ["Recommendation", self.outcome],
            ["Vote", self.vote],
            ["Minutes", self.minutes_state.replace("_", " ").capitalize() or "Not yet written"],
        ]

    def texts(self, with_minutes: bool = True) -> list[tuple[str, str]]:
        """(heading, text) of the written parts that have any text; the minutes only if asked."""
        parts = [
            ("The panel's reasons", self.reasons),
            ("Advice", self.advice),
            ("From the minutes", self.minutes if with_minutes else ""),
        ]
        return [(heading, text) for heading, text in parts if text.strip()]


@dataclass(frozen=True)
class AdmEmailDraft:
    hearing_id: int
    meeting_id: int
    reference: str
    to_name: str
    to_email: str
    subject: str
    body: str
    extract: CaseExtract
    from_name: str = ""
    from_email: str = ""  # the signed-in user's own address (Admin > Users)

    @property
    def file_stem(self) -> str:
        return safe_file_name(f"{self.reference} for ADM decision")


def safe_file_name(text: str) -> str:
    """`text` with anything but letters, digits, spaces, '-' and '_' replaced by '-'."""
    return "".join(ch if ch.isalnum() or ch in "-_ " else "-" for ch in text).strip() or "draft"
