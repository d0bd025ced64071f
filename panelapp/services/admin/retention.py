"""Retention: anonymise personal details of cases closed longer than the policy allows.

What identifies people goes (household names, children's names, initials and dates of
birth, social workers, paper authors, the words of minutes, reasons and notes); what the
statistics need stays (case type, local authority, locality, sittings, outcomes, votes,
grades, ADM decisions and dates). Always previewed before it is applied.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import (
    Agency,
    Case,
    CaseChild,
    CasePaper,
    Grading,
    Hearing,
    Meeting,
    MinutesSection,
    Recommendation,
    SocialWorker,
    WithheldName,
)
from panelapp.domain.permissions import Permission
from panelapp.services.admin.retention_audit import anonymise_history
from panelapp.services.context import ServiceContext

REMOVED = "[anonymised under the retention policy]"
FINISHED_STATUSES = ("decided", "closed", "withdrawn")


@dataclass(frozen=True)
class RetentionItem:
    case_id: int
    reference: str
    case_type: str
    last_activity: date
    children: int
    social_workers: int
    minutes_sections: int


def _cut_off(as_of: date, years: int) -> date:
    try:
        return as_of.replace(year=as_of.year - years)
    except ValueError:  # 29 February
        return as_of.replace(year=as_of.year - years, day=28)


def _due(session: Session, agency_id: int, as_of: date) -> list[RetentionItem]:
    years = session.scalar(select(Agency.retention_years).where(Agency.id == agency_id))
    if years is None:
        years = 25
    cut_off = _cut_off(as_of, years)
    last_heard = (
        select(Hearing.case_id, func.max(Meeting.date).label("last"))
        .join(Meeting, Meeting.id == Hearing.meeting_id)
        .group_by(Hearing.case_id)
        .subquery()
    )
    last_activity = func.coalesce(Case.closed_on, last_heard.c.last)
    children = select(func.count(CaseChild.id)).where(CaseChild.case_id == Case.id).scalar_subquery()
    workers = select(func.count(SocialWorker.id)).where(SocialWorker.case_id == Case.id).scalar_subquery()
    sections = (
        select(func.count(MinutesSection.id))
        .join(Hearing, Hearing.id == MinutesSection.hearing_id)
        .where(Hearing.case_id == Case.id)
        .scalar_subquery()
    )
    rows = session.execute(
        select(Case.id, Case.reference, Case.case_type, last_activity, children, workers, sections)
        .outerjoin(last_heard, last_heard.c.case_id == Case.id)
        .where(Case.agency_id == agency_id)
        .where(Case.anonymised_on.is_(None))
        .where(Case.status.in_(FINISHED_STATUSES))
        .where(last_activity < cut_off)
        .order_by(last_activity, Case.reference)
    ).all()
    return [RetentionItem(*row) for row in rows]


def retention_preview(ctx: ServiceContext, as_of: date | None = None) -> list[RetentionItem]:
    """The cases that applying the policy today would anonymise, and what each holds."""
    ctx.require(Permission.EDIT_SETTINGS)
    with ctx.read() as session:
        return _due(session, ctx.agency_id, as_of or ctx.today())


def apply_retention(ctx: ServiceContext, as_of: date | None = None) -> list[RetentionItem]:
    """Anonymise every case the preview lists, in one transaction."""
    as_of = as_of or ctx.today()
    with ctx.write(Permission.EDIT_SETTINGS, "Retention policy applied") as session:
        items = _due(session, ctx.agency_id, as_of)
        ids = [item.case_id for item in items]
        if not ids:
            return []
        hearing_ids = select(Hearing.id).where(Hearing.case_id.in_(ids))
        # ORM-level updates so the audit trail records each change.
        for case in session.scalars(select(Case).where(Case.id.in_(ids))):
            case.household = REMOVED if case.household else ""
            case.notes = ""
            case.anonymised_on = as_of
        for child in session.scalars(select(CaseChild).where(CaseChild.case_id.in_(ids))):
            child.full_name, child.initials, child.date_of_birth = "", "", None
        for worker in session.scalars(select(SocialWorker).where(SocialWorker.case_id.in_(ids))):
            session.delete(worker)
        for paper in session.scalars(select(CasePaper).where(CasePaper.case_id.in_(ids))):
            paper.author, paper.note = "", ""
        for grading in session.scalars(select(Grading).where(Grading.hearing_id.in_(hearing_ids))):
            grading.strengths = grading.development = grading.author = ""
        for rec in session.scalars(select(Recommendation).where(Recommendation.hearing_id.in_(hearing_ids))):
            rec.reasons = REMOVED if rec.reasons else ""
            rec.advice = rec.advice_needs = rec.deferral_needed = ""
        for section in session.scalars(
            select(MinutesSection).where(MinutesSection.hearing_id.in_(hearing_ids))
        ):
            section.body = REMOVED
        for hearing in session.scalars(select(Hearing).where(Hearing.id.in_(hearing_ids))):
            hearing.presenters = ""
        for withheld in session.scalars(select(WithheldName).where(WithheldName.case_id.in_(ids))):
            withheld.name = REMOVED
        session.flush()
        # The old values live on in the audit trail and the saved minutes versions: those go too.
        anonymise_history(session, ids, REMOVED, f"Retention policy applied to {len(ids)} case(s)")
        return items
