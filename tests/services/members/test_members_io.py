"""Members files: export -> import round trip, and a bad file refused whole."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from db.models import Agency, AuditEntry, Member, Panel
from panelapp.cli import main
from panelapp.domain.permissions import Permission
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ValidationError
from panelapp.services.members import COLUMNS, export_members, import_members, preview_import
from tests.conftest import DEMO_UNTIL, new_sqlite_context

TODAY = DEMO_UNTIL


def _same_agency(tmp_path: Path, source: ServiceContext) -> ServiceContext:
    """A new, empty database holding the same agency and panels (no members)."""
    folder = tmp_path / "second"
    folder.mkdir()
    ctx = new_sqlite_context(folder)
    with source.read() as session:
        agency = session.get(Agency, source.agency_id)
        assert agency is not None
        name, short = agency.name, agency.short_name
        panels = list(session.scalars(select(Panel.name).where(Panel.agency_id == agency.id)))
    with ctx.write(Permission.EDIT_SETTINGS, "test agency") as session:
        copy = Agency(name=name, short_name=short)
        session.add(copy)
        session.flush()
        session.add_all(Panel(agency_id=copy.id, name=p) for p in panels)
    return ctx


def _member_count(ctx: ServiceContext) -> int:
    with ctx.read() as session:
        return int(session.scalar(select(func.count(Member.id))) or 0)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_round_trips_40_members_exactly(
    tmp_path: Path, demo_ctx: ServiceContext, fmt: str
) -> None:
    first = export_members(demo_ctx, fmt, tmp_path / f"first.{fmt}", TODAY)
    target = _same_agency(tmp_path, demo_ctx)
    assert import_members(target, first, TODAY) == 40
    second = export_members(target, fmt, tmp_path / f"second.{fmt}", TODAY)
    if fmt == "csv":
        assert first.read_bytes() == second.read_bytes()
        rows = list(csv.reader(first.open(encoding="utf-8-sig")))
    else:
        rows = [list(r) for r in load_workbook(first).active.iter_rows(values_only=True)]  # type: ignore[union-attr]
        assert rows == [list(r) for r in load_workbook(second).active.iter_rows(values_only=True)]  # type: ignore[union-attr]
    assert tuple(rows[0]) == COLUMNS and len(rows) == 41
    statuses = [r[9] for r in rows[1:]]
    assert statuses.count("on_leave") == 1 and statuses.count("left") == 1
    assert any(r[3] and ";" not in str(r[3]) for r in rows[1:])  # home panels came back
    assert any("Dr " in str(r[0]) for r in rows[1:])  # titles came back


BAD_FILE = (
    ",".join(COLUMNS)
    + """
Ann Good,ann.good@example.org,independent,Panel 1,,2024-01-01,2024-02-01,0012 3456 7890,01/03/2025,active,
Bob Wrong,bob@example.org,chair;wizard,Panel 1,,2024-01-01,,,,active,
Cat Date,cat@example.org,independent,Panel 2,,31/02/2024,,,,active,
,nobody@example.org,independent,,,,,,,active,
Dan Twin,ann.good@example.org,independent,,,,,,,active,
"""
)


def test_a_bad_file_is_refused_whole_with_every_error_listed(
    tmp_path: Path, demo_ctx: ServiceContext
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(BAD_FILE, encoding="utf-8")
    with demo_ctx.read() as session:
        audit_before = session.scalar(select(func.count(AuditEntry.id)))
    with pytest.raises(ValidationError) as raised:
        import_members(demo_ctx, path, TODAY)
    assert set(raised.value.field_errors) == {
        "row 3, roles",
        "row 4, joined_on",
        "row 5, name",
        "row 6, email",
    }
    message = str(raised.value)
    assert "'wizard'" in message and '"31/02/2024" is not a real date' in message
    assert "also on row 2" in message and "nothing was saved" in message
    assert _member_count(demo_ctx) == 40  # the good row was not added either
    with demo_ctx.read() as session:
        assert session.scalar(select(func.count(AuditEntry.id))) == audit_before


def test_preview_lists_members_and_refuses_emails_already_on_the_list(
    tmp_path: Path, demo_ctx: ServiceContext
) -> None:
    good = tmp_path / "good.csv"
    good.write_text(BAD_FILE.splitlines()[0] + "\n" + BAD_FILE.splitlines()[1] + "\n", encoding="utf-8")
    preview = preview_import(demo_ctx, good, TODAY)
    assert preview.ok and preview.members[0].dbs_date == date(2024, 2, 1)
    assert preview.members[0].dbs_reference == "001234567890"  # 12 digits, spaces dropped
    assert preview.members[0].appraisal_date == date(2025, 3, 1)  # dd/mm/yyyy accepted
    export_members(demo_ctx, "csv", tmp_path / "all.csv", TODAY)
    again = preview_import(demo_ctx, tmp_path / "all.csv", TODAY)
    assert len(again.errors) == 40 and "already belongs to" in again.errors[0].message


def test_missing_columns_are_named(tmp_path: Path, demo_ctx: ServiceContext) -> None:
    path = tmp_path / "short.csv"
    path.write_text("name,email,role\nA B,a@b.org,chair\n", encoding="utf-8")
    preview = preview_import(demo_ctx, path, TODAY)
    named = {e.column for e in preview.errors}
    assert {"roles", "panels", "role"} <= named and all(e.row == 1 for e in preview.errors)


def test_cli_list_export_and_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    assert main(["--db", url, "init-db", "--demo"]) == 0
    assert main(["--db", url, "members", "list", "--json"]) == 0
    out = capsys.readouterr().out
    assert out.count('"email"') == 40
    target = tmp_path / "list.xlsx"
    assert main(["--db", url, "members", "export", "--format", "xlsx", "--out", str(target)]) == 0
    assert target.exists()
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD_FILE, encoding="utf-8")
    capsys.readouterr()
    assert main(["--db", url, "members", "import", str(bad)]) == 1
    assert "Row 3, roles" in capsys.readouterr().err


def test_a_members_file_with_a_short_dbs_number_is_refused_whole(
    tmp_path: Path, demo_ctx: ServiceContext
) -> None:
    """Issue 16: a DBS certificate number is 12 digits; a 2-digit one names its row and cell."""
    path = tmp_path / "short_dbs.csv"
    path.write_text(
        ",".join(COLUMNS)
        + "\nDee Short,dee@example.org,independent,Panel 1,,2024-01-01,2024-02-01,12,,active,\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError, match="12 digits; this one has 2"):
        import_members(demo_ctx, path, TODAY)
    assert _member_count(demo_ctx) == 40
