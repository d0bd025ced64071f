"""Recording what happens after panel: minutes sent to the ADM, the decision, the letters.

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

from db.models import AdmDecisionRecord, Grading, Hearing, Recommendation
from panelapp.domain import case_types
from panelapp.domain.deadlines import DECIDED, is_qualifying_determination
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
    record = session.scalar(select(AdmDecisionRecord).where(AdmDecisionRecord.hearing_id == hearing_id))
    routed = routed_adm_id(session, agency_id, hearing_id)
    if record is None:
        record = AdmDecisionRecord(
            hearing_id=hearing_id,
            decision_maker_id=routed,
            decision=AdmDecision.PENDING.value,
            notes="",
            **dict.fromkeys(("minutes_sent_on", *DATE_FIELDS)),
        )
        session.add(record)
    elif record.decision_maker_id is None:
        record.decision_maker_id = routed
    return _Loaded(hearing, record, Outcome(str(outcome)), heard_on)


def ensure_adm_record(ctx: ServiceContext, hearing_id: int) -> SavedRecord:
    """Create the ADM decision record for a recommendation, routed to its ADM, if missing."""
    with ctx.write(Permission.RECORD_ADM, "ADM decision record") as session:
        record = _load_for_write(session, ctx.agency_id, hearing_id).record
        session.flush()
        return SavedRecord(record.id, record.version)


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

    After the ADM asked for further information, recording when it was sent restarts
    the clock (the request is kept in the record's notes and the audit log).
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
            if record.decided_on is not None and sent_on < record.decided_on:
                errors["minutes_sent_on"] = (
                    f"The ADM asked for further information on {uk_date(record.decided_on)}; "
                    "give the date it was sent, on or after that."
                )
            else:
                asked = uk_date(record.decided_on) if record.decided_on else "an unrecorded date"
                note = f"Further information requested {asked}; sent {uk_date(sent_on)}."
                record.notes = f"{record.notes}\n{note}".strip()
                record.decision, record.decided_on = AdmDecision.PENDING.value, None
        if errors:
            raise ValidationError(next(iter(errors.values())), errors)
        record.minutes_sent_on = sent_on
        if hearing.case.status in CASE_STATUSES_FOLLOWING_ADM:
            hearing.case.status = "awaiting_decision"
        session.flush()
        return SavedRecord(record.id, record.version)


@dataclass(frozen=True)
class DecisionEntry:
    """What the record-decision form holds. Blank dates are None."""

    decision: AdmDecision
    decided_on: date | None
    adm_par_grade: Grade | None = None
    sw_notified_on: date | None = None
    letter_sent_on: date | None = None
    representations_received_on: date | None = None
    irm_applied_on: date | None = None


def _validate_decision(
    entry: DecisionEntry, record: AdmDecisionRecord, case_type: str, outcome: Outcome, today: date
) -> dict[str, str]:
    errors: dict[str, str] = {}
    decided = entry.decision in DECIDED
    if record.minutes_sent_on is None:
        errors["decision"] = "Record when the minutes went to the ADM first: that starts the clock."
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
    qualifying = is_qualifying_determination(case_type, outcome, entry.decision)
    for field in ("representations_received_on", "irm_applied_on"):
        value = getattr(entry, field)
        if value is None:
            continue
        if not qualifying:
            errors[field] = "Representations and the IRM follow only a refusal to approve adopters."
        elif entry.letter_sent_on is None or value < entry.letter_sent_on:
            errors[field] = "This comes after the written refusal: give the letter's date first."
    if entry.adm_par_grade is not None and not case_types.get(case_type).adm_grades_par:
        errors["adm_par_grade"] = "The ADM grades the PAR of adopter approvals only."
    for field in (
        "decided_on",
        "sw_notified_on",
        "letter_sent_on",
        "representations_received_on",
        "irm_applied_on",
    ):
        _check_not_future(errors, field, getattr(entry, field), today)
    return errors


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
        record.decision = entry.decision.value
        record.decided_on = entry.decided_on
        record.sw_notified_on = entry.sw_notified_on
        record.letter_sent_on = entry.letter_sent_on
        record.representations_received_on = entry.representations_received_on
        record.irm_applied_on = entry.irm_applied_on
        _set_adm_grade(session, hearing_id, entry.adm_par_grade)
        if hearing.case.status in CASE_STATUSES_FOLLOWING_ADM:
            hearing.case.status = "decided" if entry.decision in DECIDED else "awaiting_decision"
        session.flush()
        return SavedRecord(record.id, record.version)


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
