"""Background work: exports, imports and reports run on the thread pool, never the UI thread.

    job = run_in_background(lambda progress: export(ctx.for_thread(), ..., progress))
    job.signals.finished.connect(on_done); job.signals.failed.connect(on_error)
    job.cancel()   # the work checks `progress.cancelled` and stops

The work function receives a `Progress` it may call `report(percent, text)` on. It must
use its own database session (`ctx.for_thread()`): sessions are never shared across threads.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal


class Cancelled(Exception):
    """Raised by `Progress.check()` when the user cancelled."""


class Progress:
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


class JobSignals(QObject):
    progress = Signal(int, str)
    finished = Signal(object)
    failed = Signal(object)  # the exception
    cancelled = Signal()


class Job(QRunnable):
    def __init__(self, work: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.signals = JobSignals()
        self.progress = Progress(self.signals)
        self._work = work
        self.setAutoDelete(False)  # we keep a reference so signals outlive run()

    def cancel(self) -> None:
        self.progress.cancel()

    def run(self) -> None:
        try:
            result = self._work(self.progress)
        except Cancelled:
            self.signals.cancelled.emit()
        except Exception as exc:  # noqa: BLE001 - handed to the UI thread to show
            self.signals.failed.emit(exc)
        else:
            if self.progress.cancelled:
                self.signals.cancelled.emit()
            else:
                self.signals.finished.emit(result)


_running: set[Job] = set()


def run_in_background(work: Callable[[Progress], Any], pool: QThreadPool | None = None) -> Job:
    job = Job(work)
    _running.add(job)
    for signal in (job.signals.finished, job.signals.failed, job.signals.cancelled):
        signal.connect(lambda *_a, j=job: _running.discard(j))
    # Start on the next turn of the event loop, so the caller can connect to the job's
    # signals first: quick work could otherwise finish before anyone is listening.
    QTimer.singleShot(0, lambda: (pool or QThreadPool.globalInstance()).start(job))
    return job
