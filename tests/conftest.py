"""Shared fixtures. Qt runs offscreen and PanelApp's data folder is a temporary one."""

from __future__ import annotations

import os
import sqlite3
import tempfile

# Before anything imports Qt or platformdirs: headless Qt, and never the user's own data.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PANELAPP_HOME"] = tempfile.mkdtemp(prefix="panelapp-test-home-")
os.environ.pop("PANELAPP_DB", None)
# Every test runs on a known day, whatever the calendar says (subprocesses inherit it too);
# a test about another day sets it with `clock.set_today` or monkeypatch.setenv.
os.environ["PANELAPP_TODAY"] = "2026-11-20"

import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from db.engine import make_engine
from db.migrate import upgrade_database
from panelapp import clock
from panelapp.domain.vocab import UserRole
from panelapp.services import agency
from panelapp.services.context import CurrentUser, ServiceContext

PG_ADMIN_URL = os.environ.get("PANELAPP_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
DEMO_UNTIL = date(2026, 11, 20)  # fixed, so demo data is the same on every run; also "today"
assert DEMO_UNTIL.isoformat() == os.environ["PANELAPP_TODAY"]
ADMIN = CurrentUser("test.admin", "Test Admin", UserRole.ADMINISTRATOR)


def _pg_reason() -> str | None:
    try:
        engine = create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
    except Exception as exc:  # noqa: BLE001 - any failure means: skip, saying why
        return f"PostgreSQL not reachable at {PG_ADMIN_URL}: {type(exc).__name__}"
    return None


_PG_SKIP = _pg_reason()


def new_sqlite_context(tmp_path: Path, user: CurrentUser = ADMIN) -> ServiceContext:
    engine = make_engine(f"sqlite:///{tmp_path / 'panelapp.sqlite3'}")
    upgrade_database(engine)
    return ServiceContext(engine, user)


@pytest.fixture(scope="session", autouse=True)
def _qt_settings_in_a_temporary_folder() -> None:
    """QSettings (window layout, column widths, theme) never touch the real user's settings."""
    from PySide6.QtCore import QCoreApplication, QSettings

    QCoreApplication.setOrganizationName("PanelApp-tests")
    QCoreApplication.setApplicationName("PanelApp-tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    folder = tempfile.mkdtemp(prefix="panelapp-test-qsettings-")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, folder)


@pytest.fixture(autouse=True)
def _clock_pinned_to_the_demo_day(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Today is DEMO_UNTIL unless a test says otherwise; nothing a test pins leaks into the next."""
    monkeypatch.setenv("PANELAPP_TODAY", DEMO_UNTIL.isoformat())
    clock.reset()
    yield
    clock.reset()


@pytest.fixture
def empty_ctx(tmp_path: Path) -> ServiceContext:
    """A migrated, empty embedded database, signed in as an administrator."""
    return new_sqlite_context(tmp_path)


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo agency built once per test process; each test gets its own copy of the file."""
    folder = tmp_path_factory.mktemp("demo-template")
    ctx = new_sqlite_context(folder)
    agency.load_demo_data(ctx, until=DEMO_UNTIL)
    ctx.engine.dispose()
    return folder / "panelapp.sqlite3"


def copy_database(source: Path, folder: Path) -> ServiceContext:
    """A private copy of an SQLite database (SQLite's backup API: a consistent copy)."""
    target = folder / "panelapp.sqlite3"
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()
    return new_sqlite_context(folder)


@pytest.fixture
def demo_ctx(tmp_path: Path, demo_database: Path) -> ServiceContext:
    """The demo agency with a year of business up to DEMO_UNTIL, in this test's own file."""
    return copy_database(demo_database, tmp_path)


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database, dropped afterwards."""
    if _PG_SKIP:
        pytest.skip(_PG_SKIP)
    name = f"panelapp_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            drop_database_roles(conn, name)
        admin.dispose()


def drop_database_roles(conn: Any, database: str) -> None:
    """The group roles migration 0006 made for `database` (roles outlive their database)."""
    for (role,) in conn.execute(
        text("SELECT rolname FROM pg_roles WHERE rolname LIKE :p"), {"p": f"panelapp\\_{database}\\_%"}
    ).all():
        conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
