"""The hearings behind a report figure: a click on a figure card lists them (issue 17)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from panelapp.domain import case_types
from panelapp.domain.periods import uk_date
from panelapp.domain.report_counting import HeardHearing
from ui.shell.table_model import Column, RowTableModel

COLUMNS: list[Column[HeardHearing]] = [
    Column("Sitting", lambda h: uk_date(h.sitting_date)),
    Column("Panel", lambda h: h.panel),
    Column("Case", lambda h: h.reference),
    Column("Case type", lambda h: case_types.label(h.case_type)),
    Column("Children", lambda h: str(h.children), align_right=True),
    Column("Area", lambda h: h.area),
]


class HearingsBehindDialog(QDialog):
    def __init__(
        self, caption: str, figure: str, hearings: list[HeardHearing], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        from ui.reports.figures_panel import FigureTableView  # the same read-only table

        self.setWindowTitle(f"Hearings behind: {caption}")
        layout = QVBoxLayout(self)
        count = len(hearings)
        layout.addWidget(QLabel(f"{caption}: {figure}. {count} hearing{'s' if count != 1 else ''} counted:"))
        self.table = FigureTableView(f"Hearings behind {caption}")
        self.model: RowTableModel[HeardHearing] = RowTableModel(COLUMNS, self)
        self.model.set_rows(hearings)
        self.table.setModel(self.model)
        self.table.resizeColumnsToContents()
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 420)  # fits 1366x768
