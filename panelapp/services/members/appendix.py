"""Appendix A of the chairs' report: every current member, surname order, in the report's words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from panelapp.domain.membership import PANEL_ROLES, role_description, surname_key
from panelapp.domain.vocab import MemberStatus
from panelapp.services.context import ServiceContext
from panelapp.services.members.listing import list_members


@dataclass(frozen=True)
class AppendixEntry:
    name: str
    role: str  # e.g. "independent vice chair", "social work member – currently on maternity leave"
    panel: str


def appendix_a(ctx: ServiceContext, today: date | None = None) -> list[AppendixEntry]:
    """Panel members who have not left (advisers and administrators are not members)."""
    rows = [
        r
        for r in list_members(ctx, today)
        if r.status != MemberStatus.LEFT and PANEL_ROLES.intersection(r.roles)
    ]
    rows.sort(key=lambda r: surname_key(r.first_name, r.last_name))
    return [
        AppendixEntry(
            name=r.name,
            role=role_description(
                r.roles,
                council=r.council or None,
                leave_note=r.status_note if r.status == MemberStatus.ON_LEAVE else None,
            ),
            panel=", ".join(r.panels),
        )
        for r in rows
    ]
