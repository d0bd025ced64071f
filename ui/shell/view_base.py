"""What every main area view shares: the service context, refresh, a navigation badge, and
reloading when data it shows was changed elsewhere.

When a view is chosen again it keeps what it shows unless that may be out of date (issue 21:
a second open within 50 ms; reloading every time cost up to a second at national scale).
What it shows can only be out of date when:

- work in this window changed data it shows: a service op names the areas it changed
  (`ui.shell.jobs.notify_changed`), which marks the view `stale`, and, in case a dialog saved
  without naming them, any write this process committed since the view loaded
  (`writes_committed`, counted in `ServiceContext.write`, through which every change goes);
- the day changed: overdue, due and "next sitting" are counted from today;
- someone else changed it: possible only on the shared PostgreSQL database (the SQLite one
  is the user's own, in their data folder), so there a view older than `SHARED_FRESH_S` is
  reloaded, and View → Refresh (F5) reloads at once.

So a second open of an up-to-date view does not query the database at all.
"""

from __future__ import annotations

from datetime import date
from time import monotonic

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from panelapp.services.context import ServiceContext, writes_committed
from ui.shell import messages
from ui.shell.jobs import change_notifier

# On a shared database, how long what a view shows is trusted before choosing it reloads it.
SHARED_FRESH_S = 30.0


class AreaView(QWidget):
    """A main view. `badge_changed` carries a count for the navigation (0 hides it).

    `shows` names the areas (registry keys) whose data the view displays: when work elsewhere
    changes one of them, the view reloads now if it is on screen, or when it is next shown.
    """

    badge_changed = Signal(int)
    title = "Area"
    shows: frozenset[str] = frozenset()

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.stale = False
        self.loaded_on: date | None = None  # the day of the last load; None: never loaded
        self._loaded_at = 0.0  # monotonic() of the last load
        self._writes_seen = 0  # writes_committed() at the last load
        self._shared = ctx.engine.dialect.name != "sqlite"  # other people write to it too
        self.setAccessibleName(self.title)
        change_notifier().changed.connect(self._data_changed)

    def refresh(self) -> None:
        """Reload from the services. Called when the view is shown and after changes."""

    def badge(self) -> int:
        return 0

    # -- typing not yet saved: the window asks before anything could lose it --------------

    def unsaved_work(self) -> str | None:
        """What the user has typed and not saved, in their words ("the reasons for NRAA-2026-014"),
        or None. The window asks Save / Discard / Cancel before closing while any view says so."""
        return None

    def save_unsaved(self) -> bool:
        """Save what `unsaved_work` describes; False if it could not be saved (the view has said why)."""
        return True

    def discard_unsaved(self) -> None:
        """Forget what `unsaved_work` describes (the user chose Discard)."""

    def needs_reload(self) -> bool:
        """True when what the view shows may be out of date (the module's docstring says when)."""
        if self.stale or self.loaded_on is None or self.loaded_on != self.ctx.today():
            return True
        if self._writes_seen != writes_committed():
            return True
        return self._shared and monotonic() - self._loaded_at > SHARED_FRESH_S

    def bring_up_to_date(self) -> None:
        """Reload if what it shows may be out of date (the window calls this when the view is chosen)."""
        if self.needs_reload():
            self.reload_now()

    def reload_now(self) -> None:
        """Reload from the services now (data changed while shown; View → Refresh). A load that
        reported an error (the database could not be reached…) leaves the view unloaded, so
        choosing it again tries again instead of keeping what could not be read."""
        self.stale = False
        self._writes_seen = writes_committed()  # before: a write during the load counts
        watch = _ErrorWatch(messages.messenger)
        messages.messenger = watch
        try:
            self.refresh()
        finally:
            messages.messenger = watch.inner
        if watch.errors:
            self.loaded_on = None
            return
        self.loaded_on = self.ctx.today()
        self._loaded_at = monotonic()

    def load_in_advance(self) -> bool:
        """Read what the view shows while it is hidden (the warm-up, ui/shell/warm_up.py), so
        choosing it shows it at once. Nothing is said meanwhile: if the load had a problem to
        report (or failed), the view is left unloaded and its opening loads it and says so.
        True when it is loaded."""
        if self.isVisible() or self.loaded_on is not None:
            return False
        quiet = _QuietMessenger()
        previous, messages.messenger = messages.messenger, quiet
        try:
            self.reload_now()
        except Exception:  # noqa: BLE001 - left for the area's own opening to show, in words
            self.loaded_on = None
        finally:
            messages.messenger = previous
        if quiet.said:
            self.loaded_on = None
        return self.loaded_on is not None

    def _data_changed(self, areas: frozenset[str], initiator: object) -> None:
        if not areas & self.shows or _is_within(initiator, self):
            return  # not what it shows, or its own work: it reloads in its own handler
        if self.isVisible():
            self.reload_now()
        else:
            self.stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale:  # after the show, unless whoever showed it has reloaded it meanwhile
            QTimer.singleShot(0, self, self._reload_if_stale)

    def _reload_if_stale(self) -> None:
        if self.stale:
            self.reload_now()


class _ErrorWatch(messages.Messenger):
    """Passes every message on to `inner` (the boxes, or a test's recorder), counting errors."""

    def __init__(self, inner: messages.Messenger) -> None:
        self.inner = inner
        self.errors = 0

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        self.errors += 1
        self.inner.error(parent, title, text)

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        self.inner.info(parent, title, text)

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        return self.inner.confirm(parent, title, text)

    def ask_save_discard_cancel(self, parent: QWidget | None, title: str, text: str) -> str:
        return self.inner.ask_save_discard_cancel(parent, title, text)


class _QuietMessenger(messages.Messenger):
    """Stands in for the message boxes while a hidden view loads: nobody is looking at it."""

    def __init__(self) -> None:
        self.said: list[str] = []

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        self.said.append(f"{title}: {text}")

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        self.said.append(f"{title}: {text}")

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        self.said.append(f"{title}: {text}")
        return False  # never agree to anything on the user's behalf

    def ask_save_discard_cancel(self, parent: QWidget | None, title: str, text: str) -> str:
        self.said.append(f"{title}: {text}")
        return "cancel"


def _is_within(initiator: object, view: QWidget) -> bool:
    """True when the initiator is the view or sits inside it (its dialogs included)."""
    item = initiator if isinstance(initiator, QObject) else None
    while item is not None:
        if item is view:
            return True
        item = item.parent()
    return False


class PlaceholderView(AreaView):
    """A view whose area is not built yet: says plainly what will come here."""

    coming = ""

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        heading = QLabel(f"<h2>{self.title}</h2>")
        body = QLabel(self.coming + "<p><i>This area is not available in this version yet.</i></p>")
        body.setWordWrap(True)
        body.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addStretch(1)
