"""Issue 17: a click on a report figure lists the hearings behind it (every figure traceable)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from panelapp.services.context import ServiceContext
from panelapp.services.reports import build_chairs_report
from ui.reports.figures_panel import FiguresPanel
from ui.reports.hearings_behind import HearingsBehindDialog


def test_clicking_children_matched_lists_the_match_hearings(qtbot: QtBot, demo_ctx: ServiceContext) -> None:
    report = build_chairs_report(demo_ctx, date(2026, 4, 1), date(2026, 9, 30))
    panel = FiguresPanel()
    qtbot.addWidget(panel)
    panel.resize(1366, 700)
    panel.show_report(report)
    assert panel.figure_text("children_matched") == str(report.stats.children_matched)
    qtbot.mouseClick(panel.cards["children_matched"], Qt.MouseButton.LeftButton)
    dialog = panel.last_dialog
    assert isinstance(dialog, HearingsBehindDialog)
    rows = [dialog.model.row(i) for i in range(dialog.model.rowCount())]
    # The hearings listed add up to the figure: a sibling group of two is two children.
    assert sum(h.children for h in rows) == report.stats.children_matched
    assert all(h.outcome == "recommended" for h in rows) and rows
    assert any(h.children > 1 for h in rows)
    dialog.close()
    qtbot.mouseClick(panel.cards["disruptions"], Qt.MouseButton.LeftButton)
    assert panel.last_dialog.model.rowCount() == report.stats.disruptions
