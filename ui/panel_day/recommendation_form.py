"""The panel's recommendation for one case: outcome, vote, reasons, advice, deferral.

The form asks the case type's own question and offers its answers in that case type's words
(panelapp.domain.case_types), then deferral. There is no conditional or "in principle"
outcome: the form says so and offers deferral, and conditional words in the recommendation's
own wording (its advice, not its reasons) are highlighted with a warning; the save goes
through (Statutory guidance 2013 ch 3). Before the sitting's day, or when the panel is not
quorate for the case (AAR 2005 reg 6), the form is read-only with a line saying why.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QKeySequence, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from panelapp.domain import case_types
from panelapp.domain.grading_policy import Vote, conditional_spans, conditional_warning
from panelapp.domain.vocab import CaseType, Outcome
from panelapp.services import panel_day
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ServiceError, ValidationError
from panelapp.services.panel_day import CaseSheet, RecommendationForm, RecommendationView
from ui.shell import messages
from ui.shell.drafts import DraftKeeper
from ui.shell.field_errors import FieldErrors
from ui.shell.widgets.date_field import DateField


def _row_widget(row: QHBoxLayout) -> QWidget:
    """A row of inputs as one widget, so a message can sit beneath the whole row."""
    widget = QWidget()
    row.setContentsMargins(0, 0, 0, 0)
    widget.setLayout(row)
    return widget


def _text_box(name: str, height: int = 60) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setAccessibleName(name)
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    return box


def _note(name: str, style: str = "") -> QLabel:
    """A wrapped line of explanation, hidden until there is something to say."""
    label = QLabel()
    label.setAccessibleName(name)
    label.setWordWrap(True)
    label.setStyleSheet(style)
    label.setVisible(False)
    return label


class RecommendationPanel(QGroupBox):
    saved = Signal(object)  # RecommendationView

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__("Recommendation", parent)
        self.ctx = ctx
        self.hearing_id: int | None = None
        self.version: int | None = None
        self.locked_reason: str | None = None  # why nothing can be recorded now, if so
        self.loaded: tuple[object, ...] = ()  # the form as last loaded or saved
        self.locked_note = _note(
            "Why the recommendation cannot be recorded", "color: #742a2a; font-weight: bold;"
        )
        self.question = _note("The question for the panel")
        self.question.setVisible(True)
        self.outcomes = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}
        row = QHBoxLayout()
        for outcome in Outcome:
            radio = QRadioButton(outcome.label)
            radio.setAccessibleName(f"Outcome {outcome.label}")
            self.outcomes.addButton(radio)
            self.radios[outcome.value] = radio
            row.addWidget(radio)
            radio.toggled.connect(self._show_parts)
        row.addStretch(1)
        never = QLabel(
            "<i>Recommendations are never conditional or 'in principle': if the panel needs "
            "something first, choose Deferred and say what is needed and by when.</i>"
        )
        never.setWordWrap(True)
        votes = self._vote_row()
        self.reasons = _text_box("Reasons", 80)
        self.reasons.setPlaceholderText("The panel's reasons (required)")
        self.advice = _text_box("Other advice", 50)
        self.advice.setPlaceholderText("The recommendation's wording and the panel's advice")
        self.advice_children, self.advice_age, self.advice_sex = QLineEdit(), QLineEdit(), QLineEdit()
        self.advice_needs = QLineEdit()
        self.wording_warning = _note(
            "Conditional wording warning", "color: #744210; background: #fefcbf; padding: 2px 4px;"
        )
        self.advice.textChanged.connect(self._check_wording)
        for edit in (self.advice_children, self.advice_age, self.advice_sex, self.advice_needs):
            edit.textChanged.connect(self._check_wording)
        self.advice_box = self._advice_box()
        self.deferral_box = QGroupBox("Deferral")
        self.deferral_needed = QLineEdit()
        self.deferral_needed.setAccessibleName("Information needed")
        self.deferral_by = DateField("Needed by")
        deferral_form = QFormLayout(self.deferral_box)
        self.field_errors = errors = FieldErrors("Recommendation")
        self.save_button = QPushButton("Save &recommendation")
        self.save_button.setShortcut(QKeySequence("Ctrl+R"))
        self.save_button.setToolTip("Save the recommendation (Ctrl+R)")
        self.save_button.clicked.connect(self.save)
        deferral_form.addRow("What is needed", errors.wrap("deferral_needed", self.deferral_needed))
        deferral_form.addRow("By", errors.add("deferral_by", self.deferral_by))
        form = QFormLayout()
        form.addRow(self.locked_note)
        form.addRow("Question", self.question)
        form.addRow("Outcome", errors.wrap("outcome", _row_widget(row), "Outcome"))
        form.addRow("", never)
        form.addRow("Vote", errors.wrap("vote", _row_widget(votes), "Vote"))
        form.addRow("Reasons", errors.wrap("reasons", self.reasons))
        form.addRow("Recommendation and advice", errors.wrap("advice", self.advice))
        form.addRow("", self.wording_warning)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.advice_box)
        layout.addWidget(self.deferral_box)
        layout.addWidget(errors.summary)
        layout.addWidget(self.save_button)
        self._case_type = CaseType.APPROVAL.value
        self._show_parts()
        self._show_vote()
        self.reference = ""
        self._default_for = 0  # the vote offered before anything is typed: the members counted
        self.drafts = self._keep_drafts()

    def _advice_box(self) -> QGroupBox:
        box = QGroupBox("Advice on children (approvals)")
        advice_form = QFormLayout(box)
        for label, edit in (
            ("Number of children", self.advice_children),
            ("Age range", self.advice_age),
            ("Sex", self.advice_sex),
            ("Needs", self.advice_needs),
        ):
            edit.setAccessibleName(f"Advice: {label.lower()}")
            advice_form.addRow(label, edit)
        return box

    def _keep_drafts(self) -> DraftKeeper:
        """A draft of the typing a few seconds after it stops, so a crash loses only seconds."""
        keeper = DraftKeeper(
            self.ctx,
            self,
            key=lambda: None if self.hearing_id is None else f"recommendation:{self.hearing_id}",
            what=lambda: f"the recommendation for {self.reference}",
            fields=lambda: self.draft_fields() if self.unsaved() else None,
        )
        for radio in self.radios.values():
            radio.toggled.connect(keeper.typed)
        for box in (self.vote_for, self.vote_against, self.vote_abstain):
            box.valueChanged.connect(keeper.typed)
        for text in (self.reasons, self.advice):
            text.textChanged.connect(keeper.typed)
        for line in (*self._lines(), self.deferral_by.edit):
            line.textChanged.connect(keeper.typed)
        return keeper

    def _lines(self) -> tuple[QLineEdit, ...]:
        return (
            self.advice_children,
            self.advice_age,
            self.advice_sex,
            self.advice_needs,
            self.deferral_needed,
        )

    def draft_fields(self) -> dict[str, object]:
        """The form as typed, for its draft (panelapp.services.drafts)."""
        names = ("outcome", "vote_for", "vote_against", "vote_abstain", "reasons", "advice", "deferral_by")
        lines = {f"line{i}": edit.text() for i, edit in enumerate(self._lines())}
        return {**dict(zip(names, self.snapshot()[:7], strict=True)), **lines}

    def apply_draft(self, fields: dict[str, object]) -> None:
        """Put a draft's typing back into the form (it stays unsaved until Save)."""
        outcome = str(fields.get("outcome", ""))
        self.outcomes.setExclusive(False)
        for code, radio in self.radios.items():
            radio.setChecked(code == outcome)
        self.outcomes.setExclusive(True)
        for name, box in (("vote_for", self.vote_for), ("vote_against", self.vote_against)):
            box.setValue(int(str(fields.get(name, box.value()))))
        self.vote_abstain.setValue(int(str(fields.get("vote_abstain", self.vote_abstain.value()))))
        self.reasons.setPlainText(str(fields.get("reasons", "")))
        self.advice.setPlainText(str(fields.get("advice", "")))
        self.deferral_by.edit.setText(str(fields.get("deferral_by", "")))
        for i, edit in enumerate(self._lines()):
            edit.setText(str(fields.get(f"line{i}", "")))
        self._show_parts()

    def _vote_row(self) -> QHBoxLayout:
        self.vote_for, self.vote_against, self.vote_abstain = (QSpinBox(), QSpinBox(), QSpinBox())
        votes = QHBoxLayout()
        for label, box in (
            ("For", self.vote_for),
            ("Against", self.vote_against),
            ("Abstaining", self.vote_abstain),
        ):
            box.setRange(0, 20)
            box.setAccessibleName(f"Votes {label.lower()}")
            box.valueChanged.connect(self._show_vote)
            votes.addWidget(QLabel(label))
            votes.addWidget(box)
        self.vote_summary = QLabel()
        self.vote_summary.setAccessibleName("Vote summary")
        votes.addWidget(self.vote_summary)
        votes.addStretch(1)
        return votes

    def outcome(self) -> str:
        return next((code for code, radio in self.radios.items() if radio.isChecked()), "")

    def _offer_answers(self, case_type: str) -> None:
        """The case type's question, and its answers in its own words, then deferral."""
        row = case_types.find(case_type)
        self.question.setText(row.question if row else "")
        offered = dict(panel_day.answers_offered(case_type))
        for code, radio in self.radios.items():
            words = offered.get(Outcome(code))
            radio.setVisible(words is not None)
            if words is not None:
                radio.setText(words)
                radio.setAccessibleName(f"Outcome {words}")

    def load(self, case: CaseSheet) -> None:
        self.drafts.paused = True  # filling in what is saved is not typing
        try:
            self._load(case)
        finally:
            self.drafts.paused = False

    def _load(self, case: CaseSheet) -> None:
        self.hearing_id = case.hearing_id
        self.reference = case.reference
        self._case_type = case.case_type
        self._offer_answers(case.case_type)
        rec = case.recommendation
        self.version = rec.version if rec else None
        self.outcomes.setExclusive(False)
        for code, radio in self.radios.items():
            radio.setChecked(bool(rec and rec.outcome == code))
        self.outcomes.setExclusive(True)
        sitting = case.quorum.members_counted
        self._default_for = sitting
        self.vote_for.setValue(rec.vote_for or 0 if rec else sitting)
        self.vote_against.setValue(rec.vote_against or 0 if rec else 0)
        self.vote_abstain.setValue(rec.vote_abstain or 0 if rec else 0)
        self.reasons.setPlainText(rec.reasons if rec else "")
        self.advice.setPlainText(rec.advice if rec else "")
        self.advice_children.setText(rec.advice_children if rec else "")
        self.advice_age.setText(rec.advice_age_range if rec else "")
        self.advice_sex.setText(rec.advice_sex if rec else "")
        self.advice_needs.setText(rec.advice_needs if rec else "")
        self.deferral_needed.setText(rec.deferral_needed if rec else "")
        self.deferral_by.set_value(rec.deferral_by if rec else None)
        self.field_errors.clear()
        self._show_parts()
        self._check_wording()
        self.loaded = self.snapshot()

    def follow_quorum(self, case: CaseSheet) -> None:
        """The vote defaults to the members counted for this case now (AAR 2005 reg 6): after a
        declaration and leaving the room, or a late arrival, an untouched default follows."""
        if case.recommendation is not None or self.hearing_id != case.hearing_id:
            return
        default = (self._default_for, 0, 0)
        votes = (self.vote_for.value(), self.vote_against.value(), self.vote_abstain.value())
        if votes != default or case.quorum.members_counted == self._default_for:
            return  # the user has typed a vote: theirs stands
        was_unsaved = self.unsaved()
        self._default_for = case.quorum.members_counted
        self.drafts.paused = True
        self.vote_for.setValue(self._default_for)
        self.drafts.paused = False
        if not was_unsaved:
            self.loaded = self.snapshot()

    def snapshot(self) -> tuple[object, ...]:
        """What the form holds now, to tell typed-but-unsaved from saved."""
        texts = (self.reasons.toPlainText(), self.advice.toPlainText(), self.deferral_by.edit.text())
        lines = (
            self.advice_children,
            self.advice_age,
            self.advice_sex,
            self.advice_needs,
            self.deferral_needed,
        )
        votes = (self.vote_for.value(), self.vote_against.value(), self.vote_abstain.value())
        return (self.outcome(), *votes, *texts, *(edit.text() for edit in lines))

    def unsaved(self) -> bool:
        return self.hearing_id is not None and not self.locked_reason and self.snapshot() != self.loaded

    def set_locked(self, reason: str | None) -> None:
        """Read-only with the reason shown (a sitting still to come, an inquorate case)."""
        self.locked_reason = reason
        locked = bool(reason)
        self.locked_note.setText(reason or "")
        self.locked_note.setVisible(locked)
        for widget in (*self.radios.values(), self.vote_for, self.vote_against, self.vote_abstain):
            widget.setEnabled(not locked)
        for box in (self.reasons, self.advice):
            box.setReadOnly(locked)
        for edit in (self.advice_children, self.advice_age, self.advice_sex, self.advice_needs):
            edit.setReadOnly(locked)
        self.deferral_needed.setReadOnly(locked)
        self.deferral_by.setEnabled(not locked)
        self.save_button.setEnabled(not locked)
        self.save_button.setToolTip(reason or "Save the recommendation (Ctrl+R)")

    def _wording(self) -> str:
        parts = (self.advice.toPlainText(), self.advice_children.text(), self.advice_age.text())
        return " ".join((*parts, self.advice_sex.text(), self.advice_needs.text()))

    def _check_wording(self) -> None:
        """Highlight conditional words in the recommendation's wording and say why (no refusal)."""
        warning = conditional_warning(self._wording())
        self.wording_warning.setText(warning or "")
        self.wording_warning.setVisible(warning is not None)
        marked = QTextCharFormat()
        marked.setBackground(QColor("#f6e05e"))
        selections = []
        for start, end in conditional_spans(self.advice.toPlainText()):
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.advice.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selection.format = marked
            selections.append(selection)
        self.advice.setExtraSelections(selections)

    def highlighted(self) -> list[str]:
        """The phrases highlighted in the advice box (for tests and screen readers)."""
        return [s.cursor.selectedText() for s in self.advice.extraSelections()]

    def _show_parts(self) -> None:
        self.deferral_box.setVisible(self.outcome() == Outcome.DEFERRED)
        self.advice_box.setVisible(
            case_types.get(self._case_type).advice_on_children and self.outcome() != Outcome.DEFERRED
        )

    def _show_vote(self) -> None:
        vote = Vote(self.vote_for.value(), self.vote_against.value(), self.vote_abstain.value())
        self.vote_summary.setText(vote.describe())

    def form(self) -> RecommendationForm:
        try:
            deferral_by = self.deferral_by.value()
        except ValueError as exc:
            raise ValidationError(
                "The deferral date is not a date (use dd/mm/yyyy).", {"deferral_by": str(exc)}
            ) from None
        return RecommendationForm(
            outcome=self.outcome(),
            vote_for=self.vote_for.value(),
            vote_against=self.vote_against.value(),
            vote_abstain=self.vote_abstain.value(),
            reasons=self.reasons.toPlainText(),
            advice=self.advice.toPlainText(),
            advice_children=self.advice_children.text(),
            advice_age_range=self.advice_age.text(),
            advice_sex=self.advice_sex.text(),
            advice_needs=self.advice_needs.text(),
            deferral_needed=self.deferral_needed.text(),
            deferral_by=deferral_by,
        )

    def save(self) -> RecommendationView | None:
        if self.hearing_id is None:
            return None
        if not self.outcome():
            offered = [w for o, w in panel_day.answers_offered(self._case_type) if o is not Outcome.DEFERRED]
            self.field_errors.show({"outcome": f"Choose the outcome: {', '.join(offered)} or deferred."})
            return None
        try:
            saved = panel_day.record_recommendation(self.ctx, self.hearing_id, self.form(), self.version)
        except ServiceError as exc:
            self.field_errors.show_refusal(self, "Recommendation not saved", exc)
            return None
        self.version = saved.version
        self.loaded = self.snapshot()
        self.drafts.discard()
        self.field_errors.clear()
        messages.announce_saved(f"recommendation for {self.reference}")
        self.saved.emit(saved)
        return saved
