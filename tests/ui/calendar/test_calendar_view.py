"""Calendar view: cancel flags cases, absence flips the quorum badge, move refuses a bank holiday."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from db.models import Hearing
from panelapp.services.context import ServiceContext
from panelapp.services.sittings import MeetingRow
from tests.conftest import DEMO_UNTIL
from ui.calendar import dialogs
from ui.calendar.view import CalendarView
from ui.shell import messages


class FakeMessenger:
    def __init__(self) -> None:
        self.shown: list[tuple[str, str, str]] = []

    def error(self, _parent: Any, title: str, text: str) -> None:
        self.shown.append(("error", title, text))

    def info(self, _parent: Any, title: str, text: str) -> None:
        self.shown.append(("info", title, text))

    def confirm(self, _parent: Any, title: str, text: str) -> bool:
        self.shown.append(("confirm", title, text))
        return True


@pytest.fixture
def fake_messenger(monkeypatch: pytest.MonkeyPatch) -> FakeMessenger:
    fake = FakeMessenger()
    monkeypatch.setattr(messages, "messenger", fake)
    return fake


@pytest.fixture
def view(qtbot: QtBot, demo_ctx: ServiceContext, fake_messenger: FakeMessenger) -> CalendarView:
    v = CalendarView(demo_ctx, today=DEMO_UNTIL)
    qtbot.addWidget(v)
    v.resize(1366, 768)
    v.show()
    v.refresh()
    return v


def next_sitting_with_cases(view: CalendarView) -> MeetingRow:
    return next(r for r in view.rows if r.date >= DEMO_UNTIL and r.status == "scheduled" and r.cases_booked)


def month_cell_text(view: CalendarView, day: date) -> str:
    return str(view.month_model.index_of(day).data())


def test_cancelling_a_sitting_flags_its_cases(
    view: CalendarView,
    demo_ctx: ServiceContext,
    fake_messenger: FakeMessenger,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sitting = next_sitting_with_cases(view)
    # Choose the sitting the way a user does: its day in the month grid.
    view.month_table.setCurrentIndex(view.month_model.index_of(sitting.date))
    assert view.selected_id == sitting.id
    assert view.cancel_button.isEnabled()

    def fill_and_ok(dialog: dialogs.CancelSittingDialog) -> int:
        assert not dialog.try_accept()  # no reason yet: refused inside the dialog
        assert "Please say why" in dialog.field_errors.summary.text()
        dialog.reason.setText("Chair and vice chair both unwell")
        return int(dialog.try_accept())

    monkeypatch.setattr(dialogs.CancelSittingDialog, "exec", fill_and_ok)
    view.cancel_selected()

    with demo_ctx.read() as session:
        statuses = set(session.scalars(select(Hearing.status).where(Hearing.meeting_id == sitting.id)))
    assert statuses == {"rebook"}
    assert fake_messenger.shown[-1][:2] == ("info", "Sitting cancelled")
    assert f"{sitting.cases_booked} cases are flagged to re-book" in fake_messenger.shown[-1][2]
    assert "Cancelled" in month_cell_text(view, sitting.date)
    assert "Cancelled: Chair and vice chair both unwell" in view.roster.status_reason.text()
    assert view.roster.badge.text().startswith("Cancelled")
    assert not view.cancel_button.isEnabled() and view.reinstate_button.isEnabled()


def test_marking_members_absent_flips_the_quorum_badge_with_the_reason(
    qtbot: QtBot, view: CalendarView
) -> None:
    sitting = next_sitting_with_cases(view)
    view.tabs.setCurrentIndex(1)
    row = next(i for i in range(view.list_model.rowCount()) if view.list_model.row(i).id == sitting.id)
    view.list_table.selectRow(row)
    panel = view.roster
    assert panel.badge.text() == "Quorate"
    chairs = [e.name for e in panel.model._rows if {"chair", "vice_chair"} & set(e.roles)]
    assert chairs
    absent = panel.status_choice.findData("absent")
    for name in chairs:
        assert panel.select_member(name)
        panel.status_choice.setCurrentIndex(absent)
        panel.status_choice.activated.emit(absent)
    assert panel.badge.text() == "Not quorate (reg 6)"
    assert "neither this panel's chair nor one of its vice chairs is sitting." in panel.reasons.text()
    assert "Not quorate (reg 6)" in month_cell_text(view, sitting.date)
    list_row = next(r for r in view.list_model.rows() if r.id == sitting.id)
    assert list_row.quorum_badge == "Not quorate (reg 6)"
    # Ticking one back in (keyboard: the Sitting checkbox) restores quorum.
    assert panel.select_member(chairs[0])
    index = panel.model.index(panel.table.currentIndex().row(), 0)
    assert panel.model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert panel.badge.text() == "Quorate"
    assert panel.model.entry(panel.table.currentIndex().row()).status == "invited"


def test_unticking_a_member_records_apologies(view: CalendarView) -> None:
    sitting = next_sitting_with_cases(view)
    view.select_meeting(sitting.id)
    panel = view.roster
    first = panel.model.entry(0)
    panel.model.setData(
        panel.model.index(0, 0), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole
    )
    entry = next(e for e in panel.model._rows if e.member_id == first.member_id)
    assert entry.status == "apologies"


def test_moving_to_a_bank_holiday_is_refused_in_the_dialog(
    view: CalendarView, monkeypatch: pytest.MonkeyPatch
) -> None:
    sitting = next_sitting_with_cases(view)
    view.select_meeting(sitting.id)
    seen: dict[str, str] = {}

    def try_christmas_then_next_day(dialog: dialogs.MoveSittingDialog) -> int:
        dialog.new_date.edit.setText("25/12/2026")
        dialog.reason.setText("Room")
        assert not dialog.try_accept()
        seen["field"] = dialog.new_date.error.text()
        dialog.new_date.edit.setText((sitting.date + timedelta(days=1)).strftime("%d/%m/%Y"))
        return int(dialog.try_accept())

    monkeypatch.setattr(dialogs.MoveSittingDialog, "exec", try_christmas_then_next_day)
    view.move_selected()
    assert seen["field"] == "Not a working day (Christmas Day)."
    moved = next(r for r in view.rows if r.id == sitting.id)
    assert moved.date == sitting.date + timedelta(days=1)
    assert view.selected_id == sitting.id
    assert "Moved from" in view.roster.status_reason.text()


def test_month_navigation_with_page_keys(qtbot: QtBot, view: CalendarView) -> None:
    assert "November 2026" in view.month_label.text()
    view.month_table.setFocus()
    qtbot.keyClick(view.month_table, Qt.Key.Key_PageDown)
    assert "December 2026" in view.month_label.text()
    assert "Panel 1 09:30" in month_cell_text(view, date(2026, 12, 1))
