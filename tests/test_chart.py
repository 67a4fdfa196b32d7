"""The cumulative municipal net cash-flow chart (sib_case.render.chart), PNG and SVG."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from sib_case import Result, evaluate, load_case
from sib_case.labels import Lang, label
from sib_case.render.chart import render_chart

HERE = Path(__file__).parent
SMALL = HERE / "reference" / "small.yaml"
CASES = sorted((HERE.parent / "cases").glob("*.yaml"))
SVG = "{http://www.w3.org/2000/svg}"

pytestmark = pytest.mark.slow  # every test here draws a chart with matplotlib


@pytest.fixture(scope="module")
def small() -> Result:
    return evaluate(load_case(SMALL))


def svg_texts(svg: bytes) -> list[str]:
    """Every text of the chart (the SVG keeps text as <text> elements), as it reads."""
    root = ET.fromstring(svg)
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def test_png_has_the_signature_and_a_memo_size(small: Result) -> None:
    png = render_chart(small, "png")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", png[16:24])  # IHDR, the first chunk
    # 16 x 9 cm at 150 dpi: 16 / 2.54 x 150 = 945, 9 / 2.54 x 150 = 531 pixels.
    assert width == pytest.approx(945, abs=2)
    assert height == pytest.approx(531, abs=2)
    assert 10_000 < len(png) < 1_000_000


def test_png_carries_no_software_stamp(small: Result) -> None:
    assert b"matplotlib" not in render_chart(small, "png").lower()


def test_svg_parses_and_holds_axis_title_and_legend(small: Result) -> None:
    texts = svg_texts(render_chart(small, "svg"))
    assert "Cumulative net (DKK)" in texts
    assert "Cumulative municipal net cash flow" in texts
    assert "Small reference case" in texts
    assert "SIB" in texts
    assert "Self-financed" in texts
    # break-even years from tests/test_reference.py: SIB 2026, self-financed 2027
    assert "break-even 2026" in texts
    assert "break-even 2027" in texts
    # English thousands separators on the y axis
    assert any("," in t and t.replace(",", "").lstrip("-").isdigit() for t in texts)


def test_svg_in_danish(small: Result) -> None:
    texts = svg_texts(render_chart(small, "svg", "da"))
    assert "Akkumuleret netto (DKK)" in texts
    assert "Kommunens akkumulerede nettopengestrøm" in texts
    assert "Social effektinvestering" in texts
    assert "Egenfinansieret" in texts
    # Danish thousands separator: a point (the cumulative reaches 670,000, so ticks
    # of 100,000 or more are drawn)
    assert any("." in t and t.replace(".", "").lstrip("-").isdigit() for t in texts)
    assert not any("," in t and t.replace(",", "").isdigit() for t in texts)


def test_svg_has_no_date_or_version(small: Result) -> None:
    svg = render_chart(small, "svg")
    assert b"<dc:date>" not in svg
    assert b"Matplotlib v" not in svg


@pytest.mark.parametrize("fmt", ["png", "svg"])
@pytest.mark.parametrize("lang", ["en", "da"])
def test_same_result_same_bytes(small: Result, fmt: str, lang: Lang) -> None:
    assert render_chart(small, fmt, lang) == render_chart(small, fmt, lang)


@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_each_mode_says_when_it_breaks_even_or_that_it_never_does(case_file: Path) -> None:
    result = evaluate(load_case(case_file))
    texts = svg_texts(render_chart(result, "svg"))
    for mode in (result.primary, result.alternative):
        year = mode.metrics.break_even_year
        if year is None:
            assert f"{label(mode.mode)} ({label('chart_no_break_even')})" in texts
        else:
            assert label(mode.mode) in texts
            assert f"break-even {year}" in texts


def test_unknown_format_is_refused(small: Result) -> None:
    with pytest.raises(ValueError, match="'png' or 'svg'"):
        render_chart(small, "pdf")
