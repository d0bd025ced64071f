"""Taking a case off a sitting leaves an audit row for its typed minutes (issue 18, failure 8).

The hearing's minutes section went with the hearing through the database's cascade, with no
audit row on SQLite. AAR 2005 reg 41 (records kept); UK GDPR Art. 5(2) (accountability).
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.engine import make_engine
from db.migrate import upgrade_database
from db.models import AuditEntry, Hearing, Minutes, MinutesSection
from panelapp.domain.permissions import Permission
from panelapp.services import agency
from panelapp.services.cases.booking import ACTIVE_HEARING, unbook_case
from panelapp.services.context import ServiceContext
from tests.conftest import DEMO_UNTIL

TYPED = "The panel heard from the social worker about the children's contact."


def _typed_section_of_a_booked_case(ctx: ServiceContext) -> tuple[int, int]:
    """A booked hearing whose sitting's draft minutes hold a typed section for it."""
    with ctx.write(Permission.EDIT_MINUTES, "minutes typed") as session:
        hearing = session.scalars(
            select(Hearing).where(Hearing.status == ACTIVE_HEARING).order_by(Hearing.id)
        ).first()
        assert hearing is not None
        minutes = session.scalar(select(Minutes).where(Minutes.meeting_id == hearing.meeting_id))
        if minutes is None:
            minutes = Minutes(meeting_id=hearing.meeting_id, state="draft")
            session.add(minutes)
            session.flush()
        section = MinutesSection(
            minutes_id=minutes.id, hearing_id=hearing.id, position=99, title="Case", body=TYPED
        )
        session.add(section)
        session.flush()
        return hearing.id, section.id


def _check(ctx: ServiceContext) -> None:
    hearing_id, section_id = _typed_section_of_a_booked_case(ctx)
    unbook_case(ctx, hearing_id)
    with ctx.read() as session:
        assert session.get(MinutesSection, section_id) is None
        deleted = session.scalars(
            select(AuditEntry).where(
                AuditEntry.table_name == "minutes_section",
                AuditEntry.row_id == str(section_id),
                AuditEntry.action == "delete",
            )
        ).all()
    assert len(deleted) == 1
    assert deleted[0].before is not None and deleted[0].before["body"] == TYPED
    assert deleted[0].summary == "Case taken off a sitting"


def test_unbooking_audits_the_typed_minutes_section_on_sqlite(demo_ctx: ServiceContext) -> None:
    _check(demo_ctx)


@pytest.mark.pg
def test_unbooking_audits_the_typed_minutes_section_on_postgresql(pg_url: str) -> None:
    engine = make_engine(pg_url)
    try:
        upgrade_database(engine)
        ctx = ServiceContext(engine)
        agency.load_demo_data(ctx, until=DEMO_UNTIL)
        _check(ctx)
    finally:
        engine.dispose()
