"""The look of PanelApp's own widgets: resources/style.qss, applied to the widgets it names.

Not to the whole application: an application style sheet puts Qt's style-sheet engine behind
every widget of every area, to style a handful (issue 21, national_10y: ~12 MB more memory and
up to 40 ms more on an area's first open). The navigation and the figure cards call
`apply_style` on themselves; the sheet is read once.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtWidgets import QWidget

from panelapp.paths import resource


@cache
def style_sheet() -> str:
    path = resource("style.qss")
    return path.read_text(encoding="utf-8") if path.exists() else ""


def apply_style(widget: QWidget) -> None:
    """Style `widget` and its children by the sheet's rules for them."""
    widget.setStyleSheet(style_sheet())
