"""The minutes editor: a section per case, autosave a few seconds after typing stops, versions.

Autosave keeps a copy of every section's text in the database (its own transaction) 3 s after
the typing stops, so a crash or a killed process loses at most those seconds; on opening, newer
autosaved text than the last save is offered back. Save makes a version; the state buttons send
the minutes to the chair, record the sign-off, and reopen final minutes with a reason.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from panelapp import clock
from panelapp.domain.periods import local_time
from panelapp.domain.permissions import Permission
from panelapp.domain.vocab import MinutesState
from panelapp.services import panel_day
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ConflictError, ServiceError
from panelapp.services.panel_day import MinutesDoc, merge_facts
from ui.panel_day.common import attempt
from ui.panel_day.history import HistoryDialog
from ui.shell import messages
from ui.shell.conflict_dialog import ConflictDialog

AUTOSAVE_MS = 3000


class MinutesEditor(QWidget):
    autosaved = Signal(object)  # datetime of the autosave
    state_changed = Signal(object)  # MinutesDoc

    def __init__(
        self, ctx: ServiceContext, autosave_ms: int = AUTOSAVE_MS, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.meeting_id: int | None = None
        self._sitting_date: date | None = None
        self.doc: MinutesDoc | None = None
        self.bodies: dict[int, str] = {}
        self.section_ids: list[int] = []
        self.dirty = False
        self._loading = False
        self.history_dialog: HistoryDialog | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(autosave_ms)
        self.timer.timeout.connect(self.autosave_now)

        self.state = QLabel()
        self.state.setAccessibleName("Minutes state")
        self.state.setWordWrap(True)
        self.start_button = QPushButton("Start the &minutes")
        self.start_button.setShortcut(QKeySequence("Ctrl+M"))
        self.start_button.setToolTip(
            "Start the minutes from the agenda, attendance and recorded outcomes (Ctrl+M)"
        )
        self.start_button.clicked.connect(self.start)
        self.sections = QListWidget()
        self.sections.setAccessibleName("Sections of the minutes")
        self.sections.setWordWrap(True)
        self.sections.currentRowChanged.connect(self._show_section)
        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName("Minutes text")
        self.editor.textChanged.connect(self._typed)
        self.status = QLabel()
        self.status.setAccessibleName("Autosave status")
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.sections)
        split.addWidget(self.editor)
        split.setSizes([260, 800])

        self.save_button = self._button("&Save", "Ctrl+S", self.save)
        self.facts_button = self._button("&Update from records", "Ctrl+U", self.merge_recorded_facts)
        self.send_button = self._button("Send to &chair", "", self.send_to_chair)
        self.back_button = self._button("Back to draft", "", self.return_to_draft)
        self.chair_name = QLineEdit()
        self.chair_name.setAccessibleName("Chair signing off")
        self.chair_name.setPlaceholderText("Chair's name")
        self.sign_button = self._button("Sign &off", "", self.sign_off)
        self.reopen_reason = QLineEdit()
        self.reopen_reason.setAccessibleName("Reason for reopening")
        self.reopen_reason.setPlaceholderText("Reason for reopening (required)")
        self.reopen_button = self._button("&Reopen", "", self.reopen)
        self.history_button = self._button("&History…", "Ctrl+H", self.open_history)
        actions = QHBoxLayout()
        for widget in (
            self.save_button,
            self.facts_button,
            self.history_button,
            self.send_button,
            self.back_button,
        ):
            actions.addWidget(widget)
        actions.addStretch(1)
        actions.addWidget(self.chair_name)
        actions.addWidget(self.sign_button)
        actions.addWidget(self.reopen_reason)
        actions.addWidget(self.reopen_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(actions)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)
        self._show(None)

    def _button(self, text: str, shortcut: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        if shortcut:
            button.setShortcut(QKeySequence(shortcut))
            button.setToolTip(shortcut)
        button.clicked.connect(slot)
        return button

    # Loading ---------------------------------------------------------------------------
    def load(self, meeting_id: int, chair_hint: str = "", sitting_date: date | None = None) -> None:
        """Show the minutes of a sitting (saving any typing for the previous one first)."""
        if self.meeting_id == meeting_id and self.dirty:
            return  # shown again while typing: keep the typing, the autosave timer runs on
        if self.meeting_id is not None and self.meeting_id != meeting_id:
            self.flush()
        self.meeting_id = meeting_id
        self._chair_hint = chair_hint
        self._sitting_date = sitting_date
        self._show(panel_day.load_minutes(self.ctx, meeting_id))
        self._offer_recovery()

    def start(self) -> None:
        if self.meeting_id is None:
            return
        meeting_id = self.meeting_id
        doc = attempt(self, "Minutes not started", lambda: panel_day.open_minutes(self.ctx, meeting_id))
        if doc is not None:
            self._show(doc)
            self.state_changed.emit(doc)

    def _show(self, doc: MinutesDoc | None, keep_row: bool = True) -> None:
        self.doc = doc
        row = self.sections.currentRow() if keep_row else 0
        self._loading = True
        self.sections.clear()
        self.bodies = {s.id: s.body for s in doc.sections} if doc else {}
        self.section_ids = [s.id for s in doc.sections] if doc else []
        for section in doc.sections if doc else ():
            self.sections.addItem(section.title)
        self._loading = False
        self.dirty = False
        self.timer.stop()
        started = doc is not None
        self.start_button.setVisible(not started and self.meeting_id is not None)
        for widget in (self.sections, self.editor, self.save_button, self.facts_button, self.history_button):
            widget.setVisible(started)
        if doc is not None and self.sections.count():
            self.sections.setCurrentRow(min(max(row, 0), self.sections.count() - 1))
        else:
            self._set_editor_text("")
        self._update_state()

    def _update_state(self) -> None:
        doc = self.doc
        locked = bool(doc and doc.locked)
        can_edit = self.ctx.can(Permission.EDIT_MINUTES)
        self.editor.setReadOnly(locked or not can_edit)
        state = doc.state if doc else ""
        self.save_button.setEnabled(bool(doc) and not locked and can_edit)
        self.facts_button.setEnabled(bool(doc) and not locked and can_edit)
        self.send_button.setVisible(state == MinutesState.DRAFT)
        self.back_button.setVisible(state == MinutesState.WITH_CHAIR)
        right = self._sign_off_right() if state == MinutesState.WITH_CHAIR else None
        signing = right is not None and right.may_sign and self.ctx.can(Permission.SIGN_OFF_MINUTES)
        self.sign_button.setVisible(signing)
        self.chair_name.setVisible(signing)
        # Final minutes record a sitting that took place: no sign-off before its day.
        too_early = (
            panel_day.not_yet_held(self._sitting_date, self.ctx.today(), "its minutes can be signed off")
            if self._sitting_date
            else None
        )
        self.sign_button.setEnabled(not too_early)
        self.sign_button.setToolTip(too_early or "")
        # The chair signs as themselves; an administrator names the chair they record it for.
        self.chair_name.setVisible(signing and right is not None and right.as_chair is None)
        if signing and right is not None and right.as_chair is None and not self.chair_name.text():
            self.chair_name.setText(right.chairs[0] if right.chairs else getattr(self, "_chair_hint", ""))
        # Reopening is the chair's or an administrator's (REOPEN_MINUTES), not an adviser's.
        may_reopen = locked and self.ctx.can(Permission.REOPEN_MINUTES)
        self.reopen_button.setVisible(may_reopen)
        self.reopen_reason.setVisible(may_reopen)
        if doc is None:
            self.state.setText("No minutes yet for this sitting." if self.meeting_id else "Choose a sitting.")
        elif locked:
            signed = f" by {doc.signed_off_by}" if doc.signed_off_by else ""
            when = f" on {doc.signed_off_on:%d/%m/%Y}" if doc.signed_off_on else ""
            self.state.setText(
                f"<b>Final</b>: signed off{signed}{when}. The minutes are locked: "
                "to change them, give the reason and reopen them."
            )
        else:
            reopened = f" (reopened: {doc.reopen_reason})" if doc.reopen_reason else ""
            early = f" · {too_early}" if signing and too_early else ""
            self.state.setText(f"<b>{doc.state_label}</b>{reopened} · version {doc.version}{early}")

    def _offer_recovery(self) -> None:
        if self.meeting_id is None or self.doc is None or not self.ctx.can(Permission.EDIT_MINUTES):
            return
        meeting_id = self.meeting_id
        found = panel_day.recover_autosave(self.ctx, meeting_id)
        if found is None:
            return
        question = (
            f"Text typed in these minutes was autosaved at {local_time(found.saved_at):%H:%M:%S on %d/%m/%Y} "
            "but never saved, perhaps because PanelApp closed unexpectedly. Recover it?"
        )
        if messages.messenger.confirm(self, "Recover unsaved minutes", question):
            for section_id, body in found.bodies.items():
                if section_id in self.bodies:
                    self.bodies[section_id] = body
            self._show_section(self.sections.currentRow())
            self._mark_dirty()
            self.status.setText("Recovered autosaved text: check it, then Save.")
        else:
            attempt(self, "Autosave not discarded", lambda: panel_day.discard_autosaves(self.ctx, meeting_id))

    # Typing and autosave -------------------------------------------------------------
    def _show_section(self, row: int) -> None:
        if self._loading or row < 0 or row >= len(self.section_ids):
            return
        self._set_editor_text(self.bodies[self.section_ids[row]])

    def _set_editor_text(self, text: str) -> None:
        self._loading = True
        self.editor.setPlainText(text)
        self._loading = False

    def current_section_id(self) -> int | None:
        row = self.sections.currentRow()
        return self.section_ids[row] if 0 <= row < len(self.section_ids) else None

    def _typed(self) -> None:
        section_id = self.current_section_id()
        if self._loading or section_id is None or self.editor.isReadOnly():
            return
        self.bodies[section_id] = self.editor.toPlainText()
        self._mark_dirty()

    def _mark_dirty(self) -> None:
        self.dirty = True
        self.status.setText("Unsaved changes")
        self.timer.start()  # restarts: autosave comes a few seconds after typing stops

    def autosave_now(self) -> datetime | None:
        if not self.dirty or self.doc is None or self.doc.locked or self.meeting_id is None:
            return None
        try:
            at = panel_day.autosave(self.ctx, self.meeting_id, dict(self.bodies))
        except ServiceError as exc:  # shown in the status line, not a box every few seconds
            self.status.setText(f"Autosave failed: {exc}")
            self.timer.start()
            return None
        self.status.setText(f"Autosaved at {clock.local_now():%H:%M:%S} · not yet saved as a version")
        self.autosaved.emit(at)
        return at

    def flush(self) -> None:
        """Before leaving the sitting: keep the typing as an autosave (never lost, never forced)."""
        if self.dirty:
            self.timer.stop()
            self.autosave_now()

    # Saving and states -----------------------------------------------------------------
    def save(self) -> MinutesDoc | None:
        if self.doc is None or self.meeting_id is None:
            return None
        meeting_id, version, bodies = self.meeting_id, self.doc.version, dict(self.bodies)
        self.timer.stop()
        try:
            doc: MinutesDoc | None = panel_day.save_minutes(self.ctx, meeting_id, bodies, version)
        except ConflictError as exc:
            self.resolve_conflict(exc)
            doc = None
        except ServiceError as exc:
            messages.messenger.error(self, "Minutes not saved", str(exc))
            doc = None
        if doc is None:
            if self.dirty:
                self.timer.start()
            return None
        self._show(doc)
        self.status.setText(f"Saved at {clock.local_now():%H:%M:%S} as version {doc.version}")
        messages.announce_saved(f"minutes (version {doc.version})", clock.local_now())
        return doc

    def resolve_conflict(self, error: ConflictError) -> ConflictDialog | None:
        """Someone saved these minutes first: their sections beside the typing, section by section."""
        if self.doc is None or self.meeting_id is None:
            return None
        saved = panel_day.load_minutes(self.ctx, self.meeting_id)
        titles = {s.id: s.title for s in self.doc.sections}
        theirs = {titles.get(s.id, s.title): s.body for s in saved.sections} if saved else {}
        mine = {titles.get(sid, str(sid)): body for sid, body in self.bodies.items()}
        both = ConflictError(str(error), {**error.theirs, **theirs})
        dialog = ConflictDialog(both, mine, self)
        dialog.accepted.connect(self.reload_saved)
        dialog.open()
        return dialog

    def reload_saved(self) -> None:
        if self.meeting_id is None:
            return
        saved = panel_day.load_minutes(self.ctx, self.meeting_id)
        if saved is not None:
            self.dirty = False
            self._show(saved)

    def merge_recorded_facts(self) -> None:
        """Bring attendance, declarations and outcomes up to date, keeping the discussion typed."""
        if self.doc is None or self.doc.locked or self.meeting_id is None:
            return
        if not self.ctx.can(Permission.EDIT_MINUTES):
            return
        fresh = panel_day.prefilled_texts(self.ctx, self.meeting_id)
        changed = False
        for section_id, text in fresh.items():
            merged = merge_facts(self.bodies.get(section_id, ""), text)
            if section_id in self.bodies and merged != self.bodies[section_id]:
                self.bodies[section_id] = merged
                changed = True
        if changed:
            position = self.editor.textCursor().position()
            self._show_section(self.sections.currentRow())
            cursor = self.editor.textCursor()
            cursor.setPosition(min(position, len(self.editor.toPlainText())))
            self.editor.setTextCursor(cursor)
            self._mark_dirty()

    def _state_action(self, title: str, action: Callable[[], MinutesDoc]) -> MinutesDoc | None:
        if self.dirty and self.save() is None:
            return None
        if self.doc is None or self.meeting_id is None:
            return None
        doc = attempt(self, title, action)
        if doc is not None:
            self._show(doc)
            self.state_changed.emit(doc)
        return doc

    def send_to_chair(self) -> MinutesDoc | None:
        return self._state_action(
            "Not sent to the chair",
            lambda: panel_day.send_to_chair(self.ctx, self._meeting(), self._version()),
        )

    def return_to_draft(self) -> MinutesDoc | None:
        return self._state_action(
            "Not returned to draft",
            lambda: panel_day.return_to_draft(self.ctx, self._meeting(), self._version()),
        )

    def _sign_off_right(self) -> panel_day.SignOffRight | None:
        if self.meeting_id is None:
            return None
        try:
            return panel_day.sign_off_right(self.ctx, self.meeting_id)
        except ServiceError:
            return None

    def sign_off_question(self) -> str | None:
        """The confirmation: who signs, and the sitting, cases and outcomes being signed."""
        right = self._sign_off_right()
        if right is None or self.meeting_id is None:
            return None
        if right.as_chair is not None:
            who = f"You are signing off as {right.as_chair}, for {right.panel_name}."
        else:
            name = self.chair_name.text().strip() or "the chair"
            who = f"You are recording the sign-off for {name}: the history will say recorded by {self.ctx.user.display_name} for {name}."
        summary = panel_day.sign_off_summary(self.ctx, self.meeting_id)
        return (
            f"{who}\n\n{summary}\n\nThe minutes become final and locked; a change then needs "
            "them reopened with a reason. Sign off?"
        )

    def sign_off(self) -> MinutesDoc | None:
        name = self.chair_name.text()
        question = self.sign_off_question()
        if question is None or not messages.messenger.confirm(self, "Sign off the minutes", question):
            return None
        return self._state_action(
            "Not signed off",
            lambda: panel_day.sign_off(self.ctx, self._meeting(), self._version(), chair_name=name),
        )

    def reopen(self) -> MinutesDoc | None:
        reason = self.reopen_reason.text()
        doc = self._state_action(
            "Minutes not reopened",
            lambda: panel_day.reopen(self.ctx, self._meeting(), reason, self._version()),
        )
        if doc is not None:
            self.reopen_reason.clear()
        return doc

    def _meeting(self) -> int:
        assert self.meeting_id is not None
        return self.meeting_id

    def _version(self) -> int:
        assert self.doc is not None
        return self.doc.version

    def open_history(self) -> HistoryDialog | None:
        if self.doc is None or self.meeting_id is None:
            return None
        if self.dirty and not self.doc.locked and self.save() is None:
            return None
        dialog = HistoryDialog(self.ctx, self.meeting_id, self._version(), self)
        dialog.restored.connect(self._restored)
        self.history_dialog = dialog
        dialog.open()
        return dialog

    def _restored(self, doc: MinutesDoc) -> None:
        self._show(doc)
        self.status.setText(f"Restored an earlier version: now version {doc.version}")

    def move_cursor_to_end(self) -> None:
        self.editor.moveCursor(QTextCursor.MoveOperation.End)
