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

# Left out, in this order, when the terminal is too narrow for every column.
DROP_FIRST = (
    "savings_public",
    "municipal_discounted_cumulative",
    "participants",
    "investor_capital",
    "guarantee_payments",
    "investor_net",
    "transaction_costs_municipal",
)
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


def year_table(mode_result: ModeResult, currency: str, width: int = 200) -> Table:
    """The yearly flows. To fit `width`, amounts go to thousands, then the least needed
    columns are left out (named in the caption); JSON has them all."""
    rows = mode_result.years
    shown = [c for c in YEAR_COLUMNS if c in ALWAYS or any(row[c] for row in rows)]
    totals = {c: sum(float(row[c]) for row in rows) for c in shown if not c.endswith("cumulative")}
    scale, needed = 1.0, _widths(rows, totals, shown, 1.0)
    if sum(needed.values()) + 9 > width:
        scale, needed = 1000.0, _widths(rows, totals, shown, 1000.0)
    left_out = []
    for column in DROP_FIRST:
        if sum(needed[c] for c in shown) + 9 <= width:  # + the year column and the last border
            break
        if column in shown:
            shown.remove(column)
            left_out.append(label("short." + column))
    unit = label("thousands").format(currency=currency) if scale > 1 else currency
    table = Table(
        title=f"{label('cash_flows')}: {label(mode_result.mode)} ({unit})",
        title_justify="left",
        caption=label("left_out").format(columns=", ".join(left_out)) if left_out else None,
        caption_justify="left",
        show_footer=True,
        header_style="bold",
    )
    table.add_column(label("year"), footer=label("total"), justify="right", min_width=5)
    for column in shown:
        total = money(totals[column] / (1 if column == "participants" else scale)) if column in totals else ""
        table.add_column(label("short." + column), footer=total, justify="right", min_width=needed[column] - 3)
    for row in rows:
        cells = [str(row["year"])]
        for column in shown:
            value = float(row[column])
            cell = money(value if column == "participants" else value / scale)
            cells.append(f"[red]{cell}[/red]" if column.startswith("municipal") and value < 0 else cell)
        table.add_row(*cells)
    return table


def _widths(
    rows: list[dict[str, float | int]], totals: dict[str, float], shown: list[str], scale: float
) -> dict[str, int]:
    """Room each column needs: its widest cell or header word, plus padding and border."""
    needed = {}
    for column in shown:
        unit = 1 if column == "participants" else scale
        cells = [money(float(r[column]) / unit) for r in rows]
        if column in totals:
            cells.append(money(totals[column] / unit))
        words = label("short." + column).split()
        needed[column] = max(len(c) for c in [*cells, *words]) + 3
    return needed


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


def render_table(result: Result, width: int = 200) -> Group:
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
    parts: list[Any] = [Panel(header, expand=False), year_table(result.primary, info.currency, width)]
    parts.append(key_figures_table(result))
    if result.primary.mode == "self" and not result.case.financing.payments:
        parts.append(
            Text("The case has no payment rules: under a SIB the investor would be paid nothing.", "yellow")
        )
    return Group(*parts)
