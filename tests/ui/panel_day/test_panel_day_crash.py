"""A process typing minutes is killed (SIGKILL); a new process finds the text up to the last autosave."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from db.engine import make_engine
from panelapp.services import panel_day
from panelapp.services.context import ServiceContext
from tests.conftest import ADMIN, DEMO_UNTIL
from tests.services.panel_day.support import walkthrough_sitting
from tests.ui.panel_day.fakes import RecordingMessenger
from ui.panel_day.view import PanelDayView
from ui.shell import messages

HELPER = Path(__file__).with_name("typing_helper.py")
FIRST = "The panel discussed the applicants' support network at length."
SECOND = " Typed after the last autosave."


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX only")
def test_killed_while_typing_loses_only_the_text_after_the_last_autosave(
    demo_ctx: ServiceContext, tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = walkthrough_sitting(demo_ctx)
    doc = panel_day.open_minutes(demo_ctx, sheet.meeting_id)
    section = doc.sections[1]
    db_url = f"sqlite:///{tmp_path / 'panelapp.sqlite3'}"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.Popen(
        [sys.executable, str(HELPER), db_url, str(sheet.meeting_id), FIRST, SECOND],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "AUTOSAVED"
        assert process.stdout.readline().strip() == "TYPED MORE"
        os.kill(process.pid, signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()

    # A new process's context: the explicit save never happened, the autosave did.
    fresh = ServiceContext(make_engine(db_url), ADMIN)
    saved = panel_day.load_minutes(fresh, sheet.meeting_id)
    assert saved is not None and FIRST not in saved.section(section.id).body
    found = panel_day.recover_autosave(fresh, sheet.meeting_id)
    assert found is not None
    recovered = found.bodies[section.id]
    assert recovered.startswith(section.body) and FIRST in recovered
    assert recovered.endswith(FIRST) or recovered.endswith(FIRST + SECOND)

    # Opening the view again offers the text back; accepting puts it in the editor.
    fake = RecordingMessenger(confirm=True)
    monkeypatch.setattr(messages, "messenger", fake)
    view = PanelDayView(fresh, today=DEMO_UNTIL)
    qtbot.addWidget(view)
    view.refresh()
    view.select_sitting(sheet.meeting_id)
    assert fake.questions and "Recover it?" in fake.questions[-1]
    editor = view.show_minutes()
    editor.sections.setCurrentRow(1)
    assert FIRST in editor.editor.toPlainText() and editor.dirty
