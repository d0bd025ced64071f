"""The case register keeps the statutory clocks' dates, for the case types that have them,
and the tracker counts the clocks from them (issue 16)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from panelapp.domain import case_types
from panelapp.domain.case_types import ClockDate
from panelapp.domain.deadlines import DeadlineKind
from panelapp.services import adm, cases
from panelapp.services.adm import case_clocks
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ValidationError

TODAY = date(2026, 11, 20)


def _approval_sent_for_comments(reference: str) -> cases.CaseInput:
    """An approval in stage two whose report went to the applicants on Wednesday 18/11/2026."""
    return cases.CaseInput(
        reference=reference,
        case_type="approval",
        stage2_start=date(2026, 8, 3),
        par_sent_on=date(2026, 11, 18),
    )


def test_par_sent_for_comments_shows_on_the_tracker_with_a_warning_when_booked_early(
    demo_ctx: ServiceContext,
) -> None:
    """AAR 2005 reg 30 (2013): 10 working days beginning with the day sent; here from
    Wednesday 18/11/2026 to Tuesday 01/12/2026."""
    saved = cases.create_case(demo_ctx, _approval_sent_for_comments("CLK-2"))
    tracker = adm.adm_tracker(demo_ctx, TODAY)
    kinds = {i.kind: i for i in tracker.items if i.case.reference == saved.reference}
    assert kinds[DeadlineKind.PAR_COMMENTS].due == date(2026, 12, 1)
    assert kinds[DeadlineKind.STAGE_TWO_DECISION].due == date(2026, 12, 3)  # four months on
    rows = [r for r in adm.items_as_rows(tracker.items) if r["reference"] == saved.reference]
    assert {r["kind"] for r in rows} == {"par_comments", "stage_two_decision"}


def test_a_date_the_case_type_does_not_keep_is_refused(demo_ctx: ServiceContext) -> None:
    with pytest.raises(ValidationError, match="has no date for 'Child placed'") as refused:
        cases.create_case(
            demo_ctx, cases.CaseInput(reference="CLK-3", case_type="match", child_placed_on=date(2026, 11, 2))
        )
    assert "child_placed_on" in refused.value.field_errors
    assert not [c for c in cases.list_cases(demo_ctx) if c.reference == "CLK-3"]


def test_comments_cannot_come_before_the_report_was_sent(demo_ctx: ServiceContext) -> None:
    with pytest.raises(ValidationError, match="cannot come before the report was sent"):
        cases.create_case(
            demo_ctx,
            cases.CaseInput(
                reference="CLK-4",
                case_type="approval",
                par_sent_on=date(2026, 11, 18),
                par_comments_on=date(2026, 11, 17),
            ),
        )


def test_a_cases_clocks_are_worked_out_again_only_when_what_they_count_from_changes(
    demo_ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 21: the tracker's working-day arithmetic for ~1,450 open cases was ~40 ms of each
    load; a case's clocks are kept while its row, its decisions and the case types are the same.
    A date recorded on the case, or a case type that stops keeping a date, counts again."""
    worked: list[str] = []
    original = case_clocks._to_clocks

    def counting(row: Any, decisions: Any) -> case_clocks.CaseClocks:
        worked.append(row[1])
        return original(row, decisions)

    monkeypatch.setattr(case_clocks, "_to_clocks", counting)
    saved = cases.create_case(demo_ctx, _approval_sent_for_comments("CLK-KEPT-1"))

    def par_comments(tracker: adm.AdmTracker) -> list[date | None]:
        return [
            i.deadline.done_on
            for i in tracker.items
            if i.case.reference == saved.reference and i.kind is DeadlineKind.PAR_COMMENTS
        ]

    first = adm.adm_tracker(demo_ctx, TODAY)
    assert "CLK-KEPT-1" in worked and par_comments(first) == [None]
    worked.clear()
    assert adm.adm_tracker(demo_ctx, TODAY).items == first.items
    assert worked == []  # nothing changed: every case's clocks kept

    commented = replace(_approval_sent_for_comments("CLK-KEPT-1"), par_comments_on=date(2026, 11, 19))
    cases.update_case(demo_ctx, saved.id, commented, saved.version)
    assert par_comments(adm.adm_tracker(demo_ctx, TODAY)) == [date(2026, 11, 19)]
    assert worked == ["CLK-KEPT-1"]  # that case alone

    approval = case_types.get("approval")
    kept = tuple(d for d in approval.clock_dates if d is not ClockDate.PAR_SENT)
    monkeypatch.setitem(case_types.REGISTRY, "approval", replace(approval, clock_dates=kept))
    worked.clear()
    assert par_comments(adm.adm_tracker(demo_ctx, TODAY)) == []
    assert "CLK-KEPT-1" in worked and len(worked) > 1  # the registry changed: all worked out again
