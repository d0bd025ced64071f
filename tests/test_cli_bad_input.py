"""No traceback ever reaches a user, from any input (issue 14).

Every case runs the real command line (`panelapp.cli.main`) and checks the same four things:
a non-zero exit, exactly one line on stderr starting "panelapp: " (no traceback), the
database exactly as it was, and no file left behind (not even a temporary one).
"""

from __future__ import annotations

import codecs
import csv
import errno
import getpass
import hashlib
import io
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import MetaData, create_engine, select
from sqlalchemy.exc import DataError

from db.models import AppUser
from panelapp.cli import main
from panelapp.domain.permissions import Permission
from panelapp.services import cases as register_import
from panelapp.services import members
from panelapp.services.members import transfer as members_io
from tests.conftest import copy_database

MEMBER_HEADER = ",".join(members_io.COLUMNS)
REGISTER_HEADER = ",".join(register_import.COLUMNS)


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory, demo_database: Path) -> Iterator[str]:
    """A copy of the demo agency, the person running the tests its administrator (as the CLI signs in)."""
    ctx = copy_database(demo_database, tmp_path_factory.mktemp("bad-input"))
    with ctx.write(Permission.MANAGE_USERS) as session:
        session.add(AppUser(username=getpass.getuser(), role="administrator"))
    url = ctx.engine.url.render_as_string(hide_password=False)
    ctx.engine.dispose()
    yield url


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder of its own to run in, so relative output paths land somewhere watched."""
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def database_dump(url: str) -> str:
    """Every row of every table (SQLite or PostgreSQL), as one fingerprint."""
    if url.startswith("sqlite"):
        with sqlite3.connect(url.split("///", 1)[1]) as con:
            return hashlib.sha256("\n".join(con.iterdump()).encode()).hexdigest()
    engine = create_engine(url)
    try:
        meta = MetaData()
        meta.reflect(engine)
        digest = hashlib.sha256()
        with engine.connect() as conn:
            for table in sorted(meta.tables.values(), key=lambda t: t.name):
                for row in sorted(repr(tuple(r)) for r in conn.execute(select(table))):
                    digest.update(f"{table.name}:{row}\n".encode())
        return digest.hexdigest()
    finally:
        engine.dispose()


def files_in(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def run(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as stop:  # argparse refusing an argument
        return stop.code if isinstance(stop.code, int) else 2


def refused(url: str, argv: list[str], capsys: pytest.CaptureFixture[str], watch: Path | None = None) -> str:
    """Run; assert the refusal is one line, non-zero, and nothing changed. Returns the line."""
    before = database_dump(url)
    files = files_in(watch) if watch else []
    capsys.readouterr()
    code = run(["--db", url, *argv])
    err = capsys.readouterr().err
    assert code != 0, err
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("panelapp: "), err
    assert database_dump(url) == before, "the database changed"
    if watch:
        assert files_in(watch) == files, "a file was left behind"
    return lines[0]


def member_row(name: str = "Ann Newperson", email: str = "ann.new@example.org") -> str:
    return f"{name},{email},independent,Panel 1,,2020-01-01,,,,active,"


def register_row(reference: str = "BAD-1", vote_for: str = "6") -> str:
    cells = dict.fromkeys(register_import.COLUMNS, "") | {
        "reference": reference,
        "case_type": "approval",
        "panel": "Panel 1",
        "panel_date": "2019-03-05",
        "outcome": "recommended",
        "vote_for": vote_for,
        "vote_against": "0",
    }
    out = io.StringIO()
    csv.writer(out).writerow(cells[c] for c in register_import.COLUMNS)
    return out.getvalue().strip()


# -- files that are not text in a known encoding ----------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(f"{MEMBER_HEADER}\r\n{member_row()}\r\n".encode("utf-16-le"), id="utf16-without-bom"),
        pytest.param(f"{MEMBER_HEADER}\r\n".encode() + b"Zo\x81 Bad,z@example.org,independent,,,,,,,,\r\n", id="cp1252-0x81"),
        pytest.param(f"{MEMBER_HEADER}\r\n".encode() + b"Zoe Bad,z@example.org,independent,,,,,,,,\x9d\r\n", id="cp1252-0x9d"),
    ],
)  # fmt: skip
def test_members_file_in_an_unknown_encoding_is_refused(
    demo_url: str, work: Path, raw: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    (work / "members.csv").write_bytes(raw)
    line = refused(demo_url, ["members", "import", "members.csv"], capsys, work)
    assert line == (
        "panelapp: cannot read members.csv: it is not text in a known encoding; "
        "save it from Excel as 'CSV UTF-8'."
    )


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(f"{REGISTER_HEADER}\r\n{register_row()}\r\n".encode("utf-16-le"), id="utf16-without-bom"),
        pytest.param(f"{REGISTER_HEADER}\r\n{register_row()}\r\n".encode() + b"\x81\r\n", id="cp1252-0x81"),
        pytest.param(f"{REGISTER_HEADER}\r\n{register_row()}\r\n".encode() + b"\x9d\r\n", id="cp1252-0x9d"),
    ],
)  # fmt: skip
def test_register_file_in_an_unknown_encoding_is_refused(
    demo_url: str, work: Path, raw: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    (work / "register.csv").write_bytes(raw)
    line = refused(demo_url, ["cases", "import", "register.csv"], capsys, work)
    assert "cannot read register.csv: it is not text in a known encoding" in line


def test_excel_unicode_text_and_windows_1252_files_import(
    demo_url: str, work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Excel's "Unicode text" (UTF-16 with BOM, tabs) and a clean Windows-1252 file are fine."""
    unicode_text = f"{MEMBER_HEADER}\r\n{member_row('Siân Ó Briain', 'sian.ob@example.org')}\r\n"
    (work / "unicode.txt").write_bytes(
        codecs.BOM_UTF16_LE + unicode_text.replace(",", "\t").encode("utf-16-le")
    )
    windows = f"{MEMBER_HEADER}\r\n{member_row('Zoë Brontë', 'zoe.bronte@example.org')}\r\n"
    (work / "windows.csv").write_bytes(windows.encode("cp1252"))
    register = f"{REGISTER_HEADER}\r\n{register_row('UTF16-1')}\r\n".replace(",", "\t")
    (work / "register.txt").write_bytes(codecs.BOM_UTF16_LE + register.encode("utf-16-le"))
    assert main(["--db", demo_url, "members", "import", "unicode.txt"]) == 0
    assert main(["--db", demo_url, "members", "import", "windows.csv"]) == 0
    assert main(["--db", demo_url, "cases", "import", "register.txt"]) == 0
    assert main(["--db", demo_url, "members", "list"]) == 0
    listed = capsys.readouterr().out
    assert "Siân Ó Briain" in listed and "Zoë Brontë" in listed
    assert main(["--db", demo_url, "cases", "list"]) == 0
    assert "UTF16-1" in capsys.readouterr().out


# -- files that are not what they should be ---------------------------------------------


@pytest.mark.parametrize("command", ["members", "cases"])
def test_a_cell_over_128_kib_is_refused(
    demo_url: str, work: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    header = MEMBER_HEADER if command == "members" else REGISTER_HEADER
    (work / "big.csv").write_text(f'{header}\n"Ann {"x" * 140_000}",a@example.org\n', encoding="utf-8")
    line = refused(demo_url, [command, "import", "big.csv"], capsys, work)
    assert (
        line
        == "panelapp: cannot read big.csv: a cell on line 2 is longer than 128 KiB; is it the right file?"
    )


@pytest.mark.parametrize(
    "content", [b"", b"PK\x03\x04 not really a workbook" * 20, b"name,email\nAnn,a@example.org\n"]
)
def test_an_empty_or_corrupt_workbook_is_refused(
    demo_url: str, work: Path, content: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    (work / "members.xlsx").write_bytes(content)
    line = refused(demo_url, ["members", "import", "members.xlsx"], capsys, work)
    assert "cannot read members.xlsx: it is not an Excel workbook, or it is damaged" in line


@pytest.mark.parametrize(
    "argv",
    [
        ["members", "import", "folder.csv"],
        ["members", "import", "--check", "folder.csv"],
        ["cases", "import", "folder.csv"],
        ["agency", "load", "folder.csv"],
        ["restore", "folder.csv", "--yes"],
    ],
)
def test_a_folder_where_a_file_is_expected_is_refused(
    demo_url: str, work: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    (work / "folder.csv").mkdir()
    line = refused(demo_url, argv, capsys, work)
    assert "folder.csv is a folder" in line


@pytest.mark.parametrize(
    "toml",
    [
        "a = " + "[" * 50_000 + "]" * 50_000,
        "a = " + "{ b = " * 5_000 + "1" + " }" * 5_000,
        "[agency]\nname = 'Deep'\nx = " + "[" * 3_000 + "]" * 3_000,
    ],
    ids=["lists", "inline-tables", "inside-a-table"],
)
def test_deeply_nested_toml_is_refused(
    demo_url: str, work: Path, toml: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (work / "agency.toml").write_text(toml, encoding="utf-8")
    line = refused(demo_url, ["agency", "load", "agency.toml"], capsys, work)
    assert line.startswith("panelapp: The agency file was not loaded and nothing was changed: Line ")


# -- dates off the calendar ----------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["meetings", "generate", "--from", "0001-01-01", "--to", "9999-12-31"],
        ["meetings", "generate", "--from", "2026-01-01", "--to", "2099-12-31"],
        ["retention", "--as-of", "9999-12-31"],
        ["retention", "--as-of", "0001-01-01", "--apply"],
        ["deadlines", "--as-of", "0001-01-01"],
        ["deadlines", "--as-of", "31/12/9999"],
        ["audit", "--from", "0001-01-01", "--to", "9999-12-31"],
        ["report", "chairs", "--from", "0001-01-01", "--to", "9999-12-31"],
    ],
)
def test_dates_in_year_1_or_9999_are_refused(
    demo_url: str, work: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    line = refused(demo_url, argv, capsys, work)
    assert "give a date between 01/01/1900 and 31/12/2100" in line or "at most three years" in line


@pytest.mark.parametrize(
    "argv",
    [
        ["agenda", "99999999999999999999", "--out", "a.docx"],
        ["minutes", "-5", "--out", "m.docx"],
        ["meetings", "ics", "--meeting", "99999999999999999999", "--out", "x.ics"],
        ["audit", "--limit", "99999999999999999999"],
        ["init-db", "--demo", "--years", "100000"],
    ],
)
def test_numbers_too_large_for_the_database_are_refused(
    demo_url: str, work: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    line = refused(demo_url, argv, capsys, work)
    assert "is not the number of a record" in line or "is not a number from 1 to" in line


# -- where the output goes ---------------------------------------------------------------

OUTPUTS = [
    ["members", "export", "--format", "csv", "--out"],
    ["members", "export", "--format", "pdf", "--out"],
    ["report", "chairs", "--from", "2026-04-01", "--to", "2026-09-30", "--format", "docx", "--out"],
    ["meetings", "ics", "--out"],
    ["audit", "--csv"],
    ["backup", "--out"],
]


@pytest.mark.parametrize("command", OUTPUTS, ids=lambda c: "-".join(c[:3]))
@pytest.mark.parametrize(
    ("target", "said"),
    [
        ("existing-folder", "existing-folder is a folder: give the name of a file to write in it."),
        ("missing-folder/out.file", "the folder missing-folder does not exist"),
        ("n" * 260 + ".pdf", "is too long (at most 250 letters): choose a shorter name."),
    ],
    ids=["a-folder", "a-missing-folder", "a-name-over-255-bytes"],
)
def test_output_that_cannot_be_written_is_refused_before_any_work(
    demo_url: str, work: Path, command: list[str], target: str, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (work / "existing-folder").mkdir()
    line = refused(demo_url, [*command, target], capsys, work)
    assert said in line


@pytest.mark.parametrize("command", [OUTPUTS[0], OUTPUTS[1], OUTPUTS[-1]], ids=["csv", "pdf", "backup"])
def test_output_into_a_read_only_folder_is_refused(
    demo_url: str,
    work: Path,
    command: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    locked = work / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    if os.geteuid() == 0:  # the superuser may write anywhere: show it the folder as anyone else sees it
        real_access = os.access
        monkeypatch.setattr(
            os, "access", lambda p, mode: Path(p).resolve() != locked and real_access(p, mode)
        )
    try:
        line = refused(demo_url, [*command, "locked/out.file"], capsys, work)
    finally:
        locked.chmod(0o755)
    assert line == "panelapp: you may not write in the folder locked: choose another folder."


def test_a_full_disk_or_a_refused_write_leaves_nothing_behind(
    demo_url: str, work: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from panelapp.services.admin import backups as backup

    def fills_the_disk(_source: Path, destination: Path) -> Path:
        destination.write_bytes(b"half a backup")
        raise OSError(errno.ENOSPC, "No space left on device", str(destination))

    monkeypatch.setattr(backup, "backup_sqlite", fills_the_disk)
    line = refused(demo_url, ["backup", "--out", "panel.bak"], capsys, work)
    assert line == "panelapp: the disk is full: panel.bak was not written. Free some space and try again."

    def not_allowed(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", "list.csv.part")

    monkeypatch.setattr(members_io, "write_csv", not_allowed)
    line = refused(demo_url, ["members", "export", "--format", "csv", "--out", "list.csv"], capsys, work)
    assert line.startswith("panelapp: not allowed to read or write list.csv:")


# -- the database address -------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("postgresql://nobody@127.0.0.1:1/x", "cannot open the PostgreSQL database x on 127.0.0.1:1 as nobody: "
         "the server did not answer (is it running, and is the address right?). Nothing was changed."),
        ("foo://", "PanelApp keeps its data in SQLite or PostgreSQL, not 'foo'"),
        ("mysql://a@b/c", "PanelApp keeps its data in SQLite or PostgreSQL, not 'mysql'"),
        ("::::", "the database address is not one PanelApp understands"),
        ("postgresql://a@[::1", "the database address is not one PanelApp understands"),
        ("sqlite:////no/such/folder/x.sqlite3", "the folder /no/such/folder does not exist"),
    ],
)  # fmt: skip
def test_an_unreachable_server_or_a_malformed_address_is_one_line(
    url: str, said: str, work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert run(["--db", url, "members", "list"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("panelapp: ") and said in err, err
    assert files_in(work) == []


def test_the_password_in_an_address_is_never_shown(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--db", "postgresql://alice:s3cret-pw@127.0.0.1:1/panel", "members", "list"]) == 1
    err = capsys.readouterr().err
    assert "s3cret-pw" not in err and "as alice" in err


def test_a_sqlite_address_naming_a_folder_is_refused(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (work / "data").mkdir()
    assert run(["--db", f"sqlite:///{work / 'data'}", "members", "list"]) == 1
    assert capsys.readouterr().err.strip().endswith("is a folder, not a database file: give the file's name.")


# -- personal data never quoted by the database (PostgreSQL) ----------------------------------


@pytest.mark.pg
def test_postgres_refuses_long_names_nul_and_huge_votes_without_quoting_them(
    pg_url: str, work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", pg_url, "init-db", "--demo"]) == 0
    secret = "Zebedee-Quartermaine"
    cases: list[tuple[str, str, str]] = [
        ("members", f"{MEMBER_HEADER}\n{member_row('Ann ' + secret * 10, 'ann.long@example.org')}\n", "longer than"),
        ("members", f"{MEMBER_HEADER}\n{member_row('Ann ' + secret, 'ann.nul@example.org')}\x00\n", "NUL"),
        ("members", f"{MEMBER_HEADER}\n{member_row('Ann ' + secret + 'x' * 90, 'ann.x@example.org')}\n", "longer"),
        ("cases", f"{REGISTER_HEADER}\n{register_row(secret * 4)}\n", "longer than 60"),
        ("cases", f"{REGISTER_HEADER}\n{register_row(secret, '9' * 30)}\n", "more votes than a panel has"),
        ("cases", f"{REGISTER_HEADER}\n{register_row(secret, '3000000000')}\n", "more votes than a panel has"),
    ]  # fmt: skip
    for command, content, said in cases:
        (work / "input.csv").write_text(content, encoding="utf-8")
        line = refused(pg_url, [command, "import", "input.csv"], capsys, work)
        assert said in line, line
        assert secret not in line and "example.org" not in line and "INSERT" not in line


def test_a_database_error_is_said_without_the_row_it_quotes(
    demo_url: str, work: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Whatever slips past the checks: the database's message (which quotes the row) is never shown."""

    def database_refuses(*_args: object, **_kwargs: object) -> int:
        raise DataError(
            "INSERT INTO member ...",
            {"last_name": "Quartermaine", "email": "q@example.org"},
            Exception("value too long"),
        )

    monkeypatch.setattr(members, "import_members", database_refuses)
    (work / "m.csv").write_text(f"{MEMBER_HEADER}\n{member_row()}\n", encoding="utf-8")
    line = refused(demo_url, ["members", "import", "m.csv"], capsys, work)
    assert line == (
        "panelapp: a value is too long, too large or holds characters the database cannot keep; "
        "nothing was saved."
    )


def test_an_unexpected_error_is_one_line_and_logged_without_personal_data(
    demo_url: str, work: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from panelapp.config import data_dir

    def broken(*_args: object, **_kwargs: object) -> int:
        raise RuntimeError("Quartermaine, Zebedee <zq@example.org> broke it")

    monkeypatch.setattr(members, "export_members", broken)
    line = refused(demo_url, ["members", "export", "--format", "csv", "--out", "x.csv"], capsys, work)
    assert line.startswith("panelapp: PanelApp could not finish this (an unexpected RuntimeError)")
    assert "Quartermaine" not in line
    for log in (data_dir() / "logs").glob("panelapp.log*"):
        assert "Quartermaine" not in log.read_text(encoding="utf-8")


def test_a_bad_argument_is_one_line(demo_url: str, work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = refused(demo_url, ["deadlines", "--as-of", "31/02/2026"], capsys, work)
    assert (
        line == 'panelapp: argument --as-of: "31/02/2026" is not a real date (see: panelapp deadlines --help)'
    )
    line = refused(demo_url, ["members", "export", "--format", "odt", "--out", "x"], capsys, work)
    assert "invalid choice: 'odt'" in line


# -- restore with nobody to answer ------------------------------------------------------------


def test_restore_without_a_terminal_asks_for_yes(
    demo_url: str, work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", demo_url, "backup", "--out", "panel.bak"]) == 0
    line = refused(demo_url, ["restore", "panel.bak"], capsys, work)  # pytest's stdin is no terminal
    assert line.startswith("panelapp: restore replaces everything in the database") and "add --yes" in line
    env = {**os.environ, "PANELAPP_HOME": str(work)}
    done = subprocess.run(
        [sys.executable, "-m", "panelapp", "--db", demo_url, "restore", "panel.bak"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        cwd=work,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1 and done.stderr.count("\n") == 1 and "add --yes" in done.stderr, done.stderr


def test_a_malformed_panelapp_today_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PANELAPP_TODAY", "31/02/2026")
    assert main(["deadlines", "--json"]) != 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "PANELAPP_TODAY must be a date" in err and "Traceback" not in err
