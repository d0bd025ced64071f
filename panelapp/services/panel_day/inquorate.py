"""A case the panel could not hear because it was not quorate: "not heard: inquorate".

An inquorate panel makes no recommendation (AAR 2005 reg 6; Statutory guidance 2013 ch 3).
The administrator records the sitting's business for that case as not heard, with the
quorum's own reasons; the case goes back to "open" and is booked onto a later sitting,
where its new hearing is the next in sequence (`services.cases.booking`).
"""

from __future__ import annotations

from sqlalchemy import select

from db.models import Case, Grading, Hearing, Recommendation
from panelapp.domain.permissions import Permission
from panelapp.domain.vocab import CaseStatus
from panelapp.services.context import ServiceContext, check_version
from panelapp.services.errors import NotFound, ValidationError
from panelapp.services.panel_day.recordable import (
    INQUORATE,
    NOT_HEARD_LINE,
    hearing_at_sitting,
    not_yet_held,
)


def not_heard_notes(ctx: ServiceContext, meeting_id: int) -> dict[int, str]:
    """Hearing id -> what the minutes say for each case recorded as not heard (inquorate)."""
    with ctx.read() as session:
        rows = session.execute(
            select(Hearing.id, Hearing.status_note)
            .where(Hearing.meeting_id == meeting_id)
            .where(Hearing.status == INQUORATE)
        ).all()
    return {hearing_id: note or "" for hearing_id, note in rows}


def not_heard_lines(note: str) -> list[str]:
    """The minutes' lines for a case not heard: the fact, then the quorum's reasons."""
    return [NOT_HEARD_LINE] + ([note] if note else [])


def record_not_heard_inquorate(
    ctx: ServiceContext, hearing_id: int, expected_version: int | None = None
) -> str:
    """Record the case as not heard at its sitting because the panel was not quorate.

    Refused (nothing written) before the sitting's day, when the panel is quorate for the
    case, or when a recommendation or grade is already recorded. Returns the note kept.
    """
    found = hearing_at_sitting(ctx, hearing_id)
    early = not_yet_held(found.sitting_date, ctx.today(), "whether its cases were heard can be recorded")
    if early:
        raise ValidationError(f"{found.reference}: {early} Nothing was changed.")
    if found.status == INQUORATE:
        raise ValidationError(f"{found.reference} is already recorded as not heard (inquorate).")
    if found.quorum is None:
        raise ValidationError(f"{found.reference} is no longer booked at this sitting.")
    if found.quorum.result.quorate:
        raise ValidationError(
            f"The panel is quorate for {found.reference}: record its recommendation instead. "
            "Nothing was changed."
        )
    note = " ".join(found.quorum.result.reasons)
    summary = f"{found.reference} not heard: the panel was not quorate"
    with ctx.write(Permission.RECORD_NOT_HEARD, summary) as session:
        hearing = session.get(Hearing, hearing_id)
        if hearing is None:
            raise NotFound("That case is no longer booked at this sitting.")
        check_version(hearing, expected_version, "case booking")
        recorded = session.scalar(select(Recommendation.id).where(Recommendation.hearing_id == hearing_id))
        graded = session.scalar(
            select(Grading.id).where(Grading.hearing_id == hearing_id).where(Grading.source == "panel")
        )
        if recorded is not None or graded is not None:
            raise ValidationError(
                f"A recommendation or grade is already recorded for {found.reference} at this "
                "sitting, so it cannot be recorded as not heard. Nothing was changed."
            )
        hearing.status = INQUORATE
        hearing.status_note = note
        hearing.updated_by = ctx.user.username
        case = session.get(Case, hearing.case_id)
        if case is not None and case.status not in (CaseStatus.WITHDRAWN, CaseStatus.DECIDED):
            case.status = CaseStatus.OPEN.value  # ready to be booked onto a later sitting
            case.updated_by = ctx.user.username
        session.flush()
    return note
