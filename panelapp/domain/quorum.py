"""Quorum for an adoption panel: the Adoption Agencies Regulations 2005, reg 6 as substituted in 2011.

Regulation 6 (the law): no business unless at least five members meet as the panel (six for
a joint panel), including the chair or one of the vice chairs appointed to that panel, and a
social worker with at least three years' relevant post-qualifying experience. Anything
stricter (an independent member, a larger number) is the agency's own rule: it is off by
default and every reason says which of the two fails ("Not quorate under regulation 6: ..."
or "Below the agency's own rule: ..."). Quorum is per case and per moment: the caller passes
the people in the room for that case (`sitting_for_case` drops who left for a declaration,
joined after it started or left before it ended).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, time
from math import floor

from panelapp.domain.vocab import NON_MEMBER_ROLES, Role

MIN_SOCIAL_WORK_PQE_YEARS = 3.0
# Reg 6(1) and, for a joint adoption panel, reg 6(2): fixed by law, not settings.
STATUTORY_MINIMUM = 5
STATUTORY_MINIMUM_JOINT = 6
REGULATION = "Not quorate under regulation 6: "
AGENCY_RULE = "Below the agency's own rule: "

# Unknown role codes are ignored rather than counted: only a real member role
# makes someone count, so a typo cannot make a panel look quorate.
_MEMBER_ROLES = frozenset(r.value for r in Role if r not in NON_MEMBER_ROLES)
_CHAIR_ROLES = frozenset({Role.CHAIR.value, Role.VICE_CHAIR.value})
# The independent chair is an independent person (reg 3: never the agency's own staff), so
# an agency rule asking for an independent member is met by them too.
_INDEPENDENT_ROLES = frozenset({Role.INDEPENDENT.value, Role.CHAIR.value})


@dataclass(frozen=True, init=False)
class Sitter:
    """Someone sitting for a case, with the role codes they hold.

    ``roles`` may be given as any iterable of codes and is kept as a frozenset.
    ``appointed_chair`` says whether they are the chair or a vice chair appointed to the
    panel that sits (reg 6(1)); None means "not known", and holding a chair or vice chair
    role is then taken as the appointment (the caller knows the panel: services pass it).
    """

    name: str
    roles: frozenset[str]
    pqe_years: float | None = None
    appointed_chair: bool | None = None

    def __init__(
        self,
        name: str,
        roles: Iterable[str],
        pqe_years: float | None = None,
        appointed_chair: bool | None = None,
    ) -> None:
        if isinstance(roles, str):  # Sitter("A", "chair") means one role, not five letters
            roles = (roles,)
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "roles", frozenset(str(r).strip().lower() for r in roles))
        object.__setattr__(self, "pqe_years", pqe_years)
        object.__setattr__(self, "appointed_chair", appointed_chair)

    @property
    def is_member(self) -> bool:
        return not self.roles.isdisjoint(_MEMBER_ROLES)

    @property
    def holds_chair_role(self) -> bool:
        return not self.roles.isdisjoint(_CHAIR_ROLES)

    @property
    def chairs_this_panel(self) -> bool:
        return self.holds_chair_role if self.appointed_chair is None else self.appointed_chair


@dataclass(frozen=True)
class QuorumPolicy:
    """``QuorumPolicy()`` is regulation 6 and nothing more. ``minimum`` above 5 and
    ``require_independent`` are the agency's own rules; a minimum below the law's is ignored
    (reg 6 still asks for 5, or 6 for a joint panel)."""

    minimum: int = STATUTORY_MINIMUM
    joint: bool = False
    require_independent: bool = False

    def __post_init__(self) -> None:
        if self.minimum < 1:
            raise ValueError(f"The quorum must be at least 1 member, not {self.minimum}")

    @property
    def statutory_required(self) -> int:
        return STATUTORY_MINIMUM_JOINT if self.joint else STATUTORY_MINIMUM

    @property
    def required(self) -> int:
        """Members needed under both rules: the law's number or the agency's, if higher."""
        agency = self.minimum + 1 if self.joint else self.minimum
        return max(self.statutory_required, agency)


@dataclass(frozen=True)
class QuorumResult:
    quorate: bool
    reasons: list[str] = field(default_factory=list)  # statutory first, then the agency's
    members_counted: int = 0
    required: int = 0
    # Quorate with nobody to spare: good practice books one above quorum.
    at_bare_minimum: bool = False
    members: tuple[str, ...] = ()  # names counted, in the order given
    statutory_reasons: tuple[str, ...] = ()  # "Not quorate under regulation 6: ..."
    agency_reasons: tuple[str, ...] = ()  # "Below the agency's own rule: ..."

    @property
    def meets_regulation(self) -> bool:
        """Quorate in law (reg 6), whatever the agency's own rule says."""
        return not self.statutory_reasons

    @property
    def summary(self) -> str:
        """One line for a badge: the law first, then the agency's rule."""
        if not self.meets_regulation:
            return "Not quorate under regulation 6"
        if self.agency_reasons:
            return "Below the agency's own rule"
        return "Quorate (bare minimum)" if self.at_bare_minimum else "Quorate"


def pqe_years(qualified_on: date | None, on: date) -> float | None:
    """Years of post-qualifying experience on ``on``, rounded down to 0.1.

    Rounding down means 3.0 is reached on the third anniversary and not a day
    before. None when the qualification date is unknown.
    """
    if qualified_on is None:
        return None
    if on <= qualified_on:
        return 0.0
    whole = on.year - qualified_on.year
    if _anniversary(qualified_on, on.year) > on:
        whole -= 1
    last = _anniversary(qualified_on, qualified_on.year + whole)
    following = _anniversary(qualified_on, qualified_on.year + whole + 1)
    fraction = (on - last).days / (following - last).days
    return floor((whole + fraction) * 10) / 10


def _anniversary(d: date, year: int) -> date:
    # 29 February counts from 1 March in other years, so a year is never short.
    try:
        return d.replace(year=year)
    except ValueError:
        return date(year, 3, 1)


def check_quorum(sitters: Iterable[Sitter], policy: QuorumPolicy) -> QuorumResult:
    """Regulation 6 first, then the agency's own rules, each failing rule with its reason."""
    people = _merge_by_name(sitters)
    members = [p for p in people if p.is_member]
    statutory = _statutory_reasons(members, policy)
    agency = _agency_reasons(members, policy)
    quorate = not statutory and not agency
    return QuorumResult(
        quorate=quorate,
        reasons=[*statutory, *agency],
        members_counted=len(members),
        required=policy.required,
        at_bare_minimum=quorate and len(members) == policy.required,
        members=tuple(p.name for p in members),
        statutory_reasons=tuple(statutory),
        agency_reasons=tuple(agency),
    )


def _statutory_reasons(members: list[Sitter], policy: QuorumPolicy) -> list[str]:
    reasons: list[str] = []
    required = policy.statutory_required
    if len(members) < required:
        reasons.append(REGULATION + _count_reason(len(members), required, policy.joint))
    if not any(p.chairs_this_panel for p in members):
        others = [p.name for p in members if p.holds_chair_role]
        elsewhere = f" ({_join(others)} chairs another panel)" if others else ""
        reasons.append(
            REGULATION + f"neither this panel's chair nor one of its vice chairs is sitting{elsewhere}."
        )
    social_workers = [p for p in members if Role.SOCIAL_WORKER.value in p.roles]
    if not any(p.pqe_years is not None and p.pqe_years >= MIN_SOCIAL_WORK_PQE_YEARS for p in social_workers):
        reasons.append(
            REGULATION
            + "no social work member with at least 3 years' relevant post-qualifying experience is sitting."
        )
        unknown = [p.name for p in social_workers if p.pqe_years is None]
        if unknown:
            reasons.append(
                REGULATION + f"the date relevant experience started is missing for {_join(unknown)}, "
                "so their post-qualifying experience is not known."
            )
    return reasons


def _agency_reasons(members: list[Sitter], policy: QuorumPolicy) -> list[str]:
    reasons: list[str] = []
    if policy.required > policy.statutory_required and len(members) < policy.required:
        counted = len(members)
        sitting = f"{counted} member{'' if counted == 1 else 's'} {'is' if counted == 1 else 'are'} sitting"
        reasons.append(AGENCY_RULE + f"{sitting}; the agency asks for {policy.required}.")
    if policy.require_independent and not any(not p.roles.isdisjoint(_INDEPENDENT_ROLES) for p in members):
        reasons.append(AGENCY_RULE + "no independent member is sitting (the independent chair counts).")
    return reasons


@dataclass(frozen=True)
class Presence:
    """When someone was in the room: None at either end means from the start, or to the end."""

    joined_at: time | None = None
    left_at: time | None = None


def in_room_for(presence: Presence, starts: time | None, ends: time | None) -> bool:
    """Whether someone counts for a case running from ``starts`` to ``ends`` (reg 6: members
    who "meet as the panel" for that business). A late joiner counts for cases starting at or
    after they joined; someone who left early, for cases that ended by the time they left.
    Without the case's times nobody is left out (the agenda has not been timed)."""
    joined_after_start = presence.joined_at is not None and starts is not None and starts < presence.joined_at
    left_before_end = presence.left_at is not None and ends is not None and ends > presence.left_at
    return not (joined_after_start or left_before_end)


def _merge_by_name(sitters: Iterable[Sitter]) -> list[Sitter]:
    """One entry per person: the same name listed twice (say once per role) merges.

    Names match ignoring case and spacing; the best known PQE and a chair appointment are kept.
    """
    merged: dict[str, Sitter] = {}
    for s in sitters:
        key = " ".join(s.name.split()).casefold()
        seen = merged.get(key)
        if seen is None:
            merged[key] = s
            continue
        known = [y for y in (seen.pqe_years, s.pqe_years) if y is not None]
        appointed = [a for a in (seen.appointed_chair, s.appointed_chair) if a is not None]
        merged[key] = Sitter(
            seen.name,
            seen.roles | s.roles,
            max(known) if known else None,
            any(appointed) if appointed else None,
        )
    return list(merged.values())


def _count_reason(counted: int, required: int, joint: bool) -> str:
    needed = f"{required} {'is' if required == 1 else 'are'} needed"
    if joint:
        needed += " for a joint panel"
    if counted == 0:
        return f"no members are sitting; {needed}."
    if counted == 1:
        return f"only 1 member is sitting; {needed}."
    return f"only {counted} members are sitting; {needed}."


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
