"""Start-up to a painted window, against a bare PySide6 window on the same machine.

Both are timed from spawning a fresh Python process to its exit, so both pay for the
interpreter, the imports, Qt's platform plugin and exiting:

- the app: `python -m panelapp --db URL selftest`, which starts as the app does (the
  window's frame painted first, then the database opened and the main window shown with
  Home filled in) and then visits every area twice; it prints the wall-clock moment of its
  first paint (`first_paint_at`) and of Home painted (`ready_at`), timed from the spawn;
- the limit: a script doing only QApplication + QMainWindow + show + grab, timed from its
  spawn to its paint the same way (neither pays for exiting).

Peak memory is each process's own high-water mark (VmHWM, printed by the process: a child's
`ru_maxrss` would include this benchmark's own size, inherited through fork): the app's after
visiting every area (the most a session that opened everything holds) and after Home
only (`python -m bench.startup --home-only`, what start-up itself costs).

    python -m bench.startup URL [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

_WINDOW = """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1280, 760)
window.show()
app.processEvents()
window.grab()
import json, sys, time
painted_at = time.time()
"""
_REPORT = """
hwm = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"first_paint_at": painted_at, "peak_rss_mb": int(hwm.split()[1]) / 1024}))
"""
BARE_WINDOW = _WINDOW + _REPORT

# The least any PanelApp could hold with the stack it is built on: the bare window, then
# SQLAlchemy with its ORM, PanelApp's mapped classes and one ORM query on the same database
# (PySide6's import check kept from holding sources, as the app does). Not a limit to
# divide by: what part of the memory target the mandated libraries take before any screen.
STACK_FLOOR = (
    _WINDOW
    + """
from ui.shell.qt_sources import keep_no_sources
keep_no_sources()
import sqlalchemy.orm
from sqlalchemy import select
import db.models
from db.engine import make_engine
engine = make_engine(sys.argv[1])
with sqlalchemy.orm.Session(engine) as session:
    session.execute(select(db.models.Case).limit(1)).all()
"""
    + _REPORT
)


def _environment(home: str) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PANELAPP_HOME"] = home  # settings and logs out of the user's own folders
    env.pop("PANELAPP_DB", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # compiled once, as installed (bench/__main__.py)
    return env


HOME_ONLY = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import ui.shell.app as app_module
from ui.shell.warm_up import warm_up_enabled

open_main_window = app_module.open_main_window

def then_quit(controller, ctx, shell):
    # Home shown and settled: the status bar's first count and the areas' warm-up done.
    open_main_window(controller, ctx, shell)
    window = controller.window
    window.grab()
    def settled():
        if window.warm_up.done or not warm_up_enabled():
            QTimer.singleShot(200, lambda: QApplication.instance().exit(0))
        else:
            QTimer.singleShot(50, settled)
    QTimer.singleShot(0, settled)

app_module.open_main_window = then_quit
code = app_module.run_app(sys.argv[1])
from ui.shell.selftest import peak_rss_mb
print(json.dumps({"peak_rss_mb": peak_rss_mb()}))
sys.exit(code)
"""


def _wall(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    """The wall-clock moment of the spawn, and what it printed."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.time()
        process = subprocess.Popen(command, env=env, stdout=out, stderr=err, text=True)
        process.wait()
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:4])}... failed: {(stderr or stdout)[-400:]}")
    return started, stdout


# How the app is started: from the source tree, or `--app dist/PanelApp/PanelApp` (the bundle).
APP: list[str] = [sys.executable, "-m", "panelapp"]


def app_startup(url: str, env: dict[str, str]) -> tuple[float, float, dict[str, Any], float]:
    """Seconds from spawn to the first paint and to Home painted, selftest's report, peak MB."""
    spawned, out = _wall([*APP, "--db", url, "selftest"], env)
    report = json.loads(out.strip().splitlines()[-1])
    return report["first_paint_at"] - spawned, report["ready_at"] - spawned, report, report["peak_rss_mb"]


def cold_views(url: str, env: dict[str, str]) -> dict[str, float]:
    """Each area's first open clicked at once, before the warm-up has imported its code."""
    cold = {**env, "PANELAPP_NO_WARM_UP": "1"}
    out = _wall([*APP, "--db", url, "selftest"], cold)[1]
    return dict(json.loads(out.strip().splitlines()[-1])["views_ms"])


def app_home_only_rss(url: str, env: dict[str, str]) -> float:
    out = _wall([sys.executable, "-c", HOME_ONLY, url], env)[1]
    return float(json.loads(out.strip().splitlines()[-1])["peak_rss_mb"])


def bare_window(env: dict[str, str]) -> tuple[float, float]:
    spawned, out = _wall([sys.executable, "-c", BARE_WINDOW], env)
    printed = json.loads(out.strip().splitlines()[-1])
    return printed["first_paint_at"] - spawned, float(printed["peak_rss_mb"])


def stack_floor_rss(url: str, env: dict[str, str]) -> float:
    out = _wall([sys.executable, "-c", STACK_FLOOR, url], env)[1]
    return float(json.loads(out.strip().splitlines()[-1])["peak_rss_mb"])


def measure_startup(url: str, runs: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="panelapp-bench-home-") as home:
        env = _environment(home)
        app_startup(url, env)  # warm the file cache for both, as a user's second start would be
        bare_window(env)
        paint: list[float] = []
        ready: list[float] = []
        bare: list[float] = []
        reports: list[dict[str, Any]] = []
        app_rss: list[float] = []
        home_rss: list[float] = []
        bare_rss: list[float] = []
        cold: list[dict[str, float]] = []
        floor: list[float] = []
        for _ in range(runs):  # interleaved, so load on the machine hits both alike
            first, shown, report, rss = app_startup(url, env)
            paint.append(first)
            ready.append(shown)
            reports.append(report)
            app_rss.append(rss)
            seconds, rss = bare_window(env)
            bare.append(seconds)
            bare_rss.append(rss)
            if APP[0] == sys.executable:  # scripts the bundle cannot run
                home_rss.append(app_home_only_rss(url, env))
                floor.append(stack_floor_rss(url, env))
            cold.append(cold_views(url, env))
    figures = _startup_figures(paint, ready, bare, reports, app_rss, home_rss, bare_rss)
    first_cold = {k: round(statistics.median(c[k] for c in cold), 1) for k in cold[0]}
    figures["views_cold_ms"] = first_cold
    figures["view_open_cold_ms_max"] = max(first_cold.values())
    if floor:
        figures["stack_floor_rss_mb"] = round(statistics.median(floor), 1)
        figures["stack_floor_ratio"] = round(statistics.median(floor) / figures["bare_window_rss_mb"], 2)
    return figures


def _startup_figures(
    paint: list[float],
    ready: list[float],
    bare: list[float],
    reports: list[dict[str, Any]],
    app_rss: list[float],
    home_rss: list[float],
    bare_rss: list[float],
) -> dict[str, Any]:
    med = statistics.median
    app_s, ready_s, bare_s = med(paint), med(ready), med(bare)
    # Each area's first open and second open: the median over the runs.
    first = {k: round(med(r["views_ms"][k] for r in reports), 1) for k in reports[0]["views_ms"]}
    again = {k: round(med(r["views_again_ms"][k] for r in reports), 1) for k in reports[0]["views_again_ms"]}
    # Each area read again (View → Refresh, or chosen when its data may be out of date).
    reload = {
        k: round(med(r["views_reload_ms"][k] for r in reports), 1) for k in reports[0]["views_reload_ms"]
    }
    return {
        "app_s": round(app_s, 3),  # the first paint
        "ready_s": round(ready_s, 3),  # the main window painted with Home filled in
        "bare_window_s": round(bare_s, 3),
        "ratio": round(app_s / bare_s, 2),
        "ready_ratio": round(ready_s / bare_s, 2),
        "peak_rss_mb": round(med(app_rss), 1),
        "peak_rss_home_mb": round(med(home_rss), 1) if home_rss else None,
        "bare_window_rss_mb": round(med(bare_rss), 1),
        "peak_rss_ratio": round(med(app_rss) / med(bare_rss), 2),
        "peak_rss_home_ratio": round(med(home_rss) / med(bare_rss), 2) if home_rss else None,
        "selftest_in_process_ms": {
            k: round(med(r[k] for r in reports), 1)
            for k in ("qt_ms", "first_paint_ms", "database_ms", "startup_ms")
        },
        "warm_up_ms": round(med(r["warm_up_ms"] or 0.0 for r in reports), 1),
        "views_ms": first,
        "views_again_ms": again,
        "view_open_ms_max": max(first.values()),
        "view_again_ms_max": max(again.values()),
        "views_reload_ms": reload,
        "view_reload_ms_max": max(reload.values()),
        "runs": len(paint),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.startup")
    parser.add_argument("url")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--app", help="the bundle's executable (make package), instead of the source")
    args = parser.parse_args(argv)
    if args.app:
        APP[:] = [str(Path(args.app).resolve())]
    print(json.dumps(measure_startup(args.url, args.runs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
