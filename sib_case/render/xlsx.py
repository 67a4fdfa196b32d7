"""A case as an Excel model whose inputs drive it, written with XlsxWriter.

Five sheets, named in the reader's language:

- Inputs (Forudsætninger): every input the formulas read, one named cell (or row) each,
  styled as editable (blue on yellow, unlocked): the discount rate, the programme's cost,
  the cohorts, each outcome's levels, attribution, optimism bias and profile, each savings
  item's amount, municipal share, cashable share and lag, the transaction costs by year and
  the payment rules' prices, lags and caps. What cannot be a formula here is written as
  values, grey, with a note saying so beside it.
- Years under the SIB and self-financed (År SEI, År egenfinansiering): a row a figure, a
  column a year, as a Danish budget reads and a landscape page holds it; the attributable units (by cohort, then by outcome), each savings item, the programme cost,
  the capital, the outcome payments (a rate card's units x price, a year's lag, cut by the
  caps on all payments), the transaction costs and every net, all formulas over the inputs.
- Key figures (Nøgletal): both financing modes side by side; totals, NPVs, the benefit-cost
  ratio, the investor's IRR and multiple and the break-even years as formulas; what needs
  the engine (break-even effects, the figures with no effect) as values, marked.
- Case file (Sagsfil): every leaf of the case as it is written, for the record (values).

Every formula is written with the engine's value as its stored result, so previews and
readers that do not recalculate show the figures. Case text goes in as strings, never a
formula (XlsxWriter's strings_to_formulas off). Print set-up: landscape, one page wide, the
header rows repeated, the sheet name and page number in the header and footer.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from pydantic import BaseModel

from ..engine import payers, savings_items
from ..figures import COLUMNS, SCALARS
from ..labels import Lang, label
from ..metrics import TOL
from ..model import Case, RateCard
from ..result import ModeResult, Result
from ..text import FORMULA_START, xml_safe

MONEY = "#,##0"
PERCENT = "0.0%"
SHARE = "0.00%"
FACTOR = "0.0000"
RATIO = "0.00"
UNITS = "#,##0.00"
YEAR = "0"
TOLERANCE = format(TOL, ".15f").rstrip("0")
CELL_LIMIT = 32_767  # the most characters a cell holds (Excel's limit)
FIRST = 3  # year positions: the first year is position FIRST (formulas are built by position)
YEAR_COL = 1  # on a years sheet the years run across from column B; labels are in column A
HEAD_ROW = 3  # the years' header row; figures start below it


def sheet_name(key: str, lang: Lang) -> str:
    return label(f"book.sheet.{key}", lang)


def ref(sheet: str, cell: str) -> str:
    """A cell of another sheet in a formula: 'År SEI'!$B$3."""
    return "'" + sheet.replace("'", "''") + "'!" + cell


def cell(col: int, row: int, absolute: bool = True) -> str:
    """A cell's address from a 0-based column and a 1-based row."""
    letters, index = "", col + 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return f"${letters}${row}" if absolute else f"{letters}{row}"


def formula_gaps(case: Case) -> list[str]:
    """Which parts of the case the workbook writes as values, not formulas (label keys)."""
    fin = case.financing
    gaps = []
    rules_ok = all(
        isinstance(r, RateCard) and not r.success and r.measured is None and _no_cap(r.cap)
        for r in fin.payments
    )
    if (
        not rules_ok
        or fin.payers
        or fin.capital_protection
        or fin.guarantee
        or fin.cap.annual_return is not None
    ):
        gaps.append("book.gap.payments")
    if any(o.overrides() for o in case.outcomes):
        gaps.append("book.gap.overrides")
    if case.termination is not None or case.programme_cost.spent:
        gaps.append("book.gap.programme")
    if case.grants:
        gaps.append("book.gap.grants")
    if case.case.discount_schedule:
        gaps.append("book.gap.schedule")
    return gaps


def _no_cap(cap: Any) -> bool:
    return all(v is None for v in (cap.total, cap.multiple, cap.annual_return, cap.per_year))


Names = dict[str, str]  # an input's key (cost_pp, o0.with) -> its defined name on the inputs sheet


class _Book:
    def __init__(self, result: Result, lang: Lang) -> None:
        import xlsxwriter

        self.out = io.BytesIO()
        self.book = xlsxwriter.Workbook(
            self.out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
        )
        self.book.set_properties(
            {"title": xml_safe(result.case.case.name), "author": "sib-case", "created": _FIXED}
        )
        self.result, self.lang = result, lang
        self.case = result.inputs.case  # as run: recruited participants, a termination applied
        self.years = [int(y) for y in result.inputs.years]
        self.horizon = len(self.years)
        b = self.book
        texts: dict[str, dict[str, Any]] = {
            "title": {"bold": True, "font_size": 13},
            "head": {"bold": True, "bg_color": "#E7E7E7", "text_wrap": True, "valign": "top", "border": 1},
            "bold": {"bold": True},
            "note": {"italic": True, "font_color": "#555555", "text_wrap": True, "valign": "top"},
            "text": {"text_wrap": True, "valign": "top"},
            "label": {},  # one line: a wrapped label would overlap the row below
        }
        self.f = {key: b.add_format(props) for key, props in texts.items()}
        # the same, quote-prefixed: case text that begins like a formula stays text when edited
        self.f |= {
            f"{key}.quoted": b.add_format({**props, "quote_prefix": True}) for key, props in texts.items()
        }
        for kind, fmt in {
            "money": MONEY,
            "percent": PERCENT,
            "share": SHARE,
            "factor": FACTOR,
            "ratio": RATIO,
            "units": UNITS,
            "year": YEAR,
            "general": "General",
        }.items():
            self.f[kind] = b.add_format({"num_format": fmt})
            # inputs: blue on yellow, unlocked; values the workbook cannot drive: grey
            self.f[f"in.{kind}"] = b.add_format(
                {
                    "num_format": fmt,
                    "font_color": "#0000CC",
                    "bg_color": "#FFF2CC",
                    "locked": False,
                    "border": 1,
                }
            )
            self.f[f"fixed.{kind}"] = b.add_format(
                {"num_format": fmt, "font_color": "#666666", "bg_color": "#F2F2F2"}
            )
            self.f[f"total.{kind}"] = b.add_format({"num_format": fmt, "bold": True, "top": 1})

    def t(self, key: str) -> str:
        return label(key, self.lang)

    def name(self, key: str, where: str) -> str:
        """A defined name for an input (in_cost_pp, in_o0_profile), so formulas read as words
        and tools find the inputs by name."""
        defined = "in_" + key.replace(".", "_")
        self.book.define_name(defined, "=" + where)
        return defined

    def sheet(self, key: str) -> Any:
        ws = self.book.add_worksheet(sheet_name(key, self.lang))
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)
        ws.set_header("&L&A&R" + xml_safe(self.case.case.name)[:200].replace("&", "&&"))
        ws.set_footer("&C" + self.t("book.page"))
        return ws

    def text(self, ws: Any, row: int, col: int, value: str, fmt: str = "text") -> None:
        value = xml_safe(value)[: CELL_LIMIT - 1]
        quoted = value.startswith(FORMULA_START) and f"{fmt}.quoted" in self.f
        ws.write_string(row - 1, col, value, self.f[f"{fmt}.quoted" if quoted else fmt])

    def note(self, ws: Any, row: int, value: str, lines: int = 2) -> None:
        """A note across the sheet's first columns, tall enough for its `lines`."""
        ws.merge_range(row - 1, 0, row - 1, 8, xml_safe(value), self.f["note"])
        ws.set_row(row - 1, 15 * lines)

    def formula(
        self,
        ws: Any,
        row: int,
        col: int,
        formula: str,
        value: Any,
        fmt: str,
        at: tuple[int, int] | None = None,
    ) -> None:
        """A formula with its stored result (`at`: the 1-based row and 0-based column it goes
        in, where that is not row, col)."""
        if value is None or (isinstance(value, float) and not np.isfinite(value)):
            value = ""
        r, c = at if at is not None else (row, col)
        ws.write_formula(r - 1, c, formula, self.f[fmt], value)


_FIXED = __import__("datetime").datetime(2025, 1, 1)  # the same result gives the same bytes


def render_xlsx(result: Result, lang: Lang = "en") -> bytes:
    """The workbook's bytes: inputs, both years sheets, key figures, the case file."""
    b = _Book(result, lang)
    names = _inputs(b)
    at = {mode.mode: _years(b, mode, names) for mode in (result.by_mode["sib"], result.by_mode["self"])}
    _key_figures(b, at)
    _case_file(b)
    b.book.close()
    return b.out.getvalue()


# ---------------------------------------------------------------- inputs


def _inputs(b: _Book) -> Names:
    case, inputs = b.case, b.result.inputs
    ws = b.sheet("inputs")
    ws.set_column(0, 0, 46)
    ws.set_column(1, 1 + b.horizon, 12)
    ws.set_column(1 + b.horizon, 1 + b.horizon, 40)
    sheet = sheet_name("inputs", b.lang)
    names: Names = {}
    gaps = formula_gaps(case)
    b.text(ws, 1, 0, f"{b.t('book.inputs_title')}: {case.case.name}", "title")
    b.note(ws, 2, b.t("book.inputs_note"), 3)
    row = 4

    def put(key: str, what: str, value: float, kind: str, editable: bool = True, note: str = "") -> None:
        nonlocal row
        b.text(ws, row, 0, what)
        ws.write_number(row - 1, 1, float(value), b.f[("in." if editable else "fixed.") + kind])
        if note:
            b.text(ws, row, 2, note, "note")
        names[key] = b.name(key, ref(sheet, cell(1, row)))
        row += 1

    def put_row(key: str, what: str, values: list[float], kind: str, header: list[str] | None = None) -> None:
        """A row of inputs across the columns (one a year, or one a year since intake)."""
        nonlocal row
        if header is not None:
            for k, h in enumerate(header):
                ws.write_string(row - 1, 1 + k, h, b.f["head"])
            row += 1
        b.text(ws, row, 0, what)
        for k, v in enumerate(values):
            ws.write_number(row - 1, 1 + k, float(v), b.f["in." + kind])
        names[key] = b.name(key, ref(sheet, f"{cell(1, row)}:{cell(len(values), row)}"))
        row += 1

    def heading(key: str) -> None:
        nonlocal row
        row += 1
        b.text(ws, row, 0, b.t(key), "bold")
        row += 1

    heading("book.general")
    schedule = case.case.discount_schedule
    put(
        "discount_rate",
        b.t("book.discount_rate"),
        case.case.discount_rate,
        "percent",
        not schedule,
        b.t("book.gap.schedule") if schedule else "",
    )
    heading("book.programme")
    put("cost_pp", b.t("book.cost_pp"), float(inputs.cost_per_participant[0]), "money")
    spread = [float(s) for s in case.programme_cost.spread]
    put_row(
        "spread",
        b.t("book.spread"),
        spread,
        "percent",
        [b.t("book.since").format(k=k) for k in range(len(spread))],
    )
    fixed = [case.programme_cost.fixed.get(y, 0.0) for y in b.years]
    put_row("fixed", b.t("book.fixed"), fixed, "money", [str(y) for y in b.years])
    if "book.gap.programme" in gaps:
        b.note(ws, row, b.t("book.gap.programme"))
        row += 1
    heading("book.cohorts")
    for c, cohort in enumerate(case.cohorts):
        who = cohort.name or str(cohort.year)
        put(f"c{c}.intake", f"{who}: {b.t('book.intake')}", cohort.year, "year")
        put(f"c{c}.n", f"{who}: {b.t('book.participants')}", cohort.participants, "general")
        put(f"c{c}.scale", f"{who}: {b.t('book.effect_scale')}", cohort.effect_scale, "ratio")
    for o, outcome in enumerate(case.outcomes):
        heading("book.outcome")
        b.text(ws, row - 1, 1, outcome.name, "bold")
        if outcome.effect is not None:
            put(f"o{o}.effect", b.t("book.effect"), _point(outcome.effect), "share")
            put(f"o{o}.deadweight", b.t("book.deadweight"), _point(outcome.deadweight or 0.0), "share")
            gross = f"{names[f'o{o}.effect']}*(1-{names[f'o{o}.deadweight']})"
        else:
            put(f"o{o}.baseline", b.t("book.baseline"), _point(outcome.baseline), "share")
            put(f"o{o}.with", b.t("book.with_programme"), _point(outcome.with_programme), "share")
            sign = "" if outcome.better == "higher" else "-"
            gross = f"{sign}({names[f'o{o}.with']}-{names[f'o{o}.baseline']})"
        put(f"o{o}.attribution", b.t("book.attribution"), _point(outcome.attribution), "share")
        put(f"o{o}.bias", b.t("book.optimism_bias"), _point(outcome.optimism_bias), "share")
        b.text(ws, row, 0, b.t("book.net_improvement"))
        net = f"={gross}*{names[f'o{o}.attribution']}*(1-{names[f'o{o}.bias']})"
        b.formula(ws, row, 1, net, outcome.net_improvement, "share")
        names[f"o{o}.delta"] = b.name(f"o{o}.delta", ref(sheet, cell(1, row)))
        row += 1
        profile = [float(p) for p in outcome.profile[: b.horizon]]
        put_row(
            f"o{o}.profile",
            b.t("book.profile"),
            profile,
            "percent",
            [b.t("book.since").format(k=k) for k in range(len(profile))],
        )
        if outcome.overrides():
            b.note(ws, row, b.t("book.gap.overrides"))
            row += 1
    items = savings_items(case)
    if items:
        heading("book.savings")
    for s, (o, _, item) in enumerate(items):
        b.text(ws, row, 0, f"{case.outcomes[o].name}: {item.name}", "bold")
        row += 1
        if item.municipal_tax_on is not None:
            put(f"s{s}.tax_on", b.t("book.tax_on"), _point(item.municipal_tax_on), "money")
            # the case's rate, or the preset's where it gives none
            put(f"s{s}.tax_rate", b.t("book.tax_rate"), item.rate_of_tax, "share")
            b.text(ws, row, 0, b.t("book.amount"))
            amount = float(inputs.saving_amount[0, s])
            b.formula(ws, row, 1, f"={names[f's{s}.tax_on']}*{names[f's{s}.tax_rate']}", amount, "money")
            names[f"s{s}.amount"] = b.name(f"s{s}.amount", ref(sheet, cell(1, row)))
            row += 1
        else:
            put(f"s{s}.amount", b.t("book.amount"), float(inputs.saving_amount[0, s]), "money")
        put(f"s{s}.mun", b.t("book.municipal_share"), item.shares.get("municipality", 0.0), "share")
        put(f"s{s}.cash", b.t("book.cashable"), _point(item.cashable), "share")
        put(f"s{s}.lag", b.t("book.lag"), item.lag, "general")
    if case.transaction_costs:
        heading("book.transaction_costs")
        for k, y in enumerate(b.years):
            ws.write_string(row - 1, 1 + k, str(y), b.f["head"])
        ws.write_string(row - 1, 1 + b.horizon, b.t("book.paid_by"), b.f["head"])
        row += 1
        for k, cost in enumerate(case.transaction_costs):
            amounts = [cost.amounts.get(y, 0.0) for y in b.years]
            who = f"{b.t('memo.holder.' + cost.payer)}, {b.t('memo.under.' + cost.under)}"
            put_row(f"tc{k}", cost.category, amounts, "money")
            b.text(ws, row - 1, 1 + b.horizon, who, "label")
        b.note(ws, row, b.t("book.tc_note"))
        row += 1
    fin = case.financing
    if fin.payments or fin.cap.total is not None or fin.cap.multiple is not None:
        heading("book.payments")
        for r, rule in enumerate(fin.payments):
            if isinstance(rule, RateCard):
                title = rule.name or b.t("book.rate_card")
                put(f"p{r}.price", f"{title}: {b.t('book.price')}", rule.price, "money")
                put(f"p{r}.lag", f"{title}: {b.t('book.lag')}", rule.lag, "general")
        cap = fin.cap
        if cap.total is not None:
            put("cap.total", b.t("book.cap_total"), cap.total, "money")
        if cap.multiple is not None:
            put("cap.multiple", b.t("book.cap_multiple"), cap.multiple, "ratio")
        if cap.per_year is not None:
            put("cap.per_year", b.t("book.cap_per_year"), cap.per_year, "money")
        if "book.gap.payments" in gaps:
            b.note(ws, row, b.t("book.gap.payments"))
            row += 1
    ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True, "format_columns": True})
    return names


def _point(value: Any) -> float:
    from ..model import point

    return float(point(value)) if value is not None else 0.0


# ---------------------------------------------------------------- years


@dataclass
class YearsAt:
    """Where each figure of a years sheet sits: a row a figure, a column a year (as a Danish
    budget reads, and as a landscape page holds it). Year positions run FIRST .. last."""

    sheet: str
    row: dict[str, int] = field(default_factory=dict)  # 1-based
    last: int = 0

    def range(self, key: str) -> str:
        """The figure's years, with the sheet, for SUM, NPV and IRR."""
        r = self.row[key]
        return ref(self.sheet, f"{cell(YEAR_COL, r)}:{cell(YEAR_COL + self.last - FIRST, r)}")

    def at(self, key: str, i: int, absolute: bool = False) -> str:
        """The figure in the year at position i."""
        return cell(YEAR_COL + i - FIRST, self.row[key], absolute)


def _years(b: _Book, mode: ModeResult, names: Names) -> YearsAt:
    """One financing mode's years: every column a formula over the inputs where it can be."""
    case, flows, years = b.case, mode.flows, mode.years
    ws = b.sheet(mode.mode)
    sheet = sheet_name(mode.mode, b.lang)
    at = YearsAt(sheet, last=FIRST + b.horizon - 1)
    gaps = formula_gaps(case)
    b.text(ws, 1, 0, f"{b.t(mode.mode)}: {case.case.name}", "title")
    ws.freeze_panes(HEAD_ROW + 1, 1)  # the title and the years stay in view
    ws.repeat_columns(0)
    columns: list[tuple[str, str, str, Any, Any]] = []  # key, header, format, formula(row) | None, values

    def add(key: str, header: str, kind: str, formula: Any, values: Any) -> None:
        columns.append((key, header, kind, formula, values))
        at.row[key] = HEAD_ROW + len(columns)

    add("year", b.t("book.year"), "year", None, years.year)
    year = lambda i: at.at("year", i)  # noqa: E731
    first_year = at.at("year", FIRST, absolute=True)
    # attributable units, by cohort then by outcome
    units_values = flows.units_by_cohort[0]  # [C, O, T]
    overrides = "book.gap.overrides" in gaps
    for o, outcome in enumerate(case.outcomes):
        parts = []
        for c, cohort in enumerate(case.cohorts):
            key = f"u{o}.{c}"
            since = lambda i, c=c: f"({year(i)}-{names[f'c{c}.intake']})"  # noqa: E731

            def units(i: int, o: int = o, c: int = c, since: Any = since) -> str:
                return (
                    f"={names[f'c{c}.n']}*{names[f'c{c}.scale']}*{names[f'o{o}.delta']}"
                    f"*({since(i)}>=0)*IFERROR(INDEX({names[f'o{o}.profile']},MAX(1,{since(i)}+1)),0)"
                )

            who = cohort.name or str(cohort.year)
            add(
                key,
                f"{b.t('book.units')}: {outcome.name}, {who}",
                "units",
                None if overrides else units,
                units_values[c, o],
            )
            parts.append(key)
        add(
            f"units{o}",
            f"{b.t('book.units')}: {outcome.name}",
            "units",
            lambda i, parts=parts: "=" + "+".join(at.at(p, i) for p in parts),
            flows.units[0, o],
        )

    def shifted(key: str, lag: str, i: int) -> str:
        """A column's value `lag` years earlier (an input cell), zero before the start."""
        return f"IF({year(i)}-{lag}>={first_year},INDEX({at.range(key)},{year(i)}-{lag}-{first_year}+1),0)"

    items = savings_items(case)
    mun_by_item = flows.savings_municipal_by_item[0].sum(axis=0)  # [S, T]
    pub_by_item = flows.savings_public_by_item[0].sum(axis=0)
    for s, (o, _, item) in enumerate(items):

        def public(i: int, s: int = s, o: int = o) -> str:
            return f"={shifted(f'units{o}', names[f's{s}.lag'], i)}*{names[f's{s}.amount']}"

        add(f"pub{s}", f"{b.t('book.saving_all')}: {item.name}", "money", public, pub_by_item[s])
        add(
            f"mun{s}",
            f"{b.t('book.saving_mun')}: {item.name}",
            "money",
            lambda i, s=s: f"={at.at(f'pub{s}', i)}*{names[f's{s}.mun']}*{names[f's{s}.cash']}",
            mun_by_item[s],
        )
    add(
        "savings_municipal",
        COLUMNS["savings_municipal"].label(b.lang),
        "money",
        lambda i: "=" + ("+".join(at.at(f"mun{s}", i) for s in range(len(items))) or "0"),
        years.savings_municipal,
    )
    add(
        "savings_public",
        COLUMNS["savings_public"].label(b.lang),
        "money",
        lambda i: "=" + ("+".join(at.at(f"pub{s}", i) for s in range(len(items))) or "0"),
        years.savings_public,
    )

    def programme(i: int) -> str:
        parts = [
            f"{names[f'c{c}.n']}*{names['cost_pp']}*(({year(i)}-{names[f'c{c}.intake']})>=0)"
            f"*IFERROR(INDEX({names['spread']},MAX(1,{year(i)}-{names[f'c{c}.intake']}+1)),0)"
            for c in range(len(case.cohorts))
        ]
        fixed = f"INDEX({names['fixed']},{year(i)}-{first_year}+1)"
        return "=" + "+".join([*parts, fixed])

    programme_gap = "book.gap.programme" in gaps
    add(
        "programme_cost",
        COLUMNS["programme_cost"].label(b.lang),
        "money",
        None if programme_gap else programme,
        years.programme_cost,
    )
    add("grants", COLUMNS["grants"].label(b.lang), "money", None, years.grants)

    def costs(pick: Any) -> Any:
        chosen = [
            k
            for k, cost in enumerate(case.transaction_costs)
            if pick(cost) and cost.under in ("both", mode.mode)
        ]
        return lambda i: (
            "=" + ("+".join(f"INDEX({names[f'tc{k}']},{year(i)}-{first_year}+1)" for k in chosen) or "0")
        )

    add(
        "tc_mun",
        COLUMNS["transaction_costs_municipal"].label(b.lang),
        "money",
        costs(lambda c: c.payer == "municipality"),
        years.transaction_costs_municipal,
    )
    add(
        "tc_pub",
        b.t("book.tc_public"),
        "money",
        costs(lambda c: c.payer in ("municipality", "region", "state")),
        flows.transaction_costs_public[0],
    )
    add("tc_all", b.t("book.tc_all"), "money", costs(lambda c: True), flows.transaction_costs_total[0])
    add(
        "tc_inv",
        b.t("book.tc_investor"),
        "money",
        costs(lambda c: c.payer == "investor"),
        flows.transaction_costs_by_item[0][payers(case).investor].sum(axis=0),
    )
    sib = mode.mode == "sib"
    first = FIRST
    if sib and case.financing.capital == "upfront":
        capital = lambda i: (  # noqa: E731
            f"=IF({year(i)}={first_year},SUM({at.range('programme_cost')})-SUM({at.range('grants')}),0)+{at.at('tc_inv', i)}"
        )
    elif sib:
        capital = lambda i: f"={at.at('programme_cost', i)}-{at.at('grants', i)}+{at.at('tc_inv', i)}"  # noqa: E731
    else:
        capital = lambda i: "=0"  # noqa: E731
    add(
        "investor_capital",
        COLUMNS["investor_capital"].label(b.lang),
        "money",
        capital,
        years.investor_capital,
    )
    payments_gap = "book.gap.payments" in gaps
    rules = case.financing.payments
    settles = case.financing.settlement_year or b.years[-1]

    def due(i: int) -> str:
        parts = [
            f"MAX(0,{shifted(f'units{case.outcome_index(r.outcome)}', names[f'p{k}.lag'], i)}*{names[f'p{k}.price']})"
            for k, r in enumerate(rules)
            if isinstance(r, RateCard)
        ]
        return "=(" + ("+".join(parts) or "0") + f")*({year(i)}<={settles})"

    due_values = flows.payments_due_by_rule[0].sum(axis=0) * (np.array(b.years) <= settles)
    add(
        "due",
        b.t("book.due"),
        "money",
        None if payments_gap or not sib else due,
        due_values if sib else np.zeros(b.horizon),
    )
    cap = case.financing.cap
    limits = []
    if cap.total is not None:
        limits.append(names["cap.total"])
    if cap.multiple is not None:
        limits.append(f"{names['cap.multiple']}*SUM({at.range('investor_capital')})")

    def paid(i: int) -> str:
        room = (
            [
                f"MIN({','.join(limits)})-SUM({at.at('outcome_payments', first)}:{at.at('outcome_payments', i - 1)})"
                if i > first
                else f"MIN({','.join(limits)})"
            ]
            if limits
            else []
        )
        if cap.per_year is not None:
            room.append(names["cap.per_year"])
        return f"=MAX(0,MIN({','.join([at.at('due', i), *room])}))" if room else f"={at.at('due', i)}"

    add(
        "outcome_payments",
        COLUMNS["outcome_payments"].label(b.lang),
        "money",
        None if payments_gap or not sib else paid,
        years.outcome_payments,
    )
    for key in ("guarantee_payments", "outcome_payments_others"):
        add(key, COLUMNS[key].label(b.lang), "money", None, years[key])
    add("others_public", b.t("book.others_public"), "money", None, flows.outcome_payments_others_public[0])
    add("grants_public", b.t("book.grants_public"), "money", None, flows.grants_public[0])

    def municipal_net(i: int) -> str:
        own_cost = f"-({at.at('programme_cost', i)}-{at.at('grants', i)})" if not sib else ""
        return (
            f"={at.at('savings_municipal', i)}-({at.at('outcome_payments', i)}-{at.at('outcome_payments_others', i)})"
            f"-{at.at('tc_mun', i)}{own_cost}"
        )

    add("municipal_net", COLUMNS["municipal_net"].label(b.lang), "money", municipal_net, years.municipal_net)
    add(
        "municipal_cumulative",
        COLUMNS["municipal_cumulative"].label(b.lang),
        "money",
        lambda i: f"=SUM({at.at('municipal_net', first, True)}:{at.at('municipal_net', i)})",
        years.municipal_cumulative,
    )
    if case.case.discount_schedule:
        add("discount", b.t("book.discount"), "factor", None, b.result.inputs.discount)
    else:
        add(
            "discount",
            b.t("book.discount"),
            "factor",
            lambda i: f"=1/POWER(1+{names['discount_rate']},{year(i)}-{first_year})",
            b.result.inputs.discount,
        )
    add(
        "municipal_discounted_cumulative",
        COLUMNS["municipal_discounted_cumulative"].label(b.lang),
        "money",
        lambda i: (
            f"=SUMPRODUCT({at.at('municipal_net', first, True)}:{at.at('municipal_net', i)},"
            f"{at.at('discount', first, True)}:{at.at('discount', i)})"
        ),
        years.municipal_discounted_cumulative,
    )
    add(
        "investor_net",
        COLUMNS["investor_net"].label(b.lang),
        "money",
        lambda i: (
            f"=-{at.at('investor_capital', i)}+{at.at('outcome_payments', i)}+{at.at('guarantee_payments', i)}"
        ),
        years.investor_net,
    )

    def public_net(i: int) -> str:
        if sib:
            pays = (
                f"({at.at('outcome_payments', i)}-{at.at('outcome_payments_others', i)}"
                f"+{at.at('others_public', i)}+{at.at('grants_public', i)})"
            )
        else:
            pays = f"({at.at('programme_cost', i)}-{at.at('grants', i)}+{at.at('grants_public', i)})"
        return f"={at.at('savings_public', i)}-{pays}-{at.at('tc_pub', i)}"

    add("public_net", b.t("book.public_net"), "money", public_net, flows.public_net[0])
    last_row = at.last
    add(
        "stays",
        b.t("book.stays"),
        "year",
        lambda i: (
            f"=IF(MIN({at.at('municipal_cumulative', i)}:{at.at('municipal_cumulative', last_row, True)})>=-{TOLERANCE},1,0)"
        ),
        _stays(years.municipal_cumulative),
    )
    add(
        "stays_discounted",
        b.t("book.stays_discounted"),
        "year",
        lambda i: (
            f"=IF(MIN({at.at('municipal_discounted_cumulative', i)}:"
            f"{at.at('municipal_discounted_cumulative', last_row, True)})>=-{TOLERANCE},1,0)"
        ),
        _stays(years.municipal_discounted_cumulative),
    )

    ws.set_column(0, 0, min(90, max(len(header) for _, header, *_ in columns) + 2))
    ws.set_column(YEAR_COL, YEAR_COL + b.horizon, 12)
    for key, header, kind, formula, values in columns:
        r = at.row[key]
        b.text(ws, r, 0, header, "head" if key == "year" else "label")
        for t in range(b.horizon):
            i = FIRST + t
            value = float(values[t])
            if key == "year":
                ws.write_number(r - 1, YEAR_COL + t, value, b.f["head"])
            elif formula is None:
                shown = kind if kind in ("units", "factor", "year") else "money"
                ws.write_number(r - 1, YEAR_COL + t, value, b.f["fixed." + shown])
            else:
                b.formula(ws, i, 0, formula(i), value, kind, at=(r, YEAR_COL + t))
    notes = [b.t(g) for g in gaps]
    for k, note in enumerate([b.t("book.years_note"), *notes]):
        b.note(ws, HEAD_ROW + len(columns) + 2 + k, note)
    ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True, "format_columns": True})
    return at


def _stays(cumulative: np.ndarray) -> list[int]:
    return [int(cumulative[t:].min() >= -TOL) for t in range(len(cumulative))]


# ---------------------------------------------------------------- key figures


def _key_figures(b: _Book, at: dict[Any, YearsAt]) -> None:
    ws = b.sheet("figures")
    ws.set_column(0, 0, 52)
    ws.set_column(1, 2, 20)
    ws.set_column(3, 3, 40)
    b.text(ws, 1, 0, f"{b.t('key_figures')}: {b.case.case.name}", "title")
    modes = [b.result.by_mode["sib"], b.result.by_mode["self"]]
    for k, mode in enumerate(modes):
        own = " *" if mode is b.result.primary else ""
        ws.write_string(2, 1 + k, b.t(mode.mode) + own, b.f["head"])
    ws.write_string(2, 0, b.t("metric"), b.f["head"])
    ws.set_row(2, 30)
    ws.write_string(2, 3, b.t("book.how"), b.f["head"])
    row = 4
    never = b.t("never")
    for figure in SCALARS:
        b.text(ws, row, 0, figure.label(b.lang))
        computed = True
        for k, mode in enumerate(modes):
            y = at[mode.mode]
            formula = _metric(figure.name, y, mode.mode, never)
            if figure.name == "investor_irr" and (mode.metrics.investor_irr_roots or 0) > 1:
                formula = None  # several roots: the engine picks one; a spreadsheet's IRR may land on another
            value = mode.metrics[figure.name]
            if figure.as_loss and isinstance(value, int | float):
                value = -value
            if isinstance(value, int | float) and figure.kind == "year":
                value = int(value)
            fmt = (
                "year"
                if figure.kind == "year"
                else {
                    "money": "money",
                    "count": "money",
                    "rate": "percent",
                    "multiple": "ratio",
                    "ratio": "ratio",
                    "effect": "percent",
                    "units": "units",
                }[figure.kind]
            )
            if formula is None:
                computed = computed and value is None  # a blank (no investor) is no value
                if value is None:
                    ws.write_string(
                        row - 1, 1 + k, never if figure.kind == "year" else "", b.f["fixed." + fmt]
                    )
                else:
                    ws.write_number(row - 1, 1 + k, float(value), b.f["fixed." + fmt])
            else:
                if figure.as_loss:
                    formula = f"=-({formula[1:]})"
                b.formula(
                    ws, row, 1 + k, formula, never if value is None and figure.kind == "year" else value, fmt
                )
        b.text(ws, row, 3, b.t("book.formula" if computed else "book.value"), "note")
        row += 1
    b.text(ws, row + 1, 0, b.t("own_mode"), "note")


def _metric(name: str, y: YearsAt, mode: str, never: str) -> str | None:
    """A metric's formula over its mode's years sheet (None: the engine's value)."""
    r = y.range

    def pv(key: str) -> str:
        return f"SUMPRODUCT({r(key)},{r('discount')})"

    def break_even(flag: str) -> str:
        return f'=IFERROR(INDEX({r("year")},MATCH(1,{r(flag)},0)),"{never}")'

    # the municipality's costs, as metrics.benefit_and_cost: what it pays of the outcome payments,
    # its transaction costs and, self-financed, the programme cost less grants
    own = [] if mode == "sib" else [f"{pv('programme_cost')}-{pv('grants')}"]
    costs = "+".join([f"{pv('outcome_payments')}-{pv('outcome_payments_others')}", pv("tc_mun"), *own])
    capital = f"SUM({r('investor_capital')})"
    formulas = {
        "break_even_year": break_even("stays"),
        "discounted_break_even_year": break_even("stays_discounted"),
        "net_municipal_gain": f"=SUM({r('municipal_net')})",
        "municipal_npv": f"={pv('municipal_net')}",
        "public_net_gain": f"=SUM({r('public_net')})",
        "public_npv": f"={pv('public_net')}",
        "total_outcome_payments": f"=SUM({r('outcome_payments')})",
        "total_programme_cost": f"=SUM({r('programme_cost')})",
        "total_transaction_costs": f"=SUM({r('tc_all')})",
        "benefit_cost_ratio": f'=IF({costs}>{TOLERANCE},{pv("savings_municipal")}/({costs}),"")',
        "total_guarantee_payments": f"=SUM({r('guarantee_payments')})",
        "total_transaction_costs_municipal": f"=SUM({r('tc_mun')})",
        "total_savings_municipal": f"=SUM({r('savings_municipal')})",
        "total_savings_public": f"=SUM({r('savings_public')})",
        "total_outcome_payments_others": f"=SUM({r('outcome_payments_others')})",
        "total_grants": f"=SUM({r('grants')})",
    }
    if mode == "sib":
        formulas |= {
            "investor_irr": f'=IFERROR(IRR({r("investor_net")}),"")',
            "investor_multiple": f'=IF({capital}>{TOLERANCE},(SUM({r("outcome_payments")})+SUM({r("guarantee_payments")}))/{capital},"")',
            "investor_net_gain": f"=SUM({r('investor_net')})",
            "total_investor_capital": f"={capital}",
        }
    return formulas.get(name)


# ---------------------------------------------------------------- the case file


def _case_file(b: _Book) -> None:
    ws = b.sheet("case")
    ws.set_column(0, 0, 60)
    ws.set_column(1, 1, 40)
    b.note(ws, 1, b.t("book.case_note"))
    for row, (path, _, value) in enumerate(leaves(b.result.case), start=3):
        b.text(ws, row, 0, path)
        if isinstance(value, (bool, str)):
            b.text(ws, row, 1, str(value))
        else:
            ws.write_number(row - 1, 1, float(value), b.f["general"])


# ---------------------------------------------------------------- shared with the openpyxl writers


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
