"""Dialogs of the Calendar: move, cancel, generate, and cover suggestions.

Each dialog checks what it can, then hands the values to a `submit` callback that calls
the service; a refusal is shown inside the dialog (`FieldErrors`: beneath the field it
concerns, the sentence below the form), and the dialog stays open so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time
from typing import Any

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from panelapp.services.errors import ServiceError, ValidationError
from panelapp.services.sittings import CoverAdvice, MeetingRow
from ui.shell.field_errors import FieldErrors
from ui.shell.widgets.date_field import DateField, read_dates


class _SubmitDialog(QDialog):
    """OK runs `self.submit()`; a ServiceError is shown in the dialog and it stays open."""

    def __init__(self, title: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.field_errors = FieldErrors(title)
        self.layout_.addWidget(self.field_errors.summary)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(ok_text)
        ok.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Close without changing")
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        self.layout_.addWidget(self.buttons)
        self.outcome: Any = None

    def submit(self) -> Any:  # pragma: no cover - overridden
        raise NotImplementedError

    def try_accept(self) -> bool:
        self.field_errors.clear()
        try:
            self.outcome = self.submit()
        except ServiceError as exc:
            self.field_errors.show_error(exc)
            return False
        self.accept()
        return True

    def read_dates(self, fields: dict[str, DateField], problem: str) -> dict[str, date | None]:
        """The dates typed; one that is not a date refuses the form, marked beneath its field."""
        values, problems = read_dates(fields)
        if problems:
            raise ValidationError(problem, problems)
        return values


def describe(row: MeetingRow) -> str:
    return f"{row.panel} on {row.date:%d/%m/%Y} at {row.start:%H:%M}"


class CancelSittingDialog(_SubmitDialog):
    def __init__(self, row: MeetingRow, submit: Callable[[str], Any], parent: QWidget | None = None) -> None:
        super().__init__("Cancel sitting", "Cancel the sitting", parent)
        self._submit = submit
        intro = QLabel(
            f"Cancel {describe(row)}?"
            + (
                f" The {row.cases_booked} cases booked on it will be flagged to re-book."
                if row.cases_booked
                else ""
            )
        )
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("e.g. not enough members available")
        self.form.addRow("&Reason:", self.field_errors.wrap("reason", self.reason, "Reason for cancelling"))

    def submit(self) -> Any:
        if not self.reason.text().strip():
            raise ValidationError(
                "Please say why the sitting is cancelled.", {"reason": "A reason is needed."}
            )
        return self._submit(self.reason.text())


class MoveSittingDialog(_SubmitDialog):
    def __init__(
        self, row: MeetingRow, submit: Callable[[date, time, str, bool], Any], parent: QWidget | None = None
    ) -> None:
        super().__init__("Move sitting", "Move the sitting", parent)
        self._submit = submit
        intro = QLabel(f"Move {describe(row)} to:")
        self.form.addRow(intro)
        self.new_date = DateField("New date", required=True)
        self.new_date.set_value(row.date)
        self.form.addRow("New &date:", self.field_errors.add("date", self.new_date))
        self.start = QTimeEdit(QTime(row.start.hour, row.start.minute))
        self.start.setDisplayFormat("HH:mm")
        self.start.setAccessibleName("New start time")
        self.form.addRow("&Start time:", self.start)
        self.reason = QLineEdit()
        self.form.addRow("&Reason:", self.field_errors.wrap("reason", self.reason, "Reason for moving"))
        self.rebook = QCheckBox(f"Flag the {row.cases_booked} booked cases to re-book")
        self.rebook.setAccessibleName("Flag booked cases to re-book")
        self.rebook.setChecked(True)
        self.rebook.setEnabled(row.cases_booked > 0)
        self.form.addRow(self.rebook)

    def submit(self) -> Any:
        day = self.read_dates({"date": self.new_date}, "Please enter the new date as dd/mm/yyyy.")["date"]
        assert day is not None  # required
        if not self.reason.text().strip():
            raise ValidationError("Please say why the sitting is moving.", {"reason": "A reason is needed."})
        t = self.start.time()
        return self._submit(day, time(t.hour(), t.minute()), self.reason.text(), self.rebook.isChecked())


class GenerateDialog(_SubmitDialog):
    def __init__(
        self, start: date, end: date, submit: Callable[[date, date], Any], parent: QWidget | None = None
    ) -> None:
        super().__init__("Generate sittings", "Generate", parent)
        self._submit = submit
        note = QLabel(
            "Creates every panel's sittings from its rhythm. Safe to repeat: nothing is duplicated, "
            "and sittings you moved or cancelled by hand are kept."
        )
        note.setWordWrap(True)
        self.form.addRow(note)
        self.start = DateField("Generate from", required=True)
        self.start.set_value(start)
        self.end = DateField("Generate to", required=True)
        self.end.set_value(end)
        self.form.addRow("&From:", self.field_errors.add("start", self.start))
        self.form.addRow("&To:", self.field_errors.add("end", self.end))

    def submit(self) -> Any:
        dates = self.read_dates(
            {"start": self.start, "end": self.end}, "Please enter both dates as dd/mm/yyyy."
        )
        start, end = dates["start"], dates["end"]
        assert start is not None and end is not None  # required
        return self._submit(start, end)


class CoverDialog(_SubmitDialog):
    """Shows what the sitting needs and who could cover; OK books the chosen person."""

    def __init__(
        self, advice: CoverAdvice, submit: Callable[[int], Any], parent: QWidget | None = None
    ) -> None:
        super().__init__("Suggest cover", "Book as cover", parent)
        self._submit = submit
        needs = QLabel("This sitting needs: " + "; ".join(advice.needs) + ".")
        needs.setWordWrap(True)
        self.form.addRow(needs)
        self.people = QListWidget()
        self.people.setAccessibleName("Members who could cover")
        for s in advice.suggestions:
            home = f", {s.home_panel}" if s.home_panel else ""
            item = QListWidgetItem(f"{s.name} ({s.role_labels}{home}): {'; '.join(s.fills)}")
            item.setData(256, s.member_id)
            self.people.addItem(item)
        if not advice.suggestions:
            self.people.addItem("Nobody suitable is free that day (right role, active, DBS in date).")
        self.people.setCurrentRow(0)
        self.form.addRow(self.people)
        self.resize(560, 360)

    def submit(self) -> Any:
        item = self.people.currentItem()
        member_id = item.data(256) if item is not None else None
        if member_id is None:
            raise ValidationError("Choose someone from the list first.")
        return self._submit(int(member_id))
