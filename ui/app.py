"""Starting the desktop application: Qt set-up, opening the database, the main window."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from db.migrate import DatabaseProblem
from panelapp import APP_NAME, ORG_NAME, __version__
from panelapp.config import resolve_db_url
from panelapp.paths import resource
from panelapp.services import setup
from panelapp.services.context import ServiceContext, open_database
from panelapp.services.errors import ServiceError


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationVersion(__version__)
    apply_style(app)
    return app


def apply_style(app: QApplication) -> None:
    qss = resource("style.qss")
    if qss.exists():
        app.setStyleSheet(qss.read_text(encoding="utf-8"))


def open_context_for_gui(db_url: str | None) -> ServiceContext | None:
    """Open the database, explaining any problem in a message box instead of a traceback."""
    url = resolve_db_url(db_url)
    try:
        ctx, _ = open_database(url)
    except (DatabaseProblem, ServiceError) as exc:
        QMessageBox.critical(None, f"{APP_NAME} cannot open the database", str(exc))
        return None
    except Exception as exc:  # noqa: BLE001 - e.g. server unreachable: say so, do not crash
        QMessageBox.critical(
            None,
            f"{APP_NAME} cannot open the database",
            f"The database could not be opened.\n\n{type(exc).__name__}: {exc}",
        )
        return None
    return ctx


def offer_demo_data(ctx: ServiceContext) -> None:
    """An empty database: offer the invented demo agency so there is something to explore."""
    if setup.has_agency(ctx):
        return
    answer = QMessageBox.question(
        None,
        f"Welcome to {APP_NAME}",
        "This database is empty.\n\nLoad the invented demo agency to explore PanelApp? "
        "(Choose No to start with an empty database and set up your agency in Settings.)",
    )
    if answer == QMessageBox.StandardButton.Yes:
        setup.load_demo_data(ctx)


def run_app(db_url: str | None = None) -> int:
    app = make_application()
    ctx = open_context_for_gui(db_url)
    if ctx is None:
        return 1
    offer_demo_data(ctx)
    from ui.main_window import MainWindow

    window = MainWindow(ctx)
    window.show()
    return app.exec()
