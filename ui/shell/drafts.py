"""A form's draft kept a few seconds after typing stops, and offered back when the form opens.

The form says what it holds (`fields`, None when nothing is unsaved), what it is in the user's
words and under which key; it calls `typed()` on every change, `discard()` when saved or
discarded, and `offer(apply)` once it has loaded what is saved (panelapp.services.drafts).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from panelapp.services import drafts
from panelapp.services.context import ServiceContext
from ui.shell import messages

DRAFT_MS = 3000  # as the minutes' autosave: a crash loses at most these seconds of typing


class DraftKeeper(QObject):
    kept = Signal(object)  # the Draft, or None when it was removed (nothing unsaved)

    def __init__(
        self,
        ctx: ServiceContext,
        parent: QWidget,
        key: Callable[[], str | None],
        what: Callable[[], str],
        fields: Callable[[], dict[str, Any] | None],
        delay_ms: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._key, self._what, self._fields = key, what, fields
        self.paused = False  # while a form fills itself in, its changes are not typing
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DRAFT_MS if delay_ms is None else delay_ms)
        self.timer.timeout.connect(self.keep_now)

    def typed(self) -> None:
        if not self.paused:
            self.timer.start()

    def keep_now(self) -> drafts.Draft | None:
        """Keep the form's unsaved typing (or drop the draft when there is none any more)."""
        self.timer.stop()
        key = self._key()
        if key is None:
            return None
        fields = self._fields()
        kept = None
        # A full disk or a locked folder must never interrupt typing: the save still works.
        with contextlib.suppress(OSError):
            if fields is None:
                drafts.discard_draft(self.ctx, key)
            else:
                kept = drafts.keep_draft(self.ctx, key, self._what(), fields)
        self.kept.emit(kept)
        return kept

    def discard(self) -> None:
        """Saved, or the user chose Discard: the draft is no longer needed."""
        self.timer.stop()
        key = self._key()
        if key is not None:
            with contextlib.suppress(OSError):
                drafts.discard_draft(self.ctx, key)

    def offer(self, parent: QWidget, apply: Callable[[dict[str, Any]], None]) -> bool:
        """A draft left from before (a crash, a closed window): restore it if the user wants it."""
        key = self._key()
        draft = drafts.find_draft(self.ctx, key) if key is not None else None
        if draft is None:
            return False
        if draft.fields == self._fields():
            return False  # already showing exactly that typing
        question = (
            f"You typed {draft.what} on {draft.when} and it was not saved "
            "(PanelApp was closed or stopped). Restore it?\n\nNo discards the typing."
        )
        if not messages.messenger.confirm(parent, "Restore unsaved typing", question):
            self.discard()
            return False
        apply(draft.fields)
        return True
