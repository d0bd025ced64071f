"""Recording the ADM's decision: the grade, the dates, bad input, permissions and conflicts."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from db.models import AdmDecisionRecord, AuditEntry, Case, Grading, Hearing
from panelapp.domain.deadlines import DeadlineKind
from panelapp.domain.vocab import AdmDecision, CaseType, Grade, Outcome, UserRole
from panelapp.services import adm
from panelapp.services import adm as adm_record
from panelapp.services.adm import DecisionEntry
from panelapp.services.context import CurrentUser, ServiceContext
from panelapp.services.errors import ConflictError, PermissionDenied, ValidationError
from tests.services.adm.test_adm_tracker import add_heard_case

SENT = date(2026, 11, 18)
DECIDED = date(2026, 11, 24)
TODAY = date(2026, 11, 30)


def sent_case(ctx: ServiceContext, case_type: CaseType = CaseType.APPROVAL, **kw: Outcome) -> int:
    hearing_id = add_heard_case(ctx, case_type, **kw)  # type: ignore[arg-type]
    adm_record.record_minutes_sent(ctx, hearing_id, SENT, None, today=SENT)
    return hearing_id


def record(ctx: ServiceContext, hearing_id: int) -> AdmDecisionRecord:
    with ctx.read() as session:
        found = session.scalar(select(AdmDecisionRecord).where(AdmDecisionRecord.hearing_id == hearing_id))
        assert found is not None
        return found


def decide(ctx: ServiceContext, hearing_id: int, entry: DecisionEntry) -> adm_record.SavedRecord:
    return adm_record.record_decision(ctx, hearing_id, entry, record(ctx, hearing_id).version, today=TODAY)


def case_status(ctx: ServiceContext, hearing_id: int) -> str:
    with ctx.read() as session:
        return session.scalar(select(Case.status).join(Hearing).where(Hearing.id == hearing_id)) or ""


def test_a_full_decision_is_saved_with_the_adms_grade_and_an_audit_row(demo_ctx: ServiceContext) -> None:
    hearing_id = sent_case(demo_ctx)
    assert case_status(demo_ctx, hearing_id) == "awaiting_decision"
    decide(
        demo_ctx,
        hearing_id,
        DecisionEntry(
            AdmDecision.AGREED,
            DECIDED,
            adm_par_grade=Grade.GOOD,
            sw_notified_on=date(2026, 11, 25),
            letter_sent_on=date(2026, 11, 27),
        ),
    )
    saved = record(demo_ctx, hearing_id)
    assert (saved.decision, saved.decided_on, saved.sw_notified_on, saved.letter_sent_on) == (
        "agreed",
        DECIDED,
        date(2026, 11, 25),
        date(2026, 11, 27),
    )
    assert saved.updated_by == "test.admin"
    assert case_status(demo_ctx, hearing_id) == "decided"
    with demo_ctx.read() as session:
        grades = session.execute(
            select(Grading.paper_type, Grading.source, Grading.grade).where(Grading.hearing_id == hearing_id)
        ).all()
        audit = session.execute(
            select(AuditEntry.action, AuditEntry.summary, AuditEntry.after)
            .where(AuditEntry.table_name == "adm_decision")
            .order_by(AuditEntry.id.desc())
            .limit(2)
        ).all()
    assert grades == [("PAR", "adm", "good")]
    (decided_action, decided_summary, decided_after), (sent_action, sent_summary, sent_after) = audit
    assert (sent_action, sent_summary) == ("insert", "Minutes sent to the ADM")
    assert sent_after is not None and sent_after["minutes_sent_on"] == SENT.isoformat()
    assert sent_after["decision_maker_id"] is not None  # routed when created
    assert (decided_action, decided_summary) == ("update", "ADM decision: Agreed")
    assert decided_after == {
        "decided_on": DECIDED.isoformat(),
        "decision": "agreed",
        "letter_sent_on": "2026-11-27",
        "sw_notified_on": "2026-11-25",
    }
    case = adm.tracker_case(demo_ctx, hearing_id, TODAY)
    assert case.adm_par_grade is Grade.GOOD
    assert {d.kind: d.status(TODAY).value for d in case.deadlines} == {
        DeadlineKind.ADM_DECISION: "done",
        DeadlineKind.SW_NOTIFICATION: "done",
        DeadlineKind.WRITTEN_CONFIRMATION: "done",
    }


def test_changing_and_clearing_the_adms_grade(demo_ctx: ServiceContext) -> None:
    hearing_id = sent_case(demo_ctx)
    decide(demo_ctx, hearing_id, DecisionEntry(AdmDecision.AGREED, DECIDED, adm_par_grade=Grade.GOOD))
    decide(demo_ctx, hearing_id, DecisionEntry(AdmDecision.AGREED, DECIDED, adm_par_grade=Grade.OUTSTANDING))
    assert adm.tracker_case(demo_ctx, hearing_id).adm_par_grade is Grade.OUTSTANDING
    decide(demo_ctx, hearing_id, DecisionEntry(AdmDecision.AGREED, DECIDED, adm_par_grade=None))
    assert adm.tracker_case(demo_ctx, hearing_id).adm_par_grade is None


def test_only_approvals_get_an_adm_grade_of_the_par(demo_ctx: ServiceContext) -> None:
    hearing_id = sent_case(demo_ctx, CaseType.MATCH)
    with pytest.raises(ValidationError) as refused:
        decide(demo_ctx, hearing_id, DecisionEntry(AdmDecision.AGREED, DECIDED, adm_par_grade=Grade.GOOD))
    assert "adm_par_grade" in refused.value.field_errors


@pytest.mark.parametrize(
    ("entry", "field"),
    [
        (DecisionEntry(AdmDecision.AGREED, None), "decided_on"),
        (DecisionEntry(AdmDecision.AGREED, date(2026, 11, 17)), "decided_on"),  # before minutes sent
        (DecisionEntry(AdmDecision.AGREED, date(2026, 12, 1)), "decided_on"),  # in the future
        (DecisionEntry(AdmDecision.AGREED, DECIDED, sw_notified_on=date(2026, 11, 23)), "sw_notified_on"),
        (DecisionEntry(AdmDecision.AGREED, DECIDED, letter_sent_on=date(2026, 12, 2)), "letter_sent_on"),
        (DecisionEntry(AdmDecision.FURTHER_INFO, DECIDED, letter_sent_on=DECIDED), "letter_sent_on"),
        (DecisionEntry(AdmDecision.AGREED, DECIDED, irm_applied_on=TODAY), "irm_applied_on"),
        (DecisionEntry(AdmDecision.PENDING, DECIDED), "decision"),
    ],
)
def test_bad_dates_are_refused_and_change_nothing(
    demo_ctx: ServiceContext, entry: DecisionEntry, field: str
) -> None:
    hearing_id = sent_case(demo_ctx)
    before = record(demo_ctx, hearing_id)
    with pytest.raises(ValidationError) as refused:
        decide(demo_ctx, hearing_id, entry)
    assert field in refused.value.field_errors
    assert str(refused.value) in refused.value.field_errors.values()
    after = record(demo_ctx, hearing_id)
    assert (after.version, after.decision, after.decided_on) == (before.version, "pending", None)
    assert adm.tracker_case(demo_ctx, hearing_id).adm_par_grade is None


def test_no_decision_before_the_minutes_are_sent(demo_ctx: ServiceContext) -> None:
    hearing_id = add_heard_case(demo_ctx, CaseType.APPROVAL)
    with pytest.raises(ValidationError, match="minutes went to the ADM first"):
        adm_record.record_decision(
            demo_ctx, hearing_id, DecisionEntry(AdmDecision.AGREED, DECIDED), None, today=TODAY
        )


def test_minutes_cannot_be_sent_before_the_panel_sat_or_in_the_future(demo_ctx: ServiceContext) -> None:
    hearing_id = add_heard_case(demo_ctx, CaseType.APPROVAL)
    with pytest.raises(ValidationError, match="before the panel sat on 17/11/2026"):
        adm_record.record_minutes_sent(demo_ctx, hearing_id, date(2026, 11, 16), None, today=TODAY)
    with pytest.raises(ValidationError, match="in the future"):
        adm_record.record_minutes_sent(demo_ctx, hearing_id, date(2026, 12, 1), None, today=TODAY)
    assert adm.tracker_case(demo_ctx, hearing_id).minutes_sent_on is None


def test_a_refusal_opens_the_representations_window_and_the_irm_closes_it(demo_ctx: ServiceContext) -> None:
    hearing_id = sent_case(demo_ctx, outcome=Outcome.NOT_RECOMMENDED)
    letter = date(2026, 11, 26)
    decide(demo_ctx, hearing_id, DecisionEntry(AdmDecision.AGREED, DECIDED, letter_sent_on=letter))
    case = adm.tracker_case(demo_ctx, hearing_id)
    assert case.qualifying_determination
    window = next(d for d in case.deadlines if d.kind is DeadlineKind.REPRESENTATIONS)
    assert window.starts_on == letter and window.status(TODAY).value == "due"
    decide(
        demo_ctx,
        hearing_id,
        DecisionEntry(AdmDecision.AGREED, DECIDED, letter_sent_on=letter, irm_applied_on=TODAY),
    )
    window = next(
        d for d in adm.tracker_case(demo_ctx, hearing_id).deadlines if d.kind is DeadlineKind.REPRESENTATIONS
    )
    assert window.status(TODAY).value == "done"


def test_further_information_then_sending_it_restarts_the_clock(demo_ctx: ServiceContext) -> None:
    hearing_id = sent_case(demo_ctx)
    asked = DecisionEntry(AdmDecision.FURTHER_INFO, date(2026, 11, 20), information_wanted="Updated medical")
    decide(demo_ctx, hearing_id, asked)
    case = adm.tracker_case(demo_ctx, hearing_id)
    (only,) = case.deadlines
    assert only.kind is DeadlineKind.ADM_DECISION and only.status(date(2026, 11, 30)).value == "overdue"
    assert case_status(demo_ctx, hearing_id) == "awaiting_decision"
    with pytest.raises(ValidationError, match="on or after that"):
        adm_record.record_minutes_sent(demo_ctx, hearing_id, date(2026, 11, 19), case.version, today=TODAY)
    adm_record.record_minutes_sent(demo_ctx, hearing_id, date(2026, 11, 25), case.version, today=TODAY)
    again = adm.tracker_case(demo_ctx, hearing_id)
    assert again.decision is AdmDecision.PENDING and again.minutes_sent_on == date(2026, 11, 25)
    assert again.deadlines[0].due == date(2026, 12, 4)
    assert "Further information requested 20/11/2026; sent 25/11/2026." in record(demo_ctx, hearing_id).notes


def test_minutes_cannot_be_resent_once_decided(demo_ctx: ServiceContext) -> None:
    hearing_id = sent_case(demo_ctx)
    decide(demo_ctx, hearing_id, DecisionEntry(AdmDecision.NOT_AGREED, DECIDED))
    with pytest.raises(ValidationError, match="already decided"):
        adm_record.record_minutes_sent(demo_ctx, hearing_id, TODAY, None, today=TODAY)


def test_a_stale_copy_is_refused_naming_who_saved_first(demo_ctx: ServiceContext) -> None:
    hearing_id = sent_case(demo_ctx)
    stale = record(demo_ctx, hearing_id).version
    decide(demo_ctx, hearing_id, DecisionEntry(AdmDecision.AGREED, DECIDED))
    with pytest.raises(ConflictError, match=r"changed by test\.admin"):
        adm_record.record_decision(
            demo_ctx, hearing_id, DecisionEntry(AdmDecision.NOT_AGREED, DECIDED), stale, today=TODAY
        )
    assert record(demo_ctx, hearing_id).decision == "agreed"


@pytest.mark.parametrize("role", [UserRole.VIEWER, UserRole.CHAIR])
def test_viewers_and_chairs_cannot_record_adm_decisions(demo_ctx: ServiceContext, role: UserRole) -> None:
    hearing_id = sent_case(demo_ctx)
    other = ServiceContext(demo_ctx.engine, CurrentUser("someone", "Someone", role))
    with pytest.raises(PermissionDenied):
        adm_record.record_decision(
            other, hearing_id, DecisionEntry(AdmDecision.AGREED, DECIDED), None, today=TODAY
        )
    with pytest.raises(PermissionDenied):
        adm_record.record_minutes_sent(other, hearing_id, TODAY, None, today=TODAY)
    assert adm.adm_tracker(other, TODAY).cases  # reading is allowed
