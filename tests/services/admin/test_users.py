"""Users and roles on the embedded database, and the `panelapp users` command."""

from __future__ import annotations

import getpass
from pathlib import Path

import pytest

from panelapp.cli import main
from panelapp.domain.vocab import UserRole
from panelapp.services.admin import deactivate_user, list_users, save_user
from panelapp.services.context import CurrentUser, ServiceContext, resolve_user
from panelapp.services.errors import PermissionDenied, ValidationError
from tests.conftest import new_sqlite_context


def test_roles_are_given_changed_and_taken_away(empty_ctx: ServiceContext) -> None:
    save_user(empty_ctx, "Jo.Smith", "adviser", "Jo Smith")
    assert resolve_user(empty_ctx.sessions, "jo.smith").role == UserRole.ADVISER
    save_user(empty_ctx, "jo.smith", "chair")
    assert [u.role for u in list_users(empty_ctx) if u.username == "jo.smith"] == ["chair"]
    deactivate_user(empty_ctx, "jo.smith")
    assert resolve_user(empty_ctx.sessions, "jo.smith").role == UserRole.VIEWER  # unknown/inactive: read only


def test_bad_names_and_roles_are_refused(empty_ctx: ServiceContext) -> None:
    with pytest.raises(ValidationError, match="lower-case"):
        save_user(empty_ctx, "Robert'); DROP TABLE", "viewer")
    with pytest.raises(ValidationError, match="not a role"):
        save_user(empty_ctx, "ann", "superuser")


def test_only_administrators_manage_users(tmp_path: Path) -> None:
    ctx = new_sqlite_context(tmp_path, CurrentUser("ad", "Adviser", UserRole.ADVISER))
    with pytest.raises(PermissionDenied):
        save_user(ctx, "someone", "administrator")


def test_cli_adds_and_lists_users(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    assert main(["--db", url, "init-db", "--demo"]) == 0  # the OS user administers the demo
    assert main(["--db", url, "users", "add", "pat.lee", "--role", "viewer", "--name", "Pat Lee"]) == 0
    capsys.readouterr()
    assert main(["--db", url, "users", "list"]) == 0
    out = capsys.readouterr().out
    assert "pat.lee" in out and "viewer" in out and getpass.getuser() in out
