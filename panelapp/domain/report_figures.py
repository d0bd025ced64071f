"""The chairs' report arithmetic and wording, on counts the database has already aggregated.

Pure: no SQL here. The statistics service hands over grouped counts; this module fills in
the zeros (every grade in every grading table), works out percentages the way the report
prints them, names match areas, and words each member's roles for Appendix A.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from panelapp.domain import case_types
from panelapp.domain.periods import ReportingPeriod, long_date, period_containing
from panelapp.domain.vocab import AdmDecision, Grade, Outcome, Paper

GRADE_CODES: tuple[str, ...] = tuple(g.value for g in Grade)  # outstanding first
PAPER_CODES: tuple[str, ...] = tuple(p.value for p in Paper)  # PAR, CPR, APR
ADM_CODES: tuple[str, ...] = tuple(d.value for d in AdmDecision)
OUTCOME_CODES: tuple[str, ...] = tuple(o.value for o in Outcome)


def graded_paper_case_types() -> dict[str, tuple[str, ...]]:
    """paper -> the case types at whose hearings the report counts its grades.

    From the case-type rows (`papers_graded`, `grades_in_report`): "PAR for approvals, APR
    and CPR for matches". A paper no case type counts is left out.
    """
    counted: dict[str, tuple[str, ...]] = {}
    for row in case_types.all_case_types():
        for paper in row.papers_graded if row.grades_in_report else ():
            counted[paper] = (*counted.get(paper, ()), row.code)
    return {paper: counted[paper] for paper in PAPER_CODES if paper in counted}


# Outcomes that go to the ADM for a decision (deferred and noted do not).
OUTCOMES_FOR_ADM: tuple[str, ...] = (Outcome.RECOMMENDED.value, Outcome.NOT_RECOMMENDED.value)

NO_AREA = "Area not recorded"


def percentage(part: int, whole: int) -> float | None:
    """`part` of `whole` as a percentage to one decimal, rounding halves up; None when whole is 0."""
    if whole <= 0:
        return None
    exact = Decimal(part) * 100 / Decimal(whole)
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def percent_text(value: float | None) -> str:
    """How a percentage reads in the report: "80.0%", or "not applicable"."""
    return "not applicable" if value is None else f"{value:.1f}%"


def all_codes(codes: Iterable[str], counts: Mapping[str, int]) -> dict[str, int]:
    """Every code in order with its count (0 when absent); unknown codes follow, sorted."""
    ordered = list(codes)
    out = {code: int(counts.get(code, 0)) for code in ordered}
    for code in sorted(set(counts) - set(ordered)):
        out[code] = int(counts[code])
    return out


def grading_table(counts: Mapping[tuple[str, str], int]) -> dict[str, dict[str, int]]:
    """paper -> grade -> count from {(paper, grade): n}, every paper and all four grades present."""
    table: dict[str, dict[str, int]] = {paper: dict.fromkeys(GRADE_CODES, 0) for paper in PAPER_CODES}
    for (paper, grade), n in counts.items():
        table.setdefault(paper, dict.fromkeys(GRADE_CODES, 0))
        table[paper][grade] = table[paper].get(grade, 0) + int(n)
    return table


def adm_outcomes(counts: Mapping[str | None, int], decided_after_period: int) -> dict[str, int]:
    """ADM outcomes with every decision present; a hearing with no ADM record is pending."""
    merged: dict[str, int] = {}
    for code, n in counts.items():
        key = code or AdmDecision.PENDING.value
        merged[key] = merged.get(key, 0) + int(n)
    out = all_codes(ADM_CODES, merged)
    out["decided_after_period"] = int(decided_after_period)
    return out


def area_name(local_authority: str | None, locality: str | None) -> str:
    """Where a match is reported: its locality, or its local authority when it has none."""
    return locality or local_authority or NO_AREA


def period_words(start: date, end: date) -> str:
    return f"{long_date(start)} to {long_date(end)}"


def latest_completed_period(today: date) -> ReportingPeriod:
    """The half-year before the one `today` is in: the one a report is usually written for."""
    return period_containing(today).previous()


def recent_periods(today: date, count: int = 8) -> list[ReportingPeriod]:
    """The current period and the ones before it, newest first."""
    periods = [period_containing(today)]
    while len(periods) < count:
        periods.append(periods[-1].previous())
    return periods


# -- Membership changes ------------------------------------------------------------------
# Appendix A's role words come from panelapp.domain.membership.role_description, shared
# with the Members area, so the list reads the same everywhere.


@dataclass(frozen=True)
class RoleSpan:
    """A role a member held from one date (or always) to another (or still)."""

    role: str
    from_date: date | None
    to_date: date | None

    def held_on(self, day: date) -> bool:
        return (self.from_date is None or self.from_date <= day) and (
            self.to_date is None or self.to_date >= day
        )


# -- The report's structure (domain.md, "The six-monthly chairs' report") ------------------


@dataclass(frozen=True)
class NarrativeSection:
    """A section people write. `code` is what report_narrative.section stores."""

    code: str
    number: int  # the report section it fills (0 = not a numbered section)
    title: str
    chair_comments: bool = False  # written by each chair, stored per panel


NARRATIVE_SECTIONS: tuple[NarrativeSection, ...] = (
    NarrativeSection("introduction", 1, "Introduction, roles and functions of panel"),
    NarrativeSection("previous_recommendations", 2, "Update on previous recommendations"),
    NarrativeSection("attendee_feedback", 6, "Feedback from those attending panel"),
    NarrativeSection("training", 7, "Panel training"),
    NarrativeSection("chairs_meeting", 8, "Panel chairs' meeting"),
    NarrativeSection("disruptions", 9, "Disruptions"),
    NarrativeSection("chair_comments", 10, "Each chair's comments", chair_comments=True),
    NarrativeSection("summary", 11, "Summary by the service manager"),
    NarrativeSection("recommendations", 12, "Recommendations"),
    NarrativeSection("document_control", 0, "Document control"),
)
NARRATIVE_BY_CODE: dict[str, NarrativeSection] = {s.code: s for s in NARRATIVE_SECTIONS}
CHAIR_COMMENTS = "chair_comments"
DOCUMENT_CONTROL = "document_control"
DOCUMENT_CONTROL_FIELDS: tuple[tuple[str, str], ...] = (
    ("owner", "Document owner"),
    ("authors", "Authors"),
    ("version", "Version"),
    ("date", "Date"),
    ("approved_by", "Approved by"),
)

COMPUTED_SECTIONS: dict[int, str] = {
    3: "Membership and membership changes",
    4: "Cases heard by type",
    5: "Quality assurance: paperwork gradings",
}


def section_title(number: int) -> str:
    """The title of report section 1-12."""
    if number in COMPUTED_SECTIONS:
        return COMPUTED_SECTIONS[number]
    for section in NARRATIVE_SECTIONS:
        if section.number == number:
            return section.title
    raise KeyError(number)


DEFAULT_INTRODUCTION = (
    "The adoption panel is constituted under the Adoption Agencies Regulations 2005. It "
    "considers applications from prospective adopters, proposed matches of children with "
    "approved adopters, plans for adoption where birth parents consent, reviews and "
    "terminations of approval, and reports on disruptions. The panel makes recommendations; "
    "the Agency Decision Maker makes the decision. Under National Minimum Standard 17.2 the "
    "panel gives the agency feedback on the quality of its work every six months: this report."
)


# "How each figure is counted" (the report's last appendix): one line each. The figures
# counted from each hearing's facts add their own lines (report_counting.FIGURE_RULES).
HOW_COUNTED: tuple[tuple[str, str], ...] = (
    (
        "Hearings (cases heard)",
        "Hearings at the period's sittings that were heard: not withdrawn, the sitting not "
        "cancelled, and heard or with a recommendation recorded. A case heard twice counts twice.",
    ),
    (
        "Households approved",
        "Approval cases recommended in the period, once each, less those the ADM did not agree.",
    ),
    ("Deferred", "Hearings whose recommendation was a deferral."),
    ("Matches by area", "Children matched (below), by the case's locality, or its local authority."),
    (
        "ADM decisions",
        "The ADM's decision on each recommendation (recommended or not recommended) of the period, "
        "as known when the report is produced; pending when none is recorded.",
    ),
    (
        "Decided after the period",
        "Of those decisions, the ones made after the period ended: part of the decisions above, "
        "not in addition.",
    ),
    (
        "Gradings",
        "Every paper graded at the period's hearings where its case type's papers are graded: "
        "PARs at approvals, APRs at matches, CPRs at matches and plans for adoption by consent.",
    ),
    (
        "ADM grade concurrence",
        "PARs graded by both the panel and the ADM with the same grade, as a percentage.",
    ),
    ("Sittings held", "Sittings marked held, or at which a case was heard."),
    ("Sittings cancelled", "Sittings in the period marked cancelled."),
    ("Cases per sitting", "Hearings heard divided by sittings held, to one decimal place."),
    (
        "Sittings chaired by a vice chair",
        "Sittings where a case was chaired by someone other than the panel's chair.",
    ),
    (
        "Attendance",
        "Members present (or late) as a percentage of members recorded present, late, with "
        "apologies or absent, at the sittings where cases were heard.",
    ),
    ("Appraisals", "Members of the list with an appraisal held in the period."),
    ("Training", "Training events held in the period, with the members of the list who attended."),
)
