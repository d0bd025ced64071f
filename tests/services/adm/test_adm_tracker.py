"""The ADM tracker: routing to the right ADM, the items on the clock, filters, the overdue count."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, time

import pytest
from sqlalchemy import event, select

from db.models import (
    AdmDecisionRecord,
    Case,
    DecisionMaker,
    Hearing,
    LocalAuthority,
    Meeting,
    Minutes,
    Panel,
    Recommendation,
)
from panelapp.domain import case_types
from panelapp.domain.case_types import AdmRoute
from panelapp.domain.deadlines import DeadlineKind, DeadlineStatus, TrackerGroup
from panelapp.domain.permissions import Permission
from panelapp.domain.vocab import AdmDecision, CaseType, Outcome
from panelapp.domain.workdays import WorkingDayCalendar
from panelapp.services import adm
from panelapp.services import adm as adm_record
from panelapp.services.adm import DecisionEntry
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ValidationError
from tests.conftest import DEMO_UNTIL

HEARD_ON = date(2026, 11, 17)  # a Tuesday after the demo's last decisions
_serial = itertools.count(1)


def add_heard_case(
    ctx: ServiceContext,
    case_type: CaseType,
    outcome: Outcome = Outcome.RECOMMENDED,
    la_name: str = "Kent",
    heard_on: date = HEARD_ON,
    minutes_state: str = "final",
) -> int:
    """A case heard at a sitting of Panel 1 with the panel's recommendation; its hearing id.

    The sitting's minutes are signed off (final) unless `minutes_state` says otherwise: only
    final minutes go to the ADM."""
    with ctx.write(Permission.EDIT_CASES, "test case") as session:
        panel = session.scalars(
            select(Panel).where(Panel.agency_id == ctx.agency_id).order_by(Panel.name)
        ).first()
        assert panel is not None
        meeting = session.scalar(
            select(Meeting).where(Meeting.panel_id == panel.id, Meeting.date == heard_on)
        )
        if meeting is None:
            meeting = Meeting(panel_id=panel.id, date=heard_on, start_time=time(9, 30), status="held")
            session.add(meeting)
            session.flush()
        minutes = session.scalar(select(Minutes).where(Minutes.meeting_id == meeting.id))
        if minutes is None:
            session.add(Minutes(meeting_id=meeting.id, state=minutes_state))
        else:
            minutes.state = minutes_state
        la = session.scalar(
            select(LocalAuthority).where(
                LocalAuthority.agency_id == ctx.agency_id, LocalAuthority.name == la_name
            )
        )
        case = Case(
            agency_id=ctx.agency_id,
            reference=f"TEST-{next(_serial):04d}",
            case_type=case_type.value,
            household="Alex and Sam Test",
            local_authority_id=la.id if la else None,
            status="heard",
        )
        hearing = Hearing(case=case, meeting=meeting, status="heard")
        session.add_all([case, hearing])
        session.flush()
        session.add(Recommendation(hearing_id=hearing.id, outcome=outcome.value, reasons="Test reasons."))
        session.flush()
        return hearing.id


def adm_named(ctx: ServiceContext, *, approvals: bool = False, la_name: str = "") -> int:
    with ctx.read() as session:
        if approvals:
            found = session.scalar(select(DecisionMaker.id).where(DecisionMaker.handles_approvals.is_(True)))
        else:
            found = session.scalar(select(LocalAuthority.adm_id).where(LocalAuthority.name == la_name))
        assert found is not None
        return found


@contextmanager
def counted_queries(ctx: ServiceContext) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    event.listen(ctx.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(ctx.engine, "before_cursor_execute", record)


# -- routing ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "case_type", [CaseType.APPROVAL, CaseType.BRIEF_REPORT, CaseType.REVIEW, CaseType.DEREGISTRATION]
)
def test_approvals_reviews_and_deregistrations_go_to_the_agency_adm(
    demo_ctx: ServiceContext, case_type: CaseType
) -> None:
    hearing_id = add_heard_case(demo_ctx, case_type, la_name="Medway")
    routed = adm.route_adm(demo_ctx, hearing_id)
    assert routed is not None and routed.id == adm_named(demo_ctx, approvals=True)
    assert routed.title == "Head of Service"


@pytest.mark.parametrize("la_name", ["Bexley", "Kent", "Medway"])
@pytest.mark.parametrize("case_type", [CaseType.MATCH, CaseType.CONSENT_PLAN])
def test_matches_and_consent_plans_go_to_the_adm_of_the_childs_local_authority(
    demo_ctx: ServiceContext, case_type: CaseType, la_name: str
) -> None:
    hearing_id = add_heard_case(demo_ctx, case_type, la_name=la_name)
    saved = adm_record.ensure_adm_record(demo_ctx, hearing_id)
    with demo_ctx.read() as session:
        record = session.get(AdmDecisionRecord, saved.record_id)
        assert record is not None and record.decision_maker_id == adm_named(demo_ctx, la_name=la_name)
    case = adm.tracker_case(demo_ctx, hearing_id)
    assert case.adm is not None and la_name in case.adm.title
    # Ensuring twice keeps the one record.
    assert adm_record.ensure_adm_record(demo_ctx, hearing_id).record_id == saved.record_id


@pytest.mark.parametrize("outcome", [Outcome.DEFERRED, Outcome.NOTED])
def test_deferred_and_noted_cases_do_not_go_to_an_adm(demo_ctx: ServiceContext, outcome: Outcome) -> None:
    hearing_id = add_heard_case(demo_ctx, CaseType.APPROVAL, outcome)
    with pytest.raises(ValidationError, match="recommended or did not recommend"):
        adm_record.ensure_adm_record(demo_ctx, hearing_id)
    tracker = adm.adm_tracker(demo_ctx, DEMO_UNTIL)
    assert hearing_id not in {c.hearing_id for c in tracker.cases}


def test_a_recommendation_not_yet_sent_waits_for_its_minutes_with_no_clock(demo_ctx: ServiceContext) -> None:
    hearing_id = add_heard_case(demo_ctx, CaseType.MATCH, Outcome.NOT_RECOMMENDED, la_name="Bexley")
    tracker = adm.adm_tracker(demo_ctx, DEMO_UNTIL, include_archived=False)
    (waiting,) = [c for c in tracker.awaiting_minutes if c.hearing_id == hearing_id]
    assert waiting.record_id is None and waiting.deadlines == ()
    assert waiting.adm is not None and waiting.adm.id == adm_named(demo_ctx, la_name="Bexley")


# -- the clock on the tracker -----------------------------------------------------------------------


def test_sending_the_minutes_starts_the_clock_and_the_decision_stops_it(demo_ctx: ServiceContext) -> None:
    hearing_id = add_heard_case(demo_ctx, CaseType.APPROVAL)
    sent = date(2026, 11, 18)
    adm_record.record_minutes_sent(demo_ctx, hearing_id, sent, None, today=sent)
    due = WorkingDayCalendar().add_working_days(sent, 7)
    assert due == date(2026, 11, 27)

    def item(as_of: date, kind: DeadlineKind = DeadlineKind.ADM_DECISION) -> adm.TrackerItem:
        found = [
            i
            for i in adm.adm_tracker(demo_ctx, as_of).items
            if isinstance(i.case, adm.TrackerCase) and i.case.hearing_id == hearing_id and i.kind is kind
        ]
        assert len(found) == 1
        return found[0]

    assert item(date(2026, 11, 20)).group is TrackerGroup.DUE_THIS_WEEK
    assert item(due).group is TrackerGroup.DUE_TODAY
    late = item(date(2026, 11, 30))
    assert late.status is DeadlineStatus.OVERDUE and late.due == due
    assert adm.overdue_count(demo_ctx, date(2026, 11, 30)) >= 1

    case = adm.tracker_case(demo_ctx, hearing_id)
    adm_record.record_decision(
        demo_ctx,
        hearing_id,
        DecisionEntry(AdmDecision.AGREED, date(2026, 11, 30)),
        case.version,
        today=date(2026, 11, 30),
    )
    assert item(date(2026, 11, 30)).status is DeadlineStatus.DONE
    assert item(date(2026, 11, 30)).deadline.late
    told = item(date(2026, 11, 30), DeadlineKind.SW_NOTIFICATION)
    assert told.due == date(2026, 12, 2) and told.status is DeadlineStatus.DUE
    assert item(date(2026, 11, 30), DeadlineKind.WRITTEN_CONFIRMATION).due == date(2026, 12, 7)


def test_the_overdue_count_matches_the_tracker_on_any_day(demo_ctx: ServiceContext) -> None:
    for as_of in (DEMO_UNTIL, date(2026, 11, 27), date(2026, 12, 4), date(2027, 1, 15)):
        assert adm.overdue_count(demo_ctx, as_of) == adm.adm_tracker(demo_ctx, as_of).overdue_count
    assert adm.overdue_count(demo_ctx, date(2027, 1, 15)) > 0


def test_items_are_sorted_by_due_date_and_old_done_ones_can_be_left_out(demo_ctx: ServiceContext) -> None:
    full = adm.adm_tracker(demo_ctx, DEMO_UNTIL)
    dues = [i.due for i in full.items]
    assert dues == sorted(dues) and len(full.items) > 300
    screen = adm.adm_tracker(demo_ctx, DEMO_UNTIL, include_archived=False)
    assert 0 < len(screen.items) < len(full.items)
    assert all(i.group is not TrackerGroup.ARCHIVED for i in screen.items)
    recent = {(i.case.reference, i.kind) for i in full.items if i.group is not TrackerGroup.ARCHIVED}
    assert {(i.case.reference, i.kind) for i in screen.items} == recent


def test_filters_by_adm_local_authority_and_case_type(demo_ctx: ServiceContext) -> None:
    everything = adm.adm_tracker(demo_ctx, DEMO_UNTIL)
    kent_adm = adm_named(demo_ctx, la_name="Kent")
    by_adm = adm.adm_tracker(demo_ctx, DEMO_UNTIL, adm_id=kent_adm)
    assert by_adm.cases and all(c.adm is not None and c.adm.id == kent_adm for c in by_adm.cases)
    assert len(by_adm.cases) == sum(1 for c in everything.cases if c.adm and c.adm.id == kent_adm)
    options = adm.filter_options(demo_ctx)
    medway = next(i for i, name in options.local_authorities if name == "Medway")
    by_la = adm.adm_tracker(demo_ctx, DEMO_UNTIL, local_authority_id=medway)
    assert by_la.cases and {c.local_authority for c in by_la.cases} == {"Medway"}
    matches = adm.adm_tracker(demo_ctx, DEMO_UNTIL, case_type=CaseType.MATCH, local_authority_id=medway)
    assert matches.cases and all(c.case_type.code == CaseType.MATCH for c in matches.cases)
    assert len(matches.cases) < len(by_la.cases)
    routed = {t.code for t in options.case_types}
    assert CaseType.MATCH in routed and CaseType.DISRUPTION not in routed and len(options.adms) == 4


def test_the_tracker_is_one_query_however_many_cases(demo_ctx: ServiceContext) -> None:
    demo_ctx.agency_id  # noqa: B018 - resolved once per context, not per screen load
    with counted_queries(demo_ctx) as unfiltered:
        tracker = adm.adm_tracker(demo_ctx, DEMO_UNTIL)
    with counted_queries(demo_ctx) as filtered:
        adm.adm_tracker(demo_ctx, DEMO_UNTIL, case_type=CaseType.APPROVAL, local_authority_id=1)
    # Two small reads of the agency's policy and closure days, one for every recommendation,
    # one for the ADMs' requests for further information, and two for the cases' own
    # clocks (the cases with their first sitting, their ADM decisions): never one per case.
    assert len(tracker.cases) > 100
    assert len(unfiltered) == len(filtered) == 6
    with counted_queries(demo_ctx) as counting:
        adm.overdue_count(demo_ctx, DEMO_UNTIL)
    assert len(counting) == 5


def test_the_trackers_statements_are_built_once_per_agency_and_filter(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue 21: building the tracker's ten-join statement took ~15 ms a load; it is kept per
    agency and filter, a kept statement still asks for its own agency's rows only, and a
    case type added or changed in the registry gives new statements."""
    day = date(2026, 11, 2)
    first = adm.tracker_query(1, None, None, None, None, day)
    assert adm.tracker_query(1, None, None, None, None, day) is first
    other = adm.tracker_query(2, None, None, None, None, day)
    assert other is not first
    assert 2 in other.compile().params.values() and 2 not in first.compile().params.values()
    assert adm.tracker_query(1, None, None, CaseType.MATCH, None, day) is not first
    match = case_types.get(CaseType.MATCH)
    monkeypatch.setitem(case_types.REGISTRY, match.code, replace(match, adm_route=AdmRoute.NONE))
    changed = adm.tracker_query(1, None, None, None, None, day)
    assert changed is not first and "match" not in changed.compile().params.values()


def test_the_demo_refusal_opens_a_representations_window(demo_ctx: ServiceContext) -> None:
    tracker = adm.adm_tracker(demo_ctx, DEMO_UNTIL)
    refused = [c for c in tracker.cases if c.qualifying_determination]
    assert refused, "the demo has an approval the ADM did not agree"
    windows = [i for i in tracker.items if i.kind is DeadlineKind.REPRESENTATIONS]
    assert {i.case.reference for i in windows} == {c.reference for c in refused if c.letter_sent_on}
    with demo_ctx.read() as session:
        decisions = set(session.scalars(select(AdmDecisionRecord.decision)))
    assert AdmDecision.NOT_AGREED.value in decisions


@pytest.mark.pg
def test_the_same_tracker_on_postgresql(pg_url: str, demo_ctx: ServiceContext) -> None:
    from db.engine import make_engine
    from db.migrate import upgrade_database
    from panelapp.services import agency

    engine = make_engine(pg_url)
    upgrade_database(engine)
    pg = ServiceContext(engine, demo_ctx.user)
    try:
        agency.load_demo_data(pg, until=DEMO_UNTIL)
        as_of = date(2026, 12, 10)
        on_pg = adm.items_as_rows(adm.adm_tracker(pg, as_of).items)
        assert on_pg == adm.items_as_rows(adm.adm_tracker(demo_ctx, as_of).items)
        assert adm.overdue_count(pg, as_of) == adm.overdue_count(demo_ctx, as_of) > 0
        kent = adm_named(pg, la_name="Kent")
        filtered = adm.adm_tracker(pg, as_of, adm_id=kent, case_type=CaseType.MATCH, include_archived=False)
        assert all(c.adm is not None and c.adm.id == kent for c in filtered.cases)
    finally:
        engine.dispose()
