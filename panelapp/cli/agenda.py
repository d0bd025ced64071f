"""`panelapp agenda MEETING_ID --format docx|pdf --out FILE`: the agenda of one sitting."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from panelapp.cli.common import EXIT_OK, cli_id, handles_errors, open_context, output_path


def register(subparsers: Any) -> None:
    agenda = subparsers.add_parser(
        "agenda",
        help="write a sitting's agenda to Word or PDF",
        description="Write the agenda of one sitting (with the who-is-sitting and circulation lists).",
    )
    agenda.add_argument("meeting_id", type=cli_id, metavar="MEETING_ID")
    agenda.add_argument("--format", choices=("docx", "pdf"), default="docx")
    agenda.add_argument("--out", type=Path, required=True, metavar="FILE")
    agenda.set_defaults(handler=write_agenda)


@handles_errors
def write_agenda(args: argparse.Namespace) -> int:
    from panelapp.services.cases import export_agenda

    output_path(args)
    out = export_agenda(open_context(args), args.meeting_id, args.format, args.out)
    print(f"Agenda written to {out}")
    return EXIT_OK
