"""Issue 17: the chairs' report counts children and gives the figures the published reports give.

A register for April-September 2019 (before the demo agency's own business, so every figure
comes from this file) is imported through the historic register import, with sibling groups,
inter-agency matches, graded consent plans and two decisions the ADM made after asking for
further information (one recorded in adm_further_information, one only in the old note).
Every new key is checked against the hand count in the comments. NMS 17.2 (the six-monthly
report); AAR 2005 reg 17-19 (the ADM's decision); Statutory guidance 2013 ch. 1 para 1.86
(7 working days for the ADM's decision).
"""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from sqlalchemy import select

from db.models import AdmDecisionRecord, Case, CaseChild, Hearing
from db.models.outcomes import AdmFurtherInformation
from panelapp.domain.permissions import Permission
from panelapp.services.cases import RegisterImportError, import_register
from panelapp.services.cases.register_import import REQUIRED_COLUMNS
from panelapp.services.context import ServiceContext
from panelapp.services.panel_day.grading_summaries import grading_summary
from panelapp.services.reports import build_chairs_report, report_document, report_statistics
from panelapp.services.reports.report_document import control_rows

FROM, TO = date(2019, 4, 1), date(2019, 9, 30)
COLUMNS = [*REQUIRED_COLUMNS, "children", "inter_agency"]


def _row(**cells: str) -> dict[str, str]:
    return {"vote_for": "6", "vote_against": "0", **cells}


ROWS = [
    # M-1: two siblings, inter-agency; minutes Thu 11/04, 7 working days (Good Friday and
    # Easter Monday skipped) end 24/04: decided 16/04, on time
    _row(reference="M-1", case_type="match", panel="Panel 1", panel_date="2019-04-09", local_authority="Kent",
         locality="North Kent", outcome="recommended", children="2", inter_agency="yes", cpr_grade="good",
         apr_grade="good", adm_decision="agreed", adm_decision_date="2019-04-16", final_minutes_sent="2019-04-11"),
    # M-2: three siblings; the ADM asks for more (recorded below), provided Fri 14/06: the clock
    # ends 25/06, decided 20/06, on time
    _row(reference="M-2", case_type="match", panel="Panel 2", panel_date="2019-05-14", local_authority="Medway",
         outcome="recommended", children="3", inter_agency="no", cpr_grade="outstanding",
         apr_grade="requires_improvement", adm_decision="agreed", adm_decision_date="2019-06-20",
         final_minutes_sent="2019-05-16"),
    # M-3: one child (empty cell), inter-agency; minutes Thu 13/06, clock ends 24/06, decided 05/07: late
    _row(reference="M-3", case_type="match", panel="Panel 3", panel_date="2019-06-11", local_authority="Bexley",
         outcome="recommended", children="", inter_agency="Yes", cpr_grade="requires_improvement",
         adm_decision="agreed", adm_decision_date="2019-07-05", final_minutes_sent="2019-06-13"),
    # M-4: deferred: its two children are not matched yet
    _row(reference="M-4", case_type="match", panel="Panel 1", panel_date="2019-07-02", local_authority="Kent",
         locality="West Kent", outcome="deferred", children="2", inter_agency="yes"),
    # C-1: a consent plan for two; inter_agency does not apply (ignored); minutes 10/07, decided 15/07
    _row(reference="C-1", case_type="consent_plan", panel="Panel 2", panel_date="2019-07-09",
         local_authority="Medway", outcome="recommended", children="2", inter_agency="yes", cpr_grade="good",
         adm_decision="agreed", adm_decision_date="2019-07-15", final_minutes_sent="2019-07-10"),
    # C-2: a consent plan for one, still with the ADM
    _row(reference="C-2", case_type="consent_plan", panel="Panel 3", panel_date="2019-08-13",
         local_authority="Kent", outcome="recommended", cpr_grade="inadequate"),
    # PAR past the four-month cap (Stage 2 01/03, panel 06/08); ADM one grade higher;
    # further information in the old note; minutes (re)sent 14/08, clock ends 23/08, decided 20/08
    _row(reference="A-1", case_type="approval", panel="Panel 1", panel_date="2019-08-06", local_authority="Kent",
         outcome="recommended", par_grade="good", adm_par_grade="outstanding", adm="Morgan Hale",
         adm_decision="agreed", adm_decision_date="2019-08-20", final_minutes_sent="2019-08-14",
         stage2_start="2019-03-01"),
    # ADM more than one grade apart; no minutes date, so not timed
    _row(reference="A-2", case_type="approval", panel="Panel 2", panel_date="2019-09-10", local_authority="Medway",
         outcome="recommended", par_grade="outstanding", adm_par_grade="requires_improvement", adm="Morgan Hale",
         adm_decision="agreed", adm_decision_date="2019-09-20", stage2_start="2019-06-01"),
    # D-1: a disruption report (children does not apply)
    _row(reference="D-1", case_type="disruption", panel="Panel 3", panel_date="2019-09-17",
         local_authority="Kent", outcome="noted", children="1"),
    # outside the period
    _row(reference="M-5", case_type="match", panel="Panel 1", panel_date="2019-10-01", local_authority="Medway",
         outcome="recommended", children="4"),
]  # fmt: skip


def _csv(rows: list[dict[str, str]], columns: list[str] = COLUMNS) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, restval="", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _record_further_information(ctx: ServiceContext) -> None:
    """M-2's request as the ADM service keeps it; A-1's only as the old note said it."""
    with ctx.write(Permission.RECORD_ADM, "test: further information") as session:
        records = {
            ref: record
            for ref, record in session.execute(
                select(Case.reference, AdmDecisionRecord)
                .join(Hearing, Hearing.case_id == Case.id)
                .join(AdmDecisionRecord, AdmDecisionRecord.hearing_id == Hearing.id)
                .where(Case.reference.in_(("M-2", "A-1")))
            )
        }
        records["M-2"].further_information.append(
            AdmFurtherInformation(
                requested_on=date(2019, 5, 24), what="Updated support plan", provided_on=date(2019, 6, 14)
            )
        )
        records["A-1"].notes = "Further information requested 12/08/2019; sent 14/08/2019."


@pytest.fixture
def imported(demo_ctx: ServiceContext) -> ServiceContext:
    result = import_register(demo_ctx, _csv(ROWS))
    assert result.hearings == len(ROWS)
    _record_further_information(demo_ctx)
    return demo_ctx


def test_every_new_key_by_hand(imported: ServiceContext) -> None:
    """NMS 17.2: children counted (a sibling group of two is two), and the figures added."""
    figures = report_statistics(imported, FROM, TO).to_json()
    assert figures["children_matched"] == 6  # M-1 2 + M-2 3 + M-3 1 (M-4 deferred)
    assert figures["children_consent_plans"] == 3  # C-1 2 + C-2 1
    assert figures["inter_agency_matches"] == 3  # M-1 2 + M-3 1; C-1's "yes" does not apply
    areas = figures["matches_by_area"]
    assert (areas["North Kent"], areas["Medway"], areas["Bexley"], areas["West Kent"]) == (2, 3, 1, 0)
    assert figures["adm"]["further_info_then_decided"] == 2  # M-2 (recorded), A-1 (old note)
    assert figures["adm"]["on_time_pct"] == 80.0  # M-1, M-2, C-1, A-1 of 5 timed (M-3 late)
    assert figures["adm"]["agreed"] == 6 and figures["adm"]["pending"] == 1
    assert figures["grading_differences"] == {"same": 0, "one_higher": 1, "one_lower": 0, "more": 1}
    assert figures["pars_capped"] == 1
    assert figures["sittings_chaired_by_vice_chair"] == 0
    assert figures["cases_per_sitting"] == 1.0  # 9 hearings at 9 sittings
    assert figures["late_papers"] == 0
    assert figures["attendance_pct"] is None  # no attendance in the register
    assert figures["disruptions"] == 1
    assert figures["gradings"]["panel"]["CPR"] == {
        "outstanding": 1, "good": 2, "requires_improvement": 1, "inadequate": 1,
    }  # fmt: skip  # M-1 good, M-2 outstanding, M-3 RI and the consent plans' C-1 good, C-2 inadequate
    for key in ("from", "to", "cases_heard", "heard_by_type", "households_approved", "deferred", "adm",
                "gradings", "adm_grade_concurrence_pct", "sittings_held", "sittings_cancelled"):  # fmt: skip
        assert key in figures, key  # every key the report had is kept


def test_the_import_keeps_the_children_and_the_inter_agency_mark(imported: ServiceContext) -> None:
    with imported.read() as session:
        cases = {c.reference: c for c in session.scalars(select(Case).where(Case.reference.like("_-_")))}
        counted = {c.reference: len(c.children) for c in cases.values()}
        assert counted["M-1"] == 2 and counted["M-2"] == 3 and counted["M-3"] == 1 and counted["C-1"] == 2
        assert counted["A-1"] == 0 and counted["D-1"] == 0  # children do not apply to them
        assert cases["M-1"].inter_agency and cases["M-3"].inter_agency
        assert not cases["M-2"].inter_agency and not cases["C-1"].inter_agency
        assert session.scalar(select(CaseChild.initials).where(CaseChild.case_id == cases["M-1"].id)) == "n/k"


def test_grading_summary_and_report_agree(imported: ServiceContext) -> None:
    """The grading summary gives the report's gradings for the same period, paper by paper."""
    report = report_statistics(imported, FROM, TO).gradings["panel"]
    summary = {c.name: c.counts for c in grading_summary(imported, FROM, TO).by_paper}
    assert summary == report
    demo = date(2026, 4, 1), date(2026, 9, 30)
    assert {c.name: c.counts for c in grading_summary(imported, *demo).by_paper} == report_statistics(
        imported, *demo
    ).gradings["panel"]


def test_optional_columns_may_be_left_out(demo_ctx: ServiceContext) -> None:
    result = import_register(demo_ctx, _csv([ROWS[0]], list(REQUIRED_COLUMNS)))
    assert result.hearings == 1
    assert report_statistics(demo_ctx, FROM, TO).children_matched == 1  # default: one child


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("children", "0", "is not a number of children from 1 to 12"),
        ("children", "two", "is not a number of children from 1 to 12"),
        ("inter_agency", "maybe", "is not yes or no"),
    ],
)
def test_bad_children_or_inter_agency_cells_import_nothing(
    demo_ctx: ServiceContext, column: str, value: str, message: str
) -> None:
    with pytest.raises(RegisterImportError) as refused:
        import_register(demo_ctx, _csv([{**ROWS[0], column: value}]))
    assert message in str(refused.value) and f"row 2, {column}" in str(refused.value)
    with demo_ctx.read() as session:
        assert session.scalar(select(Case.id).where(Case.reference == "M-1")) is None


def test_the_document_says_every_new_figure(imported: ServiceContext) -> None:
    report = build_chairs_report(imported, FROM, TO)
    words = " ".join(
        getattr(b, "text", "") + " ".join(" ".join(r) for r in getattr(b, "rows", []))
        for b in report_document(report).blocks
    )
    headings = [b.text for b in report_document(report).blocks if type(b).__name__ == "Heading"]
    numbered = [h.split(".")[0] for h in headings if h[:1].isdigit() and ". " in h]
    assert numbered == [str(n) for n in range(1, 13)]  # continuous: 1 to 12
    assert "Appendix A: membership of the central list" in headings
    assert "Appendix B: how each figure is counted" in headings
    for said in (
        "6 children were matched",
        "3 children were matched with another agency's adopters",
        "recommended for 3 children",
        "further information and then decided in 2 cases",
        "80.0% of the decisions",
        "one grade higher to 1",
        "more than one apart to 1",
        "1 PAR reached panel more than four months",
        "1 disruption report was heard",
        "Cases per sitting (mean): 1.0",
    ):
        assert said in words, said
    control = dict(control_rows(report))
    assert all(control.values()), control  # no blank field in document control
