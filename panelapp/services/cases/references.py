"""The next case reference, offered on a new case from the agency's own pattern (issue 20).

References such as NRAA-2026-00199: a prefix, the year, a separator and a zero-padded number.
The number either runs on across years (the demo agency: 2026-00212 is followed by 2027-00213)
or starts again each year (2025-00014 and 2026-00014 both exist); the next free one follows
whichever the agency does, for the current year. References without a year take the next
number after the prefix. The dialog only pre-fills it: the user may type another.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import select

from db.models import Agency, Case
from panelapp.services.context import ServiceContext

_WITH_YEAR = re.compile(r"^(?P<prefix>.*?)(?P<year>(?:19|20)\d{2})(?P<sep>\D+)(?P<number>\d+)$")
_NUMBERED = re.compile(r"^(?P<prefix>.*?\D)?(?P<number>\d+)$")


@dataclass(frozen=True)
class _Ref:
    prefix: str
    year: int | None
    sep: str
    number: int
    width: int


def _parse(reference: str) -> _Ref | None:
    found = _WITH_YEAR.match(reference.strip())
    if found:
        number = found["number"]
        return _Ref(found["prefix"], int(found["year"]), found["sep"], int(number), len(number))
    found = _NUMBERED.match(reference.strip())
    if found:
        number = found["number"]
        return _Ref(found["prefix"] or "", None, "", int(number), len(number))
    return None


def propose_reference(references: Sequence[str], year: int, short_name: str = "") -> str:
    """The next free reference after `references` (newest last) for `year`; "" when there is
    no pattern to follow and no short name to start one with."""
    parsed = [p for p in (_parse(r) for r in references) if p is not None]
    if not parsed:
        return f"{short_name.strip()}-{year}-00001" if short_name.strip() else ""
    latest = parsed[-1]  # the agency's current pattern: its newest reference's
    same = [
        p
        for p in parsed
        if (p.prefix, p.sep, p.year is None) == (latest.prefix, latest.sep, latest.year is None)
    ]
    taken = set(references)
    if latest.year is None:
        number = max(p.number for p in same) + 1
        return _free(taken, lambda n: f"{latest.prefix}{n:0{latest.width}d}", number)
    years_of = Counter(p.number for p in same)
    restarts_each_year = any(count > 1 for count in years_of.values())
    pool = [p.number for p in same if p.year == year] if restarts_each_year else [p.number for p in same]
    number = max(pool, default=0) + 1
    return _free(taken, lambda n: f"{latest.prefix}{year}{latest.sep}{n:0{latest.width}d}", number)


def _free(taken: set[str], shape: Callable[[int], str], number: int) -> str:
    while shape(number) in taken:
        number += 1
    return shape(number)


def next_reference(ctx: ServiceContext) -> str:
    """The reference a new case is offered: the agency's pattern, this year, the next number."""
    with ctx.read() as session:
        references = list(
            session.scalars(select(Case.reference).where(Case.agency_id == ctx.agency_id).order_by(Case.id))
        )
        short_name = session.scalar(select(Agency.short_name).where(Agency.id == ctx.agency_id)) or ""
    return propose_reference(references, ctx.today().year, short_name)
