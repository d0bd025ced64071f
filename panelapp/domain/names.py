"""Sorting people's names as an English reader expects, whatever their letters.

Python sorts by code point, so "Łukasiewicz" would come after "Zhang" and "Çelik" after
"Young". `fold` reads a name as its base letters ("Ł" as "L", "é" as "e", "ß" as "ss"), so
lists sort the way a printed index or a phone book does, on any computer, without a locale.
"""

from __future__ import annotations

import unicodedata

# Letters with no decomposition to a base letter plus an accent.
_BASE_LETTERS = str.maketrans(
    {"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "Ħ": "H", "ħ": "h", "ı": "i",
     "ß": "ss", "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "Þ": "Th", "þ": "th", "Ð": "D", "ð": "d"}
)  # fmt: skip


def fold(text: str) -> str:
    """`text` in base letters, case folded: "Zoë Łukasiewicz-Nguyễn" -> "zoe lukasiewicz-nguyen"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_BASE_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def name_key(name: str) -> tuple[str, str]:
    """Sort key for a name as written: by its base letters, then exactly (so it is stable)."""
    return (fold(name), name.casefold())
