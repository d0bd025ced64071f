"""The main window is usable before any report, chart, spreadsheet or export code is loaded,
and its frame paints before the database libraries are (issue 21: paint first, load after).

Opened in a fresh Python process (this test process has imported everything already),
offscreen, on a database with the demo agency, then painted; the libraries behind the
Word, PDF, chart, spreadsheet and calendar-file exports must not have been imported by then.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import copy_database

# Only an export needs these: Word, PDF, charts, spreadsheets, calendar files and cards, reading PDFs.
HEAVY = ("matplotlib", "reportlab", "docx", "openpyxl", "icalendar", "vobject", "pypdf")
# The database side: none of it is needed to paint the window's frame.
DATABASE = ("sqlalchemy", "alembic", "psycopg", "db", "holidays")

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


START_THE_APP = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import ui.shell.app as app_module
from panelapp.cli import main

watched = sys.argv[2:]
seen = {}

def loaded():
    return sorted({m.split(".")[0] for m in sys.modules if m.split(".")[0] in watched}
                  | {m for m in sys.modules if m.startswith("panelapp.services.")
                     and m != "panelapp.services.errors"})  # plain exception classes, no imports

show_shell, open_main_window = app_module.show_shell, app_module.open_main_window

def spy_shell():
    shell = show_shell()
    seen["at_paint"] = loaded()
    seen["painted_saying"] = shell.statusBar().currentMessage()
    return shell

def spy_open(controller, ctx, shell):
    seen["before_home_saying"] = shell.statusBar().currentMessage()
    open_main_window(controller, ctx, shell)
    seen["at_home"] = loaded()
    seen["title"] = controller.window.windowTitle()
    seen["home_rows"] = controller.window.view("home").model.rowCount()
    warm_up = controller.window.warm_up

    def when_warm():  # then idle: each area's code imported and its view built
        if not warm_up.done:
            QTimer.singleShot(50, when_warm)
            return
        seen["after_warm_up"] = loaded()
        seen["areas_built"] = len(warm_up.built)
        QApplication.instance().exit(0)

    QTimer.singleShot(0, when_warm)

app_module.show_shell, app_module.open_main_window = spy_shell, spy_open
code = main(["--db", sys.argv[1]])
print(json.dumps(seen))
sys.exit(code)
"""


def test_the_window_paints_before_the_database_and_services_are_loaded(
    tmp_path: Path, demo_database: Path
) -> None:
    """`python -m panelapp` as a user starts it: the frame (navigation, menus, status bar saying
    the database is being opened) is painted before SQLAlchemy, the models or any service is
    imported; Home is then filled in, still without any export library."""
    ctx = copy_database(demo_database, tmp_path)
    url = str(ctx.engine.url)
    ctx.engine.dispose()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PANELAPP_HOME=str(tmp_path / "home"))
    env.pop("PANELAPP_DB", None)
    done = subprocess.run(
        [sys.executable, "-c", START_THE_APP, url, *HEAVY, *DATABASE],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["at_paint"] == [], f"imported before the first paint: {seen['at_paint']}"
    assert seen["painted_saying"] == "Opening the database…"
    assert seen["before_home_saying"] == "Database open: filling in Home…"
    assert "Northdown" in seen["title"] and seen["home_rows"] > 0  # the agency really opened
    assert "sqlalchemy" in seen["at_home"]  # the spy can see imports: this test can fail
    heavy = [m for m in seen["at_home"] if m in HEAVY]
    assert heavy == [], f"imported before the window was usable: {heavy}"
    # The idle warm-up readies every area without loading what only an export needs.
    assert seen["areas_built"] == 8 and "panelapp.services.members" in seen["after_warm_up"]
    heavy = [m for m in seen["after_warm_up"] if m in HEAVY]
    assert heavy == [], f"imported by the warm-up, for no screen: {heavy}"


BANK_HOLIDAYS = """
import json, sys
from panelapp.domain.workdays import WorkingDayCalendar, english_bank_holidays

calendar = WorkingDayCalendar.statutory()
day = calendar.add_working_days(__import__("datetime").date(2026, 12, 23), 2)
print(json.dumps({"after": day.isoformat(), "names": sorted(english_bank_holidays(2026).values()),
                  "countries": sorted(m for m in sys.modules if m.startswith("holidays.countries"))}))
"""


def test_working_days_load_england_s_bank_holidays_not_every_country_s() -> None:
    """The first working-day sum (Home's background count) loads the United Kingdom's bank
    holidays only: `holidays.countries` would import all 250 countries (~14 MB; issue 21)."""
    done = subprocess.run(
        [sys.executable, "-c", BANK_HOLIDAYS],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["after"] == "2026-12-29"  # Christmas, the weekend and Boxing Day (observed) skipped
    assert "Boxing Day (observed)" in seen["names"] and "Christmas Day" in seen["names"]
    assert seen["countries"] == ["holidays.countries.united_kingdom"]


def test_pyside_keeps_no_module_sources_after_start_up() -> None:
    """PySide6's `__feature__` check read each imported module's source through linecache and
    kept it (~20 MB by Home, issue 21): after make_application, importing SQLAlchemy and the
    models leaves no source lines held, and the check still tells a PySide6 module from others."""
    code = (
        "import json, linecache, sys\n"
        "from ui.shell.app import make_application\n"
        "make_application()\n"
        "files = lambda: {k for k in linecache.cache if k.endswith('.py')}  # not generated code\n"
        "before = files()\n"
        "import sqlalchemy, db.models, ui.shell.main_window\n"
        "feature = sys.modules['shibokensupport.feature']\n"
        "print(json.dumps({'held': len(files() - before),\n"
        "  'window': feature._mod_uses_pyside(sys.modules['ui.shell.main_window']),\n"
        "  'models': feature._mod_uses_pyside(sys.modules['db.models'])}))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["held"] < 5, f"{seen['held']} more modules' sources kept"  # hundreds without the fix
    assert seen["window"] is True and seen["models"] is False
