"""The cumulative municipal net cash flow, SIB and self-financing, as a PNG or SVG chart.

>>> from sib_case import evaluate, load_case
>>> from sib_case.render.chart import render_chart
>>> svg = render_chart(evaluate(load_case("cases/dk-employment.yaml")), "svg", "da")  # doctest: +SKIP

matplotlib is imported inside `render_chart`, so `sib-case --help` stays fast. The same
result gives the same bytes on every run: no dates or versions in the file, and SVG ids
from a fixed salt.
"""

from __future__ import annotations

import io
import itertools
import textwrap
from typing import Any

from ..formats import number
from ..labels import Lang, label
from ..result import Result

WIDTH_CM, HEIGHT_CM, PNG_DPI = 16.0, 9.0, 150
# Colour-blind safe (Okabe-Ito blue and vermillion); the line styles differ too, for grey print.
STYLE = {
    "sib": {"color": "#0072B2", "linestyle": "-", "marker": "o"},
    "self": {"color": "#D55E00", "linestyle": "--", "marker": "s"},
}
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


def render_chart(result: Result, fmt: str, lang: Lang = "en") -> bytes:
    """The cumulative municipal net cash flow of both financing modes by year, as PNG or
    SVG bytes (about 16 x 9 cm), each mode's break-even year marked."""
    if fmt not in ("png", "svg"):
        raise ValueError(f"chart format must be 'png' or 'svg', got {fmt!r}")
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(RC):
        figure = Figure(figsize=(WIDTH_CM / 2.54, HEIGHT_CM / 2.54), layout="constrained")
        _draw(figure, result, lang)
        return save_figure(figure, fmt)


def save_figure(figure: Any, fmt: str) -> bytes:
    """The figure as PNG or SVG bytes, with no date or software stamp, so the same chart
    gives the same bytes. savefig picks the Agg or SVG canvas; pyplot is never involved."""
    out = io.BytesIO()
    if fmt == "svg":
        metadata = {"Date": None, "Creator": None, "Format": None, "Type": None}
        figure.savefig(out, format="svg", metadata=metadata)
    else:
        figure.savefig(out, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return out.getvalue()


def _draw(figure: Any, result: Result, lang: Lang) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    info = result.case.case
    ax = figure.add_subplot()
    modes = result.modes
    years = [int(year) for year in result.primary.years.year]
    curves: dict[str, list[float]] = {m.mode: m.years.municipal_cumulative.tolist() for m in modes}

    ax.axhline(0, color="0.25", linewidth=0.8, zorder=1)
    for mode in modes:
        legend = label(mode.mode, lang)
        if mode.metrics.break_even_year is None:
            legend += f" ({label('chart_no_break_even', lang)})"
        ax.plot(years, curves[mode.mode], label=legend, linewidth=1.6, markersize=3.5, **STYLE[mode.mode])
    name = textwrap.shorten(info.name, width=90, placeholder=" ...")
    ax.set_title(f"{label('chart_title', lang)}\n{name}", loc="left", fontsize=9)
    ax.set_ylabel(label("chart_axis", lang).format(currency=info.currency))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: number(value, lang)))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=8, steps=[1, 2, 2.5, 5, 10]))
    if len(years) <= 15:
        ax.set_xticks(years)
    else:
        ax.xaxis.set_major_locator(MaxNLocator(nbins=10, integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: str(round(value))))
    ax.set_xlim(years[0] - 0.4, years[-1] + 0.4)
    ax.margins(y=0.15)  # room for the break-even labels
    ax.grid(axis="y", color="0.88", linewidth=0.6)
    ax.set_axisbelow(True)
    # Below the plot, so it never hides a curve or a break-even label.
    figure.legend(loc="outside lower center", ncols=2, frameon=False)

    # Lay the figure out once, so the labels can be placed where they hide nothing.
    figure.draw_without_rendering()
    renderer = FigureCanvasAgg(figure).get_renderer()
    figure.set_layout_engine("none")  # keep that layout: the labels are placed for it
    placed: list[Any] = []
    for mode in modes:
        year = mode.metrics.break_even_year
        if year is not None:
            _mark_break_even(
                ax,
                renderer,
                mode.mode,
                year,
                curves[mode.mode][years.index(year)],
                years,
                curves,
                placed,
                lang,
            )


# Where a break-even label may go, in order of preference: offset from the point in
# points, and the text's alignment.
CANDIDATES = [
    (dx, dy, "right" if dx < 0 else "left", "bottom" if dy > 0 else "top")
    for dy in (7, -7, 20, -20)
    for dx in (-7, 7)
]


def _mark_break_even(
    ax: Any,
    renderer: Any,
    mode: str,
    year: int,
    value: float,
    years: list[int],
    curves: dict[str, list[float]],
    placed: list[Any],
    lang: Lang,
) -> None:
    """A ring on the curve at the break-even year, and a label beside it, on the side
    that covers the fewest points of the curves and no other label."""
    colour = STYLE[mode]["color"]
    ax.plot([year], [value], marker="o", markersize=8, markerfacecolor="none", color=colour)
    # The curves sampled finely, in display coordinates.
    samples = []
    for curve in curves.values():
        for (x0, y0), (x1, y1) in itertools.pairwise(zip(years, curve, strict=True)):
            samples += [(x0 + (x1 - x0) * k / 40, y0 + (y1 - y0) * k / 40) for k in range(40)]
    points = ax.transData.transform(samples)
    zero = ax.transData.transform([(years[0], 0.0)])[0][1]
    text = label("chart_break_even", lang).format(year=year)

    def annotate(dx: float, dy: float, ha: str, va: str) -> Any:
        note = ax.annotate(
            text,
            xy=(year, value),
            xytext=(dx, dy),
            textcoords="offset points",
            ha=ha,
            va=va,
            color=colour,
            fontsize=7.5,
            bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
            zorder=5,
        )
        note.set_in_layout(False)
        return note

    def cost(rank: int, box: Any) -> float:
        if not ax.bbox.contains(box.x0, box.y0) or not ax.bbox.contains(box.x1, box.y1):
            return 1e6
        if any(box.overlaps(other) for other in placed):
            return 1e6
        hidden = sum(box.x0 <= x <= box.x1 and box.y0 <= y <= box.y1 for x, y in points)
        return hidden + (5 if box.y0 < zero < box.y1 else 0) + rank * 0.1

    costs = []
    for rank, candidate in enumerate(CANDIDATES):
        note = annotate(*candidate)
        costs.append((cost(rank, note.get_window_extent(renderer).padded(2)), rank))
        note.remove()
    best = CANDIDATES[min(costs)[1]]
    placed.append(annotate(*best).get_window_extent(renderer).padded(2))
