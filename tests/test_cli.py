"""The `panelapp` command line: version, init-db, selftest (as IT runs it)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from panelapp import __version__
from panelapp.cli import main


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"PanelApp {__version__}"


def test_init_db_with_demo_then_again_adds_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    assert main(["--db", url, "init-db", "--demo"]) == 0
    assert "Demo data added: 1 agencies, 40 members" in capsys.readouterr().out
    assert main(["--db", url, "init-db", "--demo"]) == 0
    assert "already has an agency" in capsys.readouterr().out


def test_init_db_refuses_a_foreign_file_with_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    foreign = tmp_path / "notes.txt"
    foreign.write_text("hello")
    assert main(["--db", f"sqlite:///{foreign}", "init-db"]) == 1
    assert "not a PanelApp database" in capsys.readouterr().err


def test_selftest_exits_zero_on_sqlite_and_prints_timings(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PANELAPP_HOME": str(tmp_path)}
    url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    subprocess.run([sys.executable, "-m", "panelapp", "--db", url, "init-db", "--demo"], env=env, check=True)
    done = subprocess.run(
        [sys.executable, "-m", "panelapp", "--db", url, "selftest"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["ok"] is True and result["startup_ms"] > 0
    assert result["warm_up_ms"] is not None and result["gc_frozen"] > 10_000  # warmed, then frozen
    assert set(result["views_ms"]) >= {
        "members",
        "calendar",
        "cases",
        "panel_day",
        "adm",
        "reports",
        "settings",
    }
    assert set(result["views_reload_ms"]) == set(result["views_ms"])  # each area read again, timed


def test_selftest_fails_with_the_reason_on_a_broken_database(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_text("garbage")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PANELAPP_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "panelapp", "--db", f"sqlite:///{bad}", "selftest"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0 and "not a PanelApp database" in done.stdout


def test_selftest_fails_when_a_view_raises(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: object
) -> None:
    from ui.home.view import HomeView
    from ui.shell.selftest import selftest

    def broken(_self: object) -> None:
        raise RuntimeError("view is broken")

    monkeypatch.setattr(HomeView, "refresh", broken)
    result = selftest(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    assert result["ok"] is False and "view is broken" in " ".join(result["errors"])
