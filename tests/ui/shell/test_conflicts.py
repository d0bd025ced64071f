"""Two people edit the same member: the second save shows both versions, overwrites nothing."""

from __future__ import annotations

from dataclasses import replace

from pytestqt.qtbot import QtBot

from panelapp.domain.vocab import UserRole
from panelapp.services.context import CurrentUser, ServiceContext
from panelapp.services.members import get_member, list_members, member_choices, save_member
from tests.conftest import DEMO_UNTIL
from ui.members.member_dialog import MemberEditDialog
from ui.shell.conflict_dialog import ConflictDialog


def test_the_second_save_shows_both_versions_and_can_reload_theirs(
    qtbot: QtBot, demo_ctx: ServiceContext
) -> None:
    member_id = list_members(demo_ctx, DEMO_UNTIL)[0].id
    detail = get_member(demo_ctx, member_id, DEMO_UNTIL)
    dialog = MemberEditDialog(demo_ctx, member_choices(demo_ctx), detail, today=DEMO_UNTIL)
    qtbot.addWidget(dialog)
    # meanwhile a colleague, on their own laptop, changes the phone number and saves
    colleague = ServiceContext(demo_ctx.engine, CurrentUser("sam.colleague", "Sam", UserRole.ADMINISTRATOR))
    save_member(
        colleague, member_id, replace(detail.details, phone="01632 960555"),
        expected_version=detail.version, today=DEMO_UNTIL,
    )  # fmt: skip
    dialog.phone_edit.setText("01632 960777")
    dialog.save()
    conflict = dialog.findChild(ConflictDialog)
    assert conflict is not None and conflict.isVisible()
    assert conflict.differences >= 1
    cells = [[conflict.table.item(r, c).text() for c in range(3)] for r in range(conflict.table.rowCount())]
    assert ["Phone", "01632 960555", "01632 960777"] in cells
    assert "sam.colleague" in conflict.table.horizontalHeaderItem(1).text()
    assert get_member(demo_ctx, member_id, DEMO_UNTIL).details.phone == "01632 960555"  # not overwritten
    conflict.reload_button.click()
    assert dialog.phone_edit.text() == "01632 960555"
    dialog.phone_edit.setText("01632 960777")
    dialog.save()  # now based on their version: saves
    assert get_member(demo_ctx, member_id, DEMO_UNTIL).details.phone == "01632 960777"


def test_a_case_saved_by_someone_else_first_shows_both_versions(
    qtbot: QtBot, demo_ctx: ServiceContext
) -> None:
    from panelapp.services import cases
    from ui.cases.case_dialog import CaseDialog

    case_id = cases.list_cases(demo_ctx, today=DEMO_UNTIL)[0].id
    dialog = CaseDialog(demo_ctx, case_id)
    qtbot.addWidget(dialog)
    colleague = ServiceContext(demo_ctx.engine, CurrentUser("sam.colleague", "Sam", UserRole.ADMINISTRATOR))
    dialog_data, problems = dialog.collect()
    assert dialog_data is not None and not problems
    cases.update_case(
        colleague, case_id, replace(dialog_data, household="Their household name"), dialog.detail.version
    )  # type: ignore[union-attr]
    dialog.household.setText("My household name")
    dialog.save()
    conflict = dialog.findChild(ConflictDialog)
    assert conflict is not None
    cells = [[conflict.table.item(r, c).text() for c in range(3)] for r in range(conflict.table.rowCount())]
    assert ["Household", "Their household name", "My household name"] in cells
    assert cases.get_case(demo_ctx, case_id).household == "Their household name"
    conflict.reload_button.click()
    assert dialog.household.text() == "Their household name"


def test_minutes_saved_by_someone_else_first_show_both_versions(
    qtbot: QtBot, demo_ctx: ServiceContext
) -> None:
    from sqlalchemy import select

    from db.models import Minutes
    from panelapp.services import panel_day
    from ui.panel_day.minutes_editor import MinutesEditor

    with demo_ctx.read() as session:
        meeting_id = session.scalars(
            select(Minutes.meeting_id).where(Minutes.state == "draft").order_by(Minutes.meeting_id)
        ).first()
    assert meeting_id is not None
    editor = MinutesEditor(demo_ctx, autosave_ms=60_000)
    qtbot.addWidget(editor)
    editor.load(meeting_id)
    doc = editor.doc
    assert doc is not None
    first = doc.sections[0]
    colleague = ServiceContext(demo_ctx.engine, CurrentUser("sam.colleague", "Sam", UserRole.ADMINISTRATOR))
    panel_day.save_minutes(colleague, meeting_id, {first.id: "Their wording."}, doc.version)
    editor.bodies[first.id] = "My wording."
    editor.dirty = True
    assert editor.save() is None  # refused
    conflict = editor.findChild(ConflictDialog)
    assert conflict is not None
    cells = [[conflict.table.item(r, c).text() for c in range(3)] for r in range(conflict.table.rowCount())]
    assert ["Their wording.", "My wording."] in [row[1:] for row in cells]
    assert panel_day.load_minutes(demo_ctx, meeting_id).sections[0].body == "Their wording."  # type: ignore[union-attr]
    conflict.reload_button.click()
    assert editor.bodies[first.id] == "Their wording."
