"""What may be recorded for a case at a sitting, and when: nothing that could not have happened.

A recommendation, a vote and the panel's gradings are the business of a sitting that has
taken place (on or before today) and of a panel quorate for that case at that moment
(AAR 2005 reg 6, quorum per case as `services.sittings.meeting_quorum` counts it). A panel
that is not quorate cannot make a recommendation (Statutory guidance 2013 ch 3): the case is
recorded as not heard and booked again (`panel_day.inquorate`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from db.models import Case, Hearing, Meeting
from panelapp.domain.periods import uk_date
from panelapp.services.context import ServiceContext
from panelapp.services.errors import NotFound, ValidationError
from panelapp.services.sittings import CaseQuorum, meeting_quorum

INQUORATE = "inquorate"  # hearing status: not heard, the panel was not quorate
NOT_HEARD_LINE = "Not heard: the panel was not quorate."
# Hearing statuses that mean the case is not being heard at that sitting at all.
_NOT_AT_SITTING = {"withdrawn": "was withdrawn from", "rebook": "is to be booked again, off"}


def not_yet_held(sitting_date: date, today: date, what: str) -> str | None:
    """Why `what` cannot be recorded yet for a sitting on `sitting_date` (None: it can)."""
    if sitting_date <= today:
        return None
    return f"This sitting is on {uk_date(sitting_date)}: {what} from that day."


@dataclass(frozen=True)
class HearingAtSitting:
    hearing_id: int
    meeting_id: int
    sitting_date: date
    reference: str
    case_type: str
    status: str
    status_note: str
    quorum: CaseQuorum | None  # None when the case is no longer being heard there


def hearing_at_sitting(ctx: ServiceContext, hearing_id: int) -> HearingAtSitting:
    with ctx.read() as session:
        found = session.execute(
            select(
                Hearing.meeting_id,
                Meeting.date,
                Case.reference,
                Case.case_type,
                Hearing.status,
                Hearing.status_note,
            )
            .join(Meeting, Meeting.id == Hearing.meeting_id)
            .join(Case, Case.id == Hearing.case_id)
            .where(Hearing.id == hearing_id)
            .where(Case.agency_id == ctx.agency_id)
        ).first()
    if found is None:
        raise NotFound("That case is no longer booked at this sitting.")
    meeting_id, sitting_date, reference, case_type, status, note = found
    cases = meeting_quorum(ctx, meeting_id).cases
    quorum = next((c for c in cases if c.hearing_id == hearing_id), None)
    return HearingAtSitting(
        hearing_id, meeting_id, sitting_date, reference, case_type, status, note or "", quorum
    )


def refuse_unless_recordable(ctx: ServiceContext, hearing_id: int, what: str) -> HearingAtSitting:
    """The hearing, when the panel's business for it may be recorded now; else ValidationError.

    `what` completes "This sitting is on dd/mm/yyyy: ... from that day", e.g. "its
    recommendation can be recorded".
    """
    found = hearing_at_sitting(ctx, hearing_id)
    early = not_yet_held(found.sitting_date, ctx.today(), what)
    if early:
        raise ValidationError(f"{found.reference}: {early} Nothing was saved.", {"sitting": early})
    if found.status == INQUORATE:
        raise ValidationError(
            f"{found.reference} was recorded as not heard at this sitting (the panel was not "
            "quorate): nothing can be recorded for it there. Book it onto a later sitting.",
            {"sitting": NOT_HEARD_LINE},
        )
    away = _NOT_AT_SITTING.get(found.status)
    if away or found.quorum is None:
        raise ValidationError(
            f"{found.reference} {away or 'is no longer booked at'} this sitting: nothing can be "
            "recorded for it there.",
            {"sitting": "Not heard at this sitting."},
        )
    result = found.quorum.result
    if not result.quorate:
        reasons = " ".join(result.reasons)
        raise ValidationError(
            f"{found.reference}: the panel is not quorate for this case, so it cannot make a "
            f"recommendation or grade its papers (AAR 2005 reg 6). {reasons} Nothing was saved. "
            "If the panel could not hear the case, an administrator can record it as not heard "
            "(inquorate) and book it again.",
            {"quorum": reasons},
        )
    return found
