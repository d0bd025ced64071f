"""Calendar files (.ics) of panel sittings that Outlook updates rather than duplicates.

Each sitting keeps one UID for life (meeting.ics_uid) and a SEQUENCE bumped on every
move or cancellation, so importing a newer file updates the entry; a cancelled
sitting is sent as STATUS:CANCELLED so it is struck out rather than left standing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

from panelapp import clock
from panelapp.documents.calendar import CalendarEntry, CalendarSelection
from panelapp.exports.files import write_bytes

LONDON = ZoneInfo("Europe/London")
DEFAULT_LENGTH = dt.timedelta(hours=5, minutes=30)
PRODID = "-//PanelApp//Panel sittings//EN"
# Europe/London as the yearly rules (last Sunday of March and of October at 01:00 UTC), the
# form Outlook writes and every reader applies alike; a list of change dates is read by some
# readers (vobject) only for the years it lists.
LONDON_VTIMEZONE = "\r\n".join(
    [
        "BEGIN:VTIMEZONE",
        "TZID:Europe/London",
        "BEGIN:DAYLIGHT",
        "TZOFFSETFROM:+0000",
        "TZOFFSETTO:+0100",
        "TZNAME:BST",
        "DTSTART:19810329T010000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0000",
        "TZNAME:GMT",
        "DTSTART:19961027T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "END:STANDARD",
        "END:VTIMEZONE",
        "",
    ]
)


def build_calendar(selection: CalendarSelection, stamp: dt.datetime | None = None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    name = f"{selection.agency}: {selection.title}" if selection.agency else selection.title
    cal.add("x-wr-calname", name)
    stamp = stamp or clock.now()
    if selection.entries:
        cal.add_component(Timezone.from_ical(LONDON_VTIMEZONE))
    for entry in selection.entries:
        cal.add_component(_event(entry, selection.agency, stamp))
    return cal


def _event(entry: CalendarEntry, agency: str, stamp: dt.datetime) -> Event:
    start = dt.datetime.combine(entry.date, entry.start, tzinfo=LONDON)
    end = (
        dt.datetime.combine(entry.date, entry.end, tzinfo=LONDON)
        if entry.end is not None and entry.end > entry.start
        else start + DEFAULT_LENGTH
    )
    event = Event()
    event.add("uid", entry.uid)
    event.add("sequence", entry.sequence)
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", end)
    summary = f"{entry.panel} adoption panel"
    if agency:
        summary = f"{agency} {summary}"
    if entry.cancelled:
        summary = f"CANCELLED: {summary}"
    event.add("summary", summary)
    event.add("location", entry.venue or ("Microsoft Teams" if entry.teams_link else ""))
    lines = []
    if entry.teams_link:
        lines.append(f"Join on Microsoft Teams: {entry.teams_link}")
        event.add("url", entry.teams_link)
    if entry.status_reason:
        lines.append(entry.status_reason)
    lines.append("Papers are circulated separately. Do not add case details to calendar entries.")
    event.add("description", "\n".join(lines))
    event.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if entry.cancelled else "OPAQUE")
    return event


def write_ics(selection: CalendarSelection, out: Path | str, stamp: dt.datetime | None = None) -> Path:
    """Write atomically: a temporary file renamed into place, never half a file."""
    return write_bytes(out, build_calendar(selection, stamp).to_ical())
