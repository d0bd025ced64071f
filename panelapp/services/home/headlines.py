"""The Home view's figures: what is coming up and what needs attention."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import func, select

from db.models import AdmDecisionRecord, Case, Hearing, Meeting, Member, MemberStatusPeriod, Panel
from panelapp.services.context import ServiceContext


@dataclass(frozen=True)
class SittingRow:
    meeting_id: int
    panel: str
    date: date
    start: time
    status: str
    cases_booked: int


@dataclass(frozen=True)
class Overview:
    members_active: int
    cases_open: int
    awaiting_adm: int
    upcoming: list[SittingRow]


def overview(ctx: ServiceContext, today: date | None = None, limit: int = 12) -> Overview:
    today = today or ctx.today()
    agency_id = ctx.agency_id
    with ctx.read() as session:
        current_status = (
            select(MemberStatusPeriod.member_id)
            .where(MemberStatusPeriod.status == "active")
            .where(MemberStatusPeriod.start_date <= today)
            .where((MemberStatusPeriod.end_date.is_(None)) | (MemberStatusPeriod.end_date >= today))
        )
        members_active = session.scalar(
            select(func.count(Member.id))
            .where(Member.agency_id == agency_id)
            .where(Member.id.in_(current_status))
        )
        cases_open = session.scalar(
            select(func.count(Case.id))
            .where(Case.agency_id == agency_id)
            .where(Case.status.in_(("open", "booked", "awaiting_decision")))
        )
        awaiting = session.scalar(
            select(func.count(AdmDecisionRecord.id))
            .join(Hearing, Hearing.id == AdmDecisionRecord.hearing_id)
            .join(Case, Case.id == Hearing.case_id)
            .where(Case.agency_id == agency_id)
            .where(AdmDecisionRecord.decision == "pending")
        )
        # Counted per sitting shown (correlated), not grouped over every hearing in the database.
        booked = (
            select(func.count(Hearing.id))
            .where(Hearing.meeting_id == Meeting.id, Hearing.status != "withdrawn")
            .correlate(Meeting)
            .scalar_subquery()
        )
        rows = session.execute(
            select(Meeting.id, Panel.name, Meeting.date, Meeting.start_time, Meeting.status, booked)
            .join(Panel, Panel.id == Meeting.panel_id)
            .where(Panel.agency_id == agency_id)
            .where(Meeting.date >= today)
            .order_by(Meeting.date, Panel.name)
            .limit(limit)
        ).all()
    return Overview(
        members_active=members_active or 0,
        cases_open=cases_open or 0,
        awaiting_adm=awaiting or 0,
        upcoming=[SittingRow(r[0], r[1], r[2], r[3], r[4], r[5] or 0) for r in rows],
    )
