"""Run by test_panel_day_crash: opens the Panel day view offscreen, types minutes, waits to be killed.

    python tests/ui/panel_day_typing_helper.py DB_URL MEETING_ID FIRST_TEXT SECOND_TEXT

Prints "AUTOSAVED" once the first text has been autosaved, then types the second text,
prints "TYPED MORE" and keeps the event loop running until the test kills the process.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[3]))


def main(db_url: str, meeting_id: int, first: str, second: str) -> int:
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from db.engine import make_engine
    from panelapp.domain.vocab import UserRole
    from panelapp.services.context import CurrentUser, ServiceContext
    from ui.panel_day.view import PanelDayView

    app = QApplication([])
    ctx = ServiceContext(make_engine(db_url), CurrentUser("typist", "Typist", UserRole.ADMINISTRATOR))
    view = PanelDayView(ctx)  # the real autosave delay (3 s after typing stops)
    view.resize(1366, 768)
    view.show()
    view.refresh()
    view.select_sitting(meeting_id)
    editor = view.show_minutes()
    editor.sections.setCurrentRow(1)
    editor.editor.setFocus()
    editor.move_cursor_to_end()
    autosaves: list[object] = []
    editor.autosaved.connect(autosaves.append)
    QTest.keyClicks(editor.editor, first)
    deadline = time.monotonic() + 60
    while not autosaves and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    if not autosaves:
        print("NO AUTOSAVE", flush=True)
        return 1
    print("AUTOSAVED", flush=True)
    QTest.keyClicks(editor.editor, second)
    print("TYPED MORE", flush=True)
    return app.exec()  # typing goes on until the process is killed


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]))
