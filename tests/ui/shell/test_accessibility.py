"""Every input in every main area has a name a screen reader can say."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLabel, QLineEdit, QPlainTextEdit, QTextEdit
from pytestqt.qtbot import QtBot

from panelapp.services.context import ServiceContext
from ui.shell.main_window import MainWindow
from ui.shell.registry import VIEWS


def test_every_input_has_an_accessible_name_or_a_label(qtbot: QtBot, demo_ctx: ServiceContext) -> None:
    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    window.show()
    unnamed = []
    for spec in VIEWS:
        view = window.show_view(spec.key)
        labelled = {label.buddy() for label in view.findChildren(QLabel) if label.buddy() is not None}
        for kind in (QLineEdit, QComboBox, QAbstractSpinBox, QTextEdit, QPlainTextEdit):
            for widget in view.findChildren(kind):
                if isinstance(widget, QLineEdit) and isinstance(
                    widget.parent(), QComboBox | QAbstractSpinBox
                ):
                    continue  # the editor inside a combo or spin box: its owner carries the name
                if not widget.accessibleName() and widget not in labelled:
                    unnamed.append(f"{spec.title}: {type(widget).__name__} {widget.objectName()}")
    assert unnamed == []
