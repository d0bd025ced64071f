"""The one calm message for an error PanelApp did not expect, with a button to copy the details.

The details are `panelapp.logs.safe_details`: the kind of error and where in the code, never
the error's text (which can quote a child's or a member's data).
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from panelapp import APP_NAME
from panelapp.logs import log_path

CALM_TEXT = (
    "Something went wrong that PanelApp did not expect. What you typed is still on screen, "
    "and nothing was half-saved: try again, or save your work and restart PanelApp.\n\n"
    "If it happens again, tell IT the reference {reference}. The details (no personal data) "
    "are in {log}."
)


def unexpected_error_box(parent: QWidget | None, reference: str, details: str) -> QMessageBox:
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        APP_NAME,
        CALM_TEXT.format(reference=reference, log=log_path()),
        QMessageBox.StandardButton.Close,
        parent,
    )
    box.setAccessibleName("Unexpected error")
    copy = QPushButton("Copy details")
    copy.setAccessibleName("Copy the error details")
    box.addButton(copy, QMessageBox.ButtonRole.ActionRole)
    copy.clicked.disconnect()  # keep the box open after copying
    copy.clicked.connect(lambda: copy_details(f"Reference {reference}\n{details}", copy))
    box.setDetailedText(details)
    return box


def copy_details(text: str, button: QPushButton) -> None:
    QGuiApplication.clipboard().setText(text)
    button.setText("Copied")
