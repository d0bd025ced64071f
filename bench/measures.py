"""What users wait for, measured in one process on one database, each against its limit.

    python -m bench.measures URL [--runs N] [--quick]

prints one JSON object. Each figure is the median of `runs` timings; where a figure has a
natural limit (the fastest way to get the same answer on the same machine) the limit is
measured in the same run, interleaved with the figure, and the ratio is reported.
Run in its own process per database, so `peak_rss_mb` is this database's peak.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.generate import PERIOD, UNTIL
from panelapp.services.context import ServiceContext

FRAME_MS = 16.0  # one frame at 60 Hz: a keystroke answered within it feels instant
FAST_SAMPLES = 15  # at least this many timings of figures that take milliseconds
SEARCH_TYPED = "ash"  # a member's surname as typed, letter by letter, then deleted


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def median_ms(samples: list[float]) -> float:
    return _ms(statistics.median(samples))


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def interleaved(
    figure: Callable[[], Any], limit: Callable[[], Any], runs: int
) -> tuple[list[float], list[float], Any, Any]:
    """Time figure and limit alternately (after one warm-up each), so noise hits both alike."""
    figure_result, limit_result = figure(), limit()
    figure_times: list[float] = []
    limit_times: list[float] = []
    for _ in range(runs):
        t, figure_result = timed(figure)
        figure_times.append(t)
        t, limit_result = timed(limit)
        limit_times.append(t)
    return figure_times, limit_times, figure_result, limit_result


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # KiB on Linux


# -- the chairs' report --------------------------------------------------------------------


def measure_report_stats(ctx: ServiceContext, runs: int) -> dict[str, Any]:
    from bench.hand_sql import agrees_with_service, count_by_type, hand_statistics
    from panelapp.services.reports import report_statistics_with_detail

    d_from, d_to = PERIOD
    agency = ctx.agency_id

    def service() -> Any:
        return report_statistics_with_detail(ctx, d_from, d_to)

    def hand() -> Any:
        with ctx.engine.connect() as conn:
            return hand_statistics(conn, agency, d_from, d_to)

    def by_type() -> Any:
        with ctx.engine.connect() as conn:
            return count_by_type(conn, agency, d_from, d_to)

    # Quick figures get more samples: on a shared machine one descheduling is tens of ms.
    samples = max(runs, FAST_SAMPLES)
    service_t, hand_t, (stats, _detail), hand_rows = interleaved(service, hand, samples)
    _, by_type_t, _, _ = interleaved(lambda: None, by_type, samples)
    figures = stats.to_json()
    return {
        "period": [d_from.isoformat(), d_to.isoformat()],
        "cases_heard": figures["cases_heard"],
        "service_ms": median_ms(service_t),
        "hand_sql_ms": median_ms(hand_t),
        "count_by_type_sql_ms": median_ms(by_type_t),
        "ratio": round(statistics.median(service_t) / statistics.median(hand_t), 2),
        "ratio_to_count_by_type": round(statistics.median(service_t) / statistics.median(by_type_t), 2),
        "hand_sql_agrees": agrees_with_service(hand_rows, figures),
        "samples": samples,
    }


def measure_exports(ctx: ServiceContext, runs: int) -> dict[str, Any]:
    """Word and PDF of the whole report. The first export also pays for importing the
    document and chart libraries (the user waits for that once per session)."""
    from panelapp.services.reports import export_chairs_report

    d_from, d_to = PERIOD
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="panelapp-bench-") as folder:
        for fmt in ("docx", "pdf"):
            target = Path(folder) / f"report.{fmt}"

            def export(f: str = fmt, t: Path = target) -> Any:
                return export_chairs_report(ctx, d_from, d_to, None, f, t)

            samples = [timed(export)[0] for _ in range(runs + 1)]
            out[f"{fmt}_first_s"] = round(samples[0], 3)
            out[f"{fmt}_s"] = round(statistics.median(samples[1:]), 3)
            out[f"{fmt}_bytes"] = target.stat().st_size
    return out


# -- the ADM tracker and the Home view ----------------------------------------------------------


def measure_adm_tracker(ctx: ServiceContext, runs: int) -> dict[str, Any]:
    """The tracker as the screen opens it, against fetching its rows as plain tuples."""
    from datetime import timedelta

    from panelapp.services import adm

    since = UNTIL - timedelta(days=adm.ARCHIVE_AFTER_DAYS)
    query = adm.tracker_query(ctx.agency_id, None, None, None, None, since)

    def tracker() -> Any:
        return adm.adm_tracker(ctx, UNTIL, include_archived=False)

    def rows_only() -> Any:
        with ctx.engine.connect() as conn:
            return conn.execute(query).fetchall()

    tracker_t, rows_t, result, rows = interleaved(tracker, rows_only, max(runs, FAST_SAMPLES))
    everything_t = [timed(lambda: adm.adm_tracker(ctx, UNTIL))[0] for _ in range(max(1, runs // 2))]
    return {
        "open_ms": median_ms(tracker_t),
        "rows_sql_ms": median_ms(rows_t),
        "ratio": round(statistics.median(tracker_t) / statistics.median(rows_t), 2),
        "cases": len(result.cases),
        "items": len(result.items),
        "rows": len(rows),
        "with_archive_ms": median_ms(everything_t),
    }


def measure_overview(ctx: ServiceContext, runs: int) -> dict[str, Any]:
    """The Home view's figures: the first thing painted after start-up."""
    from panelapp.services.home import attention_counts, overview

    samples = max(runs, FAST_SAMPLES)
    home = [timed(lambda: overview(ctx, today=UNTIL))[0] for _ in range(samples + 1)][1:]
    attention = [timed(lambda: attention_counts(ctx, UNTIL))[0] for _ in range(samples + 1)][1:]
    return {"home_ms": median_ms(home), "attention_ms": median_ms(attention)}


# -- filtering the member list -------------------------------------------------------------


def measure_filter(ctx: ServiceContext, runs: int) -> dict[str, Any]:
    """Milliseconds per keystroke in the Members view's search box, on this agency's list:
    typing a surname letter by letter and deleting it; each keystroke is the line edit's
    text change (proxy re-filter) plus processing Qt's events (the table's repaint)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from ui.members.view import MembersView

    app = QApplication.instance() or QApplication([])
    view = MembersView(ctx, today=UNTIL)
    view.resize(1366, 768)
    view.show()
    view.refresh()
    app.processEvents()
    keystrokes = [SEARCH_TYPED[:i] for i in range(1, len(SEARCH_TYPED) + 1)]
    keystrokes += [SEARCH_TYPED[:i] for i in range(len(SEARCH_TYPED) - 1, -1, -1)]
    samples: list[float] = []
    shown: list[int] = []
    for _ in range(runs + 1):
        for typed in keystrokes:
            started = time.perf_counter()
            view.search.setText(typed)
            app.processEvents()
            samples.append(time.perf_counter() - started)
            shown.append(view.proxy.rowCount())
    samples = samples[len(keystrokes) :]  # the first pass warms up
    view.close()
    return {
        "members": view.model.rowCount(),
        "per_keystroke_ms": median_ms(samples),
        "worst_keystroke_ms": _ms(max(samples)),
        "ratio_to_frame": round(statistics.median(samples) * 1000 / FRAME_MS, 3),
        "fewest_rows_shown": min(shown),
    }


def members_10k() -> dict[str, Any]:
    """The Members area's own benchmark (bench/bench_members_filter.py): a 10,000-member
    list, several searches typed and deleted three times, beside two busy loops (issue 21:
    "on a busy machine"); run as it is, in its own process."""
    import subprocess

    done = subprocess.run(
        [sys.executable, "-m", "bench.bench_members_filter", "--busy", "2", "--repeat", "3"],
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
    )
    if done.returncode != 0:
        return {"error": done.stderr[-600:]}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    per_key = result.get("keystroke_with_repaint_ms", {}).get("median")
    if per_key is not None:
        result["ratio_to_frame"] = round(per_key / FRAME_MS, 3)
    return result


# -- all of it -----------------------------------------------------------------------------


def run_all(url: str, runs: int) -> dict[str, Any]:
    from panelapp.services.context import open_database

    ctx, _ = open_database(url)
    result: dict[str, Any] = {}
    for name, measure in (
        ("overview", measure_overview),
        ("report_stats", measure_report_stats),
        ("adm_tracker", measure_adm_tracker),
        ("filter", measure_filter),
        ("export", measure_exports),
    ):
        started = time.perf_counter()
        try:
            result[name] = measure(ctx, runs)
        except Exception as exc:  # noqa: BLE001 - one broken figure must not hide the others
            result[name] = {"error": f"{type(exc).__name__}: {exc}"}
        result[name]["measured_in_s"] = round(time.perf_counter() - started, 1)
    result["peak_rss_mb"] = peak_rss_mb()
    ctx.engine.dispose()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.measures")
    parser.add_argument("url")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    print(json.dumps(run_all(args.url, args.runs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
