"""The panel pack in the window (issue 22): PDFs dropped onto a case's papers, and the
agenda builder's Panel pack button writing the pack in the background (progress, Cancel).
Screenshots at 1366x768 go to PANELAPP_SHOTS when set."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QMimeData, QPoint, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QDropEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog
from pytestqt.qtbot import QtBot

from panelapp import clock
from panelapp.services import cases, pack, papers
from panelapp.services.context import ServiceContext
from tests.services.cases.support import TODAY, new_case, new_sitting
from tests.services.papers.make_pdfs import sitting_with_papers, write_pdf
from tests.ui.cases.test_cases_agenda_builder import FakeMessenger
from ui.cases.case_dialog import CaseDialog
from ui.cases.pack_dialog import DestroyedDateDialog, PackDialog
from ui.cases.view import CasesView
from ui.shell import messages


class Messenger(FakeMessenger):
    def ask_save_discard_cancel(self, _parent: object, _title: str, _text: str) -> str:
        return "discard"  # a dialog closed at the end of a test


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Messenger:
    recorder = Messenger()
    monkeypatch.setattr(messages, "messenger", recorder)
    return recorder


def _shot(widget: object, name: str) -> None:
    folder = os.environ.get("PANELAPP_SHOTS")
    if folder:
        widget.grab().save(str(Path(folder) / name))  # type: ignore[attr-defined]


def _drop(qtbot: QtBot, target: object, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPoint(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)  # fmt: skip
    target.dropEvent(event)  # type: ignore[attr-defined]


def test_dropping_pdfs_on_a_cases_papers_keeps_them_and_marks_received(
    qtbot: QtBot,
    demo_ctx: ServiceContext,
    tmp_path: Path,
    fake: FakeMessenger,
) -> None:
    case = new_case(demo_ctx, "GUI-1", "match", children=(cases.ChildData("AB"),))
    cases.book_case(demo_ctx, case.id, new_sitting(demo_ctx), today=TODAY)
    dialog = CaseDialog(demo_ctx, case.id)
    qtbot.addWidget(dialog)
    dialog.resize(1366, 768)
    dialog.show()
    dialog.tabs.setCurrentIndex(2)
    panel = dialog.paper_files
    panel.paper.setCurrentIndex(panel.paper.findData("CPR"))
    first, second = write_pdf(tmp_path, "cpr.pdf", 2), write_pdf(tmp_path, "cpr v2.pdf", 3)
    _drop(qtbot, panel, [first, tmp_path / "photo.jpg", second])
    assert "photo.jpg" in panel.status.text()
    qtbot.waitUntil(lambda: panel.table.rowCount() == 2 and panel.job is None, timeout=10000)
    assert "version 2" in panel.status.text()
    assert [panel.table.item(r, 1).text() for r in range(2)] == ["2", "1"]
    cpr_row = next(r for r in range(dialog.papers.rowCount()) if dialog.papers.item(r, 0).text() == "CPR")
    assert dialog.papers.item(cpr_row, 3).text() == "20/11/2026"
    assert [f.version for f in papers.list_paper_files(demo_ctx, case.id)] == [2, 1]
    _shot(dialog, "case-papers.png")
    assert fake.errors == []


def test_a_bad_file_dropped_is_refused_naming_it(
    qtbot: QtBot,
    demo_ctx: ServiceContext,
    tmp_path: Path,
    fake: FakeMessenger,
) -> None:
    case = new_case(demo_ctx, "GUI-2")
    dialog = CaseDialog(demo_ctx, case.id)
    qtbot.addWidget(dialog)
    (tmp_path / "notes.pdf").write_bytes(b"not a pdf")
    _drop(qtbot, dialog.paper_files, [tmp_path / "notes.pdf"])
    qtbot.waitUntil(lambda: bool(fake.errors), timeout=10000)
    assert "notes.pdf is not a valid PDF" in fake.errors[0]
    assert dialog.paper_files.table.rowCount() == 0


def test_the_agenda_builders_panel_pack_button_writes_and_lists_holders(
    qtbot: QtBot, demo_ctx: ServiceContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    fake: FakeMessenger,
) -> None:  # fmt: skip
    meeting_id, _ids = sitting_with_papers(demo_ctx, tmp_path)
    view = CasesView(demo_ctx)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    view.refresh()
    view.tabs.setCurrentIndex(1)
    builder = view.agenda_builder
    builder.sittings.setCurrentIndex(builder.sittings.findData(meeting_id))
    _shot(view, "agenda-builder.png")
    builder.pack_button.click()
    dialog = builder.pack_dialog
    assert isinstance(dialog, PackDialog)
    assert "Item 2: PK-MAT, Match: Cy Dee (MB)" in dialog.contents.toPlainText()
    assert "No pack has been circulated yet." in dialog.holders.toPlainText()
    out = tmp_path / "out" / "pack.pdf"
    out.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(out), "PDF (*.pdf)"))
    dialog.for_one.setChecked(True)
    dialog.write_button.click()
    assert dialog.progress.isVisible() or dialog.preview_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.preview_button.isEnabled(), timeout=20000)
    password = (tmp_path / "out" / "pack password.txt").read_text().strip()
    reader = PdfReader(out)
    assert reader.decrypt(password) and dialog.people[0].name in reader.pages[0].extract_text()
    assert f"{dialog.people[0].name}: sent 20/11/2026, up to date" in dialog.holders.toPlainText()
    assert "readable by you only" in dialog.status.text()
    dialog.resize(1366 * 2 // 3, 600)
    _shot(dialog, "pack-dialog.png")
    assert fake.errors == [] and pack.pack_status(demo_ctx, meeting_id)[0].up_to_date


def test_cancel_stops_the_pack_and_writes_nothing(
    qtbot: QtBot, demo_ctx: ServiceContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    fake: FakeMessenger,
) -> None:  # fmt: skip
    meeting_id, _ids = sitting_with_papers(demo_ctx, tmp_path)
    dialog = PackDialog(demo_ctx, meeting_id, "Panel 1")
    qtbot.addWidget(dialog)
    out = tmp_path / "pack.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(out), "PDF (*.pdf)"))
    dialog.encrypt.setChecked(False)
    dialog.write_button.click()
    dialog.progress.cancel()
    qtbot.waitUntil(lambda: "Cancelled" in dialog.status.text(), timeout=20000)
    assert not out.exists() and pack.pack_status(demo_ctx, meeting_id) == []
    assert dialog.write_button.isEnabled()


def _answer_date(qtbot: QtBot, text: str) -> None:
    """Fill in the modal "Confirmed destroyed" dialog as soon as it opens, and press OK."""

    def answer() -> None:
        asked = QApplication.activeModalWidget()
        assert isinstance(asked, DestroyedDateDialog)
        asked.day.edit.setText(text)
        buttons = asked.findChild(QDialogButtonBox)
        assert buttons is not None
        buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, answer)


def test_after_the_sitting_confirmed_destroyed_shrinks_the_reminder_list(
    qtbot: QtBot, demo_ctx: ServiceContext, tmp_path: Path, fake: FakeMessenger
) -> None:
    """The agency's retention rule (AAR 2005 reg 41): each holder destroys their copy after the
    sitting; the dialog records the day they said so, audited through the service."""
    meeting_id, _ids = sitting_with_papers(demo_ctx, tmp_path)
    pack.write_packs(demo_ctx, meeting_id, tmp_path / "packs", tmp_path / "pw.txt")
    people = pack.recipients(demo_ctx, meeting_id)
    dialog = PackDialog(demo_ctx, meeting_id, "Panel 1, Thursday 17 December 2026")
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.after_sitting.isVisible()  # before the sitting nothing is to be destroyed
    clock.set_today(date(2026, 12, 21))
    dialog.refresh()
    assert dialog.after_sitting.isVisible() and dialog.reminders.count() == len(people)
    dialog.resize(1366, 768)
    _shot(dialog, "pack-dialog-after-sitting.png")
    dialog.reminders.setCurrentRow(1)
    second = dialog.reminders.currentItem().text()
    _answer_date(qtbot, "16/12/2026")  # before the sitting: refused, nothing recorded
    dialog.destroyed_button.click()
    assert fake.errors == ["The sitting is on 17/12/2026: a pack is destroyed after it."]
    assert dialog.reminders.count() == len(people)
    _answer_date(qtbot, "18/12/2026")
    dialog.destroyed_button.click()
    assert dialog.reminders.count() == len(people) - 1
    assert second not in [dialog.reminders.item(r).text() for r in range(dialog.reminders.count())]
    assert "confirmed destroying their copy on 18/12/2026" in dialog.status.text()
    assert "destroyed 18/12/2026" in dialog.holders.toPlainText()
    assert sum(h.destroyed_confirmed_on is not None for h in pack.pack_status(demo_ctx, meeting_id)) == 1
    _shot(dialog, "pack-dialog-destroyed.png")


def test_an_addendum_for_everyone_behind_from_the_dialog(
    qtbot: QtBot, demo_ctx: ServiceContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    fake: FakeMessenger,
) -> None:  # fmt: skip
    meeting_id, ids = sitting_with_papers(demo_ctx, tmp_path)
    pack.write_packs(demo_ctx, meeting_id, tmp_path / "packs", tmp_path / "pw.txt")
    papers.add_paper_file(demo_ctx, ids["PK-MAT"], "CPR", write_pdf(tmp_path, "c2.pdf", 3, title="CPR v2"))
    dialog = PackDialog(demo_ctx, meeting_id, "Panel 1")
    qtbot.addWidget(dialog)
    assert "OUT OF DATE: case PK-MAT, CPR (now version 2)" in dialog.holders.toPlainText()
    folder = tmp_path / "addenda"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(folder))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(tmp_path / "list.txt"), ""))
    dialog.for_all.setChecked(True)
    dialog.addendum_button.click()
    qtbot.waitUntil(lambda: dialog.preview_button.isEnabled(), timeout=20000)
    listed = (tmp_path / "list.txt").read_text().splitlines()[2:]
    assert len(listed) == len(list(folder.iterdir())) == len(pack.recipients(demo_ctx, meeting_id))
    _name, _email, filename, password = listed[0].split("\t")
    reader = PdfReader(folder / filename)
    assert reader.decrypt(password) and len(reader.pages) == 1 + 3
    assert "OUT OF DATE" not in dialog.holders.toPlainText() and fake.errors == []


def test_an_older_version_is_opened_or_saved_from_the_versions_list(
    qtbot: QtBot, demo_ctx: ServiceContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    fake: FakeMessenger,
) -> None:  # fmt: skip
    case = new_case(demo_ctx, "GUI-3")
    first = write_pdf(tmp_path, "par.pdf", 2, title="PAR as first sent")
    papers.add_paper_file(demo_ctx, case.id, "PAR", first)
    papers.add_paper_file(demo_ctx, case.id, "PAR", write_pdf(tmp_path, "par v2.pdf", 3))
    dialog = CaseDialog(demo_ctx, case.id)
    qtbot.addWidget(dialog)
    panel = dialog.paper_files
    assert not panel.open_button.isEnabled() and not panel.save_button.isEnabled()
    panel.table.selectRow(1)  # version 1, below the newest
    assert panel.table.item(1, 1).text() == "1" and panel.save_button.isEnabled()
    offered: list[str] = []
    out = tmp_path / "saved.pdf"

    def save_as(*args: object, **_k: object) -> tuple[str, str]:
        offered.append(str(args[2]))
        return str(out), "PDF (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    panel.save_button.click()
    assert offered == ["par (version 1).pdf"] and out.read_bytes() == first.read_bytes()
    assert f"Saved a copy to {out}" in panel.status.text()
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    panel.table.selectRow(1)
    panel.open_button.click()
    assert Path(opened[0].toLocalFile()).read_bytes() == first.read_bytes()
    assert Path(opened[0].toLocalFile()).name == "par (version 1).pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(tmp_path), ""))
    panel.save_button.click()  # a folder: refused in words, nothing written
    assert fake.errors and "folder" in fake.errors[0]
