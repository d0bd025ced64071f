"""Layout decisions shared by the Word and PDF renderers, so both documents look alike."""

from __future__ import annotations

MIN_COLUMN_CHARS = 4


def column_shares(headers: list[str], rows: list[list[str]], capacity: float = 80) -> list[float]:
    """Each column's share of the width, from its text: every column first gets its longest
    word (so no reference or date is broken), then the rest of the `capacity` (characters
    across the page) goes where lines are longest."""
    least, wanted = [], []
    for index in range(len(headers)):
        cells = [headers[index], *(row[index] for row in rows if index < len(row))]
        lines = [line for cell in cells for line in str(cell).splitlines()] or [""]
        word = max((len(w) for line in lines for w in line.split()), default=0)
        least.append(max(MIN_COLUMN_CHARS, word) + 2.5)  # the cell's own margins
        wanted.append(max(MIN_COLUMN_CHARS, word, max(len(line) for line in lines)) + 2.5)
    if sum(wanted) <= capacity:
        return [w / sum(wanted) for w in wanted]
    if sum(least) >= capacity:
        return [w / sum(least) for w in least]
    spare, extra = capacity - sum(least), [w - m for w, m in zip(wanted, least, strict=True)]
    return [(m + spare * e / sum(extra)) / capacity for m, e in zip(least, extra, strict=True)]
