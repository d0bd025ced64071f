"""The Members view driven as a user would: search as you type, filters, badge, edit + audit."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from db.models import AuditEntry
from panelapp.services.context import ServiceContext
from panelapp.services.members import overdue_compliance_count
from tests.conftest import DEMO_UNTIL
from tests.ui.members.support import open_members_view
from ui.members.member_dialog import MemberEditDialog
from ui.members.model import NAME, ROLES, STATUS
from ui.members.view import MembersView
from ui.shell import messages


class FakeMessenger:
    def __init__(self) -> None:
        self.shown: list[tuple[str, str, str]] = []

    def error(self, _parent: object, title: str, text: str) -> None:
        self.shown.append(("error", title, text))

    def info(self, _parent: object, title: str, text: str) -> None:
        self.shown.append(("info", title, text))

    def confirm(self, _parent: object, _title: str, _text: str) -> bool:
        return True


@pytest.fixture
def fake_messenger(monkeypatch: pytest.MonkeyPatch) -> FakeMessenger:
    fake = FakeMessenger()
    monkeypatch.setattr(messages, "messenger", fake)
    return fake


@pytest.fixture
def view(qtbot: QtBot, demo_ctx: ServiceContext, fake_messenger: FakeMessenger) -> MembersView:
    return open_members_view(qtbot, demo_ctx)


def _shown(view: MembersView, column: int) -> list[str]:
    return [view.proxy.index(r, column).data() for r in range(view.proxy.rowCount())]


def test_search_narrows_the_table_as_you_type(qtbot: QtBot, view: MembersView) -> None:
    assert view.proxy.rowCount() == 40
    counts = []
    for letter in "social":
        qtbot.keyClicks(view.search, letter)
        counts.append(view.proxy.rowCount())
    assert counts == sorted(counts, reverse=True) and counts[-1] == 8
    assert all(r == "Social work member" for r in _shown(view, ROLES))
    assert view.count_label.text() == "8 of 40 shown"
    qtbot.keyClicks(view.search, " panel 3")  # words anywhere: role AND panel
    assert 0 < view.proxy.rowCount() < 8
    view.search.clear()
    qtbot.keyClicks(view.search, "maternity")  # status notes are searched too
    assert _shown(view, STATUS) == ["On leave (maternity leave)"]
    view.search.clear()
    qtbot.keyClicks(view.search, "Greenhalgh")
    assert all("Greenhalgh" in n for n in _shown(view, NAME)) and view.proxy.rowCount() == 2


def test_status_and_compliance_filters(view: MembersView) -> None:
    view.status_filter.setCurrentIndex(view.status_filter.findData("left"))
    assert _shown(view, STATUS) == ["Left"]
    view.status_filter.setCurrentIndex(view.status_filter.findData(""))
    view.compliance_filter.setCurrentIndex(view.compliance_filter.findData("overdue"))
    overdue = {r.id for r in view.model.rows() if r.overdue_count}
    assert view.proxy.rowCount() == len(overdue) > 0
    view.compliance_filter.setCurrentIndex(view.compliance_filter.findData("due_soon"))
    due_soon = {r.id for r in view.model.rows() if "due_soon" in (r.dbs_state, r.appraisal_state)}
    assert view.proxy.rowCount() == len(due_soon) > 0
    assert all("due soon" in t for t in _shown(view, 7))


def test_refresh_sends_the_overdue_count_to_the_navigation(
    qtbot: QtBot, view: MembersView, demo_ctx: ServiceContext
) -> None:
    with qtbot.waitSignal(view.badge_changed) as blocker:
        view.refresh()
    assert blocker.args == [overdue_compliance_count(demo_ctx, DEMO_UNTIL)] and blocker.args[0] > 0


def test_an_edit_shows_in_the_table_and_in_the_audit_log(
    qtbot: QtBot, view: MembersView, demo_ctx: ServiceContext
) -> None:
    qtbot.keyClicks(view.search, "Blackthorn")
    view.table.setCurrentIndex(view.proxy.index(0, 0))
    member = view.selected_member()
    assert member is not None

    def fill_and_save() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, MemberEditDialog)
        dialog.last_edit.clear()
        qtbot.keyClicks(dialog.last_edit, "Blackthorn-Reyes")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, fill_and_save)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)  # Enter edits the selected member
    assert view.selected_member() is not None
    assert view.selected_member().name == "Greer Blackthorn-Reyes"  # type: ignore[union-attr]
    assert "Greer Blackthorn-Reyes" in [
        view.model.index(r, NAME).data() for r in range(view.model.rowCount())
    ]
    with demo_ctx.read() as session:
        entry = session.execute(
            select(AuditEntry.before, AuditEntry.after, AuditEntry.author)
            .where(AuditEntry.table_name == "member", AuditEntry.row_id == str(member.id))
            .where(AuditEntry.action == "update")
        ).one()
    assert entry.before == {"last_name": "Blackthorn"}
    assert entry.after == {"last_name": "Blackthorn-Reyes"} and entry.author == "test.admin"


def test_export_runs_in_the_background_and_writes_the_file(
    qtbot: QtBot,
    view: MembersView,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fake_messenger: FakeMessenger,
) -> None:
    target = tmp_path / "appendix.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with qtbot.waitSignal(view.export_done, timeout=30000) as blocker:
        assert view.export("pdf") is not None
    assert blocker.args == [target] and target.exists() and fake_messenger.shown[-1][0] == "info"


def test_screenshot_at_laptop_size(view: MembersView, tmp_path: Path) -> None:
    view.select_member(view.model.rows()[0].id)
    assert view.panel.detail is not None and view.panel.dbs_button.isEnabled()
    assert view.grab().save(str(tmp_path / "members.png"))
