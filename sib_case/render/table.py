"""Rich tables for the terminal: the yearly cash flows and the key figures, SIB and
self-financing side by side."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..labels import label
from ..result import YEAR_COLUMNS, ModeResult, Result

ALWAYS = {"programme_cost", "savings_municipal", "municipal_net", "municipal_cumulative"}
MONEY_METRICS = {
    "net_municipal_gain",
    "municipal_npv",
    "public_npv",
    "total_outcome_payments",
    "total_programme_cost",
    "total_transaction_costs",
    "investor_net_gain",
    "net_municipal_gain_if_no_effect",
}
KEY_FIGURES = (
    "break_even_year",
    "discounted_break_even_year",
    "net_municipal_gain",
    "municipal_npv",
    "public_npv",
    "total_programme_cost",
    "total_outcome_payments",
    "total_transaction_costs",
    "benefit_cost_ratio",
    "investor_irr",
    "investor_multiple",
    "investor_net_gain",
    "break_even_effect_municipal",
    "break_even_effect_investor",
    "net_municipal_gain_if_no_effect",
)


def money(value: float | None) -> str:
    if value is None:
        return label("none")
    text = f"{value:,.0f}"
    return "0" if text == "-0" else text


def metric_text(name: str, value: Any) -> str:
    if name.endswith("break_even_year"):
        return str(value) if value is not None else label("never")
    if value is None:
        return label("none")
    if name in MONEY_METRICS:
        return money(value)
    if name == "investor_irr":
        return f"{value:.1%}"
    if name == "investor_multiple":
        return f"{value:.2f}x"
    if name.startswith("break_even_effect"):
        return f"{value:.2f} x effect"
    return f"{value:.2f}"


def year_table(mode_result: ModeResult, currency: str) -> Table:
    rows = mode_result.years
    shown = [c for c in YEAR_COLUMNS if c in ALWAYS or any(row[c] for row in rows)]
    title = f"{label('cash_flows')}: {label(mode_result.mode)} ({currency})"
    table = Table(title=title, title_justify="left", show_footer=True, header_style="bold")
    table.add_column(label("year"), footer="Total", justify="right")
    for column in shown:
        cumulative = column.endswith("cumulative")
        total = "" if cumulative else money(sum(float(row[column]) for row in rows))
        table.add_column(label(column), footer=total, justify="right")
    for row in rows:
        cells = [str(row["year"])]
        for column in shown:
            value = float(row[column])
            cell = money(value)
            cells.append(f"[red]{cell}[/red]" if column.startswith("municipal") and value < 0 else cell)
        table.add_row(*cells)
    return table


def key_figures_table(result: Result) -> Table:
    modes = [result.primary, result.alternative]
    if modes[0].mode != "sib":
        modes.reverse()
    table = Table(title=label("key_figures"), title_justify="left", header_style="bold")
    table.add_column("")
    for mode in modes:
        marker = " *" if mode is result.primary else ""
        table.add_column(label(mode.mode) + marker, justify="right")
    for name in KEY_FIGURES:
        table.add_row(label(name), *(metric_text(name, m.metrics[name]) for m in modes))
    return table


def render_table(result: Result) -> Group:
    info = result.case.case
    rate = f"{info.discount_rate:.1%}"
    subtitle = label("constant_prices").format(
        year=info.price_year or info.start_year, currency=info.currency, rate=rate
    )
    header = Text.assemble(
        (info.name, "bold"),
        (f"  {info.municipality}" if info.municipality else "", ""),
        ("\n" + subtitle, "dim"),
        ("\n* the case's own financing mode", "dim"),
    )
    parts: list[Any] = [Panel(header, expand=False), year_table(result.primary, info.currency)]
    parts.append(key_figures_table(result))
    if result.primary.mode == "self" and not result.case.financing.payments:
        parts.append(
            Text("The case has no payment rules: under a SIB the investor would be paid nothing.", "yellow")
        )
    return Group(*parts)
