"""Column widths and sort order remembered per table, across sessions (QSettings)."""

from __future__ import annotations

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QHeaderView, QTableView, QTreeView, QWidget


def remember_columns(root: QWidget, area_key: str) -> int:
    """Restore and then keep saving the header state of every table under `root`."""
    headers: list[tuple[QWidget, QHeaderView]] = [
        *((t, t.horizontalHeader()) for t in root.findChildren(QTableView)),
        *((t, t.header()) for t in root.findChildren(QTreeView)),
    ]
    for index, (view, header) in enumerate(headers):
        key = f"columns/{area_key}/{view.objectName() or view.accessibleName() or index}"
        _restore(header, key)
        timer = QTimer(header)
        timer.setSingleShot(True)
        timer.setInterval(400)  # save once the user stops dragging, not on every pixel
        timer.timeout.connect(lambda h=header, k=key: QSettings().setValue(k, h.saveState()))
        header.sectionResized.connect(lambda *_a, t=timer: t.start())
        header.sortIndicatorChanged.connect(lambda *_a, t=timer: t.start())
    return len(headers)


def _restore(header: QHeaderView, key: str) -> None:
    state = QSettings().value(key)
    if state is not None:
        header.restoreState(state)
