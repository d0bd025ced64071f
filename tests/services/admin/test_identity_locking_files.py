"""SQLite identity and locking, and private files (issue 18, failures 9, 10, 12 and 5).

UK GDPR Art. 32 (security of processing: access control, integrity); ICO guidance on
storage security (personal data files readable by their owner only).
"""

from __future__ import annotations

import logging
import os
import pwd
import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import Member
from panelapp import logs
from panelapp.domain.permissions import Permission
from panelapp.services.admin import backup, save_user
from panelapp.services.context import ServiceContext, os_account
from panelapp.services.errors import ConnectionLost
from tests.conftest import new_sqlite_context


def test_the_os_account_not_the_user_variable_signs_in(
    demo_ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 18 failure 9: `USER=boss panelapp members import` made a viewer an administrator."""
    save_user(demo_ctx, "boss", "administrator")
    for variable in ("USER", "LOGNAME", "USERNAME", "LNAME"):
        monkeypatch.setenv(variable, "boss")
    me = pwd.getpwuid(os.getuid()).pw_name
    assert os_account() == me
    ctx = ServiceContext(demo_ctx.engine)
    assert ctx.user.username == me and ctx.user.username != "boss"


def test_a_second_writer_gets_a_plain_message_not_database_is_locked(
    demo_ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 18 failure 10: during a long import any other write failed with a raw "database is locked"."""
    monkeypatch.setattr("db.engine.BUSY_TIMEOUT_MS", 300)
    demo_ctx.engine.dispose()
    importer = sqlite3.connect(str(demo_ctx.engine.url.database))
    importer.execute("BEGIN IMMEDIATE")  # the long import holds the write lock
    try:
        with (
            pytest.raises(ConnectionLost, match="Someone else is saving a large change") as caught,
            demo_ctx.write(Permission.EDIT_MEMBERS, "phone") as session,
        ):
            member = session.scalars(select(Member)).first()
            assert member is not None
            member.phone = "01632 960111"
        assert "locked" not in str(caught.value)
    finally:
        importer.rollback()
        importer.close()


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_databases_backups_and_safety_copies_are_the_owners_only(tmp_path: Path) -> None:
    """Issue 18 failure 12: the database, logs and backups were created 0644."""
    os.umask(0o022)
    ctx = new_sqlite_context(tmp_path)
    assert _mode(tmp_path / "panelapp.sqlite3") == 0o600
    info = backup(ctx.engine, tmp_path / "team.backup")
    assert _mode(info.path) == 0o600


def test_log_files_and_their_folder_are_the_owners_only(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PANELAPP_HOME", str(tmp_path))
    os.umask(0o022)
    (tmp_path / "logs").mkdir(mode=0o755)
    logger = logging.getLogger(logs.LOG_NAME)
    saved = logger.handlers[:]
    logger.handlers.clear()
    try:
        logs.setup_logging()
        logs.log_unexpected(ValueError("Jane Smith <jane@example.org> duplicate key"))
        handler = logger.handlers[0]
        assert isinstance(handler, logging.handlers.RotatingFileHandler)
        handler.doRollover()  # a rotated file is new: still 0600
        logger.error("after rotation")
        for handler in logger.handlers:
            handler.flush()
        path = logs.log_path()
        assert _mode(path.parent) == 0o700 and _mode(path) == 0o600
        assert _mode(path.with_name("panelapp.log.1")) == 0o600
        text = path.with_name("panelapp.log.1").read_text()
        assert "Jane" not in text and "jane@example.org" not in text  # ids and code paths only
    finally:
        for handler in logger.handlers:
            handler.close()
        logger.handlers[:] = saved
