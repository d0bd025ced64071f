"""The Panel day area (placeholder until its issue lands)."""

from __future__ import annotations

from ui.views.base import PlaceholderView


class PanelDayView(PlaceholderView):
    title = "Panel day"
    coming = "<p>Attendance, declarations, recommendations, gradings and minutes for a sitting.</p>"
