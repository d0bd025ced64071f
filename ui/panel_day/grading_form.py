"""The panel's grade of one paper (PAR, CPR or APR). Grades the policy caps are not offered."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from panelapp.domain.grading_policy import grade_steps_apart
from panelapp.domain.vocab import Grade, Paper
from panelapp.services import panel_day
from panelapp.services.context import ServiceContext
from panelapp.services.panel_day import PaperGrading
from panelapp.services.panel_day.papers_received import papers_not_received
from ui.panel_day.common import attempt
from ui.shell import messages
from ui.shell.drafts import DraftKeeper


class GradingPanel(QGroupBox):
    saved = Signal(object)  # PaperGrading

    def __init__(
        self, ctx: ServiceContext, paper: PaperGrading, parent: QWidget | None = None, reference: str = ""
    ) -> None:
        super().__init__(f"Grading: {Paper(paper.paper_type).label} ({paper.paper_type})", parent)
        self.ctx = ctx
        self.paper = paper
        self.reference = reference
        self.locked_reason: str | None = None
        self.grade = QComboBox()
        self.grade.setAccessibleName(f"{paper.paper_type} grade")
        self.grade.addItem("Choose a grade", None)
        for grade in paper.offer.grades:
            self.grade.addItem(grade.label, grade.value)
        self.reason = QLabel(paper.offer.reason)
        self.reason.setWordWrap(True)
        self.reason.setAccessibleName(f"{paper.paper_type} grading note")
        self.reason.setVisible(bool(paper.offer.reason))
        if paper.offer.capped:
            self.reason.setStyleSheet("color: #975a16;")
        self.author = QLineEdit(paper.author)
        self.author.setAccessibleName(f"{paper.paper_type} author")
        self.strengths = QPlainTextEdit(paper.strengths)
        self.development = QPlainTextEdit(paper.development)
        for box, name in ((self.strengths, "strengths"), (self.development, "areas for development")):
            box.setAccessibleName(f"{paper.paper_type} {name}")
            box.setTabChangesFocus(True)
            box.setFixedHeight(48)
        if paper.grade:
            self.grade.setCurrentIndex(max(0, self.grade.findData(paper.grade)))
        self.save_button = QPushButton(f"Save {paper.paper_type} grade")
        self.save_button.clicked.connect(self.save)
        self.adm = QLabel(self._adm_text())
        form = QFormLayout(self)
        form.addRow("Grade", self.grade)
        form.addRow("", self.reason)
        form.addRow("Report's author", self.author)
        form.addRow("Strengths", self.strengths)
        form.addRow("Areas for development", self.development)
        form.addRow("", self.save_button)
        if paper.adm_grade:
            form.addRow("ADM's grade", self.adm)
        self.loaded = self.snapshot()
        self.drafts = DraftKeeper(
            ctx,
            self,
            key=lambda: f"grading:{self.paper.hearing_id}:{self.paper.paper_type}",
            what=lambda: f"the {self.paper.paper_type} grade for {self.reference or 'this case'}",
            fields=lambda: self.draft_fields() if self.unsaved() else None,
        )
        self.grade.currentIndexChanged.connect(self.drafts.typed)
        self.author.textChanged.connect(self.drafts.typed)
        self.strengths.textChanged.connect(self.drafts.typed)
        self.development.textChanged.connect(self.drafts.typed)

    def draft_fields(self) -> dict[str, object]:
        grade, author, strengths, development = self.snapshot()
        return {"grade": grade, "author": author, "strengths": strengths, "development": development}

    def apply_draft(self, fields: dict[str, object]) -> None:
        self.grade.setCurrentIndex(max(0, self.grade.findData(fields.get("grade"))))
        self.author.setText(str(fields.get("author", "")))
        self.strengths.setPlainText(str(fields.get("strengths", "")))
        self.development.setPlainText(str(fields.get("development", "")))

    def snapshot(self) -> tuple[object, ...]:
        """What the form holds now, to tell typed-but-unsaved from saved."""
        texts = (self.author.text(), self.strengths.toPlainText(), self.development.toPlainText())
        return (self.grade.currentData(), *texts)

    def unsaved(self) -> bool:
        return not self.locked_reason and self.snapshot() != self.loaded

    def set_locked(self, reason: str | None) -> None:
        """Read-only with the reason shown: a sitting still to come, or an inquorate case."""
        self.locked_reason = reason
        locked = bool(reason)
        self.grade.setEnabled(not locked)
        for box in (self.strengths, self.development):
            box.setReadOnly(locked)
        self.author.setReadOnly(locked)
        self.save_button.setEnabled(not locked)
        self.save_button.setToolTip(reason or "")

    def _adm_text(self) -> str:
        if not self.paper.adm_grade:
            return ""
        apart = grade_steps_apart(self.paper.adm_grade, self.paper.grade) if self.paper.grade else None
        agree = "" if apart is None else (" (agrees)" if apart == 0 else f" ({apart} grade(s) apart)")
        return Grade(self.paper.adm_grade).label + agree

    def offered(self) -> list[str]:
        return [self.grade.itemText(i) for i in range(1, self.grade.count())]

    def choose(self, grade_code: str) -> bool:
        index = self.grade.findData(grade_code)
        if index < 0:
            return False
        self.grade.setCurrentIndex(index)
        return True

    def _received_or_confirmed(self) -> bool:
        """A paper never received is graded only when the user confirms it was read after all."""
        paper = self.paper.paper_type
        if paper not in papers_not_received(self.ctx, self.paper.hearing_id):
            return True
        return messages.messenger.confirm(
            self,
            "Paper not received",
            f"The {paper} for {self.reference or 'this case'} is not marked as received on the case. "
            f"Grade it {self.grade.currentText()} all the same? (Record the date it was received in "
            "the case's Papers tab.)",
        )

    def save(self) -> PaperGrading | None:
        code = self.grade.currentData()
        if code is None:
            messages.messenger.error(
                self, "Grade not saved", f"Choose a grade for the {self.paper.paper_type}."
            )
            return None
        if not self._received_or_confirmed():
            return None
        saved = attempt(
            self,
            "Grade not saved",
            lambda: panel_day.record_grading(
                self.ctx,
                self.paper.hearing_id,
                self.paper.paper_type,
                code,
                self.strengths.toPlainText(),
                self.development.toPlainText(),
                self.author.text(),
                expected=self.paper,  # as loaded: someone else's newer grade is not overwritten
            ),
        )
        if saved is not None:
            self.paper = saved
            self.loaded = self.snapshot()
            self.drafts.discard()
            messages.announce_saved(f"{self.paper.paper_type} grade for {self.reference or 'this case'}")
            self.saved.emit(saved)
        return saved
