"""People who use PanelApp and their permission roles.

On the embedded database a user is an OS account name with a role. On the shared
PostgreSQL database each user is also a database login, a member of this database's group
role `panelapp_<database>_<role>` (migration 0006), so the database itself enforces the role
and a login for one PanelApp database has nothing in another. PanelApp never takes over a
login it did not create, and sends a password only as a SCRAM verifier made here.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import unicodedata
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from db.models import AppUser
from panelapp.domain.permissions import Permission
from panelapp.domain.vocab import UserRole
from panelapp.services.context import ServiceContext
from panelapp.services.errors import NotFound, PermissionDenied, ValidationError

USERNAME = re.compile(r"^[a-z][a-z0-9._-]{1,62}$")


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    display_name: str
    role: str
    active: bool
    email: str = ""  # From: of the email drafts this user writes


def list_users(ctx: ServiceContext) -> list[UserRow]:
    ctx.require(Permission.MANAGE_USERS)
    with ctx.read() as session:
        users = session.scalars(select(AppUser).order_by(AppUser.username))
        return [UserRow(u.id, u.username, u.display_name, u.role, u.active, u.email) for u in users]


def _check(username: str, role: str) -> UserRole:
    if not USERNAME.match(username):
        raise ValidationError(
            "A user name is lower-case letters, digits, '.', '_' or '-', starting with a letter.",
            {"username": "Use lower-case letters and digits, e.g. jo.smith"},
        )
    try:
        return UserRole(role)
    except ValueError as exc:
        choices = ", ".join(r.value for r in UserRole)
        raise ValidationError(
            f'"{role}" is not a role: use one of {choices}.', {"role": "Unknown role"}
        ) from exc


EMAIL = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")


def _checked_email(email: str | None) -> str | None:
    if email is None or not email.strip():
        return None if email is None else ""
    if not EMAIL.match(email.strip()):
        raise ValidationError(
            f'"{email.strip()}" is not an email address.',
            {"email": "Enter an address like jo.smith@agency.org.uk"},
        )
    return email.strip()


SCRAM_ITERATIONS = 4096  # PostgreSQL's own default (scram_iterations)


def scram_verifier(password: str, salt: bytes | None = None, iterations: int = SCRAM_ITERATIONS) -> str:
    """The SCRAM-SHA-256 verifier PostgreSQL stores for `password` (RFC 7677), made here.

    Sent instead of the password, as psql's \\password does: the password itself is never in
    the SQL text, so never in the server's log, a traceback or pg_stat_activity.
    """
    salt = salt if salt is not None else secrets.token_bytes(16)
    normalised = unicodedata.normalize("NFKC", password)  # SASLprep's mapping, as libpq does
    salted = hashlib.pbkdf2_hmac("sha256", normalised.encode("utf-8"), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
    b64 = base64.b64encode
    return (
        f"SCRAM-SHA-256${iterations}:{b64(salt).decode()}"
        f"${b64(stored_key).decode()}:{b64(server_key).decode()}"
    )


def _run(session: Session, template: str, *values: str) -> None:
    """A role statement: format() on the server quotes every name (no SQL from user text)."""
    params = {f"v{i}": v for i, v in enumerate(values)}
    args = "".join(f", CAST(:v{i} AS text)" for i in range(len(values)))
    statement = session.scalar(text(f"SELECT format('{template}'{args})"), params)
    session.connection().exec_driver_sql(str(statement))  # already quoted: no bind parameters


def _group(session: Session, role: UserRole) -> str:
    """This database's group role for `role` (migration 0006: panelapp_<database>_<role>)."""
    return str(session.scalar(text("SELECT panelapp_role(:k)"), {"k": role.value}))


def _existing_login(session: Session, username: str) -> tuple[bool, bool] | None:
    """(is a superuser, is in some PanelApp group role) for an existing role, else None."""
    row = session.execute(
        text(
            "SELECT r.rolsuper, EXISTS (SELECT 1 FROM pg_auth_members a JOIN pg_roles g "
            "ON g.oid = a.roleid WHERE a.member = r.oid AND g.rolname LIKE 'panelapp\\_%') "
            "FROM pg_roles r WHERE r.rolname = :u"
        ),
        {"u": username},
    ).first()
    return None if row is None else (bool(row[0]), bool(row[1]))


def _grant_login(session: Session, username: str, role: UserRole, password: str | None) -> None:
    """PostgreSQL: create or update the login and put it in exactly one of this database's roles."""
    existing = _existing_login(session, username)
    if existing is not None and (existing[0] or not existing[1]):
        raise ValidationError(
            f"There is already a database login called {username} that PanelApp did not create, "
            "so PanelApp will not take it over or change its password. Choose another user name, "
            "or ask IT.",
            {"username": "Already a login outside PanelApp"},
        )
    try:
        if existing is None:
            _run(session, "CREATE ROLE %I LOGIN", username)
        if password is not None:
            _run(session, "ALTER ROLE %I LOGIN PASSWORD %L", username, scram_verifier(password))
        for other in UserRole:
            _run(session, "REVOKE %I FROM %I", _group(session, other), username)
        _run(session, "GRANT %I TO %I", _group(session, role), username)
    except SQLAlchemyError as exc:
        # Never the statement: it names the login and carries its password's verifier.
        cause = getattr(getattr(exc, "orig", None), "sqlstate", "") or "unknown"
        raise PermissionDenied(
            f"The database refused to set up the login {username} (PostgreSQL code {cause}): your "
            "own login may not create or change logins. Ask IT to give it CREATEROLE, or to add "
            "the user. Nothing was saved."
        ) from None


def save_user(
    ctx: ServiceContext,
    username: str,
    role: str,
    display_name: str = "",
    password: str | None = None,
    email: str | None = None,
) -> UserRow:
    """Add a user or change their role (and, on PostgreSQL, their login's password); `email`
    (None: unchanged) is the From: address of the email drafts they write."""
    username = username.strip().lower()
    checked_role = _check(username, role)
    email = _checked_email(email)
    with ctx.write(Permission.MANAGE_USERS, f"User {username} as {checked_role.value}") as session:
        user = session.scalar(select(AppUser).where(AppUser.username == username))
        if user is None:
            user = AppUser(username=username)
            session.add(user)
        user.role = checked_role.value
        user.display_name = display_name or user.display_name or username
        user.active = True
        if email is not None:
            user.email = email
        if session.get_bind().dialect.name == "postgresql":
            _grant_login(session, username, checked_role, password)
        session.flush()
        return UserRow(user.id, user.username, user.display_name, user.role, user.active, user.email)


def deactivate_user(ctx: ServiceContext, username: str) -> None:
    with ctx.write(Permission.MANAGE_USERS, f"User {username} deactivated") as session:
        user = session.scalar(select(AppUser).where(AppUser.username == username))
        if user is None:
            raise NotFound(f"There is no user called {username}.")
        user.active = False
        if session.get_bind().dialect.name == "postgresql":
            # Out of this database's roles: no way in here, and a login that serves another
            # PanelApp database keeps it.
            for role in UserRole:
                _run(session, "REVOKE %I FROM %I", _group(session, role), username)
