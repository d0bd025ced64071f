"""The chairs' report figures counted from one fact per hearing heard: the same rule for the
figure, for the "How each figure is counted" appendix and for the hearings listed behind a
figure in the app, so the three cannot disagree.

Pure: the reports service reads the facts (one row per hearing heard in the period) and the
rules below turn them into figures. A figure is the sum, over the period's hearings, of what
each hearing contributes (a hearing, or its children); the hearings behind a figure are those
contributing something.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from panelapp.domain import case_types
from panelapp.domain.vocab import AdmDecision, CaseType, Grade, Outcome

GRADE_ORDER: tuple[str, ...] = tuple(g.value for g in Grade)  # outstanding (best) first
DIFFERENCE_CODES: tuple[str, ...] = ("same", "one_higher", "one_lower", "more")
DIFFERENCE_WORDS = {
    "same": "the same grade",
    "one_higher": "one grade higher",
    "one_lower": "one grade lower",
    "more": "more than one grade apart",
}
DECIDED_CODES = (AdmDecision.AGREED.value, AdmDecision.NOT_AGREED.value)


@dataclass(frozen=True)
class HeardHearing:
    """One hearing heard in the period, with what the report counts about it."""

    hearing_id: int
    sitting_id: int
    sitting_date: date
    panel: str
    reference: str
    case_type: str
    outcome: str  # "" when no recommendation is recorded yet
    children: int  # the case's children (at least one where the case type concerns children)
    inter_agency: bool
    area: str
    adm_decision: str = ""  # "" no record (pending)
    decision_on_time: bool | None = None  # None: not a decision, or no date the clock started
    # The decision told to the social worker / to the applicants in writing within the
    # agency's working days; None: not a decision, or that date not recorded.
    sw_notified_on_time: bool | None = None
    written_confirmation_on_time: bool | None = None
    further_info_then_decided: bool = False
    par_difference: str = ""  # the ADM's PAR grade against the panel's; "" not both graded
    par_capped: bool = False  # the four-month rule limited the PAR's grade
    late_papers: int = 0
    chaired_by_vice_chair: bool = False


def grade_difference(panel: str, adm: str) -> str:
    """'same', 'one_higher' (the ADM graded one better), 'one_lower' or 'more' apart."""
    steps = GRADE_ORDER.index(panel) - GRADE_ORDER.index(adm)  # positive: the ADM's is better
    if steps == 0:
        return "same"
    if abs(steps) > 1:
        return "more"
    return "one_higher" if steps > 0 else "one_lower"


def children_in_case(concerns_children: bool, recorded: int) -> int:
    """A match of a sibling group of two is two children; a case with none recorded is one."""
    return max(recorded, 1) if concerns_children else recorded


Contribution = Callable[[HeardHearing], int]


@dataclass(frozen=True)
class FigureRule:
    key: str  # the JSON key ("adm.further_info_then_decided" is adm's further_info_then_decided)
    label: str
    how: str  # one line for the appendix
    contribution: Contribution


def _children_of(code: str, recommended_only: bool = True) -> Contribution:
    def count(h: HeardHearing) -> int:
        wanted = h.case_type == code and (h.outcome == Outcome.RECOMMENDED.value or not recommended_only)
        return h.children if wanted else 0

    return count


def _inter_agency(h: HeardHearing) -> int:
    return _children_of(CaseType.MATCH.value)(h) if h.inter_agency else 0


def _hearings_of(code: str) -> Contribution:
    return lambda h: int(h.case_type == code)


def _difference(code: str) -> Contribution:
    return lambda h: int(h.par_difference == code)


FIGURE_RULES: tuple[FigureRule, ...] = (
    FigureRule(
        "children_matched",
        "children matched",
        "Children in the match hearings recommended in the period; a sibling group of two is "
        "two, a match with no child recorded is one.",
        _children_of(CaseType.MATCH.value),
    ),
    FigureRule(
        "children_consent_plans",
        "children in plans for adoption by consent",
        "Children in the plans for adoption by consent recommended in the period.",
        _children_of(CaseType.CONSENT_PLAN.value),
    ),
    FigureRule(
        "inter_agency_matches",
        "children matched with another agency's adopters",
        "Children matched (as above) where the match is marked inter-agency: the adopters are "
        "another regional adoption agency's or a voluntary agency's.",
        _inter_agency,
    ),
    FigureRule(
        "adm.further_info_then_decided",
        "ADM asked for further information, then decided",
        "ADM decisions (agreed or not agreed) on the period's recommendations where the ADM "
        "first asked for further information (a request recorded, or noted on the decision).",
        lambda h: int(h.further_info_then_decided and h.adm_decision in DECIDED_CODES),
    ),
    FigureRule(
        "adm.decided_on_time",
        "ADM decisions made within the working-day target",
        "ADM decisions made within the agency's working days (7 by default) after the final "
        "minutes were sent, or after further information the ADM asked for was sent.",
        lambda h: int(h.decision_on_time is True),
    ),
    FigureRule(
        "adm.decisions_timed",
        "ADM decisions with the date the minutes were sent",
        "ADM decisions (agreed or not agreed) with the date the final minutes were sent: "
        "adm.on_time_pct is the decisions on time as a percentage of these.",
        lambda h: int(h.decision_on_time is not None),
    ),
    FigureRule(
        "adm.sw_notified_on_time",
        "social worker told of the ADM's decision within the working-day target",
        "ADM decisions (agreed or not agreed) told to the social worker within the agency's "
        "working days (2 by default) after the decision; bank holidays are not working days.",
        lambda h: int(h.sw_notified_on_time is True),
    ),
    FigureRule(
        "adm.sw_notifications_timed",
        "ADM decisions with the date the social worker was told",
        "ADM decisions (agreed or not agreed) with the date the social worker was told: "
        "adm.sw_notification_on_time_pct is those told on time as a percentage of these.",
        lambda h: int(h.sw_notified_on_time is not None),
    ),
    FigureRule(
        "adm.written_confirmation_on_time",
        "applicants told of the ADM's decision in writing within the working-day target",
        "ADM decisions (agreed or not agreed) whose letter to the applicants was sent within "
        "the agency's working days (5 by default) after the decision; bank holidays are not "
        "working days.",
        lambda h: int(h.written_confirmation_on_time is True),
    ),
    FigureRule(
        "adm.written_confirmations_timed",
        "ADM decisions with the date the letter was sent",
        "ADM decisions (agreed or not agreed) with the date the letter to the applicants was "
        "sent: adm.written_confirmation_on_time_pct is those sent on time as a percentage of these.",
        lambda h: int(h.written_confirmation_on_time is not None),
    ),
    *(
        FigureRule(
            f"grading_differences.{code}",
            f"ADM's PAR grade {DIFFERENCE_WORDS[code]}",
            f"PARs graded by both the panel and the ADM where the ADM gave {DIFFERENCE_WORDS[code]}"
            + ("." if code == "same" else " than the panel." if code != "more" else "."),
            _difference(code),
        )
        for code in DIFFERENCE_CODES
    ),
    FigureRule(
        "pars_capped",
        "PARs capped by the four-month rule",
        "PARs graded by the panel at approval hearings more than the agency's months (4 by "
        "default) after Stage 2 started, so not graded Good or Outstanding.",
        lambda h: int(h.par_capped),
    ),
    FigureRule(
        "late_papers",
        "late papers",
        "Papers for the period's hearings received after their due date (or not received by the sitting).",
        lambda h: h.late_papers,
    ),
    FigureRule(
        "disruptions",
        "disruption reports heard",
        "Disruption reports heard at the period's sittings.",
        _hearings_of(CaseType.DISRUPTION.value),
    ),
)
RULES_BY_KEY: dict[str, FigureRule] = {rule.key: rule for rule in FIGURE_RULES}


def count(rule: FigureRule, hearings: Iterable[HeardHearing]) -> int:
    return sum(rule.contribution(h) for h in hearings)


def behind(rule: FigureRule, hearings: Iterable[HeardHearing]) -> list[HeardHearing]:
    """The hearings a figure counts, in sitting order."""
    return sorted(
        (h for h in hearings if rule.contribution(h)), key=lambda h: (h.sitting_date, h.panel, h.reference)
    )


def children_by_area(hearings: Iterable[HeardHearing]) -> dict[str, int]:
    """Children matched, by the match's locality (or local authority)."""
    out: dict[str, int] = {}
    for h in hearings:
        if by_area_rule(h):
            out[h.area] = out.get(h.area, 0) + h.children
    return out


def by_area_rule(h: HeardHearing) -> int:
    """A recommended hearing of a case type the report counts by area (matches): its children."""
    counted = case_types.get(h.case_type).counts_by_area and h.outcome == Outcome.RECOMMENDED.value
    return h.children if counted else 0
