"""The Excel export: its derived figures are live formulas that, recalculated by the
`formulas` package (an Excel engine in Python), give the JSON result's figures."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from sib_case import evaluate, load_case
from sib_case.engine import Mode
from sib_case.figures import COLUMNS
from sib_case.render.xlsx import render_xlsx
from sib_case.result import Result

ROOT = Path(__file__).parent.parent
SMALL = ROOT / "tests" / "reference" / "small.yaml"
CASES = [SMALL, *sorted(p for p in (ROOT / "cases").rglob("*.yaml") if ".results." not in p.name)]
YEAR_COLUMNS = list(COLUMNS)
DERIVED_COLUMNS = YEAR_COLUMNS[YEAR_COLUMNS.index("municipal_net") :]  # municipal_net .. investor_net
# Metrics the workbook must compute by formula (under a SIB; the investor's are blank
# under self-financing, as JSON's null).
FORMULA_METRICS = {
    "break_even_year",
    "discounted_break_even_year",
    "net_municipal_gain",
    "municipal_npv",
    "public_net_gain",
    "public_npv",
    "total_outcome_payments",
    "total_programme_cost",
    "total_transaction_costs",
    "benefit_cost_ratio",
    "investor_irr",
    "investor_multiple",
    "investor_net_gain",
}


def workbook(result: Result, tmp_path: Path, lang: Any = "en") -> Path:
    path = tmp_path / "book.xlsx"
    path.write_bytes(render_xlsx(result, lang))
    return path


def recalculate(path: Path) -> dict[tuple[str, str], Any]:
    """Every single cell's value after `formulas` recalculated the workbook, by (sheet,
    address). Its solution names cells "'[book.xlsx]YEARS'!D2" (sheet names upper-cased)
    and also holds ranges ("...!D2:D6"), which are left out."""
    import formulas

    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    cell = re.compile(r"^'\[[^\]]+\](?P<sheet>[^']+)'!(?P<address>[A-Z]+\d+)$")
    values = {}
    for key, value in solution.items():
        found = cell.match(key)
        if found:
            computed = value.value[0][0] if hasattr(value, "value") else value
            values[(found["sheet"].lower(), found["address"])] = computed
    return values


def stored(path: Path) -> Any:
    """The workbook as written (formulas as text), by openpyxl."""
    import openpyxl

    return openpyxl.load_workbook(path)


def expected_metrics(result: Result) -> dict[str, Any]:
    """The JSON result's metrics, by-outcome ones flattened as the workbook names them; a
    loss (figures.Figure.as_loss) as the workbook shows it, as a positive loss."""
    from sib_case.figures import METRICS

    flat: dict[str, Any] = {}
    for name, value in result.primary.metrics.to_json().items():
        if isinstance(value, dict):
            flat |= {f"{name}.{outcome}": v for outcome, v in value.items()}
        else:
            flat[name] = -value if METRICS[name].as_loss and value is not None else value
    return flat


def assert_same(computed: Any, expected: Any, what: str, absolute: bool = False) -> None:
    if expected is None:  # JSON's null: "never" for a break-even year, else a blank
        assert computed == ("never" if what.endswith("break_even_year") else ""), what
    elif absolute:
        assert float(computed) == pytest.approx(expected, abs=1e-6), what
    else:
        assert float(computed) == pytest.approx(expected, rel=1e-6, abs=1e-6), what


@pytest.mark.slow
@pytest.mark.parametrize("financing", ["sib", "self"])
@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_recalculated_workbook_gives_the_json_result(path: Path, financing: Mode, tmp_path: Path) -> None:
    # Expected values: the JSON result of the same case and mode (result.primary).
    result = evaluate(load_case(path), financing)
    book = workbook(result, tmp_path)
    values = recalculate(book)
    written = stored(book)

    years = written["years"]
    header = [c.value for c in years[1]]
    assert header[: 1 + len(YEAR_COLUMNS)] == ["year", *YEAR_COLUMNS]
    rows = result.primary.years.rows()
    assert rows  # one row a year
    for t, row in enumerate(rows):
        for name in DERIVED_COLUMNS:
            address = f"{years.cell(row=1, column=header.index(name) + 1).column_letter}{t + 2}"
            assert str(years[address].value).startswith("="), address
            assert_same(values[("years", address)], row[name], f"{name} {row['year']}")

    expected = expected_metrics(result)
    by_formula = set()
    for name_cell, value_cell, *_ in written["metrics"].iter_rows(min_row=2):
        name, value = name_cell.value, value_cell.value
        if name == "financing":
            assert value == financing
        elif isinstance(value, str) and value.startswith("="):
            by_formula.add(name)
            computed = values[("metrics", value_cell.coordinate)]
            assert_same(computed, expected.pop(name), name, absolute=name == "investor_irr")
        elif (wanted := expected.pop(name)) is None:  # no such figure: a blank cell, as JSON's null
            assert value is None, name
        else:  # a value; openpyxl writes a float to 16 significant digits
            assert value == pytest.approx(wanted, rel=1e-15), name
    assert not expected, "metrics missing from the sheet"
    no_investor = {"investor_irr", "investor_multiple", "investor_net_gain"}
    assert (FORMULA_METRICS if financing == "sib" else FORMULA_METRICS - no_investor) <= by_formula


@pytest.mark.slow
def test_discount_rate_is_a_cell_the_npv_follows(tmp_path: Path) -> None:
    # Expected: the engine's result for the same case at 10 % instead of its 5 %.
    case = load_case(SMALL)
    book = workbook(evaluate(case), tmp_path)
    written = stored(book)
    rate_cell = next(
        r[1] for r in written["assumptions"].iter_rows(min_row=2) if r[0].value == "case.discount_rate"
    )
    assert rate_cell.value == 0.05
    rate_cell.value = 0.10
    written.save(book)
    values = recalculate(book)

    at_ten = evaluate(case.model_copy(update={"case": case.case.model_copy(update={"discount_rate": 0.10})}))
    rows = {r[0].value: r[1].coordinate for r in written["metrics"].iter_rows(min_row=2)}
    for name in ("municipal_npv", "public_npv", "benefit_cost_ratio"):
        assert_same(values[("metrics", rows[name])], at_ten.primary.metrics[name], name)
    assert at_ten.primary.metrics.municipal_npv != pytest.approx(evaluate(case).primary.metrics.municipal_npv)


def letters(sheet: Any) -> dict[str, str]:
    """Column letter of each header of a sheet's first row."""
    return {cell.value: cell.column_letter for cell in sheet[1]}


def test_derived_columns_and_metrics_are_formulas(tmp_path: Path) -> None:
    written = stored(workbook(evaluate(load_case(SMALL)), tmp_path))
    years = written["years"]
    assert [c.value for c in years[1]][: len(YEAR_COLUMNS) + 1] == ["year", *YEAR_COLUMNS]
    c = letters(years)
    # municipal_net under a SIB: its savings less the payments others do not make, less its costs
    net = c["municipal_net"]
    savings, paid, others, costs = (
        c["savings_municipal"],
        c["outcome_payments"],
        c["outcome_payments_others"],
        c["transaction_costs_municipal"],
    )
    assert years[f"{net}2"].value == f"={savings}2-({paid}2-{others}2)-{costs}2"
    for name, row in (
        ("municipal_net", 2),
        ("municipal_cumulative", 3),
        ("municipal_discounted_cumulative", 4),
    ):
        assert years[f"{c[name]}{row}"].value.startswith("="), name
    assert years[f"{c['investor_net']}6"].value.startswith("=")
    for name in ("year", "programme_cost", "outcome_payments", "savings_municipal", "savings_public"):
        assert not str(years[f"{c[name]}3"].value).startswith("="), name  # inputs stay values
    assert years[f"{c['municipal_discounted_cumulative']}2"].value.startswith("=SUMPRODUCT(")
    formulas_by_name = {r[0]: r[1] for r in written["metrics"].iter_rows(min_row=2, values_only=True)}
    investor = c["investor_net"]
    assert formulas_by_name["investor_irr"].startswith(f"=IFERROR(IRR(years!${investor}$2:${investor}$6)")
    factor = c["discount_factor"]
    assert (
        formulas_by_name["municipal_npv"]
        == f"=SUMPRODUCT(years!${net}$2:${net}$6,years!${factor}$2:${factor}$6)"
    )
    assert written.sheetnames == ["years", "metrics", "assumptions"]
    assert years.freeze_panes == "A2"
    assert years["A1"].font.bold


def test_self_financed_municipal_net_pays_the_programme(tmp_path: Path) -> None:
    written = stored(workbook(evaluate(load_case(SMALL), "self"), tmp_path))
    c = letters(written["years"])
    assert written["years"][f"{c['municipal_net']}2"].value == (
        f"={c['savings_municipal']}2-({c['outcome_payments']}2-{c['outcome_payments_others']}2)"
        f"-{c['transaction_costs_municipal']}2-({c['programme_cost']}2-{c['grants']}2)"
    )
    investor = {r[0]: r[1] for r in written["metrics"].iter_rows(min_row=2, values_only=True)}
    assert investor["investor_irr"] is None  # no investor: blank, as JSON's null
    assert investor["investor_net_gain"] is None


def test_danish_labels_keep_names_and_headers(tmp_path: Path) -> None:
    written = stored(workbook(evaluate(load_case(SMALL)), tmp_path, "da"))
    assert written.sheetnames == ["years", "metrics", "assumptions"]
    assert [c.value for c in written["years"][1]][: len(YEAR_COLUMNS) + 1] == ["year", *YEAR_COLUMNS]
    labels = {r[0]: r[2] for r in written["metrics"].iter_rows(min_row=2, values_only=True)}
    assert labels["municipal_npv"] == "Kommunens nutidsværdi (NPV)"
    assert labels["financing"] == "Social effektinvestering"


def test_assumptions_hold_every_input(tmp_path: Path) -> None:
    written = stored(workbook(evaluate(load_case(SMALL)), tmp_path))
    rows = {r[0]: r[1] for r in written["assumptions"].iter_rows(min_row=2, values_only=True)}
    # tests/reference/small.yaml, key by key
    assert rows["case.discount_rate"] == 0.05
    assert rows["cohorts[1].participants"] == 10
    assert rows["programme_cost.spread[1]"] == 0.5
    assert rows["programme_cost.fixed.2026"] == 10000
    assert rows["outcomes[0].savings[0].shares.state"] == 0.4
    assert rows["transaction_costs[0].amounts.2026"] == 30000
    assert rows["financing.payments[0].price"] == 50000


def test_same_result_gives_the_same_bytes() -> None:
    result = evaluate(load_case(SMALL))
    first = render_xlsx(result)
    assert first == render_xlsx(result)
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def dump(data: bytes) -> str:
    """The workbook's content as text: each sheet's frozen panes, then every non-empty
    cell with its value (or formula) and its number format where one is set. Numbers to
    6 decimals: the break-even effects are solved to 1e-7, so their later digits belong
    to the solver, not to the workbook."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    lines = []
    for ws in book.worksheets:
        lines.append(f"# {ws.title} (freeze {ws.freeze_panes})")
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                fmt = "" if cell.number_format == "General" else f"  [{cell.number_format}]"
                value = f"{cell.value:.6f}".rstrip("0") if isinstance(cell.value, float) else repr(cell.value)
                lines.append(f"{ws.title}!{cell.coordinate}  {value}{fmt}")
    return "\n".join(lines) + "\n"


def test_small_workbook_matches_its_golden_file(golden: Any) -> None:
    # tests/golden/xlsx_small.txt was written once and checked by eye against
    # tests/reference/small.yaml; a change to the workbook shows up here as a diff. The
    # figures themselves are asserted by hand in tests/test_reference.py and, recalculated,
    # against the JSON result above.
    golden("xlsx_small.txt", dump(render_xlsx(evaluate(load_case(SMALL)))))
