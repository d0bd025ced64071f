"""Run by test_recommendation_draft_crash: types a recommendation's reasons, waits to be killed.

    python tests/ui/panel_day/draft_typing_helper.py DB_URL MEETING_ID HEARING_ID TEXT

Prints "DRAFT KEPT" once the draft of the typing has been kept (the real 3 s after typing
stops), then keeps the event loop running until the test kills the process. PANELAPP_HOME
(the drafts' folder) and PANELAPP_TODAY come from the environment.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[3]))


def main(db_url: str, meeting_id: int, hearing_id: int, text: str) -> int:
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from db.engine import make_engine
    from panelapp.domain.vocab import UserRole
    from panelapp.services.context import CurrentUser, ServiceContext
    from ui.panel_day.view import PanelDayView

    app = QApplication([])
    ctx = ServiceContext(make_engine(db_url), CurrentUser("typist", "Typist", UserRole.ADMINISTRATOR))
    view = PanelDayView(ctx)
    view.resize(1366, 768)
    view.show()
    view.refresh()
    view.select_sitting(meeting_id)
    page = view.case_pages[hearing_id]
    view.tabs.setCurrentWidget(page)
    form = page.recommendation
    kept: list[object] = []
    form.drafts.kept.connect(kept.append)
    next(r for r in form.radios.values() if not r.isHidden()).setChecked(True)
    form.reasons.setFocus()
    QTest.keyClicks(form.reasons, text)
    deadline = time.monotonic() + 60
    while not kept and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    if not kept or kept[-1] is None:
        print("NO DRAFT", flush=True)
        return 1
    print("DRAFT KEPT", flush=True)
    QTest.keyClicks(form.reasons, " and more typed after the draft")
    return app.exec()  # typing goes on until the process is killed


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]))
