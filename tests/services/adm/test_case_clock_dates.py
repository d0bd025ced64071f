"""The case register keeps the statutory clocks' dates, for the case types that have them,
and the tracker counts the clocks from them (issue 16)."""

from __future__ import annotations

from datetime import date

import pytest

from panelapp.domain.deadlines import DeadlineKind
from panelapp.services import adm, cases
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ValidationError

TODAY = date(2026, 11, 20)


def test_par_sent_for_comments_shows_on_the_tracker_with_a_warning_when_booked_early(
    demo_ctx: ServiceContext,
) -> None:
    """AAR 2005 reg 30 (2013): 10 working days beginning with the day sent; here from
    Wednesday 18/11/2026 to Tuesday 01/12/2026."""
    saved = cases.create_case(
        demo_ctx,
        cases.CaseInput(
            reference="CLK-2",
            case_type="approval",
            stage2_start=date(2026, 8, 3),
            par_sent_on=date(2026, 11, 18),
        ),
    )
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
