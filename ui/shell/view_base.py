"""What every main area view shares: the service context, refresh, and a navigation badge."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from panelapp.services.context import ServiceContext


class AreaView(QWidget):
    """A main view. `badge_changed` carries a count for the navigation (0 hides it)."""

    badge_changed = Signal(int)
    title = "Area"

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setAccessibleName(self.title)

    def refresh(self) -> None:
        """Reload from the services. Called when the view is shown and after changes."""

    def badge(self) -> int:
        return 0


class PlaceholderView(AreaView):
    """A view whose area is not built yet: says plainly what will come here."""

    coming = ""

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        heading = QLabel(f"<h2>{self.title}</h2>")
        body = QLabel(self.coming + "<p><i>This area is not available in this version yet.</i></p>")
        body.setWordWrap(True)
        body.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addStretch(1)
