"""Bar charts as PNG images: Word and PDF embed the same pictures of a ChartSpec.

matplotlib is imported inside the function, with the Agg backend and without pyplot, so
importing this module costs nothing and drawing works on a worker thread. Drawing is the
slow part of a report's export, so the last few pictures are kept by their data: the Word
and the PDF of one report (or the same report again) draw each chart once.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from panelapp.documents.blocks import Block, ChartSpec

# Muted colours that stay distinct when printed in grey.
SERIES_COLOURS = ("#2b6cb0", "#dd6b20", "#38a169", "#805ad5")


def chart_png(spec: ChartSpec) -> bytes:
    series = tuple((name, tuple(values)) for name, values in spec.series)
    return _cached_png(spec.title, tuple(spec.categories), series, spec.y_label)


# A report has about four charts of a few tens of KB each: a handful of reports' worth.
@lru_cache(maxsize=24)
def _cached_png(
    title: str, categories: tuple[str, ...], series: tuple[tuple[str, tuple[int, ...]], ...], y_label: str
) -> bytes:
    return bar_chart_png(title, categories, series, y_label)


def draw_charts(blocks: Sequence[Block], progress: Callable[[int, str], None]) -> dict[int, bytes]:
    """Each chart among `blocks` as PNG, by its index; reports progress from 15% to 45%
    (drawing is the slow part of a long document, and `progress` may cancel)."""
    charts = [(index, block) for index, block in enumerate(blocks) if isinstance(block, ChartSpec)]
    pictures: dict[int, bytes] = {}
    for done, (index, spec) in enumerate(charts):
        progress(15 + 30 * done // len(charts), "Drawing the charts")
        pictures[index] = chart_png(spec)
    return pictures


def bar_chart_png(
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    y_label: str = "Number",
    width_in: float = 6.4,
    height_in: float = 3.2,
) -> bytes:
    """A grouped bar chart (one group per category, one bar per series) as PNG bytes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(width_in, height_in), dpi=150)
    canvas = FigureCanvasAgg(figure)
    axes = figure.add_subplot(1, 1, 1)
    count = max(len(series), 1)
    bar_width = 0.8 / count
    positions = list(range(len(categories)))
    top = 0
    for index, (name, values) in enumerate(series):
        offsets = [p - 0.4 + bar_width * (index + 0.5) for p in positions]
        bars = axes.bar(offsets, list(values), width=bar_width, label=name, color=SERIES_COLOURS[index % 4])
        axes.bar_label(bars, labels=[str(v) if v else "" for v in values], fontsize=7, padding=1)
        top = max([top, *values])
    axes.set_title(title, fontsize=10)
    axes.set_xticks(positions, [_wrap(c) for c in categories], fontsize=7)
    axes.set_ylabel(y_label, fontsize=8)
    axes.set_ylim(0, max(top * 1.18, 1))
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.tick_params(axis="y", labelsize=7)
    axes.spines[["top", "right"]].set_visible(False)
    if len(series) > 1:
        axes.legend(fontsize=7, frameon=False)
    figure.tight_layout()
    return _png(canvas, round(figure.dpi))


def _png(canvas: Any, dpi: int) -> bytes:  # a FigureCanvasAgg (matplotlib's stubs leave it untyped)
    """The drawn figure as an opaque PNG: RGB without the alpha channel Agg draws (the PDF
    would carry a second, all-opaque image as its mask), compressed lightly (flat colours
    compress well at any level; the higher levels only cost time)."""
    from PIL import Image

    canvas.draw()
    width, height = canvas.get_width_height(physical=True)
    picture = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    picture.convert("RGB").save(buffer, format="PNG", compress_level=1, dpi=(dpi, dpi))
    return buffer.getvalue()


def _wrap(label: str, width: int = 14) -> str:
    """Break long category names over two lines so they do not overlap."""
    if len(label) <= width or " " not in label:
        return label
    words, lines, line = label.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)
