"""The navigation is as wide as its widest entry: a count never cuts a name off, and no pixel
more is taken from the area beside it than the names need."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from panelapp.services.context import ServiceContext
from ui.shell.main_window import MainWindow
from ui.shell.startup import NAV_MIN_WIDTH, StartupShell


def _fits(window: MainWindow) -> bool:
    nav = window.nav
    return nav.sizeHintForColumn(0) <= nav.viewport().width() and not nav.horizontalScrollBar().isVisible()


def test_a_count_beside_a_long_name_widens_the_navigation(qtbot: QtBot, demo_ctx: ServiceContext) -> None:
    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    window.show()
    plain = window.nav.width()
    assert plain >= NAV_MIN_WIDTH and _fits(window)
    window._set_badge("cases", 128)  # "Cases & Agenda  (128)"
    assert window.nav.width() > plain and _fits(window)
    window._set_badge("cases", 0)  # the count gone: the area gets its width back
    assert window.nav.width() == plain


def test_the_start_up_frame_has_the_same_navigation_width(qtbot: QtBot, demo_ctx: ServiceContext) -> None:
    shell = StartupShell()
    qtbot.addWidget(shell)
    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    frame_nav = shell.centralWidget().layout().itemAt(0).widget()
    assert frame_nav.width() == window.nav.width()  # no jump when the window takes the frame's place
