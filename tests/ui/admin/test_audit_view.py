"""The audit log view and its CSV export."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from db.models import Member
from panelapp.domain.permissions import Permission
from panelapp.domain.vocab import UserRole
from panelapp.services.admin import AuditFilter, list_audit
from panelapp.services.context import CurrentUser, ServiceContext
from panelapp.services.errors import PermissionDenied
from ui.admin.audit_view import AuditView


def _edit_a_member(ctx: ServiceContext, phone: str) -> int:
    with ctx.write(Permission.EDIT_MEMBERS, "phone number corrected") as session:
        member = session.scalars(select(Member).order_by(Member.id)).first()
        assert member is not None
        member.phone = phone
        return member.id


def test_an_edit_appears_in_the_audit_view_and_filters_work(qtbot: QtBot, demo_ctx: ServiceContext) -> None:
    member_id = _edit_a_member(demo_ctx, "01632 960123")
    view = AuditView(demo_ctx)
    qtbot.addWidget(view)
    view.refresh()
    assert view.model.rowCount() >= 2  # the demo-data note and the edit
    first = view.model.row(0)
    assert (first.author, first.action, first.table, first.row_id) == (
        "test.admin",
        "update",
        "member",
        str(member_id),
    )
    assert "01632 960123" in first.after
    view.table_box.setCurrentText("member")
    qtbot.keyClicks(view.search, "960123")
    view.reload()
    assert view.model.rowCount() == 1
    view.search.clear()
    qtbot.keyClicks(view.search, "nothing-like-this")
    view.reload()
    assert view.model.rowCount() == 0


def test_export_csv_from_the_view(
    qtbot: QtBot, demo_ctx: ServiceContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _edit_a_member(demo_ctx, "01632 960124")
    view = AuditView(demo_ctx)
    qtbot.addWidget(view)
    view.refresh()
    out = tmp_path / "audit.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    shown: list[str] = []
    monkeypatch.setattr("ui.shell.messages.messenger.info", lambda _p, _t, text: shown.append(text))
    view.export_csv()
    with out.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["author"] == "test.admin" and "01632 960124" in rows[0]["after"]
    assert shown and "changes written" in shown[0]


def test_a_bad_date_in_the_filter_is_explained_not_applied(qtbot: QtBot, demo_ctx: ServiceContext) -> None:
    view = AuditView(demo_ctx)
    qtbot.addWidget(view)
    view.refresh()
    before = view.model.rowCount()
    qtbot.keyClicks(view.since.edit, "31/02/2026")
    view.reload()
    assert not view.since.error.isHidden() and "31/02/2026" in view.since.error.text()
    assert view.model.rowCount() == before


def test_chairs_and_viewers_cannot_read_the_audit_log(tmp_path: Path) -> None:
    from tests.conftest import new_sqlite_context

    ctx = new_sqlite_context(tmp_path, CurrentUser("c.chair", "C Chair", UserRole.CHAIR))
    with pytest.raises(PermissionDenied):
        list_audit(ctx, AuditFilter())


def test_the_view_verifies_the_trail_and_says_when_it_was_tampered_with(
    qtbot: QtBot, demo_ctx: ServiceContext
) -> None:
    """Issue 18: the Audit log view shows what `panelapp audit --verify` proves."""
    import sqlite3

    from PySide6.QtCore import Qt

    _edit_a_member(demo_ctx, "01632 960125")
    view = AuditView(demo_ctx)
    qtbot.addWidget(view)
    view.refresh()
    qtbot.mouseClick(view.verify_button, Qt.MouseButton.LeftButton)
    assert "The audit trail is intact" in view.verify_result.text()
    demo_ctx.engine.dispose()
    con = sqlite3.connect(str(demo_ctx.engine.url.database))
    con.execute("UPDATE audit_log SET author = 'someone.else' WHERE id = 3")
    con.commit()
    con.close()
    qtbot.mouseClick(view.verify_button, Qt.MouseButton.LeftButton)
    assert "tampered with" in view.verify_result.text() and "Row 3" in view.verify_result.text()


def test_the_log_reads_in_london_time_with_field_labels_before_and_after(
    qtbot: QtBot, demo_ctx: ServiceContext
) -> None:
    """Issue 20: the audit log showed raw JSON and UTC times; an edit reads 'surname: Ambler →
    Amblerr' at London time, never 'last_name', a version number or '{"'."""
    from datetime import UTC
    from zoneinfo import ZoneInfo

    from db.models import AuditEntry

    with demo_ctx.write(Permission.EDIT_MEMBERS, "surname corrected") as session:
        member = session.scalars(select(Member).order_by(Member.id)).first()
        assert member is not None
        old = member.last_name
        member.last_name = old + "r"
    with demo_ctx.read() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert entry is not None
    view = AuditView(demo_ctx)
    qtbot.addWidget(view)
    view.refresh()
    headers = [view.model.headerData(c, Qt.Orientation.Horizontal) for c in range(view.model.columnCount())]
    assert "UTC" not in " ".join(headers) and "Changes" in headers and "Before" not in headers
    row = next(r for r in range(view.model.rowCount()) if view.model.row(r).id == entry.id)
    shown = [view.model.index(row, c).data() for c in range(view.model.columnCount())]
    london = entry.at.replace(tzinfo=UTC).astimezone(ZoneInfo("Europe/London"))
    assert shown[0] == f"{london:%d/%m/%Y %H:%M:%S}"
    assert shown[2] == "Changed" and shown[3] == f"member {entry.row_id}"
    assert f"surname: {old} → {old}r" in shown[4]
    assert "last_name" not in shown[4] and "{" not in shown[4] and "version" not in shown[4]


def test_a_summer_time_is_shown_an_hour_on_from_utc() -> None:
    """Issue 20: stored 13:05 UTC on 1 July is 14:05 in London (British Summer Time); in
    December the two agree. Dates in values read dd/mm/yyyy; an added record lists its fields."""
    from datetime import datetime

    from panelapp.services.admin.audit_log import AuditRow, field_changes

    summer = AuditRow(1, datetime(2026, 7, 1, 13, 5), "a", "update", "member", "1", "", "", "")
    winter = AuditRow(2, datetime(2026, 12, 1, 13, 5), "a", "insert", "case_paper", "7", "", "", "")
    assert summer.when == "01/07/2026 14:05:00" and winter.when == "01/12/2026 13:05:00"
    assert winter.action_label == "Added" and winter.record == "case paper 7"
    changed = field_changes(
        {"par_received_on": None, "version": 1}, {"par_received_on": "2026-11-20", "version": 2}
    )
    assert [c.text for c in changed] == ["PAR received: (empty) → 20/11/2026"]
    added = field_changes(None, {"vice_chair_id": 4, "version": 1})
    assert [c.text for c in added] == ["vice chair: 4"]


def test_the_when_column_sorts_by_the_time_not_the_text(qtbot: QtBot, demo_ctx: ServiceContext) -> None:
    """Issue 20: When sorted as text put 09/03/2027 before 20/11/2026; and when the clocks go
    back (25/10/2026) 00:30 and 01:30 UTC both read 01:30 in London: the instant decides."""
    from datetime import datetime

    from panelapp.services.admin.audit_log import AuditRow

    def row(id_: int, at: datetime) -> AuditRow:
        return AuditRow(id_, at, "a", "update", "member", "1", "", "", "")

    view = AuditView(demo_ctx)
    qtbot.addWidget(view)
    view.model.set_rows(
        [
            row(1, datetime(2026, 11, 20, 9, 0)),
            row(2, datetime(2027, 3, 9, 9, 0)),
            row(3, datetime(2026, 10, 25, 1, 30)),  # 01:30 GMT, after the clocks went back
            row(4, datetime(2026, 10, 25, 0, 30)),  # 01:30 BST, the hour before
            row(5, datetime(2026, 1, 2, 9, 0)),
        ]
    )
    assert view.model.row(2).when == view.model.row(3).when == "25/10/2026 01:30:00"
    view.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    ids = [view.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 1).id for r in range(5)]
    assert ids == [5, 4, 3, 1, 2]
    view.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert view.proxy.index(0, 0).data() == "09/03/2027 09:00:00"


def test_sittings_times_and_targets_read_in_the_users_words() -> None:
    """Seen driving a first run at 1366x768 (issue 20): 'meeting 12', 'end time: 15:00:00' and
    'adm decision wd: 7' in the audit log; now 'sitting 12', '15:00' and working days said."""
    from datetime import datetime

    from panelapp.services.admin.audit_log import AuditRow, field_changes

    row = AuditRow(1, datetime(2026, 11, 20, 9, 0), "a", "insert", "meeting", "12", "", "", "")
    assert row.record == "sitting 12"
    added = field_changes(None, {"end_time": "15:00:00", "adm_decision_wd": 7, "papers_deadline_wd": 10})
    assert [c.text for c in added] == [
        "ADM decision (working days): 7",
        "end time: 15:00",
        "papers deadline (working days): 10",
    ]
