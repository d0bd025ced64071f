"""Calendar timings on the demo agency: generate a year, list a year with quorum, one roster.

Run: .venv/bin/python -m bench.bench_calendar  (prints one JSON line of milliseconds)
"""

from __future__ import annotations

import json
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import event

from db.engine import make_engine
from db.migrate import upgrade_database
from panelapp.domain.vocab import UserRole
from panelapp.services import agency
from panelapp.services.context import CurrentUser, ServiceContext
from panelapp.services.sittings import generate_meetings, list_meetings, roster, suggest_cover

UNTIL = date(2026, 11, 20)


def _ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 1)


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-calendar-"))
    engine = make_engine(f"sqlite:///{folder / 'bench.sqlite3'}")
    upgrade_database(engine)
    ctx = ServiceContext(engine, CurrentUser("bench", "Bench", UserRole.ADMINISTRATOR))
    agency.load_demo_data(ctx, until=UNTIL)
    queries = {"n": 0}
    event.listen(engine, "before_cursor_execute", lambda *_a: queries.__setitem__("n", queries["n"] + 1))
    out: dict[str, float | int] = {}
    t = time.perf_counter()
    generate_meetings(ctx, date(2027, 1, 1), date(2027, 12, 31))
    out["generate_year_ms"] = _ms(t)
    queries["n"] = 0
    t = time.perf_counter()
    rows = list_meetings(ctx, date(2026, 1, 1), date(2027, 12, 31))
    out["list_two_years_ms"] = _ms(t)
    out["list_two_years_queries"] = queries["n"]
    out["sittings_listed"] = len(rows)
    upcoming = next(r for r in rows if r.date >= UNTIL and r.status == "scheduled")
    t = time.perf_counter()
    roster(ctx, upcoming.id)
    out["roster_ms"] = _ms(t)
    t = time.perf_counter()
    suggest_cover(ctx, upcoming.id)
    out["suggest_cover_ms"] = _ms(t)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
