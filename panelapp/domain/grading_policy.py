"""Grading policy and the rules a recommendation must meet (pure: no database, no Qt).

Grading: every PAR, CPR and APR presented gets a panel grade. Agency policy (configurable,
default 4 months): a PAR that reached panel more than ``par_grade_cap_after_months`` after
Stage 2 started may not be graded Good or Outstanding.

Recommendations: reasons are required; the vote cannot count more people than sat for the
case. A recommendation is never conditional or "in principle" (the panel defers instead,
saying what is needed and by when): conditional words in the recommendation's own wording
(its advice, never its reasons) are a warning that names the phrase, not a refusal, since
"subject to" also has ordinary meanings ("subject to a placement order").
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from panelapp.domain.periods import uk_date
from panelapp.domain.vocab import Grade, Outcome, Paper

GRADED_PAPERS = frozenset(p.value for p in Paper)
ALL_GRADES: tuple[Grade, ...] = (
    Grade.OUTSTANDING,
    Grade.GOOD,
    Grade.REQUIRES_IMPROVEMENT,
    Grade.INADEQUATE,
)
CAPPED_GRADES = frozenset({Grade.OUTSTANDING, Grade.GOOD})


def add_months(start: date, months: int) -> date:
    """The same day ``months`` later; the 31st becomes the month's last day when it has none."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class GradeOffer:
    """The grades a form may offer for one paper, and the sentence saying why when some are not."""

    paper_type: str
    grades: tuple[Grade, ...]
    capped: bool
    reason: str

    def allows(self, grade: Grade | str) -> bool:
        return Grade(grade) in self.grades


def grades_offered(
    paper_type: str, stage2_start: date | None, sitting_date: date, cap_after_months: int
) -> GradeOffer:
    """Which grades the panel may give this paper at a sitting on ``sitting_date``."""
    if paper_type not in GRADED_PAPERS:
        raise ValueError(f"Only the PAR, CPR and APR are graded, not {paper_type!r}.")
    if paper_type != Paper.PAR.value or cap_after_months <= 0:
        return GradeOffer(paper_type, ALL_GRADES, False, "")
    if stage2_start is None:
        return GradeOffer(
            paper_type,
            ALL_GRADES,
            False,
            "The Stage 2 start date is not recorded for this case, so the grading cap "
            f"({_months(cap_after_months)} after Stage 2 started) cannot be checked.",
        )
    limit = add_months(stage2_start, cap_after_months)
    if sitting_date <= limit:
        return GradeOffer(paper_type, ALL_GRADES, False, "")
    return GradeOffer(
        paper_type,
        tuple(g for g in ALL_GRADES if g not in CAPPED_GRADES),
        True,
        f"Good and Outstanding are not offered: this PAR reached panel on {uk_date(sitting_date)}, "
        f"more than {_months(cap_after_months)} after Stage 2 started on {uk_date(stage2_start)} "
        f"(agency policy: the cap applies after {uk_date(limit)}).",
    )


def check_grade(grade: str, offer: GradeOffer) -> str | None:
    """None when the grade may be given, else the message for the form."""
    try:
        chosen = Grade(grade)
    except ValueError:
        return f"{grade!r} is not a grade. Choose Outstanding, Good, Requires improvement or Inadequate."
    if not offer.allows(chosen):
        return f"The {offer.paper_type} cannot be graded {chosen.label}. {offer.reason}"
    return None


def grade_steps_apart(first: Grade | str, second: Grade | str) -> int:
    """0 when two grades agree, 1 when one grade apart, and so on."""
    return abs(Grade(first).rank - Grade(second).rank)


# Words that may make a recommendation conditional; the panel defers instead.
_CONDITIONAL = re.compile(
    r"\b(in principle|conditional(ly)?|subject to|on condition( that)?|provided that|providing that)\b",
    re.IGNORECASE,
)


def conditional_wording(text: str) -> str | None:
    """The conditional phrase found in ``text``, or None."""
    found = _CONDITIONAL.search(text or "")
    return found.group(0) if found else None


def conditional_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every conditional phrase in ``text``, for highlighting it in a form."""
    return [m.span() for m in _CONDITIONAL.finditer(text or "")]


def conditional_warning(wording: str) -> str | None:
    """The warning for a recommendation worded conditionally (None when it is not).

    Only the recommendation's own wording is looked at: reasons may say "subject to a
    placement order" and mean nothing conditional. The save goes through.
    """
    phrase = conditional_wording(wording)
    if phrase is None:
        return None
    return (
        f"The recommendation's wording contains “{phrase}”: a recommendation is never "
        "conditional or 'in principle'. If the panel needs something first, defer the case "
        "with what is needed and by when; otherwise check the wording."
    )


@dataclass(frozen=True)
class Vote:
    for_: int | None
    against: int | None
    abstain: int | None

    @property
    def recorded(self) -> bool:
        return any(v is not None for v in (self.for_, self.against, self.abstain))

    @property
    def total(self) -> int:
        return (self.for_ or 0) + (self.against or 0) + (self.abstain or 0)

    @property
    def unanimous(self) -> bool:
        return self.recorded and (self.for_ or 0) > 0 and not self.against and not self.abstain

    def describe(self) -> str:
        """'Unanimous (6 for)' or 'Majority: 5 for, 1 against, 0 abstaining'."""
        if not self.recorded:
            return "No vote recorded"
        if self.unanimous:
            return f"Unanimous ({self.for_ or 0} for)"
        return f"Majority: {self.for_ or 0} for, {self.against or 0} against, {self.abstain or 0} abstaining"


@dataclass(frozen=True)
class RecommendationDraft:
    """What the form sends; checked by ``recommendation_problems``."""

    outcome: str
    vote: Vote
    reasons: str
    advice: str = ""
    deferral_needed: str = ""
    deferral_by: date | None = None


def recommendation_problems(
    draft: RecommendationDraft, sitting_date: date, members_sitting: int
) -> dict[str, str]:
    """Field -> message for everything wrong with the draft (empty when it may be saved)."""
    problems: dict[str, str] = {}
    try:
        outcome = Outcome(draft.outcome)
    except ValueError:
        problems["outcome"] = (
            "Choose recommended, not recommended, deferred or noted. A recommendation cannot be "
            "conditional or 'in principle': if the panel needs something first, defer the case."
        )
        outcome = None
    if not draft.reasons.strip():
        problems["reasons"] = "Write the panel's reasons: they are required for every recommendation."
    problems.update(_vote_problems(draft.vote, outcome, members_sitting))
    if outcome is Outcome.DEFERRED:
        if not draft.deferral_needed.strip():
            problems["deferral_needed"] = "Say what the panel needs before the case comes back."
        if draft.deferral_by is None:
            problems["deferral_by"] = "Say by when the information is needed."
        elif draft.deferral_by <= sitting_date:
            problems["deferral_by"] = f"The date must be after the sitting ({uk_date(sitting_date)})."
    return problems


def _vote_problems(vote: Vote, outcome: Outcome | None, members_sitting: int) -> dict[str, str]:
    values = (vote.for_, vote.against, vote.abstain)
    if any(v is not None and v < 0 for v in values):
        return {"vote": "Votes cannot be negative."}
    if outcome in (Outcome.RECOMMENDED, Outcome.NOT_RECOMMENDED) and not vote.recorded:
        return {"vote": "Record the vote (for, against, abstaining)."}
    if vote.total > members_sitting:
        return {
            "vote": f"The vote counts {vote.total} people but only {members_sitting} "
            f"member{'s' if members_sitting != 1 else ''} sat for this case."
        }
    if outcome is Outcome.RECOMMENDED and vote.recorded and (vote.for_ or 0) <= (vote.against or 0):
        return {"vote": "A recommendation needs more votes for than against. Check the vote or the outcome."}
    return {}


def _months(n: int) -> str:
    return f"{n} month{'s' if n != 1 else ''}"
