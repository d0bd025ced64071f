"""The Calendar's Qt models pass Qt's model checks and say what a user sees."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from panelapp.services.sittings import MeetingRow, RosterEntry
from ui.calendar.models import SITTINGS_ROLE, MonthModel, RosterModel, month_after, month_grid_start


def sitting(day: date, quorate: bool | None, reasons: tuple[str, ...] = ()) -> MeetingRow:
    return MeetingRow(
        id=day.day, panel_id=1, panel="Panel 1", date=day, start=time(9, 30), end=time(15, 0),
        status="cancelled" if quorate is None else "scheduled", status_reason="", rule_date=day,
        edited=False, teams_link="", venue="", cases_booked=2, quorate=quorate, reasons=reasons,
        at_bare_minimum=False, cases_not_quorate=(), version=1, ics_uid="x", ics_sequence=0,
    )  # fmt: skip


NO_CHAIR = "Not quorate under regulation 6: neither this panel's chair nor one of its vice chairs is sitting."


def test_month_model_places_sittings_on_their_day(qtmodeltester: ModelTester) -> None:
    model = MonthModel()
    rows = [
        sitting(date(2026, 3, 3), True),
        sitting(date(2026, 3, 10), False, (NO_CHAIR,)),
        sitting(
            date(2026, 3, 17), False, ("Below the agency's own rule: no independent member is sitting.",)
        ),
    ]
    model.set_month(2026, 3, rows)
    qtmodeltester.check(model)
    assert month_grid_start(2026, 3) == date(2026, 2, 23)  # the Monday before Sunday 1 March
    index = model.index_of(date(2026, 3, 10))
    assert index.data() == "10\nPanel 1 09:30 · Scheduled\n  Not quorate (reg 6)"
    assert NO_CHAIR in index.data(Qt.ItemDataRole.ToolTipRole)
    assert model.index_of(date(2026, 3, 17)).data() == "17\nPanel 1 09:30 · Scheduled\n  Below agency's rule"
    assert index.data(SITTINGS_ROLE) == [rows[1]]
    assert model.index_of(date(2026, 3, 4)).data() == "4"
    assert month_after(2026, 12, 1) == (2027, 1) and month_after(2026, 1, -1) == (2025, 12)


def test_held_scheduled_moved_and_cancelled_sittings_look_different(qtmodeltester: ModelTester) -> None:
    """Issue 20: the month said "Quorate" alike for a sitting held last week and one to come."""
    held = replace(sitting(date(2026, 3, 3), True), status="held")
    moved = replace(sitting(date(2026, 3, 11), True), rule_date=date(2026, 3, 10))
    model = MonthModel()
    model.set_month(
        2026, 3, [held, moved, sitting(date(2026, 3, 17), True), sitting(date(2026, 3, 24), None)]
    )
    qtmodeltester.check(model)
    cells = {d: model.index_of(date(2026, 3, d)) for d in (3, 11, 17, 24)}
    assert cells[3].data() == "3\nPanel 1 09:30 · ✓ Held"
    assert cells[11].data() == "11\nPanel 1 09:30 · Moved from 10/03/2026\n  Quorate"
    assert cells[17].data() == "17\nPanel 1 09:30 · Scheduled\n  Quorate"
    assert cells[24].data() == "24\nPanel 1 09:30 · ✗ Cancelled"
    backgrounds = {d: c.data(Qt.ItemDataRole.BackgroundRole).color().name() for d, c in cells.items()}
    assert len({backgrounds[3], backgrounds[17], backgrounds[24]}) == 3  # and the words say it too
    assert cells[24].data(Qt.ItemDataRole.FontRole).strikeOut()
    assert "Held" in cells[3].data(Qt.ItemDataRole.AccessibleTextRole)


def test_roster_model_ticks_and_asks_to_save(qtmodeltester: ModelTester) -> None:
    model = RosterModel()
    entries = [
        RosterEntry(1, "Ann Chair", ("chair",), "Independent chair", "invited", False, "", "Panel 1"),
        RosterEntry(
            2, "Sam Social", ("social_worker",), "Social work member", "apologies", True, "", "Panel 2"
        ),
    ]
    model.set_rows(entries, date(2099, 1, 1), editable=True)
    qtmodeltester.check(model)
    asked: list[tuple[int, str]] = []
    model.attendance_changed.connect(lambda member, status: asked.append((member, status)))
    assert model.index(0, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert model.index(1, 1).data() == "Sam Social (cover)"
    model.setData(model.index(1, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    model.setData(model.index(0, 0), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert asked == [(2, "invited"), (1, "apologies")]
    model.set_rows(entries, date(2099, 1, 1), editable=False)
    assert not model.setData(model.index(0, 0), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
