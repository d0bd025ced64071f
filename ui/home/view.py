"""Home: the agency at a glance and the sittings coming up."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from panelapp.services.agency import agency_summary
from panelapp.services.context import ServiceContext
from panelapp.services.home import SittingRow, overview
from ui.shell.style import apply_style
from ui.shell.table_model import Column, RowTableModel
from ui.shell.view_base import AreaView

SITTING_COLUMNS: list[Column[SittingRow]] = [
    Column("Date", lambda r: r.date),
    Column("Start", lambda r: r.start),
    Column("Panel", lambda r: r.panel),
    Column("Status", lambda r: r.status.capitalize()),
    Column("Cases booked", lambda r: r.cases_booked, align_right=True),
]


class FigureCard(QFrame):
    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("figureCard")
        apply_style(self)
        layout = QVBoxLayout(self)
        self.value = QLabel("–")
        self.value.setObjectName("figureValue")
        label = QLabel(caption)
        label.setObjectName("figureCaption")
        layout.addWidget(self.value)
        layout.addWidget(label)
        self.setAccessibleName(caption)


class HomeView(AreaView):
    title = "Home"
    shows = frozenset({"members", "calendar", "cases", "panel_day", "adm", "settings"})

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("viewHeading")
        layout.addWidget(self.heading)
        cards = QHBoxLayout()
        self.members_card = FigureCard("active members on the central list")
        self.cases_card = FigureCard("cases open or booked")
        self.adm_card = FigureCard("recommendations awaiting the ADM")
        for card in (self.members_card, self.cases_card, self.adm_card):
            cards.addWidget(card)
        layout.addLayout(cards)
        layout.addWidget(QLabel("<b>Coming up</b>"))
        self.model: RowTableModel[SittingRow] = RowTableModel(SITTING_COLUMNS, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Upcoming sittings")
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        summary = agency_summary(self.ctx)
        if summary is None:
            self.heading.setText("<h2>No agency set up yet</h2><p>Open Settings to set one up.</p>")
            return
        self.heading.setText(f"<h2>{summary.name}</h2>")
        figures = overview(self.ctx)
        self.members_card.value.setText(str(figures.members_active))
        self.cases_card.value.setText(str(figures.cases_open))
        self.adm_card.value.setText(str(figures.awaiting_adm))
        self.model.set_rows(figures.upcoming)
