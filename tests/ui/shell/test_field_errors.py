"""The one way a form shows what is wrong: beneath each field, cleared on edit, the rest on one line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox, QLineEdit, QTabWidget, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from panelapp.services.errors import PermissionDenied, ValidationError
from ui.shell.field_errors import FieldErrors
from ui.shell.widgets.date_field import DateField

ROOT = Path(__file__).resolve().parents[3]


class Form(QWidget):
    """Two tabs, so a message on the second tab has to be brought into view."""

    def __init__(self) -> None:
        super().__init__()
        self.errors = FieldErrors("Test form")
        self.name = QLineEdit()
        self.role = QComboBox()
        self.role.addItems(["chair", "adviser"])
        self.joined = DateField("Joined on")
        self.tabs = QTabWidget()
        first, second = QWidget(), QWidget()
        QVBoxLayout(first).addWidget(self.errors.wrap("name", self.name, "Name"))
        first.layout().addWidget(self.errors.wrap("role", self.role, "Role"))
        QVBoxLayout(second).addWidget(self.errors.add("joined_on", self.joined))
        self.tabs.addTab(first, "First")
        self.tabs.addTab(second, "Second")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.errors.summary)


@pytest.fixture
def form(qtbot: QtBot) -> Form:
    widget = Form()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def shown(form: Form, key: str) -> str:
    label = form.errors.fields[key].error
    return "" if label.isHidden() else label.text()  # hidden by the form, not by its tab


def test_each_message_goes_beneath_its_field_and_the_sentence_below(form: Form) -> None:
    error = ValidationError(
        "The member was not saved.", {"name": "Give a surname.", "joined_on": "That is in the future."}
    )
    form.errors.show_error(error)
    assert shown(form, "name") == "Give a surname." and shown(form, "joined_on") == "That is in the future."
    assert shown(form, "role") == ""
    assert form.errors.fields["name"].error.parent() is form.name.parent()  # right under the input
    assert form.errors.summary.text() == "The member was not saved."
    assert form.name.hasFocus()  # the first field with a message, in form order


def test_editing_a_field_clears_its_message_only(qtbot: QtBot, form: Form) -> None:
    form.errors.show({"name": "Give a surname.", "joined_on": "Not a date."})
    qtbot.keyClicks(form.name, "Reid")
    assert shown(form, "name") == "" and shown(form, "joined_on") == "Not a date."
    form.tabs.setCurrentIndex(1)
    qtbot.keyClicks(form.joined.edit, "1")
    assert shown(form, "joined_on") == ""


def test_messages_for_no_field_join_the_one_line(form: Form) -> None:
    form.errors.show({"row 4": "Row 4 has no name.", "name": "Give a surname."}, "Nothing was saved.")
    assert form.errors.summary.text() == "Nothing was saved. Row 4 has no name."
    assert shown(form, "name") == "Give a surname."


def test_a_sentence_that_repeats_a_field_message_is_said_once(form: Form) -> None:
    form.errors.show_error(ValidationError("Give a surname.", {"name": "Give a surname."}))
    assert shown(form, "name") == "Give a surname." and form.errors.summary.isHidden()


def test_a_refusal_that_is_not_about_fields_is_one_line(form: Form) -> None:
    form.errors.show({"name": "Give a surname."})
    form.errors.show_error(PermissionDenied("Only administrators can add users."))
    assert shown(form, "name") == ""  # the form was checked again: old messages go
    assert form.errors.summary.text() == "Only administrators can add users."


def test_a_message_on_another_tab_brings_that_tab_forward(form: Form) -> None:
    assert form.tabs.currentIndex() == 0
    form.errors.show({"joined_on": "That is in the future."})
    assert form.tabs.currentIndex() == 1 and form.joined.edit.hasFocus()


def test_clear_hides_everything(form: Form) -> None:
    form.errors.show({"name": "x", "other": "y"}, "z")
    form.errors.clear()
    assert all(shown(form, key) == "" for key in form.errors.fields)
    assert form.errors.summary.isHidden()


def test_only_the_helper_reads_a_validation_errors_fields() -> None:
    """Guard: every form shows field errors through ui.shell.field_errors."""
    allowed = {
        Path("ui/shell/field_errors.py"): "the one place",
    }
    readers = []
    for path in sorted((ROOT / "ui").rglob("*.py")):
        relative = path.relative_to(ROOT)
        text = path.read_text(encoding="utf-8")
        if re.search(r"\b(exc|error|err|e)\.field_errors\b", text) and relative not in allowed:
            readers.append(str(relative))
    assert readers == []
