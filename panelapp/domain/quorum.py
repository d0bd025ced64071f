"""Quorum for an adoption panel (Adoption Agencies Regulations 2005, reg 6, as amended).

A panel is quorate with at least ``minimum`` members (one more for a joint
panel), among them the chair or a vice chair and a social work member with at
least 3 years' post-qualifying experience; many agencies also require an
independent member. Quorum is per case: the caller passes the people sitting
for that case, having left out anyone who withdrew over a conflict.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from math import floor

from panelapp.domain.vocab import NON_MEMBER_ROLES, Role

MIN_SOCIAL_WORK_PQE_YEARS = 3.0

# Unknown role codes are ignored rather than counted: only a real member role
# makes someone count, so a typo cannot make a panel look quorate.
_MEMBER_ROLES = frozenset(r.value for r in Role if r not in NON_MEMBER_ROLES)
_CHAIR_ROLES = frozenset({Role.CHAIR.value, Role.VICE_CHAIR.value})


@dataclass(frozen=True, init=False)
class Sitter:
    """Someone sitting for a case, with the role codes they hold.

    ``roles`` may be given as any iterable of codes and is kept as a frozenset.
    """

    name: str
    roles: frozenset[str]
    pqe_years: float | None = None

    def __init__(self, name: str, roles: Iterable[str], pqe_years: float | None = None) -> None:
        if isinstance(roles, str):  # Sitter("A", "chair") means one role, not five letters
            roles = (roles,)
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "roles", frozenset(str(r).strip().lower() for r in roles))
        object.__setattr__(self, "pqe_years", pqe_years)

    @property
    def is_member(self) -> bool:
        return not self.roles.isdisjoint(_MEMBER_ROLES)


@dataclass(frozen=True)
class QuorumPolicy:
    minimum: int = 5
    joint: bool = False
    require_independent: bool = True

    def __post_init__(self) -> None:
        if self.minimum < 1:
            raise ValueError(f"The quorum must be at least 1 member, not {self.minimum}")

    @property
    def required(self) -> int:
        return self.minimum + 1 if self.joint else self.minimum


@dataclass(frozen=True)
class QuorumResult:
    quorate: bool
    reasons: list[str] = field(default_factory=list)
    members_counted: int = 0
    required: int = 0
    # Quorate with nobody to spare: good practice books one above quorum.
    at_bare_minimum: bool = False
    members: tuple[str, ...] = ()  # names counted, in the order given


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
    people = _merge_by_name(sitters)
    members = [p for p in people if p.is_member]
    required = policy.required
    reasons: list[str] = []

    if len(members) < required:
        reasons.append(_count_reason(len(members), required, policy.joint))

    if not any(not p.roles.isdisjoint(_CHAIR_ROLES) for p in members):
        reasons.append("No chair or vice chair is sitting.")

    social_workers = [p for p in members if Role.SOCIAL_WORKER.value in p.roles]
    if not any(p.pqe_years is not None and p.pqe_years >= MIN_SOCIAL_WORK_PQE_YEARS for p in social_workers):
        reasons.append("No social work member with at least 3 years' post-qualifying experience is sitting.")
        unknown = [p.name for p in social_workers if p.pqe_years is None]
        if unknown:
            reasons.append(
                f"The qualification date is missing for {_join(unknown)}, "
                "so their post-qualifying experience is not known."
            )

    if policy.require_independent and not any(Role.INDEPENDENT.value in p.roles for p in members):
        reasons.append("No independent member is sitting.")

    quorate = not reasons
    return QuorumResult(
        quorate=quorate,
        reasons=reasons,
        members_counted=len(members),
        required=required,
        at_bare_minimum=quorate and len(members) == required,
        members=tuple(p.name for p in members),
    )


def _merge_by_name(sitters: Iterable[Sitter]) -> list[Sitter]:
    """One entry per person: the same name listed twice (say once per role) merges.

    Names match ignoring case and spacing; the best known PQE is kept.
    """
    merged: dict[str, Sitter] = {}
    for s in sitters:
        key = " ".join(s.name.split()).casefold()
        seen = merged.get(key)
        if seen is None:
            merged[key] = s
            continue
        known = [y for y in (seen.pqe_years, s.pqe_years) if y is not None]
        merged[key] = Sitter(seen.name, seen.roles | s.roles, max(known) if known else None)
    return list(merged.values())


def _count_reason(counted: int, required: int, joint: bool) -> str:
    needed = f"{required} {'is' if required == 1 else 'are'} needed"
    if joint:
        needed += " for a joint panel"
    if counted == 0:
        return f"No members are sitting; {needed}."
    if counted == 1:
        return f"Only 1 member is sitting; {needed}."
    return f"Only {counted} members are sitting; {needed}."


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
