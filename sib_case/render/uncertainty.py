"""Scenarios, sensitivity and Monte Carlo results as a terminal table, JSON or Markdown.

Titles, headers and cells are plain text: labels, numbers and case text (the case's name,
scenario names, the uncertain inputs' labels). Each format makes them inert as it writes
them: Rich gets Text, never markup, with control characters escaped (text.printable);
Markdown escapes them (text.markdown_text); JSON escapes what json.dumps leaves raw."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..figures import SCENARIOS
from ..formats import money, number, percent
from ..labels import Lang, input_label, label, speaking_of_fund, unit
from ..text import json_text, markdown_text, printable
from .markdown import md_table

if TYPE_CHECKING:
    from ..uncertainty import Scenarios, Sensitivity, Simulation


def _rich_table(title: str, header: list[str], rows: list[list[str]], width: int = 200) -> Any:
    """A table whose figures are never cut: where its columns do not fit `width`, they are
    shown in parts, one under the other, each with the names' column."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    def plain(text: str, style: str = "") -> Text:
        return Text(printable(text), style=style)

    # the names wrap at their spaces, never inside a word; the figures never wrap
    longest = max((len(word) for row in rows for word in printable(row[0]).split()), default=0)
    name_width = min(longest, 30)
    widths = [max(len(printable(r[i])) for r in [header, *rows]) for i in range(1, len(header))]
    parts: list[list[int]] = [[]]
    used = name_width + 4
    for i, w in enumerate(widths, 1):
        if parts[-1] and used + w + 3 > width:
            parts.append([])
            used = name_width + 4
        parts[-1].append(i)
        used += w + 3
    tables = []
    for n, part in enumerate(parts):
        table = Table(
            title=plain(title, "table.title") if n == 0 else None, title_justify="left", header_style="bold"
        )
        table.add_column(plain(header[0]), justify="left", min_width=name_width)
        for i in part:
            table.add_column(plain(header[i]), justify="right", no_wrap=True)
        for row in rows:
            table.add_row(plain(row[0]), *(plain(row[i]) for i in part))
        tables.append(table)
    return tables[0] if len(tables) == 1 else Group(*tables)


def _out(fmt: str, title: str, header: list[str], rows: list[list[str]], data: Any, width: int = 200) -> Any:
    if fmt == "json":
        return json_text(json.dumps(data.to_json(), indent=2, ensure_ascii=False, allow_nan=False))
    if fmt == "markdown":
        md = markdown_text
        cells = [[md(cell) for cell in row] for row in rows]
        return (
            f"## {md(title)}\n\n"
            + md_table([md(h) for h in header], cells, "l" + "r" * (len(header) - 1))
            + "\n"
        )
    return _rich_table(title, header, rows, width)


def render_scenarios(data: Scenarios, fmt: str, lang: Lang = "en", width: int = 200) -> Any:
    header = [label("metric", lang), *(_scenario_name(s.name, lang) for s in data.scenarios)]
    rows = [
        [_both_ways(f, data, lang), *(f.text(s.metrics[f.name], lang, compact=True) for s in data.scenarios)]
        for f in SCENARIOS
    ]
    title = f"{label('scenarios_title', lang)}: {data.case} ({unit(data.currency, lang)})"
    return _out(fmt, title, header, rows, data, width)


def _both_ways(figure: Any, data: Scenarios, lang: Lang) -> str:
    """A row's label in the words of the columns financed by a loan: a SIB's, a fund's
    ("Fund IRR"), or where there are both, both, the first column's first."""
    loans = list(dict.fromkeys(s.fund is not None for s in data.scenarios if s.financing == "sib"))
    words = []
    for funded in loans or [False]:
        with speaking_of_fund(funded):
            words.append(figure.label(lang))
    return " / ".join(dict.fromkeys(words))


def scenario_suffix(name: str | None, lang: Lang) -> str:
    """ ", scenario 'NAME'" where the figures are a named scenario's (nothing where not)."""
    return "" if name is None else ", " + label("scenario_shown", lang).format(name=name)


def _scenario_name(name: str | None, lang: Lang) -> str:
    return label("scenario_base", lang) if name is None else name


def render_sensitivity(data: Sensitivity, fmt: str, lang: Lang = "en") -> Any:
    """A table, JSON, Markdown, or the tornado chart (png, svg)."""
    if fmt in ("png", "svg"):
        from .uncertainty_charts import render_tornado

        return render_tornado(data, fmt, lang)
    currency = data.currency
    header = [
        label("uncertain_input", lang),
        label("low", lang),
        label("high", lang),
        label("npv_at_low", lang),
        label("npv_at_high", lang),
        label("switching_value", lang),
    ]
    rows = [
        [
            input_label(row.words, lang),
            _value(row.low, lang, row.share),
            _value(row.high, lang, row.share),
            number(row.municipal_npv_low, lang),
            number(row.municipal_npv_high, lang),
            _value(row.switching_value, lang, row.share)
            if row.switching_value is not None
            else label("none", lang),
        ]
        for row in data.inputs
    ]
    rows.insert(
        0,
        [
            label("sensitivity_base", lang),
            "",
            "",
            number(data.base_municipal_npv, lang),
            "",
            "",
        ],
    )
    title = f"{label('sensitivity_title', lang)}: {data.case}{scenario_suffix(data.scenario, lang)}"
    title += f" ({unit(currency, lang)})"
    return _out(fmt, title, header, rows, data)


def _value(value: float, lang: Lang = "en", share: bool = False) -> str:
    """An input's value: a share as a percentage (13,7 %), else a number."""
    return percent(value, lang, 1) if share else number(value, lang, 0 if abs(value) >= 100 else 3)


def render_simulation(data: Simulation, fmt: str, lang: Lang = "en") -> Any:
    """A table, JSON, Markdown, or the histogram of the municipal NPV (png, svg)."""
    if fmt in ("png", "svg"):
        from .uncertainty_charts import render_histogram

        return render_histogram(data, fmt, lang)

    def m(value: float) -> str:
        return money(value, data.currency, lang)

    npv, gain = data.municipal_npv_percentiles, data.net_municipal_gain_percentiles
    rows = [
        [label("draws", lang), number(data.draws, lang)],
        [label("seed", lang), str(data.seed)],
        [label("probability_municipal_gain", lang), percent(data.probability_municipal_gain, lang)],
        *([label(f"npv_{p}", lang), m(getattr(npv, p))] for p in ("p5", "p50", "p95")),
        *([label(f"gain_{p}", lang), m(getattr(gain, p))] for p in ("p5", "p50", "p95")),
        [label("expected_outcome_payments", lang), m(data.expected_outcome_payments)],
    ]
    if data.probability_investor_recovers_capital is not None:
        rows.append(
            [
                label("probability_investor_recovers_capital", lang),
                percent(data.probability_investor_recovers_capital, lang),
            ]
        )
    if (irr := data.investor_irr_percentiles) is not None:
        rows.append(
            [
                label("investor_irr_range", lang),
                " / ".join(percent(v, lang) for v in (irr.p5, irr.p50, irr.p95)),
            ]
        )
    for year, share in data.break_even_year_distribution.items():
        when = label("never", lang) if year == "never" else year
        rows.append([label("break_even_in", lang).format(year=when), percent(share, lang)])
    title = f"{label('simulation_title', lang)}: {data.case} ({label(data.financing, lang)})"
    title += scenario_suffix(data.scenario, lang)
    return _out(fmt, title, [label("metric", lang), label("value", lang)], rows, data)
