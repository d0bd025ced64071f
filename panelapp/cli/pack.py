"""`panelapp pack MEETING_ID --out FILE.pdf [--for EMAIL|all] [--password-file FILE]`:
a sitting's panel pack, checked for withheld names, personalised and encrypted; `--status`
says who holds it, `--confirm-destroyed EMAIL [--on DATE]` records a copy destroyed."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from panelapp.cli.common import EXIT_ERROR, EXIT_OK, cli_date, cli_id, fail, handles_errors, open_context


def register(subparsers: Any) -> None:
    pack = subparsers.add_parser(
        "pack",
        help="write a sitting's panel pack (cover, agenda, every case's papers) to PDF",
        description="Write the panel pack: cover, agenda and each case's papers in one PDF with "
        "bookmarks, the marking and pack page numbers on every page. Refused while a paper names "
        "someone withheld (an administrator may give --override-reason).",
    )
    pack.add_argument("meeting_id", type=cli_id, metavar="MEETING_ID")
    pack.add_argument("--out", type=Path, metavar="FILE.pdf", help="the pack (with --for all: a folder)")
    pack.add_argument("--for", dest="for_", default="", metavar="EMAIL|all",
                      help="personalise for a member sitting or the adviser; all: one pack each")  # fmt: skip
    pack.add_argument("--password-file", type=Path, metavar="FILE",
                      help="encrypt (AES-256) with a new password written to FILE, readable by you only; "
                      "with --for all, the list of everyone's passwords")  # fmt: skip
    pack.add_argument(
        "--addendum",
        action="store_true",
        help="only the papers changed since the pack went out; with --for all, one for each holder "
        "of an out-of-date pack",
    )
    pack.add_argument(
        "--override-reason",
        default="",
        metavar="TEXT",
        help="administrators: let the pack out although a paper names someone withheld",
    )
    pack.add_argument(
        "--status",
        action="store_true",
        help="say who holds the pack, who holds an out-of-date one, who has not destroyed it",
    )
    pack.add_argument(
        "--confirm-destroyed",
        default="",
        metavar="EMAIL",
        help="after the sitting: record that this holder confirmed destroying their copy",
    )
    pack.add_argument(
        "--on", type=cli_date, metavar="DATE", help="with --confirm-destroyed: the day they confirmed it"
    )
    pack.set_defaults(handler=write_pack)


@handles_errors
def write_pack(args: argparse.Namespace) -> int:
    from panelapp.services import pack

    if args.on is not None and not args.confirm_destroyed:
        return fail("--on DATE goes with --confirm-destroyed EMAIL", 2)
    if args.confirm_destroyed:
        return _confirm_destroyed(args)
    if args.status:
        return _status(args)
    if args.out is None:
        return fail("say where to write the pack with --out FILE.pdf (see: panelapp pack --help)", 2)
    ctx = open_context(args)
    who = args.for_.strip()
    if who.lower() == "all":
        if args.password_file is None:
            return fail(
                "--for all writes encrypted packs: name the list of passwords with --password-file FILE", 2
            )
        write_all = pack.write_addenda if args.addendum else pack.write_packs
        result = write_all(ctx, args.meeting_id, args.out, args.password_file, args.override_reason)
    else:
        write = pack.write_addendum if args.addendum else pack.write_pack
        result = write(ctx, args.meeting_id, args.out, who, args.password_file, args.override_reason)
    print(result.summary)
    return EXIT_OK


def _confirm_destroyed(args: argparse.Namespace) -> int:
    from panelapp.domain.periods import uk_date
    from panelapp.services import pack

    ctx = open_context(args)
    holder = pack.holder_by_email(ctx, args.meeting_id, args.confirm_destroyed)
    done = pack.confirm_destroyed(ctx, args.meeting_id, holder.key, args.on)
    day = uk_date(done.destroyed_confirmed_on or ctx.today())
    print(f"Recorded: {done.recipient} confirmed destroying their copy on {day}.")
    left = pack.destruction_reminders(ctx, args.meeting_id)
    print(
        "Not yet confirmed destroying their copy: " + ", ".join(h.recipient for h in left)
        if left
        else "Everyone sent the pack has confirmed destroying their copy."
    )
    return EXIT_OK


def _status(args: argparse.Namespace) -> int:
    from panelapp.domain.periods import uk_date
    from panelapp.services import pack

    ctx = open_context(args)
    holders = pack.pack_status(ctx, args.meeting_id)
    if not holders:
        print("No pack has been circulated for this sitting.")
        return EXIT_OK
    for holder in holders:
        state = "up to date" if holder.up_to_date else "OUT OF DATE: " + "; ".join(holder.out_of_date)
        destroyed = (
            f", destroyed {uk_date(holder.destroyed_confirmed_on)}" if holder.destroyed_confirmed_on else ""
        )
        print(f"{holder.recipient}: sent {holder.last_sent:%d/%m/%Y %H:%M} UTC, {state}{destroyed}")
    reminders = pack.destruction_reminders(ctx, args.meeting_id)
    if reminders:
        print("Not yet confirmed destroying their copy: " + ", ".join(h.recipient for h in reminders))
    return EXIT_ERROR if any(not h.up_to_date for h in holders) else EXIT_OK
