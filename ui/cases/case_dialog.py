"""Add or edit a case: details, children and social workers, the papers checklist, hearings."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from panelapp.domain import case_types
from panelapp.domain.agenda import PaperState
from panelapp.domain.case_types import ClockDate
from panelapp.domain.periods import parse_user_date, uk_date
from panelapp.domain.vocab import SocialWorkerRole
from panelapp.services import cases
from panelapp.services import cases as papers
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ConflictError, ServiceError
from ui.cases.models import LATE_BACKGROUND, PROBLEM_BACKGROUND
from ui.cases.paper_files_panel import PaperFilesPanel
from ui.cases.withheld_names_panel import WithheldNamesPanel
from ui.shell import messages
from ui.shell.conflict_dialog import ConflictDialog
from ui.shell.field_errors import FieldErrors
from ui.shell.form_state import CloseGuard
from ui.shell.screen_fit import fit_to_screen
from ui.shell.widgets.date_field import DateField, read_dates

SW_ROLES = [r.value for r in SocialWorkerRole]
PAPER_COLUMNS = ("Paper", "Author", "Due", "Received", "Circulated", "Returned", "State")


# The clock dates edited on the Case tab (the stage-two start is the "Stage 2 start" above).
CLOCK_DATES = tuple(c for c in ClockDate if c is not ClockDate.STAGE_TWO_STARTED)


def _cell(text: str, editable: bool = True) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if not editable:
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


def _text(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    return item.text().strip() if item else ""


def _date_in(table: QTableWidget, row: int, column: int, what: str, problems: dict[str, str]) -> date | None:
    text = _text(table, row, column)
    if not text:
        return None
    try:
        return parse_user_date(text)
    except ValueError as exc:
        problems[what] = f"{what}: {exc}"  # a cell of a table: said on the form's summary line
        return None


class CaseDialog(QDialog):
    """`saved` holds the case as saved, once Save succeeded."""

    def __init__(
        self, ctx: ServiceContext, case_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.saved: cases.CaseDetail | None = None
        self.detail = cases.get_case(ctx, case_id) if case_id is not None else None
        self.setWindowTitle(f"Case {self.detail.reference}" if self.detail else "New case")
        fit_to_screen(self, 900, 620)  # at 125% a 1366x768 screen has 614 px (issue 20)
        self.las = cases.local_authority_choices(ctx)
        self.field_errors = FieldErrors(self.windowTitle())
        self.tabs = QTabWidget()
        self.tabs.addTab(self._details_tab(), "&Case")
        self.tabs.addTab(self._people_tab(), "C&hildren and social workers")
        self.tabs.addTab(self._papers_tab(), "&Papers")
        self.tabs.addTab(self._hearings_tab(), "H&earings")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.field_errors.summary)
        layout.addWidget(buttons)
        if self.detail:
            self._fill(self.detail)
        else:
            self._offer_reference()
        what = f"the changes to case {self.detail.reference}" if self.detail else "the new case"
        self.close_guard = CloseGuard(self, what, self.save)

    def reject(self) -> None:
        """Esc, the X or Cancel: with changes, ask Save / Discard / Cancel first (issue 20)."""
        if self.close_guard.may_close():
            super().reject()

    def _offer_reference(self) -> None:
        """A new case starts with the next reference in the agency's pattern (issue 20); the
        user may type another. Before the close guard's snapshot: an untouched offer is no typing."""
        try:
            offered = cases.next_reference(self.ctx)
        except ServiceError:
            return
        self.reference.setText(offered)
        if offered:
            self.reference.setToolTip("The next reference in your agency's pattern; type another if needed.")

    # -- building -----------------------------------------------------------------

    def _details_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.reference = QLineEdit()
        self.reference.setAccessibleName("Reference")
        self.case_type = QComboBox()
        self.case_type.setAccessibleName("Case type")
        for case_type in case_types.all_case_types():
            self.case_type.addItem(case_type.label, case_type.code)
        self.household = QLineEdit()
        self.household.setAccessibleName("Household or applicants")
        self.la = QComboBox()
        self.la.setAccessibleName("Local authority")
        self.la.addItem("(none)", None)
        for la in self.las:
            self.la.addItem(la.name, la.id)
        self.locality = QComboBox()
        self.locality.setAccessibleName("Locality")
        self.la.currentIndexChanged.connect(lambda _i: self._fill_localities(None))
        self._fill_localities(None)
        self.stage2 = DateField("Stage 2 start")
        self.placement = DateField("Placement order date")
        self.status = QComboBox()
        self.status.setAccessibleName("Status")
        for code, label in cases.STATUS_LABELS.items():
            self.status.addItem(label, code)
        self.inter_agency = QCheckBox("The adopters are another agency's (inter-agency match)")
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName("Notes")
        self.notes.setMaximumHeight(90)
        wrap, add = self.field_errors.wrap, self.field_errors.add
        form.addRow("&Reference", wrap("reference", self.reference))
        form.addRow("&Type", wrap("case_type", self.case_type))
        form.addRow("&Household / applicants", wrap("household", self.household))
        form.addRow("&Local authority", wrap("local_authority", self.la))
        form.addRow("L&ocality", wrap("locality", self.locality))
        form.addRow("&Stage 2 start (approvals)", add("stage2_start", self.stage2))
        form.addRow("&Placement order (matches)", add("placement_order_on", self.placement))
        self._clock_rows(form)
        form.addRow("", self.inter_agency)
        form.addRow("St&atus", wrap("status", self.status))
        form.addRow("&Notes", self.notes)
        self._show_clock_dates()  # every row is in the form now
        return page

    def _clock_rows(self, form: QFormLayout) -> None:
        """The statutory clocks' dates, shown for the case types whose row keeps them."""
        self.details_form = form
        self.clock_dates = {c.value: DateField(c.label) for c in CLOCK_DATES}
        self.clock_rows = {}
        for clock_date in CLOCK_DATES:
            row = self.field_errors.add(clock_date.value, self.clock_dates[clock_date.value])
            form.addRow(clock_date.label, row)
            self.clock_rows[clock_date.value] = row
        self.case_type.currentIndexChanged.connect(lambda _i: self._show_clock_dates())

    def _show_clock_dates(self) -> None:
        """Only what the chosen case type keeps: its clocks' dates, the stage-two start of an
        assessment, a placement order where a child is placed, inter-agency for a match."""
        row = case_types.find(self.case_type.currentData() or "")
        for name, widget in self.clock_rows.items():
            self.details_form.setRowVisible(widget, bool(row and row.has_date(ClockDate(name))))
        self.details_form.setRowVisible(self.stage2, bool(row and row.has_date(ClockDate.STAGE_TWO_STARTED)))
        self.details_form.setRowVisible(self.placement, bool(row and row.concerns_children))
        self.details_form.setRowVisible(self.inter_agency, bool(row and row.counts_by_area))

    def _clock_values(self, problems: dict[str, str]) -> dict[str, date | None]:
        """The clock dates typed, None for those the case type does not keep."""
        row = case_types.find(self.case_type.currentData() or "")
        kept = {n: f for n, f in self.clock_dates.items() if row and row.has_date(ClockDate(n))}
        values, bad = read_dates(kept)
        problems.update(bad)
        return {name: values.get(name) for name in self.clock_dates}

    def _people_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel("<b>Child or sibling group</b> (agendas and minutes show the initials only)"))
        self.children_table = QTableWidget(0, 4)
        self.children_table.setAccessibleName("Children")
        self.children_table.setHorizontalHeaderLabels(
            ["Initials", "Full name (never circulated)", "Date of birth", "Sex"]
        )
        self.children_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        add, remove = QPushButton("&Add child"), QPushButton("Re&move child")
        add.clicked.connect(lambda: self.children_table.insertRow(self.children_table.rowCount()))
        remove.clicked.connect(
            lambda: self.children_table.removeRow(max(0, self.children_table.currentRow()))
        )
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout.addWidget(self.field_errors.wrap("children", self.children_table))
        layout.addLayout(row)
        layout.addWidget(QLabel("<b>Social workers</b>"))
        self.workers = QTableWidget(len(SW_ROLES), 3)
        self.workers.setAccessibleName("Social workers")
        self.workers.setHorizontalHeaderLabels(["Name", "Team", "Email"])
        self.workers.setVerticalHeaderLabels([cases.SOCIAL_WORKER_LABELS[r] for r in SW_ROLES])
        self.workers.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.workers)
        self.withheld = WithheldNamesPanel(self.ctx, self.detail.id if self.detail else None)
        layout.addWidget(self.withheld)
        return page

    def _papers_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.papers_note = QLabel("The checklist for the case type appears once the case is saved.")
        self.papers = QTableWidget(0, len(PAPER_COLUMNS))
        self.papers.setAccessibleName("Papers checklist")
        self.papers.setHorizontalHeaderLabels(list(PAPER_COLUMNS))
        self.papers.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.papers_note)
        layout.addWidget(self.papers)
        # the papers' files (issue 22): dropped PDFs mark their checklist row received
        self.paper_files = PaperFilesPanel(self.ctx, self.detail.id if self.detail else None, self.papers)
        layout.addWidget(self.paper_files)
        return page

    def _hearings_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.hearings = QTableWidget(0, 5)
        self.hearings.setAccessibleName("Hearings")
        self.hearings.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.hearings.setHorizontalHeaderLabels(["Hearing", "Panel", "Date", "Status", "Recommendation"])
        layout.addWidget(self.hearings)
        return page

    def _fill_localities(self, selected: int | None) -> None:
        self.locality.clear()
        self.locality.addItem("(none)", None)
        la = next((la for la in self.las if la.id == self.la.currentData()), None)
        for loc_id, name in la.localities if la else ():
            self.locality.addItem(name, loc_id)
        self.locality.setEnabled(self.locality.count() > 1)
        if selected is not None:
            self.locality.setCurrentIndex(max(0, self.locality.findData(selected)))

    def _fill(self, d: cases.CaseDetail) -> None:
        self.reference.setText(d.reference)
        self.case_type.setCurrentIndex(self.case_type.findData(d.case_type))
        self.household.setText(d.household)
        self.la.setCurrentIndex(max(0, self.la.findData(d.local_authority_id)))
        self._fill_localities(d.locality_id)
        self.stage2.set_value(d.stage2_start)
        self.placement.set_value(d.placement_order_on)
        for name, widget in self.clock_dates.items():
            widget.set_value(getattr(d, name))
        self.status.setCurrentIndex(max(0, self.status.findData(d.status)))
        self.notes.setPlainText(d.notes)
        self.inter_agency.setChecked(d.inter_agency)
        self.children_table.setRowCount(len(d.children))
        for n, child in enumerate(d.children):
            dob = uk_date(child.date_of_birth) if child.date_of_birth else ""
            for column, text in enumerate((child.initials, child.full_name, dob, child.sex)):
                self.children_table.setItem(n, column, _cell(text))
        for worker in d.social_workers:
            if worker.role in SW_ROLES:
                row = SW_ROLES.index(worker.role)
                for column, text in enumerate((worker.name, worker.team, worker.email)):
                    self.workers.setItem(row, column, _cell(text))
        self._fill_papers(d.papers)
        self.hearings.setRowCount(len(d.hearings))
        for n, h in enumerate(d.hearings):
            outcome = (h.outcome or "").replace("_", " ").capitalize()
            for column, text in enumerate(
                (str(h.sequence), h.panel, uk_date(h.date), h.status.capitalize(), outcome)
            ):
                self.hearings.setItem(n, column, _cell(text, editable=False))

    def _fill_papers(self, rows: tuple[papers.PaperRow, ...]) -> None:
        self.paper_rows = list(rows)
        self.papers_note.setText("Late and missing papers are highlighted. Dates are dd/mm/yyyy.")
        self.papers.setRowCount(len(rows))
        for n, p in enumerate(rows):
            cells = [
                _cell(p.label, editable=False),
                _cell(p.author),
                _cell(uk_date(p.due_on) if p.due_on else "", editable=False),
                _cell(uk_date(p.received_on) if p.received_on else ""),
                _cell(uk_date(p.circulated_on) if p.circulated_on else ""),
                _cell(""),
                _cell(p.state.label, editable=False),
            ]
            cells[5].setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            cells[5].setCheckState(
                Qt.CheckState.Checked if p.returned_for_amendment else Qt.CheckState.Unchecked
            )
            colour = {PaperState.MISSING: PROBLEM_BACKGROUND, PaperState.LATE: LATE_BACKGROUND}.get(p.state)
            cells[5].setToolTip("Returned to the author for amendment")
            for column, cell in enumerate(cells):
                if colour is not None:
                    cell.setBackground(QBrush(colour))
                self.papers.setItem(n, column, cell)
        self.papers.resizeColumnsToContents()
        self.papers.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

    # -- saving -------------------------------------------------------------------

    def collect(self) -> tuple[cases.CaseInput | None, dict[str, str]]:
        """The form as a CaseInput, or None and what is wrong (keyed like the service's errors)."""
        dates, problems = read_dates({"stage2_start": self.stage2, "placement_order_on": self.placement})
        children = []
        for row in range(self.children_table.rowCount()):
            values = [_text(self.children_table, row, c) for c in range(4)]
            if not any(values):
                continue
            dob = _date_in(self.children_table, row, 2, f"Child {row + 1}'s date of birth", problems)
            children.append(cases.ChildData(values[0], values[1], dob, values[3]))
        workers = []
        for row, role in enumerate(SW_ROLES):
            name, team, email = (_text(self.workers, row, c) for c in range(3))
            if name or team or email:
                workers.append(cases.SocialWorkerData(role, name, team, email))
        data = cases.CaseInput(
            reference=self.reference.text(),
            case_type=self.case_type.currentData(),
            household=self.household.text(),
            local_authority_id=self.la.currentData(),
            locality_id=self.locality.currentData(),
            stage2_start=dates["stage2_start"],
            placement_order_on=dates["placement_order_on"],
            **self._clock_values(problems),
            status=self.status.currentData(),
            notes=self.notes.toPlainText(),
            children=tuple(children),
            social_workers=tuple(workers),
            inter_agency=self.inter_agency.isChecked(),
        )
        return (None if problems else data), problems

    def collect_papers(self, problems: dict[str, str]) -> dict[int, papers.PaperUpdate]:
        updates = {}
        for row, paper in enumerate(getattr(self, "paper_rows", [])):
            update = papers.PaperUpdate(
                author=_text(self.papers, row, 1),
                received_on=_date_in(self.papers, row, 3, f"{paper.label} received", problems),
                circulated_on=_date_in(self.papers, row, 4, f"{paper.label} circulated", problems),
                returned_for_amendment=self._checked(row, 5),
                note=paper.note,
            )
            before = papers.PaperUpdate(
                paper.author, paper.received_on, paper.circulated_on, paper.returned_for_amendment, paper.note
            )
            if update != before:
                updates[paper.id] = update
        return updates

    def _checked(self, row: int, column: int) -> bool:
        item = self.papers.item(row, column)
        return item is not None and item.checkState() == Qt.CheckState.Checked

    def save(self) -> None:
        data, problems = self.collect()
        paper_updates = self.collect_papers(problems)
        if data is None or problems:
            self.field_errors.show(problems, "The case was not saved: please correct what is marked.")
            return
        try:
            if self.detail is None:
                saved = cases.create_case(self.ctx, data)
            else:
                # one transaction: the case and its papers are saved together or not at all
                saved = cases.update_case(self.ctx, self.detail.id, data, self.detail.version, paper_updates)
        except ConflictError as exc:
            self.resolve_conflict(exc, data)
            return
        except ServiceError as exc:
            self.field_errors.show_refusal(self, "Case not saved", exc)
            return
        try:
            self.withheld.save_for(saved.id)
        except ServiceError as exc:
            self.field_errors.show_refusal(self, "Names never to circulate not saved", exc)
            return
        self.saved = saved
        messages.announce_saved(f"case {saved.reference}")
        self.accept()

    def resolve_conflict(self, error: ConflictError, mine: cases.CaseInput) -> ConflictDialog:
        """Their saved case beside the user's typing; reload theirs if the user asks."""
        dialog = ConflictDialog(
            error, {k: v for k, v in asdict(mine).items() if not isinstance(v, list | tuple)}, self
        )
        dialog.accepted.connect(self.reload_saved)
        dialog.open()
        return dialog

    def reload_saved(self) -> None:
        if self.detail is not None:
            self.detail = cases.get_case(self.ctx, self.detail.id)
            self._fill(self.detail)
            self.close_guard.mark_loaded()
