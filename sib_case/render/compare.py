"""A comparison of many cases: a terminal table, JSON, CSV, Markdown or a workbook.

Every format names each case (its name, municipality and file) and gives its financing,
start year, currency and capital beside the key figures. A number is shown whole or not at
all: where the terminal is too narrow, columns are left out and named below the table.
Amounts are in each case's own currency unless `compare.convert` put them in one; the
table and the Markdown say which, and at what rates."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..compare import CompareRow, currencies, default_currency
from ..figures import COMPARE, METRICS
from ..formats import number
from ..labels import Lang, label, unit
from ..text import csv_cell, json_text, markdown_text, printable
from .csv import csv_number, write_rows
from .markdown import md_table

CONVERSION = ("converted_to", "rate")  # columns of CSV and the workbook where amounts are converted
FACTS = ("municipality", "financing", "start_year", "currency")  # after the file and the case's name
HEADER = ("file", "case", *FACTS, "capital", *(f.name for f in COMPARE), "error")
"""The columns of CSV and the workbook (with CONVERSION after the currency where converted)."""

# The terminal table: the case column (name, file), then these, left to right.
TABLE = ("municipality", "financing", "start_year", "currency", "capital", *(f.name for f in COMPARE))
# Left out first, in this order, where the terminal is too narrow; the municipality first
# goes under the case's name, and the currency is placed by what the amounts are in.
DROP_FIRST = (
    "participants",
    "break_even_effect_municipal",
    "benefit_cost_ratio",
    "start_year",
    "total_programme_cost",
    "total_outcome_payments",
    "net_municipal_gain",
    "investor_irr",
    "capital",
    "financing",
    "break_even_year",
    "municipal_npv",
)
CASE_WIDTH = (24, 44)  # the case column's narrowest and widest
MUNICIPALITY_WIDTH = (12, 30)


def _field_label(name: str, lang: Lang) -> str:
    """A column's name for people (Danish CSV and workbook headers, Markdown, the caption)."""
    if name in METRICS:
        return METRICS[name].label(lang)
    if name in ("case", "financing", "error"):
        return label(name, lang)
    return label(f"compare.{name}", lang)


def _columns(rows: list[CompareRow]) -> list[str]:
    """The columns of CSV and the workbook for these rows."""
    converted = any(r.into is not None for r in rows)
    at = HEADER.index("currency") + 1
    return [*HEADER[:at], *(CONVERSION if converted else ()), *HEADER[at:]]


def _header(columns: list[str], lang: Lang) -> list[str]:
    """The contract's names in English, for programs; the columns' labels in Danish."""
    return list(columns) if lang == "en" else [_field_label(c, lang) for c in columns]


def _financing(row: CompareRow) -> str:
    return row.info.financing if row.info is not None else ""


def _value(row: CompareRow, column: str) -> Any:
    """A row's raw value in a column: numbers as numbers (amounts in the shown currency),
    text as text, None where there is none."""
    info = row.info
    if column == "file":
        return row.file
    if column == "case":
        return row.name
    if column == "error":
        return (row.error or "") if row.metrics is None else ""
    if info is None:
        return None
    if column in METRICS:
        return row.figure(column)
    return {
        "municipality": info.municipality,
        "financing": "fund" if info.fund else info.financing,  # a loan from an own fund runs as a SIB
        "start_year": info.start_year,
        "currency": info.currency,
        "converted_to": row.into,
        "rate": row.rate,
        "capital": row.shown_capital,
    }[column]


TEXT = {"file", "case", "municipality", "error"}  # case text: escaped for each format


def _raw(row: CompareRow, columns: list[str], lang: Lang) -> list[str]:
    """Machine values for CSV: numbers plain, nothing for none; the case's text (the file,
    the name, the municipality, the error) as inert cells (text.csv_cell)."""
    out = []
    for column in columns:
        value = _value(row, column)
        if column == "error":
            out.append(csv_cell(value.replace("\n", " | ")))
        elif column in TEXT:
            out.append(csv_cell(value or ""))
        elif column == "financing":
            out.append("" if value is None else value if lang == "en" else label(value, lang))
        elif isinstance(value, str) or value is None:
            out.append(value or "")
        else:
            kind = METRICS[column].kind if column in METRICS else "money" if column == "capital" else ""
            out.append(csv_number(value, lang, 2 if kind == "money" else 6))
    return out


def render_compare(
    rows: list[CompareRow], fmt: str, lang: Lang = "en", width: int = 200, sort_by: str | None = None
) -> Any:
    """`table` gives a Rich table; the other formats text, or bytes for xlsx. `sort_by`, the
    metric the rows are sorted by, is said, and its column kept in the table."""
    if fmt == "json":
        items = [r.to_json() for r in rows]
        return json_text(json.dumps(items, indent=2, ensure_ascii=False, allow_nan=False))
    if fmt == "csv":
        columns = _columns(rows)
        return write_rows(_header(columns, lang), [_raw(r, columns, lang) for r in rows], lang)
    if fmt == "markdown":
        return _markdown(rows, lang, sort_by)
    if fmt == "xlsx":
        return _workbook(rows, lang)
    return _terminal_table(rows, lang, width, sort_by)


# ---- what people read: the notes, the cells ----------------------------------------------


def _rate_text(rate: float, lang: Lang) -> str:
    """A rate as given: 8.7, 0.1342, 10 (da: 8,7)."""
    decimals = max(0, min(10, -int(f"{rate:.10e}".split("e")[1]) + 3))
    text = number(rate, lang, decimals)
    point = "," if lang == "da" else "."
    return text.rstrip("0").rstrip(point) if point in text else text


def _notes(
    rows: list[CompareRow], lang: Lang, scale: float, sort_by: str | None, shown: Iterable[str]
) -> list[str]:
    """What the amounts are in (and the rates used), what the capital is, how the rows are
    sorted; `shown`, the columns shown."""
    notes = []
    found = currencies(rows)
    converted = {r.currency: r.rate for r in rows if r.into is not None and r.currency != r.into}
    if len(found) == 1:
        (common,) = found
        kroner = unit(common, lang)
        kroner_shown = label("thousands", lang).format(currency=kroner) if scale > 1 else kroner
        if converted:
            rates = ", ".join(
                f"1 {code} = {_rate_text(rate, lang)} {kroner}" for code, rate in sorted(converted.items())
            )
            notes.append(label("compare.converted", lang).format(unit=kroner_shown, rates=rates))
            if "currency" in shown:
                notes[-1] += " " + label("compare.own_currency", lang)
        else:
            notes.append(label("compare.unit", lang).format(unit=kroner_shown))
    elif found:
        common = default_currency(rows)
        example = " ".join(f"--rate {c}=X" for c in found if c != common)
        each = label("compare_thousands" if scale > 1 else "compare.unit_each", lang)
        listed = ", ".join(f"{code} ({n})" for code, n in found.items())
        notes.append(each + " " + label("compare.mixed", lang).format(found=listed, example=example))
    good = [r.info for r in rows if r.info is not None and r.metrics is not None]
    prices, starts = sorted({i.price_year for i in good}), sorted({i.start_year for i in good})
    if len(prices) > 1 or len(starts) > 1:

        def span(years: list[int]) -> str:  # as the memo writes a period
            return (
                str(years[0])
                if len(years) == 1
                else label("memo.period", lang).format(first=years[0], last=years[-1])
            )

        notes.append(label("compare.own_years", lang).format(prices=span(prices), starts=span(starts)))
    if "capital" in shown and any(r.capital_basis == "sib_alternative" for r in rows):
        notes.append(label("compare.capital_note", lang))
    if sort_by is not None:
        notes.append(label("compare.sorted", lang).format(metric=METRICS[sort_by].label(lang)))
    return [note.replace("..", ".") for note in notes]  # "kr." at the end of a sentence


def _cell(row: CompareRow, column: str, lang: Lang, scale: float = 1.0, short: bool = False) -> str:
    """A terminal or Markdown cell: amounts grouped (divided by `scale`: 1000 for
    thousands); `short` for the terminal: the financing's short name, the break-even
    effect as a bare multiplier."""
    value = _value(row, column)
    if row.metrics is None:
        return ""
    if column == "financing":
        return label(("short." if short else "") + value, lang)
    if column in ("start_year", "currency"):
        return str(value)
    if column == "capital":
        return label("none", lang) if value is None else number(value / scale, lang)
    figure = METRICS[column]
    if value is None:
        return figure.text(value, lang)
    if figure.kind == "money":
        return number(value / scale, lang)
    if figure.kind == "effect" and short:
        return number(value, lang, 2)
    return figure.text(value, lang)


# ---- Markdown ----------------------------------------------------------------------------


def _markdown(rows: list[CompareRow], lang: Lang, sort_by: str | None) -> str:
    errors = any(r.error for r in rows)
    columns = ["case", "municipality", "file", *TABLE[1:], *(["error"] if errors else [])]
    heads = [_field_label(c, lang) for c in columns]
    heads[columns.index("file")] = label("compare.file", lang).capitalize()
    body = [
        [
            markdown_text(
                str(_value(r, c) or "").splitlines()[0] if c == "error" and r.error else _value(r, c) or ""
            )
            if c in TEXT
            else _cell(r, c, lang)
            for c in columns
        ]
        for r in rows
    ]
    align = "".join("l" if c in TEXT or c in ("financing", "currency") else "r" for c in columns)
    notes = _notes(rows, lang, 1.0, sort_by, columns)
    return md_table(heads, body, align) + "\n" + "".join(f"\n{note}\n" for note in notes)


# ---- the terminal ------------------------------------------------------------------------


def _wrap(text: str, width: int) -> list[str]:
    """A header in lines of at most `width` where it can be: its own line breaks kept, then
    broken at spaces and after hyphens."""
    lines = []
    for given in text.split("\n"):
        pieces = [p for word in given.split(" ") for p in _after_hyphens(word)]
        line = ""
        for piece in pieces:
            joined = line + ("" if not line or line.endswith("-") else " ") + piece
            if line and len(joined) > width:
                lines.append(line)
                line = piece
            else:
                line = joined
        lines.append(line)
    return lines


def _after_hyphens(word: str) -> list[str]:
    parts = word.split("-")
    return [p + "-" for p in parts[:-1] if p] + [parts[-1]] if parts[-1] else [p + "-" for p in parts if p]


def _path_lines(path: str, width: int) -> str:
    """A file's path broken after its slashes to fit `width` (a longer piece is folded by
    Rich)."""
    pieces = [p + "/" for p in path.split("/")[:-1]] + [path.split("/")[-1]]
    lines, line = [], ""
    for piece in pieces:
        if line and len(line) + len(piece) > width:
            lines.append(line)
            line = ""
        line += piece
    return "\n".join([*lines, line])


def _drop_order(rows: list[CompareRow], sort_by: str | None) -> list[str]:
    """Which columns go first where room is short. The currency goes first where every
    amount is in one currency (the caption names it), late where amounts are converted,
    and never before an amount where they are not; the sorted column goes last."""
    order = list(DROP_FIRST)
    if any(r.into is not None for r in rows):
        order.insert(order.index("capital"), "currency")
    elif len(currencies(rows)) <= 1:
        order.insert(0, "currency")
    else:
        order.append("currency")
    if sort_by in order:
        order.remove(sort_by)
        order.append(sort_by)
    return order


def _terminal_table(rows: list[CompareRow], lang: Lang, width: int, sort_by: str | None) -> Any:
    """Fits `width` without cutting a number: amounts go to thousands if needed, the
    municipality goes under the case's name, then columns are left out (named in the
    caption); names and files wrap, whole."""
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    def cells(scale: float) -> dict[str, tuple[list[str], list[str]]]:
        """Each number column's header lines and cells."""
        out = {}
        for column in TABLE[1:]:
            body = [_cell(r, column, lang, scale, short=True) for r in rows]
            head = _table_head(column, lang)
            words = max(
                len(p) for line in head.split("\n") for w in line.split(" ") for p in _after_hyphens(w)
            )
            fit = max([words, *(len(c) for c in body)])
            out[column] = (_wrap(head, fit), body)
        return out

    def column_width(column: str, made: dict[str, tuple[list[str], list[str]]]) -> int:
        head, body = made[column]
        return max(len(line) for line in [*head, *body])

    municipalities = [
        printable(r.info.municipality) for r in rows if r.info is not None and r.info.municipality
    ]
    has_municipality = bool(municipalities)

    # the case column is never so narrow that a file's own name is broken (up to its widest)
    narrowest = max(CASE_WIDTH[0], min(CASE_WIDTH[1], max(len(printable(Path(r.file).name)) for r in rows)))

    def needed(made: dict[str, tuple[list[str], list[str]]], shown: list[str], apart: bool) -> int:
        fixed = sum(column_width(c, made) + 3 for c in shown)
        return fixed + narrowest + 3 + (MUNICIPALITY_WIDTH[0] + 3 if apart else 0) + 1

    scale = 1.0
    made = cells(scale)
    shown = list(made)
    apart = has_municipality
    if needed(made, shown, apart) > width:
        scale = 1000.0
        made = cells(scale)
    if needed(made, shown, apart) > width:
        apart = False  # the municipality goes under the name: nothing lost
    left_out = []
    for column in _drop_order(rows, sort_by):
        if needed(made, shown, apart) <= width:
            break
        shown.remove(column)
        left_out.append(column)

    room = width - needed(made, shown, apart) + narrowest + (MUNICIPALITY_WIDTH[0] if apart else 0)
    names = [cell_len(printable(r.name)) for r in rows]
    files = [len(printable(r.file)) for r in rows]
    lines_under = [] if apart else [cell_len(m) for m in municipalities]
    natural = max([*names, *files, *lines_under, narrowest])
    municipality_width = 0
    if apart:
        wanted = max(cell_len(m) for m in municipalities)
        municipality_width = max(MUNICIPALITY_WIDTH[0], min(wanted, MUNICIPALITY_WIDTH[1], room // 3))
    case_width = max(narrowest, min(natural, CASE_WIDTH[1], room - municipality_width))

    table = Table(
        title=label("compare_title", lang),
        title_justify="left",
        header_style="bold",
        caption="\n".join(
            [
                *_notes(rows, lang, scale, sort_by, shown),
                *(
                    [
                        label("left_out", lang).format(
                            columns="; ".join(_field_label(c, lang) for c in left_out)
                        )
                    ]
                    if left_out
                    else []
                ),
            ]
        )
        or None,
        caption_justify="left",
        show_lines=True,  # a case takes several lines: a rule between cases
    )
    case_head = Text(label("case", lang))
    if has_municipality and not apart:
        case_head.append("\n" + label("compare.municipality", lang).lower(), "dim")
    case_head.append("\n" + label("compare.file", lang), "dim")
    table.add_column(case_head, width=case_width, overflow="fold")
    if apart:
        table.add_column(label("compare.municipality", lang), width=municipality_width, overflow="fold")
    for column in shown:
        head, _ = made[column]
        right = column not in ("financing", "currency")
        table.add_column(
            "\n".join(head),
            width=column_width(column, made),
            justify="right" if right else "left",
            no_wrap=True,
        )
    for i, row in enumerate(rows):
        table.add_row(*_case_cells(row, apart, case_width, lang), *(made[c][1][i] for c in shown))
    return table


def _case_cells(row: CompareRow, apart: bool, width: int, lang: Lang) -> list[Any]:
    """The case's name, then (dim) its municipality and its file; red where it is broken.
    Case text goes to Rich as Text, never read as markup."""
    from rich.text import Text

    text = Text(printable(row.name), "bold")
    municipality = printable(row.info.municipality) if row.info is not None else ""
    if municipality and not apart:
        text.append("\n" + municipality, "dim")
    text.append("\n" + _path_lines(printable(row.file), width), "dim")
    if row.metrics is None:
        text.append("\n" + label("invalid", lang), "red")
    return [text, Text(municipality)] if apart else [text]


def _table_head(column: str, lang: Lang) -> str:
    if column in METRICS:
        return METRICS[column].header(lang)
    return label(f"compare.head.{column}", lang) if column != "capital" else label("compare.capital", lang)


# ---- the workbook ------------------------------------------------------------------------

NUMBER_FORMATS: dict[str, str] = {"money": "#,##0.00", "rate": "0.0%", "year": "0", "count": "#,##0"}


def _workbook(rows: list[CompareRow], lang: Lang) -> bytes:
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    from .xlsx import put_text

    columns = _columns(rows)
    book = Workbook()
    sheet = book.active
    sheet.title = label("compare.sheet", lang)
    sheet.append(_header(columns, lang))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    kinds: dict[str, str] = {c: METRICS[c].kind for c in columns if c in METRICS}
    kinds |= {"capital": "money", "start_year": "year"}
    for r, row in enumerate(rows, start=2):
        for c, column in enumerate(columns, start=1):
            value = _value(row, column)
            cell = sheet.cell(row=r, column=c)
            if column in TEXT:
                # The file, the case's name, the municipality and the error are case text:
                # string cells, never formulas.
                if value:
                    put_text(cell, value)
            elif column == "financing" and value is not None:
                cell.value = value if lang == "en" else label(value, lang)
            elif value is not None:
                cell.value = value
                cell.number_format = NUMBER_FORMATS.get(kinds.get(column, ""), "0.00####")
    sheet.freeze_panes = "C2"
    book.properties.creator = "sib-case"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
