"""Members files and formula injection (issue 18, failure 11).

Members named `=HYPERLINK(...)` or `=cmd|' /C calc'!A0` went out unchanged in CSV and as
live formulas in XLSX, and the app could not import its own XLSX afterwards. OWASP "CSV
Injection": a cell starting with =, +, -, @, tab or carriage return gets a leading quote;
XLSX cells are values, never formulas. UK GDPR Art. 32 (security of processing).
"""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from db.models import Member
from panelapp.services.context import ServiceContext
from panelapp.services.members import MemberInput, export_members, import_members, save_member
from tests.conftest import DEMO_UNTIL
from tests.services.members.test_members_io import _same_agency

HOSTILE = {
    '=HYPERLINK("http://x","y") Hostile': ('=HYPERLINK("http://x","y")', "Hostile"),
    "=cmd|' /C calc'!A0": ("=cmd|' /C", "calc'!A0"),
    "-2+3 Minus": ("-2+3", "Minus"),
    "@SUM(1+1) Atsign": ("@SUM(1+1)", "Atsign"),
    "'=Quoted Already": ("'=Quoted", "Already"),  # a quote of its own comes back too
}


def _hostile_members(ctx: ServiceContext) -> None:
    for first, last in HOSTILE.values():
        save_member(ctx, None, MemberInput(first_name=first, last_name=last, roles=("independent",)))


def _names(ctx: ServiceContext) -> set[str]:
    with ctx.read() as session:
        return {f"{f} {last}" for f, last in session.execute(select(Member.first_name, Member.last_name))}


def test_csv_cells_that_would_be_formulas_start_with_a_quote(
    tmp_path: Path, demo_ctx: ServiceContext
) -> None:
    """OWASP CSV Injection: =, +, -, @ (and tab, CR) at the start of a cell get a quote."""
    _hostile_members(demo_ctx)
    out = export_members(demo_ctx, "csv", tmp_path / "list.csv", DEMO_UNTIL)
    names = {row[0] for row in csv.reader(out.open(encoding="utf-8-sig"))}
    for name in HOSTILE:
        assert "'" + name in names and name not in names
    assert "Ann Good" not in names and not any(n.startswith("''A") for n in names)


def test_xlsx_cells_are_text_never_formulas(tmp_path: Path, demo_ctx: ServiceContext) -> None:
    _hostile_members(demo_ctx)
    out = export_members(demo_ctx, "xlsx", tmp_path / "list.xlsx", DEMO_UNTIL)
    sheet = load_workbook(out).active
    assert sheet is not None
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    names = {c.value: c for c in sheet["A"]}
    for name in HOSTILE:
        assert names["'" + name].data_type == "s" and names["'" + name].number_format == "@"
    dbs = [c for c in sheet["H"][1:] if c.value]
    assert dbs and all(isinstance(c.value, str) and c.number_format == "@" for c in dbs)  # DBS: text


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_app_imports_its_own_export_back_with_the_names_unchanged(
    tmp_path: Path, demo_ctx: ServiceContext, fmt: str
) -> None:
    _hostile_members(demo_ctx)
    out = export_members(demo_ctx, fmt, tmp_path / f"list.{fmt}", DEMO_UNTIL)
    target = _same_agency(tmp_path, demo_ctx)
    assert import_members(target, out, DEMO_UNTIL) == 40 + len(HOSTILE)
    assert _names(target) == _names(demo_ctx) and set(HOSTILE) <= _names(target)
    again = export_members(target, fmt, tmp_path / f"again.{fmt}", DEMO_UNTIL)
    if fmt == "csv":
        assert again.read_bytes() == out.read_bytes()


def _soffice(source: Path, to: str, folder: Path, infilter: str = "") -> Path:
    command = ["soffice", f"-env:UserInstallation=file://{folder / 'profile'}", "--headless"]
    command += [f"--infilter={infilter}"] if infilter else []
    command += ["--convert-to", to, "--outdir", str(folder / "out"), str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    return folder / "out" / f"{source.stem}.{to.split(':')[0]}"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_shows_the_names_as_text(tmp_path: Path, demo_ctx: ServiceContext) -> None:
    """LibreOffice Calc evaluates a bare =HYPERLINK("http://x","y") in CSV and XLSX (to "y");
    the exported cells stay text in both."""
    _hostile_members(demo_ctx)
    xlsx = export_members(demo_ctx, "xlsx", tmp_path / "list.xlsx", DEMO_UNTIL)
    shown = _soffice(xlsx, "csv", tmp_path).read_text(encoding="utf-8", errors="replace")
    csv_names = {row[0] for row in csv.reader(shown.splitlines())}
    assert all("'" + name in csv_names for name in HOSTILE) and "y" not in csv_names
    exported = export_members(demo_ctx, "csv", tmp_path / "list.csv", DEMO_UNTIL)
    opened = _soffice(exported, "xlsx", tmp_path, infilter="CSV:44,34,76,1")
    sheet = load_workbook(opened).active
    assert sheet is not None
    cells = {c.value: c.data_type for c in sheet["A"]}
    assert all(cells["'" + name] == "s" for name in HOSTILE)
    assert "f" not in {c.data_type for row in sheet.iter_rows() for c in row}
