"""Shared CLI plumbing: opening the database, printing errors in the user's words.

Every refusal is one line on stderr starting "panelapp: " and a non-zero exit. Errors a
user can cause are said in their words here (`handles_errors`); anything else is caught
by `guarded` at the top, logged for IT without personal data, and said in one line too.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from functools import wraps
from pathlib import Path

from sqlalchemy.exc import DataError, OperationalError

from panelapp import clock
from panelapp.config import resolve_db_url
from panelapp.domain.periods import parse_user_date, uk_date
from panelapp.services.agency import open_checked
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ServiceError
from panelapp.services.files import check_output, os_error_message

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
# Dates a command accepts: wide enough for any historic register or plan, narrow enough that
# no working-day or retention sum runs off the calendar (year 1, year 9999).
EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)
MAX_ID = 2**31 - 1  # the databases' whole numbers
MAX_LISTED = 25  # problems spelt out on the one line; the rest are counted


def open_context(args: argparse.Namespace) -> ServiceContext:
    ctx, _ = open_checked(resolve_db_url(getattr(args, "db", None)))
    return ctx


def one_line(message: str) -> str:
    """A message of several lines (a refused file lists its problems) as one line."""
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    if len(lines) <= 1:
        return lines[0] if lines else "something went wrong"
    head, items = lines[0], lines[1:]
    more = len(items) - MAX_LISTED
    listed = "; ".join(items[:MAX_LISTED]) + (f"; ... and {more} more" if more > 0 else "")
    return f"{head} {listed}"


def fail(message: str, code: int = EXIT_ERROR) -> int:
    print(f"panelapp: {one_line(message)}", file=sys.stderr)
    return code


def explain(exc: BaseException) -> str | None:
    """The user's words for an error they can cause, or None for a fault of PanelApp's."""
    if isinstance(exc, ServiceError | clock.ClockSettingError):
        return str(exc)
    if isinstance(exc, OSError):
        return os_error_message(exc)
    if isinstance(exc, RecursionError):
        return "the input is nested too deeply to read; nothing was changed."
    if isinstance(exc, OverflowError):
        return "a number or a date is too large; nothing was changed."
    if isinstance(exc, OperationalError) and exc.connection_invalidated:
        return "the connection to the database was lost; nothing was saved. Try again."
    if isinstance(exc, DataError):
        # Never the database's own message: it quotes the row (names, emails).
        return (
            "a value is too long, too large or holds characters the database cannot keep; nothing was saved."
        )
    return None


def handles_errors(func: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Turn the errors a user can cause into one clear line and a non-zero exit."""

    @wraps(func)
    def wrapper(args: argparse.Namespace) -> int:
        try:
            return func(args)
        except Exception as exc:  # said in words, or passed on to `guarded` (re-raised)
            message = explain(exc)
            if message is None:
                raise
            return fail(message)

    return wrapper


def guarded(handler: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run a command; whatever escapes it is one line for the user and the details for IT."""
    try:
        return handler(args)
    except KeyboardInterrupt:
        return fail("stopped; nothing more was done.", EXIT_INTERRUPTED)
    except Exception as exc:  # noqa: BLE001 - no traceback ever reaches a user
        message = explain(exc)
        if message is not None:
            return fail(message)
        return fail(_unexpected(exc))


def _unexpected(exc: BaseException) -> str:
    """Log what IT needs (the kind of error and where, never its text: it may quote a row)."""
    try:
        from panelapp.logs import log_path, log_unexpected

        reference = log_unexpected(exc)
        where = f" The details for IT are in {log_path()} (reference {reference})."
    except Exception:  # noqa: BLE001 - a log that cannot be written must not hide the refusal
        where = ""
    return f"PanelApp could not finish this (an unexpected {type(exc).__name__}); nothing was saved.{where}"


def cli_date(text: str) -> date:
    """argparse type for dates given as YYYY-MM-DD or dd/mm/yyyy, between 1900 and 2100."""
    try:
        day = parse_user_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc
    if not EARLIEST <= day <= LATEST:
        raise argparse.ArgumentTypeError(
            f"{uk_date(day)} is outside the dates PanelApp works with: give a date between "
            f"{uk_date(EARLIEST)} and {uk_date(LATEST)}"
        )
    return day


def cli_id(text: str) -> int:
    """argparse type for a record's number (a sitting, a panel)."""
    if not (text.isascii() and text.isdigit() and len(text) <= 10) or not 0 < int(text) <= MAX_ID:
        raise argparse.ArgumentTypeError(f'"{text[:20]}" is not the number of a record')
    return int(text)


def cli_count(high: int) -> Callable[[str], int]:
    """argparse type for a count between 1 and `high`."""

    def count(text: str) -> int:
        if not (text.isascii() and text.isdigit() and len(text) <= 10) or not 0 < int(text) <= high:
            raise argparse.ArgumentTypeError(f'"{text[:20]}" is not a number from 1 to {high}')
        return int(text)

    return count


def output_path(args: argparse.Namespace, attribute: str = "out") -> Path | None:
    """Check where a command will write before it does any work (or opens the database)."""
    out: Path | None = getattr(args, attribute, None)
    return check_output(out) if out is not None else None


def run_gui(args: argparse.Namespace) -> int:
    from ui.shell.app import run_app  # Qt is imported only when a window is wanted

    return run_app(getattr(args, "db", None))
