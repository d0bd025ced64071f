"""Fuzzing the ways bad input gets in: member files, register files and CLI arguments.

Whatever hypothesis generates, nothing crashes, nothing is half-imported, and every
rejection names its row.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from db.models import Case, Hearing, Meeting, Member
from panelapp.services import members_io, register_import
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
    path.write_text(_csv(members_io.COLUMNS, rows), encoding="utf-8")
    before = _counts(ctx)
    try:
        added = members_io.import_members(ctx, path, DEMO_UNTIL)
    except ValidationError as exc:
        assert _counts(ctx) == before  # nothing half-imported
        preview = members_io.preview_import(ctx, path, DEMO_UNTIL)
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
        result = register_import.import_register(ctx, _csv(register_import.COLUMNS, rows))
    except register_import.RegisterImportError as exc:
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
        ["--json", "--from", "--to", "--format", "--out", "--as-of", "--panel", "--member", "--case"]
    ),
    st.sampled_from(
        ["2026-01-01", "31/02/2026", "docx", "pdf", "csv", "xlsx", "json", "x.out", "999999", "-1"]
    ),
    junk.filter(lambda t: not t.startswith("-h") and t not in ("--help", "--version")),
)


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
        assert err.strip(), "a refusal says why"
    if argv[0] not in ("init-db", "retention", "meetings", "members", "cases", "agency"):
        assert _counts(ctx) == before
