"""The main window: navigation on the left, one view per area, menus and status bar."""

from __future__ import annotations

import html
import importlib

from PySide6.QtCore import QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from panelapp import APP_NAME, __version__, clock
from panelapp.domain.permissions import Permission
from panelapp.paths import resource
from panelapp.services.agency import agency_summary
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ServiceError
from panelapp.services.home import AttentionCounts, SearchHit, attention_counts
from panelapp.services.undo import undo_marker
from ui.shell import messages
from ui.shell.help_dialog import HelpDialog
from ui.shell.jobs import Job, Progress, ServiceOp, notify_changed
from ui.shell.registry import AREA_KEYS, VIEWS, ViewSpec
from ui.shell.startup import fit_navigation, navigation_list
from ui.shell.theme import apply_theme
from ui.shell.view_base import AreaView
from ui.shell.warm_up import AreaWarmUp, warm_up_enabled
from ui.shell.widgets.global_search import GlobalSearchBox
from ui.shell.widgets.table_state import remember_columns

# At or below this (an office laptop at 100% or 125% scaling) the window opens maximised.
SMALL_SCREEN = QSize(1440, 900)
SAVED_NOTICE_MS = 12000  # long enough to glance at, gone before it becomes noise
WARM_UP_LATEST_MS = 3000  # the areas are made ready after the first count, or by then


def _attention_or_none(ctx: ServiceContext, _progress: Progress) -> AttentionCounts | None:
    try:
        return attention_counts(ctx)
    except ServiceError:
        return None  # e.g. no agency yet: nothing to count


class MainWindow(QMainWindow):
    setup_requested = Signal()  # File → Database and agency setup… (the app re-runs the wizard)

    def __init__(self, ctx: ServiceContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.opened_at = undo_marker()  # undo offers only what was changed since the window opened
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(QIcon(str(resource("icons", "app.svg"))))
        self.setMinimumSize(QSize(1000, 640))
        self._views: dict[str, AreaView] = {}
        self._specs = {spec.key: spec for spec in VIEWS}

        self.nav = navigation_list()  # as the start-up frame showed it (ui/shell/startup.py)
        self.stack = QStackedWidget()
        for row, spec in enumerate(VIEWS):
            item = self.nav.item(row)
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            item.setToolTip(f"{spec.title} ({spec.shortcut})")
            self.stack.addWidget(QWidget())  # replaced by the real view when first shown
        self.nav.currentRowChanged.connect(self._show_row)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 6, 0)
        layout.setSpacing(10)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        self._restore_layout()
        self.nav.setCurrentRow(0)

    # -- views --------------------------------------------------------------

    def view(self, key: str) -> AreaView:
        """The view for an area, created on first use so start-up stays fast."""
        if key not in self._views:
            spec = self._specs[key]
            module = importlib.import_module(spec.module)
            view: AreaView = getattr(module, spec.class_name)(self.ctx)
            row = [s.key for s in VIEWS].index(key)
            placeholder = self.stack.widget(row)
            if placeholder is not None:
                self.stack.removeWidget(placeholder)
                placeholder.deleteLater()
            self.stack.insertWidget(row, view)
            view.badge_changed.connect(lambda count, k=key: self._set_badge(k, count))
            self._views[key] = view
            remember_columns(view, key)
        return self._views[key]

    def _build_unopened(self, module: str) -> AreaView | None:
        """The warm-up's step: the area's view built, not loaded (None if it was already)."""
        key = next(spec.key for spec in VIEWS if spec.module == module)
        return None if key in self._views else self.view(key)

    def _load_unopened(self, module: str) -> bool:
        """The warm-up's last step for an area: what it shows read while it is hidden (False if
        the user has opened it meanwhile, or it could not be read: its opening then reads it)."""
        key = next(spec.key for spec in VIEWS if spec.module == module)
        view = self._views.get(key)
        return view is not None and view.load_in_advance()

    def show_view(self, key: str) -> AreaView:
        self.nav.setCurrentRow([s.key for s in VIEWS].index(key))
        return self._views[key]

    def current_key(self) -> str:
        return VIEWS[self.nav.currentRow()].key

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        view = self.view(VIEWS[row].key)
        self.stack.setCurrentWidget(view)
        view.bring_up_to_date()  # reloads only what may be out of date (ui/shell/view_base.py)

    def refresh_current(self) -> None:
        """View → Refresh: reload the area shown now (others' changes on a shared database)."""
        self._views[self.current_key()].reload_now()

    def _set_badge(self, key: str, count: int) -> None:
        row = [s.key for s in VIEWS].index(key)
        spec: ViewSpec = VIEWS[row]
        item = self.nav.item(row)
        item.setText(f"{spec.title}  ({count})" if count else spec.title)
        fit_navigation(self.nav)  # a count never cuts a name off

    # -- chrome -------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        setup_action = QAction("&Database and agency setup…", self)
        setup_action.triggered.connect(self.setup_requested.emit)
        file_menu.addAction(setup_action)
        users_action = QAction("&Users and roles…", self)
        users_action.setEnabled(self.ctx.can(Permission.MANAGE_USERS))
        users_action.triggered.connect(self.show_users)
        file_menu.addAction(users_action)
        retention_action = QAction("&Retention…", self)
        retention_action.setEnabled(self.ctx.can(Permission.EDIT_SETTINGS))
        retention_action.triggered.connect(self.show_retention)
        file_menu.addAction(retention_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        edit_menu = self.menuBar().addMenu("&Edit")
        self.undo_action = QAction("&Undo my last change", self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)  # text boxes keep their own
        self.undo_action.triggered.connect(self.undo_last_change)
        edit_menu.addAction(self.undo_action)

        view_menu = self.menuBar().addMenu("&View")
        refresh = QAction("&Refresh", self)
        refresh.setShortcut(QKeySequence("F5"))  # others' changes on a shared database, at once
        refresh.triggered.connect(self.refresh_current)
        view_menu.addAction(refresh)
        view_menu.addSeparator()
        themes = QActionGroup(self)
        current = str(QSettings().value("appearance/theme", "system"))
        for name, label in (("system", "Follow the &system"), ("light", "&Light"), ("dark", "&Dark")):
            action = QAction(label, self, checkable=True)
            action.setChecked(name == current)
            action.triggered.connect(lambda _=False, n=name: apply_theme(n, save=True))
            themes.addAction(action)
            view_menu.addAction(action)

        go_menu = self.menuBar().addMenu("&Go")
        for spec in VIEWS:
            action = QAction(spec.title, self)
            action.setShortcut(QKeySequence(spec.shortcut))
            action.triggered.connect(lambda _=False, k=spec.key: self.show_view(k))
            go_menu.addAction(action)

        help_menu = self.menuBar().addMenu("&Help")
        area_help = QAction("&Help for this area", self)
        area_help.setShortcut(QKeySequence("F1"))
        area_help.triggered.connect(self.show_help)
        help_menu.addAction(area_help)
        shortcuts = QAction("&Keyboard shortcuts", self)
        shortcuts.setShortcut(QKeySequence("Ctrl+/"))
        shortcuts.triggered.connect(self.show_shortcuts)
        help_menu.addAction(shortcuts)
        rules = QAction("The &rules and their sources", self)
        rules.triggered.connect(self.show_rules)
        help_menu.addAction(rules)
        about = QAction(f"&About {APP_NAME}", self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("Search")
        toolbar.setObjectName("searchToolbar")
        toolbar.setMovable(False)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        self.search_box = GlobalSearchBox(self.ctx)
        self.search_box.hit_chosen.connect(self.open_hit)
        toolbar.addWidget(self.search_box)
        self.addToolBar(toolbar)
        focus = QAction("Search everything", self)
        focus.setShortcut(QKeySequence("Ctrl+Shift+F"))
        focus.triggered.connect(self.focus_search)
        self.addAction(focus)

    def undo_last_change(self) -> bool:
        """Put back what my last save changed (this session), then refresh what is shown."""
        from panelapp.services.undo import last_change, undo_last_change

        change = last_change(self.ctx, self.opened_at)
        if change is None:
            messages.messenger.info(self, "Undo", "There is nothing of yours to undo since PanelApp opened.")
            return False
        if not messages.messenger.confirm(self, "Undo", f"Undo your last change ({change.description})?"):
            return False
        try:
            undo_last_change(self.ctx, self.opened_at)
        except ServiceError as exc:
            messages.messenger.error(self, "Not undone", str(exc))
            return False
        current = self._views[self.current_key()]
        current.refresh()
        notify_changed(AREA_KEYS, initiator=current)  # any area: the others reload when next shown
        self.statusBar().showMessage(f"Undone: {change.description}", 8000)
        return True

    def focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def open_hit(self, hit: SearchHit) -> None:
        """Open a search result in its area; the view selects it if it knows how."""
        key = {"member": "members", "case": "cases", "sitting": "calendar"}[hit.kind]
        view = self.show_view(key)
        focus_item = getattr(view, "focus_item", None)
        if callable(focus_item):
            focus_item(hit.kind, hit.id)

    def _build_status_bar(self) -> None:
        self.db_label = QLabel(self.ctx.database_label)
        self.db_label.setAccessibleName("Database")
        user = self.ctx.user
        self.user_label = QLabel(f"{user.display_name} ({user.role.value})")
        self.user_label.setAccessibleName("Signed-in user")
        self.statusBar().addPermanentWidget(self.db_label)
        self.statusBar().addPermanentWidget(self.user_label)
        pinned = clock.pinned()
        if pinned is not None:  # support staff reproducing another day: never a silent surprise
            self.pinned_day_label = QLabel(f"Today is set to {pinned:%d/%m/%Y} ({clock.ENV_VAR})")
            self.pinned_day_label.setAccessibleName("Date set for support")
            self.pinned_day_label.setStyleSheet("font-weight: bold")
            self.statusBar().addPermanentWidget(self.pinned_day_label)
        summary = agency_summary(self.ctx)
        if summary is not None:
            self.setWindowTitle(f"{APP_NAME} – {summary.name}")
            self.statusBar().showMessage(f"{summary.short_name} · {summary.marking}")
        self.saved_label = QLabel()  # what was just saved, and when: never a box to click away
        self.saved_label.setAccessibleName("Saved")
        self.saved_label.setStyleSheet("color: #276749; font-weight: bold;")
        self.statusBar().insertPermanentWidget(0, self.saved_label)
        self._saved_timer = QTimer(self)
        self._saved_timer.setSingleShot(True)
        self._saved_timer.setInterval(SAVED_NOTICE_MS)
        self._saved_timer.timeout.connect(self.saved_label.clear)
        messages.notices().saved.connect(self.show_saved)
        self.attention_label = QLabel()
        self.attention_label.setAccessibleName("Items needing attention")
        self.statusBar().addWidget(self.attention_label)
        # Counted in the background once the event loop runs: the first count also loads the
        # bank-holiday tables (a few hundred ms), and the window is usable meanwhile.
        self._attention_job: Job | None = None
        QTimer.singleShot(0, self.update_attention)
        # Then, while the user is idle, each area's code is imported, its view built and what it
        # shows read (ui/shell/warm_up.py).
        self.warm_up = AreaWarmUp(
            [spec.module for spec in VIEWS if spec.key != "home"],
            self,
            build=self._build_unopened,
            load=self._load_unopened,
        )
        if warm_up_enabled():
            QTimer.singleShot(WARM_UP_LATEST_MS, self.warm_up.start)  # if the count never reports

    def show_saved(self, text: str) -> None:
        self.saved_label.setText(f"✓ {text}")
        self._saved_timer.start()

    def update_attention(self) -> None:
        """Overdue ADM steps and compliance items: in the status bar and on the navigation."""
        self._attention_job = (
            ServiceOp(self, self.ctx, _attention_or_none, error_title="Items needing attention")
            .success(self.show_attention)
            .run_in_background()
        )

    def show_attention(self, counts: AttentionCounts | None) -> None:
        if warm_up_enabled():
            self.warm_up.start()  # the first count is done: the cores are free again
        if counts is None:
            return  # e.g. no agency yet: nothing to count
        parts = []
        if counts.adm_overdue:
            parts.append(f"{counts.adm_overdue} ADM deadline(s) overdue")
            self._set_badge("adm", counts.adm_overdue)
        if counts.compliance_overdue:
            parts.append(f"{counts.compliance_overdue} DBS/appraisal item(s) overdue")
            self._set_badge("members", counts.compliance_overdue)
        self.attention_label.setText("  ⚠ " + "; ".join(parts) if parts else "")

    def shortcut_text(self) -> str:
        lines = [f"<tr><td><b>{s.shortcut}</b></td><td>{s.title}</td></tr>" for s in VIEWS]
        lines.append("<tr><td><b>Ctrl+Shift+F</b></td><td>Search members, cases, initials, dates</td></tr>")
        lines.append("<tr><td><b>F1</b></td><td>Help for the area you are in</td></tr>")
        lines.append("<tr><td><b>Ctrl+/</b></td><td>This list</td></tr>")
        lines.append("<tr><td><b>Ctrl+Q</b></td><td>Quit</td></tr>")
        return "<table cellpadding=4>" + "".join(lines) + "</table>"

    def show_retention(self) -> QWidget:
        from ui.admin.retention_dialog import RetentionDialog

        dialog = RetentionDialog(self.ctx, self)
        dialog.show()
        return dialog

    def show_users(self) -> QWidget:
        from ui.admin.users_dialog import UsersDialog

        dialog = UsersDialog(self.ctx, self)
        dialog.show()
        return dialog

    def show_help(self) -> HelpDialog:
        spec = VIEWS[max(self.nav.currentRow(), 0)]
        dialog = HelpDialog(spec.key, spec.title, self.shortcut_text(), self)
        dialog.show()
        return dialog

    def show_rules(self) -> HelpDialog:
        """The one-page table of each rule PanelApp keeps, its source and where it lives."""
        dialog = HelpDialog("rules", "The rules and their sources", "", self, with_shortcuts=False)
        dialog.resize(900, 640)
        dialog.show()
        return dialog

    def show_shortcuts(self) -> None:
        QMessageBox.information(self, "Keyboard shortcuts", self.shortcut_text())

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>For adoption panel teams: the central list, sittings, agendas, "
            "recommendations, gradings, minutes, ADM deadlines and the chairs' report.</p>"
            f"<p>Database: {self.ctx.database_label}</p>",
        )

    # -- layout memory --------------------------------------------------------

    def _restore_layout(self) -> None:
        settings = QSettings()
        geometry = settings.value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
            return
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        if screen is not None and (
            screen.width() <= SMALL_SCREEN.width() or screen.height() <= SMALL_SCREEN.height()
        ):
            # An office laptop (1366x768, or less at 125% scaling): every pixel is needed.
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
        else:
            self.resize(1280, 800)

    def unsaved_work(self) -> list[tuple[AreaView, str]]:
        """Each open view with typing not yet saved, and what it is."""
        found = []
        for view in self._views.values():
            what = view.unsaved_work()
            if what:
                found.append((view, what))
        return found

    def confirm_nothing_lost(self) -> bool:
        """Ask Save / Discard / Cancel while any view holds unsaved typing; True when it is safe to go."""
        pending = self.unsaved_work()
        if not pending:
            return True
        listed = "".join(f"<li>{html.escape(what)}</li>" for _view, what in pending)
        text = f"<p>You have not saved:</p><ul>{listed}</ul><p>Save before closing?</p>"
        choice = messages.messenger.ask_save_discard_cancel(self, "Unsaved changes", text)
        if choice == "cancel":
            return False
        for view, _what in pending:
            if choice == "discard":
                view.discard_unsaved()
            elif not view.save_unsaved():
                self.show_view(next(k for k, v in self._views.items() if v is view))
                return False  # the view has said why; the user stays to fix it
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.confirm_nothing_lost():
            event.ignore()
            return
        QSettings().setValue("main_window/geometry", self.saveGeometry())
        super().closeEvent(event)
