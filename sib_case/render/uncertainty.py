"""Scenarios, sensitivity and Monte Carlo results as a terminal table, JSON or Markdown."""

from __future__ import annotations

import json
from typing import Any

from ..formats import metric, number, percent
from ..labels import Lang, label
from .markdown import md_table

SCENARIO_FIGURES = (
    "break_even_year",
    "net_municipal_gain",
    "municipal_npv",
    "total_outcome_payments",
    "investor_irr",
    "investor_multiple",
    "break_even_effect_municipal",
    "net_municipal_gain_if_no_effect",
)


def _as_json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)


def _rich_table(title: str, header: list[str], rows: list[list[str]]) -> Any:
    from rich.table import Table

    table = Table(title=title, title_justify="left", header_style="bold")
    for i, head in enumerate(header):
        table.add_column(head, justify="left" if i == 0 else "right")
    for row in rows:
        table.add_row(*row)
    return table


def _out(fmt: str, title: str, header: list[str], rows: list[list[str]], data: dict[str, Any]) -> Any:
    if fmt == "json":
        return _as_json(data)
    if fmt == "markdown":
        return f"## {title}\n\n" + md_table(header, rows, "l" + "r" * (len(header) - 1)) + "\n"
    return _rich_table(title, header, rows)


def render_scenarios(data: dict[str, Any], fmt: str, lang: Lang = "en") -> Any:
    currency = data["currency"]
    header = [label("metric", lang), *(_scenario_name(s["name"], lang) for s in data["scenarios"])]
    rows = [
        [label(name, lang), *(metric(name, s["metrics"][name], lang, currency) for s in data["scenarios"])]
        for name in SCENARIO_FIGURES
    ]
    title = f"{label('scenarios_title', lang)}: {data['case']}"
    return _out(fmt, title, header, rows, data)


def _scenario_name(name: str | None, lang: Lang) -> str:
    return label("scenario_base", lang) if name is None else name


def render_sensitivity(data: dict[str, Any], fmt: str, lang: Lang = "en") -> Any:
    currency = data["currency"]
    base = data["base"]
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
            row["label"],
            _value(row["low"], lang),
            _value(row["high"], lang),
            metric("municipal_npv", row["municipal_npv_low"], lang, currency),
            metric("municipal_npv", row["municipal_npv_high"], lang, currency),
            _value(row["switching_value"], lang)
            if row["switching_value"] is not None
            else label("none", lang),
        ]
        for row in data["inputs"]
    ]
    rows.insert(
        0,
        [
            label("sensitivity_base", lang),
            "",
            "",
            metric("municipal_npv", base["municipal_npv"], lang, currency),
            "",
            "",
        ],
    )
    title = f"{label('sensitivity_title', lang)}: {data['case']}"
    return _out(fmt, title, header, rows, data)


def _value(value: float, lang: Lang = "en") -> str:
    return number(value, lang, 0 if abs(value) >= 100 else 3)


def render_simulation(data: dict[str, Any], fmt: str, lang: Lang = "en") -> Any:
    currency = data["currency"]
    npv, gain = data["municipal_npv_percentiles"], data["net_municipal_gain_percentiles"]
    rows = [
        [label("draws", lang), number(data["draws"], lang)],
        [label("seed", lang), str(data["seed"])],
        [label("probability_municipal_gain", lang), percent(data["probability_municipal_gain"], lang)],
        *(
            [label(f"npv_{p}", lang), metric("municipal_npv", npv[p], lang, currency)]
            for p in ("p5", "p50", "p95")
        ),
        *(
            [label(f"gain_{p}", lang), metric("municipal_npv", gain[p], lang, currency)]
            for p in ("p5", "p50", "p95")
        ),
        [
            label("expected_outcome_payments", lang),
            metric("municipal_npv", data["expected_outcome_payments"], lang, currency),
        ],
    ]
    if data["probability_investor_recovers_capital"] is not None:
        rows.append(
            [
                label("probability_investor_recovers_capital", lang),
                percent(data["probability_investor_recovers_capital"], lang),
            ]
        )
    if data["investor_irr_percentiles"]:
        irr = data["investor_irr_percentiles"]
        rows.append(
            [
                label("investor_irr_range", lang),
                " / ".join(percent(irr[p], lang) for p in ("p5", "p50", "p95")),
            ]
        )
    for year, share in data["break_even_year_distribution"].items():
        when = label("never", lang) if year == "never" else year
        rows.append([label("break_even_in", lang).format(year=when), percent(share, lang)])
    title = f"{label('simulation_title', lang)}: {data['case']} ({label(data['financing'], lang)})"
    return _out(fmt, title, [label("metric", lang), label("value", lang)], rows, data)
