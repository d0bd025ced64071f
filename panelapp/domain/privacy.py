"""Children's identities stay in PanelApp: circulated text names them by initials only.

Each case keeps the names that must never circulate: the children's full names (kept on the
child), and, entered on the case, their surnames, known-as names and their birth relatives'
names. `withheld_names` gathers them with the initials that replace them; `scrub` replaces
them in any text; `find_withheld` is the circulation check's reading of a finished document.
Matching ignores case and takes whole words only, so "Rosie" goes but "Rosier" stays.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

T = TypeVar("T")

MIN_NAME_LENGTH = 2  # a one-letter "name" would replace every lone letter in the text

# The kinds of withheld name a case keeps (withheld_name.kind), in the words of the case dialog.
WITHHELD_KINDS: dict[str, str] = {
    "surname": "Child's surname",
    "known_as": "Known-as name or nickname",
    "birth_relative": "Birth parent's or relative's name",
    "other": "Other name",
}


@dataclass(frozen=True)
class WithheldName:
    """A name never to circulate and what replaces it."""

    name: str
    initials: str
    kind: str = "other"


@dataclass(frozen=True)
class Finding:
    """A withheld name found in a finished document, and where (e.g. "page 2")."""

    name: str
    where: str


def initials_of(name: str) -> str:
    """'Sharon Blackthorn' -> 'SB'; 'Łukasiewicz-Nguyễn' -> 'ŁN' (each part of a double name)."""
    parts = [p for p in re.split(r"[\s\-]+", name.strip()) if p]
    return "".join(p[0].upper() for p in parts if p[0].isalpha())


def withheld_names(
    children: Iterable[tuple[str, str]], entered: Iterable[WithheldName] = ()
) -> list[WithheldName]:
    """Every name to withhold for a case (or a sitting's cases), longest first.

    `children` holds each child's (full name, initials): the full name, the first name and
    the surname all go (the surname by the surname's initial, as "the B siblings"). `entered`
    are the case's own rows (surnames, known-as names, birth relatives); a row without
    initials takes the name's own.
    """
    names: dict[str, WithheldName] = {}
    for full_name, initials in children:
        parts = full_name.split()
        if not parts:
            continue
        surname_initial = initials[-1:] if initials else initials_of(parts[-1])
        candidates = [(" ".join(parts), initials, "child"), (parts[0], initials, "child")]
        if len(parts) > 1:
            candidates.append((parts[-1], surname_initial, "surname"))
        for name, replacement, kind in candidates:
            names.setdefault(name.casefold(), WithheldName(name, replacement or initials_of(name), kind))
    for row in entered:
        name = " ".join(row.name.split())
        if name:
            names.setdefault(name.casefold(), WithheldName(name, row.initials or initials_of(name), row.kind))
    usable = [n for n in names.values() if len(n.name) >= MIN_NAME_LENGTH]
    return sorted(usable, key=lambda n: -len(n.name))  # "Max Blackthorn" before "Max"


@lru_cache(maxsize=4096)
def _pattern(name: str) -> re.Pattern[str]:
    # Any run of spaces or a line break between the words of a name still matches it.
    return re.compile(r"(?<!\w)" + _words(name) + r"(?!\w)", re.IGNORECASE)


def _words(name: str) -> str:
    return r"\s+".join(re.escape(word) for word in name.split())


def _allowed_pattern(allowed: Iterable[str]) -> re.Pattern[str] | None:
    """Names rightly in a document (a member "James Carter" when a child is called James)."""
    return _allowed_compiled(tuple(allowed))


# Compiled once per document: a report scrubs hundreds of texts with the same names and the
# same allowed names (issue 21: building these patterns per text was most of an export's time).
@lru_cache(maxsize=16)
def _allowed_compiled(allowed: tuple[str, ...]) -> re.Pattern[str] | None:
    phrases = sorted({" ".join(a.split()) for a in allowed if a.strip()}, key=len, reverse=True)
    if not phrases:
        return None
    alternatives = "|".join(_words(p) for p in phrases)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=16)
def _ordered(names: tuple[WithheldName, ...]) -> tuple[tuple[WithheldName, ...], re.Pattern[str] | None]:
    """The usable names longest first, and one pattern matching wherever any of them would:
    a text it does not match is left as it is without trying each name in turn."""
    ordered = tuple(sorted((n for n in names if len(n.name) >= MIN_NAME_LENGTH), key=lambda n: -len(n.name)))
    if not ordered:
        return ordered, None
    alternatives = "|".join(_words(n.name) for n in ordered)
    return ordered, re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _outside_allowed(text: str, allowed: re.Pattern[str] | None) -> list[tuple[bool, str]]:
    """`text` cut into (may change, piece): the allowed names' pieces are left alone."""
    if allowed is None:
        return [(True, text)]
    pieces: list[tuple[bool, str]] = []
    last = 0
    for match in allowed.finditer(text):
        pieces += [(True, text[last : match.start()]), (False, match.group(0))]
        last = match.end()
    return [*pieces, (True, text[last:])]


def scrub(text: str, names: Sequence[WithheldName], allowed: Iterable[str] = ()) -> str:
    """`text` with every withheld name replaced by its initials (longest name first), except
    within the `allowed` names of people rightly named in the document."""
    if not text or not names:
        return text
    ordered, any_name = _ordered(tuple(names))
    if any_name is None:
        return text
    out = []
    for may_change, piece in _outside_allowed(text, _allowed_pattern(allowed)):
        if may_change and any_name.search(piece):
            for withheld in ordered:
                piece = _pattern(withheld.name).sub(withheld.initials, piece)
        out.append(piece)
    return "".join(out)


def scrub_all(value: T, names: Sequence[WithheldName], allowed: Iterable[str] = ()) -> T:
    """`value` (a document: frozen dataclasses, tuples, lists and text) with every text in it
    scrubbed: one pass over the whole document, so no field is forgotten."""
    allowed = tuple(allowed)
    return _scrub_value(value, names, allowed) if names else value


def _scrub_value(value: Any, names: Sequence[WithheldName], allowed: tuple[str, ...]) -> Any:
    if isinstance(value, str):
        return scrub(value, names, allowed)
    if isinstance(value, tuple):
        return tuple(_scrub_value(v, names, allowed) for v in value)
    if isinstance(value, list):
        return [_scrub_value(v, names, allowed) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: _scrub_value(getattr(value, f.name), names, allowed)
            for f in dataclasses.fields(value)
            if f.init
        }
        return dataclasses.replace(value, **changes)
    return value


def scrub_children(text: str, children: Iterable[tuple[str, str]]) -> str:
    """`text` with each child's full name, first name and surname replaced by initials."""
    return scrub(text, withheld_names(children))


def find_withheld(
    parts: Iterable[tuple[str, str]], names: Sequence[WithheldName], allowed: Iterable[str] = ()
) -> list[Finding]:
    """Each withheld name still present in the (where, text) parts of a finished document,
    outside the `allowed` names of people rightly named in it."""
    found: list[Finding] = []
    allowed_pattern = _allowed_pattern(allowed)
    any_name = _ordered(tuple(names))[1]
    for where, text in parts:
        free = " ".join(p for may, p in _outside_allowed(text, allowed_pattern) if may)
        if any_name is None or not any_name.search(free):
            continue
        for withheld in names:
            if len(withheld.name) >= MIN_NAME_LENGTH and _pattern(withheld.name).search(free):
                found.append(Finding(withheld.name, where))
    return found


def describe_findings(findings: Sequence[Finding], limit: int = 6) -> str:
    """'"Maxie" on page 2; "Blackthorn" on page 3 ...' for the refusal message."""
    shown = [f'"{f.name}" ({f.where})' for f in findings[:limit]]
    more = len(findings) - limit
    return "; ".join(shown) + (f"; and {more} more" if more > 0 else "")
