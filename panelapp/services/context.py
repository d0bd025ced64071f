"""The service context: which database, who is signed in, and one transaction per use case."""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from db.engine import BUSY_TIMEOUT_MS, is_sqlite, make_engine, make_session_factory
from db.migrate import DatabaseProblem, UpgradeResult, upgrade_database
from db.models import Agency, AppUser
from panelapp import clock
from panelapp.credentials import url_with_password
from panelapp.domain.periods import local_time
from panelapp.domain.permissions import Permission, allows, describe_refusal
from panelapp.domain.vocab import UserRole
from panelapp.services.audit import AuditedSession
from panelapp.services.errors import (
    ConflictError,
    ConnectionLost,
    DatabaseUnusable,
    NotFound,
    PermissionDenied,
    ValidationError,
)

# Write transactions committed by this process, any thread: a view that loaded before the
# last one reloads when next shown (ui/shell/view_base.py), whatever the write forgot to say.
_commits = itertools.count(1)
_last_commit = 0


def writes_committed() -> int:
    """A number that changes whenever a write transaction of this process has committed."""
    return _last_commit


def _count_commit() -> None:
    global _last_commit
    _last_commit = next(_commits)  # next() on a count is atomic: workers write too


@dataclass(frozen=True)
class CurrentUser:
    username: str
    display_name: str
    role: UserRole


class ServiceContext:
    """Handed to every service function. Never shared across threads: workers make their own."""

    def __init__(
        self, engine: Engine, user: CurrentUser | None = None, today: Callable[[], date] = clock.today
    ) -> None:
        self.engine = engine
        self._today = today
        self.sessions: sessionmaker[Session] = make_session_factory(engine, AuditedSession)
        self.db_writes_audit = engine.dialect.name == "postgresql"  # triggers (migration 0003)
        login = engine.url.username if self.db_writes_audit else None
        self.user = user or resolve_user(self.sessions, login or os_account())
        self._agency_id: int | None = None

    @property
    def database_label(self) -> str:
        url = self.engine.url
        if is_sqlite(self.engine):
            return f"SQLite: {url.database}"
        return f"PostgreSQL: {url.username}@{url.host}:{url.port or 5432}/{url.database}"

    def for_thread(self) -> ServiceContext:
        """A context for a worker thread: same engine and user, its own sessions."""
        clone = ServiceContext(self.engine, self.user, self._today)
        clone._agency_id = self._agency_id
        return clone

    def today(self) -> date:
        """Today for every rule a service applies: the process clock unless a test pinned one."""
        return self._today()

    def can(self, permission: Permission) -> bool:
        return allows(self.user.role, permission)

    def require(self, permission: Permission) -> None:
        if not self.can(permission):
            raise PermissionDenied(describe_refusal(self.user.role, permission))

    @property
    def agency_id(self) -> int:
        if self._agency_id is None:
            with self.sessions() as session:
                found = session.scalar(select(func.min(Agency.id)))
            if found is None:
                raise NotFound("No agency has been set up yet. Open Settings to set one up.")
            self._agency_id = found
        return self._agency_id

    def reset_agency(self) -> None:
        self._agency_id = None

    @contextmanager
    def read(self) -> Iterator[Session]:
        with translate_errors(), self.sessions() as session:
            yield session

    @contextmanager
    def write(self, permission: Permission, summary: str = "") -> Iterator[Session]:
        """One transaction per use case: all of it is saved, or none of it."""
        self.require(permission)
        with translate_errors(), self.sessions.begin() as session:
            session.info["author"] = self.user.username
            session.info["summary"] = summary
            if self.db_writes_audit:
                # The database writes the audit rows itself, with the login as author.
                session.info["db_writes_audit"] = True
                session.execute(
                    text("SELECT set_config('panelapp.summary', :summary, true)"), {"summary": summary}
                )
            yield session
        _count_commit()  # reached only once the transaction has committed


def os_account() -> str:
    """The signed-in OS account's name, from the OS itself.

    Never from USER, LOGNAME or USERNAME (getpass.getuser reads those first): anyone can set
    them, and on SQLite the account is the identity (`USER=boss panelapp ...` made a viewer
    an administrator).
    """
    if sys.platform == "win32":
        import ctypes

        size = ctypes.c_ulong(257)
        buffer = ctypes.create_unicode_buffer(size.value)
        if not ctypes.windll.advapi32.GetUserNameW(buffer, ctypes.byref(size)):
            raise DatabaseUnusable("PanelApp could not tell which Windows account is signed in.")
        return str(buffer.value).lower()
    import pwd

    return pwd.getpwuid(os.getuid()).pw_name


DATABASE_BUSY = (
    "Someone else is saving a large change to this database (an import, perhaps) and it is still "
    "busy after PanelApp waited {seconds} seconds. Nothing was saved and your typing is kept: "
    "try again in a minute."
)


@contextmanager
def translate_errors() -> Iterator[None]:
    try:
        yield
    except StaleDataError as exc:
        raise ConflictError(
            "Someone else changed this record while you were editing it. "
            "Nothing was overwritten: reload to see their version."
        ) from exc
    except IntegrityError as exc:
        raise ValidationError(
            "This change clashes with data already saved (for example a duplicate). Nothing was saved."
        ) from exc
    except OperationalError as exc:
        if "database is locked" in str(exc.orig) or "database is busy" in str(exc.orig):
            # SQLite: another writer held the lock longer than db.engine.BUSY_TIMEOUT_MS.
            raise ConnectionLost(DATABASE_BUSY.format(seconds=BUSY_TIMEOUT_MS // 1000)) from exc
        if exc.connection_invalidated or "connect" in str(exc).lower():
            raise ConnectionLost(
                "The connection to the database was lost. Nothing was saved; "
                "your typing is kept. Try again when the network is back."
            ) from exc
        raise
    except DBAPIError as exc:
        if exc.connection_invalidated:
            raise ConnectionLost(
                "The connection to the database was lost. Nothing was saved; try again."
            ) from exc
        raise


def resolve_user(sessions: sessionmaker[Session], username: str) -> CurrentUser:
    """The signed-in user's role. An embedded database with no users: its owner administers it."""
    with sessions() as session:
        user = session.scalar(select(AppUser).where(AppUser.username == username))
        if user is not None and user.active:
            return CurrentUser(user.username, user.display_name or user.username, UserRole(user.role))
        any_user = session.scalar(select(func.count(AppUser.id)))
    if not any_user:
        return CurrentUser(username, username, UserRole.ADMINISTRATOR)
    return CurrentUser(username, username, UserRole.VIEWER)


def open_database(url: str) -> tuple[ServiceContext, UpgradeResult]:
    """Open (creating or upgrading) the database at `url` and sign in as the OS user."""
    engine = make_engine(url_with_password(url))
    try:
        result = upgrade_database(engine)
    except DatabaseProblem as exc:
        engine.dispose()
        raise DatabaseUnusable(str(exc)) from exc
    return ServiceContext(engine), result


def check_version(row: object, expected_version: int | None, what: str) -> None:
    """Refuse a save based on an old copy: 'changed by NAME at TIME', nothing overwritten.

    Services that edit a Versioned row take the version the user started from (the UI got
    it with the plain data) and call this before changing anything.
    """
    if expected_version is None:
        return
    current = getattr(row, "version", None)
    if current is not None and current != expected_version:
        who = getattr(row, "updated_by", None) or "someone else"
        when = getattr(row, "updated_at", None)
        at = f" at {local_time(when):%H:%M on %d/%m/%Y}" if when else ""
        raise ConflictError(
            f"This {what} was changed by {who}{at} while you were editing it. "
            "Nothing was overwritten: reload to see their version, then make your change again.",
            theirs={"version": current, "updated_by": who, **_saved_values(row)},
        )


def _saved_values(row: object) -> dict[str, object]:
    """The row as it is saved now, for showing 'their version' next to the user's."""
    from sqlalchemy import inspect as sa_inspect

    skip = {"id", "version", "updated_at", "updated_by", "agency_id"}
    state = sa_inspect(row)
    return {
        attr.key: state.dict.get(attr.key)
        for attr in state.mapper.column_attrs
        if attr.key not in skip and attr.key in state.dict
    }
