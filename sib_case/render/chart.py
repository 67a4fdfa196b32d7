"""The cumulative municipal net cash flow, SIB and self-financing, as a PNG or SVG chart.

>>> from sib_case import evaluate, load_case
>>> from sib_case.render.chart import render_chart
>>> svg = render_chart(evaluate(load_case("cases/dk-employment.yaml")), "svg", "da")  # doctest: +SKIP

The chart is written as SVG by hand (lines, polylines, markers and text; text stays text,
searchable and selectable) and rasterized to PNG by resvg (the `resvg-py` package), so
neither needs matplotlib, whose import alone takes longer than evaluating a case. resvg is
given one font, DejaVu Sans from matplotlib's data folder (found without importing
matplotlib), and no system fonts: the same result gives the same bytes on every machine,
with no dates, versions or random ids in either file. Text widths for the layout come from
that font's advance widths.

matplotlib's settings shared with the tornado and histogram charts
(sib_case.render.uncertainty_charts) stay here: `RC`, `PNG_DPI`, `WIDTH_CM`, `save_figure`.
"""

from __future__ import annotations

import importlib.util
import io
import itertools
import math
import struct
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

from ..formats import number
from ..labels import Lang, label, unit
from ..result import Result
from ..text import drawable

WIDTH_CM, HEIGHT_CM, PNG_DPI = 16.0, 9.0, 150
# Colour-blind safe (Okabe-Ito blue and vermillion); the line styles differ too, for grey print.
STYLE = {
    "sib": {"color": "#0072B2", "linestyle": "-", "marker": "o"},
    "self": {"color": "#D55E00", "linestyle": "--", "marker": "s"},
}
# matplotlib's settings for the tornado and histogram charts (uncertainty_charts.py).
RC: dict[Any, Any] = {
    "svg.hashsalt": "sib-case",  # stable clip-path and marker ids
    "svg.fonttype": "none",  # text stays text: searchable, selectable, small
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Arial", "Helvetica"],
    "font.size": 8,
    "text.parse_math": False,  # a "$" in a case name is a dollar, not mathtext
    "axes.spines.top": False,
    "axes.spines.right": False,
}

# ---- the page, in points (1/72 inch): the SVG's user unit ------------------------------

POINTS_PER_CM = 72 / 2.54
WIDTH, HEIGHT = WIDTH_CM * POINTS_PER_CM, HEIGHT_CM * POINTS_PER_CM
PNG_WIDTH = round(WIDTH_CM / 2.54 * PNG_DPI)  # 945 pixels
FONT = "DejaVu Sans"
FONT_FAMILY = "'DejaVu Sans', Arial, Helvetica, sans-serif"  # a browser without DejaVu: Arial
TEXT_SIZE, TITLE_SIZE, NOTE_SIZE = 8.0, 9.0, 7.5
LINE_SPACING = 1.2
EDGE = 4.0  # blank margin round the figure
TICK, TICK_PAD, LABEL_PAD, TITLE_PAD = 3.5, 3.5, 4.0, 6.0
TITLE_WIDTH = 90  # characters of the case name
LINE_WIDTH, MARKER, RING = 1.6, 3.5, 8.0  # curve width; marker and ring diameters
DASH = "5.92 2.56"  # matplotlib's "--" at a width of 1.6
GRID, ZERO, INK = "#e0e0e0", "#404040", "#000000"
Y_MARGIN, X_MARGIN = 0.15, 0.4  # room for the break-even labels; years either side
Y_TICKS, X_TICKS, EVERY_YEAR = 8, 10, 15
LEGEND_HANDLE, LEGEND_TEXT_PAD, LEGEND_GAP = 16.0, 6.4, 16.0
NOTE_BOX_PAD, NOTE_CLEAR = 1.5, 1.0  # the white box round a break-even label; clearance
INK_ASCENT = 0.76  # DejaVu Sans's digits and ascenders (b, k) reach 0.76 em over the baseline


def render_chart(result: Result, fmt: str, lang: Lang = "en") -> bytes:
    """The cumulative municipal net cash flow of both financing modes by year, as PNG or
    SVG bytes (16 x 9 cm; the PNG at 150 dpi), each mode's break-even year marked."""
    if fmt not in ("png", "svg"):
        raise ValueError(f"chart format must be 'png' or 'svg', got {fmt!r}")
    svg = chart_svg(result, lang)
    return svg.encode("utf-8") if fmt == "svg" else rasterize(svg)


def rasterize(svg: str) -> bytes:
    """The SVG as PNG bytes at PNG_DPI, drawn by resvg with DejaVu Sans alone (no system
    fonts), so every machine draws the same pixels. resvg writes no text or time chunks."""
    import resvg_py

    font = font_file()
    png = resvg_py.svg_to_bytes(
        svg_string=svg,
        width=PNG_WIDTH,
        dpi=PNG_DPI,
        font_files=[str(font)] if font else [],
        skip_system_fonts=font is not None,  # without matplotlib's font, the system's
        font_family=FONT,
        sans_serif_family=FONT,
    )
    return bytes(png)


def save_figure(figure: Any, fmt: str) -> bytes:
    """A matplotlib figure as PNG or SVG bytes, with no date or software stamp, so the
    same chart gives the same bytes. savefig picks the Agg or SVG canvas; pyplot is never
    involved. (For the tornado and histogram charts.)"""
    out = io.BytesIO()
    if fmt == "svg":
        metadata = {"Date": None, "Creator": None, "Format": None, "Type": None}
        figure.savefig(out, format="svg", metadata=metadata)
    else:
        figure.savefig(out, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return out.getvalue()


# ---- the font: DejaVu Sans's advance widths, for text widths ---------------------------


@cache
def font_file() -> Path | None:
    """matplotlib's own DejaVu Sans, found without importing matplotlib (whose import is
    what this module avoids); None where it is not there."""
    spec = importlib.util.find_spec("matplotlib")
    for folder in (spec and spec.submodule_search_locations) or ():
        path = Path(folder) / "mpl-data" / "fonts" / "ttf" / "DejaVuSans.ttf"
        if path.is_file():
            return path
    return None


@dataclass(frozen=True)
class FontMetrics:
    """A font's horizontal metrics, in em: advance width by character, ascent, descent."""

    ascent: float = 0.93
    descent: float = 0.24
    default: float = 0.6  # a character the font lacks (or every one, without the font)
    widths: dict[str, float] | None = None

    def width(self, text: str, size: float) -> float:
        widths = self.widths or {}
        return size * sum(widths.get(char, self.default) for char in text)


@cache
def metrics() -> FontMetrics:
    path = font_file()
    if path is None:
        return FontMetrics()
    try:
        return _read_metrics(path.read_bytes())
    except (OSError, struct.error, KeyError, IndexError, ValueError):
        return FontMetrics()


def _read_metrics(font: bytes) -> FontMetrics:
    """Ascent, descent and the advance width of every character of the Basic Multilingual
    Plane a TrueType font maps (its cmap format 4 table, its hmtx table)."""
    (tables,) = struct.unpack_from(">H", font, 4)
    where = {
        font[12 + 16 * i : 16 + 16 * i]: struct.unpack_from(">I", font, 20 + 16 * i)[0] for i in range(tables)
    }
    head, hhea, hmtx, cmap = where[b"head"], where[b"hhea"], where[b"hmtx"], where[b"cmap"]
    (em,) = struct.unpack_from(">H", font, head + 18)
    ascent, descent = struct.unpack_from(">hh", font, hhea + 4)
    (long_metrics,) = struct.unpack_from(">H", font, hhea + 34)
    advances = struct.unpack_from(f">{2 * long_metrics}H", font, hmtx)[::2]

    (subtables,) = struct.unpack_from(">H", font, cmap + 2)
    for i in range(subtables):
        platform, encoding, offset = struct.unpack_from(">HHI", font, cmap + 4 + 8 * i)
        table = cmap + offset
        if (platform, encoding) in ((3, 1), (0, 3)) and struct.unpack_from(">H", font, table)[0] == 4:
            break
    else:
        raise ValueError("no Unicode cmap of format 4")
    (segments,) = struct.unpack_from(">H", font, table + 6)
    segments //= 2
    ends = struct.unpack_from(f">{segments}H", font, table + 14)
    starts = struct.unpack_from(f">{segments}H", font, table + 16 + 2 * segments)
    deltas = struct.unpack_from(f">{segments}h", font, table + 16 + 4 * segments)
    range_at = table + 16 + 6 * segments
    ranges = struct.unpack_from(f">{segments}H", font, range_at)
    widths: dict[str, float] = {}
    for i in range(segments):
        for code in range(starts[i], min(ends[i], 0xFFFE) + 1):
            if ranges[i]:
                (glyph,) = struct.unpack_from(
                    ">H", font, range_at + 2 * i + ranges[i] + 2 * (code - starts[i])
                )
                glyph = (glyph + deltas[i]) & 0xFFFF if glyph else 0
            else:
                glyph = (code + deltas[i]) & 0xFFFF
            if glyph:
                widths[chr(code)] = advances[min(glyph, long_metrics - 1)] / em
    return FontMetrics(ascent / em, -descent / em, advances[0] / em, widths)


def text_width(text: str, size: float) -> float:
    return metrics().width(text, size)


# ---- SVG text --------------------------------------------------------------------------


def shorten(text: str, width: int) -> str:
    """At most `width` characters, cut at a space where there is one, ending " ..."; a
    first word longer than `width` is cut inside (textwrap.shorten would leave "...")."""
    short = textwrap.shorten(text, width=width, placeholder=" ...")
    return text[: width - 4] + " ..." if short == "..." else short


def _xml(text: str) -> str:
    return escape(drawable(text), quote=True)


def _f(value: float) -> str:
    """A coordinate: two decimals, no trailing zeros, no minus zero."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _text(x: float, y: float, text: str, size: float = TEXT_SIZE, anchor: str = "start", **extra: str) -> str:
    attributes = "".join(f' {name.replace("_", "-")}="{value}"' for name, value in extra.items())
    if size != TEXT_SIZE:
        attributes = f' font-size="{_f(size)}"' + attributes
    if anchor != "start":
        attributes = f' text-anchor="{anchor}"' + attributes
    return f'<text x="{_f(x)}" y="{_f(y)}"{attributes}>{_xml(text)}</text>'


def _line(x0: float, y0: float, x1: float, y1: float, colour: str, width: float, **extra: str) -> str:
    attributes = "".join(f' {name.replace("_", "-")}="{value}"' for name, value in extra.items())
    return (
        f'<line x1="{_f(x0)}" y1="{_f(y0)}" x2="{_f(x1)}" y2="{_f(y1)}" stroke="{colour}"'
        f' stroke-width="{_f(width)}"{attributes}/>'
    )


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    """A round ("o") or square ("s") marker, MARKER across and an edge of 1 (as matplotlib
    draws a marker of that size)."""
    size = MARKER + 1
    if kind == "s":
        return (
            f'<rect x="{_f(x - size / 2)}" y="{_f(y - size / 2)}" width="{_f(size)}" height="{_f(size)}"'
            f' fill="{colour}"/>'
        )
    return f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(size / 2)}" fill="{colour}"/>'


# ---- ticks -----------------------------------------------------------------------------


def nice_ticks(
    low: float, high: float, bins: int, steps: Sequence[float], smallest: float = 1.0
) -> list[float]:
    """Ticks at multiples of the smallest step of `steps` x 10^k (and at least `smallest`)
    that puts at most `bins` steps between `low` and `high`, as matplotlib's MaxNLocator."""
    raw = max((high - low) / bins, smallest)
    scale = 10 ** math.floor(math.log10(raw))
    step = next((s * scale for s in steps if s * scale >= raw * (1 - 1e-9)), 10 * scale)
    first, last = math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9)
    return [k * step for k in range(first, last + 1)]


# ---- the chart -------------------------------------------------------------------------


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def padded(self, pad: float) -> Box:
        return Box(self.left - pad, self.top - pad, self.right + pad, self.bottom + pad)

    def overlaps(self, other: Box) -> bool:
        return (
            self.left < other.right
            and other.left < self.right
            and self.top < other.bottom
            and other.top < self.bottom
        )

    def holds(self, other: Box) -> bool:
        return (
            self.left <= other.left
            and other.right <= self.right
            and self.top <= other.top
            and other.bottom <= self.bottom
        )

    def contains(self, x: float, y: float) -> bool:
        return self.left <= x <= self.right and self.top <= y <= self.bottom


@dataclass(frozen=True)
class Note:
    """A break-even label: its text's anchor, baseline and box."""

    x: float
    baseline: float
    anchor: str
    box: Box


@dataclass(frozen=True)
class Series:
    """One curve: its style (a key of STYLE), legend, values by year and break-even year."""

    style: str
    legend: str
    values: list[float]
    break_even: int | None


def chart_svg(result: Result, lang: Lang = "en") -> str:
    """The chart as an SVG document (no XML declaration, so it can sit inside HTML too)."""
    series = [
        Series(
            m.mode,
            label(m.mode, lang)
            + (f" ({label('chart_no_break_even', lang)})" if m.metrics.break_even_year is None else ""),
            [float(v) for v in m.years.municipal_cumulative],
            m.metrics.break_even_year,
        )
        for m in result.modes  # the SIB first
    ]
    years = [int(year) for year in result.primary.years.year]
    name = result.case.case.name
    if result.case.scenario is not None:
        name += " (" + label("scenario_shown", lang).format(name=result.case.scenario) + ")"
    return curves_svg(label("chart_title", lang), name, result.case.case.currency, years, series, lang)


def curves_svg(
    heading: str, name: str, currency: str, years: list[int], series: list[Series], lang: Lang
) -> str:
    """Curves of a cumulative municipal net by year, with their break-even years, as SVG."""
    font = metrics()
    curves: dict[str, list[float]] = {s.style: s.values for s in series}
    name = shorten(drawable(name), TITLE_WIDTH)
    axis_title = label("chart_axis", lang).format(currency=drawable(unit(currency, lang)))
    legends = [s.legend for s in series]

    # The data ranges: the years with X_MARGIN either side; the values and zero, with
    # Y_MARGIN of their span above and below.
    x_low, x_high = years[0] - X_MARGIN, years[-1] + X_MARGIN
    values = [v for curve in curves.values() for v in curve if math.isfinite(v)]
    y_low, y_high = min([*values, 0.0]), max([*values, 0.0])
    if y_high - y_low < 1e-9:
        y_low, y_high = y_low - 1.0, y_high + 1.0
    span = y_high - y_low
    y_low, y_high = y_low - Y_MARGIN * span, y_high + Y_MARGIN * span
    y_ticks = nice_ticks(y_low, y_high, Y_TICKS, (1, 2, 2.5, 5, 10))
    if len(years) <= EVERY_YEAR:
        x_ticks = [float(year) for year in years]
    else:
        x_ticks = nice_ticks(x_low, x_high, X_TICKS, (1, 2, 5, 10))
    y_labels = [number(value, lang) for value in y_ticks]
    x_labels = [str(round(value)) for value in x_ticks]

    # The layout, from the edges in: title and legend, axis title and tick labels.
    text_height = (font.ascent + font.descent) * TEXT_SIZE
    legend_rows = _legend_rows(legends)
    legend_top = HEIGHT - EDGE - len(legend_rows) * LINE_SPACING * TEXT_SIZE - 2 * 0.4 * TEXT_SIZE
    bottom = legend_top - 0.4 * TEXT_SIZE - text_height - TICK_PAD - TICK
    title_lines = [heading, name]
    title_height = (len(title_lines) - 1) * LINE_SPACING * TITLE_SIZE + (
        font.ascent + font.descent
    ) * TITLE_SIZE
    top = EDGE + title_height + TITLE_PAD
    axis_title_x = EDGE + font.ascent * TEXT_SIZE  # its baseline, the text turned a quarter left
    widest = max((text_width(text, TEXT_SIZE) for text in y_labels), default=0.0)
    left = axis_title_x + font.descent * TEXT_SIZE + LABEL_PAD + widest + TICK_PAD + TICK
    right = WIDTH - EDGE
    for _ in range(2):  # the last year's label may reach past the axes: room for its half
        last = left + (x_ticks[-1] - x_low) / (x_high - x_low) * (right - left) if x_ticks else right
        reach = last + text_width(x_labels[-1], TEXT_SIZE) / 2 if x_labels else right
        right = min(WIDTH - EDGE, right - max(0.0, reach - (WIDTH - EDGE)))
    plot = Box(left, top, right, bottom)

    def sx(x: float) -> float:
        return left + (x - x_low) / (x_high - x_low) * (right - left)

    def sy(y: float) -> float:
        return bottom - (y - y_low) / (y_high - y_low) * (bottom - top)

    title = _xml(f"{heading}: {name}")  # the chart's accessible name
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_f(WIDTH_CM)}cm" height="{_f(HEIGHT_CM)}cm"'
        f' viewBox="0 0 {_f(WIDTH)} {_f(HEIGHT)}" role="img" aria-label="{title}">',
        f"<title>{title}</title>",
        f'<rect width="{_f(WIDTH)}" height="{_f(HEIGHT)}" fill="#ffffff"/>',
        f'<g font-family="{FONT_FAMILY}" font-size="{_f(TEXT_SIZE)}" fill="{INK}">',
    ]

    # Title: the heading over the case name, from the axes' left edge; a long name moves
    # left, and at the figure's edge gets smaller.
    size = TITLE_SIZE
    longest = max(text_width(line, size) for line in title_lines)
    title_x = max(EDGE, min(left, WIDTH - EDGE - longest))
    if longest > WIDTH - 2 * EDGE:
        size *= (WIDTH - 2 * EDGE) / longest
    baseline = EDGE + font.ascent * TITLE_SIZE
    for line in title_lines:
        out.append(_text(title_x, baseline, line, size))
        baseline += LINE_SPACING * TITLE_SIZE

    # Grid, zero line, axes, ticks and their labels.
    for value in y_ticks:
        out.append(_line(left, sy(value), right, sy(value), GRID, 0.6))
    if y_low < 0 < y_high:
        out.append(_line(left, sy(0.0), right, sy(0.0), ZERO, 0.8))
    out.append(
        f'<path d="M{_f(left)} {_f(top)}V{_f(bottom)}H{_f(right)}" fill="none" stroke="{INK}"'
        ' stroke-width="0.8" stroke-linecap="square"/>'
    )
    for value, text in zip(y_ticks, y_labels, strict=True):
        y = sy(value)
        out.append(_line(left - TICK, y, left, y, INK, 0.8))
        out.append(
            _text(
                left - TICK - TICK_PAD, y + (font.ascent - font.descent) / 2 * TEXT_SIZE, text, anchor="end"
            )
        )
    x_baseline = bottom + TICK + TICK_PAD + font.ascent * TEXT_SIZE
    for value, text in zip(x_ticks, x_labels, strict=True):
        x = sx(value)
        out.append(_line(x, bottom, x, bottom + TICK, INK, 0.8))
        out.append(_text(x, x_baseline, text, anchor="middle"))
    middle = (top + bottom) / 2
    out.append(
        f'<text transform="translate({_f(axis_title_x)} {_f(middle)}) rotate(-90)" text-anchor="middle">'
        f"{_xml(axis_title)}</text>"
    )

    # The curves, the SIB first (a value that is not finite, were there one, leaves a gap);
    # then the break-even rings and labels.
    points = {
        mode: [(sx(x), sy(y)) if math.isfinite(y) else None for x, y in zip(years, curve, strict=True)]
        for mode, curve in curves.items()
    }
    runs = [(mode, run) for mode, curve in points.items() for run in _runs(curve)]
    for mode, run in runs:
        style = STYLE[mode]
        dash = f' stroke-dasharray="{DASH}"' if style["linestyle"] == "--" else ""
        path = " ".join(f"{_f(x)},{_f(y)}" for x, y in run)
        out.append(
            f'<polyline points="{path}" fill="none" stroke="{style["color"]}" stroke-width="{_f(LINE_WIDTH)}"'
            f' stroke-linejoin="round"{dash}/>'
        )
        out.extend(_marker(style["marker"], x, y, style["color"]) for x, y in run)

    rings: dict[str, tuple[float, float]] = {}
    for each in series:
        if each.break_even is not None:
            ring = points[each.style][years.index(each.break_even)]
            if ring is not None:
                rings[each.style] = ring
    for mode, (x, y) in rings.items():
        out.append(
            f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(RING / 2)}" fill="none" stroke="{STYLE[mode]["color"]}"'
            ' stroke-width="1"/>'
        )
    samples = [point for _, run in runs for point in _sample(run)]
    ring_boxes = {
        mode: Box(x - RING / 2, y - RING / 2, x + RING / 2, y + RING / 2) for mode, (x, y) in rings.items()
    }
    placed: list[Box] = []
    for each in series:
        year = each.break_even
        if year is None or each.style not in rings:
            continue
        x, y = rings[each.style]
        text = label("chart_break_even", lang).format(year=year)
        others = [ring for mode, ring in rings.items() if mode != each.style]
        taken = placed + [box for mode, box in ring_boxes.items() if mode != each.style]
        zero = sy(0.0) if y_low < 0 < y_high else None
        note = _place_note(text, (x, y), plot, zero, samples, taken, others)
        placed.append(note.box)
        box = note.box.padded(-NOTE_CLEAR)
        colour = STYLE[each.style]["color"]
        out.append(
            f'<rect x="{_f(box.left)}" y="{_f(box.top)}" width="{_f(box.right - box.left)}"'
            f' height="{_f(box.bottom - box.top)}" rx="1.5" fill="#ffffff" fill-opacity="0.85"/>'
        )
        out.append(_text(note.x, note.baseline, text, NOTE_SIZE, note.anchor, fill=colour))

    # The legend, centred below the plot: a line with its marker, then the label.
    row_top = legend_top + 0.4 * TEXT_SIZE
    for row in legend_rows:
        width = sum(LEGEND_HANDLE + LEGEND_TEXT_PAD + text_width(legends[i], TEXT_SIZE) for i in row)
        width += LEGEND_GAP * (len(row) - 1)
        x = (WIDTH - width) / 2
        baseline = row_top + (LINE_SPACING * TEXT_SIZE + (font.ascent - font.descent) * TEXT_SIZE) / 2
        centre = baseline - (font.ascent - font.descent) / 2 * TEXT_SIZE
        for i in row:
            style = STYLE[series[i].style]
            dashes = {"stroke_dasharray": DASH} if style["linestyle"] == "--" else {}
            out.append(_line(x, centre, x + LEGEND_HANDLE, centre, style["color"], LINE_WIDTH, **dashes))
            out.append(_marker(style["marker"], x + LEGEND_HANDLE / 2, centre, style["color"]))
            x += LEGEND_HANDLE + LEGEND_TEXT_PAD
            out.append(_text(x, baseline, legends[i]))
            x += text_width(legends[i], TEXT_SIZE) + LEGEND_GAP
        row_top += LINE_SPACING * TEXT_SIZE
    out += ["</g>", "</svg>", ""]
    return "\n".join(out)


def _legend_rows(legends: list[str]) -> list[list[int]]:
    """The legend on one row, or one entry a row where one row is too wide."""
    width = sum(LEGEND_HANDLE + LEGEND_TEXT_PAD + text_width(text, TEXT_SIZE) for text in legends)
    width += LEGEND_GAP * (len(legends) - 1)
    if width <= WIDTH - 2 * EDGE:
        return [list(range(len(legends)))]
    return [[i] for i in range(len(legends))]


def _runs(curve: list[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
    """A curve's runs of points between gaps (None)."""
    runs: list[list[tuple[float, float]]] = [[]]
    for point in curve:
        if point is None:
            runs.append([])
        else:
            runs[-1].append(point)
    return [run for run in runs if run]


def _sample(curve: list[tuple[float, float]], parts: int = 40) -> Iterable[tuple[float, float]]:
    """Points along a polyline, `parts` to a segment, and its last point."""
    for (x0, y0), (x1, y1) in itertools.pairwise(curve):
        for k in range(parts):
            yield x0 + (x1 - x0) * k / parts, y0 + (y1 - y0) * k / parts
    if curve:
        yield curve[-1]


# Where a break-even label may go, in order of preference: its offset from the point (in
# points, y up) and where the text lies from there: to the left or right of it, or centred
# (0); above or below it, or centred (0).
CANDIDATES = [
    *((dx, dy, -1 if dx < 0 else 1, 1 if dy > 0 else -1) for dy in (7, -7) for dx in (-7, 7)),
    (-9, 0, -1, 0),
    (9, 0, 1, 0),
    (0, 9, 0, 1),
    (0, -9, 0, -1),
    *((dx, dy, -1 if dx < 0 else 1, 1 if dy > 0 else -1) for dy in (20, -20, 33, -33) for dx in (-7, 7)),
]
HIDDEN_POINT, ON_ZERO, NEARER_ANOTHER, RANK = 1.0, 5.0, 20.0, 0.1  # what a place costs
IMPOSSIBLE = 1e6  # outside the plot, or over another label or ring


def _distance(box: Box, x: float, y: float) -> float:
    return math.hypot(max(box.left - x, 0.0, x - box.right), max(box.top - y, 0.0, y - box.bottom))


def _place_note(
    text: str,
    point: tuple[float, float],
    plot: Box,
    zero: float | None,
    samples: list[tuple[float, float]],
    taken: list[Box],
    other_rings: list[tuple[float, float]],
) -> Note:
    """A break-even label beside its ring: inside the plot, over no other label or ring;
    where it hides the fewest points of the curves, off the zero line, and nearer its own
    ring than another's (so it is not read as the other's)."""
    font = metrics()
    x, y = point
    width = text_width(text, NOTE_SIZE)
    # The box of the text's ink: up to the ascenders, not the font's line ascent; down to
    # the font's descent ("break-even 2027" has no descenders, but a translation might).
    up, down = INK_ASCENT * NOTE_SIZE, font.descent * NOTE_SIZE
    pad = NOTE_BOX_PAD + NOTE_CLEAR
    best: tuple[float, Note] | None = None
    for rank, (dx, dy, side, level) in enumerate(CANDIDATES):
        anchor_x = x + dx
        left = anchor_x - width * (1 - side) / 2  # side -1: ends at the anchor; 0: centred
        if level > 0:  # above: its bottom dy above the point (y grows downwards)
            baseline = y - dy - down
        elif level < 0:  # below: its top -dy below the point
            baseline = y - dy + up
        else:
            baseline = y + (up - down) / 2
        box = Box(left, baseline - up, left + width, baseline + down).padded(pad)
        anchor = {-1: "end", 0: "middle", 1: "start"}[side]
        note = Note(anchor_x, baseline, anchor, box)
        cost = RANK * rank
        if not plot.holds(box) or any(box.overlaps(other) for other in taken):
            cost += IMPOSSIBLE
        else:
            cost += HIDDEN_POINT * sum(box.contains(px, py) for px, py in samples)
            if zero is not None and box.top < zero < box.bottom:
                cost += ON_ZERO
            own = _distance(box, x, y)
            if any(_distance(box, *ring) < own + RING for ring in other_rings):
                cost += NEARER_ANOTHER
        if best is None or cost < best[0]:
            best = (cost, note)
    assert best is not None
    return best[1]
