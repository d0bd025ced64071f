"""The Reports area (placeholder until its issue lands)."""

from __future__ import annotations

from ui.views.base import PlaceholderView


class ReportsView(PlaceholderView):
    title = "Reports"
    coming = "<p>The six-monthly chairs' report: statistics, narrative sections, Word and PDF.</p>"
