"""A case's result as an Excel workbook whose derived figures are live formulas.

Three sheets:

- `years`: row 1 holds the contract's column names (`year`, then figures.COLUMNS), one row a
  year below. The engine's inputs to the nets (programme cost, capital, payments, costs,
  savings) are values; `municipal_net`, the two cumulatives and `investor_net` are
  formulas over them. Helper columns follow the contract's: the discount factor, the
  public side's flows, "stays non-negative" flags for the break-even years and the
  attributable units of each outcome.
- `metrics`: metric name (A), value or formula (B), label in the chosen language (C).
  Totals, NPVs, the benefit-cost ratio, the investor's IRR and multiple and the
  break-even years are formulas over `years`; what needs the engine (break-even effects,
  the figures if the effect is zero) are values.
- `assumptions`: every input of the case, one leaf a row, `outcomes[0].savings[1].amount`
  style. The discount rate every formula uses is the cell of `case.discount_rate` there,
  so a user can change it and watch the NPVs move.

Case text (names, sources, categories, scenario names, in the cells and in the headers
and paths built from them) goes in through `put_text`: a string cell whatever it begins
with (openpyxl would make a formula of a string that begins with "="), with the quote
prefix a spreadsheet keeps when the cell is edited, and with every character XML forbids
shown escaped (text.xml_safe). The workbook's only formulas are its own.

openpyxl is imported inside `render_xlsx`, so start-up stays fast.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from ..figures import COLUMNS, METRICS, SCALARS
from ..figures import YEAR as YEAR_FIGURE
from ..labels import Lang, label
from ..metrics import TOL
from ..result import ModeResult, Result
from ..text import FORMULA_START, xml_safe

MONEY = "#,##0"
PERCENT = "0.0%"
FACTOR = "0.0000"
RATIO = "0.00"
MULTIPLE = '0.00"x"'
UNITS = "#,##0.0"
YEAR = "0"
FORMATS = {  # by the kind of a figure
    "money": MONEY,
    "count": MONEY,
    "rate": PERCENT,
    "multiple": MULTIPLE,
    "ratio": RATIO,
    "effect": RATIO,
    "year": YEAR,
    "units": UNITS,
}
# A cumulative this close to zero counts as broken even, as in the engine (metrics.TOL).
TOLERANCE = format(TOL, ".15f").rstrip("0")  # "0.000001": a plain decimal, no 1E-06
# The most characters a cell holds (Excel's limit), and a column's widest width.
CELL_LIMIT = 32_767
WIDEST = 100
# Zip entries and the document's dates are fixed, so the same result gives the same bytes.
FIXED_TIME = (1980, 1, 1, 0, 0, 0)

# Which input columns of `years` are values: the contract's columns up to the derived ones.
INPUT_COLUMNS = ("year", *list(COLUMNS)[: list(COLUMNS).index("municipal_net")])
# Assumptions formatted by the name of their key (a list item or a mapping entry takes
# its parent's name: profile[2], shares.state, amounts.2027).
PERCENT_KEYS = frozenset(
    {
        "discount_rate",
        "baseline",
        "with_programme",
        "effect",
        "deadweight",
        "attribution",
        "optimism_bias",
        "profile",
        "target",
        "shares",
        "cashable",
        "spread",
        "share",
        "then_share",
        "hurdle",
        "annual_return",
        "capital_protection",
        "share_of_target",
        "at_least",
    }
)
MONEY_KEYS = frozenset({"per_participant", "fixed", "amount", "amounts", "price", "total", "per_year", "max"})


def col(index: int) -> str:
    """Spreadsheet column letters of a 0-based index: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def put_text(cell: Any, text: str) -> Any:
    """Write case text into a cell as text: a string cell, never a formula; quote-prefixed
    where it begins like one, so it stays text when someone edits it; XML-safe; cut to
    what a cell holds."""
    text = xml_safe(text)
    if len(text) > CELL_LIMIT:
        text = text[: CELL_LIMIT - 1] + "…"
    cell.value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_START):
        cell.quotePrefix = True
    return cell


@dataclass(frozen=True)
class Column:
    name: str
    fmt: str
    cell: Callable[[int], Any]  # row number -> the cell's value or formula


class YearsSheet:
    """Where each column of `years` sits, and its ranges for the metrics' formulas."""

    def __init__(self, names: list[str], first: int, last: int) -> None:
        self.letter = {name: col(i) for i, name in enumerate(names)}
        self.first, self.last = first, last

    def span(self, name: str) -> str:
        """The column's rows as a range of the `years` sheet, for the metrics sheet."""
        c = self.letter[name]
        return f"years!${c}${self.first}:${c}${self.last}"


def year_columns(mode: ModeResult, result: Result, rate: str) -> tuple[list[Column], YearsSheet]:
    """Every column of `years`: the contract's, then the helpers. `rate` is the cell
    that holds the discount rate."""
    years, flows = mode.years, mode.flows
    first, last = 2, len(years.year) + 1
    outcomes = [o.name for o in result.case.outcomes]
    names = [
        "year",
        *COLUMNS,
        "discount_factor",
        "transaction_costs_public",
        "transaction_costs_all",
        "outcome_payments_others_public",
        "grants_public",
        "public_net",
        "municipal_stays_non_negative",
        "discounted_stays_non_negative",
        *(f"units.{name}" for name in outcomes),
    ]
    at = YearsSheet(names, first, last)
    c = at.letter
    # Under self-financing the municipality pays the programme itself, less grants; under a
    # SIB it pays the outcome payments other payers do not. The public side pays those and
    # what a region or the state pays or grants.
    self_financed = mode.mode == "self"

    def public_pays(i: int) -> str:
        if self_financed:
            return f"({c['programme_cost']}{i}-{c['grants']}{i}+{c['grants_public']}{i})"
        return (
            f"({c['outcome_payments']}{i}-{c['outcome_payments_others']}{i}"
            f"+{c['outcome_payments_others_public']}{i}+{c['grants_public']}{i})"
        )

    formulas: dict[str, Callable[[int], str]] = {
        "municipal_net": lambda i: (
            f"={c['savings_municipal']}{i}-({c['outcome_payments']}{i}-{c['outcome_payments_others']}{i})"
            f"-{c['transaction_costs_municipal']}{i}"
            + (f"-({c['programme_cost']}{i}-{c['grants']}{i})" if self_financed else "")
        ),
        "municipal_cumulative": lambda i: f"=SUM(${c['municipal_net']}${first}:{c['municipal_net']}{i})",
        "municipal_discounted_cumulative": lambda i: (
            f"=SUMPRODUCT(${c['municipal_net']}${first}:{c['municipal_net']}{i},"
            f"${c['discount_factor']}${first}:{c['discount_factor']}{i})"
        ),
        "investor_net": lambda i: (
            f"=-{c['investor_capital']}{i}+{c['outcome_payments']}{i}+{c['guarantee_payments']}{i}"
        ),
        # 1 / (1 + r)^t with t the years since the start: the start year at face value.
        "discount_factor": lambda i: f"=1/POWER(1+{rate},{c['year']}{i}-${c['year']}${first})",
        "public_net": lambda i: (
            f"={c['savings_public']}{i}-{public_pays(i)}-{c['transaction_costs_public']}{i}"
        ),
        # 1 where the cumulative stays >= 0 from this year to the last (the minimum of
        # what is left of it); the break-even year is the first 1.
        "municipal_stays_non_negative": lambda i: (
            f"=IF(MIN({c['municipal_cumulative']}{i}:${c['municipal_cumulative']}${last})>=-{TOLERANCE},1,0)"
        ),
        "discounted_stays_non_negative": lambda i: (
            f"=IF(MIN({c['municipal_discounted_cumulative']}{i}:${c['municipal_discounted_cumulative']}${last})"
            f">=-{TOLERANCE},1,0)"
        ),
    }

    def value_of(name: str, fmt: str) -> Column:
        figure = COLUMNS.get(name, YEAR_FIGURE)
        return Column(name, fmt, lambda i: figure.value(years[name][i - first]))

    def array_of(name: str, values: Any, fmt: str) -> Column:
        return Column(name, fmt, lambda i: float(values[i - first]))

    def formula(name: str, fmt: str) -> Column:
        return Column(name, fmt, formulas[name])

    columns = [value_of("year", YEAR), *(value_of(name, MONEY) for name in INPUT_COLUMNS[1:])]
    columns += [formula(name, MONEY) for name in list(COLUMNS)[len(INPUT_COLUMNS) - 1 :]]
    schedule = result.case.case.discount_schedule
    if schedule:  # a stepped schedule: the factors as values (the schedule is named on assumptions)
        from ..presets import discount_factors

        factors = discount_factors(schedule, len(years.year))
        discount = array_of("discount_factor", factors, FACTOR)
    else:
        discount = formula("discount_factor", FACTOR)
    columns += [
        discount,
        array_of("transaction_costs_public", flows.transaction_costs_public[0], MONEY),
        array_of("transaction_costs_all", flows.transaction_costs_total[0], MONEY),
        array_of("outcome_payments_others_public", flows.outcome_payments_others_public[0], MONEY),
        array_of("grants_public", flows.grants_public[0], MONEY),
        formula("public_net", MONEY),
        formula("municipal_stays_non_negative", YEAR),
        formula("discounted_stays_non_negative", YEAR),
    ]
    columns += [array_of(f"units.{name}", flows.units[0][o], UNITS) for o, name in enumerate(outcomes)]
    assert [column.name for column in columns] == names
    return columns, at


def metric_rows(mode: ModeResult, at: YearsSheet, lang: Lang) -> list[tuple[str, Any, str, str]]:
    """(name, value or formula, number format, label) for each metric, in the contract's
    order; dict-valued metrics flattened to `cost_per_unit.<outcome>`."""
    sib = mode.mode == "sib"
    s = at.span
    never = label("never", lang)

    def break_even(flag: str) -> str:
        # The first year whose flag is 1; the text "never" (in the chosen language) where
        # no year is, as the other renderers print it (the JSON says null).
        return f'=IFERROR(INDEX({s("year")},MATCH(1,{s(flag)},0)),"{never}")'

    def pv(name: str) -> str:
        return f"SUMPRODUCT({s(name)},{s('discount_factor')})"

    costs = [pv("outcome_payments"), pv("transaction_costs_municipal")]
    if not sib:
        costs.append(pv("programme_cost"))
    cost_pv = "+".join(costs)
    capital = f"SUM({s('investor_capital')})"
    formulas: dict[str, str] = {
        "break_even_year": break_even("municipal_stays_non_negative"),
        "discounted_break_even_year": break_even("discounted_stays_non_negative"),
        "net_municipal_gain": f"=SUM({s('municipal_net')})",
        "municipal_npv": f"={pv('municipal_net')}",
        "public_net_gain": f"=SUM({s('public_net')})",
        "public_npv": f"={pv('public_net')}",
        "total_outcome_payments": f"=SUM({s('outcome_payments')})",
        "total_programme_cost": f"=SUM({s('programme_cost')})",
        "total_transaction_costs": f"=SUM({s('transaction_costs_all')})",
        # PV of savings / PV of costs; blank where there are no costs.
        "benefit_cost_ratio": f'=IF({cost_pv}>{TOLERANCE},{pv("savings_municipal")}/({cost_pv}),"")',
        "total_guarantee_payments": f"=SUM({s('guarantee_payments')})",
        "total_transaction_costs_municipal": f"=SUM({s('transaction_costs_municipal')})",
        "total_savings_municipal": f"=SUM({s('savings_municipal')})",
        "total_savings_public": f"=SUM({s('savings_public')})",
        "participants": f"=SUM({s('participants')})",
    }
    if sib:  # under self-financing there is no investor: these stay blank, as JSON's null
        formulas |= {
            # numpy-financial's IRR, as the engine; blank where it is undefined.
            "investor_irr": f'=IFERROR(IRR({s("investor_net")}),"")',
            "investor_multiple": (
                f"=IF({capital}>{TOLERANCE},(SUM({s('outcome_payments')})+SUM({s('guarantee_payments')}))"
                f'/{capital},"")'
            ),
            "investor_net_gain": f"=SUM({s('investor_net')})",
            "total_investor_capital": f"={capital}",
        }
    rows: list[tuple[str, Any, str, str]] = []
    for figure in SCALARS:
        value = formulas.get(figure.name, mode.metrics[figure.name])
        if figure.as_loss:  # the label names a loss: the cell holds it as one
            value = f"=-({value[1:]})" if isinstance(value, str) else -value
        rows.append((figure.name, value, FORMATS[figure.kind], figure.label(lang)))

    # By outcome: units summed from `years`, cost per unit over the metric above.
    first = 2  # the metrics sheet's first data row
    spent_row = first + [r[0] for r in rows].index(
        "total_outcome_payments" if sib else "total_programme_cost"
    )
    units_rows = {}
    for outcome in mode.metrics.total_units:
        units_rows[outcome] = first + len(rows)
        rows.append(
            (
                f"total_units.{outcome}",
                f"=SUM({s(f'units.{outcome}')})",
                UNITS,
                f"{METRICS['total_units'].label(lang)}: {outcome}",
            )
        )
    for outcome, row in units_rows.items():
        rows.append(
            (
                f"cost_per_unit.{outcome}",
                f'=IF(B{row}>0,B{spent_row}/B{row},"")',
                MONEY,
                f"{METRICS['cost_per_unit'].label(lang)}: {outcome}",
            )
        )
    return rows


def leaves(value: Any, path: str = "", key: str = "") -> Iterator[tuple[str, str, Any]]:
    """(path, key, value) of every leaf of a case: list items as [i], fields and mapping
    entries as .name (so years read `amounts.2027`, as the loader's messages write them).
    `key` is the name of the field a leaf belongs to (`profile` for profile[2], `shares`
    for shares.state), which sets its number format. Unset options (None) and empty lists
    and mappings and empty texts are left out: the case does not use them."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from leaves(getattr(value, name), f"{path}.{name}" if path else name, name)
    elif isinstance(value, dict):
        for entry, item in value.items():
            yield from leaves(item, f"{path}.{entry}", key)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from leaves(item, f"{path}[{i}]", key)
    elif value is not None and value != "":
        yield path, key, value


def assumption_rows(result: Result) -> list[tuple[str, Any, str]]:
    """(path, value, number format) of every input of the case."""
    rows = []
    for path, key, value in leaves(result.case):
        if isinstance(value, bool | str):
            fmt = "General"
        elif key in PERCENT_KEYS:
            fmt = PERCENT
        elif key in MONEY_KEYS:
            fmt = MONEY
        elif key == "multiple":
            fmt = MULTIPLE
        elif key == "effect_scale":
            fmt = RATIO
        else:
            fmt = YEAR if isinstance(value, int) else "General"
        rows.append((path, value, fmt))
    return rows


def render_xlsx(result: Result, lang: Lang = "en") -> bytes:
    """The workbook's bytes: `years`, `metrics` and `assumptions` of the primary mode.

    >>> from sib_case import load_case, evaluate                       # doctest: +SKIP
    >>> data = render_xlsx(evaluate(load_case("cases/dk-employment.yaml")))
    """
    import datetime

    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.writer.excel import ExcelWriter

    bold = Font(bold=True)
    book = Workbook()
    fixed = datetime.datetime(*FIXED_TIME[:3])
    book.properties.created = book.properties.modified = fixed
    book.properties.creator = "sib-case"
    book.properties.title = xml_safe(result.case.case.name)

    def sheet(title: str, header: list[str], widths: list[int]) -> Any:
        ws = book.create_sheet(title)
        for i, name in enumerate(header):  # headers hold outcome names: case text
            put_text(ws.cell(row=1, column=i + 1), name).font = bold
        ws.freeze_panes = "A2"
        for i, width in enumerate(widths):
            ws.column_dimensions[col(i)].width = min(width, WIDEST)
        return ws

    assumptions = assumption_rows(result)
    rate_row = 2 + [path for path, _, _ in assumptions].index("case.discount_rate")
    columns, at = year_columns(result.primary, result, f"assumptions!$B${rate_row}")
    metrics = metric_rows(result.primary, at, lang)

    years = sheet("years", [c.name for c in columns], [max(12, len(c.name) + 2) for c in columns])
    for row in range(at.first, at.last + 1):
        for i, column in enumerate(columns):
            cell = years.cell(row=row, column=i + 1, value=column.cell(row))
            cell.number_format = column.fmt

    ws = sheet("metrics", ["metric", "value", "label"], [max(len(m[0]) for m in metrics) + 2, 16, 50])
    for row, (name, value, fmt, text) in enumerate(metrics, start=2):
        put_text(ws.cell(row=row, column=1), name)  # by outcome: the outcome's name is in it
        ws.cell(row=row, column=2, value=value).number_format = fmt  # a value or the code's formula
        put_text(ws.cell(row=row, column=3), text)
    ws.cell(row=len(metrics) + 2, column=1, value="financing")
    ws.cell(row=len(metrics) + 2, column=2, value=result.primary.mode)
    ws.cell(row=len(metrics) + 2, column=3, value=label(result.primary.mode, lang))

    ws = sheet("assumptions", ["assumption", "value"], [max(len(a[0]) for a in assumptions) + 2, 18])
    for row, (path, value, fmt) in enumerate(assumptions, start=2):
        put_text(ws.cell(row=row, column=1), path)  # a scenario's name is in its paths
        cell = ws.cell(row=row, column=2)
        if isinstance(value, str):
            put_text(cell, value)
        else:
            cell.value = value
        cell.number_format = fmt

    book.remove(book.worksheets[0])  # the empty sheet every new workbook starts with
    out = io.BytesIO()
    with _FixedTimeZip(out, "w", zipfile.ZIP_DEFLATED) as archive:
        # ExcelWriter, not save_workbook, which stamps the modified date with the clock.
        ExcelWriter(book, archive).write_data()
    return out.getvalue()


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose entries all carry FIXED_TIME, not the clock's time."""

    def writestr(self, zinfo_or_arcname: Any, data: Any, *args: Any, **kwargs: Any) -> None:
        if isinstance(zinfo_or_arcname, str):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=FIXED_TIME)
            info.compress_type = self.compression
            info.external_attr = 0o600 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any) -> None:
        # openpyxl writes each worksheet to a temporary file first: take its bytes, not its time.
        with open(filename, "rb") as file:
            self.writestr(arcname or str(filename), file.read())
