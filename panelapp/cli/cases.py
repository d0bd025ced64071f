"""`panelapp cases import FILE.csv` (historic register) and `panelapp cases list [--json]`."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from panelapp.cli.common import EXIT_OK, handles_errors, open_context


def register(subparsers: Any) -> None:
    cases = subparsers.add_parser(
        "cases", help="the case register", description="The case register: list cases, import a register."
    )
    actions = cases.add_subparsers(dest="cases_command", metavar="ACTION", required=True)
    importer = actions.add_parser(
        "import",
        help="import a historic register (CSV, one row per hearing)",
        description="Import a historic case register: one row per hearing, columns "
        "reference, case_type, panel, panel_date, local_authority, locality, outcome, vote_for, "
        "vote_against, par_grade, cpr_grade, apr_grade, adm_par_grade, adm, adm_decision, "
        "adm_decision_date, final_minutes_sent, sw_notified, letter_sent, stage2_start. "
        "All or nothing: a bad row and nothing is imported.",
    )
    importer.add_argument("file", type=Path, metavar="FILE.csv")
    importer.set_defaults(handler=import_cases)
    lister = actions.add_parser("list", help="list the cases in the register")
    lister.add_argument("--json", action="store_true", help="one JSON array instead of a table")
    lister.set_defaults(handler=list_cases)


@handles_errors
def import_cases(args: argparse.Namespace) -> int:
    from panelapp.services.cases import import_register_file

    result = import_register_file(open_context(args), args.file)  # a refusal: one line, by handles_errors
    print(
        f"Imported {result.hearings} hearings: {result.cases_created} new cases, "
        f"{result.cases_extended} cases heard again, {result.sittings_created} sittings added as held."
    )
    return EXIT_OK


@handles_errors
def list_cases(args: argparse.Namespace) -> int:
    from panelapp.services.cases import list_cases as register_rows

    rows = register_rows(open_context(args))
    if args.json:
        print(json.dumps([asdict(r) for r in rows], default=str))
        return EXIT_OK
    for r in rows:
        last = f"{r.last_sitting:%d/%m/%Y}" if r.last_sitting else ""
        print(
            f"{r.reference:<20} {r.type_label:<26} {r.child_initials:<10} {r.local_authority:<12} "
            f"{r.status_label:<22} {last}"
        )
    print(f"{len(rows)} cases")
    return EXIT_OK
