"""Starting the desktop application: Qt set-up, opening the database, the main window.

Paint first, load after: `run_app` shows the window's frame (`StartupShell`) before
SQLAlchemy, the models and the services are imported, then opens the database and builds
the main window (Home filled in) on the next turns of the event loop, the status bar
saying what it is doing. Services are therefore imported inside the functions here.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QMessageBox, QWidget

from panelapp import APP_NAME, ORG_NAME, __version__, clock
from panelapp.config import default_db_url, resolve_db_url
from panelapp.logs import log_unexpected, safe_details
from panelapp.services.errors import ServiceError
from ui.shell.error_dialog import unexpected_error_box
from ui.shell.qt_sources import keep_no_sources
from ui.shell.startup import StartupShell
from ui.shell.theme import apply_theme
from ui.shell.warm_up import AreaWarmUp

if TYPE_CHECKING:
    from panelapp.services.context import ServiceContext

OPENING = "Opening the database…"
FILLING = "Database open: filling in Home…"


def make_application(argv: list[str] | None = None) -> QApplication:
    keep_no_sources()  # before the database's libraries are imported (ui/shell/qt_sources.py)
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    paint_on_the_gui_thread()
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationVersion(__version__)
    apply_theme()
    return app


def paint_on_the_gui_thread() -> None:
    """Qt spreads a large fill (a table's background after a search) over a pool of threads
    and waits for them all. On a two-core laptop with Teams running, a pool thread waits for
    a core while the window waits for it: the members search's slowest keystrokes beside
    two busy programs went from 17 to 11 ms (p95) with the pool off, on an idle machine no
    slower (issue 21). Read by Qt when it first needs the pool; IT may set it either way."""
    os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")


def open_context_for_gui(db_url: str | None) -> ServiceContext | None:
    """Open the database, explaining any problem in a message box instead of a traceback."""
    from panelapp.services import agency

    try:
        ctx, _ = agency.open_checked(resolve_db_url(db_url))
    except ServiceError as exc:
        QMessageBox.critical(None, f"{APP_NAME} cannot open the database", _sentence(str(exc)))
        return None
    return ctx


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def offer_demo_data(ctx: ServiceContext) -> None:
    """An empty database: offer the invented demo agency so there is something to explore."""
    from panelapp.services import agency

    if agency.has_agency(ctx):
        return
    answer = QMessageBox.question(
        None,
        f"Welcome to {APP_NAME}",
        "This database is empty.\n\nLoad the invented demo agency to explore PanelApp? "
        "(Choose No to start with an empty database and set up your agency in Settings.)",
    )
    if answer == QMessageBox.StandardButton.Yes:
        agency.load_demo_data(ctx)


def needs_first_run(db_url: str | None) -> bool:
    """The wizard runs once: not when a database was named, nor when one is already set up."""
    if db_url or os.environ.get("PANELAPP_DB"):
        return False
    from panelapp.services import agency

    if agency.first_run_done():
        return False
    return not default_database_has_agency()


def default_database_has_agency() -> bool:
    path = Path(default_db_url().removeprefix("sqlite:///"))
    if not path.exists():
        return False
    from panelapp.services import agency
    from panelapp.services.context import open_database

    try:
        ctx, _ = open_database(default_db_url())
        return agency.has_agency(ctx)
    except ServiceError:
        return False


def run_wizard(parent: QWidget | None = None) -> ServiceContext | None:
    from ui.first_run.wizard import FirstRunWizard

    wizard = FirstRunWizard(parent)
    if wizard.exec() != QDialog.DialogCode.Accepted:
        return None
    return wizard.ctx


class AppController:
    """Owns the main window; replaces it when the user switches database or agency."""

    def __init__(self) -> None:
        self.window: QMainWindow | None = None

    def show(self, ctx: ServiceContext) -> None:
        from ui.shell.main_window import MainWindow

        old = self.window
        window = MainWindow(ctx)
        window.setup_requested.connect(self.rerun_setup)
        window.show()
        self.window = window
        if old is not None:
            old.close()

    def rerun_setup(self) -> None:
        ctx = run_wizard(self.window)
        if ctx is not None:
            self.show(ctx)


def install_error_handler() -> None:
    """An unexpected error is logged (no personal data) and explained calmly; the window stays open.

    The log file is opened by the first entry (`log_unexpected`), not here before the first paint."""

    def handle(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if isinstance(value, ServiceError):  # expected: its message is written for the user
            QMessageBox.warning(QApplication.activeWindow(), APP_NAME, str(value))
            return
        if value.__traceback__ is None:
            value = value.with_traceback(tb)
        reference = log_unexpected(value)
        unexpected_error_box(QApplication.activeWindow(), reference, safe_details(value)).exec()

    sys.excepthook = handle


def show_shell() -> StartupShell:
    """The window's frame, shown and asked to paint now, before anything else is loaded."""
    shell = StartupShell()
    shell.say(OPENING)
    if shell.maximise:
        shell.showMaximized()
    else:
        shell.show()
    shell.repaint()
    return shell


def run_app(db_url: str | None = None) -> int:
    app = make_application()
    install_error_handler()
    try:
        clock.pinned()
    except clock.ClockSettingError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 1
    shell = show_shell()
    controller = AppController()
    # Load once the shell is on screen: the next turn of the event loop, after its paint.
    QTimer.singleShot(0, lambda: _open_database(app, controller, shell, db_url))
    return app.exec()


def _open_database(
    app: QCoreApplication, controller: AppController, shell: StartupShell, db_url: str | None
) -> None:
    try:
        ctx, code = _context_to_open(db_url, shell)
    except Exception as exc:  # noqa: BLE001 - explained the one way, then the app stops as before
        sys.excepthook(type(exc), exc, exc.__traceback__)
        ctx, code = None, 1
    if ctx is None:
        app.exit(code)
        return
    shell.say(FILLING)
    QTimer.singleShot(0, lambda: open_main_window(controller, ctx, shell))


def _context_to_open(db_url: str | None, shell: StartupShell) -> tuple[ServiceContext | None, int]:
    """The database to open (the wizard's on a first run), or None and the exit code."""
    if needs_first_run(db_url):
        ctx = run_wizard(shell)
        return ctx, 0  # a wizard closed without finishing is not a failure
    ctx = open_context_for_gui(db_url)
    if ctx is None:
        return None, 1
    offer_demo_data(ctx)
    return ctx, 0


def open_main_window(controller: AppController, ctx: ServiceContext, shell: StartupShell) -> None:
    """The main window (Home filled in) takes the shell's place, same size and position."""
    controller.show(ctx)
    window = controller.window
    warm_up = getattr(window, "warm_up", None)
    if isinstance(warm_up, AreaWarmUp):
        # What is loaded by then lives for the session: the cycle collector's full passes stop
        # walking it (they took 55-100 ms at national scale, landing in a first open or a keystroke).
        warm_up.finished.connect(lambda _seconds: gc.freeze())
    if window is not None and not shell.isMaximized():
        window.setGeometry(shell.geometry())
    shell.close()
