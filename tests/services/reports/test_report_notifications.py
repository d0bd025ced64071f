"""The ADM's decision told on time (issue 17): the social worker within the agency's
sw_notification_wd working days of the decision, the applicants in writing within
written_confirmation_wd, on the statutory calendar (England's bank holidays are not working
days), measured over the decisions with that date recorded.

Statutory guidance on adoption 2013, chapter 3: the ADM's decision told to the social worker
within 2 working days and confirmed in writing within 5 (an agency may be stricter). The
hand counts are in tests/services/reports/support.py.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from db.models import Agency
from panelapp.domain.permissions import Permission
from panelapp.domain.report_counting import RULES_BY_KEY
from panelapp.services.context import ServiceContext
from panelapp.services.reports import build_chairs_report, figure_hearings, report_statistics
from panelapp.services.reports.report_text import adm_text, how_counted_table, notifications_text
from tests.conftest import new_sqlite_context
from tests.services.reports.support import PERIOD_FROM, PERIOD_TO, PeriodData, build_period

SENTENCE = (
    "60.0% of the decisions with the date the social worker was told (3 of 5) were told to the "
    "social worker within the working-day target after the decision. 80.0% of the decisions with "
    "the date the letter to the applicants was sent (4 of 5) were confirmed to the applicants in "
    "writing within the working-day target."
)


@pytest.fixture
def period(tmp_path: Path) -> tuple[ServiceContext, PeriodData]:
    ctx = new_sqlite_context(tmp_path)
    return ctx, build_period(ctx)


def test_statutory_guidance_2013_ch3_notifications_on_time_by_hand(
    period: tuple[ServiceContext, PeriodData],
) -> None:
    """Told: C1@M2, C2, C8 on time; C5 and C3 late; C15 has no date. Letter: C1@M2, C2, C15, C3
    on time; C5 late across the early May bank holiday; C8 has no date."""
    ctx, _ = period
    report = build_chairs_report(ctx, PERIOD_FROM, PERIOD_TO)
    assert report.stats.adm["sw_notification_on_time_pct"] == 60.0
    assert report.stats.adm["written_confirmation_on_time_pct"] == 80.0
    assert report.stats.adm["on_time_pct"] == 50.0  # the decisions' own figure is unchanged
    assert notifications_text(report) == SENTENCE
    # Said next to the decisions' sentence in section 4.
    assert adm_text(report).endswith("were sent. " + SENTENCE)


def test_a_bank_holiday_is_not_a_working_day_for_the_notifications(
    period: tuple[ServiceContext, PeriodData],
) -> None:
    """AAR 2005 reg 2(1) working days: C2 decided Thu 30/04 and told Tue 05/05 is on time (Mon
    04/05 a bank holiday); C5's letter on Thu 07/05 is a day late even with it skipped (day 5 is
    06/05). The hearings listed behind each figure are the ones it counts."""
    ctx, _ = period
    report = build_chairs_report(ctx, PERIOD_FROM, PERIOD_TO)

    def refs(key: str) -> list[str]:
        return [h.reference for h in figure_hearings(report, key)]

    assert refs("adm.sw_notified_on_time") == ["C2", "C1", "C8"]
    assert refs("adm.sw_notifications_timed") == ["C2", "C5", "C1", "C3", "C8"]
    assert refs("adm.written_confirmation_on_time") == ["C2", "C1", "C3", "C15"]
    assert refs("adm.written_confirmations_timed") == ["C2", "C5", "C1", "C3", "C15"]


def test_a_stricter_agency_target_is_applied(period: tuple[ServiceContext, PeriodData]) -> None:
    """Statutory guidance 2013 ch 3 sets the longest time; an agency telling the social worker
    within 1 working day and writing within 4 is measured against its own setting."""
    ctx, data = period
    with ctx.write(Permission.EDIT_SETTINGS, "Stricter notification targets (test data)") as s:
        agency = s.get(Agency, data.agency_id)
        assert agency is not None
        agency.sw_notification_wd, agency.written_confirmation_wd = 1, 4
    adm = report_statistics(ctx, PERIOD_FROM, PERIOD_TO).adm
    # Told on day 1: none (C1 01/06 is day 2; C2 05/05 day 2; C8 02/07 day 2): 0 of 5.
    assert adm["sw_notification_on_time_pct"] == 0.0
    # Letter by day 4: C3 (12/10 is day 5), C1 (04/06 day 5), C2 (08/05 day 5), C15 (06/08
    # day 5) now late too: 0 of 5.
    assert adm["written_confirmation_on_time_pct"] == 0.0


def test_a_period_with_no_date_recorded_is_not_measured(period: tuple[ServiceContext, PeriodData]) -> None:
    """Only decisions with the date recorded count: July holds C15 (letter sent, social worker's
    date not recorded), so the social worker's figure is not applicable, not 0%."""
    ctx, _ = period
    report = build_chairs_report(ctx, date(2026, 7, 1), date(2026, 7, 31))
    assert report.stats.adm["sw_notification_on_time_pct"] is None
    assert report.stats.adm["written_confirmation_on_time_pct"] == 100.0
    assert notifications_text(report) == (
        "No decision has the date the social worker was told, so that target cannot be measured. "
        "100.0% of the decisions with the date the letter to the applicants was sent (1 of 1) were "
        "confirmed to the applicants in writing within the working-day target."
    )


def test_appendix_b_says_how_the_notifications_are_counted() -> None:
    rows = {label: how for label, how in how_counted_table().rows}
    for key in (
        "adm.sw_notified_on_time",
        "adm.sw_notifications_timed",
        "adm.written_confirmation_on_time",
        "adm.written_confirmations_timed",
    ):
        label = RULES_BY_KEY[key].label
        assert rows[label[:1].upper() + label[1:]] == RULES_BY_KEY[key].how
    assert "bank holidays are not working days" in RULES_BY_KEY["adm.sw_notified_on_time"].how
