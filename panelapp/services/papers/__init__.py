"""Papers' files kept with the case (issue 22): adding them, their versions, and the names
check that reads every page before a pack circulates."""

from __future__ import annotations

from panelapp.services.papers import scan
from panelapp.services.papers.files import (
    LIMITS_TEXT,
    MAX_FILE_BYTES,
    OTHER,
    AddedFile,
    CheckedPdf,
    PaperFileRow,
    add_paper_file,
    add_paper_file_by_reference,
    check_pdf,
    file_content,
    list_paper_files,
    open_paper_file,
    read_paper_file,
    save_paper_file,
    version_filename,
    word_conversion_available,
)

__all__ = [
    "LIMITS_TEXT",
    "MAX_FILE_BYTES",
    "OTHER",
    "AddedFile",
    "CheckedPdf",
    "PaperFileRow",
    "add_paper_file",
    "add_paper_file_by_reference",
    "check_pdf",
    "file_content",
    "list_paper_files",
    "open_paper_file",
    "read_paper_file",
    "save_paper_file",
    "scan",
    "version_filename",
    "word_conversion_available",
]
