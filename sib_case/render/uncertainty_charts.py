"""How sure is the municipal NPV, as PNG or SVG charts: a tornado of the one-at-a-time
sensitivity and a histogram of the Monte Carlo draws.

>>> from sib_case import load_case
>>> from sib_case.uncertainty import sensitivity, simulate
>>> from sib_case.render.uncertainty_charts import render_histogram, render_tornado
>>> case = load_case("tests/reference/small_uncertain.yaml")  # doctest: +SKIP
>>> svg = render_tornado(sensitivity(case), "svg", "da")  # doctest: +SKIP
>>> run = simulate(case)  # doctest: +SKIP
>>> png = render_histogram(run, "png")  # doctest: +SKIP

Style and determinism follow sib_case.render.chart: matplotlib's object API without
pyplot, imported on first use; the same input gives the same bytes.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from ..formats import number, percent
from ..labels import Lang, input_label, label, unit
from ..text import drawable
from .chart import PNG_DPI, RC, WIDTH_CM, save_figure, shorten
from .uncertainty import scenario_suffix

if TYPE_CHECKING:
    from ..uncertainty import InputSensitivity, Sensitivity, Simulation

HEIGHT_CM = 9.0
# Okabe-Ito: orange (light) and blue (dark) tell low from high in grey print too.
LOW_COLOUR, HIGH_COLOUR = "#E69F00", "#0072B2"
GAIN_COLOUR, LOSS_COLOUR = "#56B4E9", "#D55E00"
ZERO_COLOUR, BASE_COLOUR = "0.25", "0.1"
BINS = 50
NOTE_VEIL = {"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.8}
NOTE_BOX = {"boxstyle": "round,pad=0.3", "facecolor": "white", "edgecolor": "0.8", "linewidth": 0.6}


def _render(draw: Callable[[Any], None], fmt: str, height_cm: float = HEIGHT_CM) -> bytes:
    """A figure drawn by `draw`, saved as chart.py saves: no dates, versions or software."""
    if fmt not in ("png", "svg"):
        raise ValueError(f"chart format must be 'png' or 'svg', got {fmt!r}")
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(RC):
        # Laid out at the PNG's dpi: Agg's text widths do not scale exactly with the dpi,
        # and the layout is frozen once the notes are placed.
        figure = Figure(figsize=(WIDTH_CM / 2.54, height_cm / 2.54), dpi=PNG_DPI, layout="constrained")
        draw(figure)
        return save_figure(figure, fmt)


def _title_text(heading: str, name: str) -> str:
    """The heading over the case name, a long name on two lines; control characters in the
    name as spaces (text.drawable), never handed to the font."""
    name = shorten(drawable(name), 140)
    return "\n".join([heading, *textwrap.wrap(name, 75)])


def _money_axis(axis: Any, lang: Lang) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    axis.set_major_formatter(FuncFormatter(lambda value, _: number(value, lang)))
    axis.set_major_locator(MaxNLocator(nbins=7, steps=[1, 2, 2.5, 5, 10]))


# ---- tornado -------------------------------------------------------------------


def render_tornado(sensitivity: Sensitivity, fmt: str, lang: Lang = "en") -> bytes:
    """The municipal NPV with each uncertain input at its low and at its high value, the
    others at their points, as a tornado (widest swing on top) around the base NPV; PNG or
    SVG bytes, 16 cm wide, taller where there are many inputs."""
    rows = sensitivity.inputs
    lines = max((len(_input_label(row, lang).splitlines()) for row in rows), default=1)
    height = max(HEIGHT_CM, 4.0 + (0.3 + 0.4 * lines) * len(rows))
    return _render(lambda figure: _draw_tornado(figure, sensitivity, lang), fmt, height)


def _input_label(row: InputSensitivity, lang: Lang) -> str:
    return textwrap.fill(drawable(input_label(row.words, lang)), 32, max_lines=3, placeholder=" ...")


def _is_money(row: InputSensitivity) -> bool:
    name = row.name
    if name.endswith((".amount", ".per_participant")):
        return True
    return max(abs(row.low), abs(row.high)) > 1  # shares lie in [0, 1]


def _side(delta: float, other: float, default: int) -> int:
    """Which way a bar end lies from the base: +1 right, -1 left; an end at the base goes
    opposite the other end (or to `default` where both are at the base)."""
    if delta:
        return 1 if delta > 0 else -1
    if other:
        return -1 if other > 0 else 1
    return default


def _draw_tornado(figure: Any, data: Sensitivity, lang: Lang) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    ax = figure.add_subplot()
    rows = data.inputs
    base = data.base_municipal_npv
    # Over the whole figure, not just the axes: the input labels take room on the left.
    title = _title_text(label("sensitivity_title", lang), data.case + scenario_suffix(data.scenario, lang))
    figure.suptitle(title, x=0.01, ha="left", fontsize=9)
    ax.set_xlabel(label("uncertainty_npv_axis", lang).format(currency=unit(data.currency, lang)))
    _money_axis(ax.xaxis, lang)
    ax.axvline(base, color=BASE_COLOUR, linewidth=1.0, zorder=3)
    base_line = Line2D([], [], color=BASE_COLOUR, linewidth=1.0)
    base_line.set_label(label("tornado_base", lang).format(value=number(base, lang)))
    handles = [
        Patch(facecolor=LOW_COLOUR, label=label("tornado_legend_low", lang)),
        Patch(facecolor=HIGH_COLOUR, label=label("tornado_legend_high", lang)),
        base_line,
    ]
    if not rows:
        handles = [base_line]
    figure.legend(handles=handles, loc="outside lower center", ncols=len(handles), frameon=False)

    if not rows:
        ax.text(
            0.5,
            0.5,
            "\n".join(textwrap.wrap(label("tornado_no_inputs", lang), 60)),
            transform=ax.transAxes,
            ha="center",
            va="center",
            color="0.3",
            bbox={"boxstyle": "round,pad=0.5", "facecolor": "white", "edgecolor": "none"},
            zorder=5,
        )
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        span = max(abs(base) * 0.2, 1000.0)
        ax.set_xlim(base - span, base + span)
        _zero_line(ax)
        return

    positions = list(range(len(rows)))
    ax.set_yticks(positions, [_input_label(row, lang) for row in rows])
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(len(rows) - 0.5, -0.5)  # widest swing on top
    ax.grid(axis="x", color="0.88", linewidth=0.6)
    ax.set_axisbelow(True)

    notes: list[tuple[Any, float, int]] = []  # (text, the bar end it is beside, side)
    ends = [base]
    for y, row in enumerate(rows):
        low_npv, high_npv = row.municipal_npv_low, row.municipal_npv_high
        ends += [low_npv, high_npv]
        # An input that leaves the NPV alone (say, programme cost under a SIB) moves it
        # only by rounding noise: that is no move.
        tol = 1e-9 * max(abs(base), abs(low_npv), abs(high_npv), 1.0)
        d_low = low_npv - base if abs(low_npv - base) > tol else 0.0
        d_high = high_npv - base if abs(high_npv - base) > tol else 0.0
        low_side, high_side = _side(d_low, d_high, -1), _side(d_high, d_low, 1)
        # Ends on the same side of the base (a non-monotone input) get half a bar each.
        split = low_side == high_side
        decimals = 0 if _is_money(row) else 2
        for which, npv_value, side, colour, offset in (
            ("low", low_npv, low_side, LOW_COLOUR, -0.19),
            ("high", high_npv, high_side, HIGH_COLOUR, 0.19),
        ):
            centre = y + offset if split else y
            ax.barh(
                centre,
                npv_value - base,
                left=base,
                height=0.36 if split else 0.62,
                color=colour,
                edgecolor="white",
                linewidth=0.4,
                zorder=2,
            )
            value = number(row.low if which == "low" else row.high, lang, decimals)
            text = ax.annotate(
                label(f"tornado_{which}", lang).format(value=value),
                xy=(npv_value, centre),
                xytext=(3 * side, 0),
                textcoords="offset points",
                ha="left" if side > 0 else "right",
                va="center",
                fontsize=6.5 if split else 7,
                color="0.2",
                # a veil over the zero and grid lines; not over the other half bar
                bbox=None if split else NOTE_VEIL,
                zorder=4,
            )
            text.set_in_layout(False)
            notes.append((text, npv_value, side))

    # Lay the figure out, then widen the x range until every bar-end note fits inside
    # the axes; twice, since the layout may shift with the new tick labels. The layout
    # of the second pass is kept: the notes are fitted to it.
    lo, hi = min(ends), max(ends)
    pad = max((hi - lo) * 0.04, abs(base) * 0.02, 1.0)
    lo, hi = lo - pad, hi + pad
    ax.set_xlim(lo, hi)
    for _ in range(2):
        figure.draw_without_rendering()
        renderer = FigureCanvasAgg(figure).get_renderer()
        width_px = ax.bbox.width
        needs = [(x, side, note.get_window_extent(renderer).width + 12) for note, x, side in notes]
        left, right = lo, hi
        for _ in range(50):  # fixed point: the notes' widths in data units grow with the range
            scale = (right - left) / width_px
            left = min([lo] + [x - w * scale for x, side, w in needs if side < 0])
            right = max([hi] + [x + w * scale for x, side, w in needs if side > 0])
        ax.set_xlim(left, right)
    figure.set_layout_engine("none")
    _zero_line(ax)


def _zero_line(ax: Any, colour: str = ZERO_COLOUR, linestyle: Any = (0, (4, 2))) -> None:
    left, right = ax.get_xlim()
    if left < 0 < right:
        ax.axvline(0, color=colour, linewidth=1.0, linestyle=linestyle, zorder=1)


# ---- histogram -----------------------------------------------------------------


def render_histogram(simulation: Simulation, fmt: str, lang: Lang = "en") -> bytes:
    """The municipal NPV of the Monte Carlo draws as a histogram (about 50 bins, losses in
    red), with P5, P50, P95 and zero marked and the share of draws above zero; PNG or SVG
    bytes (about 16 x 9 cm). All draws equal gives a single bar."""
    values = np.asarray(simulation.municipal_npv, dtype=float).ravel()
    values = values[np.isfinite(values)]
    if not len(values):
        raise ValueError("no finite municipal NPV draws to chart")
    return _render(lambda figure: _draw_histogram(figure, values, simulation, lang), fmt)


def _bins(values: np.ndarray) -> tuple[np.ndarray, bool]:
    """Bin edges for about BINS bins, zero on an edge where the draws straddle it (so a
    bin is all gain or all loss); and whether the draws have collapsed to one value."""
    first, last = float(values.min()), float(values.max())
    scale = max(abs(first), abs(last), 1.0)
    if last - first <= 1e-9 * scale:
        half = 0.01 * max(abs(first), 1000.0)
        return np.array([first - half, first + half]), True
    width = (last - first) / BINS
    if first < 0 < last:
        edges = width * np.arange(math.floor(first / width), math.ceil(last / width) + 1)
        if edges[-1] < last:
            edges = np.append(edges, edges[-1] + width)
        return edges, False
    return np.linspace(first, last, BINS + 1), False


def _draw_histogram(figure: Any, values: np.ndarray, summary: Simulation, lang: Lang) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax = figure.add_subplot()
    draws = summary.draws
    heading = label("histogram_title", lang).format(draws=number(draws, lang))
    # pad: room for the P5, P50, P95 labels over the axes
    name = summary.case + scenario_suffix(summary.scenario, lang)
    ax.set_title(_title_text(heading, name), loc="left", fontsize=9, pad=14)
    ax.set_xlabel(label("uncertainty_npv_axis", lang).format(currency=unit(summary.currency, lang)))
    ax.set_ylabel(label("histogram_count_axis", lang))
    _money_axis(ax.xaxis, lang)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: number(value, lang)))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    ax.grid(axis="y", color="0.88", linewidth=0.6)
    ax.set_axisbelow(True)

    edges, collapsed = _bins(values)
    counts, _ = np.histogram(values, edges)
    # A bin is a loss where its middle is not above zero (zero is a bin edge, or all
    # draws are one value).
    colours = [LOSS_COLOUR if middle <= 0 else GAIN_COLOUR for middle in (edges[:-1] + edges[1:]) / 2]
    ax.bar(
        edges[:-1],
        counts,
        width=np.diff(edges),
        align="edge",
        color=colours,
        edgecolor="white",
        linewidth=0.3,
    )

    # The x range: the bins, and zero where it is near enough not to squeeze them.
    span = float(edges[-1] - edges[0])
    if collapsed:
        span = 20 * span  # the single bar a tenth of the width
        centre = float(values[0])
        left, right = centre - span / 2, centre + span / 2
    else:
        left, right = float(edges[0]) - 0.03 * span, float(edges[-1]) + 0.03 * span
    if left - 0.25 * span < 0 < right + 0.25 * span:
        left, right = min(left, -0.03 * span), max(right, 0.03 * span)
    ax.set_xlim(left, right)
    _zero_line(ax, LOSS_COLOUR, "-")  # the loss colour: left of it the bars are losses

    percentiles = summary.municipal_npv_percentiles
    marks = [("P5", percentiles.p5), ("P50", percentiles.p50), ("P95", percentiles.p95)]
    for name, value in marks:
        ax.axvline(
            value, color=BASE_COLOUR, linewidth=1.0, linestyle="-" if name == "P50" else "--", zorder=3
        )

    share = summary.probability_municipal_gain
    decimals = 1 if 0 < share < 0.01 or 0.99 < share < 1 else 0
    lines = [label("histogram_gain", lang).format(share=percent(share, lang, decimals))]
    lines += [f"{name}: {number(value, lang)}" for name, value in marks]
    if collapsed:
        lines.append(label("histogram_collapsed", lang))

    # Lay out once to measure; then put the box in the upper corner that needs the less
    # headroom, and raise the y range so no bar reaches into it.
    figure.draw_without_rendering()
    renderer = FigureCanvasAgg(figure).get_renderer()
    figure.set_layout_engine("none")
    _label_marks(ax, renderer, marks)
    top = max(float(counts.max()), 1.0)
    options = []
    for rank, corner in enumerate(("right", "left")):
        box = _note_box(ax, "\n".join(lines), corner)
        extent = box.get_window_extent(renderer).padded(8)
        box.remove()
        (x0, _), (x1, _) = ax.transData.inverted().transform([(extent.x0, 0), (extent.x1, 0)])
        bottom = (extent.y0 - ax.bbox.y0) / ax.bbox.height
        touching = (edges[1:] >= x0) & (edges[:-1] <= x1)
        under = float(counts[touching].max()) if touching.any() else 0.0
        options.append((max(top * 1.05, under / max(bottom - 0.02, 0.25)), rank, corner))
    needed, _, corner = min(options)
    _note_box(ax, "\n".join(lines), corner)
    ax.set_ylim(0, needed)


def _note_box(ax: Any, text: str, corner: str) -> Any:
    return ax.text(
        0.985 if corner == "right" else 0.015,
        0.97,
        text,
        transform=ax.transAxes,
        ha=corner,
        va="top",
        fontsize=7.5,
        multialignment="left",
        linespacing=1.4,
        bbox=NOTE_BOX,
        zorder=6,
    )


def _label_marks(ax: Any, renderer: Any, marks: list[tuple[str, float]]) -> None:
    """P5, P50 and P95 written just above the top of their lines; lines too close for
    labels of their own share one ("P5 = P50 = P95" where all coincide, else "P5 / P50")."""
    groups: list[list[tuple[str, float]]] = []
    for mark in marks:
        groups.append([mark])
        while len(groups) > 1 and _too_close(ax, renderer, groups[-2], groups[-1]):
            last = groups.pop()
            groups[-1] += last
    for group in groups:
        _mark_text(ax, group)


def _group_x(group: list[tuple[str, float]]) -> float:
    return sum(value for _, value in group) / len(group)


def _mark_text(ax: Any, group: list[tuple[str, float]]) -> Any:
    x = _group_x(group)
    left, right = ax.get_xlim()
    where = (x - left) / (right - left)
    ha = "left" if where < 0.06 else "right" if where > 0.94 else "center"
    same = max(value for _, value in group) - min(value for _, value in group) <= 1e-9 * max(abs(x), 1.0)
    text = ax.text(
        x,
        1.01,
        (" = " if same else " / ").join(name for name, _ in group),
        transform=ax.get_xaxis_transform(),
        ha=ha,
        va="bottom",
        fontsize=7,
        color=BASE_COLOUR,
        clip_on=False,
    )
    text.set_in_layout(False)
    return text


def _too_close(
    ax: Any, renderer: Any, first: list[tuple[str, float]], second: list[tuple[str, float]]
) -> bool:
    a, b = _mark_text(ax, first), _mark_text(ax, second)
    overlap = a.get_window_extent(renderer).padded(3).overlaps(b.get_window_extent(renderer).padded(3))
    a.remove()
    b.remove()
    return bool(overlap)


__all__ = ["render_histogram", "render_tornado"]
