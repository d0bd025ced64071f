"""The case dialog's "Names never to circulate" list, driven through its widgets (issue 19)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from panelapp.services import cases
from panelapp.services.context import ServiceContext
from tests.ui.cases.test_cases_agenda_builder import FakeMessenger
from ui.cases.case_dialog import CaseDialog
from ui.shell import messages


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeMessenger:
    recorder = FakeMessenger()
    monkeypatch.setattr(messages, "messenger", recorder)
    return recorder


def test_names_typed_on_the_case_are_saved_and_shown_again(
    qtbot: QtBot, demo_ctx: ServiceContext, fake: FakeMessenger
) -> None:
    """AAR 2005 reg 41: the names are kept on the case, audited, and come back on reopening."""
    case_id = cases.list_cases(demo_ctx)[0].id
    dialog = CaseDialog(demo_ctx, case_id)
    qtbot.addWidget(dialog)
    panel = dialog.withheld
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert panel.table.rowCount() == 1 and panel.table.currentRow() == 0
    item = panel.table.item(0, 0)
    assert item is not None
    item.setText("Maxie")  # what the cell editor commits
    kind = panel.table.cellWidget(0, 1)
    assert isinstance(kind, QComboBox)
    kind.setCurrentIndex(kind.findData("known_as"))
    dialog.save()
    assert fake.errors == [] and dialog.saved is not None
    assert cases.list_withheld(demo_ctx, case_id) == [cases.WithheldRow("Maxie", "known_as", "M")]
    again = CaseDialog(demo_ctx, case_id)
    qtbot.addWidget(again)
    assert again.withheld.rows() == [cases.WithheldRow("Maxie", "known_as", "M")]


def test_a_one_letter_name_is_refused_and_the_dialog_stays_open(
    qtbot: QtBot, demo_ctx: ServiceContext, fake: FakeMessenger
) -> None:
    case_id = cases.list_cases(demo_ctx)[0].id
    dialog = CaseDialog(demo_ctx, case_id)
    qtbot.addWidget(dialog)
    dialog.withheld.add_row(cases.WithheldRow("X", "other"))
    dialog.save()
    assert dialog.saved is None
    assert "too short" in dialog.field_errors.summary.text() + " ".join(fake.errors)
    assert cases.list_withheld(demo_ctx, case_id) == []
