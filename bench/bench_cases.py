"""Cases & Agenda: register load, agenda load and edit, booking, register import, agenda export.

Loads the demo agency (a year of business), then times with the real services and prints
one JSON line. Query counts show the screens load without N+1.

    python -m bench.bench_cases
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any


def _timed(work: Callable[[], Any], repeat: int = 10) -> dict[str, float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        samples.append((time.perf_counter() - start) * 1000)
    return {"median": round(statistics.median(samples), 2), "max": round(max(samples), 2)}


def _queries(engine: Any, work: Callable[[], Any]) -> int:
    from sqlalchemy import event

    seen: list[str] = []

    def listen(*args: Any) -> None:
        seen.append(args[2])

    event.listen(engine, "before_cursor_execute", listen)
    work()
    event.remove(engine, "before_cursor_execute", listen)
    return len(seen)


def main() -> None:
    from db.engine import make_engine
    from db.migrate import upgrade_database
    from panelapp.domain.vocab import UserRole
    from panelapp.services import agency, cases
    from panelapp.services import cases as agenda
    from panelapp.services import cases as booking
    from panelapp.services import cases as register_import
    from panelapp.services.context import CurrentUser, ServiceContext

    today = date(2026, 11, 20)
    folder = Path(tempfile.mkdtemp(prefix="bench-cases-"))
    engine = make_engine(f"sqlite:///{folder / 'bench.sqlite3'}")
    upgrade_database(engine)
    ctx = ServiceContext(engine, CurrentUser("bench", "Bench", UserRole.ADMINISTRATOR))
    agency.load_demo_data(ctx, until=today)
    assert ctx.agency_id
    busiest = max(booking.bookable_sittings(ctx, today), key=lambda s: s.booked)
    state = {"agenda": agenda.get_agenda(ctx, busiest.meeting_id, today)}

    def move() -> None:
        a = state["agenda"]
        state["agenda"] = agenda.move_slot(ctx, a.meeting_id, a.slots[-1].item_id, 0, a.version)

    rows = [
        ",".join(register_import.COLUMNS),
        *(
            f"BENCH-{n:04d},approval,Panel {n % 4 + 1},{date(2019, 1, 1) + timedelta(days=7 * n)},"
            "Kent,North Kent,recommended,6,0,good,,,good,Morgan Hale,agreed,,,,,"
            for n in range(200)
        ),
    ]
    started = time.perf_counter()
    register_import.import_register(ctx, "\n".join(rows) + "\n")
    import_ms = (time.perf_counter() - started) * 1000
    result = {
        "cases_in_register": len(cases.list_cases(ctx, today=today)),
        "register_load_ms": _timed(lambda: cases.list_cases(ctx, today=today)),
        "register_load_queries": _queries(engine, lambda: cases.list_cases(ctx, today=today)),
        "agenda_load_ms": _timed(lambda: agenda.get_agenda(ctx, busiest.meeting_id, today)),
        "agenda_load_queries": _queries(engine, lambda: agenda.get_agenda(ctx, busiest.meeting_id, today)),
        "agenda_move_slot_ms": _timed(move),
        "register_import_200_rows_ms": round(import_ms, 1),
        "agenda_docx_ms": _timed(
            lambda: cases.export_agenda(ctx, busiest.meeting_id, "docx", folder / "a.docx"), 3
        ),
        "agenda_pdf_ms": _timed(
            lambda: cases.export_agenda(ctx, busiest.meeting_id, "pdf", folder / "a.pdf"), 3
        ),
    }
    print(json.dumps({"bench": "cases", **result}))


if __name__ == "__main__":
    main()
