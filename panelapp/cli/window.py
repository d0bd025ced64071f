"""Opening the window and `selftest`, without the rest of the command line.

Both are reached by `panelapp.cli`'s fast path, which must not import SQLAlchemy or the
services before the window has painted (see `ui.shell.app`): `panelapp.cli.common` is
imported only when something goes wrong, to say it in one line.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable

EXIT_OK = 0


def run_window(args: argparse.Namespace) -> int:
    from ui.shell.app import run_app  # Qt is imported only when a window is wanted

    return run_app(getattr(args, "db", None))


def run_selftest(args: argparse.Namespace) -> int:
    from ui.shell.selftest import selftest

    try:
        result = selftest(getattr(args, "db", None))
    except Exception as exc:  # noqa: BLE001 - selftest reports any failure as its result
        from panelapp.cli.common import fail

        print(json.dumps({"ok": False, "error": f"{type(exc).__name__}: {exc}"}))
        return fail(f"selftest failed: {exc}")
    print(json.dumps(result))
    return EXIT_OK if result.get("ok") else 1


def guarded_light(handler: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """`common.guarded`, importing it (and the services it names) only for an error."""
    try:
        return handler(args)
    except BaseException as exc:
        if not isinstance(exc, Exception | KeyboardInterrupt):
            raise  # SystemExit and the like go through untouched, as with `guarded`
        from panelapp.cli.common import guarded

        error = exc

        def again(_args: argparse.Namespace) -> int:
            raise error

        return guarded(again, args)
