"""The Reports view: figures on screen, narrative editing, exports in a background job."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from panelapp.services.context import ServiceContext
from panelapp.services.reports import load_narrative
from tests.conftest import new_sqlite_context
from tests.services.reports.support import PERIOD_FROM, PERIOD_TO, PeriodData, build_period
from ui.reports import view as reports_module
from ui.reports.view import ReportsView
from ui.shell import messages


class FakeMessenger:
    def __init__(self, confirm: bool = True) -> None:
        self.shown: list[tuple[str, str, str]] = []
        self.answer = confirm

    def error(self, _p: Any, title: str, text: str) -> None:
        self.shown.append(("error", title, text))

    def info(self, _p: Any, title: str, text: str) -> None:
        self.shown.append(("info", title, text))

    def confirm(self, _p: Any, title: str, text: str) -> bool:
        self.shown.append(("confirm", title, text))
        return self.answer


@pytest.fixture
def messenger(monkeypatch: pytest.MonkeyPatch) -> FakeMessenger:
    fake = FakeMessenger()
    monkeypatch.setattr(messages, "messenger", fake)
    return fake


@pytest.fixture
def period(tmp_path: Path) -> tuple[ServiceContext, PeriodData]:
    ctx = new_sqlite_context(tmp_path)
    return ctx, build_period(ctx)


@pytest.fixture
def view(
    qtbot: QtBot,
    period: tuple[ServiceContext, PeriodData],
    monkeypatch: pytest.MonkeyPatch,
    messenger: FakeMessenger,
) -> ReportsView:
    monkeypatch.setattr(reports_module, "today", lambda: date(2026, 11, 23))
    widget = ReportsView(period[0])
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    widget.refresh()
    return widget


def test_the_default_period_is_the_latest_completed_one_with_its_figures(view: ReportsView) -> None:
    assert view.picker.period() == (PERIOD_FROM, PERIOD_TO)
    assert view.figures.cards["cases_heard"].value.text() == "11"
    assert view.figures.cards["households"].value.text() == "3"
    assert view.figures.cards["concurrence"].value.text() == "66.7%"
    cases = view.figures.tables["cases"]
    assert [cases.cell(0, c) for c in range(6)] == ["Adopter approval", "6", "4", "1", "1", "0"]
    adm = view.figures.tables["adm"]
    # The ADM table totals to its hearings; decided after the period is part of them (issue 17).
    assert [[adm.cell(r, c) for c in range(2)] for r in range(adm.table_model.rowCount())] == [
        ["Agreed", "5"],
        ["Not agreed", "1"],
        ["Further information requested", "1"],
        ["Pending", "2"],
        ["Total", "9"],
    ]
    assert view.figures.cards["adm.further_info_then_decided"].value.text() == "0"
    assert view.figures.cards["children_matched"].value.text() == "3"
    chart = view.figures.charts["areas"]
    assert chart.spec is not None and "North Kent 1" in chart.accessibleDescription()
    assert view.appendix.table_model.rowCount() == 0  # filled when its tab is first shown
    view.tabs.setCurrentWidget(view.appendix_page)
    assert view.appendix.cell(2, 1) == "independent member – currently on maternity leave"
    view.picker.set_range(date(2026, 6, 1), date(2026, 6, 30))  # another period, tab still shown
    assert view.appendix_caption.text() == "Members on 30/06/2026, in surname order."
    assert view.appendix.table_model.rowCount() > 0 and view._appendix_shown_for is view.report


def test_a_panel_and_a_custom_range(view: ReportsView) -> None:
    view.panel_combo.setCurrentIndex(view.panel_combo.findText("Panel B"))
    assert view.figures.cards["cases_heard"].value.text() == "4"
    view.picker.set_range(date(2026, 6, 1), date(2026, 6, 30))
    assert view.picker.is_custom()
    assert view.figures.cards["cases_heard"].value.text() == "3"
    view.picker.to_field.set_value(date(2026, 5, 1))
    view.load()
    assert "ends before it starts" in view.summary.text()


def test_narrative_is_saved_and_a_bad_date_is_refused(
    qtbot: QtBot, view: ReportsView, period: tuple[ServiceContext, PeriodData], messenger: FakeMessenger
) -> None:
    ctx, data = period
    assert not view.save_button.isEnabled()
    view.narrative.editors[("summary", None)].setPlainText("A steady six months.")
    view.narrative.editors[("chair_comments", data.panel_a)].setPlainText("Thanks to the admin team.")
    assert view.save_button.isEnabled()
    view.narrative.control_fields["date"].setText("31/02/2026")
    assert not view.save()
    assert messenger.shown[-1][0] == "error" and "not a real date" in messenger.shown[-1][2]
    assert load_narrative(ctx, PERIOD_FROM, PERIOD_TO).body("summary") == ""  # nothing saved
    view.narrative.control_fields["date"].setText("20/10/2026")
    assert view.save()
    saved = load_narrative(ctx, PERIOD_FROM, PERIOD_TO)
    assert saved.body("summary") == "A steady six months."
    assert saved.body("chair_comments", data.panel_a) == "Thanks to the admin team."
    assert saved.document_control().date == "2026-10-20"
    assert not view.narrative.is_dirty() and not view.save_button.isEnabled()


def test_the_next_period_offers_the_previous_text(view: ReportsView) -> None:
    view.narrative.editors[("recommendations", None)].setPlainText("Hold a chairs' meeting each quarter.")
    assert view.save()
    view.picker.combo.setCurrentIndex(0)  # 1 October 2026 to 31 March 2027
    # Last period's 12 is where 2 Update on previous recommendations starts; 12 starts empty.
    update = view.narrative.editors[("previous_recommendations", None)]
    assert update.toPlainText() == "Hold a chairs' meeting each quarter."
    assert view.narrative.editors[("recommendations", None)].toPlainText() == ""
    assert (
        view.narrative.banner.isVisibleTo(view.narrative) and "starting point" in view.narrative.banner.text()
    )
    assert view.save_button.isEnabled()  # keeping it as it is needs a save


def test_export_word_runs_in_the_background(
    qtbot: QtBot, view: ReportsView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, messenger: FakeMessenger
) -> None:
    target = tmp_path / "chairs"
    monkeypatch.setattr(reports_module.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with qtbot.waitSignal(view.export_progress.bar.valueChanged, timeout=20000, raising=False):
        view.word_button.click()
    assert view.job is not None and view.export_progress.cancel_button.isVisible()
    qtbot.waitUntil(lambda: view.job is None, timeout=30000)
    assert view.last_export == tmp_path / "chairs.docx"
    assert messenger.shown[-1][0] == "info"
    doc = Document(str(view.last_export))
    rows = [[c.text for c in row.cells] for t in doc.tables for row in t.rows]
    assert ["Adopter approval", "6", "4", "1", "1", "0"] in rows
    assert not view.export_progress.isVisible() and view.word_button.isEnabled()


def test_cancel_stops_the_export_and_leaves_no_file(
    qtbot: QtBot, view: ReportsView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started, cancel_clicked = threading.Event(), threading.Event()

    def slow_export(*args: Any) -> Path:
        progress = args[-1]
        progress(1, "Writing")
        started.set()
        # Still writing when the user cancels (no sleeps: the suite runs under faketime too);
        # the next progress report is where the export learns it was cancelled.
        cancel_clicked.wait(30)
        progress(50, "Writing")
        raise AssertionError("the export was not cancelled")

    monkeypatch.setattr(reports_module, "export_chairs_report", slow_export)
    monkeypatch.setattr(
        reports_module.QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "r.pdf"), "")
    )
    view.pdf_button.click()
    qtbot.waitUntil(started.is_set, timeout=10000)  # the work runs on a pool thread
    job = view.job
    assert job is not None
    with qtbot.waitSignal(job.signals.cancelled, timeout=10000):
        view.export_progress.cancel_button.click()
        cancel_clicked.set()
    assert view.job is None and "cancelled" in view.summary.text()
    assert not (tmp_path / "r.pdf").exists()


def test_screenshot_at_laptop_size(view: ReportsView, tmp_path: Path) -> None:
    image = view.grab()
    assert (image.width(), image.height()) == (1366, 768)
    assert image.save(str(tmp_path / "reports.png"))


def test_the_adm_sentence_says_what_was_decided_after_the_period(view: ReportsView) -> None:
    """Issue 17: 'Decided after 30/09/2026' is part of the decisions, so it is a sentence under
    the ADM table (as in the Word and PDF), not a row: C3 agreed on 05/10/2026."""
    sentence = view.figures.adm_sentence
    assert sentence.isVisibleTo(view)
    assert sentence.text().startswith(
        "The ADM made 6 decisions on the period's recommendations; 1 was made after "
        "30 September 2026 (already counted above, not in addition)."
    )
    assert "60.0% of the decisions with the date the social worker was told (3 of 5)" in sentence.text()
    view.picker.set_range(date(2026, 6, 1), date(2026, 6, 30))  # C3 (agreed 05/10) and C8
    assert "; 1 was made after 30 June 2026 (already counted" in sentence.text()


def test_the_notification_targets_are_traced_to_their_decisions(qtbot: QtBot, view: ReportsView) -> None:
    """Statutory guidance 2013 ch 3 (2 and 5 working days; bank holidays skipped): a click on a
    target lists every decision measured, each marked within the target or not."""
    figures = view.figures
    assert figures.figure_text("adm.on_time_pct") == "50.0% (3 of 6)"
    assert figures.figure_text("adm.sw_notification_on_time_pct") == "60.0% (3 of 5)"
    assert figures.figure_text("adm.written_confirmation_on_time_pct") == "80.0% (4 of 5)"
    qtbot.mouseClick(figures.cards["adm.sw_notification_on_time_pct"], Qt.MouseButton.LeftButton)
    model = figures.last_dialog.model
    listed = [(model.row(i).reference, model.index(i, 6).data()) for i in range(model.rowCount())]
    # C2 told 05/05, on time past the 04/05 bank holiday; C5 and C3 a day late; C15 has no date.
    assert listed == [("C2", "Yes"), ("C5", "No"), ("C1", "Yes"), ("C3", "No"), ("C8", "Yes")]
    figures.last_dialog.close()
    qtbot.mouseClick(figures.cards["adm.written_confirmation_on_time_pct"], Qt.MouseButton.LeftButton)
    model = figures.last_dialog.model
    late = [model.row(i).reference for i in range(model.rowCount()) if model.index(i, 6).data() == "No"]
    assert model.rowCount() == 5 and late == ["C5"]  # 07/05: day 5 was 06/05, the bank holiday skipped
