"""Search-as-you-type and the status / compliance filters over the members model.

Each row's search text is computed once per load; a keystroke scans those strings in
one Python pass (narrowing from the last result when the text only grew) and tells
the proxy to re-filter rows only, so the table keeps up on a list of 10,000. Sorting is
done by the source model in Python (one `list.sort`), not by the proxy: a proxy sort
would call back into Python for every comparison each time rows reappear.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from panelapp.domain.membership import Compliance
from panelapp.services.members import MemberRow
from ui.members.model import MembersTableModel
from ui.shell.table_model import SORT_ROLE

STATUS_FILTERS = {"": "All statuses", "active": "Active", "on_leave": "On leave", "left": "Left"}
COMPLIANCE_FILTERS = {"": "Any compliance", "overdue": "Overdue", "due_soon": "Due within 30 days"}


def _compliance_ok(row: MemberRow, wanted: str) -> bool:
    if wanted == "overdue":
        return row.overdue_count > 0
    if wanted == "due_soon":
        return Compliance.DUE_SOON in (row.dbs_state, row.appraisal_state)
    return True


class MembersFilterProxy(QSortFilterProxyModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        # Keyed by member id, so a re-sort of the source never invalidates them.
        self._haystacks: dict[int, str] = {}
        self._base: list[int] = []  # member ids passing the status and compliance filters
        self._accepted: set[int] | None = None
        self._accepted_list: list[int] = []
        self._rows: list[MemberRow] = []
        self._text = ""
        self._status = ""
        self._compliance = ""

    def setSourceModel(self, model: Any) -> None:
        super().setSourceModel(model)
        model.modelReset.connect(self._reindex)
        self._reindex()

    def members_model(self) -> MembersTableModel:
        model = self.sourceModel()
        assert isinstance(model, MembersTableModel)
        return model

    # -- the filters ---------------------------------------------------------------

    @property
    def search_text(self) -> str:
        return self._text

    def set_search(self, text: str) -> None:
        words = " ".join(text.casefold().split())
        if words == self._text:
            return
        narrowing = bool(self._text) and words.startswith(self._text)
        self._text = words
        self._apply(narrowing)

    def set_status(self, status: str) -> None:
        self._status = status
        self._rebase()

    def set_compliance(self, wanted: str) -> None:
        self._compliance = wanted
        self._rebase()

    # -- internals -----------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.members_model().sort(column, order)

    def _reindex(self) -> None:
        self._rows = self.members_model().rows()  # the model's own list: re-sorted in place
        self._haystacks = {r.id: r.search_text() for r in self._rows}
        self._rebase()

    def _rebase(self) -> None:
        self._base = [
            r.id
            for r in self.members_model().rows()
            if (not self._status or r.status == self._status) and _compliance_ok(r, self._compliance)
        ]
        self._apply(narrowing=False)

    def _apply(self, narrowing: bool) -> None:
        self.beginFilterChange()
        candidates = self._accepted_list if narrowing else self._base
        if self._text:
            words = self._text.split()
            hay = self._haystacks
            if len(words) == 1:
                word = words[0]
                self._accepted_list = [i for i in candidates if word in hay[i]]
            else:
                self._accepted_list = [i for i in candidates if all(w in hay[i] for w in words)]
        else:
            self._accepted_list = list(self._base)
        everything = len(self._accepted_list) == len(self._haystacks)
        self._accepted = None if everything else set(self._accepted_list)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        accepted = self._accepted
        return accepted is None or self._rows[source_row].id in accepted
