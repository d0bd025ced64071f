"""The Calendar area (placeholder until its issue lands)."""

from __future__ import annotations

from ui.views.base import PlaceholderView


class CalendarView(PlaceholderView):
    title = "Calendar"
    coming = "<p>Every panel's sittings by month and as a list, generated from each panel's rhythm, with the roster and a quorum badge per sitting.</p>"
