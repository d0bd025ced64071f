"""Members dialogs: validation next to the field, compliance records, training, import preview."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from panelapp.services.context import ServiceContext
from panelapp.services.members import COLUMNS, get_member, list_members, member_choices
from tests.conftest import DEMO_UNTIL
from ui.members.compliance_panel import CompliancePanel
from ui.members.import_dialog import ImportPreviewDialog
from ui.members.member_dialog import MemberEditDialog
from ui.members.model import MembersTableModel
from ui.members.proxy import MembersFilterProxy
from ui.members.training_dialog import TrainingDialog


@pytest.fixture
def new_dialog(qtbot: QtBot, demo_ctx: ServiceContext) -> MemberEditDialog:
    dialog = MemberEditDialog(demo_ctx, member_choices(demo_ctx), None, today=DEMO_UNTIL)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.first_edit, "Priya")
    qtbot.keyClicks(dialog.last_edit, "Nandakumar")
    dialog.role_boxes["social_worker"].setChecked(True)
    return dialog


def _save(qtbot: QtBot, dialog: MemberEditDialog) -> None:
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def test_an_invalid_date_is_refused_with_a_message_next_to_the_field(
    qtbot: QtBot, new_dialog: MemberEditDialog, demo_ctx: ServiceContext
) -> None:
    qtbot.keyClicks(new_dialog.qualified.edit, "31/02/2019")
    _save(qtbot, new_dialog)
    assert new_dialog.result() != QDialog.DialogCode.Accepted
    assert new_dialog.qualified.error.isVisible()
    assert "not a real date" in new_dialog.qualified.error.text()
    assert new_dialog.qualified.error.parent() is new_dialog.qualified  # right under the field
    assert not new_dialog.joined.error.isVisible()
    assert len(list_members(demo_ctx, DEMO_UNTIL)) == 40


def test_a_social_worker_needs_a_qualification_date(
    qtbot: QtBot, new_dialog: MemberEditDialog, demo_ctx: ServiceContext
) -> None:
    _save(qtbot, new_dialog)
    assert new_dialog.result() != QDialog.DialogCode.Accepted
    assert new_dialog.qualified.error.isVisible()
    assert "qualification date" in new_dialog.qualified.error.text()
    assert len(list_members(demo_ctx, DEMO_UNTIL)) == 40
    qtbot.keyClicks(new_dialog.qualified.edit, "01/07/2020")
    assert new_dialog.pqe_label.text() == "Relevant PQE 6.3 years"
    _save(qtbot, new_dialog)
    assert new_dialog.result() == QDialog.DialogCode.Accepted and new_dialog.saved_id is not None
    assert len(list_members(demo_ctx, DEMO_UNTIL)) == 41


def test_a_duplicate_email_from_the_service_shows_next_to_the_email_field(
    qtbot: QtBot, new_dialog: MemberEditDialog, demo_ctx: ServiceContext
) -> None:
    qtbot.keyClicks(new_dialog.qualified.edit, "2020-07-01")
    qtbot.keyClicks(new_dialog.email_edit, list_members(demo_ctx, DEMO_UNTIL)[0].email)
    _save(qtbot, new_dialog)
    email_field = new_dialog.fields["email"]
    assert email_field.error.isVisible() and "already uses this email" in email_field.error.text()


def test_compliance_panel_records_a_dbs_check_and_refreshes(qtbot: QtBot, demo_ctx: ServiceContext) -> None:
    member = next(r for r in list_members(demo_ctx, DEMO_UNTIL) if r.dbs_state == "overdue")
    panel = CompliancePanel(demo_ctx, today=DEMO_UNTIL)
    qtbot.addWidget(panel)
    panel.show_member(member.id)
    assert "DBS overdue" in panel.body.text()
    dialog = panel.dbs_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.widget("checked_on"), "40/11/2026")
    dialog.save()
    assert dialog.fields["checked_on"].error.isVisible()
    dialog.widget("checked_on").clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(dialog.widget("checked_on"), "02/11/2026")
    qtbot.keyClicks(dialog.widget("reference"), "001234567890")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert get_member(demo_ctx, member.id, DEMO_UNTIL).dbs_checks[0].checked_on == date(2026, 11, 2)


def test_training_recorded_for_many_members_at_once(qtbot: QtBot, demo_ctx: ServiceContext) -> None:
    rows = list_members(demo_ctx, DEMO_UNTIL)
    dialog = TrainingDialog(demo_ctx, rows, today=DEMO_UNTIL)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.title_edit, "Panel training day 2026")
    qtbot.keyClicks(dialog.held.edit, "05/11/2026")
    qtbot.keyClicks(dialog.search, "social work")
    qtbot.mouseClick(dialog.tick_all_button, Qt.MouseButton.LeftButton)
    assert len(dialog.ticked()) == 8
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    social = [r.id for r in rows if "social_worker" in r.roles]
    assert all(
        "Panel training day 2026" in [t.title for t in get_member(demo_ctx, i, DEMO_UNTIL).training]
        for i in social
    )


def test_import_preview_lists_every_problem_and_will_not_import(
    qtbot: QtBot, demo_ctx: ServiceContext, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(",".join(COLUMNS) + "\nBob,bob@x.org,wizard,,,,,,,,\n,c@x.org,chair,,,,,,,,\n")
    dialog = ImportPreviewDialog(demo_ctx, bad, today=DEMO_UNTIL)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.preview_ready, timeout=10000):
        pass
    assert dialog.errors.rowCount() == 2 and not dialog.import_button.isEnabled()
    assert [dialog.errors.item(r, 1).text() for r in range(2)] == ["roles", "name"]
    assert dialog.errors.item(0, 0).text() == "2"


def test_import_preview_then_import_all(qtbot: QtBot, demo_ctx: ServiceContext, tmp_path: Path) -> None:
    good = tmp_path / "new.csv"
    good.write_text(",".join(COLUMNS) + "\nAlys Aaronson,alys@x.org,independent,Panel 1,,,,,,active,\n")
    dialog = ImportPreviewDialog(demo_ctx, good, today=DEMO_UNTIL)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.preview_ready, timeout=10000):
        pass
    assert dialog.table.rowCount() == 1 and dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=10000) as blocker:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [1]
    assert any(r.name == "Alys Aaronson" for r in list_members(demo_ctx, DEMO_UNTIL))


def test_the_models_pass_qt_model_checks(qtmodeltester: object, demo_ctx: ServiceContext) -> None:
    model = MembersTableModel()
    model.set_rows(list_members(demo_ctx, DEMO_UNTIL))
    proxy = MembersFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_search("panel")
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    qtmodeltester.check(proxy)  # type: ignore[attr-defined]


def test_the_member_form_scrolls_within_a_small_screen(qtbot: QtBot, demo_ctx: ServiceContext) -> None:
    """Issue 20: the form was 679 px tall, more than a 1366x768 screen at 125%; now the dialog is
    capped to the screen and the form scrolls, so the last field can still be reached."""
    from PySide6.QtWidgets import QScrollArea

    dialog = MemberEditDialog(demo_ctx, member_choices(demo_ctx), None, today=DEMO_UNTIL)
    qtbot.addWidget(dialog)
    dialog.show()
    room = dialog.screen().availableGeometry()
    assert dialog.frameGeometry().height() <= room.height() and dialog.width() <= room.width()
    assert dialog.minimumSizeHint().height() < 400  # fits 614 px (125%) with room to spare
    scroll = dialog.findChild(QScrollArea)
    assert scroll is not None and scroll.widget().isAncestorOf(dialog.notes_edit)
    scroll.ensureWidgetVisible(dialog.notes_edit)
    qtbot.keyClicks(dialog.notes_edit, "Prefers morning sittings")
    assert dialog.notes_edit.toPlainText() == "Prefers morning sittings"
