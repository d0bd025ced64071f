"""The first-run wizard: database (this computer or the team's server), then the agency.

Also reachable later from File → Database and agency setup…, so any step can be re-run.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from panelapp import APP_NAME
from panelapp.services import agency
from panelapp.services.context import ServiceContext, open_database
from panelapp.services.errors import ServiceError


class DatabasePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle("Where should PanelApp keep its data?")
        self.setSubTitle("You can change this later from the File menu.")
        self.embedded = QRadioButton("On this computer (recommended for one person)")
        self.embedded.setAccessibleName("Keep the data on this computer")
        self.shared = QRadioButton("On the team's shared database server (PostgreSQL)")
        self.shared.setAccessibleName("Use the team's shared database")
        self.embedded.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.embedded)
        group.addButton(self.shared)
        self.host = QLineEdit("127.0.0.1")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.database = QLineEdit("panelapp")
        self.user = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        for widget, name in (
            (self.host, "Server name"),
            (self.port, "Server port"),
            (self.database, "Database name"),
            (self.user, "Your database user name"),
            (self.password, "Your database password"),
        ):
            widget.setAccessibleName(name)
        self.test_button = QPushButton("&Test connection")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Connection result")
        server = QWidget()
        form = QFormLayout(server)
        form.addRow("Server", self.host)
        form.addRow("Port", self.port)
        form.addRow("Database", self.database)
        form.addRow("User name", self.user)
        form.addRow("Password", self.password)
        row = QHBoxLayout()
        row.addWidget(self.test_button)
        row.addStretch(1)
        form.addRow(row)
        form.addRow(self.status)
        note = QLabel("The password is kept in this computer's password store, never in a file.")
        note.setWordWrap(True)
        form.addRow(note)
        self.server_box = server
        layout = QVBoxLayout(self)
        layout.addWidget(self.embedded)
        layout.addWidget(self.shared)
        layout.addWidget(server)
        self.shared.toggled.connect(self._toggle)
        self.test_button.clicked.connect(self.test_connection)
        self._toggle(False)

    def _toggle(self, shared: bool) -> None:
        self.server_box.setEnabled(shared)
        self.completeChanged.emit()

    def server_settings(self) -> agency.PostgresSettings:
        return agency.PostgresSettings(
            self.host.text().strip(),
            self.port.value(),
            self.database.text().strip(),
            self.user.text().strip(),
        )

    def test_connection(self) -> bool:
        try:
            version = agency.test_postgres(self.server_settings(), self.password.text() or None)
        except ServiceError as exc:
            self.status.setText(f"<span style='color:#c53030'>{exc}</span>")
            return False
        self.status.setText(f"Connected: PostgreSQL {version}.")
        return True

    def isComplete(self) -> bool:
        if self.shared.isChecked():
            return bool(
                self.host.text().strip() and self.database.text().strip() and self.user.text().strip()
            )
        return True

    def validatePage(self) -> bool:
        wizard = self.wizard()
        assert isinstance(wizard, FirstRunWizard)
        try:
            if self.shared.isChecked():
                if not self.test_connection():
                    return False
                url = agency.choose_postgres(self.server_settings(), self.password.text() or None)
            else:
                url = agency.choose_embedded()
            wizard.ctx, _ = open_database(url)
        except ServiceError as exc:
            self.status.setText(f"<span style='color:#c53030'>{exc}</span>")
            return False
        except RuntimeError as exc:  # no keyring on this computer: say so, carry on
            self.status.setText(str(exc))
            wizard.ctx, _ = open_database(self.server_settings().url(self.password.text() or None))
        return True


class AgencyPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle("Your agency")
        self.setSubTitle("Set up your agency, or explore PanelApp with an invented one.")
        self.demo = QRadioButton("Explore with demo data (an invented agency)")
        self.demo.setAccessibleName("Explore with demo data")
        self.from_file = QRadioButton("Load our agency file (from IT)…")
        self.from_file.setAccessibleName("Load an agency file")
        self.by_hand = QRadioButton("Set up by hand in Settings")
        self.by_hand.setAccessibleName("Set up the agency by hand")
        self.keep = QRadioButton("Keep the agency already in this database")
        self.keep.setAccessibleName("Keep the existing agency")
        self.file_path = QLineEdit()
        self.file_path.setAccessibleName("Agency file")
        self.file_path.setPlaceholderText("agency.toml")
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self._browse)
        self.status = QLabel()
        self.status.setWordWrap(True)
        group = QButtonGroup(self)
        layout = QVBoxLayout(self)
        for button in (self.keep, self.demo, self.from_file, self.by_hand):
            group.addButton(button)
            layout.addWidget(button)
        row = QHBoxLayout()
        row.addWidget(self.file_path, 1)
        row.addWidget(browse)
        layout.addLayout(row)
        layout.addWidget(self.status)
        self.demo.setChecked(True)

    def initializePage(self) -> None:
        wizard = self.wizard()
        assert isinstance(wizard, FirstRunWizard) and wizard.ctx is not None
        has_agency = agency.has_agency(wizard.ctx)
        self.keep.setVisible(has_agency)
        self.demo.setEnabled(not has_agency)
        self.from_file.setEnabled(True)
        (self.keep if has_agency else self.demo).setChecked(True)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Agency file", "", "Agency files (*.toml)")
        if path:
            self.file_path.setText(path)
            self.from_file.setChecked(True)

    def validatePage(self) -> bool:
        wizard = self.wizard()
        assert isinstance(wizard, FirstRunWizard) and wizard.ctx is not None
        ctx = wizard.ctx
        try:
            if self.demo.isChecked():
                agency.load_demo_data(ctx)
            elif self.from_file.isChecked():
                from panelapp.services.agency import load_agency_file

                path = Path(self.file_path.text().strip())
                if not path.name:
                    self.status.setText("<span style='color:#c53030'>Choose the agency file first.</span>")
                    return False
                load_agency_file(ctx, path)
                ctx.reset_agency()
        except (ServiceError, OSError) as exc:
            self.status.setText(f"<span style='color:#c53030'>{exc}</span>")
            return False
        agency.mark_first_run_done()
        return True


class FirstRunWizard(QWizard):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Welcome to {APP_NAME}")
        self.ctx: ServiceContext | None = None
        self.database_page = DatabasePage()
        self.agency_page = AgencyPage()
        self.addPage(self.database_page)
        self.addPage(self.agency_page)
        self.setMinimumSize(620, 460)
