"""The undo prompt speaks the user's words (issue 20): what was changed and the fields by their
labels, never PanelApp's own bookkeeping columns (version, updated_at, ics_sequence)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from pytestqt.qtbot import QtBot

from panelapp.services.context import ServiceContext
from panelapp.services.members import get_member, list_members, save_member
from panelapp.services.undo import BOOKKEEPING, field_label
from tests.conftest import DEMO_UNTIL
from tests.ui.support import record_messages
from ui.shell.main_window import MainWindow


def test_field_labels_never_show_internal_names() -> None:
    assert field_label("vice_chair_id") == "vice chair"
    assert field_label("last_name") == "surname"
    assert {"ics_sequence", "ics_uid", "version", "updated_at"} <= BOOKKEEPING


def test_the_undo_question_names_the_change_in_words(
    qtbot: QtBot, demo_ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = record_messages(monkeypatch)
    fake.confirm_answer = False
    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    member_id = list_members(demo_ctx, DEMO_UNTIL)[0].id
    detail = get_member(demo_ctx, member_id, DEMO_UNTIL)
    changed = replace(detail.details, phone="01632 960111", last_name="Okafor-Reid")
    save_member(demo_ctx, member_id, changed, expected_version=detail.version, today=DEMO_UNTIL)
    assert not window.undo_last_change()  # the user said No
    question = fake.confirms[-1]
    assert "phone" in question and "surname" in question
    for internal in ("version", "updated_at", "updated_by", "last_name", "_"):
        assert internal not in question
    assert fake.errors == []  # asked, not refused
