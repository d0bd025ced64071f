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

from panelapp import __version__

Handler = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        from panelapp.cli.common import run_gui

        return run_gui(args)
    return handler(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
