"""Small pieces shared by the panel day widgets: the quorum badge, error reporting, exports."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from panelapp.domain.quorum import AGENCY_RULE, REGULATION, QuorumResult
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ServiceError
from ui.shell import messages
from ui.shell.jobs import Job, ServiceOp

T = TypeVar("T")

OK_STYLE = "color: white; background: #2f855a; border-radius: 4px; padding: 2px 6px;"
WARN_STYLE = "color: black; background: #ecc94b; border-radius: 4px; padding: 2px 6px;"
BAD_STYLE = "color: white; background: #c53030; border-radius: 4px; padding: 2px 6px;"


def quorum_text(result: QuorumResult, what: str) -> str:
    """The badge's words: the law's reasons and the agency's rule's, each under its own name."""
    if not result.quorate:
        parts = []
        if result.statutory_reasons:
            law = " ".join(r.removeprefix(REGULATION) for r in result.statutory_reasons)
            parts.append(f"NOT QUORATE under regulation 6 — {law}")
        if result.agency_reasons:
            own = " ".join(r.removeprefix(AGENCY_RULE) for r in result.agency_reasons)
            parts.append(f"{'also ' if parts else ''}below the agency's own rule — {own}")
        return f"{what}: " + (" ".join(parts) or "NOT QUORATE — " + " ".join(result.reasons))
    spare = " (bare minimum: no one to spare)" if result.at_bare_minimum else ""
    return f"{what}: quorate, {result.members_counted} members{spare}"


class QuorumBadge(QLabel):
    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.setWordWrap(True)

    def show_result(self, result: QuorumResult, what: str) -> None:
        self.setText(quorum_text(result, what))
        style = BAD_STYLE if not result.quorate else (WARN_STYLE if result.at_bare_minimum else OK_STYLE)
        self.setStyleSheet(style)
        self.setToolTip("\n".join(result.members))


def attempt(parent: QWidget, title: str, action: Callable[[], T]) -> T | None:
    """Run a service call; a refusal is shown in the user's words and None returned."""
    try:
        return action()
    except ServiceError as exc:
        messages.messenger.error(parent, title, str(exc))
        return None


def export_in_background(
    parent: QWidget,
    ctx: ServiceContext,
    write: Callable[[ServiceContext], Path],
    button: QPushButton,
    title: str,
) -> Job:
    """Write a document off the GUI thread, its button off meanwhile; say where it went."""

    def written(out: Path) -> None:
        button.setEnabled(True)
        messages.messenger.info(parent, title, f"Written to {out}.")

    button.setEnabled(False)
    return (
        ServiceOp(parent, ctx, lambda worker_ctx, _progress: write(worker_ctx), error_title="Export failed")
        .success(written)
        .failure(lambda _error: button.setEnabled(True))
        .run_in_background()
    )
