"""`panelapp papers add REFERENCE FILE --type TYPE` as a user runs it (issue 22)."""

from __future__ import annotations

from pathlib import Path

import pytest

from panelapp.cli import main
from panelapp.services import cases
from panelapp.services.context import ServiceContext
from tests.services.cases.support import TODAY, new_case, new_sitting
from tests.services.cases.test_cases_cli import _url
from tests.services.papers.make_pdfs import write_pdf


def test_papers_add_keeps_the_file_and_says_what_it_did(
    demo_ctx: ServiceContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = new_case(demo_ctx, "CLI-P1")
    cases.book_case(demo_ctx, case.id, new_sitting(demo_ctx), today=TODAY)
    path = write_pdf(tmp_path, "par.pdf", ["text", ""], scanned=[2])
    assert main(["--db", _url(demo_ctx), "papers", "add", "CLI-P1", str(path), "--type", "PAR"]) == 0
    out = capsys.readouterr().out
    assert "PAR for case CLI-P1: version 1 kept (par.pdf, 2 pages" in out
    assert "Marked received on 20/11/2026." in out
    assert "Pages without text (the names check cannot read them): 2." in out


def test_papers_add_refuses_in_one_line(
    demo_ctx: ServiceContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new_case(demo_ctx, "CLI-P2")
    (tmp_path / "notes.pdf").write_bytes(b"not a pdf")
    url = _url(demo_ctx)
    assert main(["--db", url, "papers", "add", "CLI-P2", str(tmp_path / "notes.pdf"), "--type", "PAR"]) == 1
    assert "panelapp: notes.pdf is not a valid PDF" in capsys.readouterr().err
    assert main(["--db", url, "papers", "add", "NOPE", str(tmp_path / "notes.pdf"), "--type", "PAR"]) == 1
    assert 'No case has the reference "NOPE"' in capsys.readouterr().err
    assert cases.list_papers(demo_ctx, new_case(demo_ctx, "CLI-P3").id)[0].received_on is None
