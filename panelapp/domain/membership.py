"""Rules of the central list: status history, compliance due dates, names and role words.

Pure functions only (no database, no Qt): the Members view, the import, the badge count
and the chairs' report's Appendix A all call these so they always agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from panelapp.domain.names import fold
from panelapp.domain.periods import parse_user_date
from panelapp.domain.vocab import NON_MEMBER_ROLES, MemberStatus, Role

DUE_SOON_DAYS = 30
SUPPRESSION_THRESHOLD = 5
FEWER_THAN = f"fewer than {SUPPRESSION_THRESHOLD}"

# Roles a members file may carry (the observer role is never on the central list).
IMPORT_ROLES: tuple[Role, ...] = (
    Role.CHAIR,
    Role.VICE_CHAIR,
    Role.SOCIAL_WORKER,
    Role.INDEPENDENT,
    Role.MEDICAL_ADVISER,
    Role.COUNCILLOR,
    Role.EDUCATION,
    Role.ADVISER,
    Role.ADMINISTRATOR,
)
PANEL_ROLES = frozenset(r.value for r in Role if r not in NON_MEMBER_ROLES)

TITLES = ("Dr", "Mr", "Mrs", "Ms", "Miss", "Mx", "Prof", "Professor", "Cllr", "Rev", "Sir", "Dame")
# Lower-case words that belong to the surname ("Anna van der Berg" sorts under B... of "van der Berg").
SURNAME_PARTICLES = frozenset({"van", "von", "der", "den", "de", "da", "di", "du", "la", "le", "del", "st"})
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


# -- dates --------------------------------------------------------------------


def add_months(d: date, months: int) -> date:
    """Same day `months` later; a day that month lacks becomes its last day (31/01 + 1 = 28/02)."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, min(d.day, day))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def add_years(d: date, years: int) -> date:
    return add_months(d, 12 * years)


def dbs_recheck_due(checked_on: date, recheck_years: int = 3) -> date:
    return add_years(checked_on, recheck_years)


def appraisal_due(
    last_held_on: date | None, joined_on: date | None, interval_months: int = 12
) -> date | None:
    """The next appraisal: a year after the last one, or a year after joining if none yet."""
    base = last_held_on or joined_on
    return add_months(base, interval_months) if base else None


def overdue_cutoff(today: date, months: int) -> date:
    """The earliest date whose due date (date + months) is not before today.

    A record dated before the cutoff is overdue: the badge count uses this in SQL so it
    agrees exactly with `compliance_state(add_months(d, months), today)`.
    """
    cutoff = add_months(today, -months)
    while add_months(cutoff - timedelta(days=1), months) >= today:
        cutoff -= timedelta(days=1)
    while add_months(cutoff, months) < today:
        cutoff += timedelta(days=1)
    return cutoff


class Compliance(StrEnum):
    OK = "ok"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    MISSING = "missing"  # nothing recorded: treated as overdue
    NOT_NEEDED = "not_needed"  # left the list, or staff (advisers, administrators)

    @property
    def needs_action(self) -> bool:
        return self in (Compliance.OVERDUE, Compliance.MISSING)


def compliance_state(due: date | None, today: date, soon_days: int = DUE_SOON_DAYS) -> Compliance:
    """Overdue when the due date has passed; due soon within `soon_days` (inclusive)."""
    if due is None:
        return Compliance.MISSING
    if due < today:
        return Compliance.OVERDUE
    if due <= today + timedelta(days=soon_days):
        return Compliance.DUE_SOON
    return Compliance.OK


def compliance_label(what: str, state: Compliance, due: date | None) -> str:
    """Badge text, e.g. "DBS overdue", "Appraisal due soon"."""
    return {
        Compliance.OVERDUE: f"{what} overdue",
        Compliance.MISSING: f"{what} not recorded",
        Compliance.DUE_SOON: f"{what} due soon",
    }.get(state, "")


def needs_compliance(roles: Iterable[str], status: str) -> bool:
    """DBS and appraisal are tracked for panel members who have not left."""
    return status != MemberStatus.LEFT and bool(PANEL_ROLES.intersection(roles))


# -- status history ----------------------------------------------------------


@dataclass(frozen=True)
class StatusPeriod:
    status: str
    start: date
    end: date | None = None
    note: str = ""

    def covers(self, on: date) -> bool:
        return self.start <= on and (self.end is None or self.end >= on)


def current_status(periods: Sequence[StatusPeriod], today: date) -> StatusPeriod:
    """The period that applies today (the latest-starting one covering it); active if none."""
    covering = [p for p in periods if p.covers(today)]
    if covering:
        return max(covering, key=lambda p: p.start)
    started = [p for p in periods if p.start <= today]
    if started:  # a gap in the history: the last known status carries on
        last = max(started, key=lambda p: p.start)
        if last.status == MemberStatus.LEFT:
            return last
    return StatusPeriod(MemberStatus.ACTIVE.value, periods[0].start if periods else today)


def status_words(status: str, note: str) -> str:
    label = MemberStatus(status).label
    return f"{label} ({note})" if note else label


# -- names ---------------------------------------------------------------------


@dataclass(frozen=True)
class PersonName:
    title: str
    first: str
    last: str

    @property
    def full(self) -> str:
        return " ".join(part for part in (self.title, self.first, self.last) if part)


def split_name(text: str) -> PersonName:
    """ "Dr Jane Smith" -> title Dr, first Jane, last Smith; particles stay with the surname."""
    words = text.split()
    if not words:
        raise ValueError("A name is needed.")
    title = ""
    if len(words) > 1 and words[0].rstrip(".") in TITLES:
        title = words.pop(0).rstrip(".")
    if len(words) == 1:
        return PersonName(title, "", words[0])
    last_start = len(words) - 1
    while last_start > 1 and words[last_start - 1] in SURNAME_PARTICLES:
        last_start -= 1
    return PersonName(title, " ".join(words[:last_start]), " ".join(words[last_start:]))


def surname_key(first: str, last: str) -> tuple[str, str]:
    """Sort key for "surname order": particles ignored ("van der Berg" under B)."""
    words = [w for w in last.split() if w not in SURNAME_PARTICLES] or [last]
    return (fold(" ".join(words)), fold(first))  # "Łukasiewicz" under L (domain.names)


# -- roles ---------------------------------------------------------------------


def parse_roles(text: str) -> tuple[Role, ...]:
    """`chair;independent` -> roles. ValueError naming every unknown role."""
    codes = [part.strip().lower() for part in text.split(";") if part.strip()]
    allowed = {r.value for r in IMPORT_ROLES}
    unknown = [c for c in codes if c not in allowed]
    if unknown:
        raise ValueError(
            f"unknown role {', '.join(repr(c) for c in unknown)}: use {', '.join(sorted(allowed))}"
        )
    seen: list[Role] = []
    for code in codes:
        if Role(code) not in seen:
            seen.append(Role(code))
    return tuple(seen)


ROLE_ORDER = {role.value: i for i, role in enumerate(IMPORT_ROLES)}


def sorted_roles(roles: Iterable[str]) -> list[str]:
    return sorted(set(roles), key=lambda r: ROLE_ORDER.get(r, 99))


def role_description(roles: Iterable[str], council: str | None = None, leave_note: str | None = None) -> str:
    """Appendix A words: "independent chair", "independent vice chair", "Medway councillor"...

    `leave_note` is given for a member currently on leave ("maternity leave" ->
    " – currently on maternity leave"; an empty note -> " – currently on leave").
    """
    held = set(roles)
    words: list[str] = []
    if Role.CHAIR in held:
        words.append("independent chair")
    if Role.VICE_CHAIR in held:
        if Role.INDEPENDENT in held:
            words.append("independent vice chair")
            held.discard(Role.INDEPENDENT)
        elif Role.SOCIAL_WORKER in held:
            words.append("vice chair and social work member")
            held.discard(Role.SOCIAL_WORKER)
        else:
            words.append("vice chair")
    if Role.MEDICAL_ADVISER in held:
        words.append("medical adviser")
    if Role.SOCIAL_WORKER in held:
        words.append("social work member")
    if Role.INDEPENDENT in held and Role.CHAIR not in held:
        words.append("independent member")
    if Role.COUNCILLOR in held:
        words.append(f"{council} councillor" if council else "elected councillor")
    if Role.EDUCATION in held:
        words.append("education specialist")
    if Role.ADVISER in held:
        words.append("panel adviser")
    if Role.ADMINISTRATOR in held:
        words.append("panel administrator")
    text = " and ".join(words) if words else "member"
    if leave_note is not None:
        text += f" – currently on {leave_note.strip() or 'leave'}"
    return text


def role_labels(roles: Iterable[str]) -> str:
    return ", ".join(Role(r).label for r in sorted_roles(roles))


# -- statistics ----------------------------------------------------------------


def suppress_small(count: int, threshold: int = SUPPRESSION_THRESHOLD) -> str:
    """Anonymous statistics: a category of 1 to threshold-1 people shows "fewer than 5"."""
    if 0 < count < threshold:
        return f"fewer than {threshold}"
    return str(count)


def attendance_percent(sat: int, invited: int) -> float | None:
    return round(100.0 * sat / invited, 1) if invited else None


# -- validation of one member's details ------------------------------------------


def parse_file_date(text: str) -> date | None:
    """A date cell in a members file: blank, ISO or dd/mm/yyyy. ValueError says what is wrong."""
    text = text.strip()
    return parse_user_date(text) if text else None


def member_field_errors(
    *,
    last_name: str,
    email: str | None,
    roles: Sequence[str],
    qualified_on: date | None,
    joined_on: date | None,
    today: date,
) -> dict[str, str]:
    """What is wrong with one member's details, per field (empty when all is well)."""
    errors: dict[str, str] = {}
    if not last_name.strip():
        errors["last_name"] = "A surname is needed."
    if email and not _EMAIL.fullmatch(email.strip()):
        errors["email"] = f'"{email}" is not an email address.'
    if not roles:
        errors["roles"] = "Choose at least one role."
    unknown = [r for r in roles if r not in {x.value for x in IMPORT_ROLES}]
    if unknown:
        errors["roles"] = f"Unknown role: {', '.join(unknown)}."
    if Role.SOCIAL_WORKER in roles and qualified_on is None:
        errors["qualified_on"] = "A social work member needs a qualification date (for PQE)."
    if qualified_on and qualified_on > today:
        errors["qualified_on"] = "The qualification date is in the future."
    if joined_on and joined_on > today + timedelta(days=366):
        errors["joined_on"] = "The date joined is more than a year ahead."
    return errors


def membership_events(
    joined_on: date | None,
    statuses: Iterable[tuple[str, date]],
    roles: Iterable[tuple[str, date | None]],
    start: date,
    end: date,
) -> list[tuple[str, date]]:
    """What changed for one person in [start, end], for the membership statistics and the
    chairs' report alike: ("joined" | "left" | "new_chair" | "new_vice_chair", on)."""
    events: list[tuple[str, date]] = []
    if joined_on and start <= joined_on <= end:
        events.append(("joined", joined_on))
    events += [("left", since) for status, since in statuses if status == "left" and start <= since <= end]
    for role, since in roles:
        if role in ("chair", "vice_chair") and since and start <= since <= end:
            events.append(("new_chair" if role == "chair" else "new_vice_chair", since))
    return events
