"""`panelapp backup --out FILE` and `panelapp restore FILE`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from panelapp.cli.common import EXIT_OK, fail, handles_errors, open_context, output_path
from panelapp.domain.permissions import Permission
from panelapp.services import admin


def register(subparsers: Any) -> None:
    make = subparsers.add_parser("backup", help="back up the database to a file")
    make.add_argument("--out", required=True, type=Path, help="backup file to write")
    make.set_defaults(handler=run_backup)
    back = subparsers.add_parser("restore", help="replace the database with a backup")
    back.add_argument("file", type=Path, help="a file made by `panelapp backup`")
    back.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    back.set_defaults(handler=run_restore)


@handles_errors
def run_backup(args: argparse.Namespace) -> int:
    output_path(args)
    ctx = open_context(args)
    ctx.require(Permission.BACKUP)
    info = admin.backup(ctx.engine, args.out)
    print(f"Backed up {ctx.database_label} to {info.path} (schema {info.schema}).")
    return EXIT_OK


@handles_errors
def run_restore(args: argparse.Namespace) -> int:
    if not args.yes and not sys.stdin.isatty():
        return fail(
            "restore replaces everything in the database, and there is no one here to confirm it: "
            "add --yes to restore without being asked. Nothing was changed."
        )
    ctx = open_context(args)
    ctx.require(Permission.BACKUP)
    if ctx.engine.dialect.name == "sqlite":
        info = admin.inspect_backup(args.file)
        print(f"{args.file} is a PanelApp backup made {info.created} (schema {info.schema}).")
    if not args.yes:
        try:
            answer = input("Replace everything in the current database with this backup? [y/N] ")
        except EOFError:
            answer = ""
        if answer.strip().lower() not in ("y", "yes"):
            return fail("restore cancelled; nothing was changed")
    report = admin.restore(ctx.engine, args.file, ctx.user)  # checked first, then audited
    restored = open_context(args)
    if report.safety:
        print(f"The database as it was is kept in {report.safety}.")
    print(f"Restored {args.file} into {restored.database_label}: {report.rolled_back}.")
    return EXIT_OK
