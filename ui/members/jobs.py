"""Start background work with its handlers connected first.

`ui.shell.jobs.run_in_background` starts the job before the caller can connect to its
signals, so quick work (checking a small file) can finish and emit into nothing. Here
the handlers are connected, then the job is started on the pool.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QThreadPool

from ui.shell.jobs import Job, Progress

_running: set[Job] = set()


def start_job(
    work: Callable[[Progress], Any],
    finished: Callable[[Any], None],
    failed: Callable[[Any], None],
    pool: QThreadPool | None = None,
) -> Job:
    job = Job(work)
    job.signals.finished.connect(finished)
    job.signals.failed.connect(failed)
    for signal in (job.signals.finished, job.signals.failed, job.signals.cancelled):
        signal.connect(lambda *_a, j=job: _running.discard(j))
    _running.add(job)
    (pool or QThreadPool.globalInstance()).start(job)
    return job
