"""Dialogs no bigger than the screen they open on (issue 20: a 1366x768 laptop at 125% scaling
has 1093x614 to show them in)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

# Room left for the window manager's title bar and frame, which the dialog's own size excludes.
FRAME_ALLOWANCE = (16, 48)


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize `widget` to width x height, capped to the available area of its screen."""
    screen = widget.screen() if widget.screen() is not None else None
    if screen is None:
        widget.resize(width, height)
        return
    room = screen.availableGeometry()
    widget.resize(
        max(1, min(width, room.width() - FRAME_ALLOWANCE[0])),
        max(1, min(height, room.height() - FRAME_ALLOWANCE[1])),
    )
