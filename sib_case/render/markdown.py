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
    if case.fund is not None:
        text += "; " + label("fund_shown", lang).format(name=quote(case.fund))
    return text


def subtitle(result: Result, lang: Lang, quote: Callable[[str], str] = str) -> str:
    """The municipality (case text, passed through `quote`) and the basis of the figures."""
    info = result.case.case
    text = basis(result.case, lang, quote)
    return f"{quote(info.municipality)}: {text}" if info.municipality else text


def key_figures_rows(result: Result, lang: Lang) -> tuple[list[str], list[list[str]]]:
    """The key figures, both financing modes side by side: header and rows, as text."""
    modes = result.modes
    header = [
        label("metric", lang),
        *(label(m.mode, lang) + (" *" if m is result.primary else "") for m in modes),
    ]
    currency = result.case.case.currency
    rows = [[figure.label(lang), *(m.text(figure, lang, currency) for m in modes)] for figure in KEY_FIGURES]
    return header, rows


def key_figures_markdown(result: Result, lang: Lang) -> str:
    header, rows = key_figures_rows(result, lang)
    return md_table(header, rows, "l" + "r" * (len(header) - 1))


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


def area_rows(
    result: Result, lang: Lang, scale: float = 1.0
) -> tuple[str, list[str], list[list[str]]] | None:
    """The municipal net by committee or budget area, primary mode: title, header, rows
    (years, then the total), amounts divided by `scale`; None where the case names none."""
    from ..areas import area_table

    mode = result.primary
    table = area_table(mode.flows, result.inputs)
    if table is None:
        return None
    kroner = unit(result.case.case.currency, lang)
    shown = label("thousands", lang).format(currency=kroner) if scale > 1 else kroner
    title = label("by_area", lang).format(mode=label(mode.mode, lang), unit=shown)
    names = [n or label("area_unnamed", lang) for n in table.names]
    head = [YEAR.label(lang), *names, label("total", lang)]
    rows = [
        [str(year), *(number(float(v) / scale, lang) for v in (*row, row.sum()))]
        for year, row in zip(table.years, table.net, strict=True)
    ]
    totals = table.totals
    rows.append([label("total", lang), *(number(float(v) / scale, lang) for v in (*totals, totals.sum()))])
    return title, head, rows


def areas_markdown(result: Result, lang: Lang) -> list[str]:
    """The municipal net by committee or budget area: a heading and a table (nothing where
    the case names no area)."""
    made = area_rows(result, lang)
    if made is None:
        return []
    title, head, rows = made
    head = [markdown_text(h) for h in head]
    return [f"## {markdown_text(title)}", md_table(head, rows, "r" * len(head))]


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
                f"## {label('cash_flows', lang)}: {mode} ({unit(info.currency, lang)})",
                years_markdown(result, lang),
                *areas_markdown(result, lang),
                *investors_markdown(result, lang),
            ]
        )
        + "\n"
    )
