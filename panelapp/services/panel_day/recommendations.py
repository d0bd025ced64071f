"""The panel's recommendation for a case heard at a sitting: outcome, vote, reasons, advice.

Recorded only for a sitting on or before today and a case the panel is quorate for at that
moment (AAR 2005 reg 6; `panel_day.recordable`); the vote never counts more members than
sat for the case. The outcome is one of the case type's own answers (or a deferral), shown
in that case type's words. Recommendations are never conditional or "in principle": the
panel defers instead, and conditional words in the recommendation's wording are a warning
(Statutory guidance 2013 ch 3). A deferred case goes back to "open" to be booked again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Case, Hearing, Recommendation
from panelapp.domain import case_types
from panelapp.domain.grading_policy import (
    RecommendationDraft,
    Vote,
    conditional_warning,
    recommendation_problems,
)
from panelapp.domain.permissions import Permission
from panelapp.domain.vocab import CaseStatus, Outcome
from panelapp.services.context import ServiceContext, check_version
from panelapp.services.errors import NotFound, ValidationError
from panelapp.services.panel_day.recordable import refuse_unless_recordable

# Where the case goes next once the panel has spoken.
CASE_STATUS_AFTER: dict[Outcome, CaseStatus] = {
    Outcome.RECOMMENDED: CaseStatus.AWAITING_DECISION,
    Outcome.NOT_RECOMMENDED: CaseStatus.AWAITING_DECISION,
    Outcome.DEFERRED: CaseStatus.OPEN,  # stays open to be booked again
    Outcome.NOTED: CaseStatus.CLOSED,
}


@dataclass(frozen=True)
class RecommendationForm:
    """What the administrator entered. Votes may be None when not taken (noted cases)."""

    outcome: str
    vote_for: int | None
    vote_against: int | None
    vote_abstain: int | None
    reasons: str
    advice: str = ""
    advice_children: str = ""
    advice_age_range: str = ""
    advice_sex: str = ""
    advice_needs: str = ""
    deferral_needed: str = ""
    deferral_by: date | None = None


@dataclass(frozen=True)
class RecommendationView:
    hearing_id: int
    version: int
    outcome: str
    vote_for: int | None
    vote_against: int | None
    vote_abstain: int | None
    reasons: str
    advice: str
    advice_children: str
    advice_age_range: str
    advice_sex: str
    advice_needs: str
    deferral_needed: str
    deferral_by: date | None

    @property
    def outcome_label(self) -> str:
        return Outcome(self.outcome).label

    def answer(self, case_type: str) -> str:
        """The outcome in the words of the case type's own answers."""
        return outcome_words(case_type, self.outcome)

    @property
    def wording(self) -> str:
        """The recommendation's own words (its advice), as against its reasons."""
        parts = (self.advice, self.advice_children, self.advice_age_range, self.advice_sex, self.advice_needs)
        return " ".join(p for p in parts if p)

    @property
    def wording_warning(self) -> str | None:
        """A warning when the wording reads as conditional (saved all the same)."""
        return conditional_warning(self.wording)

    @property
    def vote(self) -> Vote:
        return Vote(self.vote_for, self.vote_against, self.vote_abstain)

    @property
    def vote_text(self) -> str:
        return self.vote.describe()

    @property
    def approval_advice(self) -> str:
        """The advice on children for an approval, as one line ('' when none given)."""
        parts = [
            f"number of children: {self.advice_children}" if self.advice_children else "",
            f"age range: {self.advice_age_range}" if self.advice_age_range else "",
            f"sex: {self.advice_sex}" if self.advice_sex else "",
            f"needs: {self.advice_needs}" if self.advice_needs else "",
        ]
        return "; ".join(p for p in parts if p)


def outcome_words(case_type: str, outcome: str) -> str:
    """An outcome in the case type's words ("Suitable to adopt"); a deferral is "Deferred"."""
    row = case_types.find(case_type)
    return row.answer(Outcome(outcome)) if row else Outcome(outcome).label


def answers_offered(case_type: str) -> tuple[tuple[Outcome, str], ...]:
    """The outcomes a recommendation may have for this case type, in its words, then deferral."""
    row = case_types.find(case_type)
    answers = row.answers if row else tuple((o, o.label) for o in Outcome if o is not Outcome.DEFERRED)
    return (*answers, (Outcome.DEFERRED, Outcome.DEFERRED.label))


def _outcome_problem(case_type: str, outcome: str) -> str | None:
    offered = answers_offered(case_type)
    if outcome in {o.value for o, _words in offered}:
        return None
    words = ", ".join(w for _o, w in offered[:-1])
    return f"For a {case_types.label(case_type).lower()} the panel's answer is one of: {words}; or deferred."


def _view(row: Recommendation) -> RecommendationView:
    return RecommendationView(
        hearing_id=row.hearing_id,
        version=row.version,
        outcome=row.outcome,
        vote_for=row.vote_for,
        vote_against=row.vote_against,
        vote_abstain=row.vote_abstain,
        reasons=row.reasons,
        advice=row.advice,
        advice_children=row.advice_children,
        advice_age_range=row.advice_age_range,
        advice_sex=row.advice_sex,
        advice_needs=row.advice_needs,
        deferral_needed=row.deferral_needed,
        deferral_by=row.deferral_by,
    )


def recommendations_for_meeting(session: Session, meeting_id: int) -> dict[int, RecommendationView]:
    """Hearing id -> recommendation for every case at a sitting (one query)."""
    rows = session.scalars(
        select(Recommendation)
        .join(Hearing, Hearing.id == Recommendation.hearing_id)
        .where(Hearing.meeting_id == meeting_id)
    )
    return {row.hearing_id: _view(row) for row in rows}


def get_recommendation(ctx: ServiceContext, hearing_id: int) -> RecommendationView | None:
    with ctx.read() as session:
        row = session.scalar(select(Recommendation).where(Recommendation.hearing_id == hearing_id))
        return _view(row) if row else None


def record_recommendation(
    ctx: ServiceContext, hearing_id: int, form: RecommendationForm, expected_version: int | None = None
) -> RecommendationView:
    """Record (or correct) the recommendation. Bad input changes nothing.

    `expected_version` is the version the form was filled from (None for a first recording);
    a save over someone else's newer recording raises ConflictError.
    """
    ctx.require(Permission.RECORD_OUTCOMES)  # a role that may not record hears that first
    found = refuse_unless_recordable(ctx, hearing_id, "its recommendation can be recorded")
    reference, sitting_date = found.reference, found.sitting_date
    sitting = found.quorum.result.members_counted if found.quorum else 0
    draft = RecommendationDraft(
        outcome=form.outcome,
        vote=Vote(form.vote_for, form.vote_against, form.vote_abstain),
        reasons=form.reasons,
        advice=" ".join((form.advice, form.advice_needs)),
        deferral_needed=form.deferral_needed,
        deferral_by=form.deferral_by,
    )
    problems = recommendation_problems(draft, sitting_date, sitting)
    if "outcome" not in problems:
        wrong_answer = _outcome_problem(found.case_type, form.outcome)
        if wrong_answer:
            problems["outcome"] = wrong_answer
    if problems:
        raise ValidationError(
            f"The recommendation for {reference} was not saved: "
            + " ".join(dict.fromkeys(problems.values())),
            problems,
        )
    outcome = Outcome(form.outcome)
    said = outcome_words(found.case_type, outcome.value)
    with ctx.write(Permission.RECORD_OUTCOMES, f"Recommendation for {reference}: {said}") as session:
        row = session.scalar(select(Recommendation).where(Recommendation.hearing_id == hearing_id))
        if row is None:
            if expected_version is not None:
                raise NotFound("The recommendation you were editing has been removed. Reload the sitting.")
            row = Recommendation(hearing_id=hearing_id, outcome=outcome.value)
            session.add(row)
        else:
            check_version(row, expected_version, "recommendation")
        row.outcome = outcome.value
        row.vote_for, row.vote_against, row.vote_abstain = form.vote_for, form.vote_against, form.vote_abstain
        row.reasons = form.reasons.strip()
        row.advice = form.advice.strip()
        row.advice_children = form.advice_children.strip()
        row.advice_age_range = form.advice_age_range.strip()
        row.advice_sex = form.advice_sex.strip()
        row.advice_needs = form.advice_needs.strip()
        deferred = outcome is Outcome.DEFERRED
        row.deferral_needed = form.deferral_needed.strip() if deferred else ""
        row.deferral_by = form.deferral_by if deferred else None
        hearing = session.get(Hearing, hearing_id)
        assert hearing is not None  # checked above, and deleting it would cascade to the row
        hearing.status = "heard"
        case = session.get(Case, hearing.case_id)
        if case is not None and case.status not in (CaseStatus.WITHDRAWN, CaseStatus.DECIDED):
            case.status = CASE_STATUS_AFTER[outcome].value
        session.flush()
        return _view(row)
