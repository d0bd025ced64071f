"""`panelapp meetings generate|list|ics`: sittings from the panels' rhythms, headless."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from panelapp.cli.common import EXIT_OK, cli_date, cli_id, fail, handles_errors, open_context, output_path


def register(subparsers: Any) -> None:
    meetings = subparsers.add_parser(
        "meetings", help="panel sittings", description="Generate, list and export panel sittings."
    )
    commands = meetings.add_subparsers(dest="meetings_command", metavar="ACTION", required=True)

    generate = commands.add_parser(
        "generate",
        help="create every panel's sittings between two dates",
        description="Create the sittings of every active panel whose rule falls between the dates. "
        "Safe to re-run: nothing is duplicated and sittings edited by hand are kept.",
    )
    generate.add_argument("--from", dest="start", type=cli_date, required=True, metavar="DATE")
    generate.add_argument("--to", dest="end", type=cli_date, required=True, metavar="DATE")
    generate.set_defaults(handler=generate_meetings)

    listing = commands.add_parser(
        "list", help="list sittings with quorum", description="List sittings between two dates."
    )
    listing.add_argument("--from", dest="start", type=cli_date, required=True, metavar="DATE")
    listing.add_argument("--to", dest="end", type=cli_date, required=True, metavar="DATE")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(handler=list_meetings)

    ics = commands.add_parser(
        "ics",
        help="write a calendar file (.ics)",
        description="Write sittings to an .ics calendar file (all panels, one panel or one member). "
        "Re-exporting after a move or cancellation updates the entries in Outlook.",
    )
    ics.add_argument("--out", type=Path, required=True, metavar="FILE")
    which = ics.add_mutually_exclusive_group()
    which.add_argument("--panel", metavar="NAME")
    which.add_argument("--member", metavar="EMAIL")
    which.add_argument("--meeting", type=cli_id, metavar="ID", help="one sitting, by its id")
    ics.add_argument("--from", dest="start", type=cli_date, metavar="DATE")
    ics.add_argument("--to", dest="end", type=cli_date, metavar="DATE")
    ics.set_defaults(handler=export_ics)


@handles_errors
def generate_meetings(args: argparse.Namespace) -> int:
    from panelapp.services.sittings import generate_meetings as generate

    report = generate(open_context(args), args.start, args.end)
    for line in report.lines():
        print(line)
    return EXIT_OK


@handles_errors
def list_meetings(args: argparse.Namespace) -> int:
    from panelapp.services.sittings import list_meetings as listing

    if args.end < args.start:
        return fail("the --to date is before the --from date")
    rows = listing(open_context(args), args.start, args.end)
    if args.json:
        print(json.dumps([r.as_json() for r in rows], indent=2))
        return EXIT_OK
    for r in rows:
        reason = f"  ({' '.join(r.reasons)})" if r.reasons else ""
        print(f"{r.date:%d/%m/%Y} {r.start:%H:%M}  {r.panel:<16} {r.status:<10} {r.quorum_badge}{reason}")
    if not rows:
        print("No sittings in that period.")
    return EXIT_OK


@handles_errors
def export_ics(args: argparse.Namespace) -> int:
    from panelapp.services.sittings import export_calendar

    output_path(args)
    out, count = export_calendar(
        open_context(args),
        args.out,
        panel=args.panel,
        member_email=args.member,
        meeting_id=args.meeting,
        start=args.start,
        end=args.end,
    )
    print(f"{count} sittings written to {out}")
    return EXIT_OK
