"""`panelapp cases import|list` and `panelapp agenda` as a user runs them."""

from __future__ import annotations

import getpass
import json
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from db.models import AppUser
from panelapp.cli import main
from panelapp.domain.permissions import Permission
from panelapp.services.context import ServiceContext
from tests.services.cases.support import new_sitting
from tests.services.cases.test_register_import import register_rows, to_csv


def _url(ctx: ServiceContext) -> str:
    """The database URL, with the person running the tests signed in as an administrator."""
    with ctx.write(Permission.MANAGE_USERS) as s:
        me = s.scalar(select(AppUser).where(AppUser.username == getpass.getuser()))
        if me is None:
            s.add(AppUser(username=getpass.getuser(), role="administrator"))
        else:
            me.role, me.active = "administrator", True
    return ctx.engine.url.render_as_string(hide_password=False)


def test_cases_import_then_list(
    demo_ctx: ServiceContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "register.csv"
    rows = register_rows(demo_ctx, 12, "CLI", date(2021, 5, 4))
    good.write_text(to_csv(rows), encoding="utf-8")
    assert main(["--db", _url(demo_ctx), "cases", "import", str(good)]) == 0
    assert "Imported 12 hearings" in capsys.readouterr().out
    rows[3]["outcome"] = "maybe"
    bad = tmp_path / "bad.csv"
    bad.write_text(to_csv(rows), encoding="utf-8")
    assert main(["--db", _url(demo_ctx), "cases", "import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "Nothing was imported" in err and "row 5, outcome" in err
    assert main(["--db", _url(demo_ctx), "cases", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert sum(1 for r in listed if r["reference"].startswith("CLI-")) == len({r["reference"] for r in rows})
    assert main(["--db", _url(demo_ctx), "cases", "list"]) == 0
    assert "cases" in capsys.readouterr().out.splitlines()[-1]


def test_agenda_command_writes_word_and_pdf(
    demo_ctx: ServiceContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meeting_id = new_sitting(demo_ctx)
    pdf = tmp_path / "agenda.pdf"
    assert (
        main(["--db", _url(demo_ctx), "agenda", str(meeting_id), "--format", "pdf", "--out", str(pdf)]) == 0
    )
    assert "OFFICIAL-SENSITIVE" in PdfReader(str(pdf)).pages[0].extract_text()
    docx = tmp_path / "agenda.docx"
    assert main(["--db", _url(demo_ctx), "agenda", str(meeting_id), "--out", str(docx)]) == 0
    assert docx.exists()
    assert main(["--db", _url(demo_ctx), "agenda", "99999", "--out", str(tmp_path / "x.pdf")]) == 1
    assert "no longer exists" in capsys.readouterr().err
