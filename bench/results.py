"""The machine a run came from, the one-line summary, and the table in bench/README.md."""

from __future__ import annotations

import os
import platform
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

README = Path(__file__).resolve().parent / "README.md"
START, END = "<!-- results:start -->", "<!-- results:end -->"
# Issue 21's targets at the national scale.
TARGETS = {
    "startup_ratio": 1.5,
    "peak_rss_ratio": 2.0,
    "view_open_ms_max": 150.0,
    "view_again_ms_max": 50.0,
    "filter_ms_p95": 16.0,
    "report_stats_ratio": 1.5,
    "export_seconds": 1.0,
}


def machine(pg_version: str | None) -> dict[str, Any]:
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion
    from sqlalchemy import __version__ as sqlalchemy_version

    cpu = next(
        (line.split(":", 1)[1].strip() for line in _read("/proc/cpuinfo") if line.startswith("model name")),
        platform.processor() or "unknown",
    )
    mem_kb = next((int(line.split()[1]) for line in _read("/proc/meminfo") if line.startswith("MemTotal")), 0)
    uname = subprocess.run(["uname", "-a"], capture_output=True, text=True, check=False).stdout.strip()
    return {
        "uname": uname or platform.platform(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": round(mem_kb / 1024 / 1024, 1),
        "python": sys.version.split()[0],
        "qt": qVersion(),
        "pyside6": pyside_version,
        "sqlalchemy": sqlalchemy_version,
        "sqlite": sqlite3.sqlite_version,
        "postgresql": pg_version,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def _read(path: str) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return []


def pg_server_version(url: str) -> str | None:
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=3) as conn:
            row = conn.execute("SHOW server_version").fetchone()
    except Exception:  # noqa: BLE001 - no server, no version
        return None
    return str(row[0]) if row else None


def _get(run: dict[str, Any], *keys: str) -> Any:
    value: Any = run
    for key in keys:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def summary(results: dict[str, dict[str, dict[str, Any]]], members_10k: dict[str, Any]) -> dict[str, Any]:
    """The headline figures: the largest scale measured, SQLite first (the default database).
    `filter_ms` is the 10,000-member list's (the most any agency's list could hold), when run."""
    scale = list(results)[-1]
    backend = "sqlite" if "sqlite" in results[scale] else next(iter(results[scale]))
    run = results[scale][backend]
    docx, pdf = _get(run, "export", "docx_s"), _get(run, "export", "pdf_s")
    return {
        "scale": scale,
        "backend": backend,
        "startup_ratio": _get(run, "startup", "ratio"),
        "startup_s": _get(run, "startup", "app_s"),
        "startup_ready_ratio": _get(run, "startup", "ready_ratio"),
        "startup_ready_s": _get(run, "startup", "ready_s"),
        "peak_rss_ratio": _get(run, "startup", "peak_rss_ratio"),
        "peak_rss_home_ratio": _get(run, "startup", "peak_rss_home_ratio"),
        "view_open_ms": {
            "first": _get(run, "startup", "views_ms"),
            "again": _get(run, "startup", "views_again_ms"),
            "cold": _get(run, "startup", "views_cold_ms"),
            "reload": _get(run, "startup", "views_reload_ms"),
        },
        "view_open_ms_max": _get(run, "startup", "view_open_ms_max"),
        "view_open_cold_ms_max": _get(run, "startup", "view_open_cold_ms_max"),
        "warm_up_ms": _get(run, "startup", "warm_up_ms"),
        "view_again_ms_max": _get(run, "startup", "view_again_ms_max"),
        "view_reload_ms_max": _get(run, "startup", "view_reload_ms_max"),
        "report_stats_ratio": _get(run, "report_stats", "ratio"),
        "report_stats_ms": _get(run, "report_stats", "service_ms"),
        "export_seconds": max(x for x in (docx, pdf, 0.0) if x is not None) or None,
        "export_docx_seconds": docx,
        "export_pdf_seconds": pdf,
        "filter_ms": _get(members_10k, "keystroke_with_repaint_ms", "median")
        or _get(run, "filter", "per_keystroke_ms"),
        "filter_ms_p95": _get(members_10k, "keystroke_with_repaint_ms", "p95"),
        "filter_ms_agency_list": _get(run, "filter", "per_keystroke_ms"),
        "adm_tracker_ms": _get(run, "adm_tracker", "open_ms"),
        "peak_rss_mb": max(
            (_get(r, "peak_rss_mb") or 0.0) for by_backend in results.values() for r in by_backend.values()
        ),
    }


def _cell(value: Any, unit: str = "", target: float | None = None) -> str:
    if value is None:
        return "–"
    text = f"{value:g}{unit}" if isinstance(value, int | float) else str(value)
    if target is not None and isinstance(value, int | float):
        text += " ✓" if value <= target else " ✗"
    return text


def table(document: dict[str, Any]) -> str:
    m = document["machine"]
    lines = [
        f"Run of {document['finished_at']} ({'quick' if document['quick'] else 'full'}, "
        f"median of {document['runs']} runs), on:",
        "",
        f"- `{m['uname']}`",
        f"- CPU {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM; load average at start "
        f"{', '.join(str(x) for x in m['load_average_at_start'])} (the machine was shared)",
        f"- Python {m['python']}, Qt {m['qt']} (PySide6 {m['pyside6']}), SQLAlchemy {m['sqlalchemy']}, "
        f"SQLite {m['sqlite']}, PostgreSQL {m['postgresql'] or 'not measured'}",
        "",
        "| scale | database | hearings | first paint s (× bare window) | Home ready s (×) "
        "| peak RSS MB (× bare): every area / Home | slowest first open ms (area), after the warm-up "
        "/ clicked at once / read again | slowest second open ms "
        "| report statistics ms (× hand SQL) | Word / PDF export s | ADM tracker ms | Home ms |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for scale, by_backend in document["results"].items():
        for backend, run in by_backend.items():
            lines.append("| " + " | ".join(_row(scale, backend, run)) + " |")
    members = document.get("members_10k") or {}
    if "keystroke_with_repaint_ms" in members:
        key = members["keystroke_with_repaint_ms"]
        lines += [
            "",
            f"Members search on a {members.get('members')}-member list (`bench/bench_members_filter.py`, "
            f"{members.get('keystrokes')} keystrokes, beside {members.get('busy_processes', 0)} busy "
            f"loops): median {_cell(key.get('median'), ' ms', 16.0)} per "
            f"keystroke with repaint (p95 {_cell(key.get('p95'), ' ms', TARGETS['filter_ms_p95'])}, "
            f"worst {key.get('max')} ms); "
            f"filtering alone {members['filter_ms'].get('median')} ms; "
            f"loading the list {members.get('load_ms')} ms.",
        ]
    return "\n".join(lines)


def _slowest(views: Any) -> str:
    if not isinstance(views, dict) or not views:
        return "–"
    key = max(views, key=lambda k: views[k])
    return f"{views[key]:g} ({key})"


def _row(scale: str, backend: str, run: dict[str, Any]) -> tuple[str, ...]:
    start = _get(run, "startup")
    stats = _get(run, "report_stats")
    first, again = _get(start, "view_open_ms_max"), _get(start, "view_again_ms_max")
    return (
        scale,
        backend,
        _cell(_get(run, "counts", "hearing")),
        f"{_cell(_get(start, 'app_s'))} ({_cell(_get(start, 'ratio'), '×', TARGETS['startup_ratio'])})",
        f"{_cell(_get(start, 'ready_s'))} ({_cell(_get(start, 'ready_ratio'), '×')})",
        f"{_cell(_get(start, 'peak_rss_mb'))} / {_cell(_get(start, 'peak_rss_home_mb'))} "
        f"({_cell(_get(start, 'peak_rss_ratio'), '×', TARGETS['peak_rss_ratio'])} / "
        f"{_cell(_get(start, 'peak_rss_home_ratio'), '×', TARGETS['peak_rss_ratio'])})",
        f"{_slowest(_get(start, 'views_ms'))}{_mark(first, TARGETS['view_open_ms_max'])} / "
        f"{_slowest(_get(start, 'views_cold_ms'))}"
        f"{_mark(_get(start, 'view_open_cold_ms_max'), TARGETS['view_open_ms_max'])} / "
        f"{_slowest(_get(start, 'views_reload_ms'))}"
        f"{_mark(_get(start, 'view_reload_ms_max'), TARGETS['view_open_ms_max'])}",
        f"{_slowest(_get(start, 'views_again_ms'))}{_mark(again, TARGETS['view_again_ms_max'])}",
        f"{_cell(_get(stats, 'service_ms'))} "
        f"({_cell(_get(stats, 'ratio'), '×', TARGETS['report_stats_ratio'])})",
        f"{_cell(_get(run, 'export', 'docx_s'))} / {_cell(_get(run, 'export', 'pdf_s'))}",
        _cell(_get(run, "adm_tracker", "open_ms")),
        _cell(_get(run, "overview", "home_ms")),
    )


def _mark(value: Any, target: float) -> str:
    if not isinstance(value, int | float):
        return ""
    return " ✓" if value <= target else " ✗"


def update_readme(document: dict[str, Any]) -> None:
    text = README.read_text(encoding="utf-8")
    if START not in text or END not in text:
        return
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    README.write_text(f"{head}{START}\n{table(document)}\n{END}{tail}", encoding="utf-8")
