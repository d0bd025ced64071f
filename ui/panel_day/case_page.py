"""One case at the sitting: quorum for it, declarations, the recommendation and the gradings.

Nothing is recorded that could not have happened: before the sitting's day, or while the
panel is not quorate for the case (AAR 2005 reg 6), the forms are read-only and say why.
An administrator may record an inquorate case as not heard, so it can be booked again.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from panelapp.domain.periods import uk_date
from panelapp.domain.permissions import Permission
from panelapp.services import panel_day
from panelapp.services.context import ServiceContext
from panelapp.services.panel_day import AttendanceRow, CaseSheet
from ui.panel_day.common import QuorumBadge, attempt
from ui.panel_day.grading_form import GradingPanel
from ui.panel_day.recommendation_form import RecommendationPanel
from ui.shell import messages
from ui.shell.drafts import DraftKeeper


class DeclarationsBox(QGroupBox):
    changed = Signal()

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__("Declarations of interest", parent)
        self.ctx = ctx
        self.hearing_id: int | None = None
        self.reference = ""
        self.list = QListWidget()
        self.list.setAccessibleName("Declarations for this case")
        self.list.setMaximumHeight(90)
        self.member = QComboBox()
        self.member.setAccessibleName("Member declaring")
        # Name and roles read whole (at 260 px "Vice chair, Independe…" was cut off at 1366 px).
        self.member.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.description = QLineEdit()
        self.description.setAccessibleName("What was declared")
        self.description.setPlaceholderText("What was declared, e.g. knows the applicants through work")
        self.leaves = QCheckBox("Leaves the room for this case")
        self.leaves.setChecked(True)
        self.leaves.setAccessibleName("Leaves the room for this case")
        self.add_button = QPushButton("&Declare")
        self.add_button.clicked.connect(self.declare)
        self.remove_button = QPushButton("Remove declaration")
        self.remove_button.clicked.connect(self.remove)
        # What was declared gets the whole width (at 1366 px it was cut to "What wa…").
        row = QHBoxLayout()
        row.addWidget(self.member, 1)
        row.addWidget(self.leaves)
        row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(self.description)
        layout.addLayout(row)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.drafts = DraftKeeper(
            ctx,
            self,
            key=lambda: None if self.hearing_id is None else f"declaration:{self.hearing_id}",
            what=lambda: self.unsaved_label(),
            fields=lambda: self.draft_fields() if self.unsaved() else None,
        )
        self.description.textChanged.connect(self.drafts.typed)
        self.member.currentIndexChanged.connect(self.drafts.typed)
        self.leaves.toggled.connect(self.drafts.typed)

    # Typing not yet saved: a declaration counts once "What was declared" holds words.
    def unsaved(self) -> bool:
        return self.hearing_id is not None and bool(self.description.text().strip())

    def unsaved_label(self) -> str:
        who = self.member.currentText().split(" (")[0] or "a member"
        return f"the declaration by {who} for {self.reference}"

    def draft_fields(self) -> dict[str, Any]:
        return {
            "member": self.member.currentData(),
            "description": self.description.text(),
            "leaves": self.leaves.isChecked(),
        }

    def apply_draft(self, fields: dict[str, Any]) -> None:
        """Put a draft's typing back (it stays unsaved until Declare)."""
        index = self.member.findData(fields.get("member"))
        if index >= 0:
            self.member.setCurrentIndex(index)
        self.leaves.setChecked(bool(fields.get("leaves", True)))
        self.description.setText(str(fields.get("description", "")))

    def discard(self) -> None:
        """Back to an empty declaration (the user chose Discard); its draft goes too."""
        self.drafts.paused = True
        self.description.clear()
        self.leaves.setChecked(True)
        self.drafts.paused = False
        self.drafts.discard()

    def load(self, case: CaseSheet, attendance: tuple[AttendanceRow, ...]) -> None:
        self.hearing_id = case.hearing_id
        self.reference = case.reference
        self.list.clear()
        for d in case.declarations:
            stays = "leaves the room" if d.leaves_for_case else "stays"
            item = QListWidgetItem(f"{d.name}: {d.description} ({stays})")
            item.setData(Qt.ItemDataRole.UserRole, d.id)
            self.list.addItem(item)
        if not case.declarations:
            self.list.addItem("No declarations for this case.")
        current = self.member.currentData()
        self.drafts.paused = True  # refilling the list of members is not typing
        self.member.clear()
        for row in attendance:
            if row.status not in ("apologies", "absent"):
                self.member.addItem(f"{row.name} ({row.roles_label})", row.member_id)
        if current is not None:
            self.member.setCurrentIndex(max(0, self.member.findData(current)))
        self.drafts.paused = False

    def choose_member(self, member_id: int) -> None:
        self.member.setCurrentIndex(self.member.findData(member_id))

    def declare(self) -> bool:
        """Record the typed declaration; False when refused (the reason is shown) or impossible."""
        if self.hearing_id is None or self.member.currentData() is None:
            return False
        hearing_id, member_id = self.hearing_id, int(self.member.currentData())
        done = attempt(
            self,
            "Declaration not saved",
            lambda: panel_day.declare_interest(
                self.ctx, hearing_id, member_id, self.description.text(), self.leaves.isChecked()
            ),
        )
        if done is None:
            return False
        self.discard()
        messages.announce_saved(f"declaration for {self.reference}")
        self.changed.emit()
        return True

    def remove(self) -> None:
        item = self.list.currentItem()
        declaration_id = item.data(Qt.ItemDataRole.UserRole) if item else None
        if declaration_id is None:
            return
        if attempt(
            self, "Declaration not removed", lambda: panel_day.withdraw_declaration(self.ctx, declaration_id)
        ):
            self.changed.emit()


class CasePage(QScrollArea):
    """Everything recorded on the day for one case. `changed` says the day sheet needs reloading."""

    changed = Signal()

    def __init__(self, ctx: ServiceContext, case: CaseSheet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case = case
        self.setWidgetResizable(True)
        body = QWidget()
        self.setWidget(body)
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setWordWrap(True)
        self.quorum = QuorumBadge("Quorum for this case")
        self.not_heard = QLabel()
        self.not_heard.setAccessibleName("Not heard")
        self.not_heard.setWordWrap(True)
        self.not_heard.setStyleSheet("font-weight: bold;")
        self.not_heard.setVisible(False)
        self.not_heard_button = QPushButton("Record as not &heard (inquorate)…")
        self.not_heard_button.setVisible(False)
        self.not_heard_button.clicked.connect(self.record_not_heard)
        self.sitting_date: date | None = None
        self.not_heard_note: str | None = None
        self.drafts_offered = False
        self.declarations = DeclarationsBox(ctx)
        self.declarations.changed.connect(self.changed)
        self.recommendation = RecommendationPanel(ctx)
        self.recommendation.saved.connect(lambda _r: self.changed.emit())
        self.gradings: list[GradingPanel] = []
        self.grading_column = QVBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.declarations)
        left.addWidget(self.recommendation)
        left.addStretch(1)
        self.no_papers = QLabel("No PAR, CPR or APR to grade for this case.")
        self.grading_column.addWidget(self.no_papers)
        self.grading_column.addStretch(1)
        grid = QGridLayout(body)
        grid.addWidget(self.heading, 0, 0, 1, 2)
        grid.addWidget(self.quorum, 1, 0, 1, 2)
        status = QHBoxLayout()
        status.addWidget(self.not_heard, 1)
        status.addWidget(self.not_heard_button, 0, Qt.AlignmentFlag.AlignRight)
        grid.addLayout(status, 2, 0, 1, 2)
        grid.addLayout(left, 3, 0)
        grid.addLayout(self.grading_column, 3, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        self._build_gradings(case)
        self.recommendation.load(case)

    def _build_gradings(self, case: CaseSheet) -> None:
        for panel in self.gradings:
            panel.drafts.timer.stop()  # its typing was saved or discarded; the panel is replaced
            panel.setParent(None)
            panel.deleteLater()
        self.gradings = []
        for paper in case.papers:
            panel = GradingPanel(self.ctx, paper, reference=case.reference)
            self.grading_column.insertWidget(self.grading_column.count() - 1, panel)
            self.gradings.append(panel)
        self.no_papers.setVisible(not case.papers)

    def lock_reason(self) -> str | None:
        """Why nothing can be recorded for the case now (None: it can)."""
        if self.not_heard_note is not None:
            return f"{panel_day.NOT_HEARD_LINE} Book the case onto a later sitting."
        if self.sitting_date is not None:
            early = panel_day.not_yet_held(
                self.sitting_date, self.ctx.today(), "its recommendation and gradings can be recorded"
            )
            if early:
                return early
        if not self.case.quorum.quorate:
            return (
                "The panel is not quorate for this case, so no recommendation or grade can be "
                "recorded (AAR 2005 reg 6). Change the attendance, or record the case as not heard."
            )
        return None

    def _show_recording_state(self) -> None:
        reason = self.lock_reason()
        self.recommendation.set_locked(reason)
        for panel in self.gradings:
            panel.set_locked(reason)
        if self.not_heard_note is not None:
            reasons = f" {self.not_heard_note}" if self.not_heard_note else ""
            self.not_heard.setText(f"{panel_day.NOT_HEARD_LINE}{reasons}")
        self.not_heard.setVisible(self.not_heard_note is not None)
        held = self.sitting_date is None or self.sitting_date <= self.ctx.today()
        offer = held and self.not_heard_note is None and not self.case.quorum.quorate
        self.not_heard_button.setVisible(offer and self.case.recommendation is None)
        allowed = self.ctx.can(Permission.RECORD_NOT_HEARD)
        self.not_heard_button.setEnabled(allowed)
        self.not_heard_button.setToolTip(
            "Record that the panel could not hear this case because it was not quorate; "
            "the case can then be booked onto a later sitting."
            if allowed
            else "Only an administrator can record a case as not heard."
        )

    def record_not_heard(self) -> None:
        case = self.case
        question = (
            f"Record {case.reference} as not heard: the panel was not quorate?\n\n"
            + " ".join(case.quorum.reasons)
            + "\n\nNo recommendation can then be recorded at this sitting; the case goes back "
            "to be booked onto a later one."
        )
        if not messages.messenger.confirm(self, "Record as not heard", question):
            return
        note = attempt(
            self,
            "Not recorded",
            lambda: panel_day.record_not_heard_inquorate(self.ctx, case.hearing_id, case.hearing_version),
        )
        if note is not None:
            self.not_heard_note = note
            self._show_recording_state()
            self.changed.emit()

    def unsaved_work(self) -> list[str]:
        """What is typed on this page and not saved, in words."""
        found = [self.declarations.unsaved_label()] if self.declarations.unsaved() else []
        found += [f"the recommendation for {self.case.reference}"] if self.recommendation.unsaved() else []
        found += [
            f"the {g.paper.paper_type} grade for {self.case.reference}" for g in self.gradings if g.unsaved()
        ]
        return found

    def save_unsaved(self) -> bool:
        """Save each form with unsaved typing; False at the first that is refused (it says why).

        The declaration goes first: it was made before the case was heard and may change the
        quorum and the vote for it.
        """
        if self.declarations.unsaved() and not self.declarations.declare():
            return False
        if self.recommendation.unsaved() and self.recommendation.save() is None:
            return False
        return all(g.save() is not None for g in self.gradings if g.unsaved())

    def reset_forms(self) -> None:
        """Back to what is saved (the user chose Discard)."""
        self.declarations.discard()
        self.recommendation.drafts.discard()
        for panel in self.gradings:
            panel.drafts.discard()
        self.recommendation.load(self.case)
        self._build_gradings(self.case)
        self._show_recording_state()

    def grading(self, paper_type: str) -> GradingPanel:
        return next(g for g in self.gradings if g.paper.paper_type == paper_type)

    def update_case(
        self,
        case: CaseSheet,
        attendance: tuple[AttendanceRow, ...],
        reload_forms: bool,
        sitting_date: date | None = None,
        not_heard: str | None = None,
    ) -> None:
        """Show the recorded facts; forms are refilled only when asked, so typing is never lost.

        `not_heard` is the note of a case recorded as not heard (inquorate), else None.
        """
        self.case = case
        self.sitting_date = sitting_date if sitting_date is not None else self.sitting_date
        self.not_heard_note = not_heard
        parts = [f"<h3>{case.position}. {case.reference}: {case.case_type_label}</h3>"]
        if case.household:
            parts.append(f"Household: {case.household}")
        if case.children_initials:
            parts.append(f"Children: {', '.join(case.children_initials)}")
        if case.stage2_start:
            parts.append(f"Stage 2 started: {uk_date(case.stage2_start)}")
        if case.sequence > 1:
            parts.append(f"Hearing {case.sequence} (heard before)")
        self.heading.setText(parts[0] + " · ".join(parts[1:]))
        absent = f" Left the room: {', '.join(case.absent_for_case)}." if case.absent_for_case else ""
        self.quorum.show_result(case.quorum, "Quorum for this case")
        if absent:
            self.quorum.setText(self.quorum.text() + absent)
        self.declarations.load(case, attendance)
        if reload_forms:
            self.recommendation.load(case)
            self._build_gradings(case)
        else:
            self.recommendation.follow_quorum(case)
        self._show_recording_state()
        if not self.drafts_offered:
            self.drafts_offered = True
            self.offer_drafts()

    def offer_drafts(self) -> None:
        """Typing left unsaved last time (a crash, a killed process): offered back once per page."""
        self.declarations.drafts.offer(self, self.declarations.apply_draft)  # declaring is never locked
        if self.lock_reason() is not None:
            return  # nothing can be recorded now; the draft waits for when it can
        self.recommendation.drafts.offer(self, self.recommendation.apply_draft)
        for panel in self.gradings:
            panel.drafts.offer(self, panel.apply_draft)
