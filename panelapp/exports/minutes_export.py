"""One call per export, for the CLI and the window's background jobs alike."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from panelapp.services.agency import agency_summary
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ValidationError
from panelapp.services.files import check_output
from panelapp.services.panel_day import grading_summary, minutes_for_export


def _format(fmt: str) -> str:
    if fmt not in ("docx", "pdf"):
        raise ValidationError(f"Choose Word (docx) or PDF, not {fmt!r}.")
    return fmt


def export_minutes(
    ctx: ServiceContext, meeting_id: int, fmt: str, out: Path, case_reference: str | None = None
) -> Path:
    fmt = _format(fmt)
    check_output(out)
    data = minutes_for_export(ctx, meeting_id, case_reference)
    if fmt == "pdf":
        from panelapp.exports.minutes_pdf import write_minutes_pdf

        return write_minutes_pdf(data, Path(out))
    from panelapp.exports.minutes_docx import write_minutes_docx

    return write_minutes_docx(data, Path(out))


def export_grading_summary(
    ctx: ServiceContext,
    date_from: date,
    date_to: date,
    panel_id: int | None,
    group_by: str,
    fmt: str,
    out: Path,
) -> Path:
    from panelapp.exports.grading_summary import write_grading_summary_docx, write_grading_summary_pdf

    fmt = _format(fmt)
    check_output(out)
    summary = grading_summary(ctx, date_from, date_to, panel_id, group_by)
    agency = agency_summary(ctx)
    name, marking = (agency.name, agency.marking) if agency else ("", "OFFICIAL-SENSITIVE")
    writer = write_grading_summary_pdf if fmt == "pdf" else write_grading_summary_docx
    return writer(summary, Path(out), name, marking)
