"""`panelapp selftest`: open the main window offscreen, visit every view, report timings."""

from __future__ import annotations

import gc
import os
import sys
import time
from typing import Any

from ui.shell import messages as messages_module


def selftest(db_url: str | None = None) -> dict[str, Any]:
    """Any error raised inside Qt (slots, paint) is collected and fails the selftest."""
    errors: list[str] = []
    previous_hook = sys.excepthook
    sys.excepthook = lambda kind, value, _tb: errors.append(f"{kind.__name__}: {value}")
    from PySide6.QtWidgets import QMessageBox

    from ui.shell import messages

    # A message box would wait for a click that never comes offscreen: record it instead.
    previous_messenger = messages.messenger
    messages.messenger = _RecordingMessenger(errors)
    saved_boxes = {name: getattr(QMessageBox, name) for name in _BOXES}
    for name in _BOXES:
        setattr(QMessageBox, name, _recording_box(errors, name))
    try:
        result = _run(db_url)
    finally:
        sys.excepthook = previous_hook
        messages.messenger = previous_messenger
        for name, box in saved_boxes.items():
            setattr(QMessageBox, name, box)
    if errors:
        result["ok"] = False
        result["errors"] = errors
    return result


def _run(db_url: str | None) -> dict[str, Any]:
    """The same steps as `ui.shell.app.run_app`: the shell painted first, then the database,
    then the main window with Home filled in; each time is from the start of this function."""
    started = time.perf_counter()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication

    from ui.shell.app import AppController, make_application, open_main_window, show_shell

    app = make_application()
    qt_ready = time.perf_counter()
    shell = show_shell()
    QCoreApplication.processEvents()
    shell.grab()  # force a paint, so the time is to a painted window
    painted = time.perf_counter()
    painted_at = time.time()  # the wall clock, for a benchmark timing from the process's spawn
    from panelapp.config import resolve_db_url
    from panelapp.services.context import open_database

    ctx, upgrade = open_database(resolve_db_url(db_url))
    db_ready = time.perf_counter()
    controller = AppController()
    open_main_window(controller, ctx, shell)
    window = controller.window
    assert window is not None
    QCoreApplication.processEvents()
    window.grab()
    ready = time.perf_counter()
    ready_at = time.time()
    warm_up_ms = _wait_for_warm_up(window)
    views = _visit_views(window)
    reloads = _reload_views(window)
    window.close()
    app.processEvents()
    return {
        "ok": True,
        "database": ctx.database_label,
        "schema": upgrade.to_revision,
        "qt_ms": round((qt_ready - started) * 1000, 1),
        "first_paint_ms": round((painted - started) * 1000, 1),
        "database_ms": round((db_ready - painted) * 1000, 1),
        "startup_ms": round((ready - started) * 1000, 1),  # Home filled in and painted
        "first_paint_at": painted_at,
        "peak_rss_mb": peak_rss_mb(),
        "ready_at": ready_at,
        "warm_up_ms": warm_up_ms,
        "gc_frozen": gc.get_freeze_count(),  # objects the cycle collector no longer walks
        "views_ms": views["first"],
        "views_again_ms": views["again"],
        "views_reload_ms": reloads,
    }


def _wait_for_warm_up(window: Any, limit_s: float = 20.0) -> float | None:
    """As a user does before their first click: the window idle until each area's code is
    imported (ui/shell/warm_up.py). The milliseconds from Home painted to the warm-up done,
    or None when it is turned off (PANELAPP_NO_WARM_UP=1: the first visits are then cold)."""
    from PySide6.QtCore import QCoreApplication

    from ui.shell.warm_up import warm_up_enabled

    if not warm_up_enabled():
        return None
    started = time.perf_counter()
    while not window.warm_up.done and time.perf_counter() - started < limit_s:
        QCoreApplication.processEvents()
        time.sleep(0.005)
    return round((time.perf_counter() - started) * 1000, 1)


def _visit_views(window: Any) -> dict[str, dict[str, float]]:
    """Each area opened (its first open builds it and loads it), then each again."""
    from PySide6.QtCore import QCoreApplication

    from ui.shell.registry import VIEWS

    out: dict[str, dict[str, float]] = {"first": {}, "again": {}}
    for visit in ("first", "again"):
        for spec in VIEWS:
            t0 = time.perf_counter()
            window.show_view(spec.key)
            QCoreApplication.processEvents()
            window.grab()
            out[visit][spec.key] = round((time.perf_counter() - t0) * 1000, 1)
    return out


def _reload_views(window: Any) -> dict[str, float]:
    """Each area shown and read again (View → Refresh): what a user waits for when what an
    area shows must be read again (saved elsewhere; on PostgreSQL, older than 30 s)."""
    from PySide6.QtCore import QCoreApplication

    from ui.shell.registry import VIEWS

    out: dict[str, float] = {}
    for spec in VIEWS:
        view = window.show_view(spec.key)
        QCoreApplication.processEvents()
        t0 = time.perf_counter()
        try:
            view.reload_now()
        except Exception:  # noqa: BLE001 - reported as Qt reports an error in a slot: the selftest fails
            sys.excepthook(*sys.exc_info())
        QCoreApplication.processEvents()
        window.grab()
        out[spec.key] = round((time.perf_counter() - t0) * 1000, 1)
    return out


def peak_rss_mb() -> float | None:
    """This process's own peak memory (Linux VmHWM: unlike ru_maxrss, not inherited through
    fork and exec from a large parent such as a benchmark)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


_BOXES = ("critical", "warning", "information", "question")


def _recording_box(errors: list[str], kind: str) -> Any:
    def record(_parent: object, title: str, text: str, *_args: object, **_kwargs: object) -> Any:
        if kind in ("critical", "warning"):
            errors.append(f"{title}: {text}")
        from PySide6.QtWidgets import QMessageBox

        return QMessageBox.StandardButton.No

    return staticmethod(record)


class _RecordingMessenger(messages_module.Messenger):
    def __init__(self, errors: list[str]) -> None:
        self.errors = errors

    def error(self, _parent: object, title: str, text: str) -> None:
        self.errors.append(f"{title}: {text}")

    def info(self, _parent: object, _title: str, _text: str) -> None:
        """Information needs no answer and is not a failure: nothing to record."""

    def confirm(self, _parent: object, _title: str, _text: str) -> bool:
        return False
