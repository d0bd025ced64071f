"""First run by hand (issue 20): on an empty database Settings is editable, starting on the Agency
tab with the next steps said; saving the agency's details creates it and opens the other tabs;
once the agency has panels the app offers to generate the sittings from today, never in the past."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from panelapp.services import panel_day
from panelapp.services.agency import load_agency_file, read_agency_setup
from panelapp.services.context import ServiceContext
from tests.conftest import DEMO_UNTIL
from ui.settings.view import SettingsView
from ui.shell import messages

AGENCIES = Path(__file__).resolve().parents[3] / "resources" / "agencies"


class Fake:
    def __init__(self) -> None:
        self.shown: list[tuple[str, str]] = []
        self.answer = True

    def error(self, _p: Any, title: str, text: str) -> None:
        self.shown.append((title, text))

    def info(self, _p: Any, title: str, text: str) -> None:
        self.shown.append((title, text))

    def confirm(self, _p: Any, title: str, text: str) -> bool:
        self.shown.append((title, text))
        return self.answer


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Fake:
    made = Fake()
    monkeypatch.setattr(messages, "messenger", made)
    return made


def _view(qtbot: QtBot, ctx: ServiceContext) -> SettingsView:
    view = SettingsView(ctx)
    qtbot.addWidget(view)
    view.show()
    view.refresh()
    return view


def test_an_empty_database_opens_on_the_agency_form_ready_to_type(
    qtbot: QtBot, empty_ctx: ServiceContext, fake: Fake
) -> None:
    view = _view(qtbot, empty_ctx)
    tab = view.agency_tab
    assert view.tabs.isEnabled() and tab.name.isEnabled() and not tab.name.isReadOnly()
    assert not view.tabs.isTabEnabled(view.tabs.indexOf(view.panels_tab))  # the agency comes first
    tab.name.setText("Riverside Adoption Partnership")
    tab.short_name.setText("RAP")
    tab.save()
    assert read_agency_setup(empty_ctx).name == "Riverside Adoption Partnership"
    assert all(view.tabs.isTabEnabled(i) for i in range(view.tabs.count()))
    assert "Next: add the local authorities" in view.heading.text()


def test_after_an_agency_file_the_sittings_are_offered_from_today_never_before(
    qtbot: QtBot, empty_ctx: ServiceContext, fake: Fake
) -> None:
    load_agency_file(empty_ctx, AGENCIES / "two_panels_three_chairs.toml")
    empty_ctx.reset_agency()
    view = _view(qtbot, empty_ctx)
    report = view.offer_sittings()
    _title, question = next(m for m in fake.shown if m[0] == "Generate sittings")
    assert f"from today, {DEMO_UNTIL:%d/%m/%Y}" in question and "None is made in the past" in question
    assert report is not None and report.created > 0
    sittings = panel_day.list_sittings(empty_ctx)
    assert sittings and all(s.date >= DEMO_UNTIL for s in sittings)
    assert view.offer_sittings() is None  # asked once: there are sittings now


def test_no_to_the_offer_generates_nothing(qtbot: QtBot, empty_ctx: ServiceContext, fake: Fake) -> None:
    load_agency_file(empty_ctx, AGENCIES / "two_panels_three_chairs.toml")
    empty_ctx.reset_agency()
    fake.answer = False
    assert _view(qtbot, empty_ctx).offer_sittings() is None
    assert panel_day.list_sittings(empty_ctx) == []
