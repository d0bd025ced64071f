"""An unexpected error: one calm message, details to copy, and no personal data in it or in the log."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy.exc import IntegrityError

from panelapp.logs import log_path
from panelapp.services.errors import ValidationError
from ui.shell import app as app_module

NAME = "Ayşe Blackthorn"


def _raise_database_error() -> None:
    try:
        raise IntegrityError("INSERT INTO member (name) VALUES (?)", (NAME,), Exception(f"duplicate {NAME}"))
    except IntegrityError as exc:
        raise RuntimeError(f"could not save {NAME}") from exc


def test_an_unexpected_error_is_calm_copyable_and_names_nobody(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    shown: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box) or 0)
    app_module.install_error_handler()
    try:
        _raise_database_error()
    except RuntimeError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)

    assert len(shown) == 1
    box = shown[0]
    assert "did not expect" in box.text() and NAME not in box.text()
    details = box.detailedText()
    assert "sqlalchemy.exc.IntegrityError" in details and "_raise_database_error" in details
    assert NAME not in details and "Blackthorn" not in details
    assert "Blackthorn" not in log_path().read_text(encoding="utf-8")
    reference = box.text().split("reference ")[1].split(".")[0]
    assert reference in log_path().read_text(encoding="utf-8")

    copy = next(b for b in box.buttons() if isinstance(b, QPushButton) and b.text() == "Copy details")
    copy.click()
    assert QGuiApplication.clipboard().text().startswith(f"Reference {reference}")
    assert "Blackthorn" not in QGuiApplication.clipboard().text()


def test_a_service_error_is_shown_in_its_own_words(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    app_module.install_error_handler()
    error = ValidationError("The sitting is cancelled.")
    sys.excepthook(ValidationError, error, None)
    assert warned == ["The sitting is cancelled."]


def test_a_database_that_cannot_be_opened_is_explained_in_words(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: shown.append(text))
    assert app_module.open_context_for_gui("postgresql://nobody:secret@127.0.0.1:1/panel") is None
    assert len(shown) == 1 and "did not answer" in shown[0] and "secret" not in shown[0]
    assert "Traceback" not in shown[0]
