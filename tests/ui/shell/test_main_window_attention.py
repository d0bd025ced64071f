"""The status bar's 'needs attention' counts arrive from a background job, without blocking start-up."""

from __future__ import annotations

from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

from panelapp.services.context import ServiceContext
from panelapp.services.home import attention_counts
from ui.shell.main_window import MainWindow


def test_overdue_counts_reach_the_status_bar_and_navigation(qtbot: QtBot, demo_ctx: ServiceContext) -> None:
    expected = attention_counts(demo_ctx)
    assert expected.compliance_overdue > 0  # the demo has a member whose DBS check is overdue
    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: "DBS/appraisal" in window.attention_label.text())
    assert f"{expected.compliance_overdue} DBS/appraisal item(s) overdue" in window.attention_label.text()
    members_row = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert any(
        text.startswith("Members") and f"({expected.compliance_overdue})" in text for text in members_row
    )


def test_no_agency_yet_leaves_the_status_bar_quiet(qtbot: QtBot, empty_ctx: ServiceContext) -> None:
    window = MainWindow(empty_ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window._attention_job is not None)
    assert QThreadPool.globalInstance().waitForDone(10_000)
    qtbot.wait(50)  # let the job's queued 'finished' reach the window
    assert window.attention_label.text() == ""
    assert window.nav.item(1).text() == "Members"
