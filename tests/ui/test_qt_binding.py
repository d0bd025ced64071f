"""The installed Qt binding keeps Python's reference counts: PySide6 6.12.0 on Python 3.11
lost a reference to None on every call of a method that returns nothing, and the app died
on quitting ("Fatal Python error: none_dealloc") after a few thousand rows of the ADM tracker."""

from __future__ import annotations

import sys

from PySide6.QtGui import QFont, QStandardItem
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

CALLS = 2_000


def test_methods_returning_nothing_keep_none_alive(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    item, font = QStandardItem("x"), QFont()
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        label.setText("a")
        item.setEditable(False)
        font.setBold(True)
    # Other code running meanwhile may take or drop a few references, never thousands.
    assert abs(sys.getrefcount(None) - before) < CALLS // 10
