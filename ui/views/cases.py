"""The Cases & Agenda area (placeholder until its issue lands)."""

from __future__ import annotations

from ui.views.base import PlaceholderView


class CasesView(PlaceholderView):
    title = "Cases & Agenda"
    coming = "<p>The case register, papers with their deadlines, booking cases onto sittings and building the agenda.</p>"
