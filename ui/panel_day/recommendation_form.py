"""The panel's recommendation for one case: outcome, vote, reasons, advice, deferral.

There is no conditional or "in principle" outcome: the form says so and offers deferral.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
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
    QVBoxLayout,
    QWidget,
)

from panelapp.domain import case_types
from panelapp.domain.grading_policy import Vote
from panelapp.domain.vocab import CaseType, Outcome
from panelapp.services import panel_day
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ServiceError, ValidationError
from panelapp.services.panel_day import CaseSheet, RecommendationForm, RecommendationView
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


class RecommendationPanel(QGroupBox):
    saved = Signal(object)  # RecommendationView

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__("Recommendation", parent)
        self.ctx = ctx
        self.hearing_id: int | None = None
        self.version: int | None = None
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
        self.reasons = _text_box("Reasons", 80)
        self.reasons.setPlaceholderText("The panel's reasons (required)")
        self.advice = _text_box("Other advice", 50)
        self.advice_children, self.advice_age, self.advice_sex = QLineEdit(), QLineEdit(), QLineEdit()
        self.advice_needs = QLineEdit()
        self.advice_box = QGroupBox("Advice on children (approvals)")
        advice_form = QFormLayout(self.advice_box)
        for label, edit in (
            ("Number of children", self.advice_children),
            ("Age range", self.advice_age),
            ("Sex", self.advice_sex),
            ("Needs", self.advice_needs),
        ):
            edit.setAccessibleName(f"Advice: {label.lower()}")
            advice_form.addRow(label, edit)
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
        form.addRow("Outcome", errors.wrap("outcome", _row_widget(row), "Outcome"))
        form.addRow("", never)
        form.addRow("Vote", errors.wrap("vote", _row_widget(votes), "Vote"))
        form.addRow("Reasons", errors.wrap("reasons", self.reasons))
        form.addRow("Other advice", errors.wrap("advice", self.advice))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.advice_box)
        layout.addWidget(self.deferral_box)
        layout.addWidget(errors.summary)
        layout.addWidget(self.save_button)
        self._case_type = CaseType.APPROVAL.value
        self._show_parts()
        self._show_vote()

    def outcome(self) -> str:
        return next((code for code, radio in self.radios.items() if radio.isChecked()), "")

    def load(self, case: CaseSheet) -> None:
        self.hearing_id = case.hearing_id
        self._case_type = case.case_type
        rec = case.recommendation
        self.version = rec.version if rec else None
        self.outcomes.setExclusive(False)
        for code, radio in self.radios.items():
            radio.setChecked(bool(rec and rec.outcome == code))
        self.outcomes.setExclusive(True)
        sitting = case.quorum.members_counted
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
            self.field_errors.show(
                {"outcome": "Choose the outcome: recommended, not recommended, deferred or noted."}
            )
            return None
        try:
            saved = panel_day.record_recommendation(
                self.ctx, self.hearing_id, self.form(), self.version
            )
        except ServiceError as exc:
            self.field_errors.show_refusal(self, "Recommendation not saved", exc)
            return None
        self.version = saved.version
        self.field_errors.clear()
        self.saved.emit(saved)
        return saved
