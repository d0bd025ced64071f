"""The Panel pack dialog of the agenda builder: what goes in, who holds which version, and
writing the pack (one, one for a person, or one each; an addendum for one person or for
everyone holding an out-of-date pack) in the background with progress, Cancel and a preview
of the file written. After the sitting, the list of holders who have not confirmed
destroying their copy, and "Confirmed destroyed…" to record it with the day they said so."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from panelapp.domain.periods import uk_date
from panelapp.domain.permissions import Permission
from panelapp.services import pack
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ServiceError
from ui.shell import messages
from ui.shell.jobs import Job, Progress, ServiceOp
from ui.shell.widgets.date_field import DateField
from ui.shell.widgets.job_progress import JobProgress


class DestroyedDateDialog(QDialog):
    """The day a holder said they destroyed their copy (today unless changed)."""

    def __init__(self, recipient: str, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Confirmed destroyed")
        self.day = DateField("Day they confirmed it", required=True)
        self.day.set_value(today)
        said = QLabel(f"{recipient} confirmed destroying every copy of the pack on:")
        said.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(said)
        form.addRow("&Day:", self.day)
        form.addRow(buttons)

    def _accept(self) -> None:
        if self.day.validate():
            self.accept()

    def value(self) -> date | None:
        return self.day.value()


class PackDialog(QDialog):
    def __init__(
        self, ctx: ServiceContext, meeting_id: int, title: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx, self.meeting_id = ctx, meeting_id
        self.setWindowTitle(f"Panel pack: {title}")
        self.resize(860, 600)
        self.job: Job | None = None
        self.written: Path | None = None
        self.people = pack.recipients(ctx, meeting_id)
        self.contents = QPlainTextEdit(readOnly=True)
        self.contents.setAccessibleName("What the pack holds")
        self.holders = QPlainTextEdit(readOnly=True)
        self.holders.setAccessibleName("Who holds the pack")
        self.reminders = QListWidget()
        self.reminders.setAccessibleName("Not yet confirmed destroying their copy")
        self.destroyed_button = QPushButton("Confirmed &destroyed…")
        self.destroyed_button.setToolTip("Record that the chosen person destroyed every copy of their pack")
        self.destroyed_button.clicked.connect(self.confirm_destroyed)
        destroyed = QAction("Confirmed destroyed…", self.reminders)
        destroyed.triggered.connect(self.confirm_destroyed)
        self.reminders.addAction(destroyed)
        self.reminders.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.reminders.itemDoubleClicked.connect(lambda _item: self.confirm_destroyed())
        self.reminders.currentRowChanged.connect(lambda row: self.destroyed_button.setEnabled(row >= 0))
        self.after_sitting = QWidget()
        self.one = QRadioButton("One pack, not personalised")
        self.for_one = QRadioButton("For one person:")
        self.for_all = QRadioButton(
            "One each for the members sitting and the adviser (encrypted); "
            "an addendum: one each for those holding an out-of-date pack"
        )
        self.choice = QButtonGroup(self)
        for n, button in enumerate((self.one, self.for_one, self.for_all)):
            self.choice.addButton(button, n)
        self.one.setChecked(True)
        self.person = QComboBox()
        self.person.setAccessibleName("Person the pack is for")
        for person in self.people:
            self.person.addItem(f"{person.name} ({person.role.lower()})", person.email)
        self.encrypt = QCheckBox("Encrypt with a new password (AES-256)")
        self.encrypt.setChecked(True)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(
            "Administrators only: why the pack may go out although a paper names someone"
        )
        self.reason.setAccessibleName("Reason to let the pack out")
        self.reason.setEnabled(ctx.can(Permission.MANAGE_USERS))
        self.progress = JobProgress("Panel pack")
        self.status = QLabel()
        self.status.setAccessibleName("Panel pack status")
        self.status.setWordWrap(True)
        self.write_button = QPushButton("&Write pack…")
        self.addendum_button = QPushButton("&Addendum (changed papers only)…")
        self.preview_button = QPushButton("&Preview")
        self.preview_button.setEnabled(False)
        close = QPushButton("Close")
        self.write_button.clicked.connect(lambda: self.write(addendum=False))
        self.addendum_button.clicked.connect(lambda: self.write(addendum=True))
        self.preview_button.clicked.connect(self.preview)
        close.clicked.connect(self.reject)
        self._lay_out(close)
        self.refresh()

    def _lay_out(self, close: QPushButton) -> None:
        grid = QGridLayout()
        grid.addWidget(QLabel("<b>In the pack</b>"), 0, 0)
        grid.addWidget(QLabel("<b>Who holds it</b>"), 0, 1)
        grid.addWidget(self.contents, 1, 0, 2, 1)
        grid.addWidget(self.holders, 1, 1)
        grid.addWidget(self.after_sitting, 2, 1)
        grid.setRowStretch(1, 1)
        grid.setRowStretch(2, 1)
        after = QVBoxLayout(self.after_sitting)
        after.setContentsMargins(0, 0, 0, 0)
        after.addWidget(QLabel("<b>After the sitting: not yet confirmed destroying their copy</b>"))
        after.addWidget(self.reminders, 1)
        row = QHBoxLayout()
        row.addWidget(self.destroyed_button)
        row.addStretch(1)
        after.addLayout(row)
        options = QGridLayout()
        options.addWidget(self.one, 0, 0, 1, 2)
        options.addWidget(self.for_one, 1, 0)
        options.addWidget(self.person, 1, 1)
        options.addWidget(self.for_all, 2, 0, 1, 2)
        options.addWidget(self.encrypt, 3, 0, 1, 2)
        options.addWidget(self.reason, 4, 0, 1, 2)
        buttons = QHBoxLayout()
        for button in (self.write_button, self.addendum_button, self.preview_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(grid, 1)
        layout.addLayout(options)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

    def refresh(self) -> None:
        lines = []
        for item in pack.pack_items(self.ctx, self.meeting_id):
            lines.append(item.title)
            lines += [
                f"    {p.label}, version {p.version}: {p.pages} page{'s' if p.pages != 1 else ''} ({p.filename})"
                for p in item.papers
            ]
            lines += [f"    {label}: not received yet" for label in item.missing]
        self.contents.setPlainText("\n".join(lines) or "No cases are booked onto this sitting.")
        said = []
        for holder in pack.pack_status(self.ctx, self.meeting_id):
            state = "up to date" if holder.up_to_date else "OUT OF DATE: " + "; ".join(holder.out_of_date)
            gone = holder.destroyed_confirmed_on
            state += f", destroyed {uk_date(gone)}" if gone else ""
            said.append(f"{holder.recipient}: sent {holder.last_sent:%d/%m/%Y}, {state}")
        self.holders.setPlainText("\n".join(said) or "No pack has been circulated yet.")
        self._show_reminders()

    def _show_reminders(self) -> None:
        """After the sitting, who still has to confirm destroying their copy (retention rule)."""
        chosen = self.reminders.currentItem()
        key = chosen.data(Qt.ItemDataRole.UserRole) if chosen is not None else None
        self.reminders.clear()
        for holder in pack.destruction_reminders(self.ctx, self.meeting_id):
            item = QListWidgetItem(f"{holder.recipient} (sent {holder.last_sent:%d/%m/%Y})")
            item.setData(Qt.ItemDataRole.UserRole, holder.key)
            item.setData(Qt.ItemDataRole.UserRole + 1, holder.recipient)
            self.reminders.addItem(item)
            if holder.key == key:
                self.reminders.setCurrentItem(item)
        if self.reminders.currentRow() < 0 and self.reminders.count():
            self.reminders.setCurrentRow(0)
        self.destroyed_button.setEnabled(self.reminders.currentRow() >= 0)
        self.after_sitting.setVisible(self.reminders.count() > 0)

    def confirm_destroyed(self) -> None:
        item = self.reminders.currentItem()
        if item is None:
            return
        key, name = item.data(Qt.ItemDataRole.UserRole), item.data(Qt.ItemDataRole.UserRole + 1)
        asked = DestroyedDateDialog(str(name), self.ctx.today(), self)
        if asked.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            done = pack.confirm_destroyed(self.ctx, self.meeting_id, str(key), asked.value())
        except ServiceError as exc:
            messages.messenger.error(self, "Not recorded", str(exc))
            return
        day = uk_date(done.destroyed_confirmed_on or self.ctx.today())
        self.status.setText(f"Recorded: {done.recipient} confirmed destroying their copy on {day}.")
        self.refresh()

    def write(self, addendum: bool) -> None:
        everyone = self.choice.checkedId() == 2
        target = self._ask_target(everyone)
        if target is None:
            return
        out, passwords = target
        email = str(self.person.currentData()) if self.choice.checkedId() == 1 else ""
        reason, meeting_id = self.reason.text(), self.meeting_id

        def work(ctx: ServiceContext, progress: Progress) -> pack.PackResult:
            report = progress.report  # raises Cancelled at the next report once Cancel is pressed
            if everyone:
                assert passwords is not None
                write_all = pack.write_addenda if addendum else pack.write_packs
                return write_all(ctx, meeting_id, out, passwords, reason, report)
            write = pack.write_addendum if addendum else pack.write_pack
            return write(ctx, meeting_id, out, email, passwords, reason, report)

        self._busy(True)
        self.job = (
            ServiceOp(self, self.ctx, work, error_title="Panel pack not written")
            .success(self._written)
            .failure(lambda _e: self._ended("The pack was not written."))
            .cancelled(lambda: self._ended("Cancelled: no pack was written."))
            .with_progress(self.progress, "Writing the panel pack")
            .changes("cases")
            .run_in_background()
        )

    def _ask_target(self, everyone: bool) -> tuple[Path, Path | None] | None:
        if everyone:
            folder = QFileDialog.getExistingDirectory(self, "Folder for the packs")
            if not folder:
                return None
            passwords, _ = QFileDialog.getSaveFileName(
                self, "List of passwords (keep apart)", "passwords.txt"
            )  # each run makes new passwords: name a new list for an addendum
            return (Path(folder), Path(passwords)) if passwords else None
        out, _ = QFileDialog.getSaveFileName(self, "Save the panel pack", "panel pack.pdf", "PDF (*.pdf)")
        if not out:
            return None
        if not self.encrypt.isChecked():
            return Path(out), None
        return Path(out), Path(out).with_name(Path(out).stem + " password.txt")

    def _busy(self, busy: bool) -> None:
        for button in (self.write_button, self.addendum_button):
            button.setEnabled(not busy)

    def _ended(self, text: str) -> None:
        self._busy(False)
        self.status.setText(text)

    def _written(self, result: pack.PackResult) -> None:
        self.written = result.packs[0].out
        self.preview_button.setEnabled(True)
        self._ended(result.summary)
        self.refresh()

    def preview(self) -> None:
        if self.written is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.written)))
