"""The main window is usable before any report, chart, spreadsheet or export code is loaded.

Opened in a fresh Python process (this test process has imported everything already),
offscreen, on a database with the demo agency, then painted; the libraries behind the
Word, PDF, chart and spreadsheet exports must not have been imported by then.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import copy_database

HEAVY = ("matplotlib", "reportlab", "docx", "openpyxl")

OPEN_WINDOW = """
import json, sys
from ui.shell.app import make_application
from panelapp.services.context import open_database
from ui.shell.main_window import MainWindow

app = make_application()
ctx, _ = open_database(sys.argv[1])
window = MainWindow(ctx)
window.resize(1366, 768)
window.show()
for _ in range(3):
    app.processEvents()
window.grab()
print(json.dumps({"title": window.windowTitle(), "view": window.current_key(),
                  "loaded": sorted(m for m in sys.modules if m.split(".")[0] in sys.argv[2:])}))
"""


def test_the_painted_main_window_has_not_loaded_export_or_chart_libraries(
    tmp_path: Path, demo_database: Path
) -> None:
    ctx = copy_database(demo_database, tmp_path)
    url = str(ctx.engine.url)
    ctx.engine.dispose()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PANELAPP_HOME=str(tmp_path / "home"))
    env.pop("PANELAPP_DB", None)
    done = subprocess.run(
        [sys.executable, "-c", OPEN_WINDOW, url, *HEAVY],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    opened = json.loads(done.stdout.strip().splitlines()[-1])
    assert "Northdown" in opened["title"] and opened["view"] == "home"  # it really opened the agency
    assert opened["loaded"] == [], f"imported before the window was usable: {opened['loaded']}"
