"""Rich tables for the terminal: the yearly cash flows and the key figures, SIB and
self-financing side by side."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..formats import metric, number
from ..labels import Lang, label
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


def year_table(mode_result: ModeResult, currency: str, width: int = 200, lang: Lang = "en") -> Table:
    """The yearly flows. To fit `width`, amounts go to thousands, then the least needed
    columns are left out (named in the caption); JSON has them all."""
    rows = mode_result.years
    shown = [c for c in YEAR_COLUMNS if c in ALWAYS or any(row[c] for row in rows)]
    scale = 1.0
    cells = _cells(rows, shown, scale, lang)
    if _table_width(cells, lang) > width:
        scale = 1000.0
        cells = _cells(rows, shown, scale, lang)
    left_out: list[str] = []
    for column in DROP_FIRST:
        if _table_width(cells, lang) <= width:
            break
        if column in cells:
            del cells[column]
            left_out.append(column)
    unit = label("thousands", lang).format(currency=currency) if scale > 1 else currency
    left = ", ".join(label("short." + c, lang) for c in left_out)
    table = Table(
        title=f"{label('cash_flows', lang)}: {label(mode_result.mode, lang)} ({unit})",
        title_justify="left",
        caption=label("left_out", lang).format(columns=left) if left_out else None,
        caption_justify="left",
        show_footer=True,
        header_style="bold",
    )
    table.add_column(label("year", lang), footer=label("total", lang), justify="right", no_wrap=True)
    for header, _, total in cells.values():
        table.add_column(header, footer=total, justify="right", no_wrap=True)
    for t, row in enumerate(rows):
        line = [str(row["year"])]
        for column, (_, body, _) in cells.items():
            negative = column.startswith("municipal") and float(row[column]) < 0
            line.append(f"[red]{body[t]}[/red]" if negative else body[t])
        table.add_row(*line)
    return table


def _cells(
    rows: list[dict[str, float | int]], shown: list[str], scale: float, lang: Lang
) -> dict[str, tuple[str, list[str], str]]:
    """Header (two short lines), body and total of each column, as text."""
    out = {}
    for column in shown:
        divide = 1.0 if column == "participants" else scale
        body = [number(float(row[column]) / divide, lang) for row in rows]
        total = (
            ""
            if column.endswith("cumulative")
            else number(sum(float(r[column]) for r in rows) / divide, lang)
        )
        out[column] = (label("short." + column, lang).replace(" ", "\n"), body, total)
    return out


def _table_width(cells: dict[str, tuple[str, list[str], str]], lang: Lang) -> int:
    """Width of the table Rich will draw: each column's widest text plus padding (2)
    and a border (1), the year column (4 + 3) and the outer border (1)."""
    widths = [
        max(len(text) for text in (*header.split("\n"), *body, total))
        for header, body, total in cells.values()
    ]
    return sum(w + 3 for w in widths) + len(label("total", lang)) + 3 + 1


def key_figures_table(result: Result, lang: Lang = "en") -> Table:
    modes = [result.primary, result.alternative]
    if modes[0].mode != "sib":
        modes.reverse()
    table = Table(title=label("key_figures", lang), title_justify="left", header_style="bold")
    table.add_column("")
    for mode in modes:
        marker = " *" if mode is result.primary else ""
        table.add_column(label(mode.mode, lang) + marker, justify="right")
    for name in KEY_FIGURES:
        table.add_row(label(name, lang), *(metric(name, m.metrics[name], lang) for m in modes))
    return table


def render_table(result: Result, width: int = 200, lang: Lang = "en") -> Group:
    info = result.case.case
    from ..formats import percent

    subtitle = label("constant_prices", lang).format(
        year=info.price_year or info.start_year,
        currency=info.currency,
        rate=percent(info.discount_rate, lang),
    )
    header = Text.assemble(
        (info.name, "bold"),
        (f"  {info.municipality}" if info.municipality else "", ""),
        ("\n" + subtitle, "dim"),
        ("\n" + label("own_mode", lang), "dim"),
    )
    parts: list[Any] = [Panel(header, expand=False), year_table(result.primary, info.currency, width, lang)]
    parts.append(key_figures_table(result, lang))
    if result.primary.mode == "self" and not result.case.financing.payments:
        parts.append(Text(label("no_payment_rules", lang), "yellow"))
    return Group(*parts)
