"""What may be recorded after panel, and when (issue 16): final minutes before the ADM, the
ADM's further-information history, and the route after a qualifying determination.

Sources: Adoption Agencies Regulations 2005 (AAR) reg 30B (decision and notification,
qualifying determination, representations, re-hearing, final decision), reg 30D (review
and termination of approval); statutory guidance 2013, chapter 3 (the ADM's 7 working days).
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from db.models import AdmDecisionRecord, AdmFurtherInformation
from panelapp.domain.deadlines import DeadlineKind
from panelapp.domain.vocab import AdmDecision, CaseType, Outcome
from panelapp.services import adm
from panelapp.services.adm import DecisionEntry
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ValidationError
from tests.services.adm.test_adm_record import SENT, TODAY, decide, record, sent_case
from tests.services.adm.test_adm_tracker import add_heard_case

LETTER = date(2026, 11, 20)


def requests(ctx: ServiceContext, hearing_id: int) -> list[tuple[date, str, date | None, date | None]]:
    rid = record(ctx, hearing_id).id
    with ctx.read() as session:
        f = AdmFurtherInformation
        rows = session.execute(
            select(f.requested_on, f.what, f.due_by, f.provided_on)
            .where(f.adm_decision_id == rid)
            .order_by(f.id)
        ).all()
    return [tuple(r) for r in rows]  # type: ignore[misc]


# -- final minutes before the ADM ----------------------------------------------------------


@pytest.mark.parametrize("state", ["draft", "with_chair"])
def test_minutes_not_signed_off_cannot_go_to_the_adm(demo_ctx: ServiceContext, state: str) -> None:
    """Issue 16: "final minutes sent" only when the sitting's minutes are final; nothing saved."""
    hearing_id = add_heard_case(demo_ctx, CaseType.APPROVAL, heard_on=date(2026, 11, 16), minutes_state=state)
    with pytest.raises(ValidationError, match=f"still {state.replace('_', ' ')}: the chair signs them off"):
        adm.record_minutes_sent(demo_ctx, hearing_id, SENT, None, today=SENT)
    assert adm.tracker_case(demo_ctx, hearing_id).minutes_sent_on is None


def test_the_adm_decides_only_after_the_final_minutes_were_sent(demo_ctx: ServiceContext) -> None:
    hearing_id = add_heard_case(demo_ctx, CaseType.APPROVAL)
    with pytest.raises(ValidationError, match="final minutes went to the ADM first"):
        adm.record_decision(demo_ctx, hearing_id, DecisionEntry(AdmDecision.AGREED, SENT), None, today=TODAY)
    assert adm.tracker_case(demo_ctx, hearing_id).decision is AdmDecision.PENDING


def test_minutes_cannot_be_sent_before_the_sitting(demo_ctx: ServiceContext) -> None:
    hearing_id = add_heard_case(demo_ctx, CaseType.APPROVAL)
    with pytest.raises(ValidationError, match="before the panel sat on 17/11/2026"):
        adm.record_minutes_sent(demo_ctx, hearing_id, date(2026, 11, 16), None, today=SENT)


# -- the ADM's further-information history ------------------------------------------------


def test_further_information_then_agreed_keeps_the_request(demo_ctx: ServiceContext) -> None:
    """Asked for more (what, by when), provided (restarting the 7-day clock), then agreed:
    the request outlives the decision, and the tracker and --json report both."""
    hearing_id = sent_case(demo_ctx)
    ask = DecisionEntry(
        AdmDecision.FURTHER_INFO,
        date(2026, 11, 19),
        information_wanted="updated medical",
        information_due_by=date(2026, 11, 26),
    )
    decide(demo_ctx, hearing_id, ask)
    assert requests(demo_ctx, hearing_id) == [
        (date(2026, 11, 19), "updated medical", date(2026, 11, 26), None)
    ]
    version = record(demo_ctx, hearing_id).version
    adm.record_minutes_sent(demo_ctx, hearing_id, date(2026, 11, 24), version, today=TODAY)
    restarted = adm.tracker_case(demo_ctx, hearing_id)
    assert restarted.minutes_sent_on == date(2026, 11, 24) and restarted.deadlines[0].due == date(2026, 12, 3)
    decide(demo_ctx, hearing_id, DecisionEntry(AdmDecision.AGREED, date(2026, 11, 27)))
    assert requests(demo_ctx, hearing_id) == [
        (date(2026, 11, 19), "updated medical", date(2026, 11, 26), date(2026, 11, 24))
    ]
    case = adm.tracker_case(demo_ctx, hearing_id)
    assert case.history == (
        "Further information requested 19/11/2026: updated medical (by 26/11/2026); "
        "provided 24/11/2026; then agreed 27/11/2026"
    )
    tracker = adm.adm_tracker(demo_ctx, TODAY)
    (row,) = [
        r
        for r in adm.items_as_rows(tracker.items)
        if r["reference"] == case.reference and r["kind"] == "adm_decision"
    ]
    assert row["history"] == case.history
    assert row["further_information"] == [
        {
            "requested_on": "2026-11-19",
            "what": "updated medical",
            "due_by": "2026-11-26",
            "provided_on": "2026-11-24",
        }
    ]


def test_a_request_must_say_what_is_wanted(demo_ctx: ServiceContext) -> None:
    hearing_id = sent_case(demo_ctx)
    with pytest.raises(ValidationError, match="Say what further information"):
        decide(demo_ctx, hearing_id, DecisionEntry(AdmDecision.FURTHER_INFO, date(2026, 11, 19)))
    with pytest.raises(ValidationError, match="Only a request for further information"):
        decide(
            demo_ctx,
            hearing_id,
            DecisionEntry(AdmDecision.AGREED, date(2026, 11, 19), information_wanted="x"),
        )
    with demo_ctx.read() as session:
        assert session.scalar(select(func.count()).select_from(AdmFurtherInformation)) == 0


def test_a_request_withdrawn_as_a_mistake_leaves_no_history(demo_ctx: ServiceContext) -> None:
    hearing_id = sent_case(demo_ctx)
    decide(
        demo_ctx,
        hearing_id,
        DecisionEntry(AdmDecision.FURTHER_INFO, date(2026, 11, 19), information_wanted="x"),
    )
    decide(demo_ctx, hearing_id, DecisionEntry(AdmDecision.PENDING, None))
    assert requests(demo_ctx, hearing_id) == []


# -- after a qualifying determination -------------------------------------------------------


def refused_with_letter(
    ctx: ServiceContext, case_type: CaseType, outcome: Outcome, decision: AdmDecision
) -> int:
    hearing_id = sent_case(ctx, case_type, outcome=outcome)
    decide(ctx, hearing_id, DecisionEntry(decision, date(2026, 11, 19), letter_sent_on=LETTER))
    return hearing_id


@pytest.mark.parametrize(
    ("case_type", "outcome", "decision"),
    [
        (CaseType.APPROVAL, Outcome.NOT_RECOMMENDED, AdmDecision.AGREED),  # reg 30B(5)
        (CaseType.BRIEF_REPORT, Outcome.RECOMMENDED, AdmDecision.AGREED),  # reg 30B(5), brief report
        (CaseType.BRIEF_REPORT, Outcome.NOT_RECOMMENDED, AdmDecision.NOT_AGREED),  # ADM against panel
        (CaseType.REVIEW, Outcome.NOT_RECOMMENDED, AdmDecision.AGREED),  # reg 30D: approval ends
    ],
)
def test_a_qualifying_determination_opens_the_40_day_window(
    demo_ctx: ServiceContext, case_type: CaseType, outcome: Outcome, decision: AdmDecision
) -> None:
    hearing_id = refused_with_letter(demo_ctx, case_type, outcome, decision)
    case = adm.tracker_case(demo_ctx, hearing_id)
    assert case.qualifying_determination
    (window,) = [d for d in case.deadlines if d.kind is DeadlineKind.REPRESENTATIONS]
    # 40 working days beginning with Friday 20/11/2026, over Christmas: Tuesday 19/01/2027.
    assert (window.starts_on, window.due) == (LETTER, date(2027, 1, 19))


def test_representations_then_rehearing_then_final_decision(demo_ctx: ServiceContext) -> None:
    """reg 30B(5)-(8): representations, the panel's re-hearing, the ADM's final decision
    within the ADM's working days after its recommendation."""
    hearing_id = refused_with_letter(demo_ctx, CaseType.APPROVAL, Outcome.RECOMMENDED, AdmDecision.NOT_AGREED)
    base = DecisionEntry(AdmDecision.NOT_AGREED, date(2026, 11, 19), letter_sent_on=LETTER)
    with pytest.raises(ValidationError, match="re-hearing follows representations"):
        decide(demo_ctx, hearing_id, _with(base, review_recommendation_on=date(2026, 11, 26)))
    with pytest.raises(ValidationError, match="after the re-hearing's recommendation, or once the"):
        decide(demo_ctx, hearing_id, _with(base, final_decision=Outcome.RECOMMENDED, final_decided_on=TODAY))
    heard = _with(
        base, representations_received_on=date(2026, 11, 23), review_recommendation_on=date(2026, 11, 26)
    )
    decide(demo_ctx, hearing_id, heard)
    final = _final(demo_ctx, hearing_id)
    assert (final.starts_on, final.due, final.done_on) == (date(2026, 11, 26), date(2026, 12, 7), None)
    decide(demo_ctx, hearing_id, _with(heard, final_decision=Outcome.RECOMMENDED, final_decided_on=TODAY))
    case = adm.tracker_case(demo_ctx, hearing_id)
    assert case.final_decision is Outcome.RECOMMENDED and _final(demo_ctx, hearing_id).done_on == TODAY
    assert case.case_type.answer(case.final_decision) == "Suitable to adopt"


def test_representations_only_after_a_qualifying_determination(demo_ctx: ServiceContext) -> None:
    hearing_id = sent_case(demo_ctx, CaseType.APPROVAL)
    entry = DecisionEntry(
        AdmDecision.AGREED, date(2026, 11, 19), letter_sent_on=LETTER, representations_received_on=TODAY
    )
    with pytest.raises(ValidationError, match="follow only a qualifying determination"):
        decide(demo_ctx, hearing_id, entry)
    assert record(demo_ctx, hearing_id).decision == AdmDecision.PENDING.value


def _with(entry: DecisionEntry, **changes: object) -> DecisionEntry:
    import dataclasses

    return dataclasses.replace(entry, **changes)  # type: ignore[arg-type]


def _final(ctx: ServiceContext, hearing_id: int):  # type: ignore[no-untyped-def]
    (item,) = [
        d for d in adm.tracker_case(ctx, hearing_id).deadlines if d.kind is DeadlineKind.FINAL_DECISION
    ]
    return item


def test_the_final_decision_record_is_kept(demo_ctx: ServiceContext) -> None:
    hearing_id = refused_with_letter(demo_ctx, CaseType.REVIEW, Outcome.NOT_RECOMMENDED, AdmDecision.AGREED)
    with demo_ctx.read() as session:
        saved = session.scalar(select(AdmDecisionRecord).where(AdmDecisionRecord.hearing_id == hearing_id))
        assert saved is not None and saved.final_decision == ""
