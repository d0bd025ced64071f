"""The search-everything box in the toolbar: members, cases (reference or initials), sittings."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from panelapp.services.context import ServiceContext
from panelapp.services.errors import ServiceError
from panelapp.services.home import SearchHit, global_search

HIT_ROLE = Qt.ItemDataRole.UserRole + 10
KIND_LABELS = {"member": "Member", "case": "Case", "sitting": "Sitting"}


class GlobalSearchBox(QLineEdit):
    """Type two letters or more; choose a result to open it in its area."""

    hit_chosen = Signal(object)  # SearchHit

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setPlaceholderText("Search members, cases, initials, dates… (Ctrl+Shift+F)")
        self.setAccessibleName("Search everything")
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(320)
        self.results = QStandardItemModel(self)
        self.completer_ = QCompleter(self.results, self)
        self.completer_.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer_.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(self.completer_)
        # The QModelIndex overload of the signal; PySide6's stubs cannot type an overload chosen by index.
        self.completer_.activated[QModelIndex].connect(self._chosen)  # type: ignore[index]
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)  # wait for a pause in typing: never a query per keystroke
        self._timer.timeout.connect(self.run_search)
        self.textEdited.connect(lambda _t: self._timer.start())

    def run_search(self) -> list[SearchHit]:
        try:
            hits = global_search(self.ctx, self.text())
        except ServiceError:
            hits = []
        self.results.clear()
        for hit in hits:
            item = QStandardItem(f"{KIND_LABELS[hit.kind]}: {hit.title}  —  {hit.detail}")
            item.setData(hit, HIT_ROLE)
            self.results.appendRow(item)
        if hits and self.hasFocus():
            self.completer_.complete()
        return hits

    def _chosen(self, index: QModelIndex | QPersistentModelIndex) -> None:
        # The completer hands over an index of its own proxy model: read the hit from it.
        hit = index.data(HIT_ROLE)
        if isinstance(hit, SearchHit):
            self.hit_chosen.emit(hit)
            QTimer.singleShot(0, self.clear)
