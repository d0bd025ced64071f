"""Files a user hands to PanelApp, or asks it to write: every way they can be wrong, in words.

Reading: a folder or a missing file is refused by name; text is UTF-8 (with or without a
BOM), UTF-16 with a BOM (Excel's "Unicode text") or Windows-1252 (older Excel), and
anything else is refused rather than guessed. CSV files may be comma, tab or semicolon
separated (the header row tells which).

Writing: the path is checked first, in words (a folder, a missing folder, a read-only
folder, a name too long, something that is not a file); the writing itself, whole or not at
all, is panelapp.exports.files's.
"""

from __future__ import annotations

import codecs
import csv
import errno
import io
import os
from pathlib import Path

from panelapp.exports.files import PART_SUFFIX
from panelapp.services.errors import ValidationError

MAX_NAME_BYTES = 255 - len(PART_SUFFIX)  # the temporary name must fit the file system too
MAX_CELL = csv.field_size_limit()  # 128 KiB: no cell of a real file comes near it
ENCODING_ADVICE = "save it from Excel as 'CSV UTF-8'"
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def shown(path: Path | str, limit: int = 60) -> str:
    """A file's name as a message shows it: never hundreds of characters long."""
    name = Path(path).name or str(path)
    return name if len(name) <= limit else name[: limit - 1] + "…"


# -- reading -----------------------------------------------------------------------


def read_input(path: Path | str, max_bytes: int) -> bytes:
    """The bytes of a file the user chose, or a ValidationError saying why it cannot be read."""
    path = Path(path)
    name = shown(path)
    if path.is_dir():
        raise ValidationError(f"{name} is a folder, not a file: choose the file inside it.")
    if not path.exists():
        raise ValidationError(f"cannot find the file {name}.")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ValidationError(
                f"{name} is too big ({_megabytes(size)}; at most {_megabytes(max_bytes)}): "
                "is it the right file?"
            )
        return path.read_bytes()
    except OSError as exc:
        raise ValidationError(os_error_message(exc, path)) from None


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def decode_text(raw: bytes, name: str) -> str:
    """Text from UTF-8 (BOM or none), UTF-16/32 with a BOM, or Windows-1252; refuses the rest."""
    refusal = f"cannot read {name}: it is not text in a known encoding; {ENCODING_ADVICE}."
    encoding = next((enc for bom, enc in _BOMS if raw.startswith(bom)), None)
    candidates = (encoding,) if encoding else ("utf-8", "cp1252")
    for candidate in candidates:
        try:
            text = raw.decode(candidate)
        except UnicodeDecodeError:
            continue
        break
    else:
        raise ValidationError(refusal)
    if "\x00" in text:
        # UTF-16 without its BOM reads as letters with NULs between them; a damaged or
        # binary file has them too. Either way it is not a file to guess at.
        if text.count("\x00") * 8 > len(text):
            raise ValidationError(refusal)
        line = text[: text.index("\x00")].count("\n") + 1
        raise ValidationError(
            f"cannot read {name}: line {line} holds a NUL character (the file may be damaged); "
            f"{ENCODING_ADVICE}."
        )
    return text


def read_text(path: Path | str, max_bytes: int = 50_000_000) -> str:
    """A text file the user chose, decoded as `decode_text` says."""
    return decode_text(read_input(path, max_bytes), shown(path))


def csv_rows(text: str, name: str) -> list[list[str]]:
    """Every row of a CSV text; the separator (comma, tab or semicolon) is the header's."""
    first_line = text.split("\n", 1)[0]
    delimiter = max(",\t;", key=first_line.count) if first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [list(row) for row in reader]
    except csv.Error as exc:
        line = max(reader.line_num, 1)
        if "field larger" in str(exc):
            raise ValidationError(
                f"cannot read {name}: a cell on line {line} is longer than "
                f"{MAX_CELL // 1024} KiB; is it the right file?"
            ) from None
        raise ValidationError(
            f"cannot read {name}: line {line} is not a proper CSV line (check its quotes); {ENCODING_ADVICE}."
        ) from None


# -- writing -----------------------------------------------------------------------


def check_output(out: Path | str) -> Path:
    """The file to write, or a ValidationError saying why it cannot be written there."""
    out = Path(out)
    if len(os.fsencode(out.name)) > MAX_NAME_BYTES:  # before asking the file system anything
        raise ValidationError(
            f"the file name {shown(out, 40)} is too long (at most {MAX_NAME_BYTES} letters): "
            "choose a shorter name."
        )
    if not out.name or out.is_dir():
        raise ValidationError(f"{shown(out)} is a folder: give the name of a file to write in it.")
    if os.path.lexists(out) and not out.is_file():
        raise ValidationError(f"{shown(out)} is not an ordinary file: choose another name.")
    folder = out.parent
    if not folder.exists():
        raise ValidationError(
            f"the folder {folder} does not exist: create it first, or choose another folder."
        )
    if not folder.is_dir():
        raise ValidationError(f"{folder} is not a folder: choose another place for {shown(out)}.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ValidationError(f"you may not write in the folder {folder}: choose another folder.")
    return out


# -- operating-system errors in words ---------------------------------------------------


def os_error_message(exc: OSError, path: Path | str | None = None) -> str:
    """What went wrong with a file, for the person who chose it (no error codes, no paths of ours)."""
    filename = path if path is not None else (exc.filename or "")
    name = shown(str(filename).removesuffix(PART_SUFFIX)) if filename else "the file"
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return f"the disk is full: {name} was not written. Free some space and try again."
    if code in (errno.EACCES, errno.EPERM):
        return f"not allowed to read or write {name}: check the folder's permissions, or choose another."
    if code == errno.EROFS:
        return f"{name} is on a disk that cannot be written to: choose another place."
    if code == errno.EISDIR:
        return f"{name} is a folder, not a file."
    if code == errno.EEXIST:
        return f"{name} is not an ordinary file: choose another name."
    if code == errno.ENOTDIR:
        return f"part of the path to {name} is not a folder."
    if code == errno.ENOENT:
        return f"cannot find {name} or its folder."
    if code == errno.ENAMETOOLONG:
        return f"the file name {shown(name, 40)} is too long: choose a shorter name."
    reason = (exc.strerror or "an error from the operating system").lower()
    return f"cannot read or write {name} ({reason})."
