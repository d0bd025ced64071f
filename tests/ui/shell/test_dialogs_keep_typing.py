"""The member and case dialogs never lose typing (issue 20): Esc, the window's X and Cancel with
changes ask Save / Discard / Cancel; Cancel keeps the dialog open with the typing, Discard closes
without saving, Save saves (or stays open on a refusal); with no changes they close at once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from panelapp.services import cases
from panelapp.services.context import ServiceContext
from panelapp.services.members import get_member, list_members, member_choices
from tests.conftest import DEMO_UNTIL
from tests.ui.support import RecordingMessenger, record_messages
from ui.cases.case_dialog import CaseDialog
from ui.members.member_dialog import MemberEditDialog
from ui.shell import messages


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> RecordingMessenger:
    made = record_messages(monkeypatch)
    return made


def _member_dialog(qtbot: QtBot, ctx: ServiceContext) -> tuple[MemberEditDialog, int]:
    member_id = list_members(ctx, DEMO_UNTIL)[0].id
    dialog = MemberEditDialog(
        ctx, member_choices(ctx), get_member(ctx, member_id, DEMO_UNTIL), today=DEMO_UNTIL
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog, member_id


def _way_out(qtbot: QtBot, dialog: QDialog, how: str) -> None:
    if how == "escape":
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    elif how == "x":
        dialog.close()
    else:
        dialog.reject()  # the Cancel button's signal


def test_no_changes_close_without_a_question(
    qtbot: QtBot, demo_ctx: ServiceContext, fake: RecordingMessenger
) -> None:
    dialog, _ = _member_dialog(qtbot, demo_ctx)
    _way_out(qtbot, dialog, "escape")
    assert fake.questions == [] and not dialog.isVisible()


@pytest.mark.parametrize("how", ["escape", "x", "cancel"])
def test_every_way_out_of_the_member_dialog_asks_and_cancel_keeps_the_typing(
    qtbot: QtBot, demo_ctx: ServiceContext, fake: RecordingMessenger, how: str
) -> None:
    dialog, member_id = _member_dialog(qtbot, demo_ctx)
    before = get_member(demo_ctx, member_id, DEMO_UNTIL).details.first_name
    dialog.first_edit.setText("Philippa")
    fake.on_unsaved = "cancel"
    _way_out(qtbot, dialog, how)
    assert "Save before closing?" in fake.questions[-1] and "details" in fake.questions[-1]
    assert dialog.isVisible() and dialog.first_edit.text() == "Philippa"
    assert get_member(demo_ctx, member_id, DEMO_UNTIL).details.first_name == before


def test_member_dialog_discard_closes_and_save_saves(
    qtbot: QtBot, demo_ctx: ServiceContext, fake: RecordingMessenger
) -> None:
    dialog, member_id = _member_dialog(qtbot, demo_ctx)
    before = get_member(demo_ctx, member_id, DEMO_UNTIL).details.first_name
    dialog.first_edit.setText("Philippa")
    fake.on_unsaved = "discard"
    _way_out(qtbot, dialog, "x")
    assert not dialog.isVisible()
    assert get_member(demo_ctx, member_id, DEMO_UNTIL).details.first_name == before

    again, _ = _member_dialog(qtbot, demo_ctx)
    again.first_edit.setText("Philippa")
    fake.on_unsaved = "save"
    _way_out(qtbot, again, "escape")
    assert again.result() == QDialog.DialogCode.Accepted
    assert get_member(demo_ctx, member_id, DEMO_UNTIL).details.first_name == "Philippa"
    assert messages.notices().last.startswith("Member details for Philippa")


def test_member_dialog_save_refused_stays_open(
    qtbot: QtBot, demo_ctx: ServiceContext, fake: RecordingMessenger
) -> None:
    dialog, _ = _member_dialog(qtbot, demo_ctx)
    dialog.qualified.edit.setText("31/02/2019")  # not a date: refused beside the field
    fake.on_unsaved = "save"
    _way_out(qtbot, dialog, "escape")
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert fake.errors == []  # refused beside the field, in words there, not in a message box


@pytest.mark.parametrize("answer", ["cancel", "discard", "save"])
def test_the_case_dialog_asks_before_closing_with_changes(
    qtbot: QtBot, demo_ctx: ServiceContext, fake: RecordingMessenger, answer: str
) -> None:
    case_id = cases.list_cases(demo_ctx)[0].id
    dialog = CaseDialog(demo_ctx, case_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.withheld.add_button, Qt.MouseButton.LeftButton)
    item = dialog.withheld.table.item(0, 0)
    assert item is not None
    item.setText("Maxie")
    fake.on_unsaved = answer
    _way_out(qtbot, dialog, "escape")
    assert "the changes to case" in fake.questions[-1]
    assert dialog.isVisible() is (answer == "cancel")
    saved = [n.name for n in cases.list_withheld(demo_ctx, case_id)]
    assert ("Maxie" in saved) is (answer == "save")
    if answer == "save":
        assert messages.notices().last.startswith("Case ")
    assert fake.errors == []
