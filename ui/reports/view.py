"""Reports: the six-monthly chairs' report on screen, its narrative, and Word/PDF export.

Figures load in one service call (a handful of GROUP BY queries). Documents are written by
a background job (`ui.shell.jobs.ServiceOp`) with its own database context; the progress bar shows how
far it has got and Cancel stops it without leaving a half-written file.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtGui import QKeySequence, QShortcut
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
from panelapp.domain.periods import uk_date
from panelapp.domain.permissions import Permission
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ServiceError
from panelapp.services.reports import (
    ChairsReport,
    ReportNarrativeSet,
    appendix_table,
    build_chairs_report,
    export_chairs_report,
    report_panels,
    save_narrative,
)
from ui.reports.figures_panel import FiguresPanel, FigureTable
from ui.reports.narrative_editor import NarrativeEditor
from ui.reports.period_picker import PeriodPicker
from ui.shell import messages
from ui.shell.drafts import DraftKeeper
from ui.shell.jobs import Job, ServiceOp
from ui.shell.view_base import AreaView
from ui.shell.widgets.job_progress import JobProgress

FORMATS = {
    "docx": ("Word", "Word documents (*.docx)"),
    "pdf": ("PDF", "PDF documents (*.pdf)"),
}


def today() -> date:
    """Today's date (tests replace it to pin the default period)."""
    return clock.today()


class ReportsView(AreaView):
    title = "Reports"
    shows = frozenset({"reports", "members", "cases", "panel_day", "adm", "settings"})

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.report: ChairsReport | None = None
        self.job: Job | None = None
        self.last_export: Path | None = None
        layout = QVBoxLayout(self)
        heading = QLabel("<h2>Chairs' report</h2>")
        heading.setObjectName("viewHeading")
        layout.addWidget(heading)

        bar = QHBoxLayout()
        self.picker = PeriodPicker(today())
        bar.addWidget(self.picker)
        self.panel_combo = QComboBox()
        self.panel_combo.setAccessibleName("Panel")
        panel_label = QLabel("Pa&nel:")
        panel_label.setBuddy(self.panel_combo)
        bar.addWidget(panel_label)
        bar.addWidget(self.panel_combo)
        self.show_button = QPushButton("&Show")
        self.show_button.setToolTip("Count the figures for this period (F5)")
        bar.addWidget(self.show_button)
        bar.addStretch(1)
        self.word_button = QPushButton("Export &Word…")
        self.word_button.setToolTip("Write the report as a Word document (Ctrl+Shift+W)")
        self.pdf_button = QPushButton("Export &PDF…")
        self.pdf_button.setToolTip("Write the report as a PDF (Ctrl+Shift+P)")
        bar.addWidget(self.word_button)
        bar.addWidget(self.pdf_button)
        layout.addLayout(bar)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.tabs = QTabWidget()
        self.figures = FiguresPanel()
        self.narrative = NarrativeEditor()
        appendix_page = QWidget()
        appendix_layout = QVBoxLayout(appendix_page)
        self.appendix_caption = QLabel()
        appendix_layout.addWidget(self.appendix_caption)
        self.appendix = FigureTable("Appendix A: membership list")
        appendix_layout.addWidget(self.appendix)
        appendix_layout.addStretch(1)
        self.appendix_page = appendix_page
        self._appendix_shown_for: ChairsReport | None = None  # the report its table was filled from
        self.tabs.addTab(self.figures, "&Figures")
        self.tabs.addTab(self._narrative_page(), "&Narrative")
        self.tabs.addTab(appendix_page, "&Appendix A")
        self.tabs.currentChanged.connect(lambda _i: self._fill_appendix())
        layout.addWidget(self.tabs, 1)

        self.export_progress = JobProgress("Export")
        layout.addWidget(self.export_progress)

        self.drafts = DraftKeeper(
            ctx, self, key=self._draft_key, what=self._draft_what, fields=self.narrative.draft_fields
        )
        self.narrative.typed.connect(self.drafts.typed)
        self.show_button.clicked.connect(self.load)
        self.picker.changed.connect(self.load)
        self.panel_combo.currentIndexChanged.connect(lambda _i: self.load())
        self.word_button.clicked.connect(lambda: self.export("docx"))
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        for keys, action in (  # F5 is the window's View → Refresh, which reloads this area
            ("Ctrl+S", self.save),
            ("Ctrl+Shift+W", lambda: self.export("docx")),
            ("Ctrl+Shift+P", lambda: self.export("pdf")),
        ):
            QShortcut(QKeySequence(keys), self, action)

    def _narrative_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        row = QHBoxLayout()
        self.save_button = QPushButton("&Save narrative")
        self.save_button.setToolTip("Save the written sections (Ctrl+S)")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        self.narrative.dirty_changed.connect(
            lambda dirty: self.save_button.setEnabled(dirty or self.narrative.has_offered_text())
        )
        row.addWidget(QLabel("Written sections are kept with the report for this period and panel."))
        row.addStretch(1)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        layout.addWidget(self.narrative, 1)
        return page

    # -- loading -----------------------------------------------------------------------

    def refresh(self) -> None:
        chosen = self.panel_combo.currentData()
        self.panel_combo.blockSignals(True)
        self.panel_combo.clear()
        self.panel_combo.addItem("All panels", None)
        try:
            for panel in report_panels(self.ctx):
                self.panel_combo.addItem(panel.name, panel.id)
        except ServiceError as exc:
            self.summary.setText(str(exc))
            self.panel_combo.blockSignals(False)
            return
        index = self.panel_combo.findData(chosen)
        self.panel_combo.setCurrentIndex(max(index, 0))
        self.panel_combo.blockSignals(False)
        if self.narrative.is_dirty():
            return  # keep the typing; the figures are refreshed by Show
        self.load()

    def chosen(self) -> tuple[date, date, int | None]:
        start, end = self.picker.period()
        return start, end, self.panel_combo.currentData()

    def load(self) -> None:
        try:
            start, end, panel_id = self.chosen()
        except ValueError as exc:
            self.summary.setText(f"<span style='color:#c53030'>{exc}</span>")
            return
        if self.narrative.is_dirty():
            if not messages.messenger.confirm(
                self, "Unsaved narrative", "The narrative has changes that are not saved. Discard them?"
            ):
                return
            self.drafts.discard()
        try:
            report = build_chairs_report(self.ctx, start, end, panel_id)
        except ServiceError as exc:
            messages.messenger.error(self, "Chairs' report", str(exc))
            return
        self.report = report
        self.summary.setText(
            f"<b>{report.panel_name}</b>, hearings sitting from {uk_date(start)} to {uk_date(end)}."
        )
        self.figures.show_report(report)
        self._show_narrative(report.narrative)
        self.drafts.offer(self, self.narrative.apply_draft)

        self.appendix_caption.setText(f"Members on {uk_date(end)}, in surname order.")
        self._fill_appendix()

    def _fill_appendix(self) -> None:
        """The membership table when its tab is shown: sizing its every row and column to the
        text was ~20 ms of the area's first open, for a tab not yet looked at."""
        report = self.report
        if report is None or report is self._appendix_shown_for:
            return
        if self.tabs.currentWidget() is not self.appendix_page:
            return
        self.appendix.set_table(appendix_table(report))
        self._appendix_shown_for = report

    # -- narrative ---------------------------------------------------------------------

    def save(self) -> bool:
        if self.report is None:
            return False
        problem = self.narrative.control_problem()
        if problem:
            messages.messenger.error(self, "Chairs' report", problem)
            return False
        edits = self.narrative.edits()
        if not edits:
            return True
        try:
            saved = save_narrative(
                self.ctx, self.report.period_from, self.report.period_to, self.report.panel_id, edits
            )
        except ServiceError as exc:
            messages.messenger.error(self, "The narrative was not saved", str(exc))
            return False
        self._show_narrative(saved)
        self.drafts.discard()
        messages.announce_saved(self._draft_what())
        return True

    # -- typing not yet saved ------------------------------------------------------------

    def _draft_key(self) -> str | None:
        if self.report is None:
            return None
        report = self.report
        return f"narrative:{report.period_from}:{report.period_to}:{report.panel_id or ''}"

    def _draft_what(self) -> str:
        if self.report is None:
            return "the chairs' report narrative"
        report = self.report
        return (
            f"the chairs' report narrative for {report.panel_name}, "
            f"{uk_date(report.period_from)} to {uk_date(report.period_to)}"
        )

    def unsaved_work(self) -> str | None:
        return self._draft_what() if self.report is not None and self.narrative.is_dirty() else None

    def save_unsaved(self) -> bool:
        if self.save():
            return True
        self.tabs.setCurrentIndex(1)  # the narrative, where the problem is
        return False

    def discard_unsaved(self) -> None:
        self.drafts.discard()
        if self.narrative.narrative is not None:
            self._show_narrative(self.narrative.narrative)  # as last loaded or saved

    def _show_narrative(self, narrative: ReportNarrativeSet) -> None:
        can_edit = self.ctx.can(Permission.EDIT_REPORT)
        can_comment = self.ctx.can(Permission.WRITE_CHAIR_COMMENTS)
        self.narrative.show_narrative(narrative, can_edit=can_edit, can_comment=can_comment)
        self.save_button.setEnabled(self.narrative.has_offered_text() and (can_edit or can_comment))

    # -- export ------------------------------------------------------------------------

    def export(self, fmt: str) -> None:
        if self.job is not None:
            return
        if self.report is None:
            self.load()
            if self.report is None:
                return
        if self.narrative.is_dirty() and (
            messages.messenger.confirm(
                self, "Unsaved narrative", "Save the narrative first, so the document includes it?"
            )
            and not self.save()
        ):
            return
        report = self.report
        kind, file_filter = FORMATS[fmt]
        suggested = (
            f"Chairs report {report.panel_name} {report.period_from.isoformat()} to "
            f"{report.period_to.isoformat()}.{fmt}"
        )
        path, _ = QFileDialog.getSaveFileName(
            self, f"Export {kind}", str(Path.home() / suggested), file_filter
        )
        if not path:
            return
        out = Path(path)
        if out.suffix.lower() != f".{fmt}":
            out = out.with_name(out.name + f".{fmt}")
        start, end, panel_id = report.period_from, report.period_to, report.panel_id
        self.job = (
            ServiceOp(
                self,
                self.ctx,
                lambda ctx, progress: export_chairs_report(
                    ctx, start, end, panel_id, fmt, out, progress.report
                ),
                error_title="The report was not written",
            )
            .with_progress(self.export_progress, f"Writing the {kind} report…")
            .success(self._on_finished)
            .failure(lambda _error: self._export_ended())
            .cancelled(self._on_cancelled)
            .run_in_background()
        )
        self._enable_exports(False)

    def _enable_exports(self, enabled: bool) -> None:
        for button in (self.word_button, self.pdf_button):
            button.setEnabled(enabled)

    def _export_ended(self) -> None:
        self.job = None
        self._enable_exports(True)

    def _on_finished(self, out: Path) -> None:
        self._export_ended()
        self.last_export = Path(str(out))
        messages.messenger.info(self, "Chairs' report", f"The report was saved as {out}.")

    def _on_cancelled(self) -> None:
        self._export_ended()
        self.summary.setText("Export cancelled: no file was written.")
