"""Add or edit a member: details, roles, panels; messages appear next to the field concerned."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from panelapp import clock
from panelapp.domain.membership import IMPORT_ROLES, member_field_errors
from panelapp.domain.quorum import pqe_years
from panelapp.domain.vocab import Role
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ConflictError, ServiceError
from panelapp.services.members import MemberChoices, MemberDetail, MemberInput, get_member, save_member
from ui.shell import messages
from ui.shell.conflict_dialog import ConflictDialog
from ui.shell.field_errors import FieldErrors, FieldWithError
from ui.shell.form_state import CloseGuard
from ui.shell.screen_fit import fit_to_screen
from ui.shell.widgets.date_field import DateField, read_dates


class MemberEditDialog(QDialog):
    """`saved_id` holds the member's id after a successful save."""

    def __init__(
        self,
        ctx: ServiceContext,
        choices: MemberChoices,
        detail: MemberDetail | None = None,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.detail = detail
        self.today = today or clock.today()
        self.saved_id: int | None = None
        self.setWindowTitle(f"Edit {detail.name}" if detail else "Add a member")
        self.setAccessibleName(self.windowTitle())
        self.setMinimumWidth(640)
        self.field_errors = FieldErrors(self.windowTitle())
        self._inputs(choices)
        form = self._form()

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setShortcut(QKeySequence("Ctrl+S"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        # The form scrolls: it is 679 px tall, more than a 1366x768 screen at 125% (issue 20).
        inner = QWidget()
        inner.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.field_errors.summary)
        layout.addWidget(buttons)
        wanted = inner.sizeHint()
        extra = buttons.sizeHint().height() + 3 * layout.spacing() + 24
        fit_to_screen(self, max(640, wanted.width() + 24), wanted.height() + extra)
        self.qualified.edited.connect(self._update_pqe)
        self.relevant.edited.connect(self._update_pqe)
        if detail is not None:
            self._fill(detail.details)
        self._roles_changed()
        what = f"the changes to {detail.name}'s details" if detail else "the new member"
        self.close_guard = CloseGuard(self, what, self.save)

    def reject(self) -> None:
        """Esc, the X or Cancel: with changes, ask Save / Discard / Cancel first (issue 20)."""
        if self.close_guard.may_close():
            super().reject()

    def _inputs(self, choices: MemberChoices) -> None:
        self.title_edit = QLineEdit()
        self.title_edit.setMaximumWidth(80)
        self.first_edit = QLineEdit()
        self.last_edit = QLineEdit()
        self.email_edit = QLineEdit()
        self.phone_edit = QLineEdit()
        self.qualified = DateField("Qualified as a social worker on")
        # Reg 6: the quorum needs 3 years' *relevant* post-qualifying experience.
        self.relevant = DateField("Relevant experience from")
        self.relevant.setToolTip(
            "When the member's relevant post-qualifying experience began; leave empty to count "
            "it from the qualification date."
        )
        self.joined = DateField("Joined the central list on")
        self.notice = DateField("Notice to leave given on")
        self.pqe_label = QLabel()
        self.role_boxes: dict[str, QCheckBox] = {}
        roles_box = QGroupBox("Roles (a member may hold several)")
        grid = QGridLayout(roles_box)
        for i, role in enumerate(IMPORT_ROLES):
            box = QCheckBox(role.label)
            box.setAccessibleName(f"Role: {role.label}")
            box.toggled.connect(self._roles_changed)
            self.role_boxes[role.value] = box
            grid.addWidget(box, i // 3, i % 3)
        self.roles_field = self.field_errors.wrap("roles", roles_box, "Roles")
        self.home_panel = QComboBox()
        self.home_panel.addItem("No home panel", None)
        for panel in choices.panels:
            self.home_panel.addItem(panel.name, panel.id)
        self.covered = QListWidget()
        self.covered.setMaximumHeight(90)
        for panel in choices.panels:
            item = QListWidgetItem(panel.name)
            item.setData(Qt.ItemDataRole.UserRole, panel.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.covered.addItem(item)
        self.covered.setAccessibleName("Panels covered besides the home panel")
        self.council = QComboBox()
        self.council.addItem("", None)
        for la in choices.councils:
            self.council.addItem(la.name, la.id)
        self.gender_edit = QLineEdit()
        self.ethnicity_edit = QLineEdit()
        self.lived_edit = QLineEdit()
        self.lived_edit.setPlaceholderText("e.g. adopter, adopted adult, birth relative")
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setMaximumHeight(60)
        self.notes_edit.setAccessibleName("Notes")

    def _form(self) -> QFormLayout:
        """Each input beneath its label, with its error line (FieldErrors)."""
        wrap, add = self.field_errors.wrap, self.field_errors.add
        self.fields: dict[str, DateField | FieldWithError] = {
            "title": wrap("title", self.title_edit, "Title"),
            "first_name": wrap("first_name", self.first_edit, "First name"),
            "last_name": wrap("last_name", self.last_edit, "Surname"),
            "email": wrap("email", self.email_edit, "Email"),
            "phone": wrap("phone", self.phone_edit, "Phone"),
            "roles": self.roles_field,
            "home_panel_id": wrap("home_panel_id", self.home_panel, "Home panel"),
            "qualified_on": add("qualified_on", self.qualified),
            "relevant_experience_from": add("relevant_experience_from", self.relevant),
            "joined_on": add("joined_on", self.joined),
            "notice_given_on": add("notice_given_on", self.notice),
            "local_authority_id": wrap("local_authority_id", self.council, "Council (for councillors)"),
        }
        form = QFormLayout()
        names = QHBoxLayout()
        names.addWidget(self.fields["title"])
        names.addWidget(self.fields["first_name"], 1)
        names.addWidget(self.fields["last_name"], 1)
        form.addRow("Title, first name, surname", names)
        form.addRow("Email", self.fields["email"])
        form.addRow("Phone", self.fields["phone"])
        form.addRow(self.roles_field)
        form.addRow("Home panel", self.fields["home_panel_id"])
        form.addRow("Also covers", self.covered)
        qualified_row = QHBoxLayout()
        qualified_row.addWidget(self.qualified, 1)
        qualified_row.addWidget(self.pqe_label)
        form.addRow("Qualified on", qualified_row)
        form.addRow("Relevant experience from", self.relevant)
        form.addRow("Joined on", self.joined)
        form.addRow("Notice given on", self.notice)
        form.addRow("Council", self.fields["local_authority_id"])
        diversity = QGroupBox("Optional: only for anonymous membership statistics")
        dform = QFormLayout(diversity)
        dform.addRow("Gender", wrap("gender", self.gender_edit, "Gender"))
        dform.addRow("Ethnicity", wrap("ethnicity", self.ethnicity_edit, "Ethnicity"))
        dform.addRow("Lived experience", wrap("lived_experience", self.lived_edit, "Lived experience"))
        form.addRow(diversity)
        form.addRow("Notes", self.notes_edit)
        return form

    def resolve_conflict(self, error: ConflictError, mine: MemberInput) -> ConflictDialog:
        """Show their saved version beside the user's; reload theirs if the user asks."""
        dialog = ConflictDialog(error, asdict(mine), self)
        dialog.accepted.connect(self.reload_saved)
        dialog.open()
        return dialog

    def reload_saved(self) -> None:
        if self.detail is None:
            return
        self.detail = get_member(self.ctx, self.detail.id, self.today)
        self._fill(self.detail.details)
        self._roles_changed()
        self.close_guard.mark_loaded()

    # -- filling and reading -----------------------------------------------------------

    def _fill(self, d: MemberInput) -> None:
        self.title_edit.setText(d.title)
        self.first_edit.setText(d.first_name)
        self.last_edit.setText(d.last_name)
        self.email_edit.setText(d.email or "")
        self.phone_edit.setText(d.phone)
        for code, box in self.role_boxes.items():
            box.setChecked(code in d.roles)
        self.home_panel.setCurrentIndex(max(0, self.home_panel.findData(d.home_panel_id)))
        for i in range(self.covered.count()):
            item = self.covered.item(i)
            checked = item.data(Qt.ItemDataRole.UserRole) in d.covered_panel_ids
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.qualified.set_value(d.qualified_on)
        self.relevant.set_value(d.relevant_experience_from)
        self.joined.set_value(d.joined_on)
        self.notice.set_value(d.notice_given_on)
        self.council.setCurrentIndex(max(0, self.council.findData(d.local_authority_id)))
        self.gender_edit.setText(d.gender or "")
        self.ethnicity_edit.setText(d.ethnicity or "")
        self.lived_edit.setText(d.lived_experience or "")
        self.notes_edit.setPlainText(d.notes)
        self._update_pqe()

    def roles(self) -> tuple[str, ...]:
        return tuple(code for code, box in self.role_boxes.items() if box.isChecked())

    def _roles_changed(self) -> None:
        self.council.setEnabled(Role.COUNCILLOR in self.roles())
        self._update_pqe()

    def _update_pqe(self) -> None:
        try:
            start = self.relevant.value() or self.qualified.value()
        except ValueError:
            start = None
        pqe = pqe_years(start, self.today) if start else None
        social = Role.SOCIAL_WORKER in self.roles()
        self.pqe_label.setText(f"Relevant PQE {pqe:.1f} years" if pqe is not None and social else "")

    def collect(self) -> tuple[MemberInput | None, dict[str, str]]:
        """The form as a MemberInput, or the errors to show next to each field."""
        dates, errors = read_dates(
            {
                "qualified_on": self.qualified,
                "relevant_experience_from": self.relevant,
                "joined_on": self.joined,
                "notice_given_on": self.notice,
            }
        )
        roles = self.roles()
        rule_errors = member_field_errors(
            last_name=self.last_edit.text(),
            email=self.email_edit.text().strip() or None,
            roles=roles,
            qualified_on=dates["qualified_on"],
            joined_on=dates["joined_on"],
            today=self.today,
        )
        for key, message in rule_errors.items():
            errors.setdefault(key, message)  # a date that does not parse says so first
        if errors:
            return None, errors
        covered = tuple(
            int(self.covered.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.covered.count())
            if self.covered.item(i).checkState() == Qt.CheckState.Checked
        )
        data = MemberInput(
            first_name=self.first_edit.text().strip(),
            last_name=self.last_edit.text().strip(),
            roles=roles,
            title=self.title_edit.text().strip(),
            email=self.email_edit.text().strip() or None,
            phone=self.phone_edit.text().strip(),
            address=self.detail.details.address if self.detail else "",
            home_panel_id=self.home_panel.currentData(),
            covered_panel_ids=covered,
            qualified_on=dates["qualified_on"],
            relevant_experience_from=dates["relevant_experience_from"],
            joined_on=dates["joined_on"],
            notice_given_on=dates["notice_given_on"],
            local_authority_id=self.council.currentData() if Role.COUNCILLOR in roles else None,
            gender=self.gender_edit.text().strip() or None,
            ethnicity=self.ethnicity_edit.text().strip() or None,
            lived_experience=self.lived_edit.text().strip() or None,
            notes=self.notes_edit.toPlainText(),
        )
        return data, {}

    # -- saving --------------------------------------------------------------------

    def save(self) -> None:
        data, errors = self.collect()
        if data is None:
            self.field_errors.show(errors, "Nothing was saved: please correct the fields marked.")
            return
        try:
            self.saved_id = save_member(
                self.ctx,
                self.detail.id if self.detail else None,
                data,
                expected_version=self.detail.version if self.detail else None,
                today=self.today,
            )
        except ConflictError as exc:
            self.resolve_conflict(exc, data)
            return
        except ServiceError as exc:
            self.field_errors.show_refusal(self, "Not saved", exc)
            return
        messages.announce_saved(f"member details for {data.first_name} {data.last_name}".strip())
        self.accept()
