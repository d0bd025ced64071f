"""The case's papers' files: drop PDFs onto it (or choose them), every version listed.

A file dropped or chosen is added to the paper chosen in "Paper" (a checklist code, or
Other) in the background: checked (PDF, at most 50 MB, not locked), kept as the paper's
newest version, and the paper marked received on the checklist above (late when after its
deadline). Each version stays listed with its pages and the pages the names check cannot
read, and any of them (an older one too) can be opened in the PDF reader or saved as a copy.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from panelapp.domain.periods import uk_date
from panelapp.services import cases, papers
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ServiceError
from panelapp.services.files import os_error_message
from ui.shell import messages
from ui.shell.jobs import Job, ServiceOp

HEADERS = ("Paper", "Version", "File", "Pages", "Size", "Pages without text", "Added by", "Added")
ACCEPTED = (".pdf", ".docx", ".doc", ".odt", ".rtf")
RECEIVED_COLUMN, STATE_COLUMN = 3, 6  # of the case dialog's checklist (PAPER_COLUMNS)


class PaperFilesPanel(QWidget):
    """`added` carries the checklist row the new file marked received."""

    added = Signal(object)

    def __init__(
        self,
        ctx: ServiceContext,
        case_id: int | None,
        checklist: QTableWidget | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case_id = case_id
        self.checklist = checklist
        self.job: Job | None = None
        self.queue: list[Path] = []
        self.setAcceptDrops(case_id is not None)
        self.setAccessibleName("Papers' files")
        intro = QLabel(
            "<b>Papers' files</b>: drop PDFs here, or choose them, for the paper chosen below "
            f"({papers.LIMITS_TEXT}). A new file for a paper is a new version; the old ones stay."
        )
        intro.setWordWrap(True)
        self.paper = QComboBox()
        self.paper.setAccessibleName("Paper the file is for")
        self.add_button = QPushButton("Add &file…")
        self.add_button.clicked.connect(self.choose_files)
        self.status = QLabel("Save the case first, then add its papers' files." if case_id is None else "")
        self.status.setAccessibleName("Papers' files status")
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setAccessibleName("Papers' files and versions")
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(110)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.itemDoubleClicked.connect(lambda _item: self.open_version())
        self.open_button = QPushButton("&Open")
        self.open_button.setToolTip("Open the chosen version in the PDF reader (a copy)")
        self.open_button.clicked.connect(self.open_version)
        self.save_button = QPushButton("Sa&ve a copy…")
        self.save_button.setToolTip("Save a copy of the chosen version")
        self.save_button.clicked.connect(self.save_version)
        for text, slot in (("Open", self.open_version), ("Save a copy…", self.save_version)):
            action = QAction(text, self.table)
            action.triggered.connect(slot)
            self.table.addAction(action)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self._selection_changed()
        row = QHBoxLayout()
        paper_label = QLabel("Pape&r:")
        paper_label.setBuddy(self.paper)
        row.addWidget(paper_label)
        row.addWidget(self.paper)
        row.addWidget(self.add_button)
        row.addWidget(self.status, 1)
        row.addWidget(self.open_button)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.table)
        self.add_button.setEnabled(case_id is not None)
        self.paper.setEnabled(case_id is not None)
        self.reload()

    def reload(self) -> None:
        if self.case_id is None:
            return
        chosen = self.paper.currentData()
        self.paper.clear()
        codes = [p.paper_type for p in cases.list_papers(self.ctx, self.case_id)]
        for code in [*codes, *([] if papers.OTHER in codes else [papers.OTHER])]:
            self.paper.addItem(cases.paper_label(code) if code != papers.OTHER else "Other", code)
        self.paper.setCurrentIndex(max(0, self.paper.findData(chosen)))
        rows = papers.list_paper_files(self.ctx, self.case_id)
        self.table.setRowCount(len(rows))
        for n, f in enumerate(rows):
            cells = (f.label, str(f.version), f.filename, str(f.pages), f.size_text,
                     ", ".join(str(p) for p in f.pages_without_text) or "none", f.added_by,
                     uk_date(f.added_at.date()))  # fmt: skip
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, f.id)
                item.setData(Qt.ItemDataRole.UserRole + 1, papers.version_filename(f.filename, f.version))
                self.table.setItem(n, column, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self._selection_changed()

    # -- opening and saving a version ------------------------------------------------

    def _chosen(self) -> tuple[int, str] | None:
        """The chosen version's id and the name its copy gets."""
        item = self.table.item(self.table.currentRow(), 0) if self.table.selectedItems() else None
        if item is None:
            return None
        return int(item.data(Qt.ItemDataRole.UserRole)), str(item.data(Qt.ItemDataRole.UserRole + 1))

    def _selection_changed(self) -> None:
        for button in (self.open_button, self.save_button):
            button.setEnabled(self._chosen() is not None)

    def open_version(self) -> None:
        """Open a copy of the chosen version (the kept file itself never changes)."""
        chosen = self._chosen()
        if chosen is None:
            return
        try:
            path = papers.open_paper_file(self.ctx, chosen[0])
        except (ServiceError, OSError) as exc:
            messages.messenger.error(self, "File not opened", _said(exc))
            return
        self.status.setText(f"Opened {path.name}.")
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def save_version(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        out, _ = QFileDialog.getSaveFileName(self, "Save a copy of the paper", chosen[1], "PDF (*.pdf)")
        if not out:
            return
        try:
            saved = papers.save_paper_file(self.ctx, chosen[0], Path(out))
        except (ServiceError, OSError) as exc:
            messages.messenger.error(self, "Copy not saved", _said(exc))
            return
        self.status.setText(f"Saved a copy to {saved}.")

    # -- adding --------------------------------------------------------------------

    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, "Add papers' files", "", "PDF or Word (*.pdf *.docx *.doc *.odt *.rtf)"
        )
        self.add_files([Path(n) for n in names])

    def add_files(self, paths: list[Path]) -> None:
        """Add each file in turn, in the background, to the chosen paper."""
        if self.case_id is None or not paths:
            return
        self.queue += paths
        if self.job is None:
            self._next()

    def _next(self) -> None:
        if not self.queue or self.case_id is None:
            self.job = None
            self.add_button.setEnabled(True)
            return
        path = self.queue.pop(0)
        case_id, code = self.case_id, str(self.paper.currentData())
        self.add_button.setEnabled(False)
        self.status.setText(f"Checking {path.name}…")
        self.job = (
            ServiceOp(
                self,
                self.ctx,
                lambda ctx, _p: papers.add_paper_file(ctx, case_id, code, path),
                error_title="File not added",
            )
            .success(self._added)
            .failure(self._failed)
            .changes("cases")
            .run_in_background()
        )

    def _added(self, added: papers.AddedFile) -> None:
        f, paper = added.file, added.paper
        note = f" Marked received ({paper.state.label.lower()})." if added.first_version else ""
        self.status.setText(f"{f.filename} kept as {f.label} version {f.version}.{note}")
        self._show_received(paper)
        self.reload()
        self.added.emit(paper)
        self._next()

    def _failed(self, _error: Exception) -> None:
        self.status.setText("The file was not added.")
        self._next()

    def _show_received(self, paper: cases.PaperRow) -> None:
        """Show the received date on the dialog's checklist, unless the user typed one."""
        if self.checklist is None or paper.received_on is None:
            return
        for row in range(self.checklist.rowCount()):
            label = self.checklist.item(row, 0)
            received = self.checklist.item(row, RECEIVED_COLUMN)
            if (
                label is not None
                and label.text() == paper.label
                and received is not None
                and not received.text()
            ):
                received.setText(uk_date(paper.received_on))
                state = self.checklist.item(row, STATE_COLUMN)
                if state is not None:
                    state.setText(paper.state.label)
                for column in (RECEIVED_COLUMN, STATE_COLUMN):
                    self.checklist.resizeColumnToContents(column)

    # -- drag and drop -------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.case_id is not None and any(_accepted(u.toLocalFile()) for u in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        refused = [p.name for p in paths if not _accepted(str(p))]
        self.add_files([p for p in paths if _accepted(str(p))])
        if refused:
            self.status.setText(f"Not added (not PDF or Word): {', '.join(refused)}. Save them as PDF.")
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()


def _said(exc: Exception) -> str:
    text = os_error_message(exc) if isinstance(exc, OSError) else str(exc)
    return text[:1].upper() + text[1:]


def _accepted(name: str) -> bool:
    return name.lower().endswith(ACCEPTED)
