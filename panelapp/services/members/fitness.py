"""Who is fit to sit on a day, for many members at once, and the agency's warn-or-block rule.

The rule is `panelapp.domain.fitness.fitness_on`; this module gathers each member's records
in five queries whatever the number of members, and refuses (when the agency's FITNESS_RULE
is "block") to put an unfit member on a sitting.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Appraisal, DbsCheck, Member, MemberRole, MemberStatusPeriod
from panelapp.domain.fitness import ComplianceFacts, Fitness, fitness_on
from panelapp.domain.membership import StatusPeriod
from panelapp.domain.periods import uk_date
from panelapp.domain.policy import AgencyPolicy
from panelapp.services.agency.setup import agency_policy
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ValidationError

_CHUNK = 400


def fitness_for(
    session: Session, member_ids: Iterable[int], day: date, policy: AgencyPolicy
) -> dict[int, Fitness]:
    """Each member's fitness to sit on ``day`` (members not found are left out)."""
    ids = sorted(set(member_ids))
    out: dict[int, Fitness] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        for member_id, facts in _facts(session, chunk, day).items():
            out[member_id] = fitness_on(
                day, facts, policy.dbs_recheck_years, policy.appraisal_interval_months
            )
    return out


def member_fitness(ctx: ServiceContext, member_ids: Sequence[int], day: date) -> dict[int, Fitness]:
    """Fitness to sit on ``day``, for front ends (the roster, attendance, the agenda builder)."""
    policy = agency_policy(ctx)
    with ctx.read() as session:
        return fitness_for(session, member_ids, day, policy)


def refuse_if_blocked(
    session: Session, member_id: int, day: date, policy: AgencyPolicy, what: str
) -> Fitness:
    """Raise ValidationError when the agency blocks unfit members and this one is unfit on
    ``day``; otherwise return the member's fitness (a warning to show under "warn")."""
    fitness = fitness_for(session, [member_id], day, policy).get(member_id, Fitness())
    if fitness.fit or not policy.blocks_unfit_members:
        return fitness
    name = session.scalar(select(Member.first_name + " " + Member.last_name).where(Member.id == member_id))
    raise ValidationError(
        f"{name} cannot be {what} for {uk_date(day)}: {fitness.words}. The agency does not let a "
        "member sit until this is put right (Settings: a member not fit to sit). Nothing was saved."
    )


def _facts(session: Session, ids: list[int], day: date) -> dict[int, ComplianceFacts]:
    members = session.execute(
        select(Member.id, Member.joined_on, Member.dbs_update_service_id, Member.dbs_update_checked_on).where(
            Member.id.in_(ids)
        )
    ).all()
    roles: dict[int, set[str]] = {}
    for member_id, role, start, end in session.execute(
        select(MemberRole.member_id, MemberRole.role, MemberRole.from_date, MemberRole.to_date).where(
            MemberRole.member_id.in_(ids)
        )
    ):
        if (start is None or start <= day) and (end is None or end >= day):
            roles.setdefault(member_id, set()).add(role)
    dbs: dict[int, list[date]] = {}
    for member_id, checked_on in session.execute(
        select(DbsCheck.member_id, DbsCheck.checked_on).where(DbsCheck.member_id.in_(ids))
    ):
        dbs.setdefault(member_id, []).append(checked_on)
    appraisals: dict[int, list[date]] = {}
    for member_id, held_on in session.execute(
        select(Appraisal.member_id, Appraisal.held_on).where(Appraisal.member_id.in_(ids))
    ):
        appraisals.setdefault(member_id, []).append(held_on)
    statuses: dict[int, list[StatusPeriod]] = {}
    for member_id, status, start, end, note in session.execute(
        select(
            MemberStatusPeriod.member_id,
            MemberStatusPeriod.status,
            MemberStatusPeriod.start_date,
            MemberStatusPeriod.end_date,
            MemberStatusPeriod.note,
        )
        .where(MemberStatusPeriod.member_id.in_(ids))
        .order_by(MemberStatusPeriod.start_date)
    ):
        statuses.setdefault(member_id, []).append(StatusPeriod(status, start, end, note or ""))
    return {
        member_id: ComplianceFacts(
            roles=frozenset(roles.get(member_id, ())),
            dbs_checks=tuple(dbs.get(member_id, ())),
            update_service_id=update_id or "",
            update_checked_on=update_checked,
            appraisals=tuple(appraisals.get(member_id, ())),
            joined_on=joined,
            statuses=tuple(statuses.get(member_id, ())),
        )
        for member_id, joined, update_id, update_checked in members
    }
