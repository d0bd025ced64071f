"""`panelapp pack` as a user runs it (issue 22): one pack, one each with passwords, status."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from panelapp.cli import main
from panelapp.services import pack, papers
from panelapp.services.context import ServiceContext
from tests.services.cases.test_cases_cli import _url
from tests.services.papers.make_pdfs import sitting_with_papers, write_pdf


def test_pack_then_for_all_then_status(
    demo_ctx: ServiceContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meeting_id, ids = sitting_with_papers(demo_ctx, tmp_path)
    url = _url(demo_ctx)
    out = tmp_path / "pack.pdf"
    assert (
        main(
            ["--db", url, "pack", str(meeting_id), "--out", str(out), "--password-file", str(tmp_path / "pw")]
        )
        == 0
    )
    said = capsys.readouterr().out
    assert f"Pack written to {out}" in said and "readable by you only" in said
    assert PdfReader(out).decrypt((tmp_path / "pw").read_text().strip())
    assert main(["--db", url, "pack", str(meeting_id), "--out", str(tmp_path / "all"), "--for", "all"]) == 2
    assert "--password-file" in capsys.readouterr().err
    args = ["--db", url, "pack", str(meeting_id), "--out", str(tmp_path / "all"), "--for", "all",
            "--password-file", str(tmp_path / "list.txt")]  # fmt: skip
    assert main(args) == 0
    people = pack.recipients(demo_ctx, meeting_id)
    assert capsys.readouterr().out.count("Pack written to") == len(people)
    papers.add_paper_file(demo_ctx, ids["PK-APP"], "PAR", write_pdf(tmp_path, "par2.pdf", 2))
    assert main(["--db", url, "pack", str(meeting_id), "--status"]) == 1
    said = capsys.readouterr().out
    assert f"{people[0].name}: sent" in said and "OUT OF DATE: case PK-APP, PAR (now version 2)" in said


def test_a_blocked_pack_is_one_line_naming_the_page(
    demo_ctx: ServiceContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meeting_id, ids = sitting_with_papers(demo_ctx, tmp_path)
    papers.add_paper_file(
        demo_ctx, ids["PK-APP"], "PAR", write_pdf(tmp_path, "p.pdf", ["", "Maxwell Blackthorn"])
    )
    assert (
        main(["--db", _url(demo_ctx), "pack", str(meeting_id), "--out", str(tmp_path / "p.pdf.out.pdf")]) == 1
    )
    err = capsys.readouterr().err
    assert err.startswith("panelapp: The pack was not written") and 'page 2: "Maxwell Blackthorn"' in err
    assert not (tmp_path / "p.pdf.out.pdf").exists()
