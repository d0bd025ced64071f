"""Settings > Documents (issue 19): the agenda's standing items, edited by keyboard, and the
Word template each document is drawn on."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from panelapp.documents.agenda import DEFAULT_STANDING_ITEMS
from panelapp.services.agency import read_agency_setup, standing_items_text
from panelapp.services.context import ServiceContext
from ui.settings.documents_tab import DocumentsTab


def make_tab(qtbot: QtBot, ctx: ServiceContext) -> DocumentsTab:
    tab = DocumentsTab(ctx)
    qtbot.addWidget(tab)
    tab.load(read_agency_setup(ctx))
    return tab


def test_the_usual_standing_items_show_until_the_agency_saves_its_own(
    qtbot: QtBot, demo_ctx: ServiceContext
) -> None:
    tab = make_tab(qtbot, demo_ctx)
    assert tab.items.toPlainText() == "\n".join(DEFAULT_STANDING_ITEMS)
    tab.items.clear()
    qtbot.keyClicks(tab.items, "Welcome and apologies")
    qtbot.keyClick(tab.items, Qt.Key.Key_Return)
    qtbot.keyClicks(tab.items, "[Cases]")
    qtbot.keyClick(tab.items, Qt.Key.Key_Return)
    qtbot.keyClicks(tab.items, "Any other business")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert standing_items_text(demo_ctx) == "Welcome and apologies\n[Cases]\nAny other business"
    assert "Standing items saved" in tab.messages.done.text()


def test_items_without_the_cases_line_are_refused_beside_the_field(
    qtbot: QtBot, demo_ctx: ServiceContext
) -> None:
    tab = make_tab(qtbot, demo_ctx)
    tab.items.setPlainText("Welcome\nAny other business")
    tab.save()
    field = tab.messages.errors.fields["standing_items"]
    assert field.error.text() == 'One line "[Cases]" is needed.'
    assert "Nothing was saved" in tab.messages.errors.summary.text()
    assert standing_items_text(demo_ctx) == "\n".join(DEFAULT_STANDING_ITEMS)  # nothing saved
    assert tab.messages.done.isHidden()


def test_each_document_names_its_word_template(qtbot: QtBot, demo_ctx: ServiceContext) -> None:
    tab = make_tab(qtbot, demo_ctx)
    model = tab.template_model
    shown = {model.index(r, 0).data(): model.index(r, 1).data() for r in range(model.rowCount())}
    assert shown["Agenda"] == "agenda.docx" and shown["Minutes"] == "minutes.docx"
    assert shown["Chairs' report"] == "report.docx" and shown["Paperwork grading summary"] == "base.docx"
    wheres = [model.index(r, 2).data() for r in range(model.rowCount())]
    assert all(not w.startswith("Missing") for w in wheres)  # every shipped template is there
