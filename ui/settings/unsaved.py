"""Which Settings forms hold typing not yet saved: each form's inputs as loaded, against now."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtWidgets import QWidget

from ui.shell.form_state import snapshot


@dataclass
class WatchedForm:
    what: str  # in the user's words: "the agency details"
    area: QWidget  # the form's inputs are inside it
    save: Callable[[], object]  # the form's own Save
    loaded: tuple[object, ...] = field(default=())

    def mark_loaded(self) -> None:
        self.loaded = snapshot(self.area)

    def unsaved(self) -> bool:
        return snapshot(self.area) != self.loaded
