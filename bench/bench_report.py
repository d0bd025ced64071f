"""Chairs' report statistics for one period on ten years of a large agency, against one SQL query.

Builds (or reuses, in the temp folder) a SQLite database with `panelapp.demo` at
DemoScale(years=10, panels=8): a large agency sitting twice a week for ten years. Then, for
the period 1 April to 30 September 2026, times `report_statistics` (every figure of the
JSON) next to ONE hand-written SQL query that counts the same period's hearings by case
type, and next to the hand-written query per figure of `bench/hand_sql.py` (the limit
`python -m bench` divides report statistics by), checks each agrees with the service, and
prints one JSON line with the medians and the ratios.

    python -m bench.bench_report [--years N] [--panels N] [--runs N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

UNTIL = date(2026, 11, 20)
PERIOD = (date(2026, 4, 1), date(2026, 9, 30))

HAND_SQL = """
SELECT c.case_type, COUNT(h.id)
FROM hearing h
JOIN meeting m ON m.id = h.meeting_id
JOIN "case" c ON c.id = h.case_id
LEFT JOIN recommendation r ON r.hearing_id = h.id
WHERE m.panel_id IN (SELECT id FROM panel WHERE agency_id = :agency)
  AND m.date BETWEEN :d_from AND :d_to
  AND m.status <> 'cancelled'
  AND h.status <> 'withdrawn'
  AND (h.status = 'heard' OR r.id IS NOT NULL)
GROUP BY c.case_type
"""


def _median_ms(work: Callable[[], Any], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        samples.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(samples), 3)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    from sqlalchemy import bindparam, text
    from sqlalchemy.types import Date

    from bench.hand_sql import agrees_with_service, hand_statistics
    from db.engine import make_engine
    from db.migrate import upgrade_database
    from panelapp.demo import DemoScale, create_demo_data
    from panelapp.domain.vocab import UserRole
    from panelapp.services.context import CurrentUser, ServiceContext
    from panelapp.services.reports import report_statistics

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--panels", type=int, default=8)
    parser.add_argument("--runs", type=int, default=25)
    args = parser.parse_args(argv)

    path = Path(tempfile.gettempdir()) / f"panelapp-bench-report-{args.years}y-{args.panels}p.sqlite3"
    fresh = not path.exists()  # before make_engine, which creates the (empty) file
    engine = make_engine(f"sqlite:///{path}")
    generate_s = None
    upgrade_database(engine)
    ctx = ServiceContext(engine, CurrentUser("bench", "Bench", UserRole.ADMINISTRATOR))
    if fresh:
        started = time.perf_counter()
        with ctx.sessions.begin() as session:
            create_demo_data(session, DemoScale(years=args.years, panels=args.panels, until=UNTIL))
        generate_s = round(time.perf_counter() - started, 1)
    agency = ctx.agency_id
    query = text(HAND_SQL).bindparams(bindparam("d_from", type_=Date), bindparam("d_to", type_=Date))
    params = {"agency": agency, "d_from": PERIOD[0], "d_to": PERIOD[1]}

    def hand() -> dict[str, int]:
        with engine.connect() as conn:
            return {row[0]: row[1] for row in conn.execute(query, params)}

    stats = report_statistics(ctx, *PERIOD)  # warm both paths and check they agree
    by_hand = hand()
    agrees = (
        all(stats.heard_by_type.get(t, 0) == n for t, n in by_hand.items())
        and sum(by_hand.values()) == stats.cases_heard
    )
    with engine.connect() as conn:
        hearings_total = conn.execute(text("SELECT COUNT(*) FROM hearing")).scalar_one()

    def every_figure() -> dict[str, Any]:
        with engine.connect() as conn:
            return hand_statistics(conn, agency, *PERIOD)

    figures_agree = agrees_with_service(every_figure(), stats.to_json())
    stats_ms = _median_ms(lambda: report_statistics(ctx, *PERIOD), args.runs)
    hand_ms = _median_ms(hand, args.runs)
    every_figure_ms = _median_ms(every_figure, args.runs)
    result = {
        "benchmark": "chairs_report_statistics",
        "database": f"SQLite, demo agency, {args.years} years, {args.panels} panels",
        "generate_s": generate_s,
        "hearings_in_database": hearings_total,
        "hearings_in_period": stats.cases_heard,
        "period": [PERIOD[0].isoformat(), PERIOD[1].isoformat()],
        "report_statistics_ms": stats_ms,
        "one_sql_count_by_type_ms": hand_ms,
        "ratio": round(stats_ms / hand_ms, 1) if hand_ms else None,
        "counts_agree": agrees,
        "hand_sql_every_figure_ms": every_figure_ms,
        "ratio_to_hand_sql": round(stats_ms / every_figure_ms, 2) if every_figure_ms else None,
        "hand_sql_agrees": all(figures_agree.values()),
        "hand_sql_disagrees_on": [name for name, same in figures_agree.items() if not same],
        "runs": args.runs,
    }
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
