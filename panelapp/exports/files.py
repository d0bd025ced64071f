"""Writing a file whole or not at all: the one way PanelApp writes what a user asked for.

Every export, backup and email draft is written under a temporary name beside the target
("NAME.part") and renamed into place, so the target never holds half a file, and the
temporary file is removed if anything goes wrong. Only a regular file is ever replaced: a
folder, a device or a pipe at the target is refused with an OSError.

Saying in the user's words why a path cannot be written (a missing or read-only folder, a
name too long) is the services' job, before any work: `panelapp.services.files.check_output`.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

PART_SUFFIX = ".part"
CSV_ENCODING = "utf-8-sig"  # the BOM tells Excel the file is UTF-8
XLSX_DATE_FORMAT = "dd/mm/yyyy"
XLSX_TEXT_FORMAT = "@"  # Excel keeps the cell text when edited (a DBS number stays 12 digits)
# A cell starting with one of these is a formula to Excel or LibreOffice (OWASP, "CSV Injection").
FORMULA_STARTS = frozenset("=+-@\t\r")
QUOTE = "'"


def neutralise(value: str) -> str:
    """OWASP's rule: a cell a spreadsheet would take for a formula gets a leading quote.

    A cell that already starts with quotes before such a character gets one too, so that
    `read_back` strips exactly the quote added here and every value comes back as it was."""
    return QUOTE + value if value.lstrip(QUOTE)[:1] in FORMULA_STARTS and value.lstrip(QUOTE) else value


def read_back(value: str) -> str:
    """The value `neutralise` was given: the one quote it added, removed."""
    rest = value.lstrip(QUOTE)
    return value[1:] if value.startswith(QUOTE) and rest and rest[0] in FORMULA_STARTS else value


def _safe(value: object) -> object:
    return neutralise(value) if isinstance(value, str) else value


def refuse_unless_replaceable(target: Path) -> None:
    """Raise unless `target` is absent or a regular file (a link to one is replaced, not followed)."""
    if not os.path.lexists(target) or target.is_file():
        return
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
    raise FileExistsError(errno.EEXIST, "not a regular file", str(target))


@contextmanager
def atomic_output(out: Path | str) -> Iterator[Path]:
    """Yield the temporary path to write; renamed to `out` afterwards, removed on any failure."""
    final = Path(out)
    refuse_unless_replaceable(final)
    part = final.with_name(final.name + PART_SUFFIX)
    try:
        yield part
        part.replace(final)
    except BaseException:
        with contextlib.suppress(OSError):
            part.unlink(missing_ok=True)
        raise


def write_bytes(out: Path | str, content: bytes) -> Path:
    with atomic_output(out) as part:
        part.write_bytes(content)
    return Path(out)


def write_json(out: Path | str, data: object) -> Path:
    """Indented UTF-8 JSON with a final newline (what the command line prints too)."""
    with atomic_output(out) as part:
        part.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return Path(out)


def write_csv(out: Path | str, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> Path:
    """A header row then `rows` (consumed as written, so a long query can stream into it)."""
    with atomic_output(out) as part, part.open("w", newline="", encoding=CSV_ENCODING) as handle:
        writer = csv.writer(handle)
        writer.writerow([_safe(h) for h in headers])
        writer.writerows([_safe(value) for value in row] for row in rows)
    return Path(out)


def write_xlsx(
    out: Path | str,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    widths: Sequence[float] = (),
    marking: str = "",
) -> Path:
    """One sheet: a bold header row frozen in place, dates shown dd/mm/yyyy, empty text left
    blank, and the marking in the printed header and footer. Every cell is a value, never a
    formula: text is written as text (neutralised as in CSV) and formatted as text."""
    from openpyxl import Workbook  # imported here: only spreadsheet exports pay for it
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has its first sheet
    sheet.title = title
    sheet.append([_safe(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([None if value == "" else _safe(value) for value in row])
    for column_cells in sheet.iter_cols(min_row=1):
        for cell in column_cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # openpyxl would store "=..." as a formula
                cell.number_format = XLSX_TEXT_FORMAT
            elif isinstance(cell.value, date):
                cell.number_format = XLSX_DATE_FORMAT
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.oddHeader.center.text = marking
    sheet.oddFooter.center.text = marking
    with atomic_output(out) as part:
        workbook.save(str(part))
    return Path(out)
