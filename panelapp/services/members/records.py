"""The central list: read and save members (roles, panels, status history).

The one-query listing is in `listing`; compliance records (DBS, appraisals, training,
declarations) are in `compliance`, statistics in `statistics`, files in `transfer`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import (
    LocalAuthority,
    Member,
    MemberPanel,
    MemberRole,
    MemberStatusPeriod,
    Panel,
    TrainingAttendance,
    TrainingEvent,
    utcnow,
)
from panelapp.domain.membership import member_field_errors, sorted_roles
from panelapp.domain.permissions import Permission
from panelapp.domain.vocab import MemberStatus
from panelapp.services.context import ServiceContext, check_version
from panelapp.services.errors import NotFound, ValidationError


@dataclass(frozen=True)
class StatusHistoryEntry:
    id: int
    status: str
    start: date
    end: date | None
    note: str


@dataclass(frozen=True)
class DbsEntry:
    id: int
    checked_on: date
    reference: str


@dataclass(frozen=True)
class AppraisalEntry:
    id: int
    held_on: date
    chaired_by: str
    adviser: str
    notes: str


@dataclass(frozen=True)
class TrainingEntry:
    event_id: int
    title: str
    held_on: date


@dataclass(frozen=True)
class DeclarationEntry:
    id: int
    declared_on: date
    description: str
    ended_on: date | None
    active: bool


@dataclass(frozen=True)
class MemberInput:
    """What the edit dialog (or an import row) gives to save a member."""

    first_name: str
    last_name: str
    roles: tuple[str, ...]
    title: str = ""
    email: str | None = None
    phone: str = ""
    address: str = ""
    home_panel_id: int | None = None
    covered_panel_ids: tuple[int, ...] = ()
    qualified_on: date | None = None
    joined_on: date | None = None
    notice_given_on: date | None = None
    local_authority_id: int | None = None
    # Start of relevant post-qualifying experience (reg 6); None means from qualifying.
    relevant_experience_from: date | None = None
    gender: str | None = None
    ethnicity: str | None = None
    lived_experience: str | None = None
    notes: str = ""


@dataclass(frozen=True)
class MemberDetail:
    id: int
    version: int
    details: MemberInput
    statuses: tuple[StatusHistoryEntry, ...]
    dbs_checks: tuple[DbsEntry, ...]
    appraisals: tuple[AppraisalEntry, ...]
    training: tuple[TrainingEntry, ...]
    declarations: tuple[DeclarationEntry, ...]
    role_history: tuple[tuple[str, date | None, date | None], ...] = field(default=())
    dbs_update_service_id: str = ""  # DBS Update Service subscription
    dbs_update_checked_on: date | None = None  # its last online status check

    @property
    def name(self) -> str:
        d = self.details
        return " ".join(p for p in (d.title, d.first_name, d.last_name) if p)


@dataclass(frozen=True)
class Choice:
    id: int
    name: str


@dataclass(frozen=True)
class MemberChoices:
    panels: tuple[Choice, ...]
    councils: tuple[Choice, ...]


def member_choices(ctx: ServiceContext) -> MemberChoices:
    """Panels and councils the edit dialog offers."""
    with ctx.read() as session:
        panels = session.execute(
            select(Panel.id, Panel.name).where(Panel.agency_id == ctx.agency_id).order_by(Panel.name)
        ).all()
        councils = session.execute(
            select(LocalAuthority.id, LocalAuthority.name)
            .where(LocalAuthority.agency_id == ctx.agency_id)
            .order_by(LocalAuthority.name)
        ).all()
    return MemberChoices(tuple(Choice(i, n) for i, n in panels), tuple(Choice(i, n) for i, n in councils))


def _load(session: Session, ctx: ServiceContext, member_id: int) -> Member:
    member = session.get(Member, member_id)
    if member is None or member.agency_id != ctx.agency_id:
        raise NotFound("That member is no longer on the central list.")
    return member


def get_member(ctx: ServiceContext, member_id: int, today: date | None = None) -> MemberDetail:
    today = today or ctx.today()
    with ctx.read() as session:
        m = _load(session, ctx, member_id)
        current = [
            r.role
            for r in m.roles
            if (r.from_date is None or r.from_date <= today) and (r.to_date is None or r.to_date >= today)
        ]
        details = MemberInput(
            first_name=m.first_name,
            last_name=m.last_name,
            roles=tuple(sorted_roles(current)),
            title=m.title or "",
            email=m.email,
            phone=m.phone or "",
            address=m.address or "",
            home_panel_id=m.home_panel_id,
            covered_panel_ids=tuple(sorted(p.panel_id for p in m.panels)),
            qualified_on=m.qualified_on,
            joined_on=m.joined_on,
            notice_given_on=m.notice_given_on,
            local_authority_id=m.local_authority_id,
            relevant_experience_from=m.relevant_experience_from,
            gender=m.gender,
            ethnicity=m.ethnicity,
            lived_experience=m.lived_experience,
            notes=m.notes or "",
        )
        training = session.execute(
            select(TrainingEvent.id, TrainingEvent.title, TrainingEvent.held_on)
            .join(TrainingAttendance, TrainingAttendance.event_id == TrainingEvent.id)
            .where(TrainingAttendance.member_id == member_id)
            .order_by(TrainingEvent.held_on.desc())
        ).all()
        return MemberDetail(
            id=m.id,
            version=m.version,
            details=details,
            statuses=tuple(
                StatusHistoryEntry(s.id, s.status, s.start_date, s.end_date, s.note or "") for s in m.statuses
            ),
            dbs_checks=tuple(DbsEntry(d.id, d.checked_on, d.reference or "") for d in reversed(m.dbs_checks)),
            appraisals=tuple(
                AppraisalEntry(a.id, a.held_on, a.chaired_by or "", a.adviser or "", a.notes or "")
                for a in reversed(m.appraisals)
            ),
            training=tuple(TrainingEntry(t[0], t[1], t[2]) for t in training),
            declarations=tuple(
                DeclarationEntry(d.id, d.declared_on, d.description, d.ended_on, d.active)
                for d in sorted(m.declarations, key=lambda d: d.declared_on, reverse=True)
            ),
            role_history=tuple((r.role, r.from_date, r.to_date) for r in m.roles),
            dbs_update_service_id=m.dbs_update_service_id or "",
            dbs_update_checked_on=m.dbs_update_checked_on,
        )


def validate_member(ctx: ServiceContext, data: MemberInput, member_id: int | None, today: date) -> None:
    errors = member_field_errors(
        last_name=data.last_name,
        email=data.email,
        roles=data.roles,
        qualified_on=data.qualified_on,
        joined_on=data.joined_on,
        today=today,
    )
    experience = data.relevant_experience_from
    if experience is not None and experience > today:
        errors["relevant_experience_from"] = "This date is in the future."
    elif experience is not None and data.qualified_on is not None and experience < data.qualified_on:
        errors["relevant_experience_from"] = (
            "Post-qualifying experience starts on or after the qualification date "
            f"({data.qualified_on:%d/%m/%Y})."
        )
    if data.email and "email" not in errors:
        with ctx.read() as session:
            clash = session.scalar(
                select(Member.first_name + " " + Member.last_name)
                .where(Member.agency_id == ctx.agency_id)
                .where(func.lower(Member.email) == data.email.strip().lower())
                .where(Member.id != (member_id or -1))
            )
        if clash:
            errors["email"] = f"{clash} already uses this email address."
    if errors:
        raise ValidationError("Please correct the details marked.", errors)


def apply_member_input(session: Session, member: Member, data: MemberInput, today: date) -> None:
    """Copy the details onto the row; roles no longer held end today (history is kept)."""
    member.title = data.title.strip()
    member.first_name = data.first_name.strip()
    member.last_name = data.last_name.strip()
    member.email = data.email.strip() if data.email and data.email.strip() else None
    member.phone = data.phone.strip()
    member.address = data.address
    member.home_panel_id = data.home_panel_id
    member.qualified_on = data.qualified_on
    member.relevant_experience_from = data.relevant_experience_from
    member.joined_on = data.joined_on
    member.notice_given_on = data.notice_given_on
    member.local_authority_id = data.local_authority_id
    member.gender = data.gender or None
    member.ethnicity = data.ethnicity or None
    member.lived_experience = data.lived_experience or None
    member.notes = data.notes
    wanted = set(data.roles)
    held = set()
    for role in member.roles:
        current = role.to_date is None or role.to_date >= today
        if not current:
            continue
        if role.role in wanted:
            held.add(role.role)
        elif role.from_date is not None and role.from_date >= today:
            member.roles.remove(role)  # started today by mistake: no history to keep
        else:
            role.to_date = today - timedelta(days=1)
    start = data.joined_on if member.id is None and data.joined_on and data.joined_on <= today else today
    for code in sorted_roles(wanted - held):
        member.roles.append(MemberRole(role=code, from_date=start))
    covered = set(data.covered_panel_ids) - {data.home_panel_id}
    member.panels = [p for p in member.panels if p.panel_id in covered]
    have = {p.panel_id for p in member.panels}
    member.panels.extend(MemberPanel(panel_id=pid) for pid in sorted(covered - have))


def save_member(
    ctx: ServiceContext,
    member_id: int | None,
    data: MemberInput,
    expected_version: int | None = None,
    today: date | None = None,
) -> int:
    """Add (member_id None) or update a member; a stale version raises ConflictError."""
    today = today or ctx.today()
    validate_member(ctx, data, member_id, today)
    summary = f"{'Added' if member_id is None else 'Edited'} member {data.first_name} {data.last_name}"
    with ctx.write(Permission.EDIT_MEMBERS, summary) as session:
        if member_id is None:
            member = Member(agency_id=ctx.agency_id, first_name="", last_name="")
            member.statuses = [
                MemberStatusPeriod(
                    status=MemberStatus.ACTIVE.value, start_date=data.joined_on or today, note=""
                )
            ]
            session.add(member)
        else:
            member = _load(session, ctx, member_id)
            check_version(member, expected_version, "member")
        apply_member_input(session, member, data, today)
        session.flush()
        return member.id


def touch(member: Member) -> None:
    """A change to a member's history is a change to the member: bump its version."""
    member.updated_at = utcnow()


def add_status_period(
    ctx: ServiceContext,
    member_id: int,
    status: str,
    start: date,
    note: str = "",
    end: date | None = None,
    notice_given_on: date | None = None,
    expected_version: int | None = None,
) -> None:
    """Start a new status (on leave, back to active, left). Earlier periods are closed, never edited away."""
    try:
        MemberStatus(status)
    except ValueError:
        raise ValidationError(f'"{status}" is not a member status.', {"status": "Choose a status."}) from None
    if end is not None and end < start:
        raise ValidationError("The period ends before it starts.", {"end": "Ends before it starts."})
    with ctx.write(Permission.EDIT_MEMBERS, f"Status change: {status}") as session:
        member = _load(session, ctx, member_id)
        check_version(member, expected_version, "member")
        later = [p for p in member.statuses if p.start_date >= start]
        if later:
            raise ValidationError(
                "A later status is already recorded from "
                f"{max(p.start_date for p in later):%d/%m/%Y}: status history is never rewritten.",
                {"start": "Must be after the last status change."},
            )
        for period in member.statuses:
            if period.end_date is None or period.end_date >= start:
                period.end_date = start - timedelta(days=1)
        member.statuses.append(
            MemberStatusPeriod(status=status, start_date=start, end_date=end, note=note.strip())
        )
        if end is not None and status != MemberStatus.LEFT:
            # Back to active the day after a leave with a known end.
            member.statuses.append(
                MemberStatusPeriod(status="active", start_date=end + timedelta(days=1), note="")
            )
        if status == MemberStatus.LEFT and notice_given_on is not None:
            member.notice_given_on = notice_given_on
        touch(member)
