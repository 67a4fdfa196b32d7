"""A case's result as Markdown: key figures for both financing modes and the yearly table."""

from __future__ import annotations

from ..formats import metric, number, percent
from ..labels import Lang, label
from ..result import YEAR_COLUMNS, Result
from .table import KEY_FIGURES


def md_table(header: list[str], rows: list[list[str]], align: str) -> str:
    """A Markdown table; `align` holds one letter a column: l(eft) or r(ight)."""
    rule = ["---:" if a == "r" else "---" for a in align]
    lines = [header, rule, *rows]
    return "\n".join("| " + " | ".join(cell.replace("|", "\\|") for cell in line) + " |" for line in lines)


def subtitle(result: Result, lang: Lang) -> str:
    info = result.case.case
    text = label("constant_prices", lang).format(
        year=info.price_year or info.start_year,
        currency=info.currency,
        rate=percent(info.discount_rate, lang),
    )
    return f"{info.municipality}: {text}" if info.municipality else text


def key_figures_markdown(result: Result, lang: Lang) -> str:
    modes = sorted([result.primary, result.alternative], key=lambda m: m.mode != "sib")
    header = [
        label("metric", lang),
        *(label(m.mode, lang) + (" *" if m is result.primary else "") for m in modes),
    ]
    currency = result.case.case.currency
    rows = [
        [label(name, lang), *(metric(name, m.metrics[name], lang, currency) for m in modes)]
        for name in KEY_FIGURES
    ]
    return md_table(header, rows, "l" + "r" * len(modes))


def years_markdown(result: Result, lang: Lang) -> str:
    rows = result.primary.years
    header = [label("year", lang), *(label(c, lang) for c in YEAR_COLUMNS)]
    body = [[str(row["year"]), *(number(float(row[c]), lang) for c in YEAR_COLUMNS)] for row in rows]
    totals = [label("total", lang)] + [
        "" if c.endswith("cumulative") else number(sum(float(r[c]) for r in rows), lang) for c in YEAR_COLUMNS
    ]
    return md_table(header, [*body, totals], "r" * (len(YEAR_COLUMNS) + 1))


def render_markdown(result: Result, lang: Lang = "en") -> str:
    info = result.case.case
    mode = label(result.primary.mode, lang)
    return (
        "\n\n".join(
            [
                f"# {info.name}",
                subtitle(result, lang) + "  \n" + label("own_mode", lang),
                f"## {label('key_figures', lang)}",
                key_figures_markdown(result, lang),
                f"## {label('cash_flows', lang)}: {mode} ({info.currency})",
                years_markdown(result, lang),
            ]
        )
        + "\n"
    )
