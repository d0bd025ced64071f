"""`panelapp agency load FILE.toml`: set up (or update) an agency from a file, for IT roll-outs."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from panelapp.cli.common import EXIT_OK, handles_errors, open_context


def register(subparsers: Any) -> None:
    agency = subparsers.add_parser(
        "agency", help="agency setup from a file", description="Agency setup from a TOML file."
    )
    commands = agency.add_subparsers(dest="agency_command", metavar="ACTION", required=True)
    load = commands.add_parser(
        "load",
        help="create or update the agency from FILE.toml",
        description="Create or update the agency, its local authorities, decision makers, panels and "
        "policy from a TOML file. A file with any problem is refused whole, naming the line; "
        "loading the same file twice changes nothing. Examples: resources/agencies/*.toml.",
    )
    load.add_argument("file", type=Path, metavar="FILE.toml")
    load.set_defaults(handler=load_agency)


@handles_errors
def load_agency(args: argparse.Namespace) -> int:
    from panelapp.services.agency import load_agency_file

    ctx = open_context(args)
    report = load_agency_file(ctx, args.file)
    for line in report.lines():
        print(line)
    if report.new_members:
        print(
            f"{len(report.new_members)} people were added to the central list: "
            + ", ".join(report.new_members)
            + ". Complete their details (roles, DBS, contact) in Members."
        )
    return EXIT_OK
