"""`panelapp deadlines`: the statutory clocks from the command line (every item, by due date)."""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

from panelapp import clock
from panelapp.cli.common import EXIT_OK, cli_date, handles_errors, open_context
from panelapp.domain.periods import uk_date


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "deadlines",
        help="list the statutory deadlines: the ADM's decision, notifications, representations",
        description="List every statutory deadline item with its due date and status as of a "
        "date. Kinds: adm_decision, sw_notification, written_confirmation, representations "
        "(the 40-working-day representations / IRM window), final_decision (after the "
        "re-hearing), stage_two_decision, par_comments, approval_review. Working days are the "
        "regulations' (agency closure days do not count).",
    )
    parser.add_argument(
        "--as-of",
        type=cli_date,
        default=None,
        metavar="DATE",
        help="work out statuses as of this date (YYYY-MM-DD or dd/mm/yyyy; default today)",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help='print a JSON array of {"reference", "case_type", "adm", "kind", "due", "status"}; '
        'an ADM decision with requests for further information adds "further_information" and '
        '"history", a case booked inside the applicants\' time to comment adds "warning"',
    )
    parser.set_defaults(handler=list_deadlines)


@handles_errors
def list_deadlines(args: argparse.Namespace) -> int:
    from panelapp.services.adm import adm_tracker, items_as_rows

    ctx = open_context(args)
    as_of: date = args.as_of or clock.today()
    tracker = adm_tracker(ctx, as_of)
    if args.json:
        print(json.dumps(items_as_rows(tracker.items), indent=1))
        return EXIT_OK
    print(f"ADM deadlines as of {uk_date(as_of)}: {tracker.overdue_count} overdue")
    headers = ("Due", "Status", "Reference", "Case type", "Deadline", "ADM")
    rows = [
        (
            uk_date(i.due),
            i.status.value,
            i.case.reference,
            i.case.case_type.label,
            i.kind.label,
            i.case.adm_name,
        )
        for i in tracker.items
    ]
    widths = [max([len(h)] + [len(r[n]) for r in rows]) for n, h in enumerate(headers)]
    for line in (headers, tuple("-" * w for w in widths), *rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip())
    return EXIT_OK
