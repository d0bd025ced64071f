"""Six-monthly reporting periods (NMS 17.2) and dates as users type and read them.

Periods run 1 April to 30 September and 1 October to 31 March. Dates shown to
users are dd/mm/yyyy; month names are spelt out here rather than taken from
strftime so that labels never depend on the machine's locale.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def uk_date(d: date) -> str:
    """dd/mm/yyyy, the form used in every user-facing text."""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def long_date(d: date) -> str:
    """e.g. "1 April 2026", for report headings and letters."""
    return f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}"


_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
# Day first, four-digit year; "-" and "." are tolerated because people type them.
_UK = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})", re.ASCII)


def parse_user_date(text: str) -> date:
    """Read a date typed by a user: YYYY-MM-DD, dd/mm/yyyy or d/m/yyyy.

    Raises ValueError with a message that can be shown as it is.
    """
    cleaned = text.strip()
    if m := _ISO.fullmatch(cleaned):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif m := _UK.fullmatch(cleaned):
        day, month, year = int(m[1]), int(m[3]), int(m[4])
    else:
        if not cleaned:
            raise ValueError("No date was given: use dd/mm/yyyy")
        raise ValueError(f'"{cleaned}" is not a date: use dd/mm/yyyy')
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f'"{cleaned}" is not a real date') from None


@dataclass(frozen=True, order=True)
class ReportingPeriod:
    """One half-year: 1 April to 30 September, or 1 October to 31 March."""

    start: date
    end: date

    def __post_init__(self) -> None:
        # Guard the invariant so that previous()/next() and labels stay right.
        if (self.start.month, self.start.day) not in ((4, 1), (10, 1)):
            raise ValueError(
                f"A reporting period starts on 1 April or 1 October, not {long_date(self.start)}"
            )
        expected = _end_for(self.start)
        if self.end != expected:
            raise ValueError(
                f"The reporting period starting {long_date(self.start)} "
                f"ends on {long_date(expected)}, not {long_date(self.end)}"
            )

    @property
    def label(self) -> str:
        """e.g. "1 April 2026 to 30 September 2026"."""
        return f"{long_date(self.start)} to {long_date(self.end)}"

    def __contains__(self, d: object) -> bool:
        return isinstance(d, date) and self.start <= d <= self.end

    def previous(self) -> ReportingPeriod:
        return period_containing(self.start - timedelta(days=1))

    def next(self) -> ReportingPeriod:
        return period_containing(self.end + timedelta(days=1))


def _end_for(start: date) -> date:
    if start.month == 4:
        return date(start.year, 9, 30)
    return date(start.year + 1, 3, 31)


def period_containing(d: date) -> ReportingPeriod:
    if 4 <= d.month <= 9:
        start = date(d.year, 4, 1)
    elif d.month >= 10:
        start = date(d.year, 10, 1)
    else:
        start = date(d.year - 1, 10, 1)
    return ReportingPeriod(start, _end_for(start))


def periods_between(a: date, b: date) -> list[ReportingPeriod]:
    """Every period from the one containing ``a`` to the one containing ``b``.

    Empty when ``b`` is before ``a``.
    """
    if b < a:
        return []
    out = [period_containing(a)]
    last = period_containing(b)
    while out[-1] != last:
        out.append(out[-1].next())
    return out


# The agency is in England: times a person reads are London's, whatever the computer's zone.
LONDON = ZoneInfo("Europe/London")


def local_time(at: datetime) -> datetime:
    """A stored instant (naive means UTC, as the database keeps it) as London's wall clock, naive."""
    aware = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    return aware.astimezone(LONDON).replace(tzinfo=None)


def local_stamp(at: datetime, seconds: bool = False) -> str:
    """'20/11/2026 14:02' (London time) for a stored instant."""
    return local_time(at).strftime("%d/%m/%Y %H:%M:%S" if seconds else "%d/%m/%Y %H:%M")
