"""Is a member fit to sit on a given day, and if not, why: the one rule the roster, the panel
day's attendance list and the agenda builder all show.

A panel member needs an enhanced DBS check no older than the agency's re-check period
(default 3 years), unless they subscribe to the DBS Update Service and its online status
check is recent; an appraisal within the agency's interval (default 12 months); and must not
be on leave or have left the central list that day. The 2013 statutory guidance expects
central-list members to be checked and appraised; the periods are the agency's policy
(Settings), not fixed by law. Whether an unfit member may still sit (with a warning) or is refused is the
agency's FITNESS_RULE (panelapp.domain.policy). Pure: no database, no Qt, no clock.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from panelapp.domain.membership import (
    PANEL_ROLES,
    StatusPeriod,
    add_months,
    appraisal_due,
    current_status,
    dbs_recheck_due,
)
from panelapp.domain.periods import uk_date
from panelapp.domain.vocab import MemberStatus

# The DBS Update Service status check is made at least once a year: a check older than this
# no longer keeps an old certificate current.
UPDATE_SERVICE_RECHECK_MONTHS = 12

DBS_CERTIFICATE_DIGITS = 12
_UPDATE_SERVICE_ID = re.compile(r"[A-Z0-9]{6,20}")


@dataclass(frozen=True)
class ComplianceFacts:
    """What the agency holds about one member, as of any day (histories, not just the latest)."""

    roles: frozenset[str]  # roles held on the day in question
    dbs_checks: tuple[date, ...] = ()
    update_service_id: str = ""
    update_checked_on: date | None = None
    appraisals: tuple[date, ...] = ()
    joined_on: date | None = None
    statuses: tuple[StatusPeriod, ...] = ()


@dataclass(frozen=True)
class Fitness:
    reasons: tuple[str, ...] = ()  # in words, e.g. "DBS lapsed 14/03/2024"

    @property
    def fit(self) -> bool:
        return not self.reasons

    @property
    def words(self) -> str:
        return "; ".join(self.reasons)


FIT = Fitness()


def update_service_recheck_due(checked_on: date) -> date:
    """When the Update Service status check must be made again."""
    return add_months(checked_on, UPDATE_SERVICE_RECHECK_MONTHS)


def fitness_on(
    day: date,
    facts: ComplianceFacts,
    dbs_recheck_years: int = 3,
    appraisal_interval_months: int = 12,
) -> Fitness:
    """Whether the member may sit on ``day``: every reason they may not, in words.

    Staff (advisers, administrators, observers) are not members and are always fit. Only
    records made on or before ``day`` count, so a past sitting is judged as it stood then.
    """
    if PANEL_ROLES.isdisjoint(facts.roles):
        return FIT
    reasons = [
        *_status_reasons(day, facts.statuses),
        *_dbs_reasons(day, facts, dbs_recheck_years),
        *_appraisal_reasons(day, facts, appraisal_interval_months),
    ]
    return Fitness(tuple(reasons))


def _latest(dates: Iterable[date], day: date) -> date | None:
    return max((d for d in dates if d <= day), default=None)


def _status_reasons(day: date, statuses: tuple[StatusPeriod, ...]) -> list[str]:
    if not statuses:
        return []
    status = current_status(statuses, day)
    if status.status == MemberStatus.ON_LEAVE:
        why = f" ({status.note})" if status.note else ""
        return [f"On leave{why} from {uk_date(status.start)}"]
    if status.status == MemberStatus.LEFT:
        return [f"Left the central list on {uk_date(status.start)}"]
    return []


def _dbs_reasons(day: date, facts: ComplianceFacts, recheck_years: int) -> list[str]:
    last = _latest(facts.dbs_checks, day)
    if last is None:
        return ["No DBS check recorded"]
    due = dbs_recheck_due(last, recheck_years)
    if due >= day:
        return []
    status_check = facts.update_checked_on
    if facts.update_service_id and status_check is not None and status_check <= day:
        status_due = update_service_recheck_due(status_check)
        if status_due >= day:
            return []  # the Update Service says the certificate is still current
        return [
            f"DBS lapsed {uk_date(max(due, status_due))} "
            f"(Update Service last checked {uk_date(status_check)})"
        ]
    return [f"DBS lapsed {uk_date(due)}"]


def _appraisal_reasons(day: date, facts: ComplianceFacts, interval_months: int) -> list[str]:
    last = _latest(facts.appraisals, day)
    joined = facts.joined_on if facts.joined_on is None or facts.joined_on <= day else None
    due = appraisal_due(last, joined, interval_months)
    if due is None:
        return ["No appraisal recorded"]
    return [f"Appraisal lapsed {uk_date(due)}"] if due < day else []


# -- what is typed ---------------------------------------------------------------


def dbs_certificate_number(text: str) -> str:
    """A DBS certificate number as stored: its 12 digits (spaces typed between them are fine).

    ValueError, in the administrator's words, for anything else.
    """
    digits = "".join(text.split())
    if not digits:
        raise ValueError("Enter the DBS certificate number (12 digits).")
    if not digits.isdigit() or not digits.isascii():
        raise ValueError("A DBS certificate number is 12 digits, with no letters or other marks.")
    if len(digits) != DBS_CERTIFICATE_DIGITS:
        raise ValueError(f"A DBS certificate number is 12 digits; this one has {len(digits)}.")
    return digits


def update_service_id(text: str) -> str:
    """A DBS Update Service subscription ID as stored: upper case, no spaces; "" for none.

    ValueError unless it is letters and digits only, 6 to 20 of them.
    """
    cleaned = "".join(text.split()).upper()
    if not cleaned:
        return ""
    if not cleaned.isascii() or _UPDATE_SERVICE_ID.fullmatch(cleaned) is None:
        raise ValueError(
            "An Update Service subscription ID is letters and digits only, 6 to 20 of them, "
            "as on the member's subscription confirmation."
        )
    return cleaned
