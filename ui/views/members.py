"""The Members area (placeholder until its issue lands)."""

from __future__ import annotations

from ui.views.base import PlaceholderView


class MembersView(PlaceholderView):
    title = "Members"
    coming = "<p>The central list of panel members: roles, status, DBS checks, appraisals, training and declarations, with search, import and export.</p>"
