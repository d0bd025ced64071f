"""The first-run wizard, for both database choices, landing in a working main window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import make_url

from panelapp import credentials
from panelapp.config import load_settings
from panelapp.services import agency
from ui.first_run.wizard import FirstRunWizard
from ui.shell.app import AppController, needs_first_run
from ui.shell.main_window import MainWindow


@pytest.fixture(autouse=True)
def own_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PANELAPP_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(credentials, "store", credentials.MemoryStore())


def _finish(qtbot: QtBot, wizard: FirstRunWizard) -> None:
    wizard.next()
    assert wizard.currentPage() is wizard.agency_page
    wizard.button(QWizard.WizardButton.FinishButton).click()


def test_embedded_database_with_demo_data(qtbot: QtBot) -> None:
    assert needs_first_run(None)
    wizard = FirstRunWizard()
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.database_page.embedded.isChecked()  # the default
    _finish(qtbot, wizard)
    assert wizard.result() == QWizard.DialogCode.Accepted
    assert wizard.ctx is not None and agency.has_agency(wizard.ctx)
    assert not needs_first_run(None)  # never asked again
    controller = AppController()
    controller.show(wizard.ctx)
    window = controller.window
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    assert window.db_label.text().startswith("SQLite:") and "home" in window.db_label.text()
    assert window.view("home").model.rowCount() > 0  # type: ignore[attr-defined]


@pytest.mark.pg
def test_shared_postgresql_database(qtbot: QtBot, pg_url: str) -> None:
    url = make_url(pg_url)
    wizard = FirstRunWizard()
    qtbot.addWidget(wizard)
    wizard.show()
    page = wizard.database_page
    qtbot.mouseClick(page.shared, Qt.MouseButton.LeftButton)
    assert page.shared.isChecked() and page.server_box.isEnabled()
    for field, value in ((page.host, url.host), (page.database, url.database), (page.user, url.username)):
        field.clear()
        qtbot.keyClicks(field, str(value))
    page.port.setValue(int(url.port or 5432))
    _finish(qtbot, wizard)
    assert wizard.result() == QWizard.DialogCode.Accepted
    assert wizard.ctx is not None and wizard.ctx.engine.dialect.name == "postgresql"
    saved = load_settings()["database_url"]
    assert saved.startswith("postgresql") and url.database in saved
    controller = AppController()
    controller.show(wizard.ctx)
    window = controller.window
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    assert window.db_label.text().startswith("PostgreSQL:")
    assert window.view("home").model.rowCount() > 0  # type: ignore[attr-defined]


def test_wrong_server_details_are_explained_and_the_wizard_stays(qtbot: QtBot) -> None:
    wizard = FirstRunWizard()
    qtbot.addWidget(wizard)
    wizard.show()
    page = wizard.database_page
    page.shared.setChecked(True)
    page.host.setText("127.0.0.1")
    page.port.setValue(1)  # nothing listens there
    page.user.setText("nobody")
    wizard.next()
    assert wizard.currentPage() is page
    assert "Could not connect" in page.status.text()
    assert "database_url" not in load_settings()
