"""`panelapp deadlines`: the ADM clock as JSON and as a table."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from panelapp.cli import main
from panelapp.domain.vocab import AdmDecision, CaseType, Outcome
from panelapp.services import adm
from tests.conftest import copy_database
from tests.services.adm.test_adm_tracker import add_heard_case

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
    assert any("overdue" in line and "Social worker told" in line for line in out[3:])
    assert all(line[2] == "/" for line in out[3:])


def test_a_bad_date_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], demo_url: str, tmp_path: Path
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--db", demo_url, "deadlines", "--as-of", "31/02/2026"])
    assert stopped.value.code == 2
    assert "--as-of" in capsys.readouterr().err


def test_deadlines_json_from_a_real_process_lists_the_new_kinds_and_history(
    tmp_path: Path, demo_database: Path
) -> None:
    """`panelapp deadlines --json`, run as a user would: a qualifying determination's window
    (kind "representations", AAR 2005 reg 30B(5)), the ADM's request then decision (with its
    history), and the case's own clocks."""
    ctx = copy_database(demo_database, tmp_path)
    refused = add_heard_case(ctx, CaseType.BRIEF_REPORT, Outcome.RECOMMENDED)
    adm.record_minutes_sent(ctx, refused, date(2026, 11, 18), None, today=date(2026, 11, 18))
    entry = adm.DecisionEntry(AdmDecision.AGREED, date(2026, 11, 19), letter_sent_on=date(2026, 11, 20))
    adm.record_decision(ctx, refused, entry, adm.tracker_case(ctx, refused).version, today=date(2026, 11, 20))
    asked = add_heard_case(ctx, CaseType.APPROVAL)
    adm.record_minutes_sent(ctx, asked, date(2026, 11, 18), None, today=date(2026, 11, 18))
    request = adm.DecisionEntry(
        AdmDecision.FURTHER_INFO, date(2026, 11, 19), information_wanted="updated medical"
    )
    adm.record_decision(ctx, asked, request, adm.tracker_case(ctx, asked).version, today=date(2026, 11, 20))
    ctx.engine.dispose()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PANELAPP_HOME": str(tmp_path)}
    url = f"sqlite:///{tmp_path / 'panelapp.sqlite3'}"
    done = subprocess.run(
        [sys.executable, "-m", "panelapp", "--db", url, "deadlines", "--json", "--as-of", "2026-11-20"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    brief = adm.tracker_case(ctx, refused).reference
    assert {
        "reference": brief,
        "case_type": "brief_report",
        "adm": "Morgan Hale",
        "kind": "representations",
        "due": "2027-01-19",
        "status": "due",
    } in rows
    (waiting,) = [r for r in rows if r["reference"] == adm.tracker_case(ctx, asked).reference]
    assert (
        waiting["kind"] == "adm_decision" and waiting["further_information"][0]["what"] == "updated medical"
    )
    assert waiting["history"] == "Further information requested 19/11/2026: updated medical; not provided yet"
    assert {"stage_two_decision", "approval_review"} <= {r["kind"] for r in rows}
