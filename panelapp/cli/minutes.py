"""`panelapp minutes MEETING_ID --format docx|pdf --out FILE [--case REFERENCE]` and the grading summary."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from panelapp.cli.common import EXIT_OK, cli_date, cli_id, handles_errors, open_context, output_path


def register(subparsers: Any) -> None:
    minutes = subparsers.add_parser(
        "minutes",
        help="write a sitting's minutes (or one case's extract for the ADM) to Word or PDF",
        description="Write the minutes of one sitting, or with --case the extract that goes to the ADM.",
    )
    minutes.add_argument("meeting_id", type=cli_id, metavar="MEETING_ID")
    minutes.add_argument("--format", choices=("docx", "pdf"), default="docx")
    minutes.add_argument("--out", type=Path, required=True, metavar="FILE")
    minutes.add_argument("--case", metavar="REFERENCE", help="only this case's extract for the ADM")
    minutes.set_defaults(handler=write_minutes)

    summary = subparsers.add_parser(
        "grading-summary",
        help="write the paperwork grading summary for chairs to Word or PDF",
        description="Grades of PARs, CPRs and APRs in a period, by paper type and by LA or area team.",
    )
    summary.add_argument("--from", dest="date_from", type=cli_date, required=True, metavar="DATE")
    summary.add_argument("--to", dest="date_to", type=cli_date, required=True, metavar="DATE")
    summary.add_argument("--panel", type=cli_id, metavar="PANEL_ID", help="one panel (default: all)")
    summary.add_argument("--by", choices=("local_authority", "team"), default="local_authority")
    summary.add_argument("--format", choices=("docx", "pdf"), default="docx")
    summary.add_argument("--out", type=Path, required=True, metavar="FILE")
    summary.set_defaults(handler=write_grading_summary)


@handles_errors
def write_minutes(args: argparse.Namespace) -> int:
    from panelapp.services.panel_day import export_minutes

    output_path(args)
    out = export_minutes(open_context(args), args.meeting_id, args.format, args.out, args.case)
    print(f"Minutes written to {out}")
    return EXIT_OK


@handles_errors
def write_grading_summary(args: argparse.Namespace) -> int:
    from panelapp.services.panel_day import export_grading_summary

    output_path(args)
    out = export_grading_summary(
        open_context(args), args.date_from, args.date_to, args.panel, args.by, args.format, args.out
    )
    print(f"Grading summary written to {out}")
    return EXIT_OK
