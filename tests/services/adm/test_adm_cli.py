"""`panelapp deadlines`: the ADM clock as JSON and as a table."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from panelapp.cli import main
from tests.conftest import copy_database

# After a recommendation (the ADM's chain), and each case's own clocks.
AFTER_PANEL = {"adm_decision", "sw_notification", "written_confirmation", "representations"}
CASE_CLOCKS = {"stage_two_decision", "par_comments", "approval_review"}
KINDS = AFTER_PANEL | CASE_CLOCKS | {"final_decision"}
OPTIONAL_KEYS = {"further_information", "history", "warning"}


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory, demo_database: Path) -> str:
    folder = tmp_path_factory.mktemp("adm-cli")
    copy_database(demo_database, folder).engine.dispose()
    return f"sqlite:///{folder / 'panelapp.sqlite3'}"


def run_json(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> list[dict[str, str]]:
    assert main(["--db", url, "deadlines", "--json", *args]) == 0
    loaded = json.loads(capsys.readouterr().out)
    assert isinstance(loaded, list)
    return loaded


def test_json_is_every_item_sorted_by_due_date(capsys: pytest.CaptureFixture[str], demo_url: str) -> None:
    items = run_json(capsys, demo_url, "--as-of", "2026-12-10")
    assert len(items) > 300
    for item in items:
        assert {"reference", "case_type", "adm", "kind", "due", "status"} <= set(item)
        assert set(item) - {"reference", "case_type", "adm", "kind", "due", "status"} <= OPTIONAL_KEYS
        assert item["kind"] in KINDS and item["status"] in {"overdue", "due", "done"}
        date.fromisoformat(item["due"])
    dues = [i["due"] for i in items]
    assert dues == sorted(dues)
    # The demo has no re-hearing yet, so no final decision is due.
    assert {i["kind"] for i in items} == AFTER_PANEL | CASE_CLOCKS
    overdue = [i for i in items if i["status"] == "overdue"]
    assert overdue and all(i["due"] < "2026-12-10" for i in overdue)
    # The approvals' ADM and the LAs' ADMs are named, by routing.
    assert {i["adm"] for i in items if i["case_type"] == "approval"} == {"Morgan Hale"}
    assert len({i["adm"] for i in items if i["case_type"] == "match"}) == 3


def test_the_as_of_date_decides_the_status(capsys: pytest.CaptureFixture[str], demo_url: str) -> None:
    before = run_json(capsys, demo_url, "--as-of", "20/11/2026")
    later = run_json(capsys, demo_url, "--as-of", "2027-02-01")
    # Nothing after panel is overdue on the demo's day (some stage-two clocks of cases booked
    # for later sittings already are: the ADM cannot decide within four months of stage two).
    assert not [i for i in before if i["status"] == "overdue" and i["kind"] in AFTER_PANEL]
    assert [i for i in later if i["status"] == "overdue"]
    assert len(before) == len(later)


def test_the_table_reads_in_uk_dates(capsys: pytest.CaptureFixture[str], demo_url: str) -> None:
    assert main(["--db", demo_url, "deadlines", "--as-of", "2026-12-10"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("ADM deadlines as of 10/12/2026:") and "overdue" in out[0]
    assert out[1].split() == ["Due", "Status", "Reference", "Case", "type", "Deadline", "ADM"]
    assert any("overdue" in line and "ADM decision" in line for line in out[3:])
    assert all(line[2] == "/" for line in out[3:])


def test_a_bad_date_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], demo_url: str, tmp_path: Path
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--db", demo_url, "deadlines", "--as-of", "31/02/2026"])
    assert stopped.value.code == 2
    assert "--as-of" in capsys.readouterr().err
