"""`panelapp audit`: list or export the audit trail."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from panelapp.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    cli_count,
    cli_date,
    handles_errors,
    open_context,
    output_path,
)
from panelapp.services.admin import AuditFilter, export_audit_csv, list_audit, verify_audit


def register(subparsers: Any) -> None:
    audit = subparsers.add_parser("audit", help="who changed what and when")
    audit.add_argument("--table", help="only changes to this table, e.g. member")
    audit.add_argument("--author", help="only changes by this user")
    audit.add_argument("--text", help="only changes mentioning this text")
    audit.add_argument("--from", dest="since", type=cli_date, help="from this date")
    audit.add_argument("--to", dest="until", type=cli_date, help="up to this date")
    audit.add_argument("--csv", type=Path, metavar="FILE", help="write the changes to a CSV file")
    audit.add_argument(
        "--verify",
        action="store_true",
        help="check the whole trail's hash chain: exit 0 if nothing was removed or altered, 1 if so",
    )
    audit.add_argument("--limit", type=cli_count(100_000), default=50, help="how many to list (default 50)")
    audit.set_defaults(handler=run_audit)


@handles_errors
def run_audit(args: argparse.Namespace) -> int:
    output_path(args, "csv")
    ctx = open_context(args)
    if args.verify:
        report = verify_audit(ctx)
        print(report.message())
        return EXIT_OK if report.intact else EXIT_ERROR
    flt = AuditFilter(args.table, args.author, args.text, args.since, args.until)
    if args.csv:
        count = export_audit_csv(ctx, args.csv, flt)
        print(f"Wrote {count} changes to {args.csv}")
        return EXIT_OK
    for row in list_audit(ctx, flt, limit=args.limit):
        print(
            f"{row.at:%d/%m/%Y %H:%M}  {row.author:<16} {row.action:<7} "
            f"{row.table}:{row.row_id}  {row.after or row.before}"
        )
    return EXIT_OK
