"""The demo's approvals get the dates their statutory clocks run on (issue 16).

Apart from demo.py, which is at the module-size guard. No random draw is made here, so the
rest of the demo (ids included) is as it was.
"""

from __future__ import annotations

from datetime import date, timedelta

from db.models import Case
from panelapp import clock
from panelapp.domain.workdays import WorkingDayCalendar

# A sitting older than this has final minutes (signed off the next day) that went to the ADM;
# a later one's minutes are still draft, so nothing has gone to the ADM yet (issue 16).
SIGNED_AFTER = timedelta(days=14)


def assessment_dates(case: Case, day: date, stage_two: date) -> None:
    """Stage two started on `stage_two`; the PAR went to the applicants 20 working days before
    panel on `day`, and their comments came back 6 working days later (none yet in the future)."""
    statutory, today = WorkingDayCalendar.statutory(), clock.today()
    case.stage2_start = stage_two
    sent = statutory.add_working_days(day, -20)
    case.par_sent_on = sent if sent <= today else None
    commented = statutory.add_working_days(sent, 6)
    case.par_comments_on = commented if case.par_sent_on and commented <= today else None
