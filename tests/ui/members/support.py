"""The members view as its tests open it: the demo agency, at a laptop's 1366 × 768, loaded."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from panelapp.services.context import ServiceContext
from tests.conftest import DEMO_UNTIL
from ui.members.view import MembersView


def open_members_view(qtbot: QtBot, ctx: ServiceContext) -> MembersView:
    widget = MembersView(ctx, today=DEMO_UNTIL)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    widget.refresh()
    return widget
