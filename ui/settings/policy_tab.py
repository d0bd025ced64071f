"""Policy values: quorum, paper deadlines, the ADM clock, grading cap, DBS re-checks, sittings."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from panelapp.domain.policy import POLICY_FIELDS
from panelapp.services.agency import default_policy_values, int_bounds
from panelapp.services.agency.records import AgencySetup, save_policy
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ServiceError
from ui.settings.common import FieldErrors

# The administrator's words for each value, with its unit.
LABELS: dict[str, tuple[str, str]] = {
    "quorum_min": ("Quorum: minimum members", " members"),
    "papers_deadline_wd": ("Papers due before the sitting", " working days"),
    "papers_circulation_wd": ("Papers circulated before the sitting", " working days"),
    "adm_decision_wd": ("ADM decides within", " working days"),
    "sw_notification_wd": ("Social worker told within", " working days"),
    "written_confirmation_wd": ("Applicants told in writing within", " working days"),
    "representations_wd": ("Representations / IRM within", " working days"),
    "par_grade_cap_after_months": ("PAR graded Good or better only if at panel within", " months"),
    "dbs_recheck_years": ("DBS re-check every", " years"),
    "appraisal_interval_months": ("Appraisal every", " months"),
    "retention_years": ("Keep case records for", " years"),
}
NON_WORKING = (("next_working_day", "Move it to the next working day"), ("cancel", "Cancel it"))


class PolicyTab(QWidget):
    saved = Signal()

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.errors = FieldErrors("Policy")
        self.spins: dict[str, QSpinBox] = {}
        for name in POLICY_FIELDS:
            if name in LABELS:
                label, unit = LABELS[name]
                spin = QSpinBox()
                low, high = int_bounds(name)
                spin.setRange(low, high)
                spin.setSuffix(unit)
                spin.setAccessibleName(label)
                spin.setMaximumWidth(220)
                self.spins[name] = spin
                self.errors.add(form, f"{label}:", name, spin)
        self.require_independent = QCheckBox("An independent member must sit for quorum")
        self.require_independent.setAccessibleName("Quorum needs an independent member")
        self.errors.add(form, "", "quorum_require_independent", self.require_independent)
        self.non_working = QComboBox()
        self.non_working.setAccessibleName("A sitting that falls on a non-working day")
        self.non_working.setMaximumWidth(320)
        for code, text in NON_WORKING:
            self.non_working.addItem(text, code)
        self.errors.add(form, "A sitting on a &non-working day:", "non_working_day", self.non_working)
        buttons = QHBoxLayout()
        self.save_button = QPushButton("&Save policy")
        self.save_button.setAccessibleName("Save policy")
        self.save_button.clicked.connect(self.save)
        self.defaults_button = QPushButton("Restore &defaults")
        self.defaults_button.setAccessibleName("Restore the default policy values (not saved until you save)")
        self.defaults_button.clicked.connect(lambda: self.show_values(default_policy_values()))
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.defaults_button)
        buttons.addStretch(1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.errors.summary)
        layout.addStretch(1)

    def show_values(self, values: dict[str, Any]) -> None:
        for name, spin in self.spins.items():
            spin.setValue(int(values[name]))
        self.require_independent.setChecked(bool(values["quorum_require_independent"]))
        self.non_working.setCurrentIndex(max(self.non_working.findData(values["non_working_day"]), 0))

    def load(self, setup: AgencySetup) -> None:
        self.show_values({name: getattr(setup.policy, name) for name in POLICY_FIELDS})
        self.errors.clear()

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {name: spin.value() for name, spin in self.spins.items()}
        out["quorum_require_independent"] = self.require_independent.isChecked()
        out["non_working_day"] = self.non_working.currentData()
        return out

    def save(self) -> None:
        try:
            save_policy(self.ctx, self.values())
        except ServiceError as exc:
            self.errors.show(exc)
            return
        self.saved.emit()
        self.errors.saved("Policy saved. New sittings and deadlines follow it from now on.")
