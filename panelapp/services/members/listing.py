"""The central list in one query: roles, panels, status and latest compliance aggregated in SQL."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, String, cast, func, select
from sqlalchemy.orm import Session

from db.models import (
    Appraisal,
    DbsCheck,
    LocalAuthority,
    Member,
    MemberPanel,
    MemberRole,
    MemberStatusPeriod,
    Panel,
)
from panelapp.domain.membership import (
    Compliance,
    StatusPeriod,
    appraisal_due,
    compliance_label,
    compliance_state,
    current_status,
    dbs_recheck_due,
    needs_compliance,
    role_labels,
    sorted_roles,
    status_words,
    surname_key,
)
from panelapp.domain.policy import AgencyPolicy
from panelapp.domain.quorum import pqe_years
from panelapp.domain.vocab import Role
from panelapp.services.agency.setup import agency_policy
from panelapp.services.context import ServiceContext

FIELD_SEP = "\x1f"  # inside one aggregated status entry
ENTRY_SEP = "\x1e"  # between aggregated entries


@dataclass(frozen=True)
class MemberRow:
    """One line of the central list, with everything the table, search and filters need."""

    id: int
    version: int
    title: str
    first_name: str
    last_name: str
    email: str
    roles: tuple[str, ...]
    home_panel: str
    panels: tuple[str, ...]  # home panel first, then the panels covered
    status: str
    status_note: str
    qualified_on: date | None
    pqe: float | None  # social work members only
    joined_on: date | None
    dbs_date: date | None
    dbs_due: date | None
    dbs_state: Compliance
    appraisal_date: date | None
    appraisal_due: date | None
    appraisal_state: Compliance
    council: str = ""

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.title, self.first_name, self.last_name) if p)

    @property
    def roles_text(self) -> str:
        return role_labels(self.roles)

    @property
    def status_text(self) -> str:
        return status_words(self.status, self.status_note)

    @property
    def overdue_count(self) -> int:
        return sum(s.needs_action for s in (self.dbs_state, self.appraisal_state))

    @property
    def due_soon_count(self) -> int:
        return sum(s == Compliance.DUE_SOON for s in (self.dbs_state, self.appraisal_state))

    @property
    def compliance_text(self) -> str:
        parts = [
            compliance_label("DBS", self.dbs_state, self.dbs_due),
            compliance_label("Appraisal", self.appraisal_state, self.appraisal_due),
        ]
        return "; ".join(p for p in parts if p)

    def search_text(self) -> str:
        """Everything the search box looks in, lower case."""
        return " ".join(
            (
                self.name,
                self.email,
                self.roles_text,
                " ".join(self.roles),
                " ".join(self.panels),
                self.status_text,
                self.compliance_text,
            )
        ).casefold()


def _current_role_filter(today: date) -> list[ColumnElement[bool]]:
    return [
        (MemberRole.from_date.is_(None)) | (MemberRole.from_date <= today),
        (MemberRole.to_date.is_(None)) | (MemberRole.to_date >= today),
    ]


def _parse_statuses(text: str | None) -> list[StatusPeriod]:
    periods = []
    for entry in (text or "").split(ENTRY_SEP):
        if not entry:
            continue
        status, start, end, note = [*entry.split(FIELD_SEP), "", "", "", ""][:4]
        periods.append(
            StatusPeriod(
                status, date.fromisoformat(start[:10]), date.fromisoformat(end[:10]) if end else None, note
            )
        )
    return periods


def status_periods(session: Session, agency_id: int) -> dict[int, list[StatusPeriod]]:
    """Every member's status history (active, on leave, left), for the statistics and the report."""
    periods: dict[int, list[StatusPeriod]] = {}
    for member_id, status, start, end, note in session.execute(
        select(
            MemberStatusPeriod.member_id,
            MemberStatusPeriod.status,
            MemberStatusPeriod.start_date,
            MemberStatusPeriod.end_date,
            MemberStatusPeriod.note,
        )
        .join(Member, Member.id == MemberStatusPeriod.member_id)
        .where(Member.agency_id == agency_id)
    ):
        periods.setdefault(member_id, []).append(StatusPeriod(status, start, end, note or ""))
    return periods


def list_members(ctx: ServiceContext, today: date | None = None) -> list[MemberRow]:
    """The whole central list in one query (roles, panels, status and compliance aggregated in SQL)."""
    today = today or ctx.today()
    policy = agency_policy(ctx)
    with ctx.read() as session:
        rows = session.execute(_list_query(ctx.agency_id, today)).all()
    return sorted(
        (_row_from(r, today, policy) for r in rows), key=lambda m: surname_key(m.first_name, m.last_name)
    )


def _list_query(agency_id: int, today: date) -> Select[*tuple[Any, ...]]:
    # Each aggregate over the agency's members only, not every agency's (a national database).
    ours = select(Member.id).where(Member.agency_id == agency_id).scalar_subquery()
    roles = (
        select(MemberRole.member_id, func.aggregate_strings(MemberRole.role, ";").label("roles"))
        .where(*_current_role_filter(today), MemberRole.member_id.in_(ours))
        .group_by(MemberRole.member_id)
        .subquery()
    )
    covered = (
        select(MemberPanel.member_id, func.aggregate_strings(Panel.name, ENTRY_SEP).label("panels"))
        .join(Panel, Panel.id == MemberPanel.panel_id)
        .where(MemberPanel.member_id.in_(ours))
        .group_by(MemberPanel.member_id)
        .subquery()
    )
    entry = (
        MemberStatusPeriod.status
        + FIELD_SEP
        + cast(MemberStatusPeriod.start_date, String)
        + FIELD_SEP
        + func.coalesce(cast(MemberStatusPeriod.end_date, String), "")
        + FIELD_SEP
        + func.coalesce(MemberStatusPeriod.note, "")
    )
    statuses = (
        select(MemberStatusPeriod.member_id, func.aggregate_strings(entry, ENTRY_SEP).label("statuses"))
        .where(MemberStatusPeriod.member_id.in_(ours))
        .group_by(MemberStatusPeriod.member_id)
        .subquery()
    )
    dbs = (
        select(DbsCheck.member_id, func.max(DbsCheck.checked_on).label("last"))
        .where(DbsCheck.member_id.in_(ours))
        .group_by(DbsCheck.member_id)
        .subquery()
    )
    appraisals = (
        select(Appraisal.member_id, func.max(Appraisal.held_on).label("last"))
        .where(Appraisal.member_id.in_(ours))
        .group_by(Appraisal.member_id)
        .subquery()
    )
    query: Select[*tuple[Any, ...]] = (
        select(
            Member.id,
            Member.version,
            Member.title,
            Member.first_name,
            Member.last_name,
            Member.email,
            Member.qualified_on,
            Member.joined_on,
            Panel.name,
            LocalAuthority.name,
            roles.c.roles,
            covered.c.panels,
            statuses.c.statuses,
            dbs.c.last,
            appraisals.c.last,
        )
        .outerjoin(Panel, Panel.id == Member.home_panel_id)
        .outerjoin(LocalAuthority, LocalAuthority.id == Member.local_authority_id)
        .outerjoin(roles, roles.c.member_id == Member.id)
        .outerjoin(covered, covered.c.member_id == Member.id)
        .outerjoin(statuses, statuses.c.member_id == Member.id)
        .outerjoin(dbs, dbs.c.member_id == Member.id)
        .outerjoin(appraisals, appraisals.c.member_id == Member.id)
        .where(Member.agency_id == agency_id)
        .order_by(Member.last_name, Member.first_name, Member.id)
    )
    return query


def _as_date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _row_from(r: Sequence[object], today: date, policy: AgencyPolicy) -> MemberRow:
    (
        mid,
        version,
        title,
        first,
        last,
        email,
        qualified,
        joined,
        home,
        council,
        roles_text,
        covered_text,
        statuses_text,
        dbs_last,
        appraisal_last,
    ) = r
    roles = tuple(sorted_roles(str(roles_text).split(";"))) if roles_text else ()
    status = current_status(_parse_statuses(statuses_text), today)  # type: ignore[arg-type]
    covered = sorted(p for p in str(covered_text or "").split(ENTRY_SEP) if p and p != home)
    panels = ((str(home),) if home else ()) + tuple(covered)
    dbs_date, appraisal_date = _as_date(dbs_last), _as_date(appraisal_last)
    joined_on, qualified_on = _as_date(joined), _as_date(qualified)
    tracked = needs_compliance(roles, status.status)
    dbs_due = dbs_recheck_due(dbs_date, policy.dbs_recheck_years) if dbs_date else None
    app_due = appraisal_due(appraisal_date, joined_on, policy.appraisal_interval_months)
    return MemberRow(
        id=int(mid),  # type: ignore[call-overload]
        version=int(version),  # type: ignore[call-overload]
        title=str(title or ""),
        first_name=str(first or ""),
        last_name=str(last or ""),
        email=str(email or ""),
        roles=roles,
        home_panel=str(home or ""),
        panels=panels,
        status=status.status,
        status_note=status.note,
        qualified_on=qualified_on,
        pqe=pqe_years(qualified_on, today) if Role.SOCIAL_WORKER in roles else None,
        joined_on=joined_on,
        dbs_date=dbs_date,
        dbs_due=dbs_due,
        dbs_state=compliance_state(dbs_due, today) if tracked else Compliance.NOT_NEEDED,
        appraisal_date=appraisal_date,
        appraisal_due=app_due,
        appraisal_state=compliance_state(app_due, today) if tracked else Compliance.NOT_NEEDED,
        council=str(council or ""),
    )
