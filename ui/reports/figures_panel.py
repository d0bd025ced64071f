"""The report's figures on screen: headline cards, the same tables as the documents, charts."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from panelapp.documents.blocks import TableBlock
from panelapp.domain.report_counting import RULES_BY_KEY, HeardHearing
from panelapp.domain.report_figures import percent_text
from panelapp.services import reports as content
from panelapp.services.reports import ChairsReport
from ui.reports.bar_chart import BarChart
from ui.shell.style import apply_style
from ui.shell.table_model import Column, RowTableModel


def table_columns(headers: list[str], rows: list[list[str]]) -> list[Column[list[str]]]:
    """Numbers right-aligned: a column is numeric when every row holds a number there."""
    numeric = [bool(rows) and all(r[i].isdigit() for r in rows) for i in range(len(headers))]
    return [Column(h, _cell(i), align_right=numeric[i]) for i, h in enumerate(headers)]


def _cell(index: int) -> Callable[[list[str]], str]:
    return lambda row: row[index]


class FigureTableView(QTableView):
    """A read-only table, rows selected whole."""

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)


class FigureTable(FigureTableView):
    """A read-only table of one TableBlock; tall enough to show every row without scrolling."""

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(accessible_name, parent)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table_model: RowTableModel[list[str]] = RowTableModel([], self)

    def set_table(self, block: TableBlock) -> None:
        self.table_model = RowTableModel(table_columns(block.headers, block.rows), self)
        self.table_model.set_rows(block.rows)
        self.setModel(self.table_model)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.resizeColumnsToContents()
        self.resizeRowsToContents()
        height = header.height() + sum(self.rowHeight(r) for r in range(len(block.rows))) + 4
        self.setFixedHeight(max(height, 40))
        width = sum(self.columnWidth(c) for c in range(len(block.headers))) + 4
        self.setMaximumWidth(max(width, 120))

    def cell(self, row: int, column: int) -> str:
        return str(self.table_model.index(row, column).data())


class FigureCard(QFrame):
    """A headline figure; one with a `key` lists the hearings behind it when clicked."""

    clicked = Signal(str)

    def __init__(self, caption: str, key: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.caption = caption
        self.setObjectName("figureCard")
        apply_style(self)
        self.setAccessibleName(caption)
        if key:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
            self.setToolTip("Click to list the hearings behind this figure")
        layout = QVBoxLayout(self)
        self.value = QLabel("–")
        self.value.setObjectName("figureValue")
        layout.addWidget(self.value)
        label = QLabel(caption)
        label.setObjectName("figureCaption")
        label.setWordWrap(True)
        layout.addWidget(label)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.key and event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.key)
        super().mouseReleaseEvent(event)


# Cards of the figures counted hearing by hearing: (key, caption); a click lists the hearings.
TRACED_CARDS = (
    ("children_matched", "children matched"),
    ("children_consent_plans", "children in consent plans"),
    ("inter_agency_matches", "inter-agency children"),
    ("adm.further_info_then_decided", "ADM asked for more, then decided"),
    ("pars_capped", "PARs capped (four-month rule)"),
    ("late_papers", "late papers"),
    ("disruptions", "disruption reports"),
)

# The ADM's working-day targets: (JSON key, caption, rule of those on time, rule of those
# measured). A click lists the decisions measured, each marked within the target or not.
TIMELINESS_CARDS = (
    ("adm.on_time_pct", "ADM decisions within target", "adm.decided_on_time", "adm.decisions_timed"),
    (
        "adm.sw_notification_on_time_pct",
        "social worker told within target",
        "adm.sw_notified_on_time",
        "adm.sw_notifications_timed",
    ),
    (
        "adm.written_confirmation_on_time_pct",
        "applicants told in writing within target",
        "adm.written_confirmation_on_time",
        "adm.written_confirmations_timed",
    ),
)


def _within_target(on_time_key: str) -> Column[HeardHearing]:
    rule = RULES_BY_KEY[on_time_key]
    return Column("Within target", lambda h: "Yes" if rule.contribution(h) else "No")


class FiguresPanel(QScrollArea):
    """Sections 3, 4 and 5 of the report, as the Word and PDF documents show them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setAccessibleName("Report figures")
        inner = QWidget()
        layout = QVBoxLayout(inner)
        cards = QHBoxLayout()
        self.report: ChairsReport | None = None
        self.cards = {
            "cases_heard": FigureCard("cases heard", "cases_heard"),
            "households": FigureCard("households approved"),
            "deferred": FigureCard("hearings deferred"),
            "held": FigureCard("sittings held"),
            "cancelled": FigureCard("sittings cancelled"),
            "concurrence": FigureCard("ADM's PAR grade same as panel's"),
        }
        for card in self.cards.values():
            cards.addWidget(card)
        layout.addLayout(cards)
        traced = QHBoxLayout()
        for key, caption in TRACED_CARDS:
            self.cards[key] = FigureCard(caption, key)
            traced.addWidget(self.cards[key])
        layout.addLayout(traced)
        timeliness = QHBoxLayout()
        for key, caption, _on_time, _timed in TIMELINESS_CARDS:
            self.cards[key] = FigureCard(caption, key)
            timeliness.addWidget(self.cards[key])
        layout.addLayout(timeliness)
        for card in self.cards.values():
            card.clicked.connect(self.show_hearings_behind)
        self.sentences = QLabel()
        self.sentences.setWordWrap(True)
        self.sentences.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.sentences)
        self.tables: dict[str, FigureTable] = {}
        self.charts: dict[str, BarChart] = {}
        layout.addLayout(self._sections())
        layout.addStretch(1)
        self.setWidget(inner)

    def _sections(self) -> QGridLayout:
        """The tables of sections 3 to 5, each beside its chart."""
        grid = QGridLayout()
        sections = (
            ("cases", "Cases heard by type", True),
            ("areas", "Matches by area", True),
            ("adm", "Agency Decision Maker's decisions", False),
            ("par", "Approvals: PAR grades (panel and ADM)", True),
            ("match", "Matches: APR and CPR grades", True),
            ("changes", "Membership changes", False),
        )
        for row, (key, title, has_chart) in enumerate(sections):
            box = QVBoxLayout()
            box.addWidget(QLabel(f"<b>{title}</b>"))
            table = FigureTable(title)
            self.tables[key] = table
            box.addWidget(table)
            if key == "adm":
                # Decided after the period, further information and the working-day targets:
                # the sentence the Word and PDF give under this table.
                self.adm_sentence = QLabel()
                self.adm_sentence.setObjectName("admSentence")
                self.adm_sentence.setWordWrap(True)
                self.adm_sentence.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                box.addWidget(self.adm_sentence)
            box.addStretch(1)
            # A table without a chart (and the ADM's sentence) takes the whole width.
            grid.addLayout(box, row, 0, 1, 1 if has_chart else 2)
            if has_chart:
                chart = BarChart()
                self.charts[key] = chart
                grid.addWidget(chart, row, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        return grid

    def figure_text(self, key: str) -> str:
        return self.cards[key].value.text()

    def show_hearings_behind(self, key: str) -> None:
        if self.report is None:
            return
        from ui.reports.hearings_behind import HearingsBehindDialog

        card = self.cards[key]
        timed = {k: (on_time, whole) for k, _c, on_time, whole in TIMELINESS_CARDS}
        rule_key = timed[key][1] if key in timed else key
        hearings = content.figure_hearings(self.report, rule_key)
        dialog = HearingsBehindDialog(card.caption, card.value.text(), hearings, self)
        if key in timed:  # a percentage: each decision measured, within the target or not
            from ui.reports.hearings_behind import COLUMNS

            dialog.model = RowTableModel([*COLUMNS, _within_target(timed[key][0])], dialog)
            dialog.model.set_rows(hearings)
            dialog.table.setModel(dialog.model)
            dialog.table.resizeColumnsToContents()
        self.last_dialog = dialog
        dialog.open()

    def show_report(self, report: ChairsReport) -> None:
        self.report = report
        stats = report.stats
        json_figures = stats.to_json()
        for key, _caption in TRACED_CARDS:
            head, _, tail = key.partition(".")
            value = json_figures[head][tail] if tail else json_figures[head]
            self.cards[key].value.setText(str(value))
        for key, _caption, on_time, whole in TIMELINESS_CARDS:
            pct = json_figures["adm"][key.partition(".")[2]]
            counted = [content.figure_hearings(report, k) for k in (on_time, whole)]
            measured = f" ({len(counted[0])} of {len(counted[1])})" if counted[1] else ""
            self.cards[key].value.setText(percent_text(pct) + measured)
        self.cards["cases_heard"].value.setText(str(stats.cases_heard))
        self.cards["households"].value.setText(str(stats.households_approved))
        self.cards["deferred"].value.setText(str(stats.deferred))
        self.cards["held"].value.setText(str(stats.sittings_held))
        self.cards["cancelled"].value.setText(str(stats.sittings_cancelled))
        self.cards["concurrence"].value.setText(percent_text(stats.adm_grade_concurrence_pct))
        self.sentences.setText(
            " ".join(
                (
                    content.headline_text(report),
                    content.households_text(report),
                    content.other_types_text(report),
                    content.concurrence_text(report),
                )
            )
        )
        self.tables["cases"].set_table(content.cases_table(report))
        self.tables["areas"].set_table(content.areas_table(report))
        self.tables["adm"].set_table(content.adm_table(report))
        self.adm_sentence.setText(content.adm_text(report))
        self.tables["par"].set_table(content.par_table(report))
        self.tables["match"].set_table(content.match_table(report))
        self.tables["changes"].set_table(content.changes_table(report))
        self.charts["cases"].set_chart(content.cases_chart(report))
        self.charts["areas"].set_chart(content.areas_chart(report))
        self.charts["par"].set_chart(content.par_chart(report))
        self.charts["match"].set_chart(content.match_chart(report))
