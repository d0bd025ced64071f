"""The chairs' report figures for a period, checked against hand-computed values."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import event

from db.models import Grading
from panelapp.domain.permissions import Permission
from panelapp.services.context import ServiceContext
from panelapp.services.errors import NotFound, ValidationError
from panelapp.services.reports import report_statistics, report_statistics_with_detail
from tests.conftest import new_sqlite_context
from tests.services.reports.support import EXPECTED_JSON, PERIOD_FROM, PERIOD_TO, PeriodData, build_period


@pytest.fixture
def period(tmp_path: Path) -> tuple[ServiceContext, PeriodData]:
    ctx = new_sqlite_context(tmp_path)
    return ctx, build_period(ctx)


def test_every_json_figure_matches_the_hand_count(period: tuple[ServiceContext, PeriodData]) -> None:
    ctx, _ = period
    stats = report_statistics(ctx, PERIOD_FROM, PERIOD_TO)
    assert stats.to_json() == EXPECTED_JSON
    assert list(stats.to_json()) == list(EXPECTED_JSON)  # exactly these keys, in this order
    json.dumps(stats.to_json())  # serialisable as it is


def test_a_deferral_heard_twice_counts_twice_as_heard_once_as_a_household(
    period: tuple[ServiceContext, PeriodData],
) -> None:
    ctx, _ = period
    # C1 alone: deferred 14/04, recommended 12/05.
    stats = report_statistics(ctx, date(2026, 4, 14), date(2026, 5, 12))
    assert stats.heard_by_type["approval"] == 3  # C1 twice, C2
    assert stats.deferred == 1
    assert stats.households_approved == 1  # C1; C2 was not agreed by the ADM
    _, detail = report_statistics_with_detail(ctx, date(2026, 4, 14), date(2026, 5, 12))
    assert detail.not_agreed_households == 1
    assert detail.outcomes_by_type["approval"] == {
        "recommended": 2,
        "not_recommended": 0,
        "deferred": 1,
        "noted": 0,
    }


def test_a_decision_after_the_period_counts_as_decided_after(
    period: tuple[ServiceContext, PeriodData],
) -> None:
    ctx, _ = period
    in_june = report_statistics(ctx, date(2026, 6, 1), date(2026, 6, 30))
    # C3 (agreed 05/10), C4 (pending), C8 (agreed 30/06): only C3 decided after 30/06.
    # Both decisions within 7 working days of the minutes: C3 sent 25/09 (day 7 is 06/10),
    # C8 sent 19/06 (day 7 is 30/06): 2 of 2 on time. Neither asked for more information first.
    # The social worker told within 2 working days: C8 (02/07) yes, C3 (08/10, day 2 07/10) no:
    # 1 of 2. The letter within 5: C3 (12/10) yes; C8 has no letter date, so is not measured.
    assert in_june.adm == {
        "agreed": 2,
        "not_agreed": 0,
        "further_info": 0,
        "pending": 1,
        "decided_after_period": 1,
        "further_info_then_decided": 0,
        "on_time_pct": 100.0,
        "sw_notification_on_time_pct": 50.0,
        "written_confirmation_on_time_pct": 100.0,
    }


def test_one_panel_only(period: tuple[ServiceContext, PeriodData]) -> None:
    ctx, data = period
    stats = report_statistics(ctx, PERIOD_FROM, PERIOD_TO, panel_id=data.panel_b)
    assert stats.cases_heard == 4  # C3, C4, C8 at M4; C7 at M7
    assert stats.heard_by_type["approval"] == 2
    assert (stats.sittings_held, stats.sittings_cancelled) == (2, 1)
    assert stats.households_approved == 1
    assert stats.matches_by_area["Medway"] == 1 and stats.matches_by_area.get("Kent", 0) == 0
    assert stats.adm_grade_concurrence_pct == 100.0  # C3 only: RI and RI


def test_an_empty_period_has_zeros_and_no_concurrence(period: tuple[ServiceContext, PeriodData]) -> None:
    ctx, _ = period
    stats = report_statistics(ctx, date(2030, 4, 1), date(2030, 9, 30)).to_json()
    assert stats["cases_heard"] == 0 and stats["adm_grade_concurrence_pct"] is None
    assert stats["gradings"]["panel"]["PAR"] == {
        "outstanding": 0,
        "good": 0,
        "requires_improvement": 0,
        "inadequate": 0,
    }
    assert set(stats["matches_by_area"]) == {"Bexley", "East Kent", "North Kent", "Medway"}


def test_a_reversed_period_or_another_agencys_panel_is_refused(
    period: tuple[ServiceContext, PeriodData],
) -> None:
    ctx, _ = period
    with pytest.raises(ValidationError, match="ends before it starts"):
        report_statistics(ctx, PERIOD_TO, PERIOD_FROM)
    with pytest.raises(NotFound):
        report_statistics(ctx, PERIOD_FROM, PERIOD_TO, panel_id=9999)


def test_the_number_of_queries_does_not_grow_with_the_hearings(
    period: tuple[ServiceContext, PeriodData],
) -> None:
    ctx, _ = period
    statements: list[str] = []
    event.listen(ctx.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    report_statistics(ctx, PERIOD_FROM, PERIOD_TO)
    small = len(statements)
    statements.clear()
    report_statistics(ctx, date(2026, 3, 1), date(2026, 10, 31))  # more hearings (C11, C12)
    # The same 5, however many hearings: (1) one row of facts per hearing heard (children,
    # PAR grades, further information, late papers, panel and the agency's targets as
    # subqueries; outcomes, households and ADM decisions are counted from these rows), (2)
    # sittings held and cancelled, (3) attendance at the sittings heard, (4) areas, (5) gradings.
    assert len(statements) == small == 5


def test_a_par_graded_at_a_match_is_in_neither_the_concurrence_nor_the_differences(
    period: tuple[ServiceContext, PeriodData],
) -> None:
    """NMS 17.2 feedback on PARs is on approvals: a PAR graded by both at a match is not compared,
    so section 5's concurrence and its grade differences count the same PARs."""
    ctx, data = period
    with ctx.write(Permission.EDIT_SETTINGS, "The ADM grades C5's PAR (test data)") as s:
        s.add(Grading(hearing_id=data.hearings["C5"], paper_type="PAR", source="adm", grade="outstanding"))
    stats, detail = report_statistics_with_detail(ctx, PERIOD_FROM, PERIOD_TO)
    # Still C1@M2 and C3 the same, C2 one lower; C5 (panel good, ADM outstanding) left out.
    assert stats.grading_differences == {"same": 2, "one_higher": 0, "one_lower": 1, "more": 0}
    assert (detail.concurrence_equal, detail.concurrence_compared) == (2, 3)
    assert stats.adm_grade_concurrence_pct == 66.7


def test_membership_changes_and_appendix_a(period: tuple[ServiceContext, PeriodData]) -> None:
    from panelapp.services.reports import build_chairs_report
    from tests.services.reports.support import EXPECTED_APPENDIX, EXPECTED_CHANGES

    ctx, data = period
    report = build_chairs_report(ctx, PERIOD_FROM, PERIOD_TO)
    assert [(c.kind, c.name, c.on) for c in report.membership.changes] == EXPECTED_CHANGES
    assert [(r.name, r.role, r.panel) for r in report.membership.appendix] == EXPECTED_APPENDIX
    panel_b = build_chairs_report(ctx, PERIOD_FROM, PERIOD_TO, panel_id=data.panel_b)
    assert [r.name for r in panel_b.membership.appendix] == ["Ivy Rowe", "Carol Xu"]
    assert panel_b.panel_name == "Panel B"
