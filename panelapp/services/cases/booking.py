"""Booking a case onto a sitting, with the rules a case must meet before it can go to panel.

Refused (nothing saved): a sitting already holding the panel's `max_cases`; a consent plan
whose CPR and child's health report have not been received; a sitting that is cancelled or
already held; a case already booked or already decided. Warned (booked anyway): late or
missing papers, and a sitting that would be at bare quorum (or not quorate) for the case.
A deferred case can be booked again: its new hearing is the next in sequence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import (
    AdmDecisionRecord,
    AdmFurtherInformation,
    AgendaItem,
    Case,
    CaseDeclaration,
    CasePaper,
    CaseTypeSetting,
    Grading,
    Hearing,
    Meeting,
    MinutesSection,
    Panel,
    Recommendation,
    utcnow,
)
from panelapp.domain import case_types
from panelapp.domain.agenda import case_slot_minutes, paper_deadline, paper_problem
from panelapp.domain.periods import uk_date
from panelapp.domain.permissions import Permission
from panelapp.domain.vocab import CaseStatus
from panelapp.services.agency.setup import agency_policy, working_day_calendar
from panelapp.services.cases.papers import ensure_checklist, paper_label, required_papers_in, set_deadlines
from panelapp.services.context import ServiceContext
from panelapp.services.errors import NotFound, ValidationError
from panelapp.services.sittings.quorum import meeting_quorum

ACTIVE_HEARING = "booked"


@dataclass(frozen=True)
class SittingOption:
    meeting_id: int
    panel: str
    date: date
    start_time: time
    booked: int
    max_cases: int

    @property
    def full(self) -> bool:
        return self.booked >= self.max_cases

    @property
    def label(self) -> str:
        return f"{self.panel}, {uk_date(self.date)} ({self.booked} of {self.max_cases} cases booked)"


@dataclass(frozen=True)
class BookingResult:
    hearing_id: int
    meeting_id: int
    sequence: int
    warnings: tuple[str, ...]


def bookable_sittings(ctx: ServiceContext, from_date: date | None = None) -> list[SittingOption]:
    """Scheduled sittings from `from_date` (default today), with how many cases each holds."""
    from_date = from_date or ctx.today()
    booked = (
        select(Hearing.meeting_id, func.count(Hearing.id).label("n"))
        .where(Hearing.status != "withdrawn")
        .group_by(Hearing.meeting_id)
        .subquery()
    )
    with ctx.read() as session:
        rows = session.execute(
            select(Meeting.id, Panel.name, Meeting.date, Meeting.start_time, booked.c.n, Panel.max_cases)
            .join(Panel, Panel.id == Meeting.panel_id)
            .outerjoin(booked, booked.c.meeting_id == Meeting.id)
            .where(Panel.agency_id == ctx.agency_id)
            .where(Meeting.status == "scheduled")
            .where(Meeting.date >= from_date)
            .order_by(Meeting.date, Panel.name)
        ).all()
    return [SittingOption(r[0], r[1], r[2], r[3], r[4] or 0, r[5]) for r in rows]


def booking_warnings(
    ctx: ServiceContext, case_id: int, meeting_id: int, today: date | None = None
) -> tuple[str, ...]:
    """What booking would warn about; raises ValidationError if the booking would be refused."""
    today = today or ctx.today()
    policy = agency_policy(ctx)
    calendar = working_day_calendar(ctx)
    with ctx.read() as session:
        meeting, case_row = _refuse_if_not_bookable(session, ctx, case_id, meeting_id)
        due = paper_deadline(meeting.date, policy.papers_deadline_wd, calendar)
        problems = [
            paper_problem(paper_label(p.paper_type), due, p.received_on, today) for p in case_row.papers
        ]
        needed = {p.paper_type for p in case_row.papers}
        for code in required_papers_in(session, ctx.agency_id, case_row.case_type):
            if code not in needed:
                problems.append(paper_problem(paper_label(code), due, None, today))
    warnings = [p for p in problems if p]
    quorum = meeting_quorum(ctx, meeting_id).overall
    if not quorum.quorate:
        warnings.append("The sitting is not quorate yet. " + " ".join(quorum.reasons))
    elif quorum.at_bare_minimum:
        warnings.append(
            f"The sitting is at bare quorum for this case ({quorum.members_counted} members, "
            f"{quorum.required} needed): good practice books one member more."
        )
    return tuple(warnings)


def book_case(
    ctx: ServiceContext,
    case_id: int,
    meeting_id: int,
    applicants_attend: bool | None = None,
    today: date | None = None,
) -> BookingResult:
    """Book the case onto the sitting and add its slot at the end of the agenda."""
    warnings = booking_warnings(ctx, case_id, meeting_id, today)
    policy = agency_policy(ctx)
    calendar = working_day_calendar(ctx)
    with ctx.write(Permission.EDIT_CASES, "Case booked onto a sitting") as session:
        meeting, case_row = _refuse_if_not_bookable(session, ctx, case_id, meeting_id)
        usually = case_types.get(case_row.case_type).applicants_attend
        attend = applicants_attend if applicants_attend is not None else usually
        sequence = max((h.sequence for h in case_row.hearings), default=0) + 1
        hearing = Hearing(
            case=case_row,
            meeting_id=meeting.id,
            sequence=sequence,
            status=ACTIVE_HEARING,
            applicants_attend=attend,
            chaired_by_id=meeting.panel.chair_id,
            updated_by=ctx.user.username,
        )
        session.add(hearing)
        session.flush()
        ensure_checklist(session, case_row)
        set_deadlines(case_row, hearing.id, meeting.date, policy, calendar)
        position = session.scalar(
            select(func.max(AgendaItem.position)).where(AgendaItem.meeting_id == meeting.id)
        )
        session.add(
            AgendaItem(
                meeting_id=meeting.id,
                position=(position or 0) + 1,
                kind="case",
                hearing_id=hearing.id,
                duration_minutes=slot_minutes_for(session, ctx.agency_id, case_row.case_type, attend),
                chair_member_id=meeting.panel.chair_id,
            )
        )
        case_row.status = CaseStatus.BOOKED.value
        case_row.updated_by = ctx.user.username
        touch_meeting(meeting, ctx.user.username)
        session.flush()
        return BookingResult(hearing.id, meeting.id, sequence, warnings)


def unbook_case(ctx: ServiceContext, hearing_id: int) -> None:
    """Take a booked case off a sitting (its slot leaves the agenda; its papers keep their dates)."""
    with ctx.write(Permission.EDIT_CASES, "Case taken off a sitting") as session:
        hearing = session.get(Hearing, hearing_id)
        if hearing is None or hearing.case.agency_id != ctx.agency_id:
            raise NotFound("That booking no longer exists.")
        if hearing.status != ACTIVE_HEARING:
            raise ValidationError(
                f"Case {hearing.case.reference} has already been heard at that sitting, "
                "so it cannot be taken off it."
            )
        _delete_what_hangs_on(session, hearing_id)
        for paper in session.scalars(select(CasePaper).where(CasePaper.hearing_id == hearing_id)):
            paper.hearing_id = None
        case_row = hearing.case
        touch_meeting(hearing.meeting, ctx.user.username)
        session.delete(hearing)
        session.flush()
        if not any(h.status == ACTIVE_HEARING for h in case_row.hearings if h is not hearing):
            case_row.status = CaseStatus.OPEN.value
            case_row.updated_by = ctx.user.username


def _delete_what_hangs_on(session: Session, hearing_id: int) -> None:
    """Delete the hearing's own rows one by one, so the audit trail records each (issue 18,
    failure 8: its typed minutes section went by the database's cascade, unaudited on SQLite)."""
    decisions = select(AdmDecisionRecord.id).where(AdmDecisionRecord.hearing_id == hearing_id)
    children: list[Any] = [
        select(AdmFurtherInformation).where(AdmFurtherInformation.adm_decision_id.in_(decisions)),
        *(
            select(model).where(model.hearing_id == hearing_id)
            for model in (
                AgendaItem, MinutesSection, Grading, CaseDeclaration, Recommendation, AdmDecisionRecord,
            )
        ),
    ]  # fmt: skip
    for query in children:
        for row in session.scalars(query):
            session.delete(row)
    session.flush()  # before the hearing goes: each row is audited, none left to the cascade


def touch_meeting(meeting: Meeting, username: str) -> None:
    """Bump the sitting's version: someone else's open agenda is now out of date."""
    meeting.updated_at = utcnow()
    meeting.updated_by = username


def slot_minutes_for(session: Session, agency_id: int, case_type: str, applicants_attend: bool) -> int:
    """The agency's slot for the case type (Settings), else the case type's default."""
    setting = session.scalar(
        select(CaseTypeSetting)
        .where(CaseTypeSetting.agency_id == agency_id)
        .where(CaseTypeSetting.case_type == case_type)
    )
    base = setting.slot_minutes if setting else case_types.get(case_type).slot_minutes
    extra = setting.applicants_extra_minutes if setting else case_types.DEFAULT_APPLICANTS_EXTRA_MINUTES
    return case_slot_minutes(base, applicants_attend, extra)


def _refuse_if_not_bookable(
    session: Session, ctx: ServiceContext, case_id: int, meeting_id: int
) -> tuple[Meeting, Case]:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or meeting.panel.agency_id != ctx.agency_id:
        raise NotFound("That sitting no longer exists.")
    case_row = session.get(Case, case_id)
    if case_row is None or case_row.agency_id != ctx.agency_id:
        raise NotFound("That case is no longer in the register.")
    sitting = f"{meeting.panel.name} on {uk_date(meeting.date)}"
    if meeting.status == "cancelled":
        raise ValidationError(f"{sitting} is cancelled. Choose another sitting.")
    if meeting.status == "held":
        raise ValidationError(f"{sitting} has already been held. Choose a sitting still to come.")
    for hearing in case_row.hearings:
        if hearing.meeting_id == meeting.id:
            raise ValidationError(f"Case {case_row.reference} is already booked onto {sitting}.")
        if hearing.status == ACTIVE_HEARING:
            other = f"{hearing.meeting.panel.name} on {uk_date(hearing.meeting.date)}"
            raise ValidationError(
                f"Case {case_row.reference} is already booked onto {other}. "
                "Take it off that sitting first if it is to move."
            )
    last_heard = [h for h in case_row.hearings if h.status == "heard"]
    if last_heard:
        outcome = session.scalar(
            select(Recommendation.outcome).where(Recommendation.hearing_id == last_heard[-1].id)
        )
        if outcome != "deferred":
            said = f"the panel's recommendation was {outcome.replace('_', ' ')}" if outcome else "no deferral"
            raise ValidationError(
                f"Case {case_row.reference} has already been heard ({said}). "
                "Only a deferred case comes back to panel."
            )
    booked = session.scalar(
        select(func.count(Hearing.id))
        .where(Hearing.meeting_id == meeting.id)
        .where(Hearing.status != "withdrawn")
    )
    if (booked or 0) >= meeting.panel.max_cases:
        raise ValidationError(
            f"{sitting} already has {booked} cases booked, the most {meeting.panel.name} hears "
            f"(maximum {meeting.panel.max_cases}). Book the case onto another sitting."
        )
    first = case_types.get(case_row.case_type).papers_before_booking
    if first is not None:
        received = {p.paper_type for p in case_row.papers if p.received_on is not None}
        lacking = [paper_label(code) for code in first.papers if code not in received]
        if lacking:
            raise ValidationError(f"{first.refusal} Not received yet: {', '.join(lacking)}.")
    return meeting, case_row
