"""The yearly flows as CSV, one row a year, headed by the contract's column names.

English: comma-separated with a decimal point. Danish: semicolon-separated with a decimal
comma, as Danish Excel reads it.
"""

from __future__ import annotations

import csv
import io

from ..figures import COLUMNS, YEAR
from ..labels import Lang
from ..result import Result


def csv_number(value: float | int | None, lang: Lang, decimals: int = 2) -> str:
    """A plain number (no thousands separators), at most `decimals` decimals."""
    if value is None:
        return ""
    text = str(value) if isinstance(value, int) else f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    text = "0" if text == "-0" else text
    return text.replace(".", ",") if lang == "da" else text


def write_rows(header: list[str], rows: list[list[str]], lang: Lang) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if lang == "da" else ",", lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def render_csv(result: Result, lang: Lang = "en") -> str:
    rows = result.primary.years.rows()
    names = list(rows[0])
    # English: the contract's column names, for programs; Danish: the columns' Danish labels
    header = (
        names
        if lang == "en"
        else [COLUMNS[c].label(lang) if c in COLUMNS else YEAR.label(lang) for c in names]
    )
    return write_rows(header, [[csv_number(row[c], lang) for c in names] for row in rows], lang)
