"""The case's "Names never to circulate": a child's surname, known-as names, birth relatives.

Every agenda, set of minutes and ADM email draft replaces these names with the initials
given here (or the name's own initials), and refuses to write a document that still holds
one (services.cases.withheld_names). The list is saved with the case.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from panelapp.domain.privacy import WITHHELD_KINDS
from panelapp.services import cases
from panelapp.services.context import ServiceContext

HEADERS = ["Name", "Kind", "Initials shown instead"]
INTRO = (
    "<b>Names never to circulate</b>: the children's surnames and known-as names, their birth "
    "parents' and relatives' names. Documents show the initials instead, and are not written "
    "while any of these names remains. (The children's full and first names above are withheld too.)"
)


class WithheldNamesPanel(QWidget):
    def __init__(self, ctx: ServiceContext, case_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setAccessibleName("Names never to circulate")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(90)
        self.add_button = QPushButton("Add &name never to circulate")
        self.remove_button = QPushButton("Remove name")
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button.clicked.connect(self._remove_current)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        if case_id is not None:
            for row in cases.list_withheld(ctx, case_id):
                self.add_row(row)

    def add_row(self, row: cases.WithheldRow | None = None) -> None:
        index = self.table.rowCount()
        self.table.insertRow(index)
        kind = QComboBox()
        kind.setAccessibleName("Kind of name")
        for code, label in WITHHELD_KINDS.items():
            kind.addItem(label, code)
        kind.setCurrentIndex(max(0, kind.findData(row.kind if row else "surname")))
        name = QTableWidgetItem(row.name if row else "")
        self.table.setItem(index, 0, name)
        self.table.setCellWidget(index, 1, kind)
        self.table.setItem(index, 2, QTableWidgetItem(row.initials if row else ""))
        if row is None:
            self.table.setCurrentCell(index, 0)
            self.table.editItem(name)

    def _remove_current(self) -> None:
        if self.table.rowCount():
            self.table.removeRow(max(0, self.table.currentRow()))

    def rows(self) -> list[cases.WithheldRow]:
        found = []
        for index in range(self.table.rowCount()):
            name, initials = self.table.item(index, 0), self.table.item(index, 2)
            kind = self.table.cellWidget(index, 1)
            code = kind.currentData() if isinstance(kind, QComboBox) else "other"
            found.append(
                cases.WithheldRow(
                    name.text() if name else "", str(code), initials.text().strip() if initials else ""
                )
            )
        return found

    def save_for(self, case_id: int) -> None:
        """Save the list on the case (raises the service's refusal, shown by the dialog)."""
        cases.save_withheld(self.ctx, case_id, self.rows())
