"""Settings never loses typing (issue 20), the ways out the first pass missed: "New" (local
authority, decision maker, panel) emptied a form holding typing without a word; typing on the
Closure days and Documents tabs was not seen by Ctrl+Q. Each now asks Save / Discard / Cancel."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from panelapp.services.agency import agency_policy, read_agency_setup, standing_items_text
from panelapp.services.context import ServiceContext
from tests.ui.settings.support import settings_window
from tests.ui.support import RecordingMessenger as Fake


def _la_names(ctx: ServiceContext) -> list[str]:
    return [la.name for la in read_agency_setup(ctx).local_authorities]


def test_new_with_nothing_typed_asks_nothing_and_an_empty_form_is_not_typing(
    qtbot: QtBot, demo_ctx: ServiceContext, fake: Fake
) -> None:
    window, view = settings_window(qtbot, demo_ctx)
    tab = view.authorities_tab
    tab.la_table.selectRow(0)
    tab.la_new.click()
    view.panels_tab.new_button.click()
    tab.dm_new.click()
    assert tab.la_name.text() == "" and view.panels_tab.name.text() == ""
    assert fake.questions == [] and view.unsaved_work() is None
    assert window.close() and fake.questions == []


@pytest.mark.parametrize("answer", ["cancel", "save", "discard"])
def test_new_local_authority_with_typing_asks_and_each_answer_does_what_it_says(
    qtbot: QtBot, demo_ctx: ServiceContext, fake: Fake, answer: str
) -> None:
    _window, view = settings_window(qtbot, demo_ctx)
    tab = view.authorities_tab
    tab.la_table.selectRow(0)
    first = tab.la_name.text()
    tab.la_name.setText(first + " Council")
    fake.on_unsaved = answer
    tab.la_new.click()
    assert len(fake.questions) == 1 and "the local authority" in fake.questions[0]
    names = _la_names(demo_ctx)
    if answer == "cancel":  # the typing and the row kept, nothing saved
        assert tab.la_name.text() == first + " Council" and tab.la_id is not None
        assert first + " Council" not in names
        assert view.unsaved_work() == "the local authority in Settings"
    else:  # saved or discarded, then an empty form for the new one
        assert tab.la_name.text() == "" and tab.la_id is None
        assert (first + " Council" in names) is (answer == "save")
        assert view.unsaved_work() is None


def test_new_decision_maker_after_typing_a_new_one_save_records_it(
    qtbot: QtBot, demo_ctx: ServiceContext, fake: Fake
) -> None:
    _window, view = settings_window(qtbot, demo_ctx)
    tab = view.authorities_tab
    tab.dm_new.click()
    tab.dm_name.setText("Dr Asha Patel")
    tab.dm_title.setText("Head of Service")
    fake.on_unsaved = "save"
    tab.dm_new.click()
    assert "the decision maker" in fake.questions[-1]
    assert "Dr Asha Patel" in [d.name for d in read_agency_setup(demo_ctx).decision_makers]
    assert tab.dm_name.text() == "" and view.unsaved_work() is None


def test_new_panel_after_a_refused_save_stays_on_the_typing(
    qtbot: QtBot, demo_ctx: ServiceContext, fake: Fake
) -> None:
    _window, view = settings_window(qtbot, demo_ctx)
    tab = view.panels_tab
    tab.table.selectRow(0)
    name = tab.name.text()
    tab.name.setText("")  # a panel needs a name: the save is refused
    fake.on_unsaved = "save"
    tab.new_button.click()
    assert "the panel" in fake.questions[-1]
    assert tab.panel_id is not None and tab.name.text() == ""
    assert read_agency_setup(demo_ctx).panels[0].name == name
    assert view.unsaved_work() == "the panel in Settings"


@pytest.mark.parametrize("answer", ["cancel", "save", "discard"])
def test_ctrl_q_with_a_closure_day_typed_asks(
    qtbot: QtBot, demo_ctx: ServiceContext, fake: Fake, answer: str
) -> None:
    window, view = settings_window(qtbot, demo_ctx)
    tab = view.closures_tab
    view.tabs.setCurrentWidget(tab)
    before = len(agency_policy(demo_ctx).closure_days)
    qtbot.keyClicks(tab.day.edit, "24/12/2026")
    qtbot.keyClicks(tab.reason, "Council closure")
    assert view.unsaved_work() == "the closure day in Settings"
    fake.on_unsaved = answer
    assert window.close() is (answer != "cancel")
    assert "the closure day in Settings" in fake.questions[-1]
    days = agency_policy(demo_ctx).closure_days
    assert len(days) == before + (1 if answer == "save" else 0)
    if answer == "cancel":
        assert tab.reason.text() == "Council closure"


def test_ctrl_q_with_a_closure_date_that_is_not_a_date_stays_open(
    qtbot: QtBot, demo_ctx: ServiceContext, fake: Fake
) -> None:
    window, view = settings_window(qtbot, demo_ctx)
    tab = view.closures_tab
    qtbot.keyClicks(tab.day.edit, "31/02/2026")
    fake.on_unsaved = "save"
    assert not window.close()
    assert view.tabs.currentWidget() is tab and tab.day.edit.text() == "31/02/2026"
    assert tab.day.error.text() == '"31/02/2026" is not a real date'


def test_ctrl_q_with_standing_items_typed_asks_and_save_keeps_them(
    qtbot: QtBot, demo_ctx: ServiceContext, fake: Fake
) -> None:
    window, view = settings_window(qtbot, demo_ctx)
    tab = view.documents_tab
    view.tabs.setCurrentWidget(tab)
    tab.items.setPlainText("Welcome and apologies\n[Cases]\nAny other business")
    assert view.unsaved_work() == "the agenda's standing items in Settings"
    fake.on_unsaved = "save"
    assert window.close()
    assert standing_items_text(demo_ctx) == "Welcome and apologies\n[Cases]\nAny other business"


def test_saving_one_tab_keeps_the_typing_on_another(
    qtbot: QtBot, demo_ctx: ServiceContext, fake: Fake
) -> None:
    """Adding a closure day reloads Settings: the panel's typing elsewhere must survive it."""
    _window, view = settings_window(qtbot, demo_ctx)
    panels = view.panels_tab
    panels.table.selectRow(0)
    name = panels.name.text()
    panels.venue.setText("Civic Centre, Room 4")
    tab = view.closures_tab
    qtbot.keyClicks(tab.day.edit, "24/12/2026")
    qtbot.keyClicks(tab.reason, "Council closure")
    tab.add_button.click()
    assert tab.model.rowCount() >= 1
    assert panels.name.text() == name and panels.venue.text() == "Civic Centre, Room 4"
    assert view.unsaved_work() == "the panel in Settings"


def test_saving_a_decision_maker_keeps_the_local_authority_typing_beside_it(
    qtbot: QtBot, demo_ctx: ServiceContext, fake: Fake
) -> None:
    """The usual order at first run: the ADM is found missing while typing the authority."""
    window, view = settings_window(qtbot, demo_ctx)
    tab = view.authorities_tab
    tab.la_new.click()
    tab.la_name.setText("Medway Council")
    tab.dm_new.click()
    tab.dm_name.setText("Dr Asha Patel")
    tab.dm_save.click()
    assert "Dr Asha Patel" in [d.name for d in read_agency_setup(demo_ctx).decision_makers]
    assert tab.la_name.text() == "Medway Council"
    assert tab.la_adm.findText("Dr Asha Patel") >= 0  # the new ADM is offered to the authority
    assert view.unsaved_work() == "the local authority in Settings"
    fake.on_unsaved = "discard"
    assert window.close()
    assert "Medway Council" not in _la_names(demo_ctx)
