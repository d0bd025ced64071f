"""Core commands: init-db and selftest."""

from __future__ import annotations

import argparse
from typing import Any

from panelapp.cli.common import EXIT_OK, cli_count, handles_errors, open_context


def register(subparsers: Any) -> None:
    init = subparsers.add_parser(
        "init-db", help="create or upgrade the database", description="Create or upgrade the database."
    )
    init.add_argument("--demo", action="store_true", help="fill an empty database with demo data")
    init.add_argument("--seed", type=int, default=7, help="demo data seed (default 7)")
    init.add_argument("--years", type=cli_count(20), default=1, help="years of demo business (default 1)")
    init.set_defaults(handler=init_db)

    selftest = subparsers.add_parser(
        "selftest",
        help="open the window offscreen, visit every view, print timings",
        description="Check an installation: opens the main window offscreen on the chosen "
        "database, visits every main view once and prints one JSON line of timings.",
    )
    selftest.set_defaults(handler=run_selftest)


@handles_errors
def init_db(args: argparse.Namespace) -> int:
    from panelapp.services import agency

    ctx = open_context(args)
    print(f"Database ready: {ctx.database_label}")
    if args.demo:
        counts = agency.load_demo_data(ctx, seed=args.seed, years=args.years)
        if counts is None:
            print("The database already has an agency; demo data was not added.")
        else:
            print("Demo data added: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    return EXIT_OK


def run_selftest(args: argparse.Namespace) -> int:
    from panelapp.cli.window import run_selftest as selftest

    return selftest(args)
