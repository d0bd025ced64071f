"""Appendix A of the chairs' report from the Members area: every current member, surname order,
in the report's words; and its export to Word or PDF."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from panelapp.documents.appendix import AppendixA, AppendixEntry
from panelapp.domain.membership import PANEL_ROLES, role_description, surname_key
from panelapp.domain.vocab import MemberStatus
from panelapp.services.agency.setup import agency_summary
from panelapp.services.context import ServiceContext
from panelapp.services.members.listing import list_members


def export_appendix(ctx: ServiceContext, fmt: str, out: Path, today: date | None = None) -> Path:
    """Write Appendix A as `docx` or `pdf` (the caller has checked the format and the path)."""
    document = appendix_document(ctx, today)
    if fmt == "pdf":
        from panelapp.exports.pdf.appendix import write_appendix_pdf

        return write_appendix_pdf(document, out)
    from panelapp.exports.docx.appendix import write_appendix_docx

    return write_appendix_docx(document, out)


def appendix_document(ctx: ServiceContext, today: date | None = None) -> AppendixA:
    summary = agency_summary(ctx)
    day = today or ctx.today()
    return AppendixA(
        agency_name=summary.name if summary else "",
        marking=summary.marking if summary else "OFFICIAL-SENSITIVE",
        on=day,
        entries=tuple(appendix_a(ctx, day)),
    )


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
