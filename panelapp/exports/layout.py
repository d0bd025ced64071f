"""Layout decisions shared by the Word and PDF renderers, so both documents look alike."""

from __future__ import annotations

from collections.abc import Callable, Sequence

# measure(text, bold) -> its width in points, set in the table's font and size
Measure = Callable[[str, bool], float]


def fit_widths(
    headers: Sequence[str], rows: Sequence[Sequence[str]], width: float, measure: Measure, padding: float
) -> list[float]:
    """Column widths in points from the text itself, measured in the font it is set in: each
    column at least as wide as its longest word (so no word, reference or date is ever
    broken), the rest of `width` shared out in proportion to how much more each column would
    like (its longest line). `padding` is a cell's left and right margins together, plus a hair."""
    least, wanted = [], []
    for index, header in enumerate(headers):
        cells = [(header, True), *((str(row[index]), False) for row in rows if index < len(row))]
        lines = [(line, bold) for text, bold in cells for line in text.splitlines()]
        low = max((measure(w, bold) for line, bold in lines for w in line.split()), default=10.0)
        high = max((measure(line, bold) for line, bold in lines), default=10.0)
        least.append(low + padding)
        wanted.append(max(high, low) + padding)
    if sum(wanted) <= width:
        return [w * width / sum(wanted) for w in wanted]
    if sum(least) >= width:  # even whole words do not fit: share by need, words may break
        return [w * width / sum(least) for w in least]
    spare, extra = width - sum(least), [w - m for w, m in zip(wanted, least, strict=True)]
    return [m + spare * e / sum(extra) for m, e in zip(least, extra, strict=True)]
