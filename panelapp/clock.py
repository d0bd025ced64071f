"""The one place PanelApp reads the date and the time.

Everything else asks this module (services through `ServiceContext.today()`), so a test, a
benchmark, `selftest` or a support engineer can set "today" for the whole process:

- `PANELAPP_TODAY=YYYY-MM-DD` in the environment pins the date (support staff reproducing a
  user's screen on another day); the time of day still moves.
- `set_today(date)` / `reset()` do the same from code (tests, `selftest --today`).

`now()` is aware UTC, for stamps stored in the database; `local_now()` is the computer's
local time, for what a person reads on screen ("Saved at 14:02").
"""

from __future__ import annotations

import datetime as dt
import os

ENV_VAR = "PANELAPP_TODAY"

_pinned: dt.date | None = None


class ClockSettingError(ValueError):
    """`PANELAPP_TODAY` holds something that is not a date."""


def parse_day(text: str) -> dt.date:
    """`YYYY-MM-DD` or `dd/mm/yyyy`, as everywhere else in PanelApp."""
    text = text.strip()
    try:
        if "/" in text:
            return dt.datetime.strptime(text, "%d/%m/%Y").date()
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ClockSettingError(
            f"{ENV_VAR} must be a date such as 2026-11-29 or 29/11/2026, not {text!r}."
        ) from exc


def set_today(day: dt.date | None) -> None:
    """Pin today's date for the whole process (None: follow the real calendar again)."""
    global _pinned
    _pinned = day


def reset() -> None:
    set_today(None)


def pinned() -> dt.date | None:
    """The date set by `set_today` or `PANELAPP_TODAY`, if any."""
    if _pinned is not None:
        return _pinned
    raw = os.environ.get(ENV_VAR, "").strip()
    return parse_day(raw) if raw else None


def today() -> dt.date:
    """Today's date in the agency's (the computer's) local calendar."""
    return pinned() or dt.date.today()


def local_now() -> dt.datetime:
    """Local wall-clock time, naive, on the pinned day when one is set."""
    real = dt.datetime.now()
    day = pinned()
    return real if day is None else dt.datetime.combine(day, real.time())


def now() -> dt.datetime:
    """The current instant, aware, in UTC (on the pinned day when one is set)."""
    real = dt.datetime.now(dt.UTC)
    day = pinned()
    return real if day is None else dt.datetime.combine(day, real.timetz())


def utc_naive_now() -> dt.datetime:
    """UTC without a zone, as the database columns store it."""
    return now().replace(tzinfo=None)
