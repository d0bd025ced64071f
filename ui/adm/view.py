"""The ADM tracker: everything awaiting a decision, a notification or a letter, by deadline."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from panelapp import clock
from panelapp.domain.deadlines import TrackerGroup
from panelapp.domain.periods import uk_date
from panelapp.domain.permissions import Permission
from panelapp.domain.vocab import AdmDecision
from panelapp.services import adm
from panelapp.services.adm import AdmTracker, CaseClocks, TrackerCase
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ServiceError
from ui.adm.dialogs import DecisionDialog, MinutesSentDialog
from ui.adm.model import CASE_ROLE, COLUMNS, GROUP_ORDER, TrackerModel, WrappingDelegate
from ui.shell import messages
from ui.shell.jobs import Job, ServiceOp
from ui.shell.view_base import AreaView


def open_with_system(path: Path) -> bool:
    """Open a file with the user's program for it (Outlook for .eml). Tests replace this."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def _date(value: date | None) -> str:
    return uk_date(value) if value else "–"


def describe(case: TrackerCase) -> str:
    """The selected case, for the side panel."""
    adm_text = case.adm.label if case.adm else "<i>No ADM set up: add one in Settings</i>"
    grades = ""
    if case.case_type.adm_grades_par:
        panel = case.panel_par_grade.label if case.panel_par_grade else "–"
        by_adm = case.adm_par_grade.label if case.adm_par_grade else "–"
        grades = f"<tr><td>PAR grade</td><td>panel {panel}; ADM {by_adm}</td></tr>"
    minutes = case.minutes_state.replace("_", " ").capitalize() if case.minutes_state else "Not written"
    rows = [
        ("Case", f"{case.reference}: {case.case_type.label}"),
        ("Household", case.household or "–"),
        ("Local authority", case.local_authority or "–"),
        ("Heard", f"{case.panel}, {uk_date(case.heard_on)}"),
        ("Recommendation", case.outcome.label),
        ("Minutes", minutes),
        ("ADM", adm_text),
        ("Sent to ADM", _date(case.minutes_sent_on)),
        ("Decision", f"{case.decision.label} {_date(case.decided_on) if case.decided_on else ''}"),
        ("Social worker told", _date(case.sw_notified_on)),
        ("Letter sent", _date(case.letter_sent_on)),
    ]
    if case.history:
        rows.append(("ADM's steps", case.history))
    if case.qualifying_determination:
        final = case.case_type.answer(case.final_decision) if case.final_decision else "–"
        rows += [
            ("Representations", _date(case.representations_received_on)),
            ("IRM application", _date(case.irm_applied_on)),
            ("Re-hearing's recommendation", _date(case.review_recommendation_on)),
            ("Final decision", f"{final} {_date(case.final_decided_on) if case.final_decided_on else ''}"),
        ]
    body = "".join(f"<tr><td>{k}</td><td>{v}</td></tr>" for k, v in rows)
    return f"<table cellpadding=3>{body}{grades}</table>"


def describe_clocks(case: CaseClocks) -> str:
    """A case's own clocks, for the side panel (their dates are edited in the case register)."""
    d = case.dates
    rows = [
        ("Case", f"{case.reference}: {case.case_type.label}"),
        ("Household", case.household or "–"),
        ("Panel", _date(case.panel_on)),
    ]
    rows += [
        (clock_date.label, _date(getattr(d, clock_date.value))) for clock_date in case.case_type.clock_dates
    ]
    if d.approved_on:
        rows.append(("Approved", _date(d.approved_on)))
    if case.warning:
        rows.append(("Warning", f"<span style='color:#c53030'>{case.warning}</span>"))
    body = "".join(f"<tr><td>{k}</td><td>{v}</td></tr>" for k, v in rows)
    return f"<table cellpadding=3>{body}</table><p>Change these dates in the case register.</p>"


# Columns whose long texts wrap at WRAP_WIDTH px so the Note column keeps room to be read.
WRAPPED = frozenset({1, 3, 4, 5})
SIZE_FROM_ROWS = 100
WRAP_WIDTH = 130
NOTE_WIDTH = 230
NOTE_AFTER = 2  # the note is shown after the reference


class AdmTrackerView(AreaView):
    title = "ADM tracker"
    shows = frozenset({"adm", "panel_day", "cases", "settings"})

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.today: Callable[[], date] = clock.today  # tests fix the date
        self.tracker: AdmTracker | None = None
        self.dialog: QDialog | None = None
        self.email_job: Job | None = None
        self.last_draft: Path | None = None
        self._selected_hearing: int | None = None
        self.counts: dict[str, int] = {}

        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("viewHeading")
        layout.addWidget(self.heading)
        layout.addLayout(self._filters())

        self.model = TrackerModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setAccessibleName("ADM deadlines")
        # Long deadline names and notes wrap within their row rather than end in "…" (issue 20).
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.delegate = WrappingDelegate(self.tree)
        self.tree.setItemDelegate(self.delegate)
        self.tree.header().sectionResized.connect(lambda *_a: self.tree.doItemsLayout())
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionBehavior(QTreeView.SelectionBehavior.SelectRows)
        self.tree.doubleClicked.connect(lambda _i: self.record_decision())
        self.tree.selectionModel().currentRowChanged.connect(lambda _c, _p: self._on_current())

        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setAccessibleName("Selected case")
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.addWidget(QLabel("<b>Selected case</b>"))
        side_layout.addWidget(self.details, 1)
        self.minutes_button = self._button("&Minutes sent…", "Ctrl+Shift+M", self.minutes_sent, side_layout)
        self.decision_button = self._button("Record &decision…", "Ctrl+D", self.record_decision, side_layout)
        self.email_button = self._button("&Email draft…", "Ctrl+E", self.email_draft, side_layout)

        splitter = QSplitter()
        splitter.addWidget(self.tree)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 1)
        splitter.setSizes([1100, 220])
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)
        self._show_selection()

    # -- building -----------------------------------------------------------------

    def _filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.adm_filter = self._combo("Filter by ADM", row, "&ADM")
        self.la_filter = self._combo("Filter by local authority", row, "&Local authority")
        self.type_filter = self._combo("Filter by case type", row, "Case &type")
        row.addStretch(1)
        return row

    def _combo(self, accessible: str, row: QHBoxLayout, label: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(accessible)
        combo.setMinimumContentsLength(14)
        caption = QLabel(label)
        caption.setBuddy(combo)
        row.addWidget(caption)
        row.addWidget(combo)
        combo.currentIndexChanged.connect(lambda _i: self.reload())
        return combo

    def _button(self, text: str, shortcut: str, slot: Callable[[], Any], layout: QVBoxLayout) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.setToolTip(f"{text.replace('&', '')} ({shortcut})")
        button.clicked.connect(lambda _c=False: slot())
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _c=False: slot())
        self.addAction(action)
        layout.addWidget(button)
        return button

    def _fill_filters(self) -> None:
        options = adm.filter_options(self.ctx)
        choices: list[tuple[QComboBox, str, list[tuple[str, object]]]] = [
            (self.adm_filter, "All ADMs", [(a.label, a.id) for a in options.adms]),
            (self.la_filter, "All local authorities", [(name, i) for i, name in options.local_authorities]),
            (self.type_filter, "All case types", [(t.label, t.code) for t in options.case_types]),
        ]
        for combo, everyone, items in choices:
            kept = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everyone, None)
            for text, data in items:
                combo.addItem(text, data)
            combo.setCurrentIndex(max(0, combo.findData(kept)) if kept is not None else 0)
            combo.blockSignals(False)

    # -- loading ----------------------------------------------------------------------

    def refresh(self) -> None:
        try:
            self._fill_filters()
        except ServiceError as exc:
            self.heading.setText(f"<h2>{self.title}</h2><p>{exc}</p>")
            return
        self.reload()

    def reload(self) -> None:
        as_of = self.today()
        case_type = self.type_filter.currentData()
        filtered = any(
            c.currentData() is not None for c in (self.adm_filter, self.la_filter, self.type_filter)
        )
        try:
            self.tracker = adm.adm_tracker(
                self.ctx,
                as_of,
                adm_id=self.adm_filter.currentData(),
                local_authority_id=self.la_filter.currentData(),
                case_type=case_type or None,
                include_archived=False,
            )
            overdue = adm.overdue_count(self.ctx, as_of) if filtered else self.tracker.overdue_count
        except ServiceError as exc:
            messages.messenger.error(self, "ADM tracker", str(exc))
            return
        self.counts = self.model.load(self.tracker)
        # The reset's layout of the rows is still pending: expanding only records the branches
        # (expandAll() would lay out every row now) and the columns get their widths before the
        # rows are laid out once, their heights for their wrapped texts at those widths.
        for group in range(self.model.rowCount()):
            self.tree.expand(self.model.index(group, 0))
        self._size_columns()
        self.tree.setFirstColumnSpanned(0, QModelIndex(), False)
        for row in range(self.model.rowCount()):
            self.tree.setFirstColumnSpanned(row, QModelIndex(), True)
        if self.loaded_on is None:
            # A new view's first load left the rows at the end of the list two or three lines
            # tall for one (seen after scrolling down; its later loads do not): they are
            # measured again once this load is done, on the next turn of the event loop.
            self.tree.scheduleDelayedItemsLayout()
        summary = " · ".join(f"{label}: {self.counts[key]}" for key, label in GROUP_ORDER[:4])
        self.heading.setText(f"<h2>{self.title}</h2><p>As of {uk_date(as_of)} — {summary}</p>")
        self._reselect()
        self.badge_changed.emit(overdue)

    def badge(self) -> int:
        return self.tracker.overdue_count if self.tracker else 0

    def _size_columns(self) -> None:
        """Short columns to their contents; the wordy ones at most WRAP_WIDTH wide and the note
        NOTE_WIDTH, wrapping, shown beside the reference so that at 1366 px and 125% what is due,
        for which case and why can be read without scrolling (issue 20: the note was "A…")."""
        header = self.tree.header()
        note = len(COLUMNS) - 1
        if header.visualIndex(note) == note:
            header.moveSection(note, NOTE_AFTER + 1)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.blockSignals(True)  # no layout of the rows per column: they are laid out after
        # A double click on a column's edge sizes it from the rows on screen and around them, not
        # Qt's default of 1,000 rows through the wrapping delegate (~170 ms at national scale);
        # set at each sizing because a header state restored from the settings brings its own.
        header.setResizeContentsPrecision(SIZE_FROM_ROWS)
        # Here each column is as wide as its widest text in the first SIZE_FROM_ROWS rows (those
        # on screen and after), as Qt's hint measures a cell (the text and its margins), each
        # distinct text once, without laying the rows out (Qt's sizeHintForColumn lays out every
        # row first, then they must be laid out again at the new widths: ~40 ms at national scale).
        font, delegate = self.tree.font(), self.delegate
        margins = delegate.margins()
        rows = [row for group in self.model.groups() for row in group.rows]
        for column in range(1, note):
            texts = {row.texts[column] for row in rows[:SIZE_FROM_ROWS]}
            widest = max((delegate.text_width(font, text) for text in texts if text), default=0)
            wanted = max(widest + margins, header.sectionSizeHint(column))
            self.tree.setColumnWidth(column, min(wanted, WRAP_WIDTH) if column in WRAPPED else wanted)
        self.tree.setColumnWidth(note, NOTE_WIDTH)
        # The due date: its dates under the branches (indented twice), not the headings.
        due = max((delegate.text_width(font, text) for text in {row.texts[0] for row in rows}), default=0)
        self.tree.setColumnWidth(0, max(header.sectionSizeHint(0), 2 * self.tree.indentation() + due + 8))
        header.blockSignals(False)

    # -- selection --------------------------------------------------------------------

    def group_rows(self, key: str | TrackerGroup) -> list[tuple[str, str]]:
        """(reference, deadline) of every row in a group: what a user sees under it."""
        wanted = key.value if isinstance(key, TrackerGroup) else key
        group = next(g for g in self.model.groups() if g.key == wanted)
        return [(row.texts[2], row.texts[1]) for row in group.rows]

    def select_case(self, reference: str, group: str | TrackerGroup | None = None) -> bool:
        """Select the first row of a case (in a group, if given). True when found."""
        wanted = group.value if isinstance(group, TrackerGroup) else group
        for g, rows in enumerate(self.model.groups()):
            if wanted is not None and rows.key != wanted:
                continue
            for r, row in enumerate(rows.rows):
                if row.texts[2] == reference:
                    self.tree.setCurrentIndex(self.model.row_index(g, r))
                    return True
        return False

    def current_case(self) -> TrackerCase | None:
        index = self.tree.currentIndex()
        case = index.siblingAtColumn(0).data(CASE_ROLE) if index.isValid() else None
        return case if isinstance(case, TrackerCase) else None

    def _on_current(self) -> None:
        case = self.current_case()
        self._selected_hearing = case.hearing_id if case else None
        self._show_selection()

    def _reselect(self) -> None:
        """After a reload, keep the same case selected (wherever its rows moved to)."""
        if self._selected_hearing is None or self.tracker is None:
            self._show_selection()
            return
        case = next((c for c in self.tracker.cases if c.hearing_id == self._selected_hearing), None)
        if case is None or not self.select_case(case.reference):
            self._show_selection()

    def _show_selection(self) -> None:
        case = self.current_case()
        writable = self.ctx.can(Permission.RECORD_ADM)
        index = self.tree.currentIndex()
        clocks = index.siblingAtColumn(0).data(CASE_ROLE) if index.isValid() else None
        if case is not None:
            self.details.setText(describe(case))
        elif isinstance(clocks, CaseClocks):
            self.details.setText(describe_clocks(clocks))
        else:
            self.details.setText("Choose a row to see the case and record what happened.")
        decided = case is not None and case.decision in (AdmDecision.AGREED, AdmDecision.NOT_AGREED)
        can_send = case is not None and (
            case.minutes_sent_on is None or case.decision is AdmDecision.FURTHER_INFO
        )
        self.minutes_button.setEnabled(writable and can_send)
        self.decision_button.setEnabled(writable and case is not None and case.minutes_sent_on is not None)
        self.email_button.setEnabled(case is not None and case.adm is not None and not decided)

    # -- actions ----------------------------------------------------------------------

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda _r: self.reload())
        dialog.open()

    def minutes_sent(self) -> None:
        case = self.current_case()
        if case is not None and self.minutes_button.isEnabled():
            self._open(MinutesSentDialog(self.ctx, case, self.today, self))

    def record_decision(self) -> None:
        case = self.current_case()
        if case is not None and self.decision_button.isEnabled():
            self._open(DecisionDialog(self.ctx, case, self.today, self))

    def email_draft(self) -> None:
        """Write an .eml draft to the ADM in the background, then open it. Nothing is sent."""
        case = self.current_case()
        if case is None or not self.email_button.isEnabled():
            return
        if case.minutes_state != "final" and not messages.messenger.confirm(
            self,
            "Minutes not final",
            f"The minutes of {case.panel} on {uk_date(case.heard_on)} are not final yet. "
            "Make the draft to the ADM anyway?",
        ):
            return
        from panelapp.services.adm import drafts_folder, write_adm_email

        hearing_id, as_of, folder = case.hearing_id, self.today(), drafts_folder()
        self.email_button.setEnabled(False)
        self.email_job = (
            ServiceOp(
                self,
                self.ctx,
                lambda ctx, _progress: write_adm_email(ctx, hearing_id, folder, as_of),
                error_title="Email draft",
            )
            .success(self._draft_written)
            .failure(lambda _error: self._show_selection())
            .run_in_background()
        )

    def _draft_written(self, path: Path) -> None:
        self._show_selection()
        self.last_draft = Path(str(path))
        if not open_with_system(self.last_draft):
            messages.messenger.info(
                self,
                "Email draft",
                f"The draft was saved as {self.last_draft}. Open it from your mail program.",
            )
