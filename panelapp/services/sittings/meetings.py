"""Sittings: generated from each panel's rule, listed with quorum, moved and cancelled.

Generating is safe to repeat: a sitting is recognised by its panel and rule date (or,
for sittings made before rule dates were kept, its panel and date), so re-running adds
nothing twice, and sittings an administrator moved or cancelled by hand (``edited``)
are left exactly as they are. Every change to a sitting bumps its ``ics_sequence`` so a
re-exported calendar file updates the entry in Outlook instead of duplicating it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import (
    Agency,
    Attendance,
    ClosureDay,
    Hearing,
    Meeting,
    Panel,
)
from panelapp.domain.periods import uk_date
from panelapp.domain.permissions import Permission
from panelapp.domain.policy import AgencyPolicy
from panelapp.domain.quorum import REGULATION
from panelapp.domain.recurrence import PlannedSitting, RuleError, parse_rule, plan_sittings
from panelapp.domain.vocab import MeetingStatus
from panelapp.domain.workdays import WorkingDayCalendar
from panelapp.services.agency.setup import agency_policy
from panelapp.services.context import ServiceContext, check_version
from panelapp.services.errors import NotFound, ValidationError
from panelapp.services.members.fitness import fitness_for
from panelapp.services.sittings.quorum import MeetingQuorum, quorum_for_meetings
from panelapp.services.sittings.roster_members import usual_members

MAX_GENERATE_DAYS = 3 * 366  # a typo in a year should not create decades of sittings


@dataclass(frozen=True)
class MeetingRow:
    id: int
    panel_id: int
    panel: str
    date: dt.date
    start: time
    end: time | None
    status: str
    status_reason: str
    rule_date: dt.date | None
    edited: bool
    teams_link: str
    venue: str
    cases_booked: int
    quorate: bool | None  # None for a cancelled sitting: quorum does not apply
    reasons: tuple[str, ...]
    at_bare_minimum: bool
    cases_not_quorate: tuple[str, ...]  # case references where a conflict breaks quorum
    version: int
    ics_uid: str
    ics_sequence: int

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "panel": self.panel,
            "date": self.date.isoformat(),
            "start": self.start.strftime("%H:%M"),
            "status": self.status,
            "quorate": self.quorate,
            "reasons": list(self.reasons),
        }

    @property
    def quorum_badge(self) -> str:
        if self.quorate is None:
            return "Cancelled"
        if not self.quorate:
            # Short words for a month cell; the reasons say which rule in full.
            in_law = not self.reasons or any(r.startswith(REGULATION) for r in self.reasons)
            return "Not quorate (reg 6)" if in_law else "Below agency's rule"
        if self.cases_not_quorate:
            return "Not quorate for some cases"
        return "Quorate (bare minimum)" if self.at_bare_minimum else "Quorate"


@dataclass(frozen=True)
class GenerateReport:
    created: int
    updated: int
    kept_edited: int
    unchanged: int
    cancelled: int  # of those created or updated, how many fall on a non-working day and are cancelled
    moved: int
    notes: tuple[str, ...]

    def lines(self) -> list[str]:
        out = [
            f"{self.created} sittings created, {self.updated} updated, {self.unchanged} already right, "
            f"{self.kept_edited} edited by hand and kept as they are."
        ]
        if self.moved or self.cancelled:
            out.append(f"{self.moved} moved off a non-working day, {self.cancelled} cancelled.")
        return out + list(self.notes)


@dataclass(frozen=True)
class MeetingChange:
    meeting_id: int
    ics_sequence: int
    flagged_cases: tuple[str, ...]  # case references flagged to re-book


def list_meetings(
    ctx: ServiceContext, start: date, end: date, panel_id: int | None = None
) -> list[MeetingRow]:
    """Sittings from ``start`` to ``end`` inclusive, ordered by date then panel, with quorum."""
    with ctx.read() as session:
        query = _rows_query(ctx.agency_id).where(Meeting.date >= start).where(Meeting.date <= end)
        if panel_id is not None:
            query = query.where(Meeting.panel_id == panel_id)
        rows = session.execute(query.order_by(Meeting.date, Meeting.start_time, Panel.name)).all()
    return _with_quorum(ctx, rows)


def get_meeting_with_quorum(ctx: ServiceContext, meeting_id: int) -> tuple[MeetingRow, MeetingQuorum | None]:
    """One sitting and its full quorum (per case too); None for a cancelled sitting."""
    with ctx.read() as session:
        rows = session.execute(_rows_query(ctx.agency_id).where(Meeting.id == meeting_id)).all()
    if not rows:
        raise NotFound("That sitting no longer exists.")
    found: dict[int, MeetingQuorum] = {}
    row = _with_quorum(ctx, rows, found)[0]
    return row, found.get(meeting_id)


def _rows_query(agency_id: int) -> Any:
    # Counted per sitting shown (indexed on hearing.meeting_id), not grouped over every
    # hearing of every agency first: ~50 ms for a year's 19 sittings on a national database.
    booked = (
        select(func.count(Hearing.id))
        .where(Hearing.meeting_id == Meeting.id)
        .where(Hearing.status.not_in(("withdrawn", "rebook")))
        .correlate(Meeting)
        .scalar_subquery()
    )
    return (
        select(Meeting, Panel.name, booked)
        .join(Panel, Panel.id == Meeting.panel_id)
        .where(Panel.agency_id == agency_id)
    )


def _with_quorum(
    ctx: ServiceContext, rows: Sequence[Any], keep: dict[int, MeetingQuorum] | None = None
) -> list[MeetingRow]:
    live = [m.id for m, _name, _n in rows if m.status != MeetingStatus.CANCELLED]
    quorum = quorum_for_meetings(ctx, live)
    if keep is not None:
        keep.update(quorum)
    out: list[MeetingRow] = []
    for m, panel_name, booked in rows:
        q = quorum.get(m.id)
        out.append(
            MeetingRow(
                id=m.id,
                panel_id=m.panel_id,
                panel=panel_name,
                date=m.date,
                start=m.start_time,
                end=m.end_time,
                status=m.status,
                status_reason=m.status_reason,
                rule_date=m.rule_date,
                edited=m.edited,
                teams_link=m.teams_link,
                venue=m.venue,
                cases_booked=booked or 0,
                quorate=None if q is None else q.overall.quorate,
                reasons=() if q is None else tuple(q.overall.reasons),
                at_bare_minimum=False if q is None else q.overall.at_bare_minimum,
                cases_not_quorate=()
                if q is None or not q.overall.quorate
                else tuple(c.reference for c in q.cases if not c.result.quorate),
                version=m.version,
                ics_uid=m.ics_uid,
                ics_sequence=m.ics_sequence,
            )
        )
    return out


# -- generating ------------------------------------------------------------------


def generate_meetings(ctx: ServiceContext, start: date, end: date) -> GenerateReport:
    """Create (or bring up to date) every active panel's sittings whose rule date is in [start, end]."""
    if end < start:
        raise ValidationError(f"The end date {uk_date(end)} is before the start date {uk_date(start)}.")
    if (end - start).days > MAX_GENERATE_DAYS:
        raise ValidationError("Generate at most three years of sittings at a time.")
    summary = f"Sittings generated {uk_date(start)} to {uk_date(end)}"
    policy = agency_policy(ctx)
    with ctx.write(Permission.SCHEDULE_MEETINGS, summary) as session:
        return _Generator(session, ctx.agency_id, start, end, policy).run()


class _Generator:
    def __init__(
        self, session: Session, agency_id: int, start: date, end: date, policy: AgencyPolicy
    ) -> None:
        self.session = session
        self.agency_id = agency_id
        self.policy = policy
        self.start, self.end = start, end
        self.counts = {"created": 0, "updated": 0, "kept": 0, "unchanged": 0, "cancelled": 0, "moved": 0}
        self.notes: list[str] = []

    def run(self) -> GenerateReport:
        session = self.session
        agency = session.get(Agency, self.agency_id)
        if agency is None:
            raise NotFound("No agency has been set up yet.")
        closures = session.scalars(select(ClosureDay.day).where(ClosureDay.agency_id == agency.id))
        calendar = WorkingDayCalendar(list(closures))
        panels = session.scalars(
            select(Panel)
            .where(Panel.agency_id == agency.id)
            .where(Panel.active.is_(True))
            .order_by(Panel.name)
        ).all()
        # Existing sittings near the range: a moved sitting may sit a few days past its rule date.
        existing = session.scalars(
            select(Meeting)
            .join(Panel, Panel.id == Meeting.panel_id)
            .where(Panel.agency_id == agency.id)
            .where(Meeting.date >= self.start - timedelta(days=31))
            .where(Meeting.date <= self.end + timedelta(days=31))
        ).all()
        by_rule = {(m.panel_id, m.rule_date): m for m in existing if m.rule_date is not None}
        by_date = {(m.panel_id, m.date): m for m in existing}
        invitees = usual_members(session, agency.id, [p.id for p in panels])
        for panel in panels:
            if not panel.rule.strip():
                self.notes.append(f"{panel.name} has no rhythm set, so no sittings were made for it.")
                continue
            try:
                rule = parse_rule(panel.rule)
            except RuleError as exc:
                self.notes.append(f"{panel.name} was skipped: {exc}")
                continue
            for planned in plan_sittings(rule, self.start, self.end, calendar, agency.non_working_day):
                found = by_rule.get((panel.id, planned.rule_date)) or by_date.get((panel.id, planned.date))
                if found is None:
                    meeting = self.create(panel, planned)
                    by_date[(panel.id, meeting.date)] = meeting
                    if not planned.cancelled:
                        for member_id in self.fit_to_invite(
                            invitees.on(panel.id, planned.date), planned.date
                        ):
                            meeting.attendance.append(Attendance(member_id=member_id, status="invited"))
                else:
                    self.bring_up_to_date(found, planned)
        c = self.counts
        counts = (c["created"], c["updated"], c["kept"], c["unchanged"], c["cancelled"], c["moved"])
        return GenerateReport(*counts, notes=tuple(self.notes))

    def fit_to_invite(self, member_ids: Sequence[int], day: date) -> list[int]:
        """The usual members to invite: when the agency blocks members not fit to sit, not them
        (as "Invite usual members" does; the roster's cover advice then asks for someone)."""
        if not self.policy.blocks_unfit_members:
            return list(member_ids)
        fitness = fitness_for(self.session, member_ids, day, self.policy)
        return [m for m in member_ids if m not in fitness or fitness[m].fit]

    def create(self, panel: Panel, planned: PlannedSitting) -> Meeting:
        meeting = Meeting(
            panel_id=panel.id,
            date=planned.date,
            start_time=panel.start_time,
            end_time=_end_time(panel.start_time, panel.duration_minutes),
            status=MeetingStatus.CANCELLED.value if planned.cancelled else MeetingStatus.SCHEDULED.value,
            teams_link=panel.teams_link,
            venue=panel.venue,
            rule_date=planned.rule_date,
            generated=True,
            edited=False,
            status_reason=_reason_text(planned),
            ics_uid=f"{uuid.uuid4()}@panelapp",
            ics_sequence=0,
        )
        self.session.add(meeting)
        self.counts["created"] += 1
        self.counts["cancelled"] += planned.cancelled
        self.counts["moved"] += planned.moved and not planned.cancelled
        return meeting

    def bring_up_to_date(self, meeting: Meeting, planned: PlannedSitting) -> None:
        """An unedited generated sitting follows its rule (say a closure day was added since)."""
        if meeting.edited or meeting.status == MeetingStatus.HELD:
            self.counts["kept"] += 1
            return
        status = MeetingStatus.CANCELLED.value if planned.cancelled else MeetingStatus.SCHEDULED.value
        wanted = {
            "date": planned.date,
            "status": status,
            "rule_date": planned.rule_date,
            "status_reason": _reason_text(planned),
        }
        changed = {k: v for k, v in wanted.items() if getattr(meeting, k) != v}
        if not changed:
            self.counts["unchanged"] += 1
            return
        if set(changed) <= {"rule_date", "status_reason"}:  # bookkeeping only: the entry is the same
            for key, value in changed.items():
                setattr(meeting, key, value)
            self.counts["unchanged"] += 1
            return
        for key, value in changed.items():
            setattr(meeting, key, value)
        meeting.generated = True
        meeting.ics_sequence += 1
        if not meeting.ics_uid:
            meeting.ics_uid = f"{uuid.uuid4()}@panelapp"
        if planned.cancelled:
            _flag_rebook(self.session, meeting.id)
        self.counts["updated"] += 1
        self.counts["cancelled"] += planned.cancelled
        self.counts["moved"] += planned.moved and not planned.cancelled


def _reason_text(planned: PlannedSitting) -> str:
    if planned.reason is None:
        return ""
    return planned.reason[:1].upper() + planned.reason[1:]


def _end_time(start: time, minutes: int) -> time:
    end = datetime.combine(date(2000, 1, 1), start) + timedelta(minutes=minutes)
    return end.time() if end.date() == date(2000, 1, 1) else time(23, 59)


# -- moving and cancelling ----------------------------------------------------------


def move_meeting(
    ctx: ServiceContext,
    meeting_id: int,
    new_date: date,
    reason: str,
    new_start: time | None = None,
    expected_version: int | None = None,
    rebook_cases: bool = True,
) -> MeetingChange:
    """Move a sitting to another day (and time), saying why. Booked cases may be flagged to re-book."""
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError("Please say why the sitting is moving.", {"reason": "A reason is needed."})
    with ctx.write(Permission.SCHEDULE_MEETINGS, f"Sitting moved to {uk_date(new_date)}") as session:
        meeting = _editable(session, ctx.agency_id, meeting_id, expected_version)
        closures = session.scalars(select(ClosureDay.day).where(ClosureDay.agency_id == ctx.agency_id))
        why = WorkingDayCalendar(list(closures)).non_working_reason(new_date)
        if why is not None:
            raise ValidationError(
                f"{uk_date(new_date)} is not a working day ({why}). Choose another day.",
                {"date": f"Not a working day ({why})."},
            )
        clash = session.scalar(
            select(Meeting.id)
            .where(Meeting.panel_id == meeting.panel_id)
            .where(Meeting.date == new_date)
            .where(Meeting.id != meeting.id)
            .where(Meeting.status != MeetingStatus.CANCELLED.value)
        )
        if clash:
            raise ValidationError(
                f"This panel already sits on {uk_date(new_date)}.", {"date": "The panel sits that day."}
            )
        if new_date == meeting.date and (new_start is None or new_start == meeting.start_time):
            raise ValidationError("The new date and time are the same as now.", {"date": "Nothing changes."})
        old = f"{uk_date(meeting.date)} {meeting.start_time:%H:%M}"
        duration = _minutes_between(meeting.start_time, meeting.end_time)
        meeting.date = new_date
        if new_start is not None:
            meeting.start_time = new_start
            if duration is not None:
                meeting.end_time = _end_time(new_start, duration)
        meeting.status = MeetingStatus.SCHEDULED.value
        meeting.status_reason = f"Moved from {old}: {reason}"
        meeting.edited = True
        meeting.ics_sequence += 1
        flagged = _flag_rebook(session, meeting.id) if rebook_cases else ()
        return MeetingChange(meeting.id, meeting.ics_sequence, flagged)


def cancel_meeting(
    ctx: ServiceContext, meeting_id: int, reason: str, expected_version: int | None = None
) -> MeetingChange:
    """Cancel a sitting, saying why; every case booked on it is flagged to re-book."""
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError("Please say why the sitting is cancelled.", {"reason": "A reason is needed."})
    with ctx.write(Permission.SCHEDULE_MEETINGS, "Sitting cancelled") as session:
        meeting = _editable(session, ctx.agency_id, meeting_id, expected_version)
        if meeting.status == MeetingStatus.CANCELLED:
            raise ValidationError("This sitting is already cancelled.")
        meeting.status = MeetingStatus.CANCELLED.value
        meeting.status_reason = f"Cancelled: {reason}"
        meeting.edited = True
        meeting.ics_sequence += 1
        flagged = _flag_rebook(session, meeting.id)
        return MeetingChange(meeting.id, meeting.ics_sequence, flagged)


def reinstate_meeting(
    ctx: ServiceContext, meeting_id: int, expected_version: int | None = None
) -> MeetingChange:
    """Undo a cancellation (cases flagged to re-book stay flagged: re-book them on purpose)."""
    with ctx.write(Permission.SCHEDULE_MEETINGS, "Sitting reinstated") as session:
        meeting = _editable(session, ctx.agency_id, meeting_id, expected_version)
        if meeting.status != MeetingStatus.CANCELLED:
            raise ValidationError("This sitting is not cancelled.")
        meeting.status = MeetingStatus.SCHEDULED.value
        meeting.status_reason = "Reinstated after being cancelled"
        meeting.edited = True
        meeting.ics_sequence += 1
        return MeetingChange(meeting.id, meeting.ics_sequence, ())


def _editable(session: Session, agency_id: int, meeting_id: int, expected_version: int | None) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or session.get(Panel, meeting.panel_id) is None:
        raise NotFound("That sitting no longer exists.")
    if meeting.panel.agency_id != agency_id:
        raise NotFound("That sitting no longer exists.")
    check_version(meeting, expected_version, "sitting")
    if meeting.status == MeetingStatus.HELD:
        raise ValidationError("This sitting has been held: it can no longer be moved or cancelled.")
    return meeting


def _flag_rebook(session: Session, meeting_id: int) -> tuple[str, ...]:
    """Booked hearings of the sitting become "rebook"; returns their case references."""
    from db.models import Case

    hearings = session.execute(
        select(Hearing, Case.reference)
        .join(Case, Case.id == Hearing.case_id)
        .where(Hearing.meeting_id == meeting_id)
        .where(Hearing.status == "booked")
        .order_by(Case.reference)
    ).all()
    for hearing, _ref in hearings:
        hearing.status = "rebook"
    return tuple(ref for _h, ref in hearings)


def _minutes_between(start: time, end: time | None) -> int | None:
    if end is None:
        return None
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
