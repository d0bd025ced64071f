"""The Settings area (placeholder until its issue lands)."""

from __future__ import annotations

from ui.views.base import PlaceholderView


class SettingsView(PlaceholderView):
    title = "Settings"
    coming = "<p>Agency setup: local authorities, decision makers, panels and their rhythm, and policy.</p>"
