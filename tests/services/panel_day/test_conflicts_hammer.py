"""Two processes hammering one record: no lost update (issue 18, failure 6).

Gradings had no conflict check (69 and 125 silent overwrites in 300 concurrent saves on
SQLite / PostgreSQL) and the report narrative's check raced (5 and 14 lost). Each kind of
record here is saved ~100 times by two processes at once, each save a read-modify-write of a
counter from the values its form loaded: every save that said "saved" must be in the final
count. Design: rows two people can edit at once never overwrite silently (ConflictError).
On PostgreSQL the saves are made by real logins (an adviser; an administrator for settings).
"""

from __future__ import annotations

import multiprocessing
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from db.engine import make_engine
from db.migrate import upgrade_database
from db.models import Agency, Attendance
from panelapp import clock
from panelapp.services import agency, panel_day, sittings
from panelapp.services.admin import save_user
from panelapp.services.agency.settings import save_policy
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ConflictError
from panelapp.services.reports.narrative import NarrativeEdit, load_narrative, save_narrative
from tests.conftest import _PG_SKIP, ADMIN, DEMO_UNTIL, PG_ADMIN_URL, drop_database_roles
from tests.services.panel_day.support import on_the_day, walkthrough_sitting

SAVES_EACH = 50  # two processes: 100 concurrent saves of one record
PERIOD = (date(2025, 4, 1), date(2026, 3, 31))
KINDS = ("grading", "narrative", "attendance", "settings")


@dataclass(frozen=True)
class Target:
    hearing_id: int
    paper_type: str
    meeting_id: int
    member_id: int


# -- one read-modify-write of each kind: (the counter as loaded, a save from that copy) -----


def _grading(ctx: ServiceContext, t: Target) -> tuple[int, Callable[[int], object]]:
    paper = next(p for p in panel_day.papers_to_grade(ctx, t.hearing_id) if p.paper_type == t.paper_type)
    return int(paper.strengths or 0), lambda n: panel_day.record_grading(
        ctx, t.hearing_id, t.paper_type, "requires_improvement", str(n), expected=paper
    )


def _narrative(ctx: ServiceContext, t: Target) -> tuple[int, Callable[[int], object]]:
    loaded = load_narrative(ctx, *PERIOD).text("introduction")
    assert loaded is not None

    def save(n: int) -> object:
        edit = NarrativeEdit("introduction", None, str(n), loaded.updated_at)
        return save_narrative(ctx, *PERIOD, None, [edit])

    return int(loaded.body), save


def _attendance(ctx: ServiceContext, t: Target) -> tuple[int, Callable[[int], object]]:
    with ctx.read() as session:
        note = session.scalar(
            select(Attendance.note).where(
                Attendance.meeting_id == t.meeting_id, Attendance.member_id == t.member_id
            )
        )
    assert note is not None
    return int(note or 0), lambda n: sittings.set_attendance(
        ctx, t.meeting_id, t.member_id, "present", note=str(n), expected={"note": note}
    )


def _settings(ctx: ServiceContext, t: Target) -> tuple[int, Callable[[int], object]]:
    with ctx.read() as session:
        years = session.scalar(select(Agency.retention_years).where(Agency.id == ctx.agency_id))
    assert years is not None
    return years, lambda n: save_policy(ctx, {"retention_years": n}, expected={"retention_years": years})


EDITS = {"grading": _grading, "narrative": _narrative, "attendance": _attendance, "settings": _settings}


def _hammer(url: str, kind: str, target: Target, go: object, results: object) -> None:
    """A child process: SAVES_EACH successful saves, each from a fresh read; conflicts retried."""
    try:
        results.put(_saves(url, kind, target, go))  # type: ignore[attr-defined]
    except BaseException as exc:  # noqa: BLE001 - the parent says what went wrong
        results.put(f"{type(exc).__name__}: {exc}")  # type: ignore[attr-defined]


def _saves(url: str, kind: str, target: Target, go: object) -> tuple[int, int]:
    engine = make_engine(url)
    ctx = ServiceContext(engine, ADMIN if url.startswith("sqlite") else None)
    saved = conflicts = 0
    go.wait()  # type: ignore[attr-defined]
    while saved < SAVES_EACH:
        value, save = EDITS[kind](ctx, target)
        try:
            save(value + 1)
        except ConflictError as exc:
            assert "changed by" in str(exc) and "Nothing was" in str(exc), str(exc)
            conflicts += 1
        else:
            saved += 1
    engine.dispose()
    return saved, conflicts


def _two_at_once(urls: tuple[str, str], kind: str, target: Target) -> tuple[int, int]:
    mp = multiprocessing.get_context("fork")  # children keep the pinned day
    go, results = mp.Event(), mp.Queue()
    children = [mp.Process(target=_hammer, args=(url, kind, target, go, results)) for url in urls]
    for child in children:
        child.start()
    go.set()
    outcomes = [results.get(timeout=60) for _ in children]
    for child in children:
        child.join(timeout=30)
    failed = [o for o in outcomes if isinstance(o, str)]
    assert not failed, failed
    return sum(s for s, _c in outcomes), sum(c for _s, c in outcomes)


def _prepare(ctx: ServiceContext) -> Target:
    """A sitting on its own day, everyone present; counters at known values."""
    sheet = on_the_day(ctx, walkthrough_sitting(ctx))
    case = next(c for c in sheet.cases if c.papers)
    paper = case.papers[0]
    member = sheet.attendance[0].member_id
    panel_day.record_grading(ctx, case.hearing_id, paper.paper_type, "requires_improvement", "0")
    save_narrative(ctx, *PERIOD, None, [NarrativeEdit("introduction", None, "0")])
    sittings.set_attendance(ctx, sheet.meeting_id, member, "present", note="0")
    save_policy(ctx, {"retention_years": 25})
    return Target(case.hearing_id, paper.paper_type, sheet.meeting_id, member)


def _check_no_lost_update(ctx: ServiceContext, urls: tuple[str, str], target: Target, kind: str) -> None:
    started = time.monotonic()
    before, _save = EDITS[kind](ctx, target)
    saved, conflicts = _two_at_once(urls, kind, target)
    after, _save = EDITS[kind](ctx, target)
    lost = saved - (after - before)
    assert saved == 2 * SAVES_EACH and lost == 0, f"{kind}: {lost} of {saved} saves lost"
    assert conflicts > 0, "the two processes never met: the test proved nothing"
    assert time.monotonic() - started < 20


@pytest.mark.parametrize("kind", KINDS)
def test_no_lost_update_on_sqlite(demo_ctx: ServiceContext, kind: str) -> None:
    target = _prepare(demo_ctx)
    url = str(demo_ctx.engine.url)
    demo_ctx.engine.dispose()
    _check_no_lost_update(demo_ctx, (url, url), target, kind)


@pytest.fixture(scope="module")
def team() -> Iterator[tuple[ServiceContext, Target, dict[str, str]]]:
    """The demo agency on a new PostgreSQL database, with an adviser and an administrator login."""
    if _PG_SKIP:
        pytest.skip(_PG_SKIP)
    name = f"panelapp_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{name}"
    engine = make_engine(url)
    tag = uuid.uuid4().hex[:6]
    logins = {role: f"pa_{role[:4]}_{tag}" for role in ("adviser", "administrator")}
    try:
        upgrade_database(engine)
        ctx = ServiceContext(engine)
        agency.load_demo_data(ctx, until=DEMO_UNTIL)
        for role, login in logins.items():
            save_user(ctx, login, role, password="not-a-real-secret")
        target = _prepare(ctx)  # moves today to the sitting's day
        clock.reset()
        urls = {
            role: make_url(url).set(username=login, password="not-a-real-secret").render_as_string(False)
            for role, login in logins.items()
        }
        yield ctx, target, urls
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            drop_database_roles(conn, name)
            for login in logins.values():
                conn.execute(text(f'DROP ROLE IF EXISTS "{login}"'))
        admin.dispose()


@pytest.mark.pg
@pytest.mark.parametrize("kind", KINDS)
def test_no_lost_update_on_postgresql(team: tuple[ServiceContext, Target, dict[str, str]], kind: str) -> None:
    ctx, target, urls = team
    login = urls["administrator" if kind == "settings" else "adviser"]
    clock.set_today(panel_day.day_sheet(ctx, target.meeting_id).date)  # the autouse fixture resets it
    _check_no_lost_update(ctx, (login, login), target, kind)
