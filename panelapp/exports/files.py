"""Writing a file whole or not at all: the one way PanelApp writes what a user asked for.

Every export, backup and email draft is written under a temporary name beside the target
("NAME.part") and renamed into place, so the target never holds half a file, and the
temporary file is removed if anything goes wrong (and one left by a killed run is removed
the next time). Only a regular file is ever replaced: a folder, a device, a pipe, or a link
to one, is refused with an OSError that says what it is. What is written is the owner's only
(0600).

Saying in the user's words why a path cannot be written (a missing or read-only folder, a
name too long) is the services' job, before any work: `panelapp.services.files.check_output`.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import json
import os
import stat
import sys
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


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # Windows has no symlinks to follow by accident


def _lock_exclusive(fd: int) -> None:
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


_flock = None if sys.platform == "win32" else _lock_exclusive


def _safe(value: object) -> object:
    return neutralise(value) if isinstance(value, str) else value


class _SaysWhatItIs(OSError):
    def __str__(self) -> str:
        return f"{self.filename} is {self.strerror}, not an ordinary file: PanelApp replaces only files"


class NotAFileError(_SaysWhatItIs, FileExistsError):
    """The target (or its temporary file) is something PanelApp must never replace."""


class FolderInTheWayError(_SaysWhatItIs, IsADirectoryError):
    """A folder where the file should go."""


def _kind(path: Path) -> str:
    """What is at `path`, in words (a link is described by what it points to)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return "a link to nothing"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a regular file" if stat.S_ISREG(mode) else "not a regular file"


def refuse_unless_replaceable(target: Path) -> None:
    """Raise unless `target` is absent or a regular file (a link to one is replaced, not followed):
    a folder, a device, a pipe, a socket, or a link to any of them or to nothing, is refused."""
    if not os.path.lexists(target):
        return
    kind = _kind(target)
    if kind == "a regular file":
        return
    link = "a link to " if target.is_symlink() and kind != "a link to nothing" else ""
    if kind == "a folder" and not link:
        raise FolderInTheWayError(errno.EISDIR, kind, str(target))
    raise NotAFileError(errno.EEXIST, link + kind, str(target))


def _open_part(part: Path) -> int:
    """Create the temporary file, the owner's only (0600), never through a link, and hold a lock
    on it while it is written. A `.part` left by a killed run (nobody holds its lock) is removed
    first; one another PanelApp is writing right now is refused."""
    for _ in range(3):
        try:
            fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
        except FileExistsError:
            _remove_stale_part(part)
            continue
        if _flock is not None:
            _flock(fd)
        os.chmod(fd if os.chmod in os.supports_fd else part, 0o600)  # whatever the umask
        return fd
    raise FileExistsError(errno.EEXIST, "cannot make a temporary file", str(part))


def _remove_stale_part(part: Path) -> None:
    if part.is_dir() and not part.is_symlink():
        raise FolderInTheWayError(errno.EISDIR, "a folder", str(part))
    if not part.is_symlink() and _flock is not None:
        try:
            fd = os.open(part, os.O_RDONLY | _NOFOLLOW)
        except FileNotFoundError:
            return
        try:
            _flock(fd)  # raises BlockingIOError while another PanelApp writes it
        except BlockingIOError:
            raise FileExistsError(
                errno.EEXIST, "another PanelApp is writing this file right now", str(part)
            ) from None
        finally:
            os.close(fd)
    # A link is never ours; on Windows a file still being written cannot be removed.
    part.unlink(missing_ok=True)


@contextmanager
def atomic_output(out: Path | str) -> Iterator[Path]:
    """Yield the temporary path to write; renamed to `out` afterwards, removed on any failure
    (an exception, Ctrl+C, a full disk). The new file is the owner's only (0600); the folder is
    the user's choice and left as it is."""
    final = Path(out)
    refuse_unless_replaceable(final)
    part = final.with_name(final.name + PART_SUFFIX)
    fd = _open_part(part)
    try:
        yield part
        if not stat.S_ISREG(os.lstat(part).st_mode):
            raise NotAFileError(errno.EEXIST, _kind(part), str(part))
        os.chmod(part, 0o600)  # a writer that made the file again made it with the umask's mode
        refuse_unless_replaceable(final)  # again: something may have taken its place meanwhile
        part.replace(final)
    except BaseException:
        with contextlib.suppress(OSError):
            if not part.is_dir() or part.is_symlink():
                part.unlink(missing_ok=True)
        raise
    finally:
        os.close(fd)


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
