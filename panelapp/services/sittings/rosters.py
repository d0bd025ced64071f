"""The roster of a sitting: who is invited, apologies and attendance, cover, and live quorum.

Quorum comes from panelapp.services.quorum (the one rule in panelapp.domain.quorum), so
the calendar badge, the roster and the panel day all agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time
from enum import Enum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Attendance, Meeting, Member, Panel
from panelapp.domain.permissions import Permission
from panelapp.domain.quorum import MIN_SOCIAL_WORK_PQE_YEARS, QuorumResult, pqe_years
from panelapp.domain.vocab import AttendanceStatus, MeetingStatus, Role
from panelapp.services.agency.setup import agency_policy
from panelapp.services.conflicts import lock_for_write, locked, refuse_if_changed
from panelapp.services.context import ServiceContext
from panelapp.services.errors import NotFound, ValidationError
from panelapp.services.members.fitness import fitness_for, refuse_if_blocked
from panelapp.services.sittings.meetings import MeetingRow, get_meeting_with_quorum
from panelapp.services.sittings.quorum import SITTING_STATUSES, MeetingQuorum, meeting_quorum
from panelapp.services.sittings.roster_members import STAFF_ROLE_CODES, load_availability, usual_members

# Code -> words, in the order the roster offers them (the words are the domain's).
STATUS_LABELS = {status.value: status.label for status in AttendanceStatus}


class Unchanged(Enum):
    """A time left as recorded: the roster sets a status only, the panel day its times too."""

    TIME = "time"


@dataclass(frozen=True)
class RosterEntry:
    member_id: int
    name: str
    roles: tuple[str, ...]  # role codes held on the sitting's date
    role_labels: str
    status: str
    is_cover: bool
    note: str
    home_panel: str
    fitness: str = ""  # why they are not fit to sit that day, in words; "" when fit

    @property
    def sitting(self) -> bool:
        return self.status in SITTING_STATUSES

    @property
    def counts_for_quorum(self) -> bool:
        return self.sitting and any(r not in STAFF_ROLE_CODES for r in self.roles)


@dataclass(frozen=True)
class Roster:
    meeting: MeetingRow
    entries: tuple[RosterEntry, ...]
    quorum: MeetingQuorum | None  # None for a cancelled sitting


@dataclass(frozen=True)
class CoverSuggestion:
    member_id: int
    name: str
    role_labels: str
    home_panel: str
    fills: tuple[str, ...]  # which needs this person would meet, in words


@dataclass(frozen=True)
class CoverAdvice:
    needs: tuple[str, ...]
    suggestions: tuple[CoverSuggestion, ...]


def roster(ctx: ServiceContext, meeting_id: int) -> Roster:
    meeting, quorum = get_meeting_with_quorum(ctx, meeting_id)
    with ctx.read() as session:
        rows = session.execute(
            select(
                Attendance.member_id,
                Member.first_name,
                Member.last_name,
                Attendance.status,
                Attendance.is_cover,
                Attendance.note,
                Panel.name,
            )
            .join(Member, Member.id == Attendance.member_id)
            .outerjoin(Panel, Panel.id == Member.home_panel_id)
            .where(Attendance.meeting_id == meeting_id)
        ).all()
        availability = load_availability(session, ctx.agency_id, [r[0] for r in rows])
        fitness = fitness_for(session, [r[0] for r in rows], meeting.date, agency_policy(ctx))
    entries = []
    for member_id, first, last, status, is_cover, note, home in rows:
        codes = tuple(sorted(availability.roles_on(member_id, meeting.date), key=_role_order))
        unfit = fitness[member_id].words if member_id in fitness else ""
        entries.append(
            RosterEntry(
                member_id, f"{first} {last}", codes, _labels(codes), status, is_cover, note, home or "", unfit
            )
        )
    entries.sort(key=lambda e: (_role_order(e.roles[0]) if e.roles else 99, e.name))
    return Roster(meeting, tuple(entries), quorum)


def _role_order(code: str) -> int:
    order = [r.value for r in Role]
    return order.index(code) if code in order else len(order)


def _labels(codes: tuple[str, ...]) -> str:
    return ", ".join(Role(c).label if c in Role._value2member_map_ else c for c in codes)


def _meeting(ctx: ServiceContext, session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or meeting.panel.agency_id != ctx.agency_id:
        raise NotFound("That sitting no longer exists.")
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError("This sitting is cancelled: reinstate it before changing its roster.")
    return meeting


def invite_usual_members(ctx: ServiceContext, meeting_id: int) -> tuple[str, ...]:
    """Invite the panel's usual members who are not on the roster yet; returns their names.

    When the agency blocks members not fit to sit, those are left off (the roster's cover
    advice then asks for someone in their place)."""
    policy = agency_policy(ctx)
    with ctx.write(Permission.SCHEDULE_MEETINGS, "Usual members invited") as session:
        meeting = _meeting(ctx, session, meeting_id)
        usual = usual_members(session, ctx.agency_id, [meeting.panel_id]).on(meeting.panel_id, meeting.date)
        have = {a.member_id for a in meeting.attendance}
        added = [m for m in usual if m not in have]
        if policy.blocks_unfit_members:
            fitness = fitness_for(session, added, meeting.date, policy)
            added = [m for m in added if m not in fitness or fitness[m].fit]
        for member_id in added:
            meeting.attendance.append(Attendance(member_id=member_id, status=AttendanceStatus.INVITED.value))
        names = session.execute(
            select(Member.first_name, Member.last_name).where(Member.id.in_(added)).order_by(Member.last_name)
        ).all()
        return tuple(f"{f} {last}" for f, last in names)


def set_attendance(
    ctx: ServiceContext,
    meeting_id: int,
    member_id: int,
    status: str,
    joined_at: time | Unchanged | None = Unchanged.TIME,
    left_at: time | Unchanged | None = Unchanged.TIME,
    note: str | None = None,
    expected: Mapping[str, object] | None = None,
) -> MeetingQuorum:
    """Record an invitation, apologies, presence, lateness or absence; returns the new quorum.

    The one way attendance changes, from the Calendar's roster and on the panel day alike.
    A joining time is kept only for a member who joined late. `expected` holds the values
    the form loaded (any of status, joined_at, left_at, note): when someone else has changed
    them since, ConflictError names who and when, and nothing is saved.
    """
    new_status = _attendance_status(status)
    if isinstance(joined_at, time) and isinstance(left_at, time) and left_at <= joined_at:
        raise ValidationError(
            "The time they left must be after the time they joined.", {"left_at": "Too early."}
        )
    policy = agency_policy(ctx)
    with ctx.write(Permission.RECORD_OUTCOMES, f"Attendance: {new_status.label}") as session:
        lock_for_write(session)  # the check against `expected` and the write are one step
        row = locked(
            session,
            select(Attendance).where(Attendance.meeting_id == meeting_id, Attendance.member_id == member_id),
        )
        meeting = _meeting(ctx, session, meeting_id)
        if row is None:
            raise NotFound(
                "That member is not on the roster for this sitting. Add them in the Calendar first."
            )
        refuse_if_changed(session, row, expected, "This member's attendance")
        if new_status.value in SITTING_STATUSES and row.status != new_status.value:
            what = "invited" if new_status is AttendanceStatus.INVITED else "marked as sitting"
            refuse_if_blocked(session, member_id, meeting.date, policy, what)
        if row.status != new_status.value:
            row.status = new_status.value
        if not isinstance(joined_at, Unchanged):
            row.joined_at = joined_at if new_status is AttendanceStatus.LATE else None
        if not isinstance(left_at, Unchanged):
            row.left_at = left_at
        if note is not None and row.note != note.strip()[:200]:
            row.note = note.strip()[:200]
    return meeting_quorum(ctx, meeting_id)


def _attendance_status(status: str) -> AttendanceStatus:
    try:
        return AttendanceStatus(status)
    except ValueError:
        choices = ", ".join(s.value for s in AttendanceStatus)
        raise ValidationError(
            f"{status!r} is not an attendance status.", {"status": f"Choose {choices}."}
        ) from None


def add_cover(ctx: ServiceContext, meeting_id: int, member_id: int, note: str = "") -> None:
    """Book a member from another panel (or the central list) to cover this sitting."""
    policy = agency_policy(ctx)
    with ctx.write(Permission.SCHEDULE_MEETINGS, "Cover booked") as session:
        meeting = _meeting(ctx, session, meeting_id)
        member = session.get(Member, member_id)
        if member is None or member.agency_id != ctx.agency_id:
            raise NotFound("That member is not on the central list.")
        refuse_if_blocked(session, member_id, meeting.date, policy, "invited")
        if any(a.member_id == member_id for a in meeting.attendance):
            raise ValidationError(f"{member.full_name} is already on this sitting's roster.")
        busy = _busy_on(session, meeting.date, meeting.id)
        if member_id in busy:
            raise ValidationError(f"{member.full_name} is already sitting on another panel that day.")
        meeting.attendance.append(
            Attendance(
                member_id=member_id,
                status=AttendanceStatus.INVITED.value,
                is_cover=meeting.panel_id != member.home_panel_id,
                note=note.strip()[:200],
            )
        )


def _busy_on(session: Session, day: date, except_meeting: int) -> set[int]:
    return set(
        session.scalars(
            select(Attendance.member_id)
            .join(Meeting, Meeting.id == Attendance.meeting_id)
            .where(Meeting.date == day)
            .where(Meeting.id != except_meeting)
            .where(Meeting.status != MeetingStatus.CANCELLED.value)
            .where(Attendance.status.in_(SITTING_STATUSES))
        )
    )


_CHAIRS = frozenset({Role.CHAIR.value, Role.VICE_CHAIR.value})


# One need for cover: (in words, the roles that fill it (any when empty), needs 3 years' PQE).
_Need = tuple[str, frozenset[str], bool]


def suggest_cover(ctx: ServiceContext, meeting_id: int) -> CoverAdvice:
    """Who could cover: the right role, fit to sit (DBS and appraisal in date, not away), not
    sitting elsewhere that day.

    The needs come from quorum (a missing chair, social worker or independent member, or
    too few members) and from the roles of members who sent apologies; with nothing
    missing, anyone eligible is offered as a spare (good practice books one above quorum).
    """
    current = roster(ctx, meeting_id)
    if current.quorum is None:
        raise ValidationError("This sitting is cancelled: no cover is needed.")
    needs = _cover_needs(current.quorum.overall, current.entries)
    suggestions = _who_could_cover(ctx, current, needs)
    suggestions.sort(key=lambda s: (-len(s.fills), s.name))
    return CoverAdvice(tuple(w for w, _r, _p in needs), tuple(suggestions))


def _cover_needs(overall: QuorumResult, entries: tuple[RosterEntry, ...]) -> list[_Need]:
    needs: list[_Need] = []
    reasons = " ".join(overall.reasons)
    if "vice chairs is sitting" in reasons:
        needs.append(("this panel's chair or a vice chair", _CHAIRS, False))
    if "social work member" in reasons:
        needs.append(("a social work member with 3 years' PQE", frozenset({Role.SOCIAL_WORKER.value}), True))
    if "independent member" in reasons:
        needs.append(("an independent member", frozenset({Role.INDEPENDENT.value}), False))
    for e in entries:
        if e.status in (AttendanceStatus.APOLOGIES, AttendanceStatus.ABSENT) and e.roles:
            words = f"someone to replace {e.name} ({e.role_labels.lower()})"
            needs.append((words, frozenset(e.roles) - STAFF_ROLE_CODES, False))
    if not overall.quorate and overall.members_counted < overall.required:
        needs.append(("one more member", frozenset(), False))
    elif not needs:
        needs.append(("a spare member, one above quorum", frozenset(), False))
    return needs


def _who_could_cover(ctx: ServiceContext, current: Roster, needs: list[_Need]) -> list[CoverSuggestion]:
    """Members not on this roster, free and fit to sit that day, who meet at least one need."""
    policy = agency_policy(ctx)
    day = current.meeting.date
    on_roster = {e.member_id for e in current.entries}
    with ctx.read() as session:
        busy = _busy_on(session, day, current.meeting.id)
        people = session.execute(
            select(
                Member.id,
                Member.first_name,
                Member.last_name,
                func.coalesce(Member.relevant_experience_from, Member.qualified_on),
                Panel.name,
                Member.home_panel_id,
            )
            .outerjoin(Panel, Panel.id == Member.home_panel_id)
            .where(Member.agency_id == ctx.agency_id)
        ).all()
        appointed = {
            m
            for m in session.execute(
                select(Panel.chair_id, Panel.vice_chair_id).where(Panel.id == current.meeting.panel_id)
            ).one()
            if m is not None
        }
        fitness = fitness_for(session, [p[0] for p in people], day, policy)
        availability = load_availability(session, ctx.agency_id)
    suggestions = []
    for member_id, first, last, experience_from, home, home_panel_id in people:
        if member_id in on_roster or member_id in busy or not availability.available(member_id, day):
            continue
        if member_id in fitness and not fitness[member_id].fit:
            continue  # DBS or appraisal lapsed, or away that day
        held = availability.roles_on(member_id, day) - STAFF_ROLE_CODES
        if not held:
            continue
        pqe = pqe_years(experience_from, day)
        # Reg 6(1): only a chair or vice chair appointed to this panel fills that need.
        chairs_here = member_id in appointed or home_panel_id == current.meeting.panel_id
        fills = tuple(
            words
            for words, roles, needs_pqe in needs
            if (not roles or held & roles)
            and (not needs_pqe or (pqe or 0.0) >= MIN_SOCIAL_WORK_PQE_YEARS)
            and (roles != _CHAIRS or chairs_here)
        )
        if fills:
            codes = tuple(sorted(held, key=_role_order))
            suggestions.append(
                CoverSuggestion(member_id, f"{first} {last}", _labels(codes), home or "", fills)
            )
    return suggestions
