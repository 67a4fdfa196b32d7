"""A comparison of many cases: a terminal table, JSON, CSV, Markdown or a workbook."""

from __future__ import annotations

import json
from typing import Any

from ..compare import CompareRow
from ..figures import COMPARE, Figure
from ..formats import number
from ..labels import Lang, label
from ..text import csv_cell, json_text, markdown_text, printable
from .csv import csv_number, write_rows
from .markdown import md_table

HEADER = ("file", "case", "financing", *(f.name for f in COMPARE), "error")


def _header(lang: Lang) -> list[str]:
    """The columns of CSV and the workbook: the contract's names in English, for programs;
    the columns' labels in Danish."""
    if lang == "en":
        return list(HEADER)
    keys = ("compare.file", "case", "financing")
    return [*(label(k, lang) for k in keys), *(f.label(lang) for f in COMPARE), label("error", lang)]


def _financing(row: CompareRow) -> str:
    return row.info.financing if row.info is not None else ""


def _cells(row: CompareRow, lang: Lang) -> list[str]:
    """Cells for Markdown: the file, the case's name and the error are case text, escaped."""
    file, name = markdown_text(row.file), markdown_text(row.name)
    if row.metrics is None:
        return [file, name, "", *("" for _ in COMPARE), markdown_text((row.error or "").splitlines()[0])]
    values = [f.text(row.metrics[f.name], lang) for f in COMPARE]
    return [file, name, label(_financing(row), lang), *values, ""]


def _raw(row: CompareRow, lang: Lang) -> list[str]:
    """Machine values for CSV: numbers plain, nothing for none; text (the file, the case's
    name, the error) as inert cells (text.csv_cell)."""
    file, name = csv_cell(row.file), csv_cell(row.name)
    if row.metrics is None:
        return [file, name, "", *("" for _ in COMPARE), csv_cell((row.error or "").replace("\n", " | "))]
    values = [csv_number(row.metrics[f.name], lang, 2 if f.kind == "money" else 6) for f in COMPARE]
    return [file, name, _financing(row) if lang == "en" else label(_financing(row), lang), *values, ""]


def render_compare(rows: list[CompareRow], fmt: str, lang: Lang = "en", width: int = 200) -> Any:
    """`table` gives a Rich table; the other formats text, or bytes for xlsx."""
    if fmt == "json":
        items = [
            {"case": r.case_json(), "metrics": r.metrics.to_json()}
            if r.metrics is not None
            else {"case": r.case_json(), "error": r.error}
            for r in rows
        ]
        return json_text(json.dumps(items, indent=2, ensure_ascii=False, allow_nan=False))
    if fmt == "csv":
        return write_rows(_header(lang), [_raw(r, lang) for r in rows], lang)
    headers = [label("case", lang), label("financing", lang), *(f.label(lang) for f in COMPARE)]
    errors = any(r.error for r in rows)
    if fmt == "markdown":
        body = [_cells(r, lang)[1:] if errors else _cells(r, lang)[1:-1] for r in rows]
        columns = headers + ([label("error", lang)] if errors else [])
        return md_table(columns, body, "ll" + "r" * len(COMPARE) + ("l" if errors else "")) + "\n"
    if fmt == "xlsx":
        return _workbook(rows, lang)
    return _terminal_table(rows, lang, width)


def _terminal_table(rows: list[CompareRow], lang: Lang, width: int) -> Any:
    """Fits `width`: amounts go to thousands if needed, and the case name gets what is left."""
    from rich.table import Table
    from rich.text import Text

    def cells(scale: float) -> list[list[str]]:
        return [
            [
                label("short." + _financing(r), lang),
                *(_short(f, r.metrics[f.name], lang, scale) for f in COMPARE),
            ]
            if r.metrics is not None
            else [f"[red]{label('invalid', lang)}[/red]", *("" for _ in COMPARE)]
            for r in rows
        ]

    heads = [label("financing", lang), *(f.header(lang) for f in COMPARE)]

    def widths(body: list[list[str]]) -> list[int]:
        plain = [[cell.replace("[red]", "").replace("[/red]", "") for cell in line] for line in body]
        return [
            max(len(part) for text in [head, *(line[i] for line in plain)] for part in text.split("\n"))
            for i, head in enumerate(heads)
        ]

    scale = 1.0
    body = cells(scale)
    if sum(w + 3 for w in widths(body)) + 16 > width:
        scale = 1000.0
        body = cells(scale)
    room = width - sum(w + 3 for w in widths(body)) - 4
    table = Table(
        title=label("compare_title", lang),
        title_justify="left",
        header_style="bold",
        caption=label("compare_thousands", lang) if scale > 1 else None,
        caption_justify="left",
    )
    table.add_column(label("case", lang), width=max(12, min(40, room)), no_wrap=True, overflow="ellipsis")
    for i, head in enumerate(heads):
        table.add_column(head, justify="left" if i == 0 else "right", no_wrap=True)
    for row, line in zip(rows, body, strict=True):
        table.add_row(Text(printable(row.name)), *line)  # case text: never read as markup
    return table


def _short(figure: Figure, value: Any, lang: Lang, scale: float) -> str:
    """Terminal cells: money possibly in thousands, the break-even effect as a bare
    multiplier, the rest as everywhere."""
    if value is None:
        return figure.text(value, lang)
    if figure.kind == "effect":
        return number(value, lang, 2)
    if figure.kind == "money":
        return number(value / scale, lang)
    return figure.text(value, lang)


def _workbook(rows: list[CompareRow], lang: Lang) -> bytes:
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    from .xlsx import put_text

    book = Workbook()
    sheet = book.active
    sheet.title = label("compare.sheet", lang)
    sheet.append(_header(lang))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    error = len(HEADER)  # the error's column
    for r, row in enumerate(rows, start=2):
        # The file, the case's name and the error are case text: string cells, never formulas.
        put_text(sheet.cell(row=r, column=1), row.file)
        put_text(sheet.cell(row=r, column=2), row.name)
        if row.metrics is None:
            put_text(sheet.cell(row=r, column=error), row.error or "")
            continue
        sheet.cell(row=r, column=3, value=_financing(row))
        for c, figure in enumerate(COMPARE, start=4):
            sheet.cell(row=r, column=c, value=row.metrics[figure.name])
    for figure, column in zip(COMPARE, sheet.iter_cols(min_col=4, max_col=3 + len(COMPARE)), strict=True):
        for cell in column[1:]:
            cell.number_format = "0.0%" if figure.kind == "rate" else "#,##0.00"
    sheet.freeze_panes = "A2"
    book.properties.creator = "sib-case"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
