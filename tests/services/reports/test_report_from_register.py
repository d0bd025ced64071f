"""The chairs' report counts hearings imported from the historic register like any other.

The period (April-September 2019) is long before the demo agency's own business, so every
figure below comes from the imported file alone and is counted here by hand.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from panelapp.services.cases import COLUMNS, import_register
from panelapp.services.context import ServiceContext
from panelapp.services.reports import report_statistics

ROWS = [
    # an approval deferred, then recommended at a later sitting and agreed by the ADM
    dict(reference="H-001", case_type="approval", panel="Panel 1", panel_date="2019-04-02", local_authority="Kent",
         locality="North Kent", outcome="deferred", vote_for="6", vote_against="0"),
    dict(reference="H-001", case_type="approval", panel="Panel 1", panel_date="07/05/2019", local_authority="Kent",
         locality="North Kent", outcome="recommended", vote_for="6", vote_against="0", par_grade="good",
         adm_par_grade="good", adm="Morgan Hale", adm_decision="agreed", adm_decision_date="2019-05-20",
         final_minutes_sent="2019-05-10", stage2_start="2019-02-01"),
    # an approval recommended but not agreed by the ADM: heard, not a household approved
    dict(reference="H-002", case_type="approval", panel="Panel 2", panel_date="2019-06-11", local_authority="Medway",
         outcome="recommended", vote_for="5", vote_against="1", par_grade="outstanding", adm_par_grade="good",
         adm="Morgan Hale", adm_decision="not_agreed", adm_decision_date="2019-06-25", final_minutes_sent="2019-06-14",
         stage2_start="2019-03-01"),
    # a match in West Kent, decided after the period ended
    dict(reference="H-003", case_type="match", panel="Panel 2", panel_date="2019-09-10", local_authority="Kent",
         locality="West Kent", outcome="recommended", vote_for="6", vote_against="0", cpr_grade="good",
         apr_grade="requires_improvement", adm_decision="agreed", adm_decision_date="2019-10-02",
         final_minutes_sent="2019-09-13"),
    # a match in Bexley still waiting for the ADM
    dict(reference="H-004", case_type="match", panel="Panel 3", panel_date="2019-07-16", local_authority="Bexley",
         outcome="recommended", vote_for="6", vote_against="0", cpr_grade="inadequate", apr_grade="good"),
    # outside the period: never counted
    dict(reference="H-005", case_type="deregistration", panel="Panel 1", panel_date="2019-10-01",
         local_authority="Medway", outcome="noted"),
]  # fmt: skip


def _register() -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), restval="")
    writer.writeheader()
    writer.writerows(ROWS)
    return out.getvalue()


def test_imported_hearings_give_every_report_figure(demo_ctx: ServiceContext) -> None:
    result = import_register(demo_ctx, _register())
    assert result.rows == 6 and result.hearings == 6
    figures = report_statistics(demo_ctx, date(2019, 4, 1), date(2019, 9, 30)).to_json()
    assert figures["cases_heard"] == 5
    assert figures["heard_by_type"]["approval"] == 3 and figures["heard_by_type"]["match"] == 2
    assert figures["heard_by_type"].get("deregistration", 0) == 0
    assert figures["households_approved"] == 1  # H-001 once (heard twice); H-002 not agreed
    assert figures["deferred"] == 1
    assert figures["matches_by_area"]["West Kent"] == 1 and figures["matches_by_area"]["Bexley"] == 1
    assert (
        figures["adm"]["agreed"] == 2 and figures["adm"]["not_agreed"] == 1 and figures["adm"]["pending"] == 1
    )
    assert figures["adm"]["decided_after_period"] == 1  # H-003, decided 02/10/2019
    assert figures["gradings"]["panel"]["PAR"] == {
        "outstanding": 1, "good": 1, "requires_improvement": 0, "inadequate": 0,
    }  # fmt: skip
    assert (
        figures["gradings"]["panel"]["CPR"]["good"] == 1
        and figures["gradings"]["panel"]["CPR"]["inadequate"] == 1
    )
    assert figures["gradings"]["panel"]["APR"]["requires_improvement"] == 1
    assert figures["gradings"]["adm"]["PAR"]["good"] == 2
    assert figures["adm_grade_concurrence_pct"] == 50.0  # good=good, outstanding≠good
    assert figures["sittings_held"] == 5 and figures["sittings_cancelled"] == 0
