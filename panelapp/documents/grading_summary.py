"""The paperwork grading summary for chairs: the panel's grades of PARs, CPRs and APRs in a
period, by paper type and by local authority or area team, with the comments for authors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from panelapp.documents.blocks import ChartSpec
from panelapp.domain.grading_policy import ALL_GRADES
from panelapp.domain.periods import long_date, uk_date
from panelapp.domain.vocab import Grade

GRADE_HEADERS = [g.label for g in ALL_GRADES]
COMMENT_HEADERS = ["Sitting", "Case", "Paper", "Grade", "Strengths", "Areas for development"]


@dataclass(frozen=True)
class GradeCounts:
    name: str
    counts: dict[str, int]  # grade code -> number

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class GradingComment:
    sitting: date
    reference: str
    paper_type: str
    grade: str
    author: str
    strengths: str
    development: str

    @property
    def grade_label(self) -> str:
        return Grade(self.grade).label


@dataclass(frozen=True)
class Concurrence:
    """How often the ADM's grade of a paper matched the panel's."""

    compared: int
    agreed: int
    one_apart: int
    further_apart: int

    @property
    def percent_agreed(self) -> int | None:
        return round(100 * self.agreed / self.compared) if self.compared else None

    def sentence(self) -> str:
        if not self.compared:
            return "The ADM graded no paper that the panel also graded in this period."
        text = (
            f"The ADM's grade agreed with the panel's {self.percent_agreed}% of the time "
            f"({self.agreed} of {self.compared} papers)."
        )
        if self.compared > self.agreed:
            differed = self.compared - self.agreed
            text += f" Where they differed, {self.one_apart} of {differed} were one grade apart."
        return text


@dataclass(frozen=True)
class GradingSummary:
    agency_name: str
    marking: str
    date_from: date
    date_to: date
    panel_name: str
    group_label: str  # "Local authority" or "Area team"
    by_paper: tuple[GradeCounts, ...]
    by_group: tuple[tuple[str, tuple[GradeCounts, ...]], ...]  # group -> per paper counts
    comments: tuple[GradingComment, ...]
    concurrence: Concurrence

    @property
    def title(self) -> str:
        period = f"{long_date(self.date_from)} to {long_date(self.date_to)}"  # prose: long dates
        return f"Paperwork grading summary: {self.panel_name}, {period}"

    @property
    def total(self) -> int:
        return sum(p.total for p in self.by_paper)

    def intro(self) -> str:
        return f"{self.total} papers graded by the panel. {self.concurrence.sentence()}"

    def paper_headers(self) -> list[str]:
        return ["Paper", *GRADE_HEADERS, "Total"]

    def paper_rows(self) -> list[list[str]]:
        rows = [[p.name, *(str(p.counts[g.value]) for g in ALL_GRADES), str(p.total)] for p in self.by_paper]
        totals = [sum(p.counts[g.value] for p in self.by_paper) for g in ALL_GRADES]
        return [*rows, ["All papers", *(str(t) for t in totals), str(self.total)]]

    def group_heading(self) -> str:
        return f"Grades by {self.group_label.lower()}"

    def group_headers(self) -> list[str]:
        return [self.group_label, "Paper", *GRADE_HEADERS, "Total"]

    def group_rows(self) -> list[list[str]]:
        return [
            [group, p.name, *(str(p.counts[g.value]) for g in ALL_GRADES), str(p.total)]
            for group, papers in self.by_group
            for p in papers
            if p.total
        ]

    def comment_rows(self) -> list[list[str]]:
        return [
            [uk_date(c.sitting), c.reference, c.paper_type, c.grade_label, c.strengths, c.development]
            for c in self.comments
        ]

    def chart(self) -> ChartSpec:
        series = [(g.label, [p.counts[g.value] for p in self.by_paper]) for g in ALL_GRADES]
        return ChartSpec("Panel grades by paper type", [p.name for p in self.by_paper], series, "", "Papers")
