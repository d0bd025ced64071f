"""`panelapp users`: who may use PanelApp and in which role."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from panelapp.cli.common import EXIT_OK, fail, handles_errors, open_context
from panelapp.domain.vocab import UserRole
from panelapp.services.admin import deactivate_user, list_users, save_user


def register(subparsers: Any) -> None:
    users = subparsers.add_parser("users", help="people who use PanelApp and their roles")
    actions = users.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="list the users")
    listing.set_defaults(handler=run_list)
    add = actions.add_parser("add", help="add a user or change their role")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=[r.value for r in UserRole])
    add.add_argument("--name", default="", help="display name")
    add.add_argument(
        "--ask-password",
        action="store_true",
        help="PostgreSQL: ask for the new login's password (typed, never an argument)",
    )
    add.set_defaults(handler=run_add)
    remove = actions.add_parser("deactivate", help="stop a user signing in")
    remove.add_argument("username")
    remove.set_defaults(handler=run_deactivate)


@handles_errors
def run_list(args: argparse.Namespace) -> int:
    for user in list_users(open_context(args)):
        state = "" if user.active else "  (deactivated)"
        print(f"{user.username:<24} {user.role:<14} {user.display_name}{state}")
    return EXIT_OK


@handles_errors
def run_add(args: argparse.Namespace) -> int:
    if args.ask_password and not sys.stdin.isatty():
        return fail("--ask-password asks at the keyboard, and there is none here: run it in a terminal.")
    password = getpass.getpass("Password for the new login: ") if args.ask_password else None
    user = save_user(open_context(args), args.username, args.role, args.name, password)
    print(f"{user.username} is now {user.role}.")
    return EXIT_OK


@handles_errors
def run_deactivate(args: argparse.Namespace) -> int:
    deactivate_user(open_context(args), args.username)
    print(f"{args.username} can no longer sign in.")
    return EXIT_OK
