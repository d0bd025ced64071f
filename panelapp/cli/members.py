"""`panelapp members ...`: list, import and export the central list without the window."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from panelapp.cli.common import EXIT_OK, fail, handles_errors, open_context, output_path


def register(subparsers: Any) -> None:
    members = subparsers.add_parser(
        "members", help="the central list: list, import, export", description="The central list of members."
    )
    commands = members.add_subparsers(dest="members_command", metavar="ACTION", required=True)

    listing = commands.add_parser("list", help="list the members", description="List the central list.")
    listing.add_argument("--json", action="store_true", help="print JSON (one object per member)")
    listing.set_defaults(handler=list_command)

    importing = commands.add_parser(
        "import",
        help="add members from a CSV or XLSX file (all or nothing)",
        description="Add the members in a CSV or XLSX file. Columns: name, email, roles, panels, "
        "qualified_on, joined_on, dbs_date, dbs_reference, appraisal_date, status, status_note. "
        "A file with any error is refused whole and every error is listed.",
    )
    importing.add_argument("file", type=Path, help="the .csv or .xlsx file")
    importing.add_argument("--check", action="store_true", help="only check the file; save nothing")
    importing.set_defaults(handler=import_command)

    exporting = commands.add_parser(
        "export",
        help="write the central list (csv, xlsx) or Appendix A (docx, pdf)",
        description="csv and xlsx use the import columns; docx and pdf are Appendix A of the chairs' report.",
    )
    exporting.add_argument("--format", choices=("csv", "xlsx", "docx", "pdf"), required=True)
    exporting.add_argument("--out", type=Path, required=True, help="the file to write")
    exporting.set_defaults(handler=export_command)


@handles_errors
def list_command(args: argparse.Namespace) -> int:
    from panelapp.services.members import list_members

    rows = list_members(open_context(args))
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "id": r.id,
                        "name": r.name,
                        "email": r.email,
                        "roles": list(r.roles),
                        "panels": list(r.panels),
                        "status": r.status,
                        "status_note": r.status_note,
                        "pqe_years": r.pqe,
                        "dbs_date": r.dbs_date.isoformat() if r.dbs_date else None,
                        "dbs_due": r.dbs_due.isoformat() if r.dbs_due else None,
                        "dbs": r.dbs_state.value,
                        "appraisal_due": r.appraisal_due.isoformat() if r.appraisal_due else None,
                        "appraisal": r.appraisal_state.value,
                    }
                    for r in rows
                ],
                indent=1,
            )
        )
        return EXIT_OK
    for r in rows:
        flags = f"  [{r.compliance_text}]" if r.compliance_text else ""
        print(f"{r.name:<30} {r.roles_text:<40} {', '.join(r.panels):<18} {r.status_text}{flags}")
    print(f"{len(rows)} members")
    return EXIT_OK


@handles_errors
def import_command(args: argparse.Namespace) -> int:
    from panelapp.services.members import import_members, preview_import, refusal

    ctx = open_context(args)
    if args.check:
        preview = preview_import(ctx, args.file)
        if not preview.ok:
            return fail(str(refusal(preview)))
        print(f"{args.file}: {len(preview.members)} members, no problems found (nothing saved).")
        return EXIT_OK
    count = import_members(ctx, args.file)
    print(f"Imported {count} members from {args.file}.")
    return EXIT_OK


@handles_errors
def export_command(args: argparse.Namespace) -> int:
    from panelapp.services.members import export_members

    output_path(args)
    out = export_members(open_context(args), args.format, args.out)
    print(f"Written {out}")
    return EXIT_OK
