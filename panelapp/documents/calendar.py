"""Sittings as calendar entries, for .ics files: per panel, per member, one sitting or all."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class CalendarEntry:
    uid: str  # kept for the sitting's life, so a newer file updates the entry
    sequence: int  # bumped on every move or cancellation
    panel: str
    date: dt.date
    start: dt.time
    end: dt.time | None
    cancelled: bool
    teams_link: str
    venue: str
    status_reason: str


@dataclass(frozen=True)
class CalendarSelection:
    title: str  # e.g. "Panel 1 sittings" or "Jane Smith's panel sittings"
    agency: str
    entries: tuple[CalendarEntry, ...]
