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


def _cells(view: object) -> list[object]:
    """Every index a user can see rows of: top-level rows and, in a tree, their children."""
    from PySide6.QtCore import QModelIndex
    from PySide6.QtWidgets import QAbstractItemView, QTreeView

    assert isinstance(view, QAbstractItemView)
    model, found = view.model(), []
    parents = [QModelIndex()]
    while parents:
        parent = parents.pop()
        for row in range(model.rowCount(parent)):
            first = model.index(row, 0, parent)
            if isinstance(view, QTreeView) and view.isFirstColumnSpanned(row, parent):
                parents.append(first)  # a branch heading across the row: its children are rows
                continue
            found += [model.index(row, c, parent) for c in range(model.columnCount(parent))]
    return found


def elided_texts(view: object, where: str) -> list[str]:
    """Header texts and cell texts that do not fit their column (nor wrap within their row)."""
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtWidgets import QStyle, QTableView, QTreeView

    assert isinstance(view, QTableView | QTreeView)
    header = view.horizontalHeader() if isinstance(view, QTableView) else view.header()
    model, style, found = view.model(), view.style(), []
    margin = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    for column in range(model.columnCount()):
        if header.isSectionHidden(column):
            continue
        text = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        needed = header.fontMetrics().horizontalAdvance(text) + 2 * margin
        if header.isSortIndicatorShown() and header.sortIndicatorSection() == column:
            needed += style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header) + margin
        if header.sectionSize(column) < needed:
            found.append(f"{where}: header '{text}' needs {needed}px, has {header.sectionSize(column)}px")
    metrics = view.fontMetrics()
    # The item delegate's text margin each side (QCommonStyle: PM_FocusFrameHMargin + 1).
    text_margin = 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1)
    for index in _cells(view):
        text = str(index.data() or "")
        rect = view.visualRect(index)
        if not text or not rect.isValid() or rect.width() <= 0:
            continue
        room = rect.width() - text_margin
        if view.wordWrap():
            wrapped = metrics.boundingRect(QRect(0, 0, room, 10_000), Qt.TextFlag.TextWordWrap, text)
            fits = wrapped.width() <= room and wrapped.height() <= rect.height()
        else:
            fits = metrics.horizontalAdvance(text) <= room
        if not fits:
            column = model.headerData(index.column(), Qt.Orientation.Horizontal)
            found.append(f"{where}: '{column}' cell '{text[:40]}' is cut off ({rect.width()}px)")
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


# Area key -> the attribute of its view holding the table whose texts must all be readable.
TABLES = {"adm": "tree", "members": "table"}


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

    shown_errors: list[str] = []

    class Quiet(messages.Messenger):  # nothing modal may stop the walk; an error is a problem
        def confirm(self, *_a: object) -> bool:
            return False

        def info(self, *_a: object) -> None:
            return None  # a notice is no fault

        def error(self, _parent: object, title: str, text: str) -> None:
            shown_errors.append(f"error box: {title}: {text}")

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
        if spec.key in TABLES:  # the tables a user reads across (issue 20: "A…", "Needs a…")
            view = window._views[spec.key]
            problems += elided_texts(getattr(view, TABLES[spec.key]), spec.title)
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
    problems += shown_errors
    print(json.dumps({"width": window.width(), "problems": problems}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
