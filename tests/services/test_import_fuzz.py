"""Fuzzing the ways bad input gets in: member files, register files and CLI arguments.

Whatever hypothesis generates, nothing crashes, nothing is half-imported, and every
rejection names its row. Through the command line, hostile files (noise, wrong encodings,
NULs, huge cells, deep nesting, folders) are refused in one line on stderr, leaving the
database and the folder exactly as they were.
"""

from __future__ import annotations

import codecs
import csv
import getpass
import hashlib
import io
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from db.models import AppUser, Case, Hearing, Meeting, Member
from panelapp.domain.permissions import Permission
from panelapp.services import cases, members
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ValidationError
from tests.conftest import DEMO_UNTIL, copy_database

FUZZ = settings(
    # CI runs a fixed set of examples (no flaky red builds); set PANELAPP_FUZZ_EXAMPLES=500
    # to explore new random inputs by hand.
    max_examples=int(os.environ.get("PANELAPP_FUZZ_EXAMPLES", "40")),
    derandomize="PANELAPP_FUZZ_EXAMPLES" not in os.environ,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

junk = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12)
dates = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
    st.sampled_from(["31/02/2024", "2024-13-01", "yesterday", "", "00/00/0000"]),
    junk,
)


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory, demo_database: Path) -> Iterator[ServiceContext]:
    context = copy_database(demo_database, tmp_path_factory.mktemp("fuzz"))
    yield context
    context.engine.dispose()


def _counts(ctx: ServiceContext) -> tuple[int, ...]:
    with ctx.read() as session:
        return tuple(
            session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Member, Case, Hearing, Meeting)
        )


def _csv(columns: tuple[str, ...], rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


member_rows = st.lists(
    st.fixed_dictionaries(
        {
            "name": st.one_of(st.sampled_from(["Ada Quill", "Dr Ben Ortolan", ""]), junk),
            "email": st.one_of(st.emails(), st.sampled_from(["", "not-an-email"]), junk),
            "roles": st.one_of(
                st.lists(st.sampled_from(["chair", "vice_chair", "social_worker", "independent", "wizard"]), max_size=3).map(";".join),
                junk,
            ),
            "panels": st.one_of(st.sampled_from(["Panel 1", "Panel 2;Panel 3", "Panel 9", ""]), junk),
            "qualified_on": dates,
            "joined_on": dates,
            "dbs_date": dates,
            "dbs_reference": junk,
            "appraisal_date": dates,
            "status": st.one_of(st.sampled_from(["active", "on_leave", "left", "retired", ""]), junk),
            "status_note": junk,
        }
    ),
    min_size=1,
    max_size=6,
)  # fmt: skip


@FUZZ
@given(rows=member_rows)
def test_member_files_import_whole_or_not_at_all(
    ctx: ServiceContext, tmp_path: Path, rows: list[dict[str, str]]
) -> None:
    path = tmp_path / "members.csv"
    path.write_text(_csv(members.COLUMNS, rows), encoding="utf-8")
    before = _counts(ctx)
    try:
        added = members.import_members(ctx, path, DEMO_UNTIL)
    except ValidationError as exc:
        assert _counts(ctx) == before  # nothing half-imported
        preview = members.preview_import(ctx, path, DEMO_UNTIL)
        assert preview.errors or not preview.members
        for error in preview.errors:
            assert 2 <= error.row <= len(rows) + 1, str(error)  # every rejection names a real row
            assert f"Row {error.row}" in str(exc) or len(preview.errors) > 10
    else:
        assert _counts(ctx)[0] == before[0] + added == before[0] + len(rows)


register_rows = st.lists(
    st.fixed_dictionaries(
        {
            "reference": st.one_of(st.sampled_from(["HIST-1", "HIST-2", ""]), junk),
            "case_type": st.one_of(st.sampled_from(["approval", "match", "consent_plan", "adoption"]), junk),
            "panel": st.sampled_from(["Panel 1", "Panel 2", "Panel 7", ""]),
            "panel_date": dates,
            "local_authority": st.sampled_from(["Kent", "Medway", "Bexley", "Atlantis", ""]),
            "locality": st.sampled_from(["North Kent", "West Kent", "Nowhere", ""]),
            "outcome": st.sampled_from(["recommended", "not_recommended", "deferred", "noted", "maybe", ""]),
            "vote_for": st.one_of(st.integers(-3, 12).map(str), junk),
            "vote_against": st.one_of(st.integers(-3, 12).map(str), st.just("")),
            "par_grade": st.sampled_from(["good", "outstanding", "excellent", ""]),
            "cpr_grade": st.sampled_from(["good", "inadequate", ""]),
            "apr_grade": st.sampled_from(["requires_improvement", "fine", ""]),
            "adm_par_grade": st.sampled_from(["good", ""]),
            "adm": st.sampled_from(["Morgan Hale", "Nobody Known", ""]),
            "adm_decision": st.sampled_from(["agreed", "not_agreed", "further_info", "pending", "yes", ""]),
            "adm_decision_date": dates,
            "final_minutes_sent": dates,
            "sw_notified": dates,
            "letter_sent": dates,
            "stage2_start": dates,
        }
    ),
    min_size=1,
    max_size=6,
)  # fmt: skip


@FUZZ
@given(rows=register_rows)
def test_register_files_import_whole_or_not_at_all(ctx: ServiceContext, rows: list[dict[str, str]]) -> None:
    before = _counts(ctx)
    try:
        result = cases.import_register(ctx, _csv(cases.COLUMNS, rows))
    except cases.RegisterImportError as exc:
        assert _counts(ctx) == before
        assert exc.problems
        for problem in exc.problems:
            assert 2 <= problem.row <= len(rows) + 1, str(problem)
    except ValidationError:
        assert _counts(ctx) == before  # e.g. refused as a whole (clashing references)
    else:
        assert result.rows == len(rows)
        assert _counts(ctx)[2] == before[2] + result.hearings


COMMANDS = [
    "members", "meetings", "agency", "cases", "agenda", "minutes", "deadlines", "report", "audit",
    "backup", "retention", "init-db", "list", "import", "export", "generate", "chairs", "ics",
]  # fmt: skip
TOKENS = st.one_of(
    st.sampled_from(COMMANDS),
    st.sampled_from(
        ["--json", "--from", "--to", "--format", "--out", "--as-of", "--panel", "--member", "--case",
         "--meeting", "--limit", "--csv", "--years"]
    ),
    st.sampled_from(
        ["2026-01-01", "31/02/2026", "docx", "pdf", "csv", "xlsx", "json", "x.out", "999999", "-1",
         "0001-01-01", "9999-12-31", "99999999999999999999", ".", "missing/x.pdf", "n" * 300]
    ),
    junk.filter(lambda t: not t.startswith("-h") and t not in ("--help", "--version")),
)  # fmt: skip


@FUZZ
@given(argv=st.lists(TOKENS, min_size=1, max_size=6))
def test_cli_arguments_never_crash(
    ctx: ServiceContext, tmp_path: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    from panelapp.cli import main

    if argv[0] not in COMMANDS[:12]:
        argv = ["deadlines", *argv]  # never the GUI (no command) or an interactive restore
    url = ctx.engine.url.render_as_string(hide_password=False)
    before = _counts(ctx)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        try:
            code = main(["--db", url, *argv])
        except SystemExit as stop:  # argparse refusing the arguments, with usage on stderr
            code = stop.code if isinstance(stop.code, int) else 2
    finally:
        os.chdir(cwd)
    assert isinstance(code, int)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if code != 0:
        assert len(err.splitlines()) == 1 and err.startswith("panelapp: "), err  # one line says why
    if argv[0] not in ("init-db", "retention", "meetings", "members", "cases", "agency"):
        assert _counts(ctx) == before


# -- hostile files through the command line: members import, cases import, agency load -------

BOMS = st.sampled_from([b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE])
ENCODINGS = st.sampled_from(["utf-8", "utf-16-le", "utf-16-be", "cp1252", "latin-1", "utf-32"])
NASTY_CELLS = st.sampled_from(
    ["\x00", "x" * 140_000, '"', '"unclosed', "\r", "\x81", "\x9d", "é", "=1+1", ";", "\t", "Ann " + "y" * 300,
     "9" * 30, "0001-01-01", "9999-12-31", "[[x]]", "{", "\ufeff", "\u2028"]
)  # fmt: skip
TOML_PIECES = st.sampled_from(
    ["[agency]\n", "name = 'Fuzz Agency'\n", "[[panels]]\n", "rule = 'monthly 1st Monday'\n", "[policy]\n",
     "quorum_min = 99999999999999999999\n", "closure_days = [1979-05-27]\n", "start = 07:32:00\n", "[", "]",
     "{", "}", "a = ", "= 1", "[[local_authorities]]\n", "adm = { name = '' }\n", "x = " + "[" * 2000 + "]" * 2000,
     "\x00", '"""', "'''", "\n"]
)  # fmt: skip


@st.composite
def hostile_file(draw: st.DrawFn, header: str) -> bytes:
    """Bytes a user might hand over by mistake: the right header in the wrong shape, or noise."""
    if draw(st.booleans()):
        return draw(BOMS) + draw(st.binary(max_size=200))
    rows = draw(st.lists(st.lists(st.one_of(junk, NASTY_CELLS), max_size=22), max_size=4))
    text = header + "\n" + "\n".join(",".join(row) for row in rows) + "\n"
    return draw(BOMS) + text.encode(draw(ENCODINGS), errors="replace")


@st.composite
def hostile_toml(draw: st.DrawFn) -> bytes:
    text = "".join(draw(st.lists(st.one_of(TOML_PIECES, junk), max_size=12)))
    return draw(BOMS) + text.encode(draw(ENCODINGS), errors="replace")


@pytest.fixture(scope="module")
def cli_url(tmp_path_factory: pytest.TempPathFactory, demo_database: Path) -> Iterator[str]:
    """A demo copy in which whoever runs the tests is an administrator (as the CLI signs in)."""
    context = copy_database(demo_database, tmp_path_factory.mktemp("fuzz-cli"))
    with context.write(Permission.MANAGE_USERS) as session:
        session.add(AppUser(username=getpass.getuser(), role="administrator"))
    yield context.engine.url.render_as_string(hide_password=False)
    context.engine.dispose()


def _fingerprint(url: str) -> str:
    with sqlite3.connect(url.split("///", 1)[1]) as con:
        return hashlib.sha256("\n".join(con.iterdump()).encode()).hexdigest()


def _run_on_file(
    url: str, folder: Path, name: str, content: bytes, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    from panelapp.cli import main

    target = folder / name
    if name.startswith("folder"):
        target.mkdir(exist_ok=True)
    else:
        target.write_bytes(content)
    before, files = _fingerprint(url), sorted(folder.iterdir())
    capsys.readouterr()
    try:
        code = main(["--db", url, *argv, str(target)])
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if code != 0:
        assert len(err.splitlines()) == 1 and err.startswith("panelapp: "), err
        assert _fingerprint(url) == before, "a refused file changed the database"
        assert sorted(folder.iterdir()) == files, "a refused file left something on disk"


@FUZZ
@given(
    content=hostile_file(",".join(members.COLUMNS)),
    name=st.sampled_from(["m.csv", "m.txt", "m.xlsx", "m.ods", "folder.csv"]),
)
@example(content=codecs.BOM_UTF16_LE + "name\temail".encode("utf-16-le"), name="m.txt")
@example(content=b"name,email\r\nAnn\x00,a@example.org\r\n", name="m.csv")
def test_hostile_member_files_are_refused_in_one_line(
    cli_url: str, tmp_path: Path, content: bytes, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _run_on_file(cli_url, tmp_path, name, content, ["members", "import"], capsys)


@FUZZ
@given(content=hostile_file(",".join(cases.COLUMNS)), name=st.sampled_from(["r.csv", "folder"]))
@example(content=("reference,vote_for\n" + "9" * 30).encode(), name="r.csv")
def test_hostile_register_files_are_refused_in_one_line(
    cli_url: str, tmp_path: Path, content: bytes, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _run_on_file(cli_url, tmp_path, name, content, ["cases", "import"], capsys)


@FUZZ
@given(content=hostile_toml(), name=st.sampled_from(["a.toml", "folder.toml"]))
@example(content=("a = " + "[" * 5000 + "]" * 5000).encode(), name="a.toml")
def test_hostile_agency_files_are_refused_in_one_line(
    cli_url: str, tmp_path: Path, content: bytes, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _run_on_file(cli_url, tmp_path, name, content, ["agency", "load"], capsys)
