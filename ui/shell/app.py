"""Starting the desktop application: Qt set-up, opening the database, the main window."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QMessageBox, QWidget

from panelapp import APP_NAME, ORG_NAME, __version__, clock
from panelapp.config import default_db_url, resolve_db_url
from panelapp.logs import log_unexpected, safe_details, setup_logging
from panelapp.paths import resource
from panelapp.services import agency
from panelapp.services.context import ServiceContext, open_database
from panelapp.services.errors import ServiceError
from ui.shell.error_dialog import unexpected_error_box
from ui.shell.theme import apply_theme


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationVersion(__version__)
    apply_style(app)
    apply_theme()
    return app


def apply_style(app: QApplication) -> None:
    qss = resource("style.qss")
    if qss.exists():
        app.setStyleSheet(qss.read_text(encoding="utf-8"))


def open_context_for_gui(db_url: str | None) -> ServiceContext | None:
    """Open the database, explaining any problem in a message box instead of a traceback."""
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
    if db_url or os.environ.get("PANELAPP_DB") or agency.first_run_done():
        return False
    return not default_database_has_agency()


def default_database_has_agency() -> bool:
    path = Path(default_db_url().removeprefix("sqlite:///"))
    if not path.exists():
        return False
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
    """An unexpected error is logged (no personal data) and explained calmly; the window stays open."""
    setup_logging()

    def handle(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if isinstance(value, ServiceError):  # expected: its message is written for the user
            QMessageBox.warning(QApplication.activeWindow(), APP_NAME, str(value))
            return
        if value.__traceback__ is None:
            value = value.with_traceback(tb)
        reference = log_unexpected(value)
        unexpected_error_box(QApplication.activeWindow(), reference, safe_details(value)).exec()

    sys.excepthook = handle


def run_app(db_url: str | None = None) -> int:
    app = make_application()
    install_error_handler()
    try:
        clock.pinned()
    except clock.ClockSettingError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 1
    if needs_first_run(db_url):
        ctx = run_wizard()
        if ctx is None:
            return 0
    else:
        ctx = open_context_for_gui(db_url)
        if ctx is None:
            return 1
        offer_demo_data(ctx)
    controller = AppController()
    controller.show(ctx)
    return app.exec()
