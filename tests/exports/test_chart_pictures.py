"""Charts drawn once per report (issue 21: the Word and the PDF share each picture)."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from panelapp.documents.blocks import ChartSpec
from panelapp.exports import charts


def _spec(approved: int = 3) -> ChartSpec:
    return ChartSpec(
        title="Cases heard",
        categories=["Adopters approved", "Matches"],
        series=[("This period", [approved, 2]), ("Last period", [1, 4])],
        caption="Cases heard by type",
    )


def test_the_same_chart_is_drawn_once_and_a_changed_one_again(monkeypatch: pytest.MonkeyPatch) -> None:
    charts._cached_png.cache_clear()
    drawn: list[str] = []
    real = charts.bar_chart_png

    def counting(*args: object, **kwargs: object) -> bytes:
        drawn.append(str(args[0]))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(charts, "bar_chart_png", counting)
    first = charts.chart_png(_spec())
    again = charts.chart_png(_spec())  # equal data in new lists, as the next export builds it
    assert again == first and len(drawn) == 1
    changed = charts.chart_png(_spec(approved=5))
    assert changed != first and len(drawn) == 2  # other figures: another picture


def test_a_chart_is_an_opaque_png_at_150_dpi() -> None:
    picture = Image.open(io.BytesIO(charts.bar_chart_png("T", ["A", "B"], [("x", [1, 2])])))
    assert picture.format == "PNG" and picture.mode == "RGB"  # no alpha: no mask image in the PDF
    assert picture.size == (960, 480)
    assert round(picture.info["dpi"][0]) == 150
