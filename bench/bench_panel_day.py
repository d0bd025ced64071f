"""Panel day: day sheet load, minutes autosave and save, and the grading summary, on the demo agency.

Loads the demo agency (a year of business), then times with the real services:
the day sheet of the largest sitting (queries counted), an autosave of the minutes (the work
done 3 s after typing stops), an explicit save, and the grading summary for a six-month period.
Prints one JSON line.

    python -m bench.bench_panel_day
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any


def _timed(work: Callable[[], Any], repeat: int = 20) -> dict[str, float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        samples.append((time.perf_counter() - start) * 1000)
    return {"median": round(statistics.median(samples), 2), "max": round(max(samples), 2)}


def main() -> None:
    from sqlalchemy import event

    from db.engine import make_engine
    from db.migrate import upgrade_database
    from panelapp.domain.vocab import UserRole
    from panelapp.services import agency, panel_day
    from panelapp.services import panel_day as grading_summary
    from panelapp.services import panel_day as minutes
    from panelapp.services.context import CurrentUser, ServiceContext

    folder = Path(tempfile.mkdtemp(prefix="bench-panel-day-"))
    engine = make_engine(f"sqlite:///{folder / 'bench.sqlite3'}")
    upgrade_database(engine)
    ctx = ServiceContext(engine, CurrentUser("bench", "Bench", UserRole.ADMINISTRATOR))
    agency.load_demo_data(ctx, until=date(2026, 11, 20))
    sittings = panel_day.list_sittings(ctx)
    largest = max((s for s in sittings if s.status == "scheduled"), key=lambda s: s.cases)
    queries: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: queries.append(a[2]))
    panel_day.day_sheet(ctx, largest.meeting_id)
    count = len(queries)
    doc = minutes.open_minutes(ctx, largest.meeting_id)
    bodies = {s.id: s.body + "\n" + "The panel discussed the case. " * 40 for s in doc.sections}
    versions = [doc.version]

    def save() -> None:
        versions.append(minutes.save_minutes(ctx, largest.meeting_id, bodies, versions[-1]).version)

    result = {
        "cases_at_sitting": largest.cases,
        "day_sheet_queries": count,
        "day_sheet_ms": _timed(lambda: panel_day.day_sheet(ctx, largest.meeting_id)),
        "autosave_ms": _timed(lambda: minutes.autosave(ctx, largest.meeting_id, bodies)),
        "save_ms": _timed(save),
        "grading_summary_ms": _timed(
            lambda: grading_summary.grading_summary(ctx, date(2026, 4, 1), date(2026, 9, 30)), 5
        ),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
