"""Setting up a database: demo data, and the agency summary every screen header shows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from db.models import Agency, AppUser, ClosureDay
from panelapp.domain.permissions import Permission
from panelapp.domain.policy import AgencyPolicy, Section, declared
from panelapp.domain.workdays import WorkingDayCalendar
from panelapp.services.context import ServiceContext


@dataclass(frozen=True)
class AgencySummary:
    id: int
    name: str
    short_name: str
    marking: str


def has_agency(ctx: ServiceContext) -> bool:
    with ctx.read() as session:
        return bool(session.scalar(select(func.count(Agency.id))))


def load_demo_data(
    ctx: ServiceContext, seed: int = 7, years: int = 1, until: date | None = None
) -> dict[str, int] | None:
    """Fill an empty database with the invented demo agency. None if an agency exists."""
    from panelapp.demo import DemoScale, create_demo_data

    with ctx.write(Permission.EDIT_SETTINGS, "Demo data") as session:
        if session.scalar(select(func.count(Agency.id))):
            return None
        counts = create_demo_data(session, DemoScale(years=years, seed=seed, until=until))
        if not session.scalar(select(func.count(AppUser.id))):
            # whoever loads the demo administers it (the OS user, or the database login)
            user = ctx.user
            session.add(AppUser(username=user.username, display_name=user.display_name, role="administrator"))
    ctx.reset_agency()
    return counts


def agency_summary(ctx: ServiceContext) -> AgencySummary | None:
    with ctx.read() as session:
        agency = session.scalar(select(Agency).order_by(Agency.id).limit(1))
        if agency is None:
            return None
        return AgencySummary(agency.id, agency.name, agency.short_name, agency.marking)


def working_day_calendar(ctx: ServiceContext) -> WorkingDayCalendar:
    """English bank holidays plus the agency's closure days."""
    with ctx.read() as session:
        days = session.scalars(select(ClosureDay.day).where(ClosureDay.agency_id == ctx.agency_id))
        return WorkingDayCalendar(list(days))


def agency_policy(ctx: ServiceContext) -> AgencyPolicy:
    """The current agency's policy (quorum, paper deadlines, ADM clock, grading cap...)."""
    with ctx.read() as session:
        agency = session.get(Agency, ctx.agency_id)
        if agency is None:
            return AgencyPolicy()
        days = session.scalars(select(ClosureDay.day).where(ClosureDay.agency_id == agency.id))
        return policy_of(agency, days)


def policy_of(agency: Agency, closure_days: Iterable[date]) -> AgencyPolicy:
    """The policy an agency row holds (its columns are the Policy tab's declared settings)."""
    values = {s.key: getattr(agency, s.key) for s in declared(Section.POLICY)}
    return AgencyPolicy(**values, marking=agency.marking, closure_days=tuple(closure_days))
