"""A case's result as one self-contained HTML page: key figures, chart and yearly table.

Everything is inline (CSS, the chart as SVG), with no external references, so the file
can be mailed, opened offline and printed to PDF on A4 paper as it is.

>>> from sib_case import evaluate, load_case
>>> from sib_case.render.html import render_html
>>> page = render_html(evaluate(load_case("cases/dk-employment.yaml")), "da")  # doctest: +SKIP
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from .. import __version__
from ..figures import COLUMNS, KEY_FIGURES, YEAR, Figure
from ..formats import number
from ..labels import Lang, label, unit
from ..result import Result
from ..text import printable
from .chart import render_chart
from .markdown import subtitle

# A yearly amount wider than this (in characters) sets the whole table in thousands, so
# that thirteen columns still fit the width of an A4 page in print.
WIDEST_AMOUNT = 10
SIGNED = ("municipal_net", "municipal_cumulative", "municipal_discounted_cumulative")

CSS = """\
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; background: #eef0f3; color: #1d2330;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 76rem; margin: 2rem auto; padding: 2rem 2.5rem; background: #fff;
  box-shadow: 0 1px 4px rgba(0, 0, 0, 0.12); }
header { border-bottom: 2px solid #0072b2; padding-bottom: 0.8rem; }
.kicker { margin: 0; color: #0072b2; font-size: 0.8rem; font-weight: 600;
  letter-spacing: 0.06em; text-transform: uppercase; }
h1 { margin: 0.2rem 0 0.4rem; font-size: 1.75rem; line-height: 1.2; }
h2 { margin: 2rem 0 0.6rem; font-size: 1.15rem; }
header p, figcaption { margin: 0.2rem 0; color: #4a5261; }
.description { max-width: 48rem; }
.warning { margin: 1rem 0; padding: 0.5rem 0.8rem; border-left: 4px solid #d55e00; background: #fdf1e9; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { padding: 0.3rem 0.6rem; border-bottom: 1px solid #e1e4ea; text-align: right; }
th:first-child, td:first-child { text-align: left; }
thead th, thead td { vertical-align: bottom; border-bottom: 2px solid #9aa3b2; }
tbody th { font-weight: normal; }
td { white-space: nowrap; }
tfoot th, tfoot td { font-weight: 600; border-top: 2px solid #9aa3b2; border-bottom: none; }
.neg { color: #b3261e; }
.key-figures { min-width: 60%; }
.key-figures .primary { background: #f3f8fc; }
.scroll { overflow-x: auto; }
.years { width: 100%; font-size: 0.78rem; }
.years th, .years td { padding: 0.25rem 0.3rem; }
figure { margin: 1.8rem 0 0; }
figure svg { display: block; width: 100%; max-width: 16cm; height: auto; }
figcaption { font-size: 0.85rem; }
footer { margin-top: 2.5rem; padding-top: 0.6rem; border-top: 1px solid #e1e4ea;
  color: #6b7385; font-size: 0.8rem; }
@page { size: A4 portrait; margin: 14mm 12mm; }
@media print {
  body { background: none; font-size: 10pt; }
  main { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  section, figure, table { break-inside: avoid; page-break-inside: avoid; }
  .scroll { overflow: visible; }
  .years { font-size: 7pt; }
  .years th, .years td { padding: 1.5pt 2.5pt; }
}
"""


def render_html(result: Result, lang: Lang = "en") -> str:
    """The whole report as one HTML document (a string)."""
    info = result.case.case
    title = f"{label('report_title', lang)}: {info.name}" + (
        f" ({info.municipality})" if info.municipality else ""
    )
    header = [
        f'<p class="kicker">{_text(label("report_title", lang))}</p>',
        f"<h1>{_text(info.name)}</h1>",
        f"<p>{_text(subtitle(result, lang))}</p>",
        f"<p>{_text(label('own_mode', lang))}</p>",
    ]
    if info.description.strip():
        header.append(f'<p class="description">{_text(info.description.strip())}</p>')
    body = [f"<header>\n{_lines(header)}\n</header>"]
    if result.primary.mode == "self" and not result.case.financing.payments:
        body.append(f'<p class="warning">{_text(label("no_payment_rules", lang))}</p>')
    body += [
        _key_figures(result, lang),
        _chart(result, lang),
        _years(result, lang),
        *([areas] if (areas := _areas(result, lang)) else []),
        f"<footer>{_text(label('generated_by', lang).format(version=__version__))}</footer>",
    ]
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_text(title)}</title>
<style>
{CSS}</style>
</head>
<body>
<main>
{_lines(body)}
</main>
</body>
</html>
"""


def _key_figures(result: Result, lang: Lang) -> str:
    """SIB and self-financing side by side, the rows of the terminal's key-figures panel."""
    modes = result.modes
    currency = result.case.case.currency

    def cls(primary: bool, negative: bool = False) -> str:
        names = [n for n, on in (("primary", primary), ("neg", negative)) if on]
        return f' class="{" ".join(names)}"' if names else ""

    head = "".join(
        f'<th scope="col"{cls(m is result.primary)}>{_text(label(m.mode, lang))}'
        f"{' *' if m is result.primary else ''}</th>"
        for m in modes
    )
    rows = []
    for figure in KEY_FIGURES:
        cells = "".join(
            f"<td{cls(m is result.primary, _negative(figure, m.metrics[figure.name]))}>"
            f"{_text(m.text(figure, lang, currency))}</td>"
            for m in modes
        )
        rows.append(f'<tr><th scope="row">{_text(figure.label(lang))}</th>{cells}</tr>')
    return f"""<section>
<h2>{_text(label("key_figures", lang))}</h2>
<table class="key-figures">
<thead><tr><td></td>{head}</tr></thead>
<tbody>
{_lines(rows)}
</tbody>
</table>
</section>"""


def _negative(figure: Figure, value: Any) -> bool:
    return figure.kind == "money" and isinstance(value, int | float) and round(value) < 0


def _chart(result: Result, lang: Lang) -> str:
    return f"""<figure>
{inline_svg(render_chart(result, "svg", lang).decode("utf-8"), label("chart_title", lang))}
<figcaption>{_text(label("chart_caption", lang))}</figcaption>
</figure>"""


def inline_svg(svg: str, title: str) -> str:
    """The chart's SVG (sib_case.render.chart) made fit to sit inside HTML: nothing before
    the <svg> element (an XML declaration or doctype, should one come), no namespace URLs
    (the HTML parser supplies the SVG namespace itself); labelled for screen readers, with
    `title` where the SVG has no aria-label of its own."""
    svg = svg[svg.index("<svg") :]
    root_end = svg.index(">")
    root = re.sub(r'\s+xmlns(?::\w+)?="[^"]*"', "", svg[:root_end])
    if not re.search(r"\srole=", root):
        root += ' role="img"'
    if not re.search(r"\saria-label=", root):
        root += f' aria-label="{escape(title)}"'
    return root + svg[root_end:].rstrip()


def _years(result: Result, lang: Lang) -> str:
    """The case's own mode year by year, every column of the JSON contract, with totals."""
    info = result.case.case
    years = result.primary.years
    scale = 1.0
    if any(len(number(float(v), lang)) > WIDEST_AMOUNT for c in COLUMNS for v in years[c]):
        scale = 1000.0
    kroner = unit(info.currency, lang)
    unit_text = label("thousands", lang).format(currency=kroner) if scale > 1 else kroner

    def cell(column: str, value: float | None) -> str:
        if value is None:
            return "<td></td>"
        shown = value / (1.0 if COLUMNS[column].kind == "count" else scale)
        text = number(shown, lang)
        negative = column in SIGNED and round(shown) < 0
        return f'<td class="neg">{_text(text)}</td>' if negative else f"<td>{_text(text)}</td>"

    shown = years.shown()
    head = "".join(
        f'<th scope="col" title="{escape(COLUMNS[c].label(lang))}">{_text(COLUMNS[c].header(lang))}</th>'
        for c in shown
    )
    body = [
        f'<tr><th scope="row">{year}</th>{"".join(cell(c, float(years[c][t])) for c in shown)}</tr>'
        for t, year in enumerate(years.year)
    ]
    totals = "".join(cell(c, years.total(c)) for c in shown)
    caption = f"{label('cash_flows', lang)}: {label(result.primary.mode, lang)} ({unit_text})"
    return f"""<section>
<h2>{_text(caption)}</h2>
<div class="scroll">
<table class="years">
<thead><tr><th scope="col">{_text(YEAR.label(lang))}</th>{head}</tr></thead>
<tbody>
{_lines(body)}
</tbody>
<tfoot><tr><th scope="row">{_text(label("total", lang))}</th>{totals}</tr></tfoot>
</table>
</div>
</section>"""


def _areas(result: Result, lang: Lang) -> str:
    """The municipal net by committee or budget area (nothing where the case names none)."""
    from .markdown import area_rows

    made = area_rows(result, lang)
    if made is None:
        return ""
    title, head, rows = made

    def row(cells: list[str]) -> str:
        first, rest = cells[0], cells[1:]
        tds = "".join(
            f'<td class="neg">{_text(c)}</td>' if c.startswith("-") else f"<td>{_text(c)}</td>" for c in rest
        )
        return f'<tr><th scope="row">{_text(first)}</th>{tds}</tr>'

    header = "".join(f'<th scope="col">{_text(h)}</th>' for h in head)
    return f"""<section>
<h2>{_text(title)}</h2>
<div class="scroll">
<table class="years">
<thead><tr>{header}</tr></thead>
<tbody>
{_lines([row(r) for r in rows[:-1]])}
</tbody>
<tfoot>{row(rows[-1])}</tfoot>
</table>
</div>
</section>"""


def _text(text: str) -> str:
    """Text as HTML: markup characters as references, control characters shown escaped
    (text.printable), so case text is never a tag and never a control."""
    return escape(printable(text), quote=True)


def _lines(parts: list[str]) -> str:
    return "\n".join(parts)
