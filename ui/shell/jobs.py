"""The one way to run work off the GUI thread, modelled on Anki's `CollectionOp`.

    ServiceOp(self, self.ctx, lambda ctx, progress: export_members(ctx, fmt, out, today),
              error_title="Export failed")
        .success(self._exported)          # on the GUI thread, with what the work returned
        .failure(self._restore_buttons)   # optional tidy-up; the error itself is shown here
        .changes("members")               # what a success changed: the views showing it reload
        .run_in_background()

- The work runs on the thread pool with its own ServiceContext (`ctx.for_thread()`):
  database sessions are never shared across threads.
- Every handler is connected before the job starts, so quick work never finishes unheard.
- The work may call `progress.report(percent, text)`; `.with_progress(JobProgress, text)`
  shows it with a Cancel button. Cancelling makes the work's next report raise `Cancelled`,
  and the op ends with its `cancelled` handler instead of `success`.
- A failure is shown once, the one way (`messages.show_error`), after the `failure` tidy-up.
- After a success, `change_notifier().changed` names the areas that changed (registry keys,
  e.g. {"members"}) so each view reloads only when its data changed (`AreaView.shows`).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable
from typing import Generic, Protocol, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, SignalInstance
from PySide6.QtWidgets import QWidget

from panelapp.services.context import ServiceContext
from ui.shell import messages
from ui.shell.registry import AREA_KEYS

T = TypeVar("T")


class Cancelled(Exception):
    """Raised by `Progress.check()` when the user cancelled."""


class JobSignals(QObject):
    progress = Signal(int, str)
    finished = Signal(object)  # what the work returned
    failed = Signal(object)  # the exception
    cancelled = Signal()


class Progress:
    """Handed to the work: report how far it has got; learn (by an exception) that it was cancelled."""

    def __init__(self, signals: JobSignals) -> None:
        self._signals = signals
        self._cancel = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def check(self) -> None:
        if self.cancelled:
            raise Cancelled()

    def report(self, percent: int, text: str = "") -> None:
        self.check()
        self._signals.progress.emit(int(percent), text)


class Job(QRunnable):
    """One run of the work on a pool thread; its signals reach the GUI thread queued."""

    def __init__(self, work: Callable[[Progress], object]) -> None:
        super().__init__()
        self.signals = JobSignals()
        self.progress = Progress(self.signals)
        self._work = work
        self.setAutoDelete(False)  # kept by `_running` so its signals outlive run()

    def cancel(self) -> None:
        self.progress.cancel()

    def run(self) -> None:
        try:
            result = self._work(self.progress)
        except Cancelled:
            self._emit(self.signals.cancelled)
        except Exception as exc:  # noqa: BLE001 - handed to the GUI thread to show
            self._emit(self.signals.failed, exc)
        else:
            if self.progress.cancelled:
                self._emit(self.signals.cancelled)
            else:
                self._emit(self.signals.finished, result)

    @staticmethod
    def _emit(signal: SignalInstance, *args: object) -> None:
        with contextlib.suppress(RuntimeError):  # the app closed while working: nobody to tell
            signal.emit(*args)


class ChangeNotifier(QObject):
    """App-wide: `changed(areas, initiator)` after work changed data (Anki's operation_did_execute)."""

    changed = Signal(object, object)  # frozenset[str] of registry keys; the widget that asked


_notifier: ChangeNotifier | None = None
# Jobs under way, each with the op that handles it: kept alive until the job has ended.
_running: dict[Job, object] = {}


def change_notifier() -> ChangeNotifier:
    global _notifier
    if _notifier is None:
        _notifier = ChangeNotifier()
    return _notifier


def check_areas(areas: Iterable[str]) -> frozenset[str]:
    """The areas as a set; an unknown name is a programming error, caught at once."""
    named = frozenset(areas)
    unknown = named - AREA_KEYS
    if unknown:
        raise ValueError(f"Unknown areas {sorted(unknown)}; use keys of ui.shell.registry.VIEWS")
    return named


def notify_changed(areas: Iterable[str], initiator: object = None) -> None:
    """Tell every view that data in these areas changed (used by ops, and by undo)."""
    named = check_areas(areas)
    if named:
        change_notifier().changed.emit(named, initiator)


class ProgressDisplay(Protocol):
    """Shows a job's progress and offers Cancel (`ui.shell.widgets.job_progress.JobProgress`)."""

    def follow(self, job: Job, text: str) -> None: ...


class ServiceOp(Generic[T]):
    """A service call run in the background, its outcome handled on the GUI thread.

    `parent` is where errors are shown and who asked (a view skips its own changes: it
    reloads in its `success` handler, as it always has). `error_title` heads the message.
    """

    def __init__(
        self,
        parent: QWidget,
        ctx: ServiceContext,
        work: Callable[[ServiceContext, Progress], T],
        *,
        error_title: str,
    ) -> None:
        self._parent = parent
        self._ctx = ctx
        self._work = work
        self._error_title = error_title
        self._success: Callable[[T], object] | None = None
        self._failure: Callable[[Exception], object] | None = None
        self._cancelled: Callable[[], object] | None = None
        self._display: tuple[ProgressDisplay, str] | None = None
        self._changes: frozenset[str] = frozenset()

    def success(self, handler: Callable[[T], object]) -> ServiceOp[T]:
        self._success = handler
        return self

    def failure(self, handler: Callable[[Exception], object]) -> ServiceOp[T]:
        """Tidy-up after a failure (re-enable a button...); the error is shown by the op."""
        self._failure = handler
        return self

    def cancelled(self, handler: Callable[[], object]) -> ServiceOp[T]:
        self._cancelled = handler
        return self

    def with_progress(self, display: ProgressDisplay, text: str) -> ServiceOp[T]:
        """Long work: show its progress and Cancel in `display` while it runs."""
        self._display = (display, text)
        return self

    def changes(self, *areas: str) -> ServiceOp[T]:
        self._changes = check_areas(areas)
        return self

    def run_in_background(self, pool: QThreadPool | None = None) -> Job:
        worker_ctx = self._ctx.for_thread()  # made here, on the GUI thread, before the work starts
        work = self._work
        job = Job(lambda progress: work(worker_ctx, progress))
        signals = job.signals
        if self._display is not None:  # first, so the display has ended when the handlers run
            display, text = self._display
            display.follow(job, text)
        signals.finished.connect(self._succeeded)
        signals.failed.connect(self._failed)
        if self._cancelled is not None:
            signals.cancelled.connect(self._cancelled)
        for signal in (signals.finished, signals.failed, signals.cancelled):
            signal.connect(lambda *_args: _running.pop(job, None))
        _running[job] = self
        (pool or QThreadPool.globalInstance()).start(job)  # only now: every handler is listening
        return job

    def _succeeded(self, result: T) -> None:
        try:
            if self._success is not None:
                self._success(result)
        finally:  # the data changed whatever the handler made of it
            notify_changed(self._changes, self._parent)

    def _failed(self, error: Exception) -> None:
        if self._failure is not None:
            self._failure(error)
        messages.show_error(self._parent, self._error_title, error)
