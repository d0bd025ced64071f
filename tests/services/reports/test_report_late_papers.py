"""Late papers: which hearing a late paper counts at (issue 21 moved the rule into the facts query).

A paper booked for a hearing counts there; a paper of the case not tied to a hearing counts
at the case's first hearing heard in the report on or after its due date, and with a panel
filter the first of that panel's. A paper is late when received after its due date, or not
received by the sitting (a sitting on the due date is not late).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import Case, CasePaper, Hearing, Recommendation
from panelapp.domain.permissions import Permission
from panelapp.services.context import ServiceContext
from panelapp.services.reports import report_statistics_with_detail
from tests.conftest import new_sqlite_context
from tests.services.reports.support import PERIOD_FROM, PERIOD_TO, PeriodData, build_period


@pytest.fixture
def papers(tmp_path: Path) -> tuple[ServiceContext, PeriodData, int]:
    """The report tests' period with papers on C1 (heard at M1 14/04 and M2 12/05, panel A),
    C2 (M1), C3 (M4 16/06, panel B; here also heard at M1 first) and C4 (M4)."""
    ctx = new_sqlite_context(tmp_path)
    data = build_period(ctx)
    with ctx.write(Permission.EDIT_SETTINGS, "Late papers") as s:
        cases = select(Case.reference, Case.id).where(Case.agency_id == data.agency_id)
        case = {ref: cid for ref, cid in s.execute(cases)}
        m1 = s.get(Hearing, data.hearings["C1@M1"])
        assert m1 is not None
        c3_first = Hearing(case_id=case["C3"], meeting_id=m1.meeting_id, sequence=9, status="heard")
        s.add(c3_first)
        s.flush()
        s.add(Recommendation(hearing_id=c3_first.id, outcome="deferred"))

        def paper(ref: str, due: date | None, received: date | None, hearing: int | None = None) -> None:
            s.add(
                CasePaper(
                    case_id=case[ref],
                    hearing_id=hearing,
                    paper_type="health",
                    due_on=due,
                    received_on=received,
                )
            )

        paper("C1", date(2026, 4, 1), date(2026, 4, 10))  # late: counts at C1@M1, the first on/after
        paper("C1", date(2026, 4, 20), None)  # not received by 12/05: counts at C1@M2
        paper("C1", date(2026, 4, 20), date(2026, 4, 19))  # on time
        paper("C1", date(2026, 5, 10), date(2026, 5, 11), data.hearings["C1@M2"])  # booked, late
        paper("C2", date(2026, 4, 14), None)  # due on the sitting's day: not late by then
        paper("C3", date(2026, 4, 1), date(2026, 4, 2))  # late: C3's first hearing (M1, panel A)
        paper("C3", date(2026, 7, 1), None)  # due after every hearing of C3: counted nowhere
        paper("C4", date(2026, 6, 1), date(2026, 6, 1))  # on time
        paper("C4", None, None)  # no due date: never late
        c3_first_id = c3_first.id
    return ctx, data, c3_first_id


def test_a_late_paper_counts_at_its_hearing_or_the_cases_first_on_or_after_its_due_date(
    papers: tuple[ServiceContext, PeriodData, int],
) -> None:
    ctx, data, c3_first = papers
    stats, detail = report_statistics_with_detail(ctx, PERIOD_FROM, PERIOD_TO)
    assert stats.late_papers == 4
    late = {h.hearing_id: h.late_papers for h in detail.hearings if h.late_papers}
    assert late == {data.hearings["C1@M1"]: 1, data.hearings["C1@M2"]: 2, c3_first: 1}


def test_with_a_panel_filter_an_unbooked_paper_counts_at_that_panels_first_hearing(
    papers: tuple[ServiceContext, PeriodData, int],
) -> None:
    ctx, data, c3_first = papers
    panel_a, panel_b = (
        report_statistics_with_detail(ctx, PERIOD_FROM, PERIOD_TO, panel)
        for panel in (data.panel_a, data.panel_b)
    )
    assert panel_a[0].late_papers == 4  # C1's three and C3's at M1
    # Panel B's report does not hear C3 at M1: its paper counts at C3's hearing at M4.
    assert {h.hearing_id: h.late_papers for h in panel_b[1].hearings if h.late_papers} == {
        data.hearings["C3"]: 1
    }
    assert c3_first not in {h.hearing_id for h in panel_b[1].hearings}
