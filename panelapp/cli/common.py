"""Shared CLI plumbing: opening the database, printing errors in the user's words."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from functools import wraps

from panelapp.config import resolve_db_url
from panelapp.domain.periods import parse_user_date
from panelapp.services.context import ServiceContext, open_database
from panelapp.services.errors import ServiceError

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2


def open_context(args: argparse.Namespace) -> ServiceContext:
    ctx, _ = open_database(resolve_db_url(getattr(args, "db", None)))
    return ctx


def fail(message: str, code: int = EXIT_ERROR) -> int:
    print(f"panelapp: {message}", file=sys.stderr)
    return code


def handles_errors(func: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Turn the errors a user can cause into one clear line and a non-zero exit."""

    @wraps(func)
    def wrapper(args: argparse.Namespace) -> int:
        try:
            return func(args)
        except ServiceError as exc:
            return fail(str(exc))
        except FileNotFoundError as exc:
            return fail(f"cannot find the file {exc.filename}")
        except PermissionError as exc:
            return fail(f"not allowed to read or write {exc.filename}")

    return wrapper


def cli_date(text: str) -> date:
    """argparse type for dates given as YYYY-MM-DD or dd/mm/yyyy."""
    try:
        return parse_user_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def run_gui(args: argparse.Namespace) -> int:
    from ui.app import run_app  # Qt is imported only when a window is wanted

    return run_app(getattr(args, "db", None))
