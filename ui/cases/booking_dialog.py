"""Book a case onto a sitting: choose the sitting, see why it is refused or what to watch."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QWidget

from panelapp.domain import case_types
from panelapp.services import cases
from panelapp.services.cases import CaseSummary
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ServiceError
from ui.shell import messages


class BookingDialog(QDialog):
    """`booking_made` holds the booking once made (with the warnings that were accepted)."""

    def __init__(
        self, ctx: ServiceContext, case: CaseSummary, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx, self.case, self.today = ctx, case, today
        self.booking_made: cases.BookingResult | None = None
        self.setWindowTitle(f"Book {case.reference} onto a sitting")
        self.sittings = QComboBox()
        self.sittings.setAccessibleName("Sitting")
        for option in cases.bookable_sittings(ctx, today):
            label = option.label + ("  (full)" if option.full else "")
            self.sittings.addItem(label, option.meeting_id)
        self.applicants = QCheckBox("Applicants attend (adds their time to the slot)")
        self.applicants.setAccessibleName("Applicants attend")
        self.applicants.setChecked(case_types.get(case.case_type).applicants_attend)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Book")
        buttons.accepted.connect(self.book)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(QLabel(f"<b>{case.reference}</b>: {case.type_label}"))
        form.addRow("&Sitting", self.sittings)
        form.addRow(self.applicants)
        form.addRow(buttons)

    def choose(self, meeting_id: int) -> None:
        self.sittings.setCurrentIndex(self.sittings.findData(meeting_id))

    def book(self) -> None:
        meeting_id = self.sittings.currentData()
        if meeting_id is None:
            messages.messenger.error(
                self, "No sitting", "There is no sitting to come to book this case onto."
            )
            return
        try:
            warnings = cases.booking_warnings(self.ctx, self.case.id, meeting_id, self.today)
            if warnings and not messages.messenger.confirm(
                self,
                "Book with warnings?",
                "Please check before booking:\n\n• " + "\n• ".join(warnings) + "\n\nBook the case anyway?",
            ):
                return
            self.booking_made = cases.book_case(
                self.ctx, self.case.id, meeting_id, self.applicants.isChecked(), today=self.today
            )
        except ServiceError as exc:
            messages.messenger.error(self, "Case not booked", str(exc))
            return
        self.accept()
