"""Settings: the agency, its policy, local authorities and ADMs, panels, closure days and documents."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from panelapp.domain.permissions import Permission
from panelapp.domain.policy import MARKING
from panelapp.services import panel_day
from panelapp.services.agency import AgencySetup, LoadReport, load_agency_file, read_agency_setup
from panelapp.services.context import ServiceContext
from panelapp.services.errors import NotFound, ServiceError
from panelapp.services.sittings import GenerateReport, generate_meetings
from ui.settings.agency_tab import AgencyTab
from ui.settings.authorities_tab import AuthoritiesTab
from ui.settings.closures_tab import ClosuresTab
from ui.settings.documents_tab import DocumentsTab
from ui.settings.panels_tab import PanelsTab
from ui.settings.policy_tab import PolicyTab
from ui.settings.unsaved import NewGuard, RowSwitchGuard, WatchedForm, put_back, typed_values
from ui.shell import messages
from ui.shell.jobs import Job, ServiceOp, notify_changed
from ui.shell.view_base import AreaView


class SettingsView(AreaView):
    title = "Settings"
    loaded = Signal(bool)  # an agency file finished loading (True) or was refused (False)

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._job: Job | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.heading = QLabel()
        self.heading.setObjectName("viewHeading")
        self.heading.setWordWrap(True)
        self.load_button = QPushButton("L&oad agency file…")
        self.load_button.setAccessibleName("Load agency file")
        self.load_button.setToolTip("Set up or update the agency from a TOML file (Ctrl+O)")
        self.load_button.clicked.connect(self.choose_agency_file)
        top.addWidget(self.heading, 1)
        top.addWidget(self.load_button)
        layout.addLayout(top)

        self.agency_tab = AgencyTab(ctx)
        self.policy_tab = PolicyTab(ctx)
        self.authorities_tab = AuthoritiesTab(ctx)
        self.panels_tab = PanelsTab(ctx)
        self.closures_tab = ClosuresTab(ctx)
        self.documents_tab = DocumentsTab(ctx)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Settings sections")
        for tab, text in (
            (self.agency_tab, "&Agency"),
            (self.policy_tab, "&Policy"),
            (self.authorities_tab, "Local a&uthorities and ADMs"),
            (self.panels_tab, "Pa&nels"),
            (self.closures_tab, "&Closure days"),
            (self.documents_tab, "Documen&ts"),
        ):
            self.tabs.addTab(tab, text)
            tab.saved.connect(self.refresh)
            tab.saved.connect(self._announce_saved)
        layout.addWidget(self.tabs, 1)
        self.forms = self._watch_forms()
        self._mark_loaded()  # empty before the first load: nothing typed yet
        QShortcut(
            QKeySequence("Ctrl+O"),
            self,
            self.choose_agency_file,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        QShortcut(
            QKeySequence("Ctrl+S"),
            self,
            self.save_current,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        can_edit = ctx.can(Permission.EDIT_SETTINGS)
        self.load_button.setEnabled(can_edit)
        self.tabs.setEnabled(True)
        self._read_only = not can_edit

    def refresh(self, keep_typing: bool = True) -> None:
        """Show what is saved; typing on the forms other than the one just saved is kept
        (adding a closure day must not wipe a panel's typing on another tab)."""
        kept = self._typing_to_keep() if keep_typing else []
        try:
            setup = read_agency_setup(self.ctx)
        except NotFound:
            self._first_run()
            return
        except ServiceError as exc:
            self.heading.setText(str(exc))
            return
        self.heading.setText(f"<h2>{setup.name}</h2>{_next_steps(setup)}")
        self.tabs.setEnabled(not self._read_only)
        for index in range(self.tabs.count()):
            self.tabs.setTabEnabled(index, True)
        for guard in self.row_guards:  # reloading reselects rows: nobody chose them
            guard.paused = True
        try:
            for tab in (
                self.agency_tab,
                self.policy_tab,
                self.authorities_tab,
                self.panels_tab,
                self.closures_tab,
                self.documents_tab,
            ):
                tab.load(setup)
        finally:
            for guard in self.row_guards:
                guard.paused = False
        self._mark_loaded()
        for held in kept:
            put_back(held)

    def _first_run(self) -> None:
        """An empty database: the Agency tab is open to start by hand, or load an agency file."""
        self.heading.setText(
            "<h2>Set up your agency</h2><p>Start here: type the agency's name, short name and "
            "protective marking and press <b>Save agency details</b>. Then add the <b>local "
            "authorities and ADMs</b>, the <b>panels</b> and check the <b>policy</b>, each on its "
            "own tab. Or load your agency's setup file (Load agency file…, Ctrl+O).</p>"
        )
        self.tabs.setEnabled(not self._read_only)
        for index in range(self.tabs.count()):
            self.tabs.setTabEnabled(index, self.tabs.widget(index) is self.agency_tab)
        self.tabs.setCurrentWidget(self.agency_tab)
        if not self.agency_tab.marking.text():
            self.agency_tab.marking.setText(MARKING.default)
        self._mark_loaded()

    def offer_sittings(self) -> GenerateReport | None:
        """Once the agency has panels and no sittings: offer to generate them from today."""
        try:
            setup = read_agency_setup(self.ctx)
            has_sittings = bool(panel_day.list_sittings(self.ctx))
        except ServiceError:
            return None
        if not setup.panels or has_sittings or not self.ctx.can(Permission.SCHEDULE_MEETINGS):
            return None
        start = self.ctx.today()
        end = start + timedelta(days=365)
        question = (
            f"Generate the sittings of your {len(setup.panels)} panel(s) from today, {start:%d/%m/%Y}, "
            f"to {end:%d/%m/%Y}, from each panel's rhythm? None is made in the past. You can also "
            "do it later in Calendar (Generate sittings)."
        )
        if not messages.messenger.confirm(self, "Generate sittings", question):
            return None
        try:
            report = generate_meetings(self.ctx, start, end)
        except ServiceError as exc:
            messages.show_error(self, "Sittings not generated", exc)
            return None
        notify_changed({"calendar", "panel_day"}, initiator=self)
        messages.messenger.info(self, "Sittings generated", "\n".join(report.lines()))
        return report

    def _announce_saved(self) -> None:
        """Other areas read the settings (deadlines, quorum, panels, closure days): they reload."""
        notify_changed({"settings"}, initiator=self)
        tab = self.sender()
        index = self.tabs.indexOf(tab) if isinstance(tab, QWidget) else -1
        name = self.tabs.tabText(index).replace("&", "") if index >= 0 else "Settings"
        messages.announce_saved(f"settings: {name}")

    # -- typing not yet saved ------------------------------------------------------------

    def _watch_forms(self) -> list[WatchedForm]:
        """The forms whose typing Ctrl+Q or closing the window must not lose."""
        la_box, dm_box = self.authorities_tab.findChildren(QGroupBox)[:2]
        forms = [
            WatchedForm("the agency details", self.agency_tab, self.agency_tab.save),
            WatchedForm("the policy", self.policy_tab, self.policy_tab.save),
            WatchedForm("the local authority", la_box, self.authorities_tab.save_la),
            WatchedForm("the decision maker", dm_box, self.authorities_tab.save_dm),
            WatchedForm("the panel", self.panels_tab, self.panels_tab.save),
            WatchedForm("the agenda's standing items", self.documents_tab, self.documents_tab.save),
            WatchedForm("the closure day", self.closures_tab, self.closures_tab.add),
        ]
        # Choosing another row fills its form in, after asking about typing not yet saved.
        tabs = self.authorities_tab, self.panels_tab
        self.row_guards = [
            RowSwitchGuard(tabs[0].la_table, forms[2], tabs[0]._edit_la),
            RowSwitchGuard(tabs[0].dm_table, forms[3], tabs[0]._edit_dm),
            RowSwitchGuard(tabs[1].table, forms[4], tabs[1]._edit),
        ]
        # The local authority's and decision maker's Save say which of the tab's two forms it is.
        for button, form in ((tabs[0].la_save, forms[2]), (tabs[0].dm_save, forms[3])):
            button.clicked.disconnect()
            button.clicked.connect(form.run_save)
        # "New" empties a form: it asks first too.
        self.new_guards = [
            NewGuard(tabs[0].la_new, forms[2], tabs[0]._new_la),
            NewGuard(tabs[0].dm_new, forms[3], tabs[0]._new_dm),
            NewGuard(tabs[1].new_button, forms[4], tabs[1]._new),
        ]
        # A save reloads Settings (refresh), which marks the forms loaded and keeps other typing.
        self.panels_tab.saved.connect(self.offer_sittings)  # the first panel set up by hand
        return forms

    def _typing_to_keep(self) -> list[list[tuple[QWidget, object]]]:
        if not hasattr(self, "forms"):
            return []
        saving = [form for form in self.forms if form.saving]
        sender = self.sender()  # the tab whose save reloads Settings, if that is why
        tab = sender if isinstance(sender, QWidget) and self.tabs.indexOf(sender) >= 0 else None
        return [
            typed_values(form.area)
            for form in self.forms
            if form.unsaved()
            and form not in saving
            and (saving or tab is None or self._tab_of(form.area) is not tab)
        ]

    def _mark_loaded(self) -> None:
        for form in self.forms:
            form.mark_loaded()

    def unsaved_work(self) -> str | None:
        if self._read_only or not self.tabs.isEnabled():
            return None
        found = [f"{form.what} in Settings" for form in self.forms if form.unsaved()]
        return "; ".join(found) or None

    def save_unsaved(self) -> bool:
        for form in self.forms:
            if form.unsaved():
                form.run_save()
                if form.unsaved():  # refused: the form says why beside the field
                    self.tabs.setCurrentWidget(self._tab_of(form.area))
                    return False
        return True

    def discard_unsaved(self) -> None:
        self.refresh(keep_typing=False)

    def _tab_of(self, widget: QWidget) -> QWidget:
        item: QWidget | None = widget
        while item is not None and self.tabs.indexOf(item) < 0:
            item = item.parentWidget()
        return item or widget

    def save_current(self) -> None:
        save = getattr(self.tabs.currentWidget(), "save", None)
        if callable(save) and self.tabs.isEnabled():
            save()

    # -- agency file -------------------------------------------------------------------------

    def choose_agency_file(self) -> None:
        if not self.ctx.can(Permission.EDIT_SETTINGS):
            return
        path, _ = QFileDialog.getOpenFileName(self, "Load agency file", "", "Agency files (*.toml)")
        if path:
            self.load_agency(Path(path))

    def load_agency(self, path: Path) -> None:
        self.load_button.setEnabled(False)
        self._job = (
            ServiceOp(
                self,
                self.ctx,
                lambda ctx, _progress: load_agency_file(ctx, path),
                error_title="Agency file not loaded",
            )
            .success(self._loaded)
            .failure(self._refused)
            .changes("settings", "members")
            .run_in_background()
        )

    def _loaded(self, report: LoadReport) -> None:
        self.load_button.setEnabled(True)
        self.ctx.reset_agency()
        lines = report.lines()
        if report.new_members:
            lines.append(
                f"{len(report.new_members)} people were added to the central list: "
                f"{', '.join(report.new_members)}. Complete their details in Members."
            )
        messages.messenger.info(self, "Agency file loaded", "\n".join(lines))
        self.refresh()
        self.offer_sittings()
        self.loaded.emit(True)

    def _refused(self, _exc: Exception) -> None:
        self.load_button.setEnabled(True)  # the op shows why, the one way (ui.shell.messages)
        self.loaded.emit(False)


def _next_steps(setup: AgencySetup) -> str:
    """While the agency is being set up by hand: what is still to do, in order."""
    missing = []
    if not setup.local_authorities:
        missing.append("add the local authorities")
    if not setup.decision_makers:
        missing.append("add the agency decision makers (ADMs)")
    if not setup.panels:
        missing.append("add the panels and their rhythm")
    if not missing:
        return ""
    return f"<p>Next: {'; '.join(missing)}; then check the policy.</p>"
