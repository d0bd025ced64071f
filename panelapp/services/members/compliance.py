"""The compliance register: DBS checks, appraisals, training and standing declarations.

Records are added, never overwritten: a new DBS check or appraisal is a new row, and
a declaration that no longer applies is ended with a date.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import aliased

from db.models import (
    Appraisal,
    DbsCheck,
    Member,
    MemberRole,
    MemberStatusPeriod,
    StandingDeclaration,
    TrainingAttendance,
    TrainingEvent,
)
from panelapp.domain.fitness import dbs_certificate_number, update_service_id
from panelapp.domain.membership import PANEL_ROLES, overdue_cutoff
from panelapp.domain.permissions import Permission
from panelapp.domain.vocab import MemberStatus
from panelapp.services.agency.setup import agency_policy
from panelapp.services.context import ServiceContext, check_version
from panelapp.services.errors import NotFound, ValidationError
from panelapp.services.members.records import _load, touch


def _check_date(value: date | None, field: str, today: date, what: str) -> date:
    if value is None:
        raise ValidationError(f"The {what} date is needed.", {field: "A date is needed here."})
    if value > today:
        raise ValidationError(f"The {what} date is in the future.", {field: "This date is in the future."})
    return value


def record_dbs_check(
    ctx: ServiceContext,
    member_id: int,
    checked_on: date | None,
    reference: str,
    expected_version: int | None = None,
    today: date | None = None,
) -> None:
    """A new DBS certificate: its date and its 12-digit number (spaces typed are dropped)."""
    today = today or ctx.today()
    _check_date(checked_on, "checked_on", today, "DBS check")
    try:
        number = dbs_certificate_number(reference)
    except ValueError as exc:
        raise ValidationError(f"The DBS check was not saved: {exc}", {"reference": str(exc)}) from None
    with ctx.write(Permission.EDIT_MEMBERS, "DBS check recorded") as session:
        member = _load(session, ctx, member_id)
        check_version(member, expected_version, "member")
        member.dbs_checks.append(DbsCheck(checked_on=checked_on, reference=number))
        touch(member)


def record_update_service(
    ctx: ServiceContext,
    member_id: int,
    subscription_id: str,
    checked_on: date | None,
    expected_version: int | None = None,
    today: date | None = None,
) -> None:
    """The member's DBS Update Service subscription and its latest online status check.

    An empty subscription id records that the member no longer subscribes (the check date
    goes with it). A status check is made at least every UPDATE_SERVICE_RECHECK_MONTHS.
    """
    today = today or ctx.today()
    try:
        cleaned = update_service_id(subscription_id)
    except ValueError as exc:
        raise ValidationError(
            f"The Update Service was not saved: {exc}", {"subscription_id": str(exc)}
        ) from None
    if cleaned:
        _check_date(checked_on, "update_checked_on", today, "status check")
    with ctx.write(Permission.EDIT_MEMBERS, "DBS Update Service recorded") as session:
        member = _load(session, ctx, member_id)
        check_version(member, expected_version, "member")
        member.dbs_update_service_id = cleaned
        member.dbs_update_checked_on = checked_on if cleaned else None
        touch(member)


def record_appraisal(
    ctx: ServiceContext,
    member_id: int,
    held_on: date | None,
    chaired_by: str,
    adviser: str = "",
    notes: str = "",
    expected_version: int | None = None,
    today: date | None = None,
) -> None:
    today = today or ctx.today()
    _check_date(held_on, "held_on", today, "appraisal")
    if not chaired_by.strip():
        raise ValidationError("Say who chaired the appraisal.", {"chaired_by": "Who chaired it?"})
    with ctx.write(Permission.EDIT_MEMBERS, "Appraisal recorded") as session:
        member = _load(session, ctx, member_id)
        check_version(member, expected_version, "member")
        member.appraisals.append(
            Appraisal(held_on=held_on, chaired_by=chaired_by.strip(), adviser=adviser.strip(), notes=notes)
        )
        touch(member)


def record_training(
    ctx: ServiceContext,
    title: str,
    held_on: date | None,
    member_ids: Sequence[int],
    notes: str = "",
    today: date | None = None,
) -> int:
    """One training event attended by many members, recorded at once. Returns the event id."""
    today = today or ctx.today()
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = "Give the training a title."
    if held_on is None:
        errors["held_on"] = "A date is needed here."
    elif held_on > today:
        errors["held_on"] = "Training is recorded once it has happened."
    if not member_ids:
        errors["members"] = "Tick the members who attended."
    if errors:
        raise ValidationError("Please correct the details marked.", errors)
    assert held_on is not None
    with ctx.write(Permission.EDIT_MEMBERS, f"Training recorded: {title.strip()}") as session:
        found = set(
            session.scalars(
                select(Member.id).where(Member.agency_id == ctx.agency_id).where(Member.id.in_(member_ids))
            )
        )
        missing = set(member_ids) - found
        if missing:
            raise NotFound(f"{len(missing)} of the members ticked are no longer on the central list.")
        event = TrainingEvent(agency_id=ctx.agency_id, title=title.strip(), held_on=held_on, notes=notes)
        session.add(event)
        session.flush()
        session.add_all(TrainingAttendance(event_id=event.id, member_id=mid) for mid in sorted(found))
        return event.id


def add_declaration(
    ctx: ServiceContext,
    member_id: int,
    declared_on: date | None,
    description: str,
    expected_version: int | None = None,
    today: date | None = None,
) -> None:
    today = today or ctx.today()
    _check_date(declared_on, "declared_on", today, "declaration")
    if not description.strip():
        raise ValidationError("Describe the interest declared.", {"description": "What is the interest?"})
    with ctx.write(Permission.EDIT_MEMBERS, "Standing declaration added") as session:
        member = _load(session, ctx, member_id)
        check_version(member, expected_version, "member")
        member.declarations.append(
            StandingDeclaration(declared_on=declared_on, description=description.strip(), active=True)
        )
        touch(member)


def end_declaration(ctx: ServiceContext, declaration_id: int, ended_on: date) -> None:
    with ctx.write(Permission.EDIT_MEMBERS, "Standing declaration ended") as session:
        declaration = session.get(StandingDeclaration, declaration_id)
        if declaration is None:
            raise NotFound("That declaration no longer exists.")
        member = _load(session, ctx, declaration.member_id)
        if ended_on < declaration.declared_on:
            raise ValidationError("A declaration cannot end before it was made.", {"ended_on": "Too early."})
        declaration.ended_on = ended_on
        declaration.active = False
        touch(member)


def overdue_compliance_count(ctx: ServiceContext, today: date | None = None) -> int:
    """How many DBS re-checks and appraisals are overdue (or missing), in one SQL query.

    Counts the same items the Members table marks: panel members who have not left.
    """
    today = today or ctx.today()
    policy = agency_policy(ctx)
    dbs_cutoff = overdue_cutoff(today, 12 * policy.dbs_recheck_years)
    appraisal_cutoff = overdue_cutoff(today, policy.appraisal_interval_months)
    last_dbs = (
        select(DbsCheck.member_id, func.max(DbsCheck.checked_on).label("last"))
        .group_by(DbsCheck.member_id)
        .subquery()
    )
    last_appraisal = (
        select(Appraisal.member_id, func.max(Appraisal.held_on).label("last"))
        .group_by(Appraisal.member_id)
        .subquery()
    )
    panel_role = exists().where(
        MemberRole.member_id == Member.id,
        MemberRole.role.in_(PANEL_ROLES),
        or_(MemberRole.from_date.is_(None), MemberRole.from_date <= today),
        or_(MemberRole.to_date.is_(None), MemberRole.to_date >= today),
    )
    # Matches current_status(): the covering period with the latest start decides.
    other = aliased(MemberStatusPeriod)
    latest_start = (
        select(func.max(other.start_date))
        .where(
            other.member_id == Member.id,
            other.start_date <= today,
            or_(other.end_date.is_(None), other.end_date >= today),
        )
        .correlate(Member)
        .scalar_subquery()
    )
    left_now = exists().where(
        MemberStatusPeriod.member_id == Member.id,
        MemberStatusPeriod.status == MemberStatus.LEFT.value,
        MemberStatusPeriod.start_date == latest_start,
    )
    last_started = (
        select(func.max(other.start_date))
        .where(other.member_id == Member.id, other.start_date <= today)
        .correlate(Member)
        .scalar_subquery()
    )
    left_earlier = exists().where(  # nothing covers today and the last change was leaving
        MemberStatusPeriod.member_id == Member.id,
        MemberStatusPeriod.status == MemberStatus.LEFT.value,
        MemberStatusPeriod.start_date == last_started,
        latest_start.is_(None),
    )
    dbs_overdue = case((or_(last_dbs.c.last.is_(None), last_dbs.c.last < dbs_cutoff), 1), else_=0)
    appraisal_base = func.coalesce(last_appraisal.c.last, Member.joined_on)
    appraisal_overdue = case((or_(appraisal_base.is_(None), appraisal_base < appraisal_cutoff), 1), else_=0)
    query = (
        select(func.coalesce(func.sum(dbs_overdue + appraisal_overdue), 0))
        .select_from(Member)
        .outerjoin(last_dbs, last_dbs.c.member_id == Member.id)
        .outerjoin(last_appraisal, last_appraisal.c.member_id == Member.id)
        .where(Member.agency_id == ctx.agency_id, panel_role, and_(~left_now, ~left_earlier))
    )
    with ctx.read() as session:
        return int(session.scalar(query) or 0)
