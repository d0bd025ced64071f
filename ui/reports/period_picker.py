"""Choose the reporting period: a half-year (April–September, October–March) or any range."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from panelapp.domain.periods import ReportingPeriod
from panelapp.domain.report_figures import latest_completed_period, recent_periods
from ui.shell.widgets.date_field import DateField

CUSTOM = "Custom range…"


class PeriodPicker(QWidget):
    """`period()` gives (from, to) or raises ValueError with a message for the user."""

    changed = Signal()

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.periods: list[ReportingPeriod] = recent_periods(today, 12)
        self.combo = QComboBox()
        self.combo.setAccessibleName("Reporting period")
        for p in self.periods:
            self.combo.addItem(p.label)
        self.combo.addItem(CUSTOM)
        self.from_field = DateField("Report from date", required=True)
        self.to_field = DateField("Report to date", required=True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel("&Period:")
        label.setBuddy(self.combo)
        layout.addWidget(label)
        layout.addWidget(self.combo)
        layout.addWidget(QLabel("from"))
        layout.addWidget(self.from_field)
        layout.addWidget(QLabel("to"))
        layout.addWidget(self.to_field)
        self.combo.setCurrentIndex(self.periods.index(latest_completed_period(today)))
        self._on_choice()
        self.combo.currentIndexChanged.connect(lambda _i: self._on_choice(emit=True))
        self.from_field.edit.editingFinished.connect(self._custom_edited)
        self.to_field.edit.editingFinished.connect(self._custom_edited)

    def is_custom(self) -> bool:
        return self.combo.currentText() == CUSTOM

    def _on_choice(self, emit: bool = False) -> None:
        custom = self.is_custom()
        if not custom:
            chosen = self.periods[self.combo.currentIndex()]
            self.from_field.set_value(chosen.start)
            self.to_field.set_value(chosen.end)
        for field in (self.from_field, self.to_field):
            field.edit.setReadOnly(not custom)
        if emit and not custom:
            self.changed.emit()

    def _custom_edited(self) -> None:
        if self.is_custom() and self.from_field.validate() and self.to_field.validate():
            self.changed.emit()

    def set_range(self, start: date, end: date) -> None:
        """Select the half-year if the range is one, otherwise a custom range."""
        for index, p in enumerate(self.periods):
            if (p.start, p.end) == (start, end):
                self.combo.setCurrentIndex(index)
                return
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(self.combo.count() - 1)
        self.combo.blockSignals(False)
        self._on_choice()
        self.from_field.set_value(start)
        self.to_field.set_value(end)
        self.changed.emit()

    def period(self) -> tuple[date, date]:
        start, end = self.from_field.value(), self.to_field.value()
        if start is None or end is None:
            raise ValueError("Give both dates of the report period.")
        if end < start:
            self.to_field.show_error("Must be on or after the 'from' date")
            raise ValueError("The report period ends before it starts.")
        return start, end
