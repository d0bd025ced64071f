"""Every type of case the panel hears, declared once: one row each.

Whatever differs between case types is a field of its row: the label, the question the
panel answers and its answers in that case type's words, which ADM decides, whether the
case concerns children and whether the applicants attend, the default papers and slot
length, what the chairs' report counts, which answer is adverse to the applicants (an ADM
decision to that effect is a qualifying determination, opening the representations / IRM
window) and which of the case's statutory clock dates apply. Code elsewhere asks the row
(``get(code).applicants_attend``) and
never compares a code with a case type (tests/domain/test_case_types.py guards that), so
adding a case type is one row here plus its tests.

The codes are those of domain.md (``vocab.CaseType``); they are what the database stores.
Agencies may override the slot length and the papers per case type in Settings
(``case_type_setting``): the row gives the defaults.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from panelapp.domain.vocab import (
    BRIEF_PAR,
    DISRUPTION_REPORT,
    HEALTH_REPORT,
    REVIEW_REPORT,
    CaseType,
    Outcome,
    Paper,
)

_Adm = TypeVar("_Adm")

# Extra agenda minutes when the applicants attend (the same default for every case type).
DEFAULT_APPLICANTS_EXTRA_MINUTES = 15


class AdmRoute(StrEnum):
    """Who decides after the panel recommends."""

    AGENCY = "agency"  # the agency's own ADM (the decision maker who handles approvals)
    CHILD_LA = "child_la"  # the ADM of the child's local authority
    NONE = "none"  # nobody: the panel's view is noted, no ADM decision follows


class ClockDate(StrEnum):
    """A date on the case that a statutory clock runs from or stops on (the Case column's name)."""

    STAGE_TWO_STARTED = "stage2_start"
    PAR_SENT = "par_sent_on"
    PAR_COMMENTS = "par_comments_on"
    APPROVAL_REVIEWED = "approval_reviewed_on"
    CHILD_PLACED = "child_placed_on"

    @property
    def label(self) -> str:
        return {
            "stage2_start": "Stage two started",
            "par_sent_on": "Report sent to the applicants for comments",
            "par_comments_on": "Applicants' comments received",
            "approval_reviewed_on": "Approval last reviewed",
            "child_placed_on": "Child placed",
        }[self.value]


# Every clock date of an adopters' assessment and approval; a brief report's assessment
# stops before approval, so it has the first three only.
ASSESSMENT_DATES = (ClockDate.STAGE_TWO_STARTED, ClockDate.PAR_SENT, ClockDate.PAR_COMMENTS)
APPROVAL_DATES = (*ASSESSMENT_DATES, ClockDate.APPROVAL_REVIEWED, ClockDate.CHILD_PLACED)


@dataclass(frozen=True)
class PapersFirst:
    """Papers that must be received before a case can be booked, and the refusal's words."""

    papers: tuple[str, ...]
    refusal: str  # the names of the papers not yet received follow it


@dataclass(frozen=True)
class ReportClause:
    """A case type's clause in the chairs' report sentence on the other case types."""

    position: int  # clauses are read in this order
    words: str  # followed by ": <hearings>."


@dataclass(frozen=True, kw_only=True)
class CaseTypeRow:
    """One case type. Every field is required, so a new row decides each of them."""

    code: str
    label: str
    question: str  # what the panel is asked to recommend on
    answers: tuple[tuple[Outcome, str], ...]  # its possible answers (deferral aside), in its words
    adm_route: AdmRoute
    concerns_children: bool  # a case is not complete without its child (or each sibling)
    applicants_attend: bool  # usually: booking adds their time to the slot
    advice_on_children: bool  # the recommendation may advise on number, ages, sex and needs
    default_papers: tuple[str, ...]
    papers_before_booking: PapersFirst | None
    slot_minutes: int  # default agenda slot, before the applicants' extra time
    papers_graded: tuple[str, ...]  # the papers the panel grades at this type's hearings
    grades_in_report: bool  # the chairs' report counts those grades (section 5)
    adm_grades_par: bool  # the ADM grades the PAR too (the report compares the two grades)
    # The panel's answer that goes against the applicants: the ADM deciding so (agreeing with
    # it, or not agreeing with the other answer) is a qualifying determination (AAR 2005
    # reg 30B(5), 30D); None: no determination of this type can qualify.
    adverse_answer: Outcome | None
    clock_dates: tuple[ClockDate, ...]  # the statutory clock dates the case records
    counts_households: bool  # report: distinct households recommended ("households approved")
    counts_by_area: bool  # report: hearings counted by locality or local authority
    report_clause: ReportClause | None  # None: the cases table (or its own sub-section) says it

    @property
    def outcomes(self) -> tuple[Outcome, ...]:
        return tuple(outcome for outcome, _words in self.answers)

    @property
    def qualifying_determination(self) -> bool:
        """An ADM decision on this type can open the representations / IRM window."""
        return self.adverse_answer is not None

    def has_date(self, clock_date: ClockDate) -> bool:
        return clock_date in self.clock_dates

    @property
    def noted_only(self) -> bool:
        """The panel has no decision to make: it notes the case."""
        return self.outcomes == (Outcome.NOTED,)

    @property
    def goes_to_adm(self) -> bool:
        return self.adm_route is not AdmRoute.NONE

    def routed_adm(self, agency_adm: _Adm, child_la_adm: _Adm) -> _Adm:
        """Of the agency's ADM and the child's local authority's, the one this goes to.

        The rule the tracker's SQL applies with `routed_to(AdmRoute.CHILD_LA)`: the child's
        local authority's ADM for CHILD_LA, the agency's own otherwise.
        """
        return child_la_adm if self.adm_route is AdmRoute.CHILD_LA else agency_adm

    def answer(self, outcome: Outcome) -> str:
        """The outcome in this case type's words (the generic label when it has none)."""
        return dict(self.answers).get(outcome, outcome.label)


_ROWS: tuple[CaseTypeRow, ...] = (
    CaseTypeRow(
        code=CaseType.APPROVAL.value,
        label="Adopter approval",
        question="Is the household suitable to adopt a child?",
        answers=(
            (Outcome.RECOMMENDED, "Suitable to adopt"),
            (Outcome.NOT_RECOMMENDED, "Not suitable to adopt"),
        ),
        adm_route=AdmRoute.AGENCY,
        concerns_children=False,
        applicants_attend=True,
        advice_on_children=True,
        default_papers=(Paper.PAR.value,),
        papers_before_booking=None,
        slot_minutes=60,
        papers_graded=(Paper.PAR.value,),
        grades_in_report=True,
        adm_grades_par=True,
        adverse_answer=Outcome.NOT_RECOMMENDED,
        clock_dates=APPROVAL_DATES,
        counts_households=True,
        counts_by_area=False,
        report_clause=None,  # "Adopter approvals": households approved and deferred
    ),
    CaseTypeRow(
        code=CaseType.BRIEF_REPORT.value,
        label="Brief report",
        question="Should the assessment stop, the applicants not being suitable (brief PAR)?",
        answers=(
            (Outcome.RECOMMENDED, "Agrees the applicants are not suitable"),
            (Outcome.NOT_RECOMMENDED, "The assessment should continue"),
        ),
        adm_route=AdmRoute.AGENCY,
        concerns_children=False,
        applicants_attend=False,
        advice_on_children=False,
        default_papers=(BRIEF_PAR,),
        papers_before_booking=None,
        slot_minutes=30,
        papers_graded=(),
        grades_in_report=False,
        adm_grades_par=False,
        adverse_answer=Outcome.RECOMMENDED,
        clock_dates=ASSESSMENT_DATES,
        counts_households=False,
        counts_by_area=False,
        report_clause=None,
    ),
    CaseTypeRow(
        code=CaseType.MATCH.value,
        label="Match",
        question="Should the child (or siblings) be placed with these approved adopters?",
        answers=(
            (Outcome.RECOMMENDED, "Placed with these adopters"),
            (Outcome.NOT_RECOMMENDED, "Not placed with these adopters"),
        ),
        adm_route=AdmRoute.CHILD_LA,
        concerns_children=True,
        applicants_attend=True,
        advice_on_children=False,
        default_papers=(Paper.APR.value, Paper.CPR.value, Paper.PAR.value),
        papers_before_booking=None,
        slot_minutes=60,
        papers_graded=(Paper.APR.value, Paper.CPR.value),
        grades_in_report=True,
        adm_grades_par=False,
        adverse_answer=None,
        clock_dates=(),
        counts_households=False,
        counts_by_area=True,
        report_clause=None,  # "Matches by area"
    ),
    CaseTypeRow(
        code=CaseType.CONSENT_PLAN.value,
        label="Adoption plan by consent",
        question="Should the child, whose birth parents consent, be placed for adoption?",
        answers=(
            (Outcome.RECOMMENDED, "Should be placed for adoption"),
            (Outcome.NOT_RECOMMENDED, "Should not be placed for adoption"),
        ),
        adm_route=AdmRoute.CHILD_LA,
        concerns_children=True,
        applicants_attend=False,
        advice_on_children=False,
        default_papers=(Paper.CPR.value, HEALTH_REPORT),
        papers_before_booking=PapersFirst(
            (Paper.CPR.value, HEALTH_REPORT),
            "A plan for adoption by consent cannot be booked until its CPR and the child's "
            "health report have been received.",
        ),
        slot_minutes=45,
        papers_graded=(Paper.CPR.value,),
        grades_in_report=True,  # domain.md: CPRs at matches and at consent plans
        adm_grades_par=False,
        adverse_answer=None,
        clock_dates=(),
        counts_households=False,
        counts_by_area=False,
        report_clause=ReportClause(1, "Plans for adoption by consent heard"),
    ),
    CaseTypeRow(
        code=CaseType.REVIEW.value,
        label="Review of approval",
        question="Do the adopters, approved over a year with no match, remain suitable?",
        answers=((Outcome.RECOMMENDED, "Approval continues"), (Outcome.NOT_RECOMMENDED, "Approval ends")),
        adm_route=AdmRoute.AGENCY,
        concerns_children=False,
        applicants_attend=False,
        advice_on_children=False,
        default_papers=(REVIEW_REPORT,),
        papers_before_booking=None,
        slot_minutes=30,
        papers_graded=(),
        grades_in_report=False,
        adm_grades_par=False,
        adverse_answer=Outcome.NOT_RECOMMENDED,
        clock_dates=(),
        counts_households=False,
        counts_by_area=False,
        report_clause=ReportClause(3, "Reviews of approval"),
    ),
    CaseTypeRow(
        code=CaseType.DEREGISTRATION.value,
        label="De-registration",
        question="None: the panel notes the de-registration (it has no decision to make).",
        answers=((Outcome.NOTED, "Noted"),),
        adm_route=AdmRoute.AGENCY,
        concerns_children=False,
        applicants_attend=False,
        advice_on_children=False,
        default_papers=(REVIEW_REPORT,),
        papers_before_booking=None,
        slot_minutes=20,
        papers_graded=(),
        grades_in_report=False,
        adm_grades_par=False,
        adverse_answer=None,
        clock_dates=(),
        counts_households=False,
        counts_by_area=False,
        report_clause=ReportClause(2, "De-registrations"),
    ),
    CaseTypeRow(
        code=CaseType.DISRUPTION.value,
        label="Disruption report",
        question="What is to be learned from a placement that ended before the adoption order?",
        answers=((Outcome.NOTED, "Noted"),),
        adm_route=AdmRoute.NONE,
        concerns_children=False,
        applicants_attend=False,
        advice_on_children=False,
        default_papers=(DISRUPTION_REPORT,),
        papers_before_booking=None,
        slot_minutes=45,
        papers_graded=(),
        grades_in_report=False,
        adm_grades_par=False,
        adverse_answer=None,
        clock_dates=(),
        counts_households=False,
        counts_by_area=False,
        report_clause=None,  # section 9, "Disruptions", is written by people
    ),
)

# Code -> row, in display order. Read it through the functions below, which look at it on
# every call; a test adds a case type with `monkeypatch.setitem(REGISTRY, row.code, row)`.
REGISTRY: dict[str, CaseTypeRow] = {row.code: row for row in _ROWS}


class UnknownCaseType(ValueError):
    def __init__(self, code: str) -> None:
        super().__init__(f"{code!r} is not a case type")
        self.code = code


def all_case_types() -> tuple[CaseTypeRow, ...]:
    return tuple(REGISTRY.values())


def get(code: str) -> CaseTypeRow:
    """The row of a case type (UnknownCaseType, a ValueError, when there is none)."""
    row = REGISTRY.get(code)
    if row is None:
        raise UnknownCaseType(code)
    return row


def find(code: str) -> CaseTypeRow | None:
    """The row of a case type, or None for a code that is not one."""
    return REGISTRY.get(code)


def is_case_type(code: str) -> bool:
    return code in REGISTRY


def label(code: str) -> str:
    """The case type's label; an unknown code (data from elsewhere) is shown as it is."""
    row = REGISTRY.get(code)
    return row.label if row else code


def codes(where: Callable[[CaseTypeRow], bool] | None = None) -> tuple[str, ...]:
    """The codes in display order, of every case type or of those `where` accepts."""
    return tuple(code for code, row in REGISTRY.items() if where is None or where(row))


def routed_to(route: AdmRoute) -> tuple[str, ...]:
    """The codes whose recommendations go to that ADM."""
    return codes(lambda row: row.adm_route is route)


def report_clauses() -> tuple[tuple[str, str], ...]:
    """(code, words) of each clause in the report's 'other case types' sentence, in order."""
    placed = [(row.report_clause, row.code) for row in REGISTRY.values() if row.report_clause]
    return tuple((code, clause.words) for clause, code in sorted(placed, key=lambda p: (p[0].position, p[1])))
