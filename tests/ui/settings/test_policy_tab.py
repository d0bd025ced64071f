"""The Policy tab is built from the declarations, and refuses a bad value as the service and a file do."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QSpinBox, QWidget
from pytestqt.qtbot import QtBot

from db.models import Agency
from panelapp.domain import policy
from panelapp.domain.permissions import Permission
from panelapp.domain.policy import Kind, Section, Setting, SettingRefused, check, declared
from panelapp.services.agency import (
    AgencyFileError,
    agency_policy,
    load_agency_text,
    read_agency_setup,
    save_policy,
)
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ValidationError
from ui.settings.policy_tab import PolicyTab

WIDGETS = {Kind.INT: QSpinBox, Kind.BOOL: QCheckBox, Kind.CHOICE: QComboBox, Kind.TEXT: QLineEdit}
EDITOR_KINDS = (QSpinBox, QCheckBox, QComboBox, QLineEdit)


def make_tab(qtbot: QtBot, ctx: ServiceContext) -> PolicyTab:
    tab = PolicyTab(ctx)
    qtbot.addWidget(tab)
    tab.load(read_agency_setup(ctx))
    return tab


def editors_on_screen(tab: PolicyTab) -> list[QWidget]:
    """Every input in the tab (a spin box's own line edit is part of the spin box)."""
    found = [w for kind in EDITOR_KINDS for w in tab.findChildren(kind)]
    return [w for w in found if not w.parent().inherits("QAbstractSpinBox")]


def test_the_tab_shows_one_editor_per_declaration(qtbot: QtBot, demo_ctx: ServiceContext) -> None:
    tab = make_tab(qtbot, demo_ctx)
    settings = declared(Section.POLICY)
    assert list(tab.editors) == [s.key for s in settings]
    assert len(editors_on_screen(tab)) == len(settings)
    for s in settings:
        widget = tab.editors[s.key].widget
        assert isinstance(widget, WIDGETS[s.kind]), s.key
        assert widget.accessibleName() == s.label
        assert widget.toolTip() == s.description()
        if isinstance(widget, QSpinBox):
            assert (widget.minimum(), widget.maximum(), widget.suffix()) == (s.low, s.high, f" {s.unit}")
    assert tab.values() == {s.key: getattr(agency_policy(demo_ctx), s.key) for s in settings}
    shown = [
        w.text() for w in tab.findChildren(QLabel) if w.accessibleName() == "Representations / IRM within"
    ]
    assert shown == ["40 working days, fixed by law"]


def test_adding_a_declaration_adds_an_editor(
    qtbot: QtBot, demo_ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    extra: tuple[Setting[Any], ...] = (
        Setting(
            "review_weeks", Kind.INT, 6, "Review every", "A test-only setting.", unit="weeks", low=1, high=52
        ),
        Setting("venue_note", Kind.TEXT, "Teams", "Venue note", "A test-only setting.", max_length=40),
        Setting("quiet_days", Kind.DATES, (), "Quiet days", "A test-only setting."),
    )
    setup = read_agency_setup(demo_ctx)  # a real new setting also needs its column and migration
    monkeypatch.setattr(policy, "SETTINGS", (*policy.SETTINGS, *extra))
    tab = PolicyTab(demo_ctx)
    qtbot.addWidget(tab)
    tab.load(setup)
    assert list(tab.editors)[-3:] == ["review_weeks", "venue_note", "quiet_days"]
    assert len(editors_on_screen(tab)) == len(declared(Section.POLICY))
    spin = tab.editors["review_weeks"].widget
    assert isinstance(spin, QSpinBox) and (spin.value(), spin.suffix(), spin.maximum()) == (6, " weeks", 52)
    assert isinstance(tab.editors["venue_note"].widget, QLineEdit)
    tab.editors["quiet_days"].set_value((date(2026, 12, 24), date(2026, 12, 31)))
    assert tab.values()["quiet_days"] == ["2026-12-24", "2026-12-31"]
    assert check(extra[2], tab.values()["quiet_days"]) == (date(2026, 12, 24), date(2026, 12, 31))


BAD_VALUES = [
    ("quorum_min", 4),
    ("quorum_min", 21),
    ("adm_decision_wd", 8),
    ("sw_notification_wd", 3),
    ("written_confirmation_wd", 6),
    ("dbs_recheck_years", 0),
    ("quorum_require_independent", "yes"),
    ("non_working_day", "skip"),
]


@pytest.mark.parametrize(("key", "bad"), BAD_VALUES)
def test_a_bad_value_is_refused_identically_by_the_service_the_tab_and_the_agency_file(
    qtbot: QtBot, demo_ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch, key: str, bad: object
) -> None:
    with pytest.raises(SettingRefused) as refusal:
        check(policy.setting(key), bad)
    reason = refusal.value.reason
    before = agency_policy(demo_ctx)

    with pytest.raises(ValidationError) as by_service:
        save_policy(demo_ctx, {key: bad})
    assert by_service.value.field_errors == {key: str(refusal.value)}

    tab = make_tab(qtbot, demo_ctx)
    monkeypatch.setattr(tab.editors[key], "value", lambda: bad)  # as if the widget let it through
    tab.save_button.click()
    under_the_field = tab.messages.errors.fields[key].error
    assert not under_the_field.isHidden() and under_the_field.text() == str(refusal.value)
    assert "Nothing was saved" in tab.messages.errors.summary.text()

    text = f'[agency]\nname = "Northdown Regional Adoption Agency"\n\n[policy]\n{key} = {json.dumps(bad)}\n'
    with pytest.raises(AgencyFileError) as by_file:
        load_agency_text(demo_ctx, text)
    assert by_file.value.problems == [(5, f"{key} {reason}")]
    assert agency_policy(demo_ctx) == before


def test_the_spin_boxes_cannot_offer_what_the_law_forbids(qtbot: QtBot, demo_ctx: ServiceContext) -> None:
    tab = make_tab(qtbot, demo_ctx)
    quorum = tab.editors["quorum_min"].widget
    adm = tab.editors["adm_decision_wd"].widget
    assert isinstance(quorum, QSpinBox) and isinstance(adm, QSpinBox)
    quorum.setValue(3)
    adm.setValue(10)
    assert (quorum.value(), adm.value()) == (5, 7)


def test_restore_defaults_shows_the_declared_defaults_without_saving(
    qtbot: QtBot, demo_ctx: ServiceContext
) -> None:
    save_policy(demo_ctx, {"quorum_min": 7, "non_working_day": "cancel"})
    tab = make_tab(qtbot, demo_ctx)
    assert tab.values()["quorum_min"] == 7
    tab.defaults_button.click()
    assert tab.values() == policy.defaults(Section.POLICY)
    assert agency_policy(demo_ctx).quorum_min == 7


def test_a_saved_value_the_law_does_not_allow_is_pointed_out_and_mended_by_saving(
    qtbot: QtBot, demo_ctx: ServiceContext
) -> None:
    with demo_ctx.write(Permission.EDIT_SETTINGS, "An older database") as session:
        agency = session.get(Agency, demo_ctx.agency_id)
        assert agency is not None
        agency.quorum_min = 3
    tab = make_tab(qtbot, demo_ctx)
    note = tab.messages.errors.fields["quorum_min"].error
    assert not note.isHidden()
    assert note.text().startswith(
        "The saved value, 3, is not allowed. Must be between 5 and 20, not 3: the law"
    )
    tab.save_button.click()
    assert agency_policy(demo_ctx).quorum_min == 5
    assert note.isHidden()
