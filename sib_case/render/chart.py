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
import textwrap
from typing import Any, Literal

from ..formats import number
from ..labels import Lang, label
from ..result import ModeResult, Result

ChartFormat = Literal["png", "svg"]

WIDTH_CM, HEIGHT_CM, PNG_DPI = 16.0, 9.0, 150
# Colour-blind safe (Okabe-Ito blue and vermillion); the line styles differ too, for grey print.
STYLE = {
    "sib": {"color": "#0072B2", "linestyle": "-", "marker": "o"},
    "self": {"color": "#D55E00", "linestyle": "--", "marker": "s"},
}
RC = {
    "svg.hashsalt": "sib-case",  # stable clip-path and marker ids
    "svg.fonttype": "none",  # text stays text: searchable, selectable, small
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Arial", "Helvetica"],
    "font.size": 8,
    "text.parse_math": False,  # a "$" in a case name is a dollar, not mathtext
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def render_chart(result: Result, fmt: ChartFormat, lang: Lang = "en") -> bytes:
    """The cumulative municipal net cash flow of both financing modes by year, as PNG or
    SVG bytes (about 16 x 9 cm), each mode's break-even year marked."""
    if fmt not in ("png", "svg"):
        raise ValueError(f"chart format must be 'png' or 'svg', got {fmt!r}")
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(RC):
        figure = Figure(figsize=(WIDTH_CM / 2.54, HEIGHT_CM / 2.54), layout="constrained")
        _draw(figure, result, lang)
        out = io.BytesIO()
        # savefig picks the Agg or SVG canvas for the format; pyplot is never involved.
        if fmt == "svg":
            metadata = {"Date": None, "Creator": None, "Format": None, "Type": None}
            figure.savefig(out, format="svg", metadata=metadata)
        else:
            figure.savefig(out, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return out.getvalue()


def _draw(figure: Any, result: Result, lang: Lang) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    info = result.case.case
    ax = figure.add_subplot()
    modes = sorted([result.primary, result.alternative], key=lambda m: m.mode != "sib")
    years = [int(row["year"]) for row in result.primary.years]

    ax.axhline(0, color="0.25", linewidth=0.8, zorder=1)
    for mode in modes:
        cumulative = [float(row["municipal_cumulative"]) for row in mode.years]
        ax.plot(
            years, cumulative, label=label(mode.mode, lang), linewidth=1.6, markersize=3.5, **STYLE[mode.mode]
        )
    taken: set[tuple[int, str]] = set()  # (year, side) of labels already placed
    for mode in modes:
        _mark_break_even(ax, mode, years, taken, lang)

    name = textwrap.shorten(info.name, width=90, placeholder=" ...")
    ax.set_title(f"{label('chart_title', lang)}\n{name}", loc="left", fontsize=9)
    ax.set_ylabel(label("chart_axis", lang).format(currency=info.currency))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: number(value, lang)))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))
    if len(years) <= 15:
        ax.set_xticks(years)
    else:
        ax.xaxis.set_major_locator(MaxNLocator(nbins=10, integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: str(round(value))))
    ax.set_xlim(years[0] - 0.4, years[-1] + 0.4)
    ax.margins(y=0.15)  # room for the break-even labels
    ax.grid(axis="y", color="0.88", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.legend(loc="best", frameon=False)


def _mark_break_even(ax: Any, mode: ModeResult, years: list[int], taken: set[tuple[int, str]], lang: Lang) -> None:
    """A ring on the curve at the break-even year, labelled on the side of the curve that
    is free: above left of a rising curve, above right of a falling one (below right at
    the left edge). Two modes breaking even in the same year get opposite sides."""
    year = mode.metrics["break_even_year"]
    if year is None:
        return
    style = STYLE[mode.mode]
    cumulative = [float(row["municipal_cumulative"]) for row in mode.years]
    i = years.index(year)
    rising = cumulative[min(i + 1, len(years) - 1)] >= cumulative[max(i - 1, 0)]
    side = "below right" if i == 0 and rising else ("above left" if rising else "above right")
    if (year, side) in taken:
        side = {"above left": "below right", "below right": "above left", "above right": "below left"}[side]
    taken.add((year, side))
    vertical, horizontal = side.split()
    ax.plot([year], [cumulative[i]], marker="o", markersize=8, markerfacecolor="none", color=style["color"])
    ax.annotate(
        label("chart_break_even", lang).format(year=year),
        xy=(year, cumulative[i]),
        xytext=(7 if horizontal == "right" else -7, 7 if vertical == "above" else -7),
        textcoords="offset points",
        ha="left" if horizontal == "right" else "right",
        va="bottom" if vertical == "above" else "top",
        color=style["color"],
        fontsize=7.5,
        bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
        zorder=5,
    )
