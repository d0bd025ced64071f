"""The grading summary dialog: shows totals for the last completed period and exports in the background."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from panelapp.services.context import ServiceContext
from tests.conftest import DEMO_UNTIL
from tests.ui.panel_day.fakes import RecordingMessenger
from ui.panel_day.view import PanelDayView
from ui.shell import messages


def test_grading_summary_shows_totals_and_exports_word(
    qtbot: QtBot, demo_ctx: ServiceContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = RecordingMessenger()
    monkeypatch.setattr(messages, "messenger", fake)
    view = PanelDayView(demo_ctx, today=DEMO_UNTIL)
    qtbot.addWidget(view)
    view.refresh()
    dialog = view.open_grading_summary()
    assert dialog.date_from.edit.text() == "01/04/2026" and dialog.date_to.edit.text() == "30/09/2026"
    summary = dialog.show_summary()
    assert summary is not None and summary.total > 0
    assert "papers graded" in dialog.preview.text() and "PAR:" in dialog.preview.text()
    dialog.date_to.edit.setText("31/02/2026")
    assert dialog.show_summary() is None and dialog.date_to.error.isVisibleTo(dialog)
    dialog.date_to.edit.setText("30/09/2026")
    out = tmp_path / "summary.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(out), ""))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.job is not None and not dialog.export_button.isEnabled()
    # The job may finish before a signal spy could connect: wait for what the user sees instead.
    qtbot.waitUntil(lambda: bool(fake.infos or fake.errors), timeout=30_000)
    assert fake.errors == [] and "Written to" in fake.infos[-1]
    assert out.exists() and len(Document(str(out)).inline_shapes) == 1
