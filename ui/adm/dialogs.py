"""Dialogs of the ADM tracker: the date the minutes went to the ADM, and the ADM's decision."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from panelapp.domain.deadlines import is_qualifying_determination
from panelapp.domain.periods import uk_date
from panelapp.domain.vocab import AdmDecision, Grade, Outcome
from panelapp.services import adm as adm_record
from panelapp.services.adm import DecisionEntry, TrackerCase
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ConflictError, ServiceError
from ui.shell import messages
from ui.shell.field_errors import FieldErrors
from ui.shell.widgets.date_field import DateField, read_dates

DECISIONS = (AdmDecision.AGREED, AdmDecision.NOT_AGREED, AdmDecision.FURTHER_INFO, AdmDecision.PENDING)


def _heading(case: TrackerCase) -> QLabel:
    adm = case.adm.label if case.adm else "no ADM set up"
    label = QLabel(
        f"<b>{case.reference}</b>: {case.case_type.label}, {case.outcome.label.lower()} by "
        f"{case.panel} on {uk_date(case.heard_on)}<br>ADM: {adm}"
    )
    label.setWordWrap(True)
    return label


class _SavingDialog(QDialog):
    """Shared: Save/Cancel buttons, and what to do with the service's answer."""

    def __init__(
        self, ctx: ServiceContext, case: TrackerCase, today: Callable[[], date], parent: QWidget | None
    ):
        super().__init__(parent)
        self.ctx, self.case, self.today = ctx, case, today
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(_heading(case))
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.field_errors = FieldErrors(f"ADM record for {case.reference}")
        self.setMinimumWidth(460)

    def finish_layout(self) -> None:
        self.layout_.addWidget(self.field_errors.summary)
        self.layout_.addWidget(self.buttons)

    def read_dates(self, fields: dict[str, DateField]) -> dict[str, date | None] | None:
        """The dates typed, or None with each unreadable one marked beneath its field."""
        values, problems = read_dates(fields)
        if problems:
            self.field_errors.show(problems)
            return None
        return values

    def save(self) -> None:
        raise NotImplementedError

    def submit(self, record: Callable[[], object]) -> None:
        """Record it and close; a refusal is shown and the dialog stays open (a conflict closes
        it, so the tracker reloads to show the other person's version)."""
        try:
            record()
        except ConflictError as exc:
            messages.messenger.error(self, "Changed by someone else", str(exc))
            self.reject()
        except ServiceError as exc:
            self.field_errors.show_refusal(self, "Not saved", exc)
        else:
            self.accept()


class MinutesSentDialog(_SavingDialog):
    """Starts (or, after a request for further information, restarts) the ADM's clock."""

    def __init__(
        self, ctx: ServiceContext, case: TrackerCase, today: Callable[[], date], parent: QWidget | None = None
    ):
        super().__init__(ctx, case, today, parent)
        self.setWindowTitle(f"Minutes sent to the ADM: {case.reference}")
        restart = case.decision is AdmDecision.FURTHER_INFO
        self.sent = DateField("Date sent to the ADM", required=True)
        self.sent.set_value(today())
        label = "Further information sent on" if restart else "Final minutes sent on"
        self.form.addRow(label, self.field_errors.add("minutes_sent_on", self.sent))
        note = (
            "Recording this restarts the ADM's clock."
            if restart
            else "This starts the ADM's clock: the decision is due within the agency's working days."
        )
        self.layout_.addWidget(QLabel(note))
        self.finish_layout()

    def save(self) -> None:
        dates = self.read_dates({"minutes_sent_on": self.sent})
        if dates is None:
            return
        sent_on = dates["minutes_sent_on"]
        assert sent_on is not None  # required field
        self.submit(
            lambda: adm_record.record_minutes_sent(
                self.ctx, self.case.hearing_id, sent_on, self.case.version, today=self.today()
            )
        )


class DecisionDialog(_SavingDialog):
    """The ADM's decision, their grade of the PAR, and the notification and letter dates."""

    def __init__(
        self, ctx: ServiceContext, case: TrackerCase, today: Callable[[], date], parent: QWidget | None = None
    ):
        super().__init__(ctx, case, today, parent)
        self.setWindowTitle(f"ADM decision: {case.reference}")
        self.decision = QComboBox()
        self.decision.setAccessibleName("ADM's decision")
        for choice in DECISIONS:
            self.decision.addItem(choice.label, choice)
        current = case.decision if case.decision in DECISIONS else AdmDecision.AGREED
        if case.decision is AdmDecision.PENDING:
            current = AdmDecision.AGREED
        self.decision.setCurrentIndex(DECISIONS.index(current))
        self.decided_on = DateField("Date of the decision")
        self.decided_on.set_value(case.decided_on or today())
        self.grade = QComboBox()
        self.grade.setAccessibleName("ADM's grade of the PAR")
        self.grade.addItem("Not graded", None)
        for grade in Grade:
            self.grade.addItem(grade.label, grade)
        if case.adm_par_grade is not None:
            self.grade.setCurrentIndex(list(Grade).index(case.adm_par_grade) + 1)
        approval = case.case_type.adm_grades_par
        self.grade.setEnabled(approval)
        panel_grade = case.panel_par_grade.label if case.panel_par_grade else "not graded"
        self.grade.setToolTip(
            f"The panel graded the PAR: {panel_grade}."
            if approval
            else "The ADM grades approvals' PARs only."
        )
        self.sw_notified = DateField("Date the social worker was told")
        self.sw_notified.set_value(case.sw_notified_on)
        self.letter_sent = DateField("Date the decision letter was sent")
        self.letter_sent.set_value(case.letter_sent_on)
        self.representations = DateField("Date representations were received")
        self.representations.set_value(case.representations_received_on)
        self.irm = DateField("Date of the application to the IRM")
        self.irm.set_value(case.irm_applied_on)
        self._request_fields(case)
        self._final_fields(case)
        self.dates = {
            "decided_on": self.decided_on,
            "sw_notified_on": self.sw_notified,
            "letter_sent_on": self.letter_sent,
            "representations_received_on": self.representations,
            "irm_applied_on": self.irm,
            "information_due_by": self.wanted_by,
            "review_recommendation_on": self.review,
            "final_decided_on": self.final_on,
        }
        self._form_rows()
        self.decision.currentIndexChanged.connect(lambda _i: self._enable())
        self._enable()
        self.finish_layout()

    def _request_fields(self, case: TrackerCase) -> None:
        """What further information was asked for and by when; the steps so far, if any."""
        request = case.open_request if case.decision is AdmDecision.FURTHER_INFO else None
        self.wanted = QLineEdit(request.what if request else "")
        self.wanted.setAccessibleName("Further information asked for")
        self.wanted.setPlaceholderText("e.g. an updated medical report")
        self.wanted_by = DateField("Further information wanted by")
        self.wanted_by.set_value(request.due_by if request else None)
        self.history = QLabel(case.history)
        self.history.setWordWrap(True)
        self.history.setAccessibleName("The ADM's steps so far")
        self.history.setVisible(bool(case.history))

    def _final_fields(self, case: TrackerCase) -> None:
        """After representations or the IRM: the re-hearing's recommendation, the final decision."""
        self.review = DateField("Date the re-hearing's recommendation was received")
        self.review.set_value(case.review_recommendation_on)
        self.final = QComboBox()
        self.final.setAccessibleName("ADM's final decision")
        self.final.addItem("Not yet", None)
        for outcome, words in case.case_type.answers:
            self.final.addItem(words, outcome)
        if case.final_decision is not None:
            self.final.setCurrentIndex(max(0, self.final.findData(case.final_decision)))
        self.final_on = DateField("Date of the final decision")
        self.final_on.set_value(case.final_decided_on)

    def _form_rows(self) -> None:
        wrap, add = self.field_errors.wrap, self.field_errors.add
        self.layout_.insertWidget(1, self.history)
        self.form.addRow("&Decision", wrap("decision", self.decision))
        self.form.addRow("Decision &date", add("decided_on", self.decided_on))
        self.form.addRow("Information &wanted", wrap("information_wanted", self.wanted))
        self.form.addRow("Wanted &by", add("information_due_by", self.wanted_by))
        self.form.addRow("ADM's &grade of the PAR", wrap("adm_par_grade", self.grade))
        self.form.addRow("&Social worker told on", add("sw_notified_on", self.sw_notified))
        self.form.addRow("&Letter sent on", add("letter_sent_on", self.letter_sent))
        self.form.addRow(
            "&Representations received on", add("representations_received_on", self.representations)
        )
        self.form.addRow("&IRM application on", add("irm_applied_on", self.irm))
        self.form.addRow("Re-&hearing recommended on", add("review_recommendation_on", self.review))
        self.form.addRow("&Final decision", wrap("final_decision", self.final))
        self.form.addRow("Final decision &on", add("final_decided_on", self.final_on))

    def chosen(self) -> AdmDecision:
        return AdmDecision(self.decision.currentData())

    def _enable(self) -> None:
        decision = self.chosen()
        decided = decision in (AdmDecision.AGREED, AdmDecision.NOT_AGREED)
        self.decided_on.setEnabled(decision is not AdmDecision.PENDING)
        self.sw_notified.setEnabled(decided)
        self.letter_sent.setEnabled(decided)
        refusal = is_qualifying_determination(self.case.case_type.code, self.case.outcome, decision)
        for widget in (self.representations, self.irm, self.review, self.final, self.final_on):
            widget.setEnabled(refusal)
        asking = decision is AdmDecision.FURTHER_INFO
        self.wanted.setEnabled(asking)
        self.wanted_by.setEnabled(asking)

    def entry(self) -> DecisionEntry | None:
        """What the form holds, or None (with the problems shown) when a date is unreadable."""
        typed = self.read_dates(self.dates)
        if typed is None:
            return None

        def value(key: str) -> date | None:  # a date the decision makes irrelevant is not recorded
            return typed[key] if self.dates[key].isEnabled() else None

        grade = self.grade.currentData() if self.grade.isEnabled() else None
        final = self.final.currentData() if self.final.isEnabled() else None
        return DecisionEntry(
            decision=self.chosen(),
            decided_on=value("decided_on"),
            adm_par_grade=Grade(grade) if grade else None,
            sw_notified_on=value("sw_notified_on"),
            letter_sent_on=value("letter_sent_on"),
            representations_received_on=value("representations_received_on"),
            irm_applied_on=value("irm_applied_on"),
            information_wanted=self.wanted.text() if self.wanted.isEnabled() else "",
            information_due_by=value("information_due_by"),
            review_recommendation_on=value("review_recommendation_on"),
            final_decision=Outcome(final) if final else None,
            final_decided_on=value("final_decided_on"),
        )

    def save(self) -> None:
        entry = self.entry()
        if entry is None:
            return
        self.submit(
            lambda: adm_record.record_decision(
                self.ctx, self.case.hearing_id, entry, self.case.version, today=self.today()
            )
        )
