"""The selected member's register: status history, DBS checks, appraisals, training, declarations."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from panelapp import clock
from panelapp.domain.fitness import UPDATE_SERVICE_RECHECK_MONTHS, update_service_recheck_due
from panelapp.domain.membership import add_years, appraisal_due, compliance_label, compliance_state
from panelapp.domain.periods import uk_date
from panelapp.domain.permissions import Permission
from panelapp.domain.quorum import pqe_years
from panelapp.domain.vocab import MemberStatus, Role
from panelapp.services import members
from panelapp.services.agency import agency_policy
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ServiceError
from panelapp.services.members import MemberDetail, add_status_period, get_member
from ui.members.record_dialog import FormField, RecordDialog
from ui.shell import messages


def _d(value: date | None) -> str:
    return uk_date(value) if value else "–"


class CompliancePanel(QWidget):
    """Shows one member; its buttons record new entries. `changed` fires after a save."""

    changed = Signal(int)

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = today or clock.today()
        self.detail: MemberDetail | None = None
        self.setAccessibleName("Compliance register")
        self.heading = QLabel("<i>Select a member to see their register.</i>")
        self.heading.setWordWrap(True)
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.setAccessibleName("Member register details")
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.body)
        self.dbs_button = QPushButton("Record &DBS check…")
        self.appraisal_button = QPushButton("Record &appraisal…")
        self.declaration_button = QPushButton("Add de&claration…")
        self.status_button = QPushButton("Change &status…")
        self.update_button = QPushButton("DBS &Update Service…")
        self.update_button.clicked.connect(self.record_update_service)
        self.dbs_button.clicked.connect(self.record_dbs)
        self.appraisal_button.clicked.connect(self.record_appraisal)
        self.declaration_button.clicked.connect(self.add_declaration)
        self.status_button.clicked.connect(self.change_status)
        buttons = QGridLayout()
        for i, button in enumerate(self._buttons()):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
            buttons.addWidget(button, i // 2, i % 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addLayout(buttons)
        layout.addWidget(scroll, 1)
        self._enable(False)

    def _buttons(self) -> tuple[QPushButton, ...]:
        return (
            self.dbs_button,
            self.update_button,
            self.appraisal_button,
            self.declaration_button,
            self.status_button,
        )

    def _enable(self, on: bool) -> None:
        allowed = on and self.ctx.can(Permission.EDIT_MEMBERS)
        for button in self._buttons():
            button.setEnabled(allowed)

    # -- showing -------------------------------------------------------------------

    def show_member(self, member_id: int | None) -> None:
        if member_id is None:
            self.detail = None
            self.heading.setText("<i>Select a member to see their register.</i>")
            self.body.setText("")
            self._enable(False)
            return
        try:
            self.detail = get_member(self.ctx, member_id, self.today)
        except ServiceError as exc:
            self.detail = None
            self.heading.setText(escape(str(exc)))
            self._enable(False)
            return
        self._enable(True)
        self._render(self.detail)

    def _render(self, m: MemberDetail) -> None:
        policy = agency_policy(self.ctx)
        d = m.details
        pqe = ""
        if Role.SOCIAL_WORKER in d.roles:
            years = pqe_years(d.relevant_experience_from or d.qualified_on, self.today)
            pqe = (
                f" · relevant PQE {years:.1f} years"
                if years is not None
                else " · <b>no qualification date</b>"
            )
        roles = ", ".join(Role(r).label for r in d.roles) or "no current role"
        self.heading.setText(f"<h3>{escape(m.name)}</h3>{escape(roles)}{pqe}")
        parts: list[str] = []
        last_dbs = m.dbs_checks[0].checked_on if m.dbs_checks else None
        dbs_due = add_years(last_dbs, policy.dbs_recheck_years) if last_dbs else None
        update_due = None
        if m.dbs_update_service_id and m.dbs_update_checked_on:
            update_due = update_service_recheck_due(m.dbs_update_checked_on)
            dbs_due = max(dbs_due, update_due) if dbs_due else update_due  # the status check keeps it current
        last_appraisal = m.appraisals[0].held_on if m.appraisals else None
        app_due = appraisal_due(last_appraisal, d.joined_on, policy.appraisal_interval_months)
        badges = [
            compliance_label("DBS", compliance_state(dbs_due, self.today), dbs_due),
            compliance_label("Appraisal", compliance_state(app_due, self.today), app_due),
        ]
        badge_text = " · ".join(b for b in badges if b)
        if badge_text:
            parts.append(f"<p style='color:#9b2c2c'><b>{escape(badge_text)}</b></p>")
        fitness = members.member_fitness(self.ctx, [m.id], self.today).get(m.id)
        if fitness is not None and not fitness.fit:
            parts.append(f"<p style='color:#9b2c2c'><b>Not fit to sit today: {escape(fitness.words)}</b></p>")
        parts.append(f"<b>Status history</b><br>{self._statuses(m)}")
        parts.append(
            f"<b>DBS checks</b> (re-check every {policy.dbs_recheck_years} years; next due {_d(dbs_due)})<br>"
            + (
                "<br>".join(f"{_d(c.checked_on)} · certificate {escape(c.reference)}" for c in m.dbs_checks)
                or "None recorded"
            )
        )
        parts.append(_update_service_text(m, update_due))
        parts.append(
            f"<b>Appraisals</b> (next due {_d(app_due)})<br>"
            + (
                "<br>".join(
                    f"{_d(a.held_on)} · chaired by {escape(a.chaired_by or '–')}"
                    + (f", with {escape(a.adviser)}" if a.adviser else "")
                    + (f" · {escape(a.notes)}" if a.notes else "")
                    for a in m.appraisals
                )
                or "None recorded"
            )
        )
        parts.append(
            "<b>Training attended</b><br>"
            + ("<br>".join(f"{_d(t.held_on)} · {escape(t.title)}" for t in m.training) or "None recorded")
        )
        parts.append(
            "<b>Standing declarations of interest</b><br>"
            + (
                "<br>".join(
                    f"{_d(x.declared_on)} · {escape(x.description)}"
                    + ("" if x.active else f" (ended {_d(x.ended_on)})")
                    for x in m.declarations
                )
                or "None"
            )
        )
        self.body.setText("<br><br>".join(parts))

    def _statuses(self, m: MemberDetail) -> str:
        lines = []
        for s in reversed(m.statuses):
            until = f" to {_d(s.end)}" if s.end else " onwards"
            note = f" ({escape(s.note)})" if s.note else ""
            lines.append(f"{MemberStatus(s.status).label}{note}: {_d(s.start)}{until}")
        if m.details.notice_given_on:
            lines.append(f"Notice given {_d(m.details.notice_given_on)}")
        return "<br>".join(lines) or "Active"

    # -- recording -----------------------------------------------------------------

    def _run(self, dialog: RecordDialog) -> bool:
        if dialog.exec() and self.detail is not None:
            member_id = self.detail.id
            self.show_member(member_id)
            self.changed.emit(member_id)
            return True
        return False

    def _version(self) -> int | None:
        return self.detail.version if self.detail else None

    def dbs_dialog(self) -> RecordDialog:
        assert self.detail is not None
        member_id, version = self.detail.id, self._version()
        return RecordDialog(
            f"DBS check: {self.detail.name}",
            [
                FormField("checked_on", "Date of the enhanced DBS check", "date", required=True),
                FormField("reference", "Certificate number (12 digits)", required=True),
            ],
            lambda v: members.record_dbs_check(
                self.ctx, member_id, v["checked_on"], v["reference"], version, self.today
            ),
            self,
        )

    def record_dbs(self) -> None:
        if self.detail is not None:
            self._run(self.dbs_dialog())

    def update_service_dialog(self) -> RecordDialog:
        assert self.detail is not None
        member_id, version = self.detail.id, self._version()
        return RecordDialog(
            f"DBS Update Service: {self.detail.name}",
            [
                FormField("subscription_id", "Subscription ID", initial=self.detail.dbs_update_service_id),
                FormField("update_checked_on", "Status checked online on", "date", initial=self.today),
            ],
            lambda v: members.record_update_service(
                self.ctx, member_id, v["subscription_id"], v["update_checked_on"], version, self.today
            ),
            self,
            intro=(
                "With a recent status check an older certificate stays current; the check is "
                f"made at least every {UPDATE_SERVICE_RECHECK_MONTHS} months. Clear the ID if "
                "the member no longer subscribes."
            ),
        )

    def record_update_service(self) -> None:
        if self.detail is not None:
            self._run(self.update_service_dialog())

    def record_appraisal(self) -> None:
        if self.detail is None:
            return
        member_id, version = self.detail.id, self._version()
        self._run(
            RecordDialog(
                f"Appraisal: {self.detail.name}",
                [
                    FormField("held_on", "Held on", "date", required=True),
                    FormField("chaired_by", "Chaired by", required=True),
                    FormField("adviser", "With adviser"),
                    FormField("notes", "Notes", "multiline"),
                ],
                lambda v: members.record_appraisal(
                    self.ctx,
                    member_id,
                    v["held_on"],
                    v["chaired_by"],
                    v["adviser"],
                    v["notes"],
                    version,
                    self.today,
                ),
                self,
            )
        )

    def add_declaration(self) -> None:
        if self.detail is None:
            return
        member_id, version = self.detail.id, self._version()
        self._run(
            RecordDialog(
                f"Standing declaration: {self.detail.name}",
                [
                    FormField("declared_on", "Declared on", "date", required=True, initial=self.today),
                    FormField("description", "Interest declared", "multiline", required=True),
                ],
                lambda v: members.add_declaration(
                    self.ctx, member_id, v["declared_on"], v["description"], version, self.today
                ),
                self,
            )
        )

    def change_status(self) -> None:
        if self.detail is None:
            return
        member_id, version = self.detail.id, self._version()
        choices = [(s.value, s.label) for s in MemberStatus]
        self._run(
            RecordDialog(
                f"Change status: {self.detail.name}",
                [
                    FormField("status", "New status", "choice", choices=choices),
                    FormField("start", "From", "date", required=True, initial=self.today),
                    FormField("end", "Until (leave only, if known)", "date"),
                    FormField("note", "Note (e.g. maternity leave)"),
                    FormField("notice", "Notice given on (leaving)", "date"),
                ],
                lambda v: add_status_period(
                    self.ctx, member_id, v["status"], v["start"], v["note"], v["end"], v["notice"], version
                ),
                self,
                intro="Status history is kept: the current period ends the day before the new one starts.",
            )
        )


def _update_service_text(m: MemberDetail, due: date | None) -> str:
    if not m.dbs_update_service_id:
        return "<b>DBS Update Service</b><br>Not subscribed"
    checked = f"last status check {_d(m.dbs_update_checked_on)}, next due {_d(due)}"
    return f"<b>DBS Update Service</b><br>Subscription {escape(m.dbs_update_service_id)} · {checked}"


def show_error(parent: QWidget, exc: ServiceError) -> None:
    messages.messenger.error(parent, "Not saved", str(exc))
