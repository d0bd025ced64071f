"""Users and roles (administrators only): who may use PanelApp and what they may do."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from panelapp.domain.vocab import UserRole
from panelapp.services.admin import UserRow, deactivate_user, list_users, save_user
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ServiceError
from ui.shell.field_errors import FieldErrors
from ui.shell.table_model import ROW_ROLE, Column, RowTableModel

USER_COLUMNS: list[Column[UserRow]] = [
    Column("User name", lambda u: u.username),
    Column("Name", lambda u: u.display_name),
    Column("Role", lambda u: u.role),
    Column("Email (drafts come from)", lambda u: u.email),
    Column("Can sign in", lambda u: u.active),
]
ROLE_HELP = (
    "Administrator: everything, including settings and users. Adviser: cases, papers, agendas, "
    "gradings, minutes; not settings or users. Chair: reads everything, signs off minutes, writes "
    "chairs' comments. Viewer: read only."
)


class UsersDialog(QDialog):
    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Users and roles")
        self.resize(640, 480)
        self.model: RowTableModel[UserRow] = RowTableModel(USER_COLUMNS, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Users")
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.username = QLineEdit()
        self.username.setAccessibleName("User name")
        self.username.setPlaceholderText("e.g. jo.smith (their Windows or database login)")
        self.name = QLineEdit()
        self.name.setAccessibleName("Display name")
        self.email = QLineEdit()
        self.email.setAccessibleName("Email address")
        self.email.setPlaceholderText("their own address: email drafts to the ADM come from it")
        self.role = QComboBox()
        self.role.setAccessibleName("Role")
        self.role.addItems([r.value for r in UserRole])
        self.field_errors = FieldErrors("Users and roles")
        help_text = QLabel(ROLE_HELP)
        help_text.setWordWrap(True)
        self.save_button = QPushButton("&Save user")
        self.deactivate_button = QPushButton("&Stop signing in")
        form = QFormLayout()
        form.addRow("User name", self.field_errors.wrap("username", self.username))
        form.addRow("Name", self.field_errors.wrap("display_name", self.name))
        form.addRow("Email", self.field_errors.wrap("email", self.email))
        form.addRow("Role", self.field_errors.wrap("role", self.role))
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(self.save_button)
        buttons_row.addWidget(self.deactivate_button)
        buttons_row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(help_text)
        layout.addLayout(buttons_row)
        layout.addWidget(self.field_errors.summary)
        layout.addWidget(close)
        self.save_button.clicked.connect(self.save)
        self.deactivate_button.clicked.connect(self.deactivate)
        self.table.clicked.connect(self._pick)
        self.reload()

    def reload(self) -> None:
        try:
            self.model.set_rows(list_users(self.ctx))
        except ServiceError as exc:
            self.field_errors.show_error(exc)

    def _pick(self) -> None:
        user = self.table.currentIndex().data(ROW_ROLE)
        if isinstance(user, UserRow):
            self.username.setText(user.username)
            self.name.setText(user.display_name)
            self.email.setText(user.email)
            self.role.setCurrentText(user.role)

    def save(self) -> bool:
        try:
            save_user(
                self.ctx,
                self.username.text(),
                self.role.currentText(),
                self.name.text().strip(),
                email=self.email.text(),
            )
        except ServiceError as exc:
            self.field_errors.show_error(exc)
            return False
        self.field_errors.clear()
        self.reload()
        return True

    def deactivate(self) -> None:
        try:
            deactivate_user(self.ctx, self.username.text().strip().lower())
        except ServiceError as exc:
            self.field_errors.show_error(exc)
            return
        self.reload()
