"""The ADM tracker area (placeholder until its issue lands)."""

from __future__ import annotations

from ui.views.base import PlaceholderView


class AdmTrackerView(PlaceholderView):
    title = "ADM tracker"
    coming = "<p>Everything awaiting an Agency Decision Maker's decision, a notification or a letter, against its working-day deadline.</p>"
