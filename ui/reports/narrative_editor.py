"""Editors for the report's written sections, with the document control table."""

from __future__ import annotations

import contextlib

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from panelapp.domain import report_figures as fig
from panelapp.domain.periods import long_date, parse_user_date, uk_date
from panelapp.services.reports import DocumentControl, NarrativeEdit, NarrativeText, ReportNarrativeSet


class NarrativeEditor(QScrollArea):
    """One text box per section (one per panel for the chairs' comments).

    `edits()` lists what needs saving: changed texts, and texts offered (carried forward
    or the default introduction) that were never saved for this period.
    """

    dirty_changed = Signal(bool)
    typed = Signal()  # any change by the user (its draft is kept a few seconds later)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setAccessibleName("Report narrative")
        self.narrative: ReportNarrativeSet | None = None
        self.editors: dict[tuple[str, int | None], QPlainTextEdit] = {}
        self.control_fields: dict[str, QLineEdit] = {}
        self._loaded: dict[tuple[str, int | None], NarrativeText] = {}
        self._dirty = False
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setObjectName("carriedBanner")
        self.banner.setStyleSheet("background: #fefcbf; padding: 6px;")

    def show_narrative(self, narrative: ReportNarrativeSet, can_edit: bool, can_comment: bool) -> None:
        self.narrative = narrative
        self.editors.clear()
        self.control_fields.clear()
        self._loaded = {t.key: t for t in narrative.texts}
        inner = QWidget()
        layout = QVBoxLayout(inner)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fefcbf; padding: 6px;")
        carried = sorted({t.carried_from for t in narrative.texts if t.carried_from})
        if carried:
            start, end = carried[-1]
            self.banner.setText(
                f"Sections not yet written for this period show the text of {long_date(start)} to "
                f"{long_date(end)} as a starting point. Edit it and press Save (Ctrl+S) to keep it."
            )
        self.banner.setVisible(bool(carried))
        layout.addWidget(self.banner)
        for section in fig.NARRATIVE_SECTIONS:
            if section.code == fig.DOCUMENT_CONTROL:
                layout.addWidget(self._control_box(narrative, can_edit))
                continue
            number = f"{section.number}. " if section.number else ""
            box = QGroupBox(f"{number}{section.title}")
            box_layout = QVBoxLayout(box)
            texts = [t for t in narrative.texts if t.section == section.code]
            for text in texts:
                editor = QPlainTextEdit(text.body)
                editor.setAccessibleName(text.heading if section.chair_comments else section.title)
                editor.setReadOnly(not (can_comment if section.chair_comments else can_edit))
                editor.setMinimumHeight(90)
                editor.textChanged.connect(self._changed)
                if section.chair_comments:
                    box_layout.addWidget(QLabel(text.heading))
                box_layout.addWidget(editor)
                box_layout.addWidget(QLabel(f"<small>{self._saved_words(text)}</small>"))
                self.editors[text.key] = editor
            layout.addWidget(box)
        layout.addStretch(1)
        self.setWidget(inner)
        self._set_dirty(False)

    def _control_box(self, narrative: ReportNarrativeSet, can_edit: bool) -> QGroupBox:
        box = QGroupBox("Document control")
        form = QFormLayout(box)
        control = narrative.document_control(saved_only=False)
        for name, label in fig.DOCUMENT_CONTROL_FIELDS:
            value = getattr(control, name)
            if name == "date" and value:
                value = _uk_if_iso(value)
            field = QLineEdit(value)
            field.setAccessibleName(label)
            field.setReadOnly(not can_edit)
            if name == "date":
                field.setPlaceholderText("dd/mm/yyyy")
            field.textChanged.connect(self._changed)
            self.control_fields[name] = field
            form.addRow(label, field)
        return box

    @staticmethod
    def _saved_words(text: NarrativeText) -> str:
        if text.updated_at is not None:
            return f"Saved by {text.updated_by or 'someone'} on {uk_date(text.updated_at.date())}"
        if text.carried_from is not None:
            return f"Carried forward from the period ending {uk_date(text.carried_from[1])}: not saved yet"
        return "Not saved yet"

    def _changed(self) -> None:
        self._set_dirty(self.is_dirty())
        self.typed.emit()

    def draft_fields(self) -> dict[str, object] | None:
        """Every text box and control field as typed, for a draft; None when nothing changed."""
        if not self.is_dirty():
            return None
        texts = {
            f"{section}|{'' if panel is None else panel}": e.toPlainText()
            for (section, panel), e in self.editors.items()
        }
        return {"texts": texts, "control": {name: f.text() for name, f in self.control_fields.items()}}

    def apply_draft(self, fields: dict[str, object]) -> None:
        """Put a draft's typing back (it stays unsaved until Save)."""
        texts, control = fields.get("texts"), fields.get("control")
        for (section, panel), editor in self.editors.items():
            key = f"{section}|{'' if panel is None else panel}"
            if isinstance(texts, dict) and key in texts and not editor.isReadOnly():
                editor.setPlainText(str(texts[key]))
        for name, field in self.control_fields.items():
            if isinstance(control, dict) and name in control and not field.isReadOnly():
                field.setText(str(control[name]))

    def _set_dirty(self, dirty: bool) -> None:
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    def is_dirty(self) -> bool:
        """The user changed something since it was loaded."""
        return bool(self.edits(include_offered=False))

    def has_offered_text(self) -> bool:
        """Text offered as a starting point (carried forward) that is not saved for this period."""
        return any(t.carried_from is not None for t in self._loaded.values())

    def control(self) -> DocumentControl:
        """The table as typed; the date is kept as ISO when it reads as a date."""
        values = {name: f.text().strip() for name, f in self.control_fields.items()}
        if values.get("date"):
            with contextlib.suppress(ValueError):
                values["date"] = parse_user_date(values["date"]).isoformat()
        return DocumentControl(**values)

    def control_problem(self) -> str | None:
        """A message when the document control date is not a date."""
        field = self.control_fields.get("date")
        if field is None or not field.text().strip():
            return None
        try:
            parse_user_date(field.text())
        except ValueError as exc:
            return f"Document control date: {exc}"
        return None

    def edits(self, include_offered: bool = True) -> list[NarrativeEdit]:
        """What to save: changed texts, and (when `include_offered`) offered texts kept as they are."""
        out: list[NarrativeEdit] = []
        for key, editor in self.editors.items():
            if editor.isReadOnly():
                continue
            loaded = self._loaded.get(key)
            body = editor.toPlainText()
            unsaved = include_offered and (loaded is None or loaded.updated_at is None)
            if (loaded is not None and body != loaded.body) or (unsaved and body.strip()):
                out.append(NarrativeEdit(key[0], key[1], body, loaded.updated_at if loaded else None))
        if self.control_fields and not next(iter(self.control_fields.values())).isReadOnly():
            loaded = self._loaded.get(
                (fig.DOCUMENT_CONTROL, self.narrative.panel_id if self.narrative else None)
            )
            saved = DocumentControl.from_body(loaded.body) if loaded else DocumentControl()
            unsaved = include_offered and (loaded is None or loaded.updated_at is None)
            control = self.control()
            if control != saved or (unsaved and control != DocumentControl()):
                out.append(
                    NarrativeEdit(
                        fig.DOCUMENT_CONTROL,
                        loaded.panel_id if loaded else None,
                        control.to_body(),
                        loaded.updated_at if loaded else None,
                    )
                )
        return out


def _uk_if_iso(value: str) -> str:
    try:
        return uk_date(parse_user_date(value))
    except ValueError:
        return value
