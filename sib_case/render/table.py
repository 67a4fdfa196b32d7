"""Rich tables for the terminal: the yearly cash flows and the key figures, SIB and
self-financing side by side. Case text (the name, the municipality) goes to Rich as Text,
never as markup, with its control characters shown escaped (text.printable)."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..figures import COLUMNS, KEY_FIGURES, YEAR, Years
from ..formats import number
from ..investors import InvestorResult, investor_rows
from ..labels import Lang, label, unit
from ..result import ModeResult, Result
from ..text import printable

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


def year_table(mode_result: ModeResult, currency: str, width: int = 200, lang: Lang = "en") -> Table:
    """The yearly flows. To fit `width`, amounts go to thousands, then the least needed
    columns are left out (named in the caption); JSON has them all."""
    years = mode_result.years
    shown = [c for c in years.shown() if c in ALWAYS or years[c].any()]
    scale = 1.0
    cells = _cells(years, shown, scale, lang)
    if _table_width(cells, lang) > width:
        scale = 1000.0
        cells = _cells(years, shown, scale, lang)
    left_out: list[str] = []
    for column in DROP_FIRST:
        if _table_width(cells, lang) <= width:
            break
        if column in cells:
            del cells[column]
            left_out.append(column)
    kroner = unit(currency, lang)
    unit_text = label("thousands", lang).format(currency=kroner) if scale > 1 else kroner
    left = ", ".join(COLUMNS[c].header(lang) for c in left_out)
    table = Table(
        title=f"{label('cash_flows', lang)}: {label(mode_result.mode, lang)} ({unit_text})",
        title_justify="left",
        caption=label("left_out", lang).format(columns=left) if left_out else None,
        caption_justify="left",
        show_footer=True,
        header_style="bold",
    )
    table.add_column(YEAR.label(lang), footer=label("total", lang), justify="right", no_wrap=True)
    for header, _, total in cells.values():
        table.add_column(header, footer=total, justify="right", no_wrap=True)
    for t, year in enumerate(years.year):
        line = [str(year)]
        for column, (_, body, _) in cells.items():
            negative = column.startswith("municipal") and years[column][t] < 0
            line.append(f"[red]{body[t]}[/red]" if negative else body[t])
        table.add_row(*line)
    return table


def _cells(years: Years, shown: list[str], scale: float, lang: Lang) -> dict[str, tuple[str, list[str], str]]:
    """Header (two short lines), body and total of each column, as text."""
    out = {}
    for column in shown:
        divide = 1.0 if COLUMNS[column].kind == "count" else scale
        body = [number(float(v) / divide, lang) for v in years[column]]
        total = years.total(column)
        shown_total = "" if total is None else number(total / divide, lang)
        out[column] = (COLUMNS[column].header(lang).replace(" ", "\n"), body, shown_total)
    return out


def _table_width(cells: dict[str, tuple[str, list[str], str]], lang: Lang) -> int:
    """Width of the table Rich will draw: each column's widest text plus padding (2)
    and a border (1), the year column (4 + 3) and the outer border (1)."""
    widths = [
        max(len(text) for text in (*header.split("\n"), *body, total))
        for header, body, total in cells.values()
    ]
    return sum(w + 3 for w in widths) + len(label("total", lang)) + 3 + 1


def areas_table(result: Result, lang: Lang = "en") -> Table | None:
    """The municipal net by area for the terminal, in thousands."""
    from .markdown import area_rows

    made = area_rows(result, lang, 1000.0)
    if made is None:
        return None
    title, head, rows = made
    table = Table(title=title, title_justify="left", header_style="bold", show_footer=True)
    for i, name in enumerate(head):
        # a name wraps at its spaces, never cut: two areas must not read the same
        table.add_column(Text(printable(name)), footer=rows[-1][i], justify="right", overflow="fold")
    for row in rows[:-1]:
        table.add_row(*row)
    return table


def key_figures_table(result: Result, lang: Lang = "en") -> Table:
    modes = result.modes
    table = Table(title=label("key_figures", lang), title_justify="left", header_style="bold")
    table.add_column("")
    for mode in modes:
        marker = " *" if mode is result.primary else ""
        table.add_column(label(mode.mode, lang) + marker, justify="right")
    for figure in KEY_FIGURES:
        table.add_row(figure.label(lang), *(m.text(figure, lang) for m in modes))
    return table


def investors_table(investors: list[InvestorResult], lang: Lang) -> Table:
    """One column an investor (or tranche), one row a figure: few investors fit 80 columns."""
    head, rows = investor_rows(investors, lang)
    table = Table(title=label("investors", lang), title_justify="left", header_style="bold")
    table.add_column("")
    for row in rows:
        table.add_column(Text(printable(row[0])), justify="right", max_width=24)
    for i, name in enumerate(head[1:], start=1):
        table.add_row(name, *(row[i] for row in rows))
    return table


def render_table(result: Result, width: int = 200, lang: Lang = "en") -> Group:
    from .markdown import basis

    info = result.case.case
    subtitle = basis(result.case, lang, printable)
    header = Text.assemble(
        (printable(info.name), "bold"),
        (f"  {printable(info.municipality)}" if info.municipality else "", ""),
        ("\n" + subtitle, "dim"),
        ("\n" + label("own_mode", lang), "dim"),
    )
    parts: list[Any] = [Panel(header, expand=False), year_table(result.primary, info.currency, width, lang)]
    if (areas := areas_table(result, lang)) is not None:
        parts.append(areas)
    parts.append(key_figures_table(result, lang))
    if investors := result.by_mode["sib"].investors:
        parts.append(investors_table(investors, lang))
    if result.primary.mode == "self" and not result.case.financing.payments:
        parts.append(Text(label("no_payment_rules", lang), "yellow"))
    return Group(*parts)


def render_terminal(result: Result, lang: Lang = "en", width: int = 200) -> Group:
    """What `sib-case evaluate` prints: the tables, then the terminal chart."""
    from .terminal_chart import render_terminal_chart

    return Group(render_table(result, width, lang), render_terminal_chart(result, width, lang))
