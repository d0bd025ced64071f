"""Sittings as calendar entries and .ics files: per panel, per member, one sitting or all."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from db.models import Agency, Attendance, Meeting, Member, Panel
from panelapp.documents.calendar import CalendarEntry, CalendarSelection
from panelapp.domain.vocab import MeetingStatus
from panelapp.services.context import ServiceContext
from panelapp.services.errors import NotFound, ValidationError
from panelapp.services.files import check_output
from panelapp.services.sittings.quorum import SITTING_STATUSES


def export_calendar(
    ctx: ServiceContext,
    out: Path,
    panel: str | None = None,
    member_email: str | None = None,
    meeting_id: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> tuple[Path, int]:
    """Write the chosen sittings (see calendar_entries) to `out` as an .ics file; returns the
    file and the number of sittings in it."""
    from panelapp.exports.ics import write_ics

    check_output(out)
    selection = calendar_entries(ctx, panel, member_email, meeting_id, start, end)
    return write_ics(selection, out), len(selection.entries)


def calendar_entries(
    ctx: ServiceContext,
    panel: str | None = None,
    member_email: str | None = None,
    meeting_id: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> CalendarSelection:
    """The sittings for one panel, one member (those they are booked to sit), one sitting, or all."""
    if sum(x is not None for x in (panel, member_email, meeting_id)) > 1:
        raise ValidationError("Choose one panel, one member or one sitting, not several.")
    with ctx.read() as session:
        agency = session.get(Agency, ctx.agency_id)
        agency_name = agency.short_name or agency.name if agency else ""
        query = (
            select(Meeting, Panel.name)
            .join(Panel, Panel.id == Meeting.panel_id)
            .where(Panel.agency_id == ctx.agency_id)
            .order_by(Meeting.date, Meeting.start_time, Panel.name)
        )
        title = "Panel sittings"
        if panel is not None:
            found = session.scalar(
                select(Panel.name)
                .where(Panel.agency_id == ctx.agency_id)
                .where(func.lower(Panel.name) == panel.strip().lower())
            )
            if found is None:
                names = session.scalars(select(Panel.name).where(Panel.agency_id == ctx.agency_id)).all()
                raise NotFound(f'There is no panel called "{panel}". Panels: {", ".join(sorted(names))}.')
            query = query.where(Panel.name == found)
            title = f"{found} sittings"
        if member_email is not None:
            member = session.scalar(
                select(Member)
                .where(Member.agency_id == ctx.agency_id)
                .where(func.lower(Member.email) == member_email.strip().lower())
            )
            if member is None:
                raise NotFound(f"Nobody on the central list has the email address {member_email}.")
            # Every sitting they were booked for: one they sent apologies for stays in the file as
            # cancelled for them (a missing event would leave it standing in Outlook).
            query = query.join(Attendance, Attendance.meeting_id == Meeting.id).where(
                Attendance.member_id == member.id
            )
            query = query.add_columns(Attendance.status)
            title = f"{member.full_name}'s panel sittings"
        if meeting_id is not None:
            query = query.where(Meeting.id == meeting_id)
        if start is not None:
            query = query.where(Meeting.date >= start)
        if end is not None:
            query = query.where(Meeting.date <= end)
        rows: list[Any] = list(session.execute(query).all())
        if meeting_id is not None and not rows:
            raise NotFound("That sitting no longer exists.")
        entries = tuple(
            _entry(row[0], row[1], str(row[2]) if member_email is not None else None)
            for row in rows  # (meeting, panel name[, their attendance])
        )
        if meeting_id is not None and entries:
            title = f"{entries[0].panel} sitting on {entries[0].date:%d/%m/%Y}"
    return CalendarSelection(title, agency_name, entries)


def _entry(meeting: Meeting, panel: str, attendance: str | None) -> CalendarEntry:
    """The sitting as an event; for a member who sent apologies, cancelled with a SEQUENCE one
    above the sitting's, so their calendar strikes it out rather than keeping it (RFC 5546)."""
    cancelled = meeting.status == MeetingStatus.CANCELLED
    excused = attendance is not None and attendance not in SITTING_STATUSES and not cancelled
    return CalendarEntry(
        uid=meeting.ics_uid or f"meeting-{meeting.id}@panelapp",
        sequence=meeting.ics_sequence + (1 if excused else 0),
        panel=panel,
        date=meeting.date,
        start=meeting.start_time,
        end=meeting.end_time,
        cancelled=cancelled or excused,
        teams_link=meeting.teams_link,
        venue=meeting.venue,
        status_reason="You sent apologies for this sitting." if excused else meeting.status_reason,
    )
