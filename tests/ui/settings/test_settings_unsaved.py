"""Settings never loses typing (issue 20): Ctrl+Q or closing the window with a changed form asks
Save / Discard / Cancel; Save saves it (or stays on the form when refused), Discard reloads, and
every save says so in the status bar with the time."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from panelapp.services.agency import read_agency_setup
from panelapp.services.context import ServiceContext
from tests.ui.settings.support import settings_window
from tests.ui.support import RecordingMessenger as Fake
from ui.shell import messages


def test_nothing_typed_means_nothing_to_ask(qtbot: QtBot, demo_ctx: ServiceContext, fake: Fake) -> None:
    window, view = settings_window(qtbot, demo_ctx)
    view.authorities_tab.la_table.selectRow(1)  # choosing another row is not typing
    view.panels_tab.table.selectRow(0)
    assert view.unsaved_work() is None
    assert window.close() and fake.questions == []


@pytest.mark.parametrize("answer", ["cancel", "save", "discard"])
def test_ctrl_q_with_a_changed_agency_name_asks_and_each_answer_does_what_it_says(
    qtbot: QtBot, demo_ctx: ServiceContext, fake: Fake, answer: str
) -> None:
    window, view = settings_window(qtbot, demo_ctx)
    before = read_agency_setup(demo_ctx).name
    view.agency_tab.name.setText("North Kent Adoption Partnership")
    fake.on_unsaved = answer
    closed = window.close()
    assert "the agency details in Settings" in fake.questions[-1]
    assert closed is (answer != "cancel")
    saved = read_agency_setup(demo_ctx).name
    assert saved == ("North Kent Adoption Partnership" if answer == "save" else before)
    if answer == "save":
        assert messages.notices().last.startswith("Settings: Agency saved at ")
        assert window.saved_label.text().startswith("✓ Settings: Agency saved at ")
    if answer == "discard":
        assert view.agency_tab.name.text() == before


def test_a_refused_save_keeps_the_window_open_on_the_form(
    qtbot: QtBot, demo_ctx: ServiceContext, fake: Fake
) -> None:
    window, view = settings_window(qtbot, demo_ctx)
    view.tabs.setCurrentIndex(0)
    view.agency_tab.name.setText("")  # required
    fake.on_unsaved = "save"
    assert not window.close()
    assert window.current_key() == "settings" and view.tabs.currentWidget() is view.agency_tab
    assert view.unsaved_work() == "the agency details in Settings"


def _la_names(ctx: ServiceContext) -> list[str]:
    return [la.name for la in read_agency_setup(ctx).local_authorities]


@pytest.mark.parametrize("answer", ["cancel", "save", "discard"])
def test_choosing_another_local_authority_with_typing_asks_first(
    qtbot: QtBot, demo_ctx: ServiceContext, fake: Fake, answer: str
) -> None:
    """Issue 20: choosing another row replaced the form and the typing was gone without a word."""
    _window, view = settings_window(qtbot, demo_ctx)
    tab = view.authorities_tab
    tab.la_table.selectRow(0)
    first, second = _la_names(demo_ctx)[:2]
    assert tab.la_name.text() == first
    tab.la_name.setText(first + " Council")
    fake.on_unsaved = answer
    tab.la_table.selectRow(1)
    assert len(fake.questions) == 1 and "the local authority" in fake.questions[0]
    names = _la_names(demo_ctx)
    if answer == "cancel":  # the same row, the typing kept, nothing saved
        assert tab.la_table.currentIndex().row() == 0 and tab.la_name.text() == first + " Council"
        assert first in names and first + " Council" not in names
        assert view.unsaved_work() == "the local authority in Settings"
    elif answer == "save":  # saved, then the row chosen is shown
        assert first + " Council" in names
        assert (
            tab.la_name.text() == second
            and tab.la_model.row(tab.la_table.currentIndex().row()).name == second
        )
        assert view.unsaved_work() is None
    else:  # discarded: the row chosen, nothing saved
        assert tab.la_name.text() == second and first in names and first + " Council" not in names
        assert view.unsaved_work() is None


def test_choosing_another_panel_with_typing_then_a_refused_save_stays_on_the_panel(
    qtbot: QtBot, demo_ctx: ServiceContext, fake: Fake
) -> None:
    _window, view = settings_window(qtbot, demo_ctx)
    tab = view.panels_tab
    tab.table.selectRow(0)
    name = tab.name.text()
    tab.name.setText("")  # a panel needs a name: the save is refused
    fake.on_unsaved = "save"
    tab.table.selectRow(1)
    assert len(fake.questions) == 1 and "the panel" in fake.questions[0]
    assert tab.table.currentIndex().row() == 0 and tab.name.text() == ""
    assert read_agency_setup(demo_ctx).panels[0].name == name
    fake.on_unsaved = "discard"
    tab.table.selectRow(1)
    assert tab.name.text() == read_agency_setup(demo_ctx).panels[1].name
