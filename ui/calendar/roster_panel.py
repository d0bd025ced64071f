"""The roster of the selected sitting: attendance, live quorum with reasons, per-case quorum."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from panelapp import clock
from panelapp.domain.periods import uk_date
from panelapp.domain.permissions import Permission
from panelapp.domain.workdays import WEEKDAY_NAMES
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ServiceError
from panelapp.services.sittings import (
    STATUS_LABELS,
    CaseQuorum,
    Roster,
    add_cover,
    invite_usual_members,
    roster,
    set_attendance,
    suggest_cover,
)
from ui.calendar.dialogs import CoverDialog
from ui.calendar.models import BADGE_COLOURS, RosterModel
from ui.shell import messages


def _case_line(c: CaseQuorum) -> str:
    """Why one case is not quorate, with who is out of the room for it."""
    out = [f"{', '.join(c.absent_for_case)} leave the room"] if c.absent_for_case else []
    if c.not_yet_joined:
        out.append(f"{', '.join(c.not_yet_joined)} not yet joined")
    if c.already_left:
        out.append(f"{', '.join(c.already_left)} already left")
    when = f" at {c.starts_at:%H:%M}" if c.starts_at else ""
    detail = f" ({'; '.join(out)})" if out else ""
    return f"Case {c.reference}{when}{detail}: {' '.join(c.result.reasons)}"


class RosterPanel(QWidget):
    """Shows one sitting's roster; every change is saved at once and quorum recomputed."""

    changed = Signal()  # a roster change: the calendar refreshes its badges

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.meeting_id: int | None = None
        self.current: Roster | None = None
        self.setAccessibleName("Roster of the selected sitting")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel("Choose a sitting to see its roster.")
        self.heading.setObjectName("rosterHeading")
        self.heading.setWordWrap(True)
        self.status_reason = QLabel()
        self.status_reason.setWordWrap(True)
        self.badge = QLabel()
        self.badge.setObjectName("quorumBadge")
        self.badge.setAccessibleName("Quorum")
        self.reasons = QLabel()
        self.reasons.setWordWrap(True)
        self.reasons.setAccessibleName("Why the sitting is not quorate")
        self.reasons.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.cases = QLabel()
        self.cases.setWordWrap(True)
        self.cases.setAccessibleName("Quorum per case")
        for w in (self.heading, self.status_reason, self.badge, self.reasons, self.cases):
            layout.addWidget(w)

        self.model = RosterModel(self)
        self.model.attendance_changed.connect(self.record)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Roster")
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Names whole; a long role ("Vice chair, Independent member") and the fitness reason
        # share what is left and wrap: a name cut to "Greer Blackt…" could be anyone's.
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._sync_status_choice())
        layout.addWidget(self.table, 1)

        row = QHBoxLayout()
        label = QLabel("&Attendance of the selected member:")
        self.status_choice = QComboBox()
        self.status_choice.setAccessibleName("Attendance of the selected member")
        for code, text in STATUS_LABELS.items():
            self.status_choice.addItem(text, code)
        label.setBuddy(self.status_choice)
        self.status_choice.activated.connect(lambda _i: self._apply_status_choice())
        row.addWidget(label)
        row.addWidget(self.status_choice)
        row.addStretch(1)
        layout.addLayout(row)

        buttons = QHBoxLayout()
        self.invite_button = QPushButton("&Invite usual members")
        self.invite_button.setAccessibleName("Invite the panel's usual members")
        self.invite_button.clicked.connect(self.invite_usual)
        self.cover_button = QPushButton("Suggest &cover…")
        self.cover_button.setAccessibleName("Suggest cover from other panels")
        self.cover_button.clicked.connect(self.suggest_cover)
        buttons.addWidget(self.invite_button)
        buttons.addWidget(self.cover_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self._can_edit = ctx.can(Permission.SCHEDULE_MEETINGS)
        self._set_editable(False)

    # -- loading -------------------------------------------------------------------------

    def show_meeting(self, meeting_id: int | None) -> None:
        self.meeting_id = meeting_id
        self.reload()

    def reload(self) -> None:
        if self.meeting_id is None:
            self.current = None
            self.heading.setText("Choose a sitting to see its roster.")
            for w in (self.status_reason, self.badge, self.reasons, self.cases):
                w.clear()
            self.model.set_rows([], clock.today(), False)
            self._set_editable(False)
            return
        try:
            self.current = roster(self.ctx, self.meeting_id)
        except ServiceError as exc:
            messages.messenger.error(self, "Roster", str(exc))
            self.meeting_id = None
            self.reload()
            return
        r = self.current
        m = r.meeting
        end = f"–{m.end:%H:%M}" if m.end else ""
        self.heading.setText(
            f"<b>{m.panel}</b>, {WEEKDAY_NAMES[m.date.weekday()]} {uk_date(m.date)}, "
            f"{m.start:%H:%M}{end} ({m.status}); {_cases(m.cases_booked)} booked"
        )
        self.status_reason.setText(m.status_reason)
        self.status_reason.setVisible(bool(m.status_reason))
        self._show_quorum()
        live = r.quorum is not None
        keep = self.table.currentIndex().row()
        self.model.set_rows(r.entries, m.date, live and self._can_edit and m.status != "held")
        if 0 <= keep < self.model.rowCount():
            self.table.selectRow(keep)
        self._set_editable(live and self._can_edit)
        self._sync_status_choice()

    def _show_quorum(self) -> None:
        assert self.current is not None
        m, q = self.current.meeting, self.current.quorum
        text = m.quorum_badge if q is not None else "Cancelled: quorum does not apply"
        colour = BADGE_COLOURS.get(m.quorum_badge, "#e2e2e2")
        self.badge.setText(text)
        self.badge.setStyleSheet(
            f"background: {colour}; color: #1a202c; border-radius: 4px; padding: 3px 8px; font-weight: bold;"
        )
        if q is None:
            self.reasons.clear()
            self.cases.clear()
            return
        counted = f"{q.overall.members_counted} members sitting; {q.overall.required} needed."
        if q.overall.reasons:
            self.reasons.setText("\n".join(f"• {reason}" for reason in q.overall.reasons))
        elif q.overall.at_bare_minimum:
            self.reasons.setText(f"{counted} Good practice books one more member than quorum.")
        else:
            self.reasons.setText(counted)
        lines = [_case_line(c) for c in q.cases if not c.result.quorate]
        unfit = [e for e in self.current.entries if e.sitting and e.fitness]
        lines += [f"⚠ {e.name} is not fit to sit on this date: {e.fitness}" for e in unfit]
        self.cases.setText("\n".join(lines))
        self.cases.setVisible(bool(lines))

    def _set_editable(self, editable: bool) -> None:
        for w in (self.status_choice, self.invite_button, self.cover_button):
            w.setEnabled(editable)

    def _sync_status_choice(self) -> None:
        row = self.table.currentIndex().row()
        if 0 <= row < self.model.rowCount():
            i = self.status_choice.findData(self.model.entry(row).status)
            self.status_choice.setCurrentIndex(max(i, 0))

    # -- changes ---------------------------------------------------------------------------

    def select_member(self, name: str) -> bool:
        for row in range(self.model.rowCount()):
            if self.model.entry(row).name == name:
                self.table.selectRow(row)
                return True
        return False

    def _apply_status_choice(self) -> None:
        row = self.table.currentIndex().row()
        if 0 <= row < self.model.rowCount():
            self.record(self.model.entry(row).member_id, str(self.status_choice.currentData()))

    def record(self, member_id: int, status: str) -> None:
        if self.meeting_id is None:
            return
        shown = [self.model.entry(r).status for r in range(self.model.rowCount())
                 if self.model.entry(r).member_id == member_id]  # fmt: skip
        # The status this roster showed: someone else's change since is refused, not overwritten.
        expected = {"status": shown[0]} if shown else None
        try:
            set_attendance(self.ctx, self.meeting_id, member_id, status, expected=expected)
        except ServiceError as exc:
            messages.messenger.error(self, "Attendance not saved", str(exc))
        self.reload()
        self.changed.emit()

    def invite_usual(self) -> None:
        if self.meeting_id is None:
            return
        try:
            added = invite_usual_members(self.ctx, self.meeting_id)
        except ServiceError as exc:
            messages.messenger.error(self, "Invite usual members", str(exc))
            return
        text = "Invited: " + ", ".join(added) + "." if added else "Every usual member is already invited."
        messages.messenger.info(self, "Invite usual members", text)
        self.reload()
        self.changed.emit()

    def suggest_cover(self) -> None:
        if self.meeting_id is None:
            return
        meeting_id = self.meeting_id
        try:
            advice = suggest_cover(self.ctx, meeting_id)
        except ServiceError as exc:
            messages.messenger.error(self, "Suggest cover", str(exc))
            return
        dialog = CoverDialog(advice, lambda member_id: add_cover(self.ctx, meeting_id, member_id), self)
        if dialog.exec():
            self.reload()
            self.changed.emit()


def _cases(n: int) -> str:
    return "1 case" if n == 1 else f"{n} cases"
