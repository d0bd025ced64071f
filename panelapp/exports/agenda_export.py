"""One entry point for agenda documents, used by the CLI and the window's background job."""

from __future__ import annotations

from pathlib import Path

from panelapp.exports.agenda_docx import write_agenda_docx
from panelapp.exports.agenda_pdf import write_agenda_pdf
from panelapp.services.cases import agenda_document
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ValidationError
from panelapp.services.files import check_output


def export_agenda(ctx: ServiceContext, meeting_id: int, fmt: str, out: Path) -> Path:
    """Write the sitting's agenda as `docx` or `pdf` to `out` (written whole, or not at all)."""
    if fmt not in ("docx", "pdf"):
        raise ValidationError(f'"{fmt}" is not a format for agendas: use docx or pdf.')
    check_output(out)
    document = agenda_document(ctx, meeting_id)
    writer = write_agenda_docx if fmt == "docx" else write_agenda_pdf
    return writer(document, Path(out))
