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
from typing import Any

BARE_WINDOW = """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1280, 760)
window.show()
app.processEvents()
window.grab()
import json, time
painted_at = time.time()
hwm = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"first_paint_at": painted_at, "peak_rss_mb": int(hwm.split()[1]) / 1024}))
"""


def _environment(home: str) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PANELAPP_HOME"] = home  # settings and logs out of the user's own folders
    env.pop("PANELAPP_DB", None)
    return env


HOME_ONLY = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import ui.shell.app as app_module

open_main_window = app_module.open_main_window

def then_quit(controller, ctx, shell):
    open_main_window(controller, ctx, shell)
    controller.window.grab()
    QTimer.singleShot(0, lambda: QApplication.instance().exit(0))

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


def app_startup(url: str, env: dict[str, str]) -> tuple[float, float, dict[str, Any], float]:
    """Seconds from spawn to the first paint and to Home painted, selftest's report, peak MB."""
    spawned, out = _wall([sys.executable, "-m", "panelapp", "--db", url, "selftest"], env)
    report = json.loads(out.strip().splitlines()[-1])
    return report["first_paint_at"] - spawned, report["ready_at"] - spawned, report, report["peak_rss_mb"]


def app_home_only_rss(url: str, env: dict[str, str]) -> float:
    out = _wall([sys.executable, "-c", HOME_ONLY, url], env)[1]
    return float(json.loads(out.strip().splitlines()[-1])["peak_rss_mb"])


def bare_window(env: dict[str, str]) -> tuple[float, float]:
    spawned, out = _wall([sys.executable, "-c", BARE_WINDOW], env)
    printed = json.loads(out.strip().splitlines()[-1])
    return printed["first_paint_at"] - spawned, float(printed["peak_rss_mb"])


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
        for _ in range(runs):  # interleaved, so load on the machine hits both alike
            first, shown, report, rss = app_startup(url, env)
            paint.append(first)
            ready.append(shown)
            reports.append(report)
            app_rss.append(rss)
            seconds, rss = bare_window(env)
            bare.append(seconds)
            bare_rss.append(rss)
            home_rss.append(app_home_only_rss(url, env))
    return _startup_figures(paint, ready, bare, reports, app_rss, home_rss, bare_rss)


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
    return {
        "app_s": round(app_s, 3),  # the first paint
        "ready_s": round(ready_s, 3),  # the main window painted with Home filled in
        "bare_window_s": round(bare_s, 3),
        "ratio": round(app_s / bare_s, 2),
        "ready_ratio": round(ready_s / bare_s, 2),
        "peak_rss_mb": round(med(app_rss), 1),
        "peak_rss_home_mb": round(med(home_rss), 1),
        "bare_window_rss_mb": round(med(bare_rss), 1),
        "peak_rss_ratio": round(med(app_rss) / med(bare_rss), 2),
        "peak_rss_home_ratio": round(med(home_rss) / med(bare_rss), 2),
        "selftest_in_process_ms": {
            k: round(med(r[k] for r in reports), 1)
            for k in ("qt_ms", "first_paint_ms", "database_ms", "startup_ms")
        },
        "views_ms": first,
        "views_again_ms": again,
        "view_open_ms_max": max(first.values()),
        "view_again_ms_max": max(again.values()),
        "runs": len(paint),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.startup")
    parser.add_argument("url")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    print(json.dumps(measure_startup(args.url, args.runs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
