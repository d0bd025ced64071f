"""People who use PanelApp and their permission roles.

On the embedded database a user is an OS account name with a role. On the shared
PostgreSQL database each user is also a database login, a member of the group role
`panelapp_<role>` (created by migration 0003), so the database itself enforces the role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from db.models import AppUser
from panelapp.domain.permissions import Permission
from panelapp.domain.vocab import UserRole
from panelapp.services.context import ServiceContext
from panelapp.services.errors import NotFound, ValidationError

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


def _grant_login(session: Session, username: str, role: UserRole, password: str | None) -> None:
    """PostgreSQL: create or update the login and put it in exactly one PanelApp group role."""
    exists = session.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :u"), {"u": username})
    # format() quotes the name and password on the server: no SQL built from user text here.
    verb = "ALTER" if exists else "CREATE"
    if password is not None:
        statement = session.scalar(
            text(f"SELECT format('{verb} ROLE %I LOGIN PASSWORD %L', CAST(:u AS text), CAST(:p AS text))"),
            {"u": username, "p": password},
        )
    else:
        statement = session.scalar(
            text(f"SELECT format('{verb} ROLE %I LOGIN', CAST(:u AS text))"), {"u": username}
        )
    session.execute(text(str(statement)))
    for other in UserRole:
        revoke = session.scalar(
            text("SELECT format('REVOKE %I FROM %I', CAST(:g AS text), CAST(:u AS text))"),
            {"g": f"panelapp_{other.value}", "u": username},
        )
        session.execute(text(str(revoke)))
    grant = session.scalar(
        text("SELECT format('GRANT %I TO %I', CAST(:g AS text), CAST(:u AS text))"),
        {"g": f"panelapp_{role.value}", "u": username},
    )
    session.execute(text(str(grant)))


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
            statement = session.scalar(
                text("SELECT format('ALTER ROLE %I NOLOGIN', CAST(:u AS text))"), {"u": username}
            )
            session.execute(text(str(statement)))
