"""`panelapp retention`: preview, then apply, the retention policy."""

from __future__ import annotations

import argparse
from typing import Any

from panelapp.cli.common import EXIT_OK, cli_date, handles_errors, open_context
from panelapp.domain.periods import uk_date
from panelapp.services.admin import apply_retention, retention_preview


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "retention",
        help="anonymise closed cases older than the retention policy (preview first)",
    )
    parser.add_argument("--apply", action="store_true", help="anonymise them (default: only preview)")
    parser.add_argument("--as-of", type=cli_date, help="pretend today is this date")
    parser.set_defaults(handler=run_retention)


@handles_errors
def run_retention(args: argparse.Namespace) -> int:
    ctx = open_context(args)
    items = apply_retention(ctx, args.as_of) if args.apply else retention_preview(ctx, args.as_of)
    verb = "Anonymised" if args.apply else "Would anonymise"
    print(f"{verb} {len(items)} closed case(s):")
    for item in items:
        print(
            f"  {item.reference:<20} {item.case_type:<15} last activity {uk_date(item.last_activity)}: "
            f"{item.children} child(ren), {item.social_workers} social worker(s), "
            f"{item.minutes_sections} minutes section(s)"
        )
    if not args.apply and items:
        print("Nothing has been changed. Run again with --apply to anonymise them.")
    return EXIT_OK
