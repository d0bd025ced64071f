"""Every service context writes the audit trail, however many came and went before it.

The hooks were once attached per sessionmaker behind an `event.contains` guard. SQLAlchemy
keys listeners by id(target): a freed sessionmaker's id, reused by the next one while the
old class waited for the cycle collector, made the guard skip the new one, and a save then
left no audit row, no editor stamp and no closed_on (a test failed about one run in fifteen).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.models import AuditEntry, ClosureDay
from panelapp.domain.permissions import Permission
from panelapp.services.context import ServiceContext
from tests.conftest import DEMO_UNTIL, copy_database


@pytest.fixture
def no_cycle_collector() -> Iterator[None]:
    """Hold freed classes in memory as a busy process does between collections."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def test_each_new_context_audits_its_writes(
    tmp_path: Path, demo_database: Path, no_cycle_collector: None
) -> None:
    first = copy_database(demo_database, tmp_path)
    engine, user = first.engine, first.user
    with first.read() as session:
        before = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
    for n in range(40):
        ctx = ServiceContext(engine, user)  # the previous one is freed here: its id is free
        with ctx.write(Permission.EDIT_SETTINGS, f"closure {n}") as session:
            session.add(
                ClosureDay(agency_id=ctx.agency_id, day=DEMO_UNTIL + timedelta(days=n), reason="Closed")
            )
        with ctx.read() as session:
            written = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
            author = session.scalar(select(AuditEntry.author).order_by(AuditEntry.id.desc()).limit(1))
        assert written == before + n + 1, f"context {n} wrote no audit row"
        assert author == user.username
        del ctx
