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
from panelapp.domain.periods import local_stamp
from panelapp.services.admin import AuditFilter, AuditRow, export_audit_csv, list_audit, verify_audit


def register(subparsers: Any) -> None:
    audit = subparsers.add_parser(
        "audit",
        help="who changed what and when",
        description="Lists changes newest first, in London time, each field in words with "
        "before → after. --csv writes the stored values instead: times in UTC, values as JSON.",
    )
    audit.add_argument("--table", help="only changes to this table, e.g. member")
    audit.add_argument("--author", help="only changes by this user")
    audit.add_argument("--text", help="only changes mentioning this text")
    audit.add_argument("--from", dest="since", type=cli_date, help="from this date (a London day)")
    audit.add_argument("--to", dest="until", type=cli_date, help="up to this date (a London day)")
    audit.add_argument(
        "--csv",
        type=Path,
        metavar="FILE",
        help="write the changes to a CSV file, as stored: times in UTC (column at_utc), values as JSON",
    )
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
        print(f"Wrote {count} changes to {args.csv} (times in UTC and values as stored)")
        return EXIT_OK
    for row in list_audit(ctx, flt, limit=args.limit):
        print(audit_line(row))
    return EXIT_OK


def audit_line(row: AuditRow) -> str:
    """One change as the audit log shows it: London time, who, what, the record, each field's
    label with before → after (as the GUI, issue 20), then the note."""
    changes = row.changes_text
    note = f" ({row.summary})" if row.summary and changes else row.summary
    return f"{local_stamp(row.at)}  {row.author:<16} {row.action_label:<10} {row.record}  {changes}{note}"
