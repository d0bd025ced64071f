"""`panelapp pack` as a user runs it (issue 22): one pack, one each with passwords, status."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from panelapp import clock
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


def test_confirm_destroyed_records_the_day_and_shrinks_the_reminders(
    demo_ctx: ServiceContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The agency's retention rule (AAR 2005 reg 41): after the sitting each holder destroys
    their copy; `--confirm-destroyed EMAIL [--on DATE]` records it, audited."""
    meeting_id, _ids = sitting_with_papers(demo_ctx, tmp_path)
    url = _url(demo_ctx)
    pack.write_packs(demo_ctx, meeting_id, tmp_path / "packs", tmp_path / "pw.txt")
    first, second = pack.recipients(demo_ctx, meeting_id)[:2]
    base = ["--db", url, "pack", str(meeting_id)]
    assert main([*base, "--confirm-destroyed", first.email]) == 1  # today is before the sitting
    assert "a pack is destroyed after it" in capsys.readouterr().err
    clock.set_today(date(2026, 12, 21))
    assert main([*base, "--on", "18/12/2026"]) == 2
    assert "--on DATE goes with --confirm-destroyed" in capsys.readouterr().err
    assert main([*base, "--confirm-destroyed", first.email, "--on", "18/12/2026"]) == 0
    said = capsys.readouterr().out
    assert f"Recorded: {first.name} confirmed destroying their copy on 18/12/2026." in said
    assert "Not yet confirmed destroying their copy: " in said and first.name not in said.splitlines()[1]
    assert main([*base, "--confirm-destroyed", "stranger@example.org"]) == 1
    assert "stranger@example.org has not been sent this sitting's pack" in capsys.readouterr().err
    assert main([*base, "--status"]) == 0
    said = capsys.readouterr().out
    assert f"{first.name}: sent" in said and "destroyed 18/12/2026" in said
    assert second.name in said.splitlines()[-1] and first.name not in said.splitlines()[-1]


def test_an_addendum_for_all_holders_of_out_of_date_packs(
    demo_ctx: ServiceContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meeting_id, ids = sitting_with_papers(demo_ctx, tmp_path)
    url = _url(demo_ctx)
    pack.write_packs(demo_ctx, meeting_id, tmp_path / "packs", tmp_path / "pw.txt")
    people = pack.recipients(demo_ctx, meeting_id)
    papers.add_paper_file(demo_ctx, ids["PK-APP"], "PAR", write_pdf(tmp_path, "par2.pdf", 2))
    args = [
        "--db",
        url,
        "pack",
        str(meeting_id),
        "--out",
        str(tmp_path / "add"),
        "--for",
        "all",
        "--addendum",
    ]
    assert main(args) == 2 and "--password-file" in capsys.readouterr().err
    assert main([*args, "--password-file", str(tmp_path / "list.txt")]) == 0
    assert capsys.readouterr().out.count("Pack written to") == len(people)
    listed = (tmp_path / "list.txt").read_text().splitlines()[2:]
    assert len(listed) == len(list((tmp_path / "add").iterdir())) == len(people)
    name, _email, filename, password = listed[0].split("\t")
    reader = PdfReader(tmp_path / "add" / filename)
    assert reader.decrypt(password) and f"Prepared for {name}" in reader.pages[0].extract_text()
    assert len(reader.pages) == 1 + 2  # the cover, then only the changed PAR
    assert main(["--db", url, "pack", str(meeting_id), "--status"]) == 0
