"""`sib-case track` as people read it: the years plan against re-forecast, then the key
figures with their variance. A terminal table, Markdown or JSON."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from ..figures import COLUMNS as YEARLY
from ..figures import METRICS
from ..formats import number, percent
from ..labels import Lang, label, unit
from ..text import markdown_text, printable
from ..track import COLUMNS, FIGURES, Track

TABLE_COLUMNS = ("participants", "outcome_payments", "municipal_net")


def _year_rows(
    track: Track, lang: Lang, columns: tuple[str, ...], scale: float = 1.0, paired: bool = False
) -> tuple[list[str], list[list[str]]]:
    """Year, then each column plan and re-forecast (`paired`: in one cell, "plan → re-fc."),
    then the payments made (results file); amounts divided by `scale` (counts never). A
    measured year is marked *."""
    plan, new = label("track.plan_short", lang), label("track.reforecast_short", lang)
    head = [label("track.year", lang)]
    for c in columns:
        name = YEARLY[c].header(lang)
        head += [f"{name}\n{plan} → {new}"] if paired else [f"{name}\n{plan}", f"{name}\n{new}"]
    head.append(label("track.made", lang))
    rows = []
    for t, year in enumerate(track.years):
        measured = track.measured_until is not None and year <= track.measured_until
        row = [f"{year}{'*' if measured else ''}"]
        for c in columns:
            divide = 1.0 if YEARLY[c].kind == "count" else scale
            pair = [number(float(m.years[c][t]) / divide, lang) for m in (track.plan, track.reforecast)]
            row += [" → ".join(pair)] if paired else pair
        made = track.payments_made.get(year)
        row.append(number(made / scale, lang) if made is not None else "")
        rows.append(row)
    return head, rows


def _figure_rows(track: Track, lang: Lang) -> list[list[str]]:
    rows = []
    for name in FIGURES:
        figure = METRICS[name]
        plan, new = track.plan.metrics[name], track.reforecast.metrics[name]
        change = (
            ""
            if plan is None or new is None
            else figure.text(new - plan, lang)
            if figure.kind != "year"
            else label("track.years_change", lang).format(n=new - plan)
        )
        if figure.kind == "rate" and plan is not None and new is not None:
            change = _points(new - plan, lang)  # a change in a rate is in percentage points
        rows.append([figure.label(lang), figure.text(plan, lang), figure.text(new, lang), change])
    gain = track.chance_of_gain
    if gain[0] is not None:
        rows.append(
            [
                label("track.chance", lang),
                percent(gain[0], lang),
                percent(gain[1] or 0.0, lang),
                _points((gain[1] or 0.0) - gain[0], lang),
            ]
        )
    return rows


def _points(change: float, lang: Lang) -> str:
    """A change in a rate or a probability: +1,2 procentpoint."""
    sign = "+" if change > 0 else ""
    return sign + label("memo.points", lang).format(value=number(change * 100, lang, 1))


def track_chart(track: Track, fmt: str, lang: Lang = "en") -> bytes:
    """The cumulative municipal net of the plan and of the re-forecast, as PNG or SVG."""
    from .chart import Series, curves_svg, rasterize

    def legend(key: str, mode: Any) -> str:
        text = label(key, lang).format(year=track.measured_until)
        if mode.metrics.break_even_year is None:
            text += f" ({label('chart_no_break_even', lang)})"
        return text

    series = [
        Series(
            "self",
            legend("track.plan_legend", track.plan),
            [float(v) for v in track.plan.years.municipal_cumulative],
            track.plan.metrics.break_even_year,
        ),
        Series(
            "sib",
            legend(
                "track.reforecast_legend" if track.measured_until else "track.no_results_legend",
                track.reforecast,
            ),
            [float(v) for v in track.reforecast.years.municipal_cumulative],
            track.reforecast.metrics.break_even_year,
        ),
    ]
    svg = curves_svg(label("track.chart_title", lang), track.case, track.currency, track.years, series, lang)
    return svg.encode("utf-8") if fmt == "svg" else rasterize(svg)


def render_track(track: Track, fmt: str, lang: Lang = "en") -> Any:
    if fmt in ("png", "svg"):
        return track_chart(track, fmt, lang)
    if fmt == "json":
        return json.dumps(track.to_json(), indent=2, ensure_ascii=False) + "\n"
    title = label("track.title", lang).format(case=track.case, currency=unit(track.currency, lang))
    if track.scenario:
        title += label("track.scenario", lang).format(name=track.scenario)
    note = (
        label("track.measured", lang).format(year=track.measured_until)
        if track.measured_until
        else label("track.no_results", lang)
    )
    if track.reestimated:
        ratios = ", ".join(f"{name} x {number(ratio, lang, 2)}" for name, ratio in track.reestimated.items())
        note += " " + label("track.reestimated", lang).format(ratios=ratios)
    retention = ""
    if track.retention:
        items = ", ".join(
            label("track.of", lang).format(year=y, now=number(now, lang), recruited=number(n, lang))
            for y, (n, now) in track.retention.items()
        )
        retention = label("track.retention", lang).format(items=items)
    fhead = ["", label("track.plan", lang), label("track.reforecast", lang), label("track.variance", lang)]
    frows = _figure_rows(track, lang)
    if fmt == "markdown":
        head, rows = _year_rows(track, lang, COLUMNS)
        head = [h.replace("\n", " ") for h in head]

        def table(h: list[str], body: list[list[str]]) -> str:
            lines = ["| " + " | ".join(markdown_text(x) for x in h) + " |", "|" + "---|" * len(h)]
            lines += ["| " + " | ".join(markdown_text(x) for x in r) + " |" for r in body]
            return "\n".join(lines)

        return f"# {markdown_text(title)}\n\n{markdown_text(note)}\n\n{markdown_text(retention) + chr(10) * 2 if retention else ''}{table(fhead, frows)}\n\n{table(head, rows)}\n"
    figures = Table(title=label("key_figures", lang), title_justify="left", header_style="bold")
    for i, h in enumerate(fhead):
        figures.add_column(h, justify="left" if i == 0 else "right", no_wrap=i > 0)
    for r in frows:
        figures.add_row(*r)
    # the terminal: amounts in thousands, the columns that fit 80 (JSON and Markdown have all)
    head, rows = _year_rows(track, lang, TABLE_COLUMNS, 1000.0, paired=True)
    unit_text = label("thousands", lang).format(currency=unit(track.currency, lang))
    years = Table(
        title=f"{label('cash_flows', lang)} ({unit_text})", title_justify="left", header_style="bold"
    )
    for h in head:
        years.add_column(h, justify="right", no_wrap=True)
    for r in rows:
        years.add_row(*r)
    notes = [Text(printable(n), "dim") for n in (note, retention) if n]
    return Group(Text(printable(title), "bold"), *notes, figures, years)
