"""The case register on screen: search, the case dialog and its papers, booking with refusals."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QTableWidgetItem
from pytestqt.qtbot import QtBot

from panelapp.services import cases
from panelapp.services import cases as booking
from panelapp.services import cases as papers
from panelapp.services.context import ServiceContext
from tests.services.cases.support import TODAY, new_case, new_sitting
from tests.ui.cases.test_cases_agenda_builder import FakeMessenger
from ui.cases import models
from ui.cases.booking_dialog import BookingDialog
from ui.cases.case_dialog import CaseDialog
from ui.cases.models import PROBLEM_BACKGROUND
from ui.cases.view import CasesView
from ui.shell import messages
from ui.shell.table_model import ROW_ROLE


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeMessenger:
    recorder = FakeMessenger()
    monkeypatch.setattr(messages, "messenger", recorder)
    return recorder


@pytest.fixture
def view(qtbot: QtBot, demo_ctx: ServiceContext, fake: FakeMessenger) -> CasesView:
    w = CasesView(demo_ctx)
    qtbot.addWidget(w)
    w.today = TODAY
    w.show()
    w.refresh()
    return w


def summary(ctx: ServiceContext, reference: str) -> cases.CaseSummary:
    return next(r for r in cases.list_cases(ctx, today=TODAY) if r.reference == reference)


def _fetch_all(view: CasesView) -> None:
    while view.proxy.canFetchMore(QModelIndex()):
        view.proxy.fetchMore(QModelIndex())


def test_search_narrows_the_register(qtbot: QtBot, view: CasesView) -> None:
    total = view.model.total_count()
    assert total > 200
    qtbot.keyClicks(view.search, "medway match")
    _fetch_all(view)
    shown = [view.proxy.index(r, 0).data(ROW_ROLE) for r in range(view.proxy.rowCount())]
    assert 0 < len(shown) < total
    assert all(r.local_authority == "Medway" and r.case_type == "match" for r in shown)
    assert view.count.text() == f"{len(shown)} of {total} cases"


def test_a_long_register_is_given_to_the_table_a_page_at_a_time(
    qtbot: QtBot, view: CasesView, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 21: the first open shows a few screenfuls; scrolling fetches the rest, in the
    order chosen for the whole register (not only for the rows fetched so far)."""
    monkeypatch.setattr(models, "REGISTER_PAGE", 50)
    view.refresh()
    total = view.model.total_count()
    assert view.proxy.rowCount() == 50 < total
    assert view.count.text() == f"{total} of {total} cases"  # the count is the whole register's
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: view.proxy.rowCount() > 50)
    _fetch_all(view)
    assert view.proxy.rowCount() == total
    shown = [view.proxy.index(r, 0).data(ROW_ROLE) for r in range(total)]
    sittings = [r.last_sitting for r in shown if r.last_sitting is not None]
    assert sittings == sorted(sittings, reverse=True)  # most recent sitting first, throughout
    assert shown[-1].last_sitting is None or len(sittings) == total  # never heard: at the end
    view.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert view.proxy.rowCount() == 50
    _fetch_all(view)
    references = [view.proxy.index(r, 0).data(ROW_ROLE).reference for r in range(total)]
    assert references == sorted(references)


def test_a_case_beyond_the_fetched_pages_can_be_selected(
    qtbot: QtBot, view: CasesView, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening a search hit selects the case even when its page has not been fetched yet."""
    monkeypatch.setattr(models, "REGISTER_PAGE", 20)
    view.refresh()
    last = view.model.all_rows()[-1]
    view.select_case(last.id)
    selected = view.selected_case()
    assert selected is not None and selected.id == last.id


def test_booking_a_seventh_case_on_a_six_case_panel_is_refused_with_a_message(
    qtbot: QtBot, view: CasesView, fake: FakeMessenger
) -> None:
    meeting_id = new_sitting(view.ctx)
    for n in range(6):
        booking.book_case(view.ctx, new_case(view.ctx, f"FULL-{n}").id, meeting_id, today=TODAY)
    seventh = new_case(view.ctx, "FULL-7")
    view.refresh()
    dialog = BookingDialog(view.ctx, summary(view.ctx, "FULL-7"), TODAY, view)
    qtbot.addWidget(dialog)
    dialog.choose(meeting_id)
    assert "(6 of 6 cases booked)  (full)" in dialog.sittings.currentText()
    dialog.book()
    assert dialog.booking_made is None
    assert fake.errors and "already has 6 cases booked" in fake.errors[-1]
    assert cases.get_case(view.ctx, seventh.id).hearings == ()


def test_booking_with_warnings_asks_first(qtbot: QtBot, view: CasesView, fake: FakeMessenger) -> None:
    meeting_id = new_sitting(view.ctx, roster_size=5)  # bare quorum
    new_case(view.ctx, "WARN-1")
    dialog = BookingDialog(view.ctx, summary(view.ctx, "WARN-1"), TODAY, view)
    qtbot.addWidget(dialog)
    dialog.choose(meeting_id)
    fake.answer = False
    dialog.book()
    assert fake.questions and "bare quorum" in fake.questions[-1] and dialog.booking_made is None
    fake.answer = True
    dialog.book()
    assert dialog.booking_made is not None and dialog.booking_made.sequence == 1


def test_a_consent_plan_without_papers_is_refused_on_screen(
    qtbot: QtBot, view: CasesView, fake: FakeMessenger
) -> None:
    meeting_id = new_sitting(view.ctx)
    new_case(view.ctx, "PLAN-9", "consent_plan", children=(cases.ChildData("PQ"),))
    dialog = BookingDialog(view.ctx, summary(view.ctx, "PLAN-9"), TODAY, view)
    qtbot.addWidget(dialog)
    dialog.choose(meeting_id)
    dialog.book()
    assert "CPR and the child's health report" in fake.errors[-1]


def test_new_case_through_the_dialog(qtbot: QtBot, view: CasesView, fake: FakeMessenger) -> None:
    dialog = CaseDialog(view.ctx, None, view)
    qtbot.addWidget(dialog)
    dialog.reference.clear()  # it offers the next reference; this test types its own
    qtbot.keyClicks(dialog.reference, "DLG-1")
    dialog.case_type.setCurrentIndex(dialog.case_type.findData("match"))
    dialog.la.setCurrentIndex(dialog.la.findText("Kent"))
    assert dialog.locality.isEnabled() and dialog.locality.count() == 5
    dialog.locality.setCurrentIndex(dialog.locality.findText("East Kent"))
    dialog.children_table.insertRow(0)
    dialog.children_table.setItem(0, 0, QTableWidgetItem("ef"))
    dialog.children_table.setItem(0, 1, QTableWidgetItem("Effie Fallow"))
    dialog.children_table.setItem(0, 2, QTableWidgetItem("03/04/2024"))
    dialog.workers.setItem(1, 0, QTableWidgetItem("Child Worker"))
    dialog.save()
    assert fake.errors == []
    assert dialog.saved is not None
    assert dialog.saved.child_initials == "EF" and dialog.saved.locality == "East Kent"
    assert dialog.saved.children[0].date_of_birth == date(2024, 4, 3)
    assert dialog.saved.social_workers[0].role == "child"


def test_the_dialog_shows_only_what_the_case_type_keeps(qtbot: QtBot, view: CasesView) -> None:
    """An adopter approval has no placement order and is never inter-agency; a match has both
    and no assessment clocks (issues 16, 17)."""
    dialog = CaseDialog(view.ctx, None, view)
    qtbot.addWidget(dialog)
    form = dialog.details_form

    def shown() -> set[str]:
        widgets = {"stage2": dialog.stage2, "placement": dialog.placement, "inter": dialog.inter_agency}
        widgets |= {name: row for name, row in dialog.clock_rows.items()}
        return {name for name, w in widgets.items() if form.isRowVisible(w)}

    dialog.case_type.setCurrentIndex(dialog.case_type.findData("approval"))
    assert {"stage2", "par_sent_on", "child_placed_on"} <= shown() and not {"placement", "inter"} & shown()
    dialog.case_type.setCurrentIndex(dialog.case_type.findData("match"))
    assert {"placement", "inter"} <= shown() and not {"stage2", "par_sent_on"} & shown()


def test_bad_dates_in_the_dialog_save_nothing(qtbot: QtBot, view: CasesView, fake: FakeMessenger) -> None:
    dialog = CaseDialog(view.ctx, None, view)
    qtbot.addWidget(dialog)
    dialog.reference.clear()
    qtbot.keyClicks(dialog.reference, "DLG-2")
    qtbot.keyClicks(dialog.stage2.edit, "31/02/2026")
    dialog.save()
    assert "not a real date" in dialog.stage2.error.text() and not dialog.stage2.error.isHidden()
    assert "not saved" in dialog.field_errors.summary.text() and fake.errors == []
    assert dialog.saved is None
    assert "DLG-2" not in [r.reference for r in cases.list_cases(view.ctx)]


def test_missing_papers_are_highlighted_and_receiving_them_is_saved(
    qtbot: QtBot, view: CasesView, fake: FakeMessenger
) -> None:
    meeting_id = new_sitting(view.ctx)
    case = new_case(view.ctx, "PAPERS-1", "match", children=(cases.ChildData("GH"),))
    booking.book_case(view.ctx, case.id, meeting_id, today=TODAY)
    dialog = CaseDialog(view.ctx, case.id, view)
    qtbot.addWidget(dialog)
    # Papers due 03/12/2026; seen on 10/12/2026 with none received, all are missing.
    rows = papers.list_papers(view.ctx, case.id, today=date(2026, 12, 10))
    assert all(r.missing for r in rows)
    dialog._fill_papers(tuple(rows))
    assert dialog.papers.item(0, 6).text() == "Missing"
    assert dialog.papers.item(0, 0).background().color() == QColor(PROBLEM_BACKGROUND)
    dialog.papers.item(0, 3).setText("01/12/2026")
    dialog.save()
    assert fake.errors == []
    saved = {p.paper_type: p for p in papers.list_papers(view.ctx, case.id, today=date(2026, 12, 10))}
    first = rows[0].paper_type
    assert saved[first].received_on == date(2026, 12, 1) and not saved[first].missing


def test_a_new_database_without_an_agency_opens_quietly(
    qtbot: QtBot, empty_ctx: ServiceContext, fake: FakeMessenger
) -> None:
    w = CasesView(empty_ctx)
    qtbot.addWidget(w)
    w.refresh()
    w.tabs.setCurrentIndex(1)
    assert fake.errors == []
    assert "No agency is set up yet" in w.count.text()
    assert "no sittings to come" in w.agenda_builder.details.text()


def test_the_register_model_passes_qts_model_tester(
    qtmodeltester: Any, view: CasesView, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The paged model keeps Qt's rules while rows are fetched, searched and sorted."""
    monkeypatch.setattr(models, "REGISTER_PAGE", 40)
    model = models.CaseRegisterModel()
    proxy = models.CaseFilterProxy()
    proxy.setSourceModel(model)
    model.set_rows(view.model.all_rows())
    qtmodeltester.check(proxy, force_py=True)  # fetches pages itself
    fetched = model.rowCount()
    assert fetched % 40 == 0 and model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert proxy.rowCount() >= fetched + 40  # (the tester fetches again after each insert)
    # The tester fetches inside the reset signal (before its own reset handler has run), which
    # it then reports as an insert during a reset: resets are checked with nothing left to fetch.
    monkeypatch.setattr(models, "REGISTER_PAGE", 100_000)
    proxy.set_search("kent")
    proxy.sort(6, Qt.SortOrder.AscendingOrder)
    assert 0 < proxy.rowCount() < model.total_count()


def test_a_new_case_is_offered_the_next_reference(qtbot: QtBot, view: CasesView, fake: FakeMessenger) -> None:
    """Issue 20: a new case needed its reference typed by hand; the dialog now pre-fills the next
    one in the agency's pattern, editable, and an untouched offer is not unsaved typing."""
    from panelapp.services import cases

    offered = cases.next_reference(view.ctx)
    dialog = CaseDialog(view.ctx, None, view)
    qtbot.addWidget(dialog)
    assert offered and dialog.reference.text() == offered and not dialog.reference.isReadOnly()
    assert not dialog.close_guard.changed()
    dialog.reference.clear()
    qtbot.keyClicks(dialog.reference, "OWN-1")
    dialog.save()
    assert dialog.saved is not None and dialog.saved.reference == "OWN-1"
