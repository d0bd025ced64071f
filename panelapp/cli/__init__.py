"""The `panelapp` command. No arguments opens the window; subcommands work headless.

Each module in this package that defines `register(subparsers)` adds its subcommands,
so an area (members, meetings, reports...) brings its own commands without editing
this file. Handlers return the process exit code.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from panelapp import __version__

Handler = Callable[[argparse.Namespace], int]
EXIT_USAGE = 2


class Parser(argparse.ArgumentParser):
    """argparse, but a refused argument is one line (what is wrong, where to read more)."""

    def error(self, message: str) -> NoReturn:
        said = " ".join(message.split())
        self.exit(EXIT_USAGE, f"panelapp: {said} (see: {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="panelapp",
        description="PanelApp: adoption panel administration. Run without a command to open the window.",
    )
    parser.add_argument("--version", action="version", version=f"PanelApp {__version__}")
    parser.add_argument(
        "--db",
        metavar="URL",
        help="database URL (default: PANELAPP_DB, then settings, then the embedded database)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(subparsers)
    return parser


def _fast_path(argv: list[str]) -> argparse.Namespace | None:
    """Opening the window (no command) or `selftest` need none of the other commands'
    modules: skip importing them (and SQLAlchemy), so the window paints first."""
    db: str | None = None
    rest = list(argv)
    if len(rest) >= 2 and rest[0] == "--db":
        db, rest = rest[1], rest[2:]
    elif rest and rest[0].startswith("--db="):
        db, rest = rest[0].split("=", 1)[1], rest[1:]
    from panelapp.cli.window import run_selftest, run_window

    if rest == []:
        return argparse.Namespace(db=db, command=None, handler=run_window)
    if rest == ["selftest"]:
        return argparse.Namespace(db=db, command="selftest", handler=run_selftest)
    return None


def main(argv: Sequence[str] | None = None) -> int:
    fast = _fast_path(list(sys.argv[1:] if argv is None else argv))
    if fast is not None:
        from panelapp.cli.window import guarded_light

        return guarded_light(fast.handler, fast)
    parser = build_parser()
    return _dispatch(parser.parse_args(argv))


def _dispatch(args: argparse.Namespace) -> int:
    """Run the command. Nothing escapes as a traceback: `guarded` turns it into one line."""
    from panelapp.cli.common import guarded, run_gui

    handler: Handler | None = getattr(args, "handler", None)
    return guarded(handler or run_gui, args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
