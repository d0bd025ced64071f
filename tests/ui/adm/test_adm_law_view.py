"""The tracker and dialogs after issue 16: the case's own clocks, the ADM's steps, the route
after a qualifying determination, and the case dialog's clock dates."""

from __future__ import annotations

from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from panelapp.domain.deadlines import DeadlineKind, TrackerGroup
from panelapp.domain.vocab import AdmDecision, CaseType, Outcome
from panelapp.services import adm, cases
from panelapp.services.context import ServiceContext
from tests.services.adm.test_adm_tracker import add_heard_case
from tests.ui.adm.test_adm_tracker_view import TODAY, Recorder, make_view
from ui.adm.dialogs import DecisionDialog
from ui.cases.case_dialog import CaseDialog


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    recorder = Recorder()
    monkeypatch.setattr("ui.shell.messages.messenger", recorder)
    return recorder


def asked_for_more(ctx: ServiceContext) -> tuple[int, str]:
    hearing_id = add_heard_case(ctx, CaseType.APPROVAL)
    adm.record_minutes_sent(ctx, hearing_id, date(2026, 11, 18), None, today=TODAY)
    entry = adm.DecisionEntry(
        AdmDecision.FURTHER_INFO, date(2026, 11, 19), information_wanted="updated medical"
    )
    adm.record_decision(ctx, hearing_id, entry, adm.tracker_case(ctx, hearing_id).version, today=TODAY)
    return hearing_id, adm.tracker_case(ctx, hearing_id).reference


def test_the_tracker_shows_the_new_kinds_and_the_adms_steps(
    qtbot: QtBot, demo_ctx: ServiceContext, told: Recorder
) -> None:
    """Issue 16: stage_two_decision and approval_review beside the ADM's chain; a request for
    further information shows what was asked, in the row's note and the side panel."""
    _hearing, reference = asked_for_more(demo_ctx)
    view = make_view(qtbot, demo_ctx)
    shown = {
        kind for key, _label in view.counts.items() for _ref, kind in view.group_rows(key) if view.counts[key]
    }
    assert DeadlineKind.STAGE_TWO_DECISION.label in shown or DeadlineKind.APPROVAL_REVIEW.label in shown
    assert view.select_case(reference, TrackerGroup.OVERDUE)
    index = view.tree.currentIndex()
    note = index.siblingAtColumn(7).data()
    assert note.startswith("Further information requested 19/11/2026: updated medical; not provided yet")
    assert "ADM's steps" in view.details.text() and "updated medical" in view.details.text()


def test_the_decision_dialog_records_a_request_then_shows_it(
    qtbot: QtBot, demo_ctx: ServiceContext, told: Recorder
) -> None:
    hearing_id = add_heard_case(demo_ctx, CaseType.APPROVAL)
    adm.record_minutes_sent(demo_ctx, hearing_id, date(2026, 11, 18), None, today=TODAY)
    dialog = DecisionDialog(demo_ctx, adm.tracker_case(demo_ctx, hearing_id), lambda: TODAY)
    qtbot.addWidget(dialog)
    assert not dialog.wanted.isEnabled() and not dialog.final.isEnabled()
    dialog.decision.setCurrentIndex(dialog.decision.findData(AdmDecision.FURTHER_INFO))
    assert dialog.wanted.isEnabled()
    dialog.save()  # nothing said about what was asked for: refused beneath the field
    assert dialog.result() == 0 and adm.tracker_case(demo_ctx, hearing_id).decision is AdmDecision.PENDING
    qtbot.keyClicks(dialog.wanted, "updated medical")
    qtbot.keyClicks(dialog.wanted_by.edit, "04/12/2026")
    dialog.save()
    case = adm.tracker_case(demo_ctx, hearing_id)
    assert case.open_request is not None and case.open_request.due_by == date(2026, 12, 4)
    again = DecisionDialog(demo_ctx, case, lambda: TODAY)
    qtbot.addWidget(again)
    assert again.wanted.text() == "updated medical" and not again.history.isHidden()


def test_a_qualifying_determination_enables_the_final_decision_in_the_case_types_words(
    qtbot: QtBot, demo_ctx: ServiceContext, told: Recorder
) -> None:
    hearing_id = add_heard_case(demo_ctx, CaseType.REVIEW, Outcome.NOT_RECOMMENDED)
    adm.record_minutes_sent(demo_ctx, hearing_id, date(2026, 11, 18), None, today=TODAY)
    dialog = DecisionDialog(demo_ctx, adm.tracker_case(demo_ctx, hearing_id), lambda: TODAY)
    qtbot.addWidget(dialog)
    dialog.decision.setCurrentIndex(dialog.decision.findData(AdmDecision.AGREED))  # approval ends: reg 30D
    assert dialog.final.isEnabled() and dialog.review.isEnabled()
    assert [dialog.final.itemText(i) for i in range(dialog.final.count())] == [
        "Not yet",
        "Approval continues",
        "Approval ends",
    ]


def test_the_case_dialog_shows_the_clock_dates_its_case_type_keeps(
    qtbot: QtBot, demo_ctx: ServiceContext, told: Recorder
) -> None:
    dialog = CaseDialog(demo_ctx, None)
    qtbot.addWidget(dialog)
    dialog.show()
    form = dialog.details_form
    dialog.case_type.setCurrentIndex(dialog.case_type.findData("approval"))
    assert all(form.isRowVisible(w) for w in dialog.clock_rows.values())
    dialog.case_type.setCurrentIndex(dialog.case_type.findData("brief_report"))
    visible = {n for n, w in dialog.clock_rows.items() if form.isRowVisible(w)}
    assert visible == {"par_sent_on", "par_comments_on"}
    dialog.case_type.setCurrentIndex(dialog.case_type.findData("match"))
    assert not any(form.isRowVisible(w) for w in dialog.clock_rows.values())
    dialog.case_type.setCurrentIndex(dialog.case_type.findData("approval"))
    qtbot.keyClicks(dialog.reference, "CLK-1")
    qtbot.keyClicks(dialog.clock_dates["par_sent_on"].edit, "12/11/2026")
    qtbot.keyClicks(dialog.clock_dates["par_comments_on"].edit, "18/11/2026")
    dialog.save()
    assert dialog.saved is not None
    saved = cases.get_case(demo_ctx, dialog.saved.id)
    assert (saved.par_sent_on, saved.par_comments_on) == (date(2026, 11, 12), date(2026, 11, 18))
