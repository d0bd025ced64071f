"""The main areas, declared as data: the navigation, menu and shortcuts are built from this."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ViewSpec:
    key: str
    title: str
    module: str
    class_name: str
    shortcut: str
    icon: str


VIEWS: tuple[ViewSpec, ...] = (
    ViewSpec("home", "Home", "ui.views.home", "HomeView", "Ctrl+1", "home.svg"),
    ViewSpec("members", "Members", "ui.views.members", "MembersView", "Ctrl+2", "members.svg"),
    ViewSpec("calendar", "Calendar", "ui.views.calendar", "CalendarView", "Ctrl+3", "calendar.svg"),
    ViewSpec("cases", "Cases & Agenda", "ui.views.cases", "CasesView", "Ctrl+4", "cases.svg"),
    ViewSpec("panel_day", "Panel day", "ui.views.panel_day", "PanelDayView", "Ctrl+5", "panel_day.svg"),
    ViewSpec("adm", "ADM tracker", "ui.views.adm", "AdmTrackerView", "Ctrl+6", "adm.svg"),
    ViewSpec("reports", "Reports", "ui.views.reports", "ReportsView", "Ctrl+7", "reports.svg"),
    ViewSpec("settings", "Settings", "ui.views.settings", "SettingsView", "Ctrl+8", "settings.svg"),
    ViewSpec("audit", "Audit log", "ui.views.audit", "AuditView", "Ctrl+9", "audit.svg"),
)
