"""Light and dark: follow the system by default; the View menu can fix one."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication

SCHEMES = {"system": Qt.ColorScheme.Unknown, "light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}


def apply_theme(name: str | None = None, save: bool = False) -> str:
    """Apply the saved (or given) theme. 'system' hands the choice back to the OS."""
    chosen = name or str(QSettings().value("appearance/theme", "system"))
    if chosen not in SCHEMES:
        chosen = "system"
    hints = QGuiApplication.styleHints()
    if chosen == "system":
        hints.unsetColorScheme()
    else:
        hints.setColorScheme(SCHEMES[chosen])
    if save:
        QSettings().setValue("appearance/theme", chosen)
    return chosen
