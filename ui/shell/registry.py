"""The main areas, declared as data: the navigation, menu and shortcuts are built from this."""

from __future__ import annotations

from typing import NamedTuple


class ViewSpec(NamedTuple):  # not a dataclass: `dataclasses` costs 6 ms before the first paint
    key: str
    title: str
    module: str
    class_name: str
    shortcut: str
    icon: str


VIEWS: tuple[ViewSpec, ...] = (
    ViewSpec("home", "Home", "ui.home.view", "HomeView", "Ctrl+1", "home.svg"),
    ViewSpec("members", "Members", "ui.members.view", "MembersView", "Ctrl+2", "members.svg"),
    ViewSpec("calendar", "Calendar", "ui.calendar.view", "CalendarView", "Ctrl+3", "calendar.svg"),
    ViewSpec("cases", "Cases & Agenda", "ui.cases.view", "CasesView", "Ctrl+4", "cases.svg"),
    ViewSpec("panel_day", "Panel day", "ui.panel_day.view", "PanelDayView", "Ctrl+5", "panel_day.svg"),
    ViewSpec("adm", "ADM tracker", "ui.adm.view", "AdmTrackerView", "Ctrl+6", "adm.svg"),
    ViewSpec("reports", "Reports", "ui.reports.view", "ReportsView", "Ctrl+7", "reports.svg"),
    ViewSpec("settings", "Settings", "ui.settings.view", "SettingsView", "Ctrl+8", "settings.svg"),
    ViewSpec("audit", "Audit log", "ui.admin.audit_view", "AuditView", "Ctrl+9", "audit.svg"),
)

# What a change can touch, named like the areas that show it (see ui.shell.jobs.notify_changed).
AREA_KEYS: frozenset[str] = frozenset(spec.key for spec in VIEWS)
