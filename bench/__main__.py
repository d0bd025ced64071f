"""`python -m bench [--quick] [--pg]`: every scale (quick: the smallest), print one JSON line.

Each database is measured in fresh processes: start-up by spawning the app and a bare
window, the rest by `python -m bench.measures` (so its peak memory is that database's).
A full run writes bench/results.json and the table in bench/README.md; a quick run
writes bench/data/results-quick.json and leaves both alone.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import generate, measures, results
from bench.startup import measure_startup

HERE = Path(__file__).resolve().parent


def _log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def _json_of(*module_args: str) -> dict[str, Any]:
    """Run `python -m MODULE ARGS` offscreen in a process of its own; its last line is JSON."""
    done = subprocess.run(
        [sys.executable, "-m", *module_args],
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
        cwd=HERE.parent,
    )
    if done.returncode != 0:
        return {"error": done.stderr[-800:]}
    parsed: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return parsed


def measure_in_subprocess(url: str, runs: int) -> dict[str, Any]:
    return _json_of("bench.measures", url, "--runs", str(runs))


def measure_pack() -> dict[str, Any]:
    """The panel pack's figures, in a process of its own (it pins the day and measures memory)."""
    return _json_of("bench.bench_pack")


def run(scales: list[str], backends: list[str], runs: int) -> dict[str, dict[str, dict[str, Any]]]:
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for name in scales:
        scale = generate.SCALES[name]
        for backend in backends:
            started = time.perf_counter()
            url = generate.database_url(scale, backend)
            entry: dict[str, Any] = {"counts": generate.counts(url)}
            _log(f"{name} on {backend}: start-up ({runs} runs)...")
            try:
                entry["startup"] = measure_startup(url, runs)
            except Exception as exc:  # noqa: BLE001 - report it and go on with the other figures
                entry["startup"] = {"error": f"{type(exc).__name__}: {exc}"}
            _log(f"{name} on {backend}: report, exports, filter, ADM tracker...")
            entry.update(measure_in_subprocess(url, runs))
            entry["measured_in_s"] = round(time.perf_counter() - started, 1)
            out.setdefault(name, {})[backend] = entry
            _log(f"{name} on {backend}: done in {entry['measured_in_s']} s")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smallest scale, SQLite, 3 runs: under a minute")
    parser.add_argument("--pg", action="store_true", help="also measure on PostgreSQL")
    parser.add_argument("--scales", nargs="+", choices=list(generate.SCALES), help="only these scales")
    parser.add_argument("--runs", type=int, help="timings per figure (default 3 quick, 5 full)")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # As installed: Python keeps each module's compiled bytecode (the installer's bundle ships
    # it). An environment that turns that off (PYTHONDONTWRITEBYTECODE, set on some build
    # machines) would have every measuring process compile the app from source at each start.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.perf_counter()
    scales = args.scales or (["agency_1y"] if args.quick else list(generate.SCALES))
    runs = args.runs or (3 if args.quick else 5)
    backends = ["sqlite"]
    pg_version = None
    if args.pg:
        reason = generate.pg_reachable()
        if reason:
            _log(f"PostgreSQL skipped: {reason}")
        else:
            backends.append("postgresql")
            pg_version = results.pg_server_version(f"{generate.PG_SERVER}/postgres")
    document: dict[str, Any] = {
        "quick": args.quick,
        "runs": runs,
        "machine": results.machine(pg_version),
        "results": run(scales, backends, runs),
    }
    _log("members filter on a 10,000-member list (bench/bench_members_filter.py)...")
    document["members_10k"] = measures.members_10k()
    _log("panel pack: 300 pages, ten personalised encrypted packs (bench/bench_pack.py)...")
    document["pack"] = measure_pack()
    document["summary"] = results.summary(document["results"], document["members_10k"])
    for key in ("pack_pages", "one_pack_s", "personalised_encrypted_s"):
        document["summary"][key if key.startswith("pack") else f"pack_{key}"] = document["pack"].get(key)
    document["finished_at"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    document["seconds"] = round(time.perf_counter() - started, 1)
    document["summary"]["seconds"] = document["seconds"]
    target = HERE / "data" / "results-quick.json" if args.quick else HERE / "results.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    if not args.quick:
        results.update_readme(document)
    print(json.dumps(document["summary"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
