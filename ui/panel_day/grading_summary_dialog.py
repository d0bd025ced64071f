"""The grading summary for chairs: choose the period, panel and grouping, see the totals, export."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from panelapp.documents.grading_summary import GradingSummary
from panelapp.domain.grading_policy import ALL_GRADES
from panelapp.domain.periods import period_containing
from panelapp.services import panel_day
from panelapp.services.context import ServiceContext
from ui.panel_day.common import attempt, export_in_background
from ui.shell.jobs import Job
from ui.shell.widgets.date_field import DateField


class GradingSummaryDialog(QDialog):
    def __init__(self, ctx: ServiceContext, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Grading summary for chairs")
        self.setMinimumWidth(560)
        self.ctx = ctx
        self.job: Job | None = None
        period = period_containing(today).previous()
        self.date_from = DateField("Period from", required=True)
        self.date_to = DateField("Period to", required=True)
        self.date_from.set_value(period.start)
        self.date_to.set_value(period.end)
        self.panel = QComboBox()
        self.panel.setAccessibleName("Panel")
        self.panel.addItem("All panels", None)
        for panel_id, name in panel_day.panel_choices(ctx):
            self.panel.addItem(name, panel_id)
        self.group = QComboBox()
        self.group.setAccessibleName("Group by")
        for code, label in panel_day.GROUP_BY.items():
            self.group.addItem(label, code)
        self.format = QComboBox()
        self.format.setAccessibleName("Export format")
        self.format.addItem("Word", "docx")
        self.format.addItem("PDF", "pdf")
        self.preview = QLabel()
        self.preview.setAccessibleName("Summary")
        self.preview.setWordWrap(True)
        show = QPushButton("&Show")
        show.clicked.connect(self.show_summary)
        self.export_button = QPushButton("&Export…")
        self.export_button.clicked.connect(self.export)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        form = QFormLayout()
        form.addRow("From", self.date_from)
        form.addRow("To", self.date_to)
        form.addRow("Panel", self.panel)
        form.addRow("Group by", self.group)
        form.addRow("Format", self.format)
        buttons = QHBoxLayout()
        for button in (show, self.export_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addLayout(buttons)

    def _choices(self) -> tuple[date, date, int | None, str] | None:
        if not (self.date_from.validate() and self.date_to.validate()):
            return None
        start, end = self.date_from.value(), self.date_to.value()
        assert start is not None and end is not None  # both fields are required
        return start, end, self.panel.currentData(), str(self.group.currentData())

    def show_summary(self) -> GradingSummary | None:
        chosen = self._choices()
        if chosen is None:
            return None
        start, end, panel_id, group = chosen
        summary = attempt(
            self,
            "Summary not shown",
            lambda: panel_day.grading_summary(self.ctx, start, end, panel_id, group),
        )
        if summary is None:
            return None
        lines = [
            f"<b>{summary.title}</b>",
            f"{summary.total} papers graded. {summary.concurrence.sentence()}",
        ]
        for paper in summary.by_paper:
            counts = ", ".join(f"{g.label}: {paper.counts[g.value]}" for g in ALL_GRADES)
            lines.append(f"{paper.name}: {counts}")
        self.preview.setText("<br>".join(lines))
        return summary

    def export(self) -> None:
        chosen = self._choices()
        if chosen is None:
            return
        start, end, panel_id, group = chosen
        fmt = str(self.format.currentData())
        path, _ = QFileDialog.getSaveFileName(
            self, "Export grading summary", f"grading-summary.{fmt}", f"*.{fmt}"
        )
        if not path:
            return
        self.job = export_in_background(
            self,
            self.ctx,
            lambda ctx: panel_day.export_grading_summary(ctx, start, end, panel_id, group, fmt, Path(path)),
            self.export_button,
            "Grading summary exported",
        )
