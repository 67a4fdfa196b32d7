"""A portfolio for people: the basis it is put on, its key figures, its flows by year, its
subtotals by municipality, investor, policy area and start year, and its deals; as a
terminal table, Markdown, CSV, an Excel workbook or a chart of the capital outstanding and
what comes back by year. Amounts in the tables are in thousands of the basis currency;
CSV, JSON and the workbook hold them whole. Case text goes to Rich as Text, never markup."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..formats import figure_text, number, percent
from ..labels import Lang, label, unit
from ..text import printable

if TYPE_CHECKING:
    from ..portfolio import Portfolio, PortfolioSimulation, Totals

# The yearly columns: key, label key, the Totals array's name. Left out from the right
# (net first) when the terminal is too narrow; the year, drawn, received and outstanding stay.
YEARLY = (
    ("committed", "pf.committed"),
    ("drawn", "pf.drawn"),
    ("received", "pf.received"),
    ("net", "pf.net"),
    ("outstanding", "pf.outstanding"),
    ("written_off", "pf.written_off"),
    ("municipal_net", "pf.municipal_net"),
    ("fund_balance", "pf.fund_balance"),
)
DROP_YEARLY = ("net", "committed", "written_off", "municipal_net", "fund_balance")
LEVELS = {"outstanding", "fund_balance"}  # at each year's end: no total
NAME_WIDTH = 28  # a group's name (a municipality, an investor) wraps at this width
GROUP_COLUMNS = ("deals", "committed", "drawn", "received", "multiple", "irr", "municipal_net_gain")
DROP_GROUP = ("irr", "drawn", "municipal_net_gain", "committed")


def _k(value: float | None, lang: Lang) -> str:
    return "" if value is None else number(value / 1000, lang)


def _multiple(value: float | None, lang: Lang) -> str:
    return figure_text("multiple", value, lang, compact=True)


def _rate(value: float | None, lang: Lang) -> str:
    return figure_text("rate", value, lang)


def key_figures(totals: Totals, lang: Lang) -> list[tuple[str, str]]:
    """The portfolio's key figures, in thousands."""
    peak, peak_year = totals.peak_outstanding
    rows = [
        (label("pf.deals", lang), str(totals.deals)),
        (label("pf.capital_committed", lang), _k(totals.capital_committed, lang)),
        (label("pf.capital_drawn", lang), _k(totals.capital_drawn, lang)),
        (label("pf.total_received", lang), _k(totals.total_received, lang)),
        (label("pf.multiple", lang), _multiple(totals.multiple, lang)),
        (label("pf.irr", lang), _rate(totals.irr, lang)),
        (
            label("pf.peak", lang),
            _k(peak, lang) + (f" ({peak_year})" if peak_year is not None else ""),
        ),
        (label("pf.written_off_total", lang), _k(float(totals.written_off.sum()), lang)),
        (label("pf.municipal_net_gain", lang), _k(totals.municipal_net_gain, lang)),
        (
            label("pf.municipal_npv", lang).format(
                year=totals.base_year, rate=percent(totals.discount_rate, lang)
            ),
            _k(totals.municipal_npv, lang),
        ),
    ]
    return rows


def yearly_columns(p: Portfolio) -> list[str]:
    """The yearly columns the portfolio has: the municipalities' net unless a group of
    investors, the fund's balance where its capital is given."""
    return [
        c
        for c, _ in YEARLY
        if (c != "municipal_net" or p.totals.municipal_net is not None)
        and (c != "fund_balance" or p.fund_capital is not None)
    ]


def yearly_values(p: Portfolio) -> dict[str, Any]:
    """Each yearly column's values by year (None where the portfolio has no such column)."""
    t = p.totals
    return {
        "committed": t.committed,
        "drawn": t.drawn,
        "received": t.received,
        "net": t.net,
        "outstanding": t.outstanding,
        "written_off": t.written_off,
        "municipal_net": t.municipal_net,
        "fund_balance": p.fund_balance,
    }


def yearly_rows(p: Portfolio, lang: Lang, columns: list[str]) -> list[list[str]]:
    totals = p.totals
    values = yearly_values(p)
    rows = []
    for t, year in enumerate(totals.years):
        rows.append(
            [str(int(year))] + [_k(None if values[c] is None else values[c][t], lang) for c in columns]
        )
    footer = [label("total", lang)]
    for c in columns:
        footer.append("" if c in LEVELS or values[c] is None else _k(float(values[c].sum()), lang))
    return [*rows, footer]


def group_cells(name: str, totals: Totals, lang: Lang) -> dict[str, str]:
    return {
        "name": name,
        "deals": str(totals.deals),
        "committed": _k(totals.capital_committed, lang),
        "drawn": _k(totals.capital_drawn, lang),
        "received": _k(totals.total_received, lang),
        "multiple": _multiple(totals.multiple, lang),
        "irr": _rate(totals.irr, lang),
        "municipal_net_gain": _k(totals.municipal_net_gain, lang),
    }


def basis_text(p: Portfolio, lang: Lang) -> list[str]:
    """What the figures are on, in words: currency, prices, rates and indices used."""
    b = p.basis
    lines = [
        label("pf.basis", lang).format(
            currency=unit(b.currency, lang), price_year=b.price_year, base_year=b.base_year
        )
    ]
    if b.rates:
        rates = ", ".join(f"1 {c} = {_plain(r, lang)} {b.currency}" for c, r in b.rates.items())
        lines.append(label("pf.rates", lang).format(rates=rates))
    for currency in sorted({d.currency for d in p.deals if d.price_year != b.price_year}):
        index = b.indices[currency]
        title = index.title[1 if lang == "da" else 0] or index.name
        lines.append(label("pf.index", lang).format(currency=currency, index=title))
    return lines


def _plain(value: float, lang: Lang) -> str:
    """A rate as stated (8.7, 0.1234), in the language's decimal sign."""
    text = f"{value:.6g}"
    return text.replace(".", ",") if lang == "da" else text


def _header(column: str, lang: Lang) -> str:
    return label(f"pf.col.{column}", lang)


def _fit(
    columns: list[str], cells: Callable[[list[str]], list[list[str]]], drop: tuple[str, ...], width: int
) -> tuple[list[str], list[str]]:
    """The columns that fit `width` (each whole), least needed left out first."""
    shown, left_out = list(columns), []
    for column in drop:
        rows = cells(shown)
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        widths[0] = min(widths[0], NAME_WIDTH)  # names wrap; figures never do
        if sum(widths) + 3 * len(widths) + 1 <= width:
            break
        if column in shown:
            shown.remove(column)
            left_out.append(column)
    return shown, left_out


def portfolio_table(p: Portfolio, lang: Lang = "en", width: int = 200) -> Any:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    thousands = label("thousands", lang).format(currency=unit(p.basis.currency, lang))
    parts: list[Any] = [Text(printable(line)) for line in basis_text(p, lang)]

    figures = Table(title=f"{label('pf.title', lang)} ({thousands})", title_justify="left", show_header=False)
    figures.add_column(no_wrap=False)
    figures.add_column(justify="right", no_wrap=True)
    for name, value in key_figures(p.totals, lang):
        figures.add_row(name, value)
    parts.append(figures)

    columns = yearly_columns(p)
    headers = {c: label(k, lang) for c, k in YEARLY}

    def year_cells(shown: list[str]) -> list[list[str]]:
        return [[label("pf.year", lang)] + [headers[c] for c in shown], *yearly_rows(p, lang, shown)]

    shown, left_out = _fit(columns, year_cells, DROP_YEARLY, width)
    years = Table(
        title=f"{label('pf.by_year', lang)} ({thousands})",
        title_justify="left",
        caption=label("left_out", lang).format(columns=", ".join(headers[c] for c in left_out))
        if left_out
        else None,
        caption_justify="left",
        header_style="bold",
    )
    rows = yearly_rows(p, lang, shown)
    years.add_column(label("pf.year", lang), justify="right", no_wrap=True)
    for c in shown:
        years.add_column(headers[c], justify="right", no_wrap=True)
    for row in rows[:-1]:
        years.add_row(*row)
    years.add_row(*rows[-1], style="bold")
    parts.append(years)

    for grouping, by in p.groups.items():
        if (len(by) < 2 and grouping != "investor") or not by:
            continue
        cols = [c for c in GROUP_COLUMNS if not (grouping == "investor" and c == "municipal_net_gain")]
        body = {name: group_cells(name, t, lang) for name, t in by.items()}

        def group_rows(
            shown_cols: list[str], body: dict[str, dict[str, str]] = body, grouping: str = grouping
        ) -> list[list[str]]:
            head = [label(f"pf.group.{grouping}", lang)] + [_header(c, lang) for c in shown_cols]
            return [head, *([cells["name"]] + [cells[c] for c in shown_cols] for cells in body.values())]

        shown_cols, dropped = _fit(cols, group_rows, DROP_GROUP, width)
        table = Table(
            title=f"{label(f'pf.by.{grouping}', lang)} ({thousands})",
            title_justify="left",
            caption=label("left_out", lang).format(columns=", ".join(_header(c, lang) for c in dropped))
            if dropped
            else None,
            caption_justify="left",
            header_style="bold",
        )
        table.add_column(label(f"pf.group.{grouping}", lang), max_width=NAME_WIDTH, overflow="fold")
        for c in shown_cols:
            table.add_column(_header(c, lang), justify="right", no_wrap=True)
        for cells in body.values():
            table.add_row(Text(printable(cells["name"])), *[cells[c] for c in shown_cols])
        parts.append(table)
    parts += [Text(line) for line in fund_lines(p, lang)]
    for error in p.errors:
        parts.append(Text(printable(error), style="red"))
    return Group(*parts)


def fund_lines(p: Portfolio, lang: Lang) -> list[str]:
    """The fund's balance year by year, in words: its lowest point, and whether it runs short."""
    balance = p.fund_balance
    if balance is None or p.fund_capital is None:
        return []
    years = [int(y) for y in p.totals.years]
    money = unit(p.basis.currency, lang)
    low = int(balance.argmin())
    lines = [
        label("pf.fund.capital", lang).format(capital=number(p.fund_capital, lang), unit=money),
        label("pf.fund.lowest", lang).format(
            amount=number(float(balance[low]), lang), unit=money, year=years[low]
        ),
    ]
    if balance[low] < 0:
        short = next(y for y, b in zip(years, balance, strict=True) if b < 0)
        lines.append(
            label("pf.fund.short", lang).format(
                year=short, amount=number(-float(balance[low]), lang), unit=money
            )
        )
    return lines


def simulation_lines(sim: PortfolioSimulation, p: Portfolio, lang: Lang) -> list[str]:
    """How sure the fund's figures are, in words."""
    how = (
        label("pf.sim.shared", lang).format(sigma=number(sim.shared_effect, lang, 2))
        if sim.shared_effect
        else label("pf.sim.independent", lang)
    )
    lines = [label("pf.sim.title", lang).format(draws=number(sim.draws, lang), seed=sim.seed, how=how)]
    if sim.probability_recovers_capital is None or sim.multiple is None:
        lines.append(label("pf.sim.nothing_lent", lang))
    else:
        lines.append(
            label("pf.sim.recovers", lang).format(share=percent(sim.probability_recovers_capital, lang, 0))
        )
        m = sim.multiple
        lines.append(
            label("pf.sim.multiple", lang).format(
                low=_multiple(m.p5, lang), mid=_multiple(m.p50, lang), high=_multiple(m.p95, lang)
            )
        )
    if sim.irr is not None:
        lines.append(
            label("pf.sim.irr", lang).format(
                low=percent(sim.irr.p5, lang), mid=percent(sim.irr.p50, lang), high=percent(sim.irr.p95, lang)
            )
        )
    g = sim.municipal_net_gain
    lines.append(
        label("pf.sim.municipal", lang).format(
            low=_k(g.p5, lang), mid=_k(g.p50, lang), high=_k(g.p95, lang),
            unit=label("thousands", lang).format(currency=unit(p.basis.currency, lang)),
        )
    )  # fmt: skip
    return lines


def portfolio_markdown(p: Portfolio, lang: Lang = "en", sim: PortfolioSimulation | None = None) -> str:
    """Markdown; case text (names, municipalities, errors) as text, never markup."""
    from ..text import markdown_text
    from .markdown import md_table

    thousands = label("thousands", lang).format(currency=unit(p.basis.currency, lang))
    out = [f"# {label('pf.title', lang)}", "", *basis_text(p, lang), ""]
    out += [f"## {label('pf.key_figures', lang)} ({thousands})", ""]
    out.append(
        md_table(
            [label("pf.figure", lang), label("pf.value", lang)],
            [list(r) for r in key_figures(p.totals, lang)],
            "lr",
        )
    )
    columns = yearly_columns(p)
    head = [label("pf.year", lang)] + [label(k, lang) for c, k in YEARLY if c in columns]
    out += ["", f"## {label('pf.by_year', lang)} ({thousands})", ""]
    out.append(md_table(head, yearly_rows(p, lang, columns), "r" * len(head)))
    for grouping, by in p.groups.items():
        cols = [c for c in GROUP_COLUMNS if not (grouping == "investor" and c == "municipal_net_gain")]
        rows = [[markdown_text(group_cells(n, t, lang)[c]) for c in ["name", *cols]] for n, t in by.items()]
        out += ["", f"## {label(f'pf.by.{grouping}', lang)} ({thousands})", ""]
        out.append(
            md_table(
                [label(f"pf.group.{grouping}", lang)] + [_header(c, lang) for c in cols],
                rows,
                "l" + "r" * len(cols),
            )
        )
    if p.fund_capital is not None:
        out += [
            "",
            f"## {label('pf.fund.heading', lang)}",
            "",
            *(f"- {line}" for line in fund_lines(p, lang)),
        ]
    if sim is not None:
        out += [
            "",
            f"## {label('pf.sim.heading', lang)}",
            "",
            *(f"- {line}" for line in simulation_lines(sim, p, lang)),
        ]
    if p.errors:
        out += ["", f"## {label('pf.errors', lang)}", "", *(f"- {markdown_text(e)}" for e in p.errors)]
    return "\n".join(out) + "\n"


def portfolio_csv(p: Portfolio, lang: Lang = "en") -> str:
    """One row a year of the whole portfolio, amounts whole, headed by the JSON's names."""
    from .csv import csv_number, write_rows

    columns, values = yearly_columns(p), yearly_values(p)
    names = dict(YEARLY)
    header = (
        ["year", *columns]
        if lang == "en"
        else [label("pf.year", lang), *(label(names[c], lang) for c in columns)]
    )
    rows = [
        [str(int(y)), *(csv_number(float(values[c][t]), lang) for c in columns)]
        for t, y in enumerate(p.totals.years)
    ]
    return write_rows(header, rows, lang)


def portfolio_workbook(p: Portfolio, lang: Lang = "en", sim: PortfolioSimulation | None = None) -> bytes:
    """Sheets: the key figures and basis, the flows by year, one per grouping, the deals."""
    import io

    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(
        out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    money = book.add_format({"num_format": "#,##0"})
    bold = book.add_format({"bold": True})
    share = book.add_format({"num_format": "0.0%"})
    times = book.add_format({"num_format": "0.00"})

    def sheet(name: str, header: list[str], rows: list[list[Any]], formats: list[Any]) -> None:
        ws = book.add_worksheet(name[:31])
        ws.write_row(0, 0, header, bold)
        for r, row in enumerate(rows, 1):
            for c, value in enumerate(row):
                if isinstance(value, str):
                    ws.write_string(r, c, value)
                elif value is None:
                    ws.write_blank(r, c, None)
                else:
                    ws.write_number(r, c, value, formats[c] if c < len(formats) else None)
        ws.set_column(0, 0, 36)
        ws.set_column(1, len(header), 15)
        ws.freeze_panes(1, 1)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(0)

    t = p.totals
    peak, peak_year = t.peak_outstanding
    figures: list[tuple[str, float | None]] = [
        (label("pf.deals", lang), t.deals),
        (label("pf.capital_committed", lang), t.capital_committed),
        (label("pf.capital_drawn", lang), t.capital_drawn),
        (label("pf.total_received", lang), t.total_received),
        (label("pf.multiple", lang), t.multiple),
        (label("pf.irr", lang), t.irr),
        (label("pf.peak", lang), peak),
        (label("pf.peak_year", lang), peak_year),
        (label("pf.written_off_total", lang), float(t.written_off.sum())),
        (label("pf.municipal_net_gain", lang), t.municipal_net_gain),
        (
            label("pf.municipal_npv", lang).format(year=t.base_year, rate=percent(t.discount_rate, lang)),
            t.municipal_npv,
        ),
    ]
    ws = book.add_worksheet(label("pf.sheet.figures", lang)[:31])
    ws.write_row(0, 0, [label("pf.figure", lang), label("pf.value", lang)], bold)
    for r, (name, value) in enumerate(figures, 1):
        ws.write_string(r, 0, name)
        fmt = (
            share if name == label("pf.irr", lang) else times if name == label("pf.multiple", lang) else money
        )
        if value is None:
            ws.write_blank(r, 1, None)
        elif name in (label("pf.deals", lang), label("pf.peak_year", lang)):
            ws.write_number(r, 1, value)
        else:
            ws.write_number(r, 1, value, fmt)
    notes = (
        basis_text(p, lang)
        + fund_lines(p, lang)
        + (simulation_lines(sim, p, lang) if sim is not None else [])
    )
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    for r, line in enumerate(notes, len(figures) + 2):
        ws.merge_range(r, 0, r, 1, line, wrap)
        ws.set_row(r, 15 * (1 + len(line) // 80))  # wrapped at about 80 characters a line
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.set_column(0, 0, 48)
    ws.set_column(1, 1, 16)

    columns, values, names = yearly_columns(p), yearly_values(p), dict(YEARLY)
    sheet(
        label("pf.sheet.years", lang),
        [label("pf.year", lang), *(label(names[c], lang) for c in columns)],
        [[int(y), *(float(values[c][i]) for c in columns)] for i, y in enumerate(t.years)],
        [None] + [money] * len(columns),
    )
    for grouping, by in p.groups.items():
        rows = [
            [
                name,
                g.deals,
                g.capital_committed,
                g.capital_drawn,
                g.total_received,
                g.multiple,
                g.irr,
                g.municipal_net_gain,
            ]
            for name, g in by.items()
        ]
        sheet(
            label(f"pf.by.{grouping}", lang),
            [label(f"pf.group.{grouping}", lang)] + [_header(c, lang) for c in GROUP_COLUMNS],
            rows,
            [None, None, money, money, money, times, share, money],
        )
    deals = p.to_json()["deals"]
    keys = ["name", "municipality", "file", "currency", "price_year", "start_year", "financing", "factor",
            "capital_committed", "capital_drawn", "received", "municipal_net_gain"]  # fmt: skip
    sheet(
        label("pf.sheet.deals", lang),
        [label(f"pf.deal.{k}", lang) for k in keys],
        [[d[k] for k in keys] for d in deals],
        [None] * 7 + [book.add_format({"num_format": "0.0000"})] + [money] * 4,
    )
    book.close()
    return out.getvalue()


def portfolio_chart(p: Portfolio, fmt: str, lang: Lang = "en") -> bytes:
    """Capital outstanding at each year's end (a line) over the capital drawn and what
    comes back each year (bars), in thousands."""
    from .uncertainty_charts import _render

    t = p.totals
    years = [int(y) for y in t.years]

    def draw(figure: Any) -> None:
        ax = figure.add_subplot()
        width = 0.38
        ax.bar(
            [y - width / 2 for y in years],
            -t.drawn / 1000,
            width,
            color="#D55E00",
            label=label("pf.drawn", lang),
        )
        ax.bar(
            [y + width / 2 for y in years],
            t.received / 1000,
            width,
            color="#56B4E9",
            label=label("pf.received", lang),
        )
        ax.plot(
            years,
            t.outstanding / 1000,
            color="#0072B2",
            marker="o",
            markersize=3,
            label=label("pf.outstanding", lang),
        )
        ax.axhline(0, color="0.25", linewidth=0.8)
        ax.set_title(label("pf.chart_title", lang), loc="left")
        ax.set_ylabel(label("thousands", lang).format(currency=unit(p.basis.currency, lang)))
        ax.yaxis.set_major_formatter(lambda v, _: number(v, lang))
        ax.set_xticks(years if len(years) <= 16 else years[:: max(1, len(years) // 12)])
        ax.tick_params(axis="x", labelrotation=0 if len(years) <= 12 else 45)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3, frameon=False)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)

    return _render(draw, fmt)
