"""Choosing the database: the embedded file or the team's PostgreSQL server."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import URL, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from db.engine import make_engine
from db.migrate import UpgradeResult
from panelapp import credentials
from panelapp.config import default_db_url, load_settings, save_settings
from panelapp.services.context import ServiceContext, open_database
from panelapp.services.errors import ConnectionLost, DatabaseUnusable

CONNECT_TIMEOUT_SECONDS = 10  # an unreachable server is said in seconds, not after minutes
ADDRESS_FORMS = "sqlite:///PATH/TO/FILE or postgresql://LOGIN@SERVER/DATABASE"
# The server's words (psycopg, SQLite) -> the reason as a panel administrator reads it.
_REASONS = (
    (r"connection refused", "the server did not answer (is it running, and is the address right?)"),
    (r"timeout|timed out", "the server did not answer in time: check the network, or ask IT"),
    (
        r"resolve host|name or service not known|nodename nor servname|no address",
        "the server's name is not known: check its spelling, or the network",
    ),
    (
        r"password authentication failed|no password supplied",
        "the password was not accepted: check it, or ask IT to reset it",
    ),
    (r"role .* does not exist", "the server does not know that login: ask IT to add you"),
    (r"database .* does not exist", "there is no database of that name on the server"),
    (r"pg_hba\.conf|permission denied", "the server does not let this login in: ask IT"),
    (r"unable to open database file", "the file cannot be opened: check the folder and its permissions"),
    (r"readonly database|read-only", "the file cannot be written: check its permissions"),
    (r"database is locked", "another program is holding the file: try again in a moment"),
)


@dataclass(frozen=True)
class PostgresSettings:
    host: str
    port: int
    database: str
    user: str

    def url(self, password: str | None = None) -> str:
        return URL.create(
            "postgresql+psycopg",
            username=self.user,
            password=password or None,
            host=self.host,
            port=self.port,
            database=self.database,
        ).render_as_string(hide_password=False)


def test_postgres(settings: PostgresSettings, password: str | None) -> str:
    """Try to connect; returns the server version or raises ConnectionLost in plain words."""
    engine = make_engine(settings.url(password), connect_args={"connect_timeout": 5})
    try:
        with engine.connect() as conn:
            version = str(conn.scalar(text("SHOW server_version")))
    except Exception as exc:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc) else type(exc).__name__
        raise ConnectionLost(
            f"Could not connect to {settings.database} on {settings.host}:{settings.port} as "
            f"{settings.user}. Check the details and the password, or ask IT. ({reason})"
        ) from exc
    finally:
        engine.dispose()
    return version


def choose_embedded() -> str:
    values = load_settings()
    values.pop("database_url", None)
    save_settings(values)
    return default_db_url()


def choose_postgres(settings: PostgresSettings, password: str | None, remember: bool = True) -> str:
    """Save the server details (never the password); the password goes to the keyring."""
    url = settings.url()
    if password and remember:
        credentials.remember_password(url, password)
    values = load_settings()
    values["database_url"] = credentials.url_without_password(url)
    save_settings(values)
    return settings.url(password)  # for this session only; never saved


def mark_first_run_done() -> None:
    values = load_settings()
    values["first_run_done"] = True
    save_settings(values)


def first_run_done() -> bool:
    return bool(load_settings().get("first_run_done"))


def open_checked(url: str) -> tuple[ServiceContext, UpgradeResult]:
    """`open_database`, with every way the address, the file or the server can fail said in words.

    Messages name the server, database and login or the file, never the password.
    """
    try:
        parsed = make_url(url)
        backend = parsed.get_backend_name()
    except (ArgumentError, ValueError):
        raise DatabaseUnusable(
            f"the database address is not one PanelApp understands: use {ADDRESS_FORMS}."
        ) from None
    if backend == "sqlite":
        where = _check_sqlite_path(parsed.database)
    elif backend == "postgresql":
        where = (
            f"the PostgreSQL database {parsed.database or '(none named)'} on "
            f"{parsed.host or 'this computer'}:{parsed.port or 5432} as {parsed.username or 'you'}"
        )
        if "connect_timeout" not in parsed.query:
            url = parsed.update_query_dict(
                {"connect_timeout": str(CONNECT_TIMEOUT_SECONDS)}
            ).render_as_string(hide_password=False)
    else:
        raise DatabaseUnusable(
            f"PanelApp keeps its data in SQLite or PostgreSQL, not '{backend[:40]}': use {ADDRESS_FORMS}."
        )
    try:
        return open_database(url)
    except (DatabaseUnusable, ConnectionLost):
        raise
    except (DBAPIError, NoSuchModuleError, OSError) as exc:
        raise ConnectionLost(f"cannot open {where}: {_reason(exc)}. Nothing was changed.") from exc


def _check_sqlite_path(database: str | None) -> str:
    if not database or database == ":memory:":
        return "a database in memory"
    path = Path(database)
    if path.is_dir():
        raise DatabaseUnusable(f"{path} is a folder, not a database file: give the file's name.")
    if not path.parent.is_dir():
        raise DatabaseUnusable(
            f"the folder {path.parent} does not exist: create it first, or give another place "
            "for the database file."
        )
    return f"the database file {path}"


def _reason(exc: BaseException) -> str:
    words = str(getattr(exc, "orig", None) or exc).lower()
    for pattern, reason in _REASONS:
        if re.search(pattern, words):
            return reason
    return "the server or the file refused the connection; ask IT"
