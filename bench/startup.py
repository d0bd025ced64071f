"""Start-up to a painted main window, against a bare PySide6 window on the same machine.

Both are timed from spawning a fresh Python process to its exit, so both pay for the
interpreter, the imports and Qt's platform plugin:

- the app: `python -m panelapp --db URL selftest` (opens the database, builds the main
  window, shows it and grabs it, so it has painted); selftest then visits every view,
  which is not start-up, so its own `views_ms` are subtracted;
- the limit: a script doing only QApplication + QMainWindow + show + grab.

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
"""


def _environment(home: str) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PANELAPP_HOME"] = home  # settings and logs out of the user's own folders
    env.pop("PANELAPP_DB", None)
    return env


def _wall(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:4])}... failed: {(done.stderr or done.stdout)[-400:]}")
    return elapsed, done.stdout


def app_startup(url: str, env: dict[str, str]) -> tuple[float, dict[str, Any]]:
    """Seconds from spawn to a painted main window, and selftest's own report."""
    elapsed, out = _wall([sys.executable, "-m", "panelapp", "--db", url, "selftest"], env)
    report = json.loads(out.strip().splitlines()[-1])
    visiting = sum(report.get("views_ms", {}).values()) / 1000
    return elapsed - visiting, report


def bare_window(env: dict[str, str]) -> float:
    return _wall([sys.executable, "-c", BARE_WINDOW], env)[0]


def measure_startup(url: str, runs: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="panelapp-bench-home-") as home:
        env = _environment(home)
        app_startup(url, env)  # warm the file cache for both, as a user's second start would be
        bare_window(env)
        app_times: list[float] = []
        bare_times: list[float] = []
        reports: list[dict[str, Any]] = []
        for _ in range(runs):  # interleaved, so load on the machine hits both alike
            seconds, report = app_startup(url, env)
            app_times.append(seconds)
            reports.append(report)
            bare_times.append(bare_window(env))
    app_s, bare_s = statistics.median(app_times), statistics.median(bare_times)
    middle = reports[app_times.index(sorted(app_times)[len(app_times) // 2])]
    return {
        "app_s": round(app_s, 3),
        "bare_window_s": round(bare_s, 3),
        "ratio": round(app_s / bare_s, 2),
        "selftest_in_process_ms": {k: middle.get(k) for k in ("qt_ms", "database_ms", "startup_ms")},
        "views_ms": middle.get("views_ms", {}),
        "runs": runs,
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
