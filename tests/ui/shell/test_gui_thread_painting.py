"""Painting stays on the window's own thread (issue 21: the members search on a busy laptop).

Qt splits a large fill over a pool of threads and waits for them all; with other programs
on the cores the window then waits for a pool thread to be scheduled. `make_application`
turns the pool off. Each case runs in a fresh interpreter (the pool is made once per
process) and counts the process's threads before and after one large semi-transparent fill.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

SCRIPT = """
import json, os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.pop("QT_NO_GUI_THREADPOOL", None)
if sys.argv[1] == "app":
    from ui.shell.app import make_application
    app = make_application(["panelapp"])
else:
    from PySide6.QtWidgets import QApplication
    app = QApplication(["bare"])
from PySide6.QtGui import QColor, QImage, QPainter

def threads():
    return len(os.listdir("/proc/self/task"))

before = threads()
image = QImage(1600, 1200, QImage.Format.Format_ARGB32_Premultiplied)
painter = QPainter(image)
painter.fillRect(0, 0, 1600, 1200, QColor(10, 20, 30, 128))
painter.end()
print(json.dumps({"before": before, "after": threads()}))
"""

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/task").is_dir(), reason="counts threads in /proc (Linux)"
)


def _threads_around_a_fill(how: str) -> dict[str, int]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PANELAPP_HOME": os.environ.get("PANELAPP_HOME", "")}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, how],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=True,
    )
    counts: dict[str, int] = json.loads(done.stdout.strip().splitlines()[-1])
    return counts


def test_the_app_fills_on_its_own_thread() -> None:
    bare = _threads_around_a_fill("bare")
    if bare["after"] == bare["before"]:
        pytest.skip("Qt did not spread the fill over threads here (one core?): nothing to compare")
    app = _threads_around_a_fill("app")
    assert app["after"] == app["before"], app
