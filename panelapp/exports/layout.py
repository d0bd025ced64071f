"""Layout decisions shared by the Word and PDF renderers, so both documents look alike."""

from __future__ import annotations

WIDEST_COLUMN_SHARE = 0.6  # no column takes more than this share of the text width
MIN_COLUMN_CHARS = 4


def column_shares(headers: list[str], rows: list[list[str]]) -> list[float]:
    """Each column's share of the width, from its longest line (a word is never split: the
    longest word sets a floor), so dates and references stay on one line."""
    count = len(headers)
    need = []
    for index in range(count):
        cells = [headers[index], *(row[index] for row in rows if index < len(row))]
        lines = [line for cell in cells for line in str(cell).splitlines()] or [""]
        longest_line = max(len(line) for line in lines)
        longest_word = max((len(word) for line in lines for word in line.split()), default=0)
        need.append(max(MIN_COLUMN_CHARS, longest_word, min(longest_line, 40)))
    total = sum(need)
    shares = [min(n / total, WIDEST_COLUMN_SHARE) for n in need]
    scale = sum(shares)
    return [s / scale for s in shares]
