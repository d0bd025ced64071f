"""In-app help: a page per area written for panel administrators, plus the shortcut list."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from panelapp.paths import resource


def help_html(area_key: str) -> str:
    page = resource("help", f"{area_key}.html")
    if not page.exists():
        return "<p>There is no help page for this area yet.</p>"
    return page.read_text(encoding="utf-8")


class HelpDialog(QDialog):
    def __init__(
        self,
        area_key: str,
        title: str,
        shortcuts_html: str,
        parent: QWidget | None = None,
        with_shortcuts: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Help – {title}")
        self.resize(640, 560)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("Help text")
        self.browser.setOpenExternalLinks(True)
        shortcuts = "<h3>Keyboard shortcuts</h3>" + shortcuts_html if with_shortcuts else ""
        self.browser.setHtml(help_html(area_key) + shortcuts)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
