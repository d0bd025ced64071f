"""`panelapp papers add REFERENCE FILE --type TYPE`: keep a paper's file with its case."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from panelapp.cli.common import EXIT_OK, handles_errors, open_context


def register(subparsers: Any) -> None:
    papers = subparsers.add_parser(
        "papers",
        help="keep papers' files (PAR, CPR, APR...) with their case",
        description="Keep a paper's file with its case: PDF of at most 50 MB (a Word file is "
        "converted when LibreOffice is installed). A new file for the same paper is a new version.",
    )
    actions = papers.add_subparsers(dest="papers_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add a paper's file to a case (marks the paper received)")
    add.add_argument("reference", metavar="REFERENCE", help="the case's reference")
    add.add_argument("file", type=Path, metavar="FILE", help="the paper as PDF (or Word)")
    add.add_argument(
        "--type", dest="paper_type", required=True, metavar="TYPE",
        help="the checklist's paper code (PAR, CPR, APR, health...) or other",
    )  # fmt: skip
    add.set_defaults(handler=add_paper)


@handles_errors
def add_paper(args: argparse.Namespace) -> int:
    from panelapp.domain.agenda import PaperState
    from panelapp.domain.periods import uk_date
    from panelapp.services.papers import add_paper_file_by_reference

    added = add_paper_file_by_reference(open_context(args), args.reference, args.paper_type, args.file)
    file, paper = added.file, added.paper
    print(
        f"{file.label} for case {args.reference.strip()}: version {file.version} kept "
        f"({file.filename}, {file.pages} page{'s' if file.pages != 1 else ''}, {file.size_text})."
    )
    if added.first_version and paper.received_on is not None:
        late = (
            " (late: it was due " + uk_date(paper.due_on) + ")"
            if paper.state is PaperState.LATE and paper.due_on
            else ""
        )
        print(f"Marked received on {uk_date(paper.received_on)}{late}.")
    if file.pages_without_text:
        pages = ", ".join(str(p) for p in file.pages_without_text)
        print(f"Pages without text (the names check cannot read them): {pages}.")
    return EXIT_OK
