"""The pieces a long document is made of, drawn the same way by the Word and PDF renderers
(and, for tables and charts, by the Reports view)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Heading:
    text: str
    level: int  # 1 = a section, 2 = a sub-section


@dataclass(frozen=True)
class Para:
    text: str
    note: bool = False  # shown in italics: explanations and empty sections


@dataclass(frozen=True)
class TableBlock:
    headers: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class ChartSpec:
    """A grouped bar chart as data: Word and PDF draw it as a picture, the app with QPainter."""

    title: str
    categories: list[str]
    series: list[tuple[str, list[int]]]  # (name, one value per category)
    caption: str
    y_label: str = "Number"


@dataclass(frozen=True)
class Contents:
    """Where the table of contents goes (Word builds it from the headings)."""


@dataclass(frozen=True)
class PageBreak:
    """Start a new page (after the contents, before an appendix)."""


Block = Heading | Para | TableBlock | ChartSpec | Contents | PageBreak
