"""Run by test_fits_1366 on a screen of 1366x768 (the offscreen platform's configfile): opens the
real main window maximised, shows every area and every tab of it, then the main dialogs, and
prints one JSON list of what does not fit: button text cut off, a navigation scrollbar.

    QT_QPA_PLATFORM=offscreen:configfile=SCREEN.json python tests/ui/fits_helper.py DB_URL
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

# Not this folder first: tests/ui/calendar would hide the standard library's calendar.
sys.path[0] = str(Path(__file__).resolve().parents[2])


def cut_off_buttons(root: object, where: str) -> list[str]:
    """Each visible button whose text needs more room than the button has, with both widths."""
    from PySide6.QtWidgets import (
        QAbstractButton,
        QPushButton,
        QStyle,
        QStyleOptionButton,
        QToolButton,
        QWidget,
    )

    assert isinstance(root, QWidget)
    found = []
    for button in root.findChildren(QAbstractButton):
        text = button.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
        if not button.isVisible() or not text.strip() or not isinstance(button, QPushButton | QToolButton):
            continue
        option = QStyleOptionButton()
        option.initFrom(button)
        needed = button.fontMetrics().horizontalAdvance(text)
        if not button.icon().isNull():
            needed += button.iconSize().width() + 4
        needed += button.style().pixelMetric(QStyle.PixelMetric.PM_ButtonMargin, option, button)
        if button.width() < needed:
            found.append(f"{where}: button '{text}' needs {needed}px, has {button.width()}px")
    return found


def every_tab(app: object, root: object, where: str) -> list[str]:
    """The buttons of `root` on each page of each of its tab widgets, one page at a time."""
    from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

    assert isinstance(app, QApplication) and isinstance(root, QWidget)
    found = cut_off_buttons(root, where)
    for tabs in root.findChildren(QTabWidget):
        if not tabs.isVisible():
            continue
        for index in range(tabs.count()):
            if not tabs.isTabEnabled(index):
                continue
            tabs.setCurrentIndex(index)
            app.processEvents()
            found += cut_off_buttons(root, f"{where} › {tabs.tabText(index).replace('&', '')}")
    return sorted(set(found))


def main(db_url: str) -> int:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from db.engine import make_engine
    from panelapp.domain.vocab import UserRole
    from panelapp.services import cases
    from panelapp.services.context import CurrentUser, ServiceContext
    from panelapp.services.members import get_member, list_members, member_choices
    from ui.cases.case_dialog import CaseDialog
    from ui.members.member_dialog import MemberEditDialog
    from ui.shell import messages
    from ui.shell.main_window import MainWindow
    from ui.shell.registry import VIEWS

    class Quiet(messages.Messenger):  # nothing modal may stop the walk
        def confirm(self, *_a: object) -> bool:
            return False

        def info(self, *_a: object) -> None:
            pass

        def error(self, *_a: object) -> None:
            pass

    messages.messenger = Quiet()
    ctx = ServiceContext(make_engine(db_url), CurrentUser("walker", "Walker", UserRole.ADMINISTRATOR))
    window = MainWindow(ctx)
    window.setWindowState(Qt.WindowState.WindowMaximized)
    window.show()
    problems: list[str] = []
    for spec in VIEWS:
        window.show_view(spec.key)
        for _ in range(3):
            app.processEvents()
        problems += every_tab(app, window, spec.title)
    for spec in VIEWS:
        window._set_badge(spec.key, 12)  # "Cases & Agenda  (12)"
    app.processEvents()
    nav = window.nav
    if nav.horizontalScrollBar().isVisible() or nav.sizeHintForColumn(0) > nav.viewport().width():
        problems.append(f"navigation: needs {nav.sizeHintForColumn(0)}px, has {nav.viewport().width()}px")
    today = ctx.today()
    member = get_member(ctx, list_members(ctx, today)[0].id, today)
    for dialog in (
        MemberEditDialog(ctx, member_choices(ctx), member, window, today=today),
        MemberEditDialog(ctx, member_choices(ctx), None, window, today=today),
        CaseDialog(ctx, cases.list_cases(ctx)[0].id, window),
        CaseDialog(ctx, None, window),
    ):
        dialog.show()
        app.processEvents()
        screen = window.screen().availableGeometry()
        if (
            dialog.frameGeometry().width() > screen.width()
            or dialog.frameGeometry().height() > screen.height()
        ):
            problems.append(
                f"{dialog.windowTitle()}: {dialog.width()}x{dialog.height()} is bigger than the screen"
            )
        problems += every_tab(app, dialog, dialog.windowTitle())
        dialog.hide()
    print(json.dumps({"width": window.width(), "problems": problems}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
