"""Recording what happens after panel: minutes sent to the ADM, the decision, the letters.

What may be recorded when: the final minutes go to the ADM only once the sitting's minutes
are final (signed off) and not before the sitting; the ADM decides only after they were
sent. A request for further information is kept (what, by when) with the date it was
provided, which restarts the ADM's clock; after a qualifying determination the route to
the final decision (representations or the IRM, the re-hearing's recommendation, the
final decision) is recorded with the decision.

Each function is one transaction checked against Permission.RECORD_ADM; a save based on
an old copy of the record is refused (check_version), and bad dates change nothing.
The ADM decision record is created on first use, routed to the ADM the agency setup
names (see `panelapp.services.adm`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import AdmDecisionRecord, AdmFurtherInformation, Grading, Hearing, Minutes, Recommendation
from panelapp.domain import case_types
from panelapp.domain.deadlines import DECIDED, is_qualifying_determination, representations_window_end
from panelapp.domain.periods import uk_date
from panelapp.domain.permissions import Permission
from panelapp.domain.vocab import AdmDecision, Grade, Outcome
from panelapp.services.adm.tracker import GOES_TO_ADM, routed_adm_id
from panelapp.services.context import ServiceContext, check_version
from panelapp.services.errors import NotFound, ValidationError

CASE_STATUSES_FOLLOWING_ADM = ("heard", "awaiting_decision", "decided")
DATE_FIELDS = (
    "decided_on",
    "sw_notified_on",
    "letter_sent_on",
    "representations_received_on",
    "irm_applied_on",
    "review_recommendation_on",
    "final_decided_on",
)


@dataclass(frozen=True)
class SavedRecord:
    record_id: int
    version: int


@dataclass
class _Loaded:
    hearing: Hearing
    record: AdmDecisionRecord
    outcome: Outcome
    heard_on: date
    minutes_state: str  # of the sitting's minutes; "" when none are written


def _load_for_write(session: Session, agency_id: int, hearing_id: int) -> _Loaded:
    """The hearing and its ADM record, created (routed to its ADM) if it did not exist yet.

    Everything is read before a new record is added, and the record is built with every
    column set, so no autoflush splits its insert from the change that follows (the audit
    row then shows the whole change).
    """
    hearing = session.get(Hearing, hearing_id)
    if hearing is None or hearing.case.agency_id != agency_id:
        raise NotFound("That hearing no longer exists.")
    outcome = session.scalar(select(Recommendation.outcome).where(Recommendation.hearing_id == hearing_id))
    if outcome not in GOES_TO_ADM or not case_types.get(hearing.case.case_type).goes_to_adm:
        raise ValidationError(
            "Only a case the panel recommended or did not recommend goes to the ADM; "
            "record the panel's recommendation first."
        )
    heard_on = hearing.meeting.date
    minutes_state = session.scalar(select(Minutes.state).where(Minutes.meeting_id == hearing.meeting_id))
    record = session.scalar(select(AdmDecisionRecord).where(AdmDecisionRecord.hearing_id == hearing_id))
    routed = routed_adm_id(session, agency_id, hearing_id)
    if record is None:
        record = AdmDecisionRecord(
            hearing_id=hearing_id,
            decision_maker_id=routed,
            decision=AdmDecision.PENDING.value,
            final_decision="",
            notes="",
            **dict.fromkeys(("minutes_sent_on", *DATE_FIELDS)),
        )
        session.add(record)
    elif record.decision_maker_id is None:
        record.decision_maker_id = routed
    return _Loaded(hearing, record, Outcome(str(outcome)), heard_on, minutes_state or "")


def ensure_adm_record(ctx: ServiceContext, hearing_id: int) -> SavedRecord:
    """Create the ADM decision record for a recommendation, routed to its ADM, if missing."""
    with ctx.write(Permission.RECORD_ADM, "ADM decision record") as session:
        record = _load_for_write(session, ctx.agency_id, hearing_id).record
        session.flush()
        return SavedRecord(record.id, record.version)


def _check_minutes_final(errors: dict[str, str], loaded: _Loaded) -> None:
    """Only final (signed-off) minutes go to the ADM."""
    state = loaded.minutes_state
    if state != "final" and "minutes_sent_on" not in errors:
        now = f"still {state.replace('_', ' ')}" if state else "not written yet"
        errors["minutes_sent_on"] = (
            f"The minutes of the sitting on {uk_date(loaded.heard_on)} are {now}: the chair "
            "signs them off as final before they go to the ADM."
        )


def _information_provided(errors: dict[str, str], record: AdmDecisionRecord, provided_on: date) -> None:
    """The further information went to the ADM: the request is marked provided, the clock restarts."""
    if record.decided_on is not None and provided_on < record.decided_on:
        errors["minutes_sent_on"] = (
            f"The ADM asked for further information on {uk_date(record.decided_on)}; "
            "give the date it was sent, on or after that."
        )
        return
    if errors:
        return
    asked = uk_date(record.decided_on) if record.decided_on else "an unrecorded date"
    note = f"Further information requested {asked}; sent {uk_date(provided_on)}."
    record.notes = f"{record.notes}\n{note}".strip()
    request = _open_request(record)
    if request is None:  # asked before requests were kept: keep it now
        request = AdmFurtherInformation(requested_on=record.decided_on or provided_on, what="")
        record.further_information.append(request)
    request.provided_on = provided_on
    record.decision, record.decided_on = AdmDecision.PENDING.value, None


def _open_request(record: AdmDecisionRecord) -> AdmFurtherInformation | None:
    return next((r for r in reversed(record.further_information) if r.provided_on is None), None)


def _check_not_future(errors: dict[str, str], field: str, value: date | None, today: date) -> None:
    if value is not None and value > today and field not in errors:
        errors[field] = f"{uk_date(value)} is in the future: record it on the day it happens."


def record_minutes_sent(
    ctx: ServiceContext,
    hearing_id: int,
    sent_on: date,
    expected_version: int | None,
    *,
    today: date | None = None,
) -> SavedRecord:
    """The final minutes went to the ADM on `sent_on`: the decision clock starts.

    Refused while the sitting's minutes are not final (signed off by the chair). After the
    ADM asked for further information, this records the day it was provided instead: the
    request is marked provided and the clock restarts from that day.
    """
    today = today or ctx.today()
    with ctx.write(Permission.RECORD_ADM, "Minutes sent to the ADM") as session:
        loaded = _load_for_write(session, ctx.agency_id, hearing_id)
        hearing, record = loaded.hearing, loaded.record
        check_version(record, expected_version, "ADM decision")
        errors: dict[str, str] = {}
        if sent_on < loaded.heard_on:
            errors["minutes_sent_on"] = (
                f"The minutes cannot have gone to the ADM before the panel sat on {uk_date(loaded.heard_on)}."
            )
        _check_not_future(errors, "minutes_sent_on", sent_on, today)
        if record.decision in (AdmDecision.AGREED, AdmDecision.NOT_AGREED):
            errors["minutes_sent_on"] = "The ADM has already decided; change the decision instead."
        elif record.decision == AdmDecision.FURTHER_INFO:
            _information_provided(errors, record, sent_on)
        else:
            _check_minutes_final(errors, loaded)
        if errors:
            raise ValidationError(next(iter(errors.values())), errors)
        record.minutes_sent_on = sent_on
        if hearing.case.status in CASE_STATUSES_FOLLOWING_ADM:
            hearing.case.status = "awaiting_decision"
        session.flush()
        return SavedRecord(record.id, record.version)


@dataclass(frozen=True)
class DecisionEntry:
    """What the record-decision form holds. Blank dates are None.

    With "further information requested": what was asked for and by when. After a
    qualifying determination: representations or the IRM, the re-hearing's recommendation
    received, and the ADM's final decision as one of the case type's answers.
    """

    decision: AdmDecision
    decided_on: date | None
    adm_par_grade: Grade | None = None
    sw_notified_on: date | None = None
    letter_sent_on: date | None = None
    representations_received_on: date | None = None
    irm_applied_on: date | None = None
    information_wanted: str = ""
    information_due_by: date | None = None
    review_recommendation_on: date | None = None
    final_decision: Outcome | None = None
    final_decided_on: date | None = None


def _validate_decision(
    entry: DecisionEntry, record: AdmDecisionRecord, case_type: str, outcome: Outcome, today: date
) -> dict[str, str]:
    errors: dict[str, str] = {}
    decided = entry.decision in DECIDED
    if record.minutes_sent_on is None:
        errors["decision"] = (
            "Record when the final minutes went to the ADM first: the ADM decides on the final "
            "minutes, and that date starts the clock."
        )
    if entry.decision is AdmDecision.PENDING:
        if any((entry.decided_on, entry.sw_notified_on, entry.letter_sent_on)):
            errors["decision"] = "A pending decision has no decision, notification or letter dates."
    elif entry.decided_on is None:
        errors["decided_on"] = "Give the date of the ADM's decision."
    elif record.minutes_sent_on is not None and entry.decided_on < record.minutes_sent_on:
        errors["decided_on"] = (
            f"The decision cannot be before the minutes were sent on {uk_date(record.minutes_sent_on)}."
        )
    for field in ("sw_notified_on", "letter_sent_on"):
        value: date | None = getattr(entry, field)
        if value is None:
            continue
        if not decided:
            errors[field] = (
                "Only an agreed or not agreed decision is told to the social worker and in writing."
            )
        elif entry.decided_on is not None and value < entry.decided_on:
            errors[field] = f"This cannot be before the decision on {uk_date(entry.decided_on)}."
    _validate_request(errors, entry)
    _validate_challenge(errors, entry, case_type, outcome, today)
    if entry.adm_par_grade is not None and not case_types.get(case_type).adm_grades_par:
        errors["adm_par_grade"] = "The ADM grades the PAR of adopter approvals only."
    for field in DATE_FIELDS:
        _check_not_future(errors, field, getattr(entry, field), today)
    return errors


def _validate_request(errors: dict[str, str], entry: DecisionEntry) -> None:
    """A request for further information says what is wanted; its date 'by' follows it."""
    if entry.decision is not AdmDecision.FURTHER_INFO:
        if entry.information_wanted.strip() or entry.information_due_by:
            errors["information_wanted"] = "Only a request for further information says what is wanted."
        return
    if not entry.information_wanted.strip():
        errors["information_wanted"] = "Say what further information the ADM asked for."
    due_by, asked = entry.information_due_by, entry.decided_on
    if due_by is not None and asked is not None and due_by < asked:
        errors["information_due_by"] = f"This cannot be before the request on {uk_date(asked)}."


def _validate_challenge(
    errors: dict[str, str], entry: DecisionEntry, case_type: str, outcome: Outcome, today: date
) -> None:
    """Representations or the IRM, the re-hearing and the final decision, in that order."""
    qualifying = is_qualifying_determination(case_type, outcome, entry.decision)
    row = case_types.get(case_type)
    for field in ("representations_received_on", "irm_applied_on"):
        value = getattr(entry, field)
        if value is None:
            continue
        if not qualifying:
            errors[field] = (
                "Representations and the IRM follow only a qualifying determination (applicants "
                "not suitable, or an approval ended)."
            )
        elif entry.letter_sent_on is None or value < entry.letter_sent_on:
            errors[field] = "This comes after the written determination: give the letter's date first."
    challenged = [d for d in (entry.representations_received_on, entry.irm_applied_on) if d]
    review = entry.review_recommendation_on
    if review is not None and not challenged:
        errors["review_recommendation_on"] = (
            "A re-hearing follows representations or an IRM application: record that first."
        )
    elif review is not None and review < min(challenged):
        errors["review_recommendation_on"] = (
            "The re-hearing's recommendation comes after the representations."
        )
    if entry.final_decision is None:
        if entry.final_decided_on is not None:
            errors["final_decision"] = "Choose the ADM's final decision, or clear its date."
        return
    if entry.final_decision not in row.outcomes or not qualifying:
        errors["final_decision"] = "A final decision follows only a qualifying determination."
    elif entry.final_decided_on is None:
        errors["final_decided_on"] = "Give the date of the ADM's final decision."
    elif review is not None and entry.final_decided_on < review:
        errors["final_decided_on"] = "The final decision cannot be before the re-hearing's recommendation."
    elif review is None and (challenged or _window_open(entry, today)):
        errors["final_decision"] = (
            "The ADM makes the final decision after the re-hearing's recommendation, or once the "
            "40 working days for representations have passed without any."
        )


def _window_open(entry: DecisionEntry, today: date) -> bool:
    """The applicants' 40 working days (AAR 2005 reg 30B(5)(c)) have not yet passed."""
    return entry.letter_sent_on is None or today <= representations_window_end(entry.letter_sent_on)


def record_decision(
    ctx: ServiceContext,
    hearing_id: int,
    entry: DecisionEntry,
    expected_version: int | None,
    *,
    today: date | None = None,
) -> SavedRecord:
    """Save the ADM's decision and what followed it, all or nothing."""
    today = today or ctx.today()
    summary = f"ADM decision: {entry.decision.label}"
    with ctx.write(Permission.RECORD_ADM, summary) as session:
        loaded = _load_for_write(session, ctx.agency_id, hearing_id)
        hearing, record = loaded.hearing, loaded.record
        check_version(record, expected_version, "ADM decision")
        errors = _validate_decision(entry, record, hearing.case.case_type, loaded.outcome, today)
        if errors:
            raise ValidationError(next(iter(errors.values())), errors)
        _keep_request(record, entry)
        record.decision = entry.decision.value
        record.decided_on = entry.decided_on
        record.sw_notified_on = entry.sw_notified_on
        record.letter_sent_on = entry.letter_sent_on
        record.representations_received_on = entry.representations_received_on
        record.irm_applied_on = entry.irm_applied_on
        record.review_recommendation_on = entry.review_recommendation_on
        record.final_decision = entry.final_decision.value if entry.final_decision else ""
        record.final_decided_on = entry.final_decided_on
        _set_adm_grade(session, hearing_id, entry.adm_par_grade)
        if hearing.case.status in CASE_STATUSES_FOLLOWING_ADM:
            hearing.case.status = "decided" if entry.decision in DECIDED else "awaiting_decision"
        session.flush()
        return SavedRecord(record.id, record.version)


def _keep_request(record: AdmDecisionRecord, entry: DecisionEntry) -> None:
    """A request for further information becomes (or updates) a row that outlives the decision.

    Saving the request again edits the open one; changing a request back to "pending"
    withdraws it (recorded by mistake); a decision that follows it leaves it in the history.
    """
    open_request = _open_request(record) if record.decision == AdmDecision.FURTHER_INFO else None
    if entry.decision is AdmDecision.FURTHER_INFO:
        assert entry.decided_on is not None  # validated
        if open_request is None:
            open_request = AdmFurtherInformation(requested_on=entry.decided_on)
            record.further_information.append(open_request)
        open_request.requested_on = entry.decided_on
        open_request.what = entry.information_wanted.strip()
        open_request.due_by = entry.information_due_by
    elif entry.decision is AdmDecision.PENDING and open_request is not None:
        record.further_information.remove(open_request)


def _set_adm_grade(session: Session, hearing_id: int, grade: Grade | None) -> None:
    existing = session.scalar(
        select(Grading)
        .where(Grading.hearing_id == hearing_id)
        .where(Grading.paper_type == "PAR")
        .where(Grading.source == "adm")
    )
    if grade is None:
        if existing is not None:
            session.delete(existing)
        return
    if existing is None:
        session.add(Grading(hearing_id=hearing_id, paper_type="PAR", source="adm", grade=grade.value))
    elif existing.grade != grade.value:
        existing.grade = grade.value
