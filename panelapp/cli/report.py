"""`panelapp report chairs`: the six-monthly chairs' report as Word, PDF or JSON."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from panelapp.cli.common import EXIT_OK, EXIT_USAGE, cli_date, fail, handles_errors, open_context, output_path


def register(subparsers: Any) -> None:
    report = subparsers.add_parser(
        "report", help="produce reports", description="Produce the panel team's reports."
    )
    kinds = report.add_subparsers(dest="report_kind", metavar="REPORT", required=True)
    chairs = kinds.add_parser(
        "chairs",
        help="the six-monthly chairs' report (NMS 17.2)",
        description="The chairs' report for hearings whose sitting date is between --from and --to "
        "(inclusive). JSON holds the figures only; Word and PDF hold the whole report.",
    )
    chairs.add_argument("--from", dest="period_from", type=cli_date, required=True, metavar="DATE")
    chairs.add_argument("--to", dest="period_to", type=cli_date, required=True, metavar="DATE")
    chairs.add_argument("--format", choices=("docx", "pdf", "json"), default="json")
    chairs.add_argument("--out", type=Path, metavar="FILE", help="file to write (JSON: stdout if left out)")
    chairs.add_argument("--panel", metavar="NAME", help="one panel only, by name (default: all panels)")
    chairs.set_defaults(handler=chairs_report)


@handles_errors
def chairs_report(args: argparse.Namespace) -> int:
    from panelapp.services.reports import export_chairs_report, report_panels, report_statistics

    if args.out is None and args.format != "json":
        return fail(f"give --out FILE for a {args.format} report", EXIT_USAGE)
    output_path(args)
    ctx = open_context(args)
    panel_id = None
    if args.panel:
        panels = {p.name.casefold(): p.id for p in report_panels(ctx)}
        panel_id = panels.get(args.panel.casefold())
        if panel_id is None:
            names = ", ".join(p.name for p in report_panels(ctx)) or "none set up"
            return fail(f"there is no panel called '{args.panel}' (panels: {names})", EXIT_USAGE)
    if args.out is None:
        stats = report_statistics(ctx, args.period_from, args.period_to, panel_id)
        json.dump(stats.to_json(), sys.stdout, indent=2)
        print()
        return EXIT_OK
    out = export_chairs_report(ctx, args.period_from, args.period_to, panel_id, args.format, args.out)
    print(f"Chairs' report written to {out}")
    return EXIT_OK
