"""The UI tests' stand-in for the message boxes: it answers as a test says and records every
question, error and notice, so that a test can see one (a fake that swallowed errors could
hide a failure)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event

from panelapp.services.context import ServiceContext
from ui.shell import messages


class RecordingMessenger:
    def __init__(self) -> None:
        self.questions: list[str] = []  # Save / Discard / Cancel, in the order asked
        self.confirms: list[str] = []  # yes / no questions
        self.errors: list[str] = []  # "title: text"
        self.infos: list[str] = []
        self.on_unsaved = "cancel"  # what ask_save_discard_cancel answers
        self.confirm_answer = True  # what confirm answers

    def error(self, _p: Any, title: str, text: str) -> None:
        self.errors.append(f"{title}: {text}")

    def info(self, _p: Any, title: str, text: str) -> None:
        self.infos.append(f"{title}: {text}")

    def confirm(self, _p: Any, title: str, text: str) -> bool:
        self.confirms.append(text)
        return self.confirm_answer

    def ask_save_discard_cancel(self, _p: Any, title: str, text: str) -> str:
        self.questions.append(text)
        return self.on_unsaved


def record_messages(monkeypatch: pytest.MonkeyPatch) -> RecordingMessenger:
    """Put a recording messenger in place of the message boxes for this test."""
    made = RecordingMessenger()
    monkeypatch.setattr(messages, "messenger", made)
    return made


class QueryCounter:
    """The SQL statements a test's actions send to the database (close() stops counting)."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.statements: list[str] = []
        self.engine = ctx.engine
        event.listen(self.engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn: object, _cursor: object, statement: str, *_args: object) -> None:
        self.statements.append(statement)

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._seen)
