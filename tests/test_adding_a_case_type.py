"""Adding a case type is one row in panelapp/domain/case_types.py: nothing else to edit.

A case type that exists only in this test (a kinship placement review) is added to the
table, and then a case of that type goes the whole way through the services: the register
accepts it (and asks for the child), booking gives it the row's slot and applicants' time,
the agenda names it, its recommendation goes to the ADM of the child's local authority,
and the chairs' report counts it and gives it its own clause.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from panelapp.domain import case_types
from panelapp.domain.case_types import AdmRoute, CaseTypeRow, ReportClause
from panelapp.domain.vocab import HEALTH_REPORT, Outcome
from panelapp.services import adm, cases, panel_day, reports
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ValidationError
from tests.conftest import DEMO_UNTIL

KINSHIP = CaseTypeRow(
    code="kinship_review",
    label="Kinship placement review",
    question="Should the child's placement with relatives continue towards adoption?",
    answers=(
        (Outcome.RECOMMENDED, "The placement continues"),
        (Outcome.NOT_RECOMMENDED, "The placement ends"),
    ),
    adm_route=AdmRoute.CHILD_LA,
    concerns_children=True,
    applicants_attend=True,
    advice_on_children=False,
    default_papers=("CPR", HEALTH_REPORT),
    papers_before_booking=None,
    slot_minutes=35,
    papers_graded=(),
    grades_in_report=False,
    adm_grades_par=False,
    adverse_answer=None,
    clock_dates=(),
    counts_households=False,
    counts_by_area=False,
    report_clause=ReportClause(4, "Kinship placement reviews heard"),
)
SITTING = DEMO_UNTIL  # a sitting today: booked now, heard and recommended today


@pytest.fixture
def kinship(monkeypatch: pytest.MonkeyPatch) -> Iterator[CaseTypeRow]:
    """The table with one more row, for this test only."""
    monkeypatch.setitem(case_types.REGISTRY, KINSHIP.code, KINSHIP)
    yield KINSHIP


def _new_case(ctx: ServiceContext, children: tuple[cases.ChildData, ...]) -> cases.CaseDetail:
    medway = next(la for la in cases.local_authority_choices(ctx) if la.name == "Medway")
    return cases.create_case(
        ctx,
        cases.CaseInput(
            reference="KIN-1",
            case_type=KINSHIP.code,
            household="Jo and Kim Relative",
            local_authority_id=medway.id,
            children=children,
        ),
    )


def _sitting(ctx: ServiceContext) -> int:
    from tests.services.cases.support import new_sitting

    return new_sitting(ctx, day=SITTING)


def test_a_new_row_is_all_a_new_case_type_needs(
    demo_ctx: ServiceContext, kinship: CaseTypeRow, tmp_path: Path
) -> None:
    # The register: the row's label, and its children rule.
    with pytest.raises(ValidationError, match="needs the child"):
        _new_case(demo_ctx, children=())
    case = _new_case(demo_ctx, children=(cases.ChildData("AB"),))
    assert case.type_label == "Kinship placement review"
    assert cases.required_papers(demo_ctx, kinship.code) == ("CPR", HEALTH_REPORT)

    # Booking: the applicants usually attend, so the slot is the row's 35 minutes plus theirs.
    meeting_id = _sitting(demo_ctx)
    booked = cases.book_case(demo_ctx, case.id, meeting_id, today=DEMO_UNTIL)
    agenda = cases.get_agenda(demo_ctx, meeting_id, DEMO_UNTIL)
    slot = next(s for s in agenda.slots if s.case_id == case.id)
    assert slot.title == "KIN-1: Kinship placement review"
    assert slot.case_type_label == "Kinship placement review"
    assert slot.applicants_attend and slot.minutes == 35 + case_types.DEFAULT_APPLICANTS_EXTRA_MINUTES
    assert {p.paper_type for p in cases.get_case(demo_ctx, case.id).papers} == {"CPR", HEALTH_REPORT}

    # The ADM route: the child's local authority's decision maker, not the agency's own.
    hearing_id = booked.hearing_id
    routed = adm.route_adm(demo_ctx, hearing_id)
    medway_adm = next(
        c.adm for c in adm.adm_tracker(demo_ctx, DEMO_UNTIL).cases if c.local_authority == "Medway"
    )
    assert routed is not None and medway_adm is not None and routed.id == medway_adm.id
    sheet = panel_day.day_sheet(demo_ctx, meeting_id)
    members = next(c for c in sheet.cases if c.hearing_id == hearing_id).quorum.members_counted
    form = panel_day.RecommendationForm(Outcome.RECOMMENDED.value, members, 0, 0, "The panel's reasons.")
    panel_day.record_recommendation(demo_ctx, hearing_id, form)
    on_tracker = next(c for c in adm.adm_tracker(demo_ctx, DEMO_UNTIL).cases if c.hearing_id == hearing_id)
    assert on_tracker.case_type is kinship and on_tracker.adm is not None and on_tracker.adm.id == routed.id
    assert kinship.code in {t.code for t in adm.filter_options(demo_ctx).case_types}

    # The chairs' report: counted by type, after the seven, with its own clause.
    period = (date(2026, 10, 1), date(2027, 3, 31))
    stats = reports.report_statistics(demo_ctx, *period)
    assert list(stats.heard_by_type)[-1] == kinship.code and stats.heard_by_type[kinship.code] == 1
    out = reports.export_chairs_report(demo_ctx, *period, None, "docx", tmp_path / "report.docx")
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "Kinship placement reviews heard: 1." in text
    rows = [[c.text for c in row.cells] for table in Document(str(out)).tables for row in table.rows]
    assert ["Kinship placement review", "1", "1", "0", "0", "0"] in rows


def test_the_extra_row_is_gone_after_the_test() -> None:
    assert not case_types.is_case_type(KINSHIP.code)
