"""Retention that really erases (issue 18, failure 1), on SQLite and PostgreSQL.

After anonymising a case the child's full name survived in 6 audit values and a saved
minutes version, the date of birth in 2 audit rows; closed_on was never set, so a withdrawn
case never fell due; safety copies were never cleaned up. UK GDPR Art. 5(1)(e) (storage
limitation) and Art. 17; the Adoption Agencies Regulations 2005 reg 41 and the agency's
retention schedule; 'right to erasure' does not reach the statistics, which stay.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Text, cast, select

from db.engine import make_engine
from db.migrate import SAFETY_COPIES, expire_safety_copies, upgrade_database
from db.models import (
    Agency,
    AuditEntry,
    Case,
    CaseChild,
    Hearing,
    MinutesRevision,
    MinutesSection,
    WithheldName,
)
from panelapp.domain.permissions import Permission
from panelapp.services import agency
from panelapp.services.admin import apply_retention, verify_audit
from panelapp.services.context import ServiceContext
from tests.conftest import DEMO_UNTIL

CHILD = "Zebedee Quintrell"
BIRTH = date(2019, 3, 4)
RELATIVE = "Morwenna Quintrell"


def _a_heard_case(ctx: ServiceContext) -> tuple[int, int, int]:
    with ctx.read() as session:
        row = session.execute(
            select(Case.id, Hearing.id, MinutesSection.minutes_id)
            .join(Hearing, Hearing.case_id == Case.id)
            .join(MinutesSection, MinutesSection.hearing_id == Hearing.id)
            .join(CaseChild, CaseChild.case_id == Case.id)
            .order_by(Case.id)
        ).first()
    assert row is not None
    return int(row[0]), int(row[1]), int(row[2])


def _name_the_child_everywhere(ctx: ServiceContext) -> int:
    case_id, hearing_id, minutes_id = _a_heard_case(ctx)
    with ctx.write(Permission.EDIT_CASES, "child named") as session:
        child = session.scalars(select(CaseChild).where(CaseChild.case_id == case_id)).first()
        assert child is not None
        child.full_name, child.date_of_birth = CHILD, BIRTH
        session.add(WithheldName(case_id=case_id, name=RELATIVE, kind="birth_relative", initials="MQ"))
        session.add(
            MinutesRevision(
                minutes_id=minutes_id, saved_by="x", kind="save",
                content={"sections": [{"id": 1, "hearing_id": hearing_id, "body": f"{CHILD} is thriving"},
                                      {"id": 2, "hearing_id": -1, "body": "another case's words"}]},
            )
        )  # fmt: skip
    with ctx.write(Permission.EDIT_CASES, "case withdrawn") as session:
        case = session.get(Case, case_id)
        assert case is not None
        case.status = "withdrawn"
    return case_id


def _everything_written(ctx: ServiceContext) -> str:
    with ctx.read() as session:
        audit = session.scalars(select(cast(AuditEntry.before, Text) + " " + cast(AuditEntry.after, Text)))
        versions = session.scalars(select(cast(MinutesRevision.content, Text)))
        names = session.scalars(select(WithheldName.name))
        return "\n".join([*(a or "" for a in audit), *versions, *names])


def _retention_reaches_the_history(ctx: ServiceContext) -> None:
    case_id = _name_the_child_everywhere(ctx)
    with ctx.read() as session:
        case = session.get(Case, case_id)
        assert case is not None and case.closed_on == DEMO_UNTIL  # withdrawn: closed today
    before = _everything_written(ctx)
    assert CHILD in before and RELATIVE in before and BIRTH.isoformat() in before
    with ctx.write(Permission.EDIT_SETTINGS) as session:
        found = session.get(Agency, ctx.agency_id)
        assert found is not None
        found.retention_years = 1
    applied = apply_retention(ctx, date(2028, 1, 1))
    assert case_id in [item.case_id for item in applied]
    after = _everything_written(ctx)
    assert CHILD not in after and "Zebedee" not in after and RELATIVE not in after
    assert BIRTH.isoformat() not in after
    assert "another case's words" in after  # the other cases in the same minutes stay
    report = verify_audit(ctx)
    assert report.intact, report.problems
    assert report.anonymised > 0 and "anonymised under the retention policy" in report.message()


def test_anonymising_a_case_reaches_audit_values_minutes_versions_and_withheld_names(
    demo_ctx: ServiceContext,
) -> None:
    _retention_reaches_the_history(demo_ctx)


@pytest.fixture
def pg_demo(pg_url: str) -> Iterator[ServiceContext]:
    engine = make_engine(pg_url)
    upgrade_database(engine)
    ctx = ServiceContext(engine)
    agency.load_demo_data(ctx, until=DEMO_UNTIL)
    yield ctx
    engine.dispose()


@pytest.mark.pg
def test_the_same_on_postgresql_through_the_auditors_function(pg_demo: ServiceContext) -> None:
    _retention_reaches_the_history(pg_demo)


def test_reopening_a_withdrawn_case_clears_closed_on(demo_ctx: ServiceContext) -> None:
    case_id = _name_the_child_everywhere(demo_ctx)
    with demo_ctx.write(Permission.EDIT_CASES, "case reopened") as session:
        case = session.get(Case, case_id)
        assert case is not None
        case.status = "open"
    with demo_ctx.read() as session:
        reopened = session.get(Case, case_id)
        assert reopened is not None and reopened.closed_on is None


def test_old_safety_copies_expire_by_the_declared_policy(tmp_path: Path) -> None:
    database = tmp_path / "panelapp.sqlite3"
    database.write_bytes(b"")
    old = time.time() - (SAFETY_COPIES.keep_days + 1) * 86400
    copies = []
    for i in range(SAFETY_COPIES.keep_newest + 2):
        copy = tmp_path / f"panelapp.before-000{i}-x.bak"
        copy.write_bytes(b"x")
        os.utime(copy, (old + i, old + i))
        copies.append(copy)
    recent = tmp_path / "panelapp.before-restore-new.bak"
    recent.write_bytes(b"x")
    now = time.time()  # this process's clock, as the policy reads it (not the file system's)
    os.utime(recent, (now, now))
    chosen = tmp_path / "my-own-backup.bak"  # an administrator's own backup: never touched
    chosen.write_bytes(b"x")
    os.utime(chosen, (old, old))
    expired = expire_safety_copies(database)
    # the newest `keep_newest` stay whatever their age; older and past keep_days go
    assert sorted(expired) == sorted(copies[: len(copies) - (SAFETY_COPIES.keep_newest - 1)])
    assert recent.exists() and chosen.exists()
    assert expire_safety_copies(database) == []
