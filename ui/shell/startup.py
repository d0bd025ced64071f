"""The window's frame, painted before the database and its libraries are loaded.

Importing SQLAlchemy, the models and the services takes longer than Qt needs to draw a
window, so start-up shows this shell first (title, navigation, menus, status bar) and
opens the database on the next turns of the event loop; the main window then takes its
place at the same size and position. Only PySide6 and plain-Python modules are imported
here: `tests/test_startup_imports.py` keeps it that way.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QSettings, QSize
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QWidget,
)

from panelapp import APP_NAME
from panelapp.paths import resource
from ui.shell.registry import VIEWS
from ui.shell.style import apply_style

# As ui/shell/main_window.py: at or below this (an office laptop) the window opens maximised.
SMALL_SCREEN = QSize(1440, 900)
MENUS = ("&File", "&Edit", "&View", "&Go", "&Help")


NAV_MIN_WIDTH = 190


def navigation_list() -> QListWidget:
    """The areas' list on the left, as the frame and the main window both show it."""
    nav = QListWidget()
    nav.setObjectName("navigation")
    apply_style(nav)
    nav.setAccessibleName("Navigation")
    nav.setIconSize(QSize(20, 20))
    for spec in VIEWS:
        nav.addItem(QListWidgetItem(QIcon(str(resource("icons", spec.icon))), spec.title))
    fit_navigation(nav)
    return nav


def fit_navigation(nav: QListWidget) -> None:
    """As wide as its widest entry, in the font the style sheet gives it, and no narrower than
    NAV_MIN_WIDTH: a count beside a long name ("Cases & Agenda  (12)") widens it rather than
    being cut off; kept no wider than needed, as every pixel is the area's (tables at 1366)."""
    nav.ensurePolished()
    needed = nav.sizeHintForColumn(0) + 2 * nav.frameWidth() + 2
    nav.setFixedWidth(max(NAV_MIN_WIDTH, needed))


class StartupShell(QMainWindow):
    """The main window's frame with nothing loaded yet; `say` tells the user what is happening."""

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(QIcon(str(resource("icons", "app.svg"))))
        self.setMinimumSize(QSize(1000, 640))
        nav = navigation_list()
        nav.setEnabled(False)  # nothing to open until the database is
        nav.setCurrentRow(0)
        self.message = QLabel()
        self.maximise = False  # set by _restore_layout on a laptop screen; show_shell obeys
        self.message.setAccessibleName("Starting")
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 6, 0)
        layout.setSpacing(10)
        layout.addWidget(nav)
        layout.addWidget(self.message, 1)
        self.setCentralWidget(central)
        for title in MENUS:
            self.menuBar().addMenu(title).setEnabled(False)
        self._restore_layout()

    def say(self, text: str) -> None:
        # Centred by the text's own markup: Qt.AlignmentFlag would import PySide6's `Qt`
        # namespace (~15 ms) before the first paint; a label centres vertically by default.
        self.message.setText(f"<div align='center'>{html.escape(text)}</div>")
        self.statusBar().showMessage(text)
        self.repaint()  # now: the caller is about to keep the event loop busy

    def _restore_layout(self) -> None:
        """Where and how big the main window was last time, so it opens exactly here."""
        geometry = QSettings().value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
            return
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        if screen is not None and (
            screen.width() <= SMALL_SCREEN.width() or screen.height() <= SMALL_SCREEN.height()
        ):
            self.maximise = True  # shown with showMaximized(): no Qt.WindowState needed
        else:
            self.resize(1280, 800)
