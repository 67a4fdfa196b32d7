"""The cumulative municipal net cash-flow chart (sib_case.render.chart): SVG written by
hand, PNG rasterized from it by resvg with matplotlib's DejaVu Sans."""

from __future__ import annotations

import itertools
import re
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from sib_case import Result, __version__, evaluate, load_case
from sib_case.labels import Lang, label
from sib_case.render.chart import (
    HEIGHT,
    PNG_DPI,
    WIDTH,
    chart_svg,
    font_file,
    metrics,
    nice_ticks,
    rasterize,
    render_chart,
    text_width,
)

HERE = Path(__file__).parent
SMALL = HERE / "reference" / "small.yaml"
CASES = sorted(
    [
        *(p for p in (HERE.parent / "cases").rglob("*.yaml") if ".results." not in p.name),
        *(HERE / "reference").glob("*.yaml"),
    ]
)
SVG = "{http://www.w3.org/2000/svg}"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def small() -> Result:
    return evaluate(load_case(SMALL))


def variant(tmp_path: Path, old: str, new: str) -> Result:
    """The small case with one line of its file changed."""
    text = SMALL.read_text(encoding="utf-8")
    assert old in text
    case_file = tmp_path / "variant.yaml"
    case_file.write_text(text.replace(old, new), encoding="utf-8")
    return evaluate(load_case(case_file))


def svg_texts(svg: bytes | str) -> list[str]:
    """Every text of the chart (the SVG keeps text as <text> elements), as it reads."""
    root = ET.fromstring(svg)
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def png_chunks(png: bytes) -> list[bytes]:
    """The chunk types of a PNG, in order."""
    assert png.startswith(PNG_SIGNATURE)
    chunks, at = [], len(PNG_SIGNATURE)
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        chunks.append(png[at + 4 : at + 8])
        at += 12 + length
    return chunks


# ---- PNG -----------------------------------------------------------------------------


def test_png_has_the_signature_and_a_memo_size(small: Result) -> None:
    png = render_chart(small, "png")
    width, height = struct.unpack(">II", png[16:24])  # IHDR, the first chunk
    # 16 x 9 cm at 150 dpi: 16 / 2.54 x 150 = 944.9, 9 / 2.54 x 150 = 531.5 pixels.
    assert PNG_DPI == 150
    assert (width, height) == (945, 531)
    assert 10_000 < len(png) < 1_000_000


def test_png_carries_no_software_or_time_stamp(small: Result) -> None:
    png = render_chart(small, "png")
    # Only the image itself: no tEXt, zTXt or iTXt (software, dates) and no tIME.
    assert set(png_chunks(png)) == {b"IHDR", b"IDAT", b"IEND"}
    assert b"matplotlib" not in png.lower()
    assert b"resvg" not in png.lower()


def test_png_draws_its_text_with_matplotlibs_dejavu_sans() -> None:
    font = font_file()
    assert font is not None
    assert font.name == "DejaVuSans.ttf"
    assert font.parent.parts[-3:] == ("mpl-data", "fonts", "ttf")
    # resvg is given that font alone (no system fonts): without a font the text would
    # draw nothing, and both PNGs would be the same blank page.
    page = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="16cm" height="9cm" viewBox="0 0 {WIDTH} {HEIGHT}">'
    )
    blank = f'{page}<rect width="{WIDTH}" height="{HEIGHT}" fill="#fff"/></svg>'
    text = blank.replace(
        "</svg>", '<text x="20" y="40" font-family="DejaVu Sans">Egenfinansieret</text></svg>'
    )
    assert rasterize(text) != rasterize(blank)


# ---- SVG -----------------------------------------------------------------------------


def test_svg_parses_and_holds_axis_title_and_legend(small: Result) -> None:
    svg = render_chart(small, "svg")
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert (root.get("width"), root.get("height")) == ("16cm", "9cm")
    assert root.get("role") == "img"
    assert root.get("aria-label") == "Cumulative municipal net cash flow: Small reference case"
    texts = svg_texts(svg)
    assert "Cumulative net (DKK)" in texts
    assert "Cumulative municipal net cash flow" in texts
    assert "Small reference case" in texts
    assert "SIB" in texts
    assert "Self-financed" in texts
    # break-even years from tests/test_reference.py: SIB 2026, self-financed 2027
    assert "break-even 2026" in texts
    assert "break-even 2027" in texts
    # every year of the five-year horizon on the x axis
    assert [t for t in texts if re.fullmatch(r"20\d\d", t)] == ["2026", "2027", "2028", "2029", "2030"]
    # English thousands separators on the y axis
    assert any("," in t and t.replace(",", "").lstrip("-").isdigit() for t in texts)


def test_svg_in_danish(small: Result) -> None:
    texts = svg_texts(render_chart(small, "svg", "da"))
    assert "Akkumuleret netto (kr.)" in texts
    assert "Kommunens akkumulerede nettopengestrøm" in texts
    assert "Social effektinvestering" in texts
    assert "Egenfinansieret" in texts
    # Danish thousands separator: a point (the cumulative reaches 670,000, so ticks
    # of 100,000 or more are drawn)
    assert any("." in t and t.replace(".", "").lstrip("-").isdigit() for t in texts)
    assert not any("," in t and t.replace(",", "").isdigit() for t in texts)


def test_y_ticks_as_matplotlib_drew_them() -> None:
    # cases/dk-employment.yaml in Danish: matplotlib's MaxNLocator(nbins=8, steps=[1, 2,
    # 2.5, 5, 10]) drew -4.000.000 to 8.000.000 by 2.000.000 (the chart before this one).
    texts = svg_texts(
        render_chart(evaluate(load_case(HERE.parent / "cases" / "dk-employment.yaml")), "svg", "da")
    )
    ticks = [t for t in texts if re.fullmatch(r"-?\d{1,3}(\.\d{3})*", t) and not re.fullmatch(r"20\d\d", t)]
    assert ticks == ["-4.000.000", "-2.000.000", "0", "2.000.000", "4.000.000", "6.000.000", "8.000.000"]


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        # span / 8 bins = 1.71 million: the next nice step is 2 million
        (-5.1e6, 8.6e6, [-4e6, -2e6, 0.0, 2e6, 4e6, 6e6, 8e6]),
        # span / 8 = 0.15 million: 0.2 million (2 x 10^5)
        (-0.1e6, 1.1e6, [0.0, 0.2e6, 0.4e6, 0.6e6, 0.8e6, 1.0e6]),
        # span / 8 = 23,750: 25,000 (2.5 x 10^4)
        (
            -40_000.0,
            150_000.0,
            [-25_000.0, 0.0, 25_000.0, 50_000.0, 75_000.0, 100_000.0, 125_000.0, 150_000.0],
        ),
        # never a step below 1 (money in whole units)
        (-1.3, 1.3, [-1.0, 0.0, 1.0]),
    ],
)
def test_nice_ticks(low: float, high: float, expected: list[float]) -> None:
    assert nice_ticks(low, high, 8, (1, 2, 2.5, 5, 10)) == pytest.approx(expected)


def test_long_horizon_ticks_every_fifth_year(tmp_path: Path) -> None:
    # 25 years, 2026-2050, over 2025.6-2050.4: 24.8 / 10 bins = 2.48, so whole steps of 5
    # (2.5 is no whole number of years).
    texts = svg_texts(chart_svg(variant(tmp_path, "horizon: 5", "horizon: 25")))
    assert [t for t in texts if re.fullmatch(r"20\d\d", t)] == ["2030", "2035", "2040", "2045", "2050"]


def test_svg_has_no_date_version_or_declaration(small: Result) -> None:
    svg = render_chart(small, "svg").decode("utf-8")
    assert svg.startswith("<svg ")  # no XML declaration or doctype: it goes inside HTML too
    assert __version__ not in svg
    assert not re.search(r"\d{4}-\d\d-\d\d|\d\d:\d\d", svg)
    assert "matplotlib" not in svg.lower()
    assert "resvg" not in svg.lower()
    assert not re.search(r"\bid=", svg)  # no ids at all, random or not
    assert "font-family=\"'DejaVu Sans'" in svg


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


def _boxes(svg: str) -> tuple[tuple[float, float, float, float], list[tuple[float, float, float, float]]]:
    """The plot area (from its axes) and the white boxes of the break-even labels, as
    (left, top, right, bottom)."""
    axes = re.search(r'<path d="M([\d.]+) ([\d.]+)V([\d.]+)H([\d.]+)"', svg)
    assert axes is not None
    left, top, bottom, right = map(float, axes.groups())
    notes = []
    for x, y, w, h in re.findall(
        r'<rect x="([\d.-]+)" y="([\d.-]+)" width="([\d.]+)" height="([\d.]+)" rx="[\d.]+" fill="#ffffff"',
        svg,
    ):
        notes.append((float(x), float(y), float(x) + float(w), float(y) + float(h)))
    return (left, top, right, bottom), notes


@pytest.mark.parametrize("lang", ["en", "da"])
@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_break_even_labels_inside_the_plot_and_apart(case_file: Path, lang: Lang) -> None:
    result = evaluate(load_case(case_file))
    svg = chart_svg(result, lang)
    plot, notes = _boxes(svg)
    assert len(notes) == sum(m.metrics.break_even_year is not None for m in result.modes)
    for left, top, right, bottom in notes:
        assert plot[0] <= left < right <= plot[2]
        assert plot[1] <= top < bottom <= plot[3]
    for a, b in itertools.combinations(notes, 2):
        assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


def test_both_modes_breaking_even_in_the_same_year_get_a_label_each(tmp_path: Path) -> None:
    # 10,000 participants a cohort: both modes break even in 2026 (rings 100 million apart
    # on the page only some 20 points apart); each label near its own ring, apart.
    result = variant(tmp_path, "participants: 10\n", "participants: 10000\n")
    assert [m.metrics.break_even_year for m in result.modes] == [2026, 2026]
    svg = chart_svg(result, "da")
    assert svg_texts(svg).count("tilbagebetalt 2026") == 2
    _, notes = _boxes(svg)
    rings = [tuple(map(float, r)) for r in re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)" r="4"', svg)]
    assert len(notes) == len(rings) == 2
    (a, b) = notes
    assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]

    def distance(box: tuple[float, float, float, float], ring: tuple[float, ...]) -> float:
        x, y = ring
        return float(max(box[0] - x, 0, x - box[2]) ** 2 + max(box[1] - y, 0, y - box[3]) ** 2) ** 0.5

    for own, note in enumerate(notes):  # drawn in the order of the modes, the SIB first
        assert distance(note, rings[own]) < distance(note, rings[1 - own])


def test_hostile_case_name_is_text(tmp_path: Path) -> None:
    yaml_name = '"<b>Tom & Jerry\'s \\"SIB\\"</b>\\x07 ]]> <!-- $5"'
    result = variant(tmp_path, "name: Small reference case", f"name: {yaml_name}")
    assert "\x07" in result.case.case.name
    svg = render_chart(result, "svg")
    assert b"\x07" not in svg  # no character XML 1.0 forbids
    assert b"<b>" not in svg
    expected = '<b>Tom & Jerry\'s "SIB"</b> ]]> <!-- $5'  # the bell a space, spaces collapsed
    assert expected in svg_texts(svg)
    assert ET.fromstring(svg).get("aria-label") == f"Cumulative municipal net cash flow: {expected}"
    png = render_chart(result, "png")
    assert png.startswith(PNG_SIGNATURE)
    assert set(png_chunks(png)) == {b"IHDR", b"IDAT", b"IEND"}


def test_long_case_name_is_shortened_and_fits_the_width(tmp_path: Path) -> None:
    name = "Ungdomsboliger med bostøtte og mentor " * 5
    result = variant(tmp_path, "name: Small reference case", f"name: {name.strip()}")
    svg = chart_svg(result, "da")
    (line,) = re.findall(
        r'<text x="([\d.]+)" y="[\d.]+" font-size="([\d.]+)">(Ungdomsboliger[^<]*)</text>', svg
    )
    x, size, text = float(line[0]), float(line[1]), line[2]
    assert len(text) <= 90
    assert text.endswith(" ...")
    assert x >= 0
    assert x + text_width(text, size) <= WIDTH


def test_text_widths_are_the_fonts_advance_widths() -> None:
    """The widths the layout uses, against FreeType's (through matplotlib's ft2font)."""
    ft2font = pytest.importorskip("matplotlib.ft2font")
    path = font_file()
    assert path is not None
    font = ft2font.FT2Font(str(path))
    font.set_size(100, 72)
    for char in "0123456789.,-() ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzæøåÆØÅé£€":
        glyph = font.load_char(ord(char), flags=ft2font.LoadFlags.NO_HINTING)
        assert text_width(char, 100) == pytest.approx(glyph.linearHoriAdvance / 65536)
    assert metrics().ascent == pytest.approx(font.ascender / font.units_per_EM)
    assert metrics().descent == pytest.approx(-font.descender / font.units_per_EM)


def test_unknown_format_is_refused(small: Result) -> None:
    with pytest.raises(ValueError, match="'png' or 'svg'"):
        render_chart(small, "pdf")
