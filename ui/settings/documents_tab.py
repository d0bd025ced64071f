"""Documents: the agenda's standing items and which Word template each document is drawn on."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from panelapp.services.agency import (
    AgencySetup,
    DocumentTemplate,
    document_templates,
    save_standing_items,
    standing_items_text,
)
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ServiceError
from ui.settings.common import FormMessages
from ui.shell.table_model import Column, RowTableModel

ITEMS_HELP = (
    "One item a line, in agenda order. The line [Cases] marks where the booked cases go. "
    "Leave it empty for the usual items (welcome and apologies, declarations of interest, "
    "last minutes, any other business, date of next panel)."
)
TEMPLATES_HELP = (
    "Documents are drawn on these Word templates. To restyle a document, replace its file "
    "with your own (keep the style names); a missing file means base.docx is used."
)

TEMPLATE_COLUMNS: list[Column[DocumentTemplate]] = [
    Column("Document", lambda r: r.document),
    Column("Template", lambda r: r.file),
    Column("Where", lambda r: r.path if r.found else f"Missing: {r.path} (base.docx is used)"),
]


class DocumentsTab(QWidget):
    saved = Signal()

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.messages = FormMessages("Documents")
        self.items = QPlainTextEdit()
        self.items.setAccessibleName("Agenda standing items")
        self.items.setToolTip(ITEMS_HELP)
        self.items.setMaximumHeight(160)
        self.messages.row(form, "Agenda &standing items:", "standing_items", self.items)
        help_label = QLabel(ITEMS_HELP)
        help_label.setWordWrap(True)
        form.addRow("", help_label)
        self.save_button = QPushButton("Save standing &items")
        self.save_button.setAccessibleName("Save standing items")
        self.save_button.clicked.connect(self.save)
        layout.addLayout(form)
        layout.addWidget(self.save_button)
        layout.addWidget(self.messages.lines)
        layout.addWidget(QLabel("<b>Word templates</b>"))
        templates_help = QLabel(TEMPLATES_HELP)
        templates_help.setWordWrap(True)
        layout.addWidget(templates_help)
        self.template_model: RowTableModel[DocumentTemplate] = RowTableModel(TEMPLATE_COLUMNS, self)
        self.templates = QTableView()
        self.templates.setModel(self.template_model)
        self.templates.setAccessibleName("Word template of each document")
        self.templates.horizontalHeader().setStretchLastSection(True)
        self.templates.verticalHeader().setVisible(False)
        layout.addWidget(self.templates, 1)

    def load(self, _setup: AgencySetup) -> None:
        self.items.setPlainText(standing_items_text(self.ctx))
        self.template_model.set_rows(document_templates())
        self.templates.resizeColumnsToContents()
        self.messages.clear()

    def save(self) -> None:
        try:
            stored = save_standing_items(self.ctx, self.items.toPlainText())
        except ServiceError as exc:
            self.messages.refused(exc)
            return
        self.items.setPlainText(stored)
        self.saved.emit()
        self.messages.saved("Standing items saved: the next agenda you export shows them.")
