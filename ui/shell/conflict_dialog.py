"""When someone else saved first: both versions side by side, nothing overwritten."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from panelapp.services.errors import ConflictError
from ui.shell.table_model import display


def _label(key: str) -> str:
    return key.replace("_", " ").capitalize()


class ConflictDialog(QDialog):
    """'Reload their version' (accept) or 'Keep my typing' (reject)."""

    def __init__(self, error: ConflictError, mine: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Changed by someone else")
        self.resize(620, 420)
        theirs = {k: v for k, v in error.theirs.items() if k not in ("version", "updated_by")}
        shared = [k for k in mine if k in theirs and not k.endswith("_id")]  # ids mean nothing to a reader
        differing = [k for k in shared if display(theirs[k]) != display(mine[k])]
        # what differs first, then what is the same, so the clash is seen without scrolling
        keys = differing + [k for k in shared if k not in differing]
        self.table = QTableWidget(len(keys), 3)
        self.table.setAccessibleName("Their version and yours")
        self.table.setHorizontalHeaderLabels(
            ["", f"Saved by {error.theirs.get('updated_by', 'them')}", "Yours (not saved)"]
        )
        self.table.verticalHeader().setVisible(False)
        self.differences = 0
        for row, key in enumerate(keys):
            theirs_text = display(theirs.get(key))
            mine_text = display(mine[key]) if key in mine else ""
            cells = (_label(key), theirs_text, mine_text)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if key in mine and theirs_text != mine_text:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row, column, item)
            if key in mine and theirs_text != mine_text:
                self.differences += 1
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox()
        self.reload_button = buttons.addButton(
            "&Reload their version", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.keep_button = buttons.addButton("&Keep my typing", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        intro = QLabel(f"{error}\n\nDifferences are in bold. Nothing has been overwritten.")
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
