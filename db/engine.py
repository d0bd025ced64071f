"""Engines and session factories for the embedded SQLite and the shared PostgreSQL database."""

from __future__ import annotations

import os
import sqlite3
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker


def normalise_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs that name no driver."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def is_sqlite(url_or_engine: str | Engine) -> bool:
    url = url_or_engine.url if isinstance(url_or_engine, Engine) else make_url(url_or_engine)
    return url.get_backend_name() == "sqlite"


# How long a save waits for another writer (a long import) before saying so in plain words
# (panelapp/services/context.py translate_errors): 30 s, not SQLite's 5.
BUSY_TIMEOUT_MS = 30_000


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the app read while a backup or another window writes; FKs are off by default.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _create_private(database: str | None) -> None:
    """A new database file is the owner's only (0600; SQLite gives its -wal and -shm the same)."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    try:
        os.close(os.open(database, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except (FileExistsError, FileNotFoundError):
        return  # an existing database keeps its mode; a missing folder is reported by SQLite


def make_engine(url: str, **kwargs: Any) -> Engine:
    url = normalise_url(url)
    if is_sqlite(url):
        _create_private(make_url(url).database)
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # pool_pre_ping: a laptop that slept has a dead connection; reconnect instead of failing.
    return create_engine(url, pool_pre_ping=True, **kwargs)


def make_session_factory(engine: Engine, session_class: type[Session] = Session) -> sessionmaker[Session]:
    """One session per user action; plain data leaves it, so nothing expires on commit."""
    return sessionmaker(engine, class_=session_class, expire_on_commit=False)
