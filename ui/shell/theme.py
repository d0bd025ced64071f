"""Light and dark: follow the system by default; the View menu can fix one."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QGuiApplication

# Names of Qt.ColorScheme members: PySide6's `Qt` namespace costs ~15 ms to import, which a
# start on the system's theme (the default) should not pay before the window's first paint.
SCHEMES = {"system": "Unknown", "light": "Light", "dark": "Dark"}


def apply_theme(name: str | None = None, save: bool = False) -> str:
    """Apply the saved (or given) theme. 'system' hands the choice back to the OS."""
    chosen = name or str(QSettings().value("appearance/theme", "system"))
    if chosen not in SCHEMES:
        chosen = "system"
    hints = QGuiApplication.styleHints()
    if chosen == "system":
        hints.unsetColorScheme()
    else:
        from PySide6.QtCore import Qt

        hints.setColorScheme(Qt.ColorScheme[SCHEMES[chosen]])
    if save:
        QSettings().setValue("appearance/theme", chosen)
    return chosen
