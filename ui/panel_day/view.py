"""The Panel day area: a sitting's attendance, a page per case in agenda order, and the minutes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from panelapp import clock
from panelapp.domain.vocab import Role
from panelapp.services import panel_day
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ServiceError
from panelapp.services.panel_day import DaySheet
from ui.panel_day.attendance import AttendancePanel
from ui.panel_day.case_page import CasePage
from ui.panel_day.common import QuorumBadge, attempt, export_in_background, quorum_text
from ui.panel_day.grading_summary_dialog import GradingSummaryDialog
from ui.panel_day.minutes_editor import AUTOSAVE_MS, MinutesEditor
from ui.shell import messages
from ui.shell.jobs import Job
from ui.shell.view_base import AreaView


class PanelDayView(AreaView):
    title = "Panel day"
    shows = frozenset({"panel_day", "calendar", "cases", "members"})

    def __init__(
        self,
        ctx: ServiceContext,
        parent: QWidget | None = None,
        autosave_ms: int = AUTOSAVE_MS,
        today: date | None = None,
    ) -> None:
        super().__init__(ctx, parent)
        self.today = today
        self.sheet: DaySheet | None = None
        self.case_pages: dict[int, CasePage] = {}
        self.job: Job | None = None
        self.sitting = QComboBox()
        self.sitting.setAccessibleName("Sitting")
        self.sitting.setMinimumWidth(420)
        self.sitting.currentIndexChanged.connect(lambda _i: self._sitting_chosen())
        self.overall = QuorumBadge("Quorum for the sitting")
        self.export_format = QComboBox()
        self.export_format.setAccessibleName("Export format")
        self.export_format.addItem("Word", "docx")
        self.export_format.addItem("PDF", "pdf")
        self.export_button = QPushButton("&Export minutes…")
        self.export_button.setShortcut(QKeySequence("Ctrl+E"))
        self.export_button.clicked.connect(lambda: self.export_minutes(None))
        self.extract_button = QPushButton("ADM e&xtract…")
        self.extract_button.setToolTip("The extract for the case on the current tab, for the ADM")
        self.extract_button.clicked.connect(self.export_extract)
        self.summary_button = QPushButton("&Grading summary…")
        self.summary_button.setToolTip("Grades of PARs, CPRs and APRs in a period, for the chairs")
        self.summary_button.clicked.connect(self.open_grading_summary)
        self.summary_dialog: GradingSummaryDialog | None = None
        top = QHBoxLayout()
        top.addWidget(QLabel("Sitting:"))
        top.addWidget(self.sitting)
        top.addWidget(self.overall, 1)
        top.addWidget(self.export_format)
        top.addWidget(self.export_button)
        top.addWidget(self.extract_button)
        top.addWidget(self.summary_button)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Panel day pages")
        self.attendance = AttendancePanel(ctx)
        self.attendance.changed.connect(lambda: self.reload(merge_minutes=True))
        self.minutes = MinutesEditor(ctx, autosave_ms)
        self.tabs.addTab(self.attendance, "Attendance")
        self.tabs.addTab(self.minutes, "Minutes")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

    # Sittings --------------------------------------------------------------------------
    def refresh(self) -> None:
        current = self.sitting.currentData()
        try:
            sittings = panel_day.list_sittings(self.ctx)
        except ServiceError as exc:
            self.overall.setText(str(exc))
            return
        chosen = panel_day.default_sitting(sittings, self.today or clock.today())
        wanted = current if current is not None else (chosen.meeting_id if chosen else None)
        self.sitting.blockSignals(True)
        self.sitting.clear()
        for s in sittings:
            self.sitting.addItem(s.label, s.meeting_id)
        index = self.sitting.findData(wanted)
        self.sitting.setCurrentIndex(index)
        self.sitting.blockSignals(False)
        self._sitting_chosen()

    def select_sitting(self, meeting_id: int) -> None:
        index = self.sitting.findData(meeting_id)
        if index < 0:
            self.refresh()
            index = self.sitting.findData(meeting_id)
        self.sitting.setCurrentIndex(index)

    def _sitting_chosen(self) -> None:
        meeting_id = self.sitting.currentData()
        if meeting_id is None:
            return
        if self.sheet is not None and self.sheet.meeting_id != meeting_id:
            if not self._may_leave_sitting():
                self.sitting.blockSignals(True)  # back to the sitting with the typing
                self.sitting.setCurrentIndex(self.sitting.findData(self.sheet.meeting_id))
                self.sitting.blockSignals(False)
                return
            self.minutes.flush()
        if self.sheet is None or self.sheet.meeting_id != meeting_id:
            self._clear_case_pages()
        self.reload()
        if self.sheet is not None:
            self.minutes.load(self.sheet.meeting_id, self._chair_name(), self.sheet.date)

    # Typing not yet saved -----------------------------------------------------------------
    def unsaved_work(self) -> str | None:
        found = [what for page in self.case_pages.values() for what in page.unsaved_work()]
        return "; ".join(found) or None

    def save_unsaved(self) -> bool:
        self.minutes.flush()
        for page in self.case_pages.values():
            if page.unsaved_work() and not page.save_unsaved():
                self.tabs.setCurrentWidget(page)
                return False
        return True

    def discard_unsaved(self) -> None:
        self.minutes.flush()  # the minutes keep their autosave; the forms go back to what was saved
        for page in self.case_pages.values():
            page.reset_forms()

    def _may_leave_sitting(self) -> bool:
        """Before another sitting replaces the forms: Save / Discard / Cancel any typing."""
        pending = self.unsaved_work()
        if pending is None:
            return True
        choice = messages.messenger.ask_save_discard_cancel(
            self, "Unsaved changes", f"You have not saved {pending}. Save before changing sitting?"
        )
        if choice == "cancel":
            return False
        if choice == "discard":
            self.discard_unsaved()  # its drafts go too: the user chose to lose that typing
            return True
        return self.save_unsaved()

    def _chair_name(self) -> str:
        if self.sheet is None:
            return ""
        for role in (Role.CHAIR, Role.VICE_CHAIR):
            for row in self.sheet.attendance:
                if role.value in row.roles and row.status in ("present", "late", "invited"):
                    return row.name
        return ""

    # The day sheet ---------------------------------------------------------------------
    def reload(self, reload_forms: bool = False, merge_minutes: bool = False) -> None:
        meeting_id = self.sitting.currentData()
        if meeting_id is None:
            return
        sheet = attempt(self, "Sitting not loaded", lambda: panel_day.day_sheet(self.ctx, meeting_id))
        if sheet is None:
            return
        self.sheet = sheet
        not_heard = (
            attempt(self, "Sitting not loaded", lambda: panel_day.not_heard_notes(self.ctx, meeting_id)) or {}
        )
        self.attendance.set_rows(sheet.meeting_id, sheet.attendance)
        self.overall.show_result(sheet.overall, "Sitting")
        if [c.hearing_id for c in sheet.cases] != list(self.case_pages):
            self._clear_case_pages()
        for case in sheet.cases:
            page = self.case_pages.get(case.hearing_id)
            new = page is None
            if page is None:
                page = CasePage(self.ctx, case)
                page.changed.connect(lambda: self.reload(merge_minutes=True))
                self.case_pages[case.hearing_id] = page
                self.tabs.insertTab(self.tabs.count() - 1, page, "")
            note = not_heard.get(case.hearing_id)
            page.update_case(case, sheet.attendance, reload_forms and not new, sheet.date, note)
            index = self.tabs.indexOf(page)
            mark = " (not heard)" if note is not None else ("" if case.quorum.quorate else " ⚠")
            self.tabs.setTabText(index, f"{case.position}. {case.reference}{mark}")
            self.tabs.setTabToolTip(index, quorum_text(case.quorum, "Quorum for this case"))
        self.extract_button.setEnabled(bool(sheet.cases))
        self.badge_changed.emit(sum(1 for c in sheet.cases if not c.quorum.quorate))
        if merge_minutes:
            self.minutes.merge_recorded_facts()

    def _clear_case_pages(self) -> None:
        for page in self.case_pages.values():
            self.tabs.removeTab(self.tabs.indexOf(page))
            page.deleteLater()
        self.case_pages = {}

    def case_page(self, position: int) -> CasePage:
        """The page of the case at this agenda position (1 = first case)."""
        return list(self.case_pages.values())[position - 1]

    def show_case(self, position: int) -> CasePage:
        page = self.case_page(position)
        self.tabs.setCurrentWidget(page)
        return page

    def show_minutes(self) -> MinutesEditor:
        self.tabs.setCurrentWidget(self.minutes)
        return self.minutes

    def open_grading_summary(self) -> GradingSummaryDialog:
        self.summary_dialog = GradingSummaryDialog(self.ctx, self.today or clock.today(), self)
        self.summary_dialog.open()
        return self.summary_dialog

    # Exports ---------------------------------------------------------------------------
    def export_extract(self) -> None:
        page = self.tabs.currentWidget()
        if not isinstance(page, CasePage):
            messages.messenger.info(
                self, "ADM extract", "Open the page of the case whose extract you want first."
            )
            return
        self.export_minutes(page.case.reference)

    def export_minutes(self, case_reference: str | None) -> None:
        if self.sheet is None:
            return
        fmt = str(self.export_format.currentData())
        stem = f"minutes-{self.sheet.date.isoformat()}" + (f"-{case_reference}" if case_reference else "")
        path, _ = QFileDialog.getSaveFileName(self, "Export minutes", f"{stem}.{fmt}", f"*.{fmt}")
        if not path:
            return
        self.minutes.flush()
        meeting_id = self.sheet.meeting_id
        self.job = export_in_background(
            self,
            self.ctx,
            lambda ctx: panel_day.export_minutes(ctx, meeting_id, fmt, Path(path), case_reference),
            self.export_button,
            "Minutes exported",
        )
