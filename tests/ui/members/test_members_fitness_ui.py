"""Members screens for issue 16: the DBS certificate number's field error, the DBS Update
Service, "Relevant experience from" (AAR 2005 reg 6(1): 3 years' relevant PQE) and the
member's fitness to sit, in words."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from panelapp.services.context import ServiceContext
from panelapp.services.members import get_member, list_members, member_choices
from tests.conftest import DEMO_UNTIL
from ui.members.compliance_panel import CompliancePanel
from ui.members.member_dialog import MemberEditDialog


def _lapsed_panel(qtbot: QtBot, ctx: ServiceContext) -> tuple[CompliancePanel, int]:
    member = next(r for r in list_members(ctx, DEMO_UNTIL) if r.dbs_state == "overdue")
    panel = CompliancePanel(ctx, today=DEMO_UNTIL)
    qtbot.addWidget(panel)
    panel.show_member(member.id)
    return panel, member.id


def test_a_short_dbs_certificate_number_is_refused_next_to_the_field(
    qtbot: QtBot, demo_ctx: ServiceContext
) -> None:
    panel, member_id = _lapsed_panel(qtbot, demo_ctx)
    dialog = panel.dbs_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.widget("checked_on"), "02/11/2026")
    qtbot.keyClicks(dialog.widget("reference"), "12")
    dialog.save()
    assert dialog.result() != QDialog.DialogCode.Accepted
    error = dialog.fields["reference"].error
    assert error.isVisible() and error.text() == "A DBS certificate number is 12 digits; this one has 2."
    assert len(get_member(demo_ctx, member_id, DEMO_UNTIL).dbs_checks) == 1  # nothing written
    dialog.widget("reference").clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(dialog.widget("reference"), "0012 3456 7890")
    assert not error.isVisible()  # cleared on edit
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert get_member(demo_ctx, member_id, DEMO_UNTIL).dbs_checks[0].reference == "001234567890"


def test_the_register_says_why_a_member_is_not_fit_and_records_the_update_service(
    qtbot: QtBot, demo_ctx: ServiceContext
) -> None:
    panel, member_id = _lapsed_panel(qtbot, demo_ctx)
    assert "Not fit to sit today: DBS lapsed 01/03/2024" in panel.body.text()
    assert "Not subscribed" in panel.body.text()
    dialog = panel.update_service_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.widget("subscription_id"), "C-1")
    dialog.save()
    assert dialog.fields["subscription_id"].error.isVisible()
    assert "letters and digits only" in dialog.fields["subscription_id"].error.text()
    dialog.widget("subscription_id").clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(dialog.widget("subscription_id"), "c0a1b2c3d4")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    panel.show_member(member_id)
    text = panel.body.text()
    assert "Subscription C0A1B2C3D4 · last status check 20/11/2026, next due 20/11/2027" in text
    assert "Not fit to sit" not in text


def test_relevant_experience_from_is_edited_in_the_member_dialog(
    qtbot: QtBot, demo_ctx: ServiceContext
) -> None:
    dialog = MemberEditDialog(demo_ctx, member_choices(demo_ctx), None, today=DEMO_UNTIL)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.first_edit, "Rhea")
    qtbot.keyClicks(dialog.last_edit, "Relevant")
    dialog.role_boxes["social_worker"].setChecked(True)
    qtbot.keyClicks(dialog.qualified.edit, "01/07/2010")
    assert dialog.pqe_label.text() == "Relevant PQE 16.3 years"
    qtbot.keyClicks(dialog.relevant.edit, "01/09/2025")
    assert dialog.pqe_label.text() == "Relevant PQE 1.2 years"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.saved_id is not None
    saved = get_member(demo_ctx, dialog.saved_id, DEMO_UNTIL).details
    assert saved.relevant_experience_from == date(2025, 9, 1)


def test_relevant_experience_before_qualifying_is_refused_next_to_the_field(
    qtbot: QtBot, demo_ctx: ServiceContext
) -> None:
    dialog = MemberEditDialog(demo_ctx, member_choices(demo_ctx), None, today=DEMO_UNTIL)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.first_edit, "Early")
    qtbot.keyClicks(dialog.last_edit, "Bird")
    dialog.role_boxes["social_worker"].setChecked(True)
    qtbot.keyClicks(dialog.qualified.edit, "01/07/2010")
    qtbot.keyClicks(dialog.relevant.edit, "01/07/2009")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert (
        dialog.relevant.error.isVisible()
        and "on or after the qualification date" in dialog.relevant.error.text()
    )
    assert len(list_members(demo_ctx, DEMO_UNTIL)) == 40
