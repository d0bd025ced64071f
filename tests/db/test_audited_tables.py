"""One declared list of audited tables (db/audited.py), agreeing with what migration 0003 installs."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, text

from db.audited import AUDITED_TABLES, NOT_AUDITED_TABLES
from db.engine import make_engine
from db.migrate import upgrade_database
from db.models import Agency, AppSetting, AuditEntry, Base, ClosureDay
from panelapp.domain.permissions import Permission
from panelapp.services.context import ServiceContext

MIGRATION_0003 = (
    Path(__file__).resolve().parents[2]
    / "db" / "migrations" / "versions" / "0003_postgres_roles_and_audit_triggers.py"
)  # fmt: skip
LATER_MIGRATIONS = (
    MIGRATION_0003.with_name("0004_the_law_quorum_clocks_fitness.py"),
    MIGRATION_0003.with_name("0005_children_names_and_senders.py"),
    MIGRATION_0003.with_name("0006_confidential_by_design.py"),
    MIGRATION_0003.with_name("0007_panel_pack.py"),
)


def _named_in(migration: Path, name: str) -> frozenset[str]:
    """A migration's own list of audited tables, read as text: applied migrations are never edited."""
    tree = ast.parse(migration.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            return frozenset(ast.literal_eval(node.value))
    raise AssertionError(f"{migration.name} no longer names {name}")


def test_the_declared_list_is_what_the_migrations_install_triggers_on() -> None:
    installed = _named_in(MIGRATION_0003, "AUDITED_TABLES").union(
        *(_named_in(m, "ADDED_AUDITED_TABLES") for m in LATER_MIGRATIONS)
    )
    assert installed == AUDITED_TABLES


def test_every_table_is_either_audited_or_says_why_not() -> None:
    assert not AUDITED_TABLES & NOT_AUDITED_TABLES.keys()
    assert AUDITED_TABLES | NOT_AUDITED_TABLES.keys() == set(Base.metadata.tables)
    assert all(reason.strip() for reason in NOT_AUDITED_TABLES.values())


def test_the_sqlite_hook_audits_declared_tables_only(demo_ctx: ServiceContext) -> None:
    with demo_ctx.write(Permission.EDIT_SETTINGS, "Audit check") as session:
        agency_id = session.scalars(select(Agency.id)).first()
        session.add(ClosureDay(agency_id=agency_id, day=date(2030, 1, 2), reason="Test"))
        session.add(AppSetting(key="test-mark", value="x"))
    with demo_ctx.read() as session:
        tables = set(
            session.scalars(select(AuditEntry.table_name).where(AuditEntry.summary == "Audit check"))
        )
    assert tables == {"closure_day"}


@pytest.mark.pg
def test_postgresql_triggers_cover_exactly_the_declared_tables(pg_url: str) -> None:
    engine = make_engine(pg_url)
    try:
        upgrade_database(engine)
        with engine.connect() as conn:
            triggered = set(
                conn.execute(
                    text(
                        "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                        "WHERE t.tgname = 'panelapp_audit'"
                    )
                ).scalars()
            )
    finally:
        engine.dispose()
    assert triggered == AUDITED_TABLES
