"""A case's result as Markdown: key figures for both financing modes and the yearly table.

Case text (the name, the municipality) is escaped for Markdown (text.markdown_text); the
code's own labels and numbers go in as they are."""

from __future__ import annotations

from collections.abc import Callable

from ..figures import COLUMNS, KEY_FIGURES, YEAR
from ..formats import number, percent
from ..investors import investor_rows
from ..labels import Lang, label, unit
from ..model import Case
from ..result import Result
from ..text import markdown_text


def md_table(header: list[str], rows: list[list[str]], align: str) -> str:
    """A Markdown table; `align` holds one letter a column: l(eft) or r(ight)."""
    rule = ["---:" if a == "r" else "---" for a in align]
    lines = [header, rule, *rows]
    return "\n".join("| " + " | ".join(cell.replace("|", "\\|") for cell in line) + " |" for line in lines)


def basis(case: Case, lang: Lang, quote: Callable[[str], str] = str) -> str:
    """The basis of the figures: prices, currency, discount rate and, where one was applied,
    the scenario (its name is case text, passed through `quote`)."""
    info = case.case
    text = label("constant_prices", lang).format(
        year=info.price_year or info.start_year,
        currency=unit(info.currency, lang),
        rate=percent(info.discount_rate, lang),
    )
    if case.scenario is not None:
        text += "; " + label("scenario_shown", lang).format(name=quote(case.scenario))
    return text


def subtitle(result: Result, lang: Lang, quote: Callable[[str], str] = str) -> str:
    """The municipality (case text, passed through `quote`) and the basis of the figures."""
    info = result.case.case
    text = basis(result.case, lang, quote)
    return f"{quote(info.municipality)}: {text}" if info.municipality else text


def key_figures_markdown(result: Result, lang: Lang) -> str:
    modes = result.modes
    header = [
        label("metric", lang),
        *(label(m.mode, lang) + (" *" if m is result.primary else "") for m in modes),
    ]
    currency = result.case.case.currency
    rows = [[figure.label(lang), *(m.text(figure, lang, currency) for m in modes)] for figure in KEY_FIGURES]
    return md_table(header, rows, "l" + "r" * len(modes))


def years_markdown(result: Result, lang: Lang) -> str:
    years = result.primary.years
    shown = years.shown()
    header = [YEAR.label(lang), *(COLUMNS[c].label(lang) for c in shown)]
    body = [
        [str(year), *(number(float(years[c][t]), lang) for c in shown)] for t, year in enumerate(years.year)
    ]
    totals = [label("total", lang)] + [
        "" if (total := years.total(c)) is None else number(total, lang) for c in shown
    ]
    return md_table(header, [*body, totals], "r" * (len(shown) + 1))


def investors_markdown(result: Result, lang: Lang) -> list[str]:
    """The SIB's named investors, as a heading and a table (nothing where none are named)."""
    investors = result.by_mode["sib"].investors
    if not investors:
        return []
    head, rows = investor_rows(investors, lang)
    rows = [[markdown_text(row[0]), *row[1:]] for row in rows]
    return [f"## {label('investors', lang)}", md_table(head, rows, "l" + "r" * (len(head) - 1))]


def render_markdown(result: Result, lang: Lang = "en") -> str:
    info = result.case.case
    mode = label(result.primary.mode, lang)
    return (
        "\n\n".join(
            [
                f"# {markdown_text(info.name)}",
                subtitle(result, lang, markdown_text) + "  \n" + label("own_mode", lang),
                f"## {label('key_figures', lang)}",
                key_figures_markdown(result, lang),
                f"## {label('cash_flows', lang)}: {mode} ({info.currency})",
                years_markdown(result, lang),
                *investors_markdown(result, lang),
            ]
        )
        + "\n"
    )
