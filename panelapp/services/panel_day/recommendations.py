"""The panel's recommendation for a case heard at a sitting: outcome, vote, reasons, advice.

Recommendations are never conditional or "in principle": the panel defers instead, and a
deferred case goes back to "open" so it can be booked for a later sitting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Case, Hearing, Meeting, Recommendation
from panelapp.domain.grading_policy import RecommendationDraft, Vote, recommendation_problems
from panelapp.domain.permissions import Permission
from panelapp.domain.vocab import CaseStatus, Outcome
from panelapp.services.context import ServiceContext, check_version
from panelapp.services.errors import NotFound, ValidationError
from panelapp.services.sittings.quorum import meeting_quorum

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
    with ctx.read() as session:
        found = session.execute(
            select(Hearing.meeting_id, Meeting.date, Case.reference)
            .join(Meeting, Meeting.id == Hearing.meeting_id)
            .join(Case, Case.id == Hearing.case_id)
            .where(Hearing.id == hearing_id)
        ).first()
    if found is None:
        raise NotFound("That case is no longer booked at this sitting.")
    meeting_id, sitting_date, reference = found
    case_quorum = next((c for c in meeting_quorum(ctx, meeting_id).cases if c.hearing_id == hearing_id), None)
    sitting = case_quorum.result.members_counted if case_quorum else 0
    draft = RecommendationDraft(
        outcome=form.outcome,
        vote=Vote(form.vote_for, form.vote_against, form.vote_abstain),
        reasons=form.reasons,
        advice=" ".join((form.advice, form.advice_needs)),
        deferral_needed=form.deferral_needed,
        deferral_by=form.deferral_by,
    )
    problems = recommendation_problems(draft, sitting_date, sitting)
    if problems:
        raise ValidationError(
            f"The recommendation for {reference} was not saved: "
            + " ".join(dict.fromkeys(problems.values())),
            problems,
        )
    outcome = Outcome(form.outcome)
    with ctx.write(Permission.RECORD_OUTCOMES, f"Recommendation for {reference}: {outcome.label}") as session:
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
