"""The Excel model: an inputs sheet whose cells drive every derived figure. Recalculated by
the `formulas` package (an Excel engine in Python, independent of ours), every formula gives
the engine's figure it stores; with inputs edited on the sheet, the results move exactly as
`evaluate` of the edited case does."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from sib_case import evaluate, load_case
from sib_case.engine import Mode
from sib_case.figures import METRICS, SCALARS
from sib_case.model import Case
from sib_case.render.xlsx import formula_gaps, render_xlsx
from sib_case.result import Result

ROOT = Path(__file__).parent.parent
SMALL = ROOT / "tests" / "reference" / "small.yaml"
EMPLOYMENT = ROOT / "cases" / "dk-employment.yaml"
CASES = [
    SMALL,
    *sorted(p for p in (ROOT / "cases").rglob("*.yaml") if ".results." not in p.name),
    *sorted((ROOT / "templates").glob("*.yaml")),
]


def workbook(result: Result, tmp_path: Path, lang: Any = "en") -> Path:
    path = tmp_path / "book.xlsx"
    path.write_bytes(render_xlsx(result, lang))
    return path


def recalculate(path: Path) -> dict[tuple[str, str], Any]:
    """Every cell's value after `formulas` recalculated the workbook, by (SHEET, address)."""
    import formulas

    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    cell = re.compile(r"^'\[[^\]]+\](?P<sheet>[^']+)'!(?P<address>[A-Z]+\d+)$")
    values = {}
    for key, value in solution.items():
        found = cell.match(key)
        if found:
            values[(found["sheet"].upper(), found["address"])] = (
                value.value[0][0] if hasattr(value, "value") else value
            )
    return values


def same(computed: Any, expected: Any) -> bool:
    if expected in (None, ""):
        return computed in (None, "")
    if isinstance(expected, str):
        return str(computed) == expected
    return float(computed) == pytest.approx(float(expected), rel=1e-9, abs=1e-6)


def key_figures(
    path: Path, values: dict[tuple[str, str], Any], lang: str = "en"
) -> dict[str, tuple[Any, Any]]:
    """The key figures sheet as recalculated: figure label -> (SIB, self-financed)."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[3]
    out = {}
    for row in sheet.iter_rows(min_row=4):
        if row[0].value and row[1].coordinate:
            pair = tuple(values.get((sheet.title.upper(), c.coordinate), c.value) for c in row[1:3])
            out[row[0].value] = pair
    return out


def expected_figures(result: Result, lang: str = "en") -> dict[str, tuple[Any, Any]]:
    """The engine's key figures as the sheet shows them: a loss as a positive loss, a
    missing year as "never"."""
    out = {}
    for figure in SCALARS:
        pair = []
        for mode in ("sib", "self"):
            value = result.by_mode[mode].metrics[figure.name]
            if figure.as_loss and value is not None:
                value = -value
            if value is None and figure.kind == "year":
                value = METRICS["break_even_year"].text(None, lang)  # "never"
            pair.append(value)
        out[figure.label(lang)] = tuple(pair)
    return out


@pytest.mark.slow
@pytest.mark.parametrize("financing", ["sib", "self"])
@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_every_formula_recalculates_to_the_engine_s_figure(
    path: Path, financing: Mode, tmp_path: Path
) -> None:
    formulas_recalculate(evaluate(load_case(path), financing), tmp_path)


def formulas_recalculate(result: Result, tmp_path: Path) -> None:
    """Every formula of the workbook, recalculated, is the engine's value stored in it; the key
    figures are the engine's."""
    import openpyxl

    book = workbook(result, tmp_path)
    values = recalculate(book)
    written, cached = openpyxl.load_workbook(book), openpyxl.load_workbook(book, data_only=True)
    formulas = 0
    for sheet in written.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    formulas += 1
                    stored = cached[sheet.title][cell.coordinate].value  # the engine's, for previews
                    computed = values[(sheet.title.upper(), cell.coordinate)]
                    assert same(computed, stored), f"{sheet.title}!{cell.coordinate} {cell.value}"
    assert formulas > 100
    figures, expected = key_figures(book, values), expected_figures(result)
    for name, pair in expected.items():
        for got, want in zip(figures[name], pair, strict=True):
            assert same(got, want), name


@pytest.mark.slow
@pytest.mark.parametrize("change", ["co-payer", "grant", "below-baseline"])
def test_the_formulas_hold_for_co_payers_grants_and_harmful_years(change: str, tmp_path: Path) -> None:
    """Found in review: the benefit-cost ratio left out what others pay and grants, and the
    payments did not stop at zero where the effect is below the baseline."""
    from test_payments import WORK, make_case, rate_card

    from sib_case.loader import parse_case

    work = {**WORK, "by_year": {1: {"with_programme": 0.1}}} if change == "below-baseline" else WORK
    financing: dict[str, Any] = {"payments": [rate_card(30_000)]}
    if change == "co-payer":
        financing["payers"] = [{"name": "st", "payer": "state", "share": 0.3}]  # the state pays 30 %
    data = make_case(financing, outcomes=[work])
    if change == "grant":
        data["grants"] = [{"name": "g", "payer": "state", "amounts": {2026: 20_000}}]
    case = parse_case(data, {}, "review")
    for mode in ("sib", "self"):
        formulas_recalculate(evaluate(case, mode), tmp_path)  # type: ignore[arg-type]


def edited(case: Case) -> Case:
    """dk-employment with five inputs changed, as the test changes them on the sheet."""
    outcome = case.outcomes[0].model_copy(update={"with_programme": 0.25})
    saving = outcome.savings[0].model_copy(update={"amount": 150_000})
    outcome = outcome.model_copy(update={"savings": [saving, *outcome.savings[1:]]})
    rule = case.financing.payments[0].model_copy(update={"price": 100_000})
    cohorts = [c.model_copy(update={"participants": 50}) if i == 1 else c for i, c in enumerate(case.cohorts)]
    return case.model_copy(
        update={
            "outcomes": [outcome],
            "financing": case.financing.model_copy(update={"payments": [rule]}),
            "cohorts": cohorts,
            "case": case.case.model_copy(update={"discount_rate": 0.05}),
            "programme_cost": case.programme_cost.model_copy(update={"per_participant": 40_000}),
        }
    )


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "da"])
def test_editing_the_inputs_moves_the_results_as_evaluate_does(tmp_path: Path, lang: str) -> None:
    """Six inputs changed on the inputs sheet (found by their defined names), the workbook
    recalculated by `formulas`: both modes' key figures are evaluate's for the edited case."""
    import openpyxl

    case = load_case(EMPLOYMENT)
    assert formula_gaps(case) == []  # the whole model is formulas for this case
    book = workbook(evaluate(case), tmp_path, lang)
    written = openpyxl.load_workbook(book)
    for name, value in {
        "in_o0_with": 0.25,
        "in_s0_amount": 150_000,
        "in_p0_price": 100_000,
        "in_c1_n": 50,
        "in_discount_rate": 0.05,
        "in_cost_pp": 40_000,
    }.items():
        ((sheet, address),) = written.defined_names[name].destinations
        written[sheet][address.replace("$", "")].value = value
    written.save(book)
    values = recalculate(book)
    result = evaluate(edited(case))
    figures, expected = key_figures(book, values, lang), expected_figures(result, lang)
    for name, pair in expected.items():
        for got, want in zip(figures[name], pair, strict=True):
            if METRICS_BY_LABEL[lang].get(name) not in ENGINE_ONLY:
                assert same(got, want), name
    assert result.primary.metrics.municipal_npv != pytest.approx(evaluate(case).primary.metrics.municipal_npv)


# figures the sheet holds as the engine's values (they need the whole engine): they do not move
ENGINE_ONLY = {
    "break_even_effect_municipal",
    "break_even_effect_investor",
    "net_municipal_gain_if_no_effect",
    "municipal_npv_if_no_effect",
    "investor_irr_roots",
    "participants",
}
METRICS_BY_LABEL = {lang: {f.label(lang): f.name for f in SCALARS} for lang in ("en", "da")}


def test_sheets_are_named_and_set_up_for_print_in_the_reader_s_language(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.load_workbook(workbook(evaluate(load_case(EMPLOYMENT)), tmp_path, "da"))
    assert book.sheetnames == ["Forudsætninger", "År SEI", "År egenfinansiering", "Nøgletal", "Sagsfil"]
    years = book["År SEI"]
    labels = [years.cell(row=r, column=1).value for r in range(4, years.max_row + 1)]
    assert "Kommunens netto" in labels
    assert "Resultatbetalinger" in labels
    snake = re.compile(r"\b[a-z]+_[a-z_]+\b")
    for sheet in book.worksheets[:4]:  # the case file sheet holds the file's own keys
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and not cell.value.startswith("="):
                    assert not snake.search(cell.value), f"{sheet.title}!{cell.coordinate}: {cell.value}"
    for sheet in book.worksheets:
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.fitToWidth in (None, 1)  # 1, the default, is left out of the file
        assert sheet.page_setup.fitToHeight == 0  # as many pages down as it needs
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert years.print_title_cols == "$A:$A"  # the labels repeat on every page


def test_inputs_are_editable_and_everything_else_locked(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.load_workbook(workbook(evaluate(load_case(EMPLOYMENT)), tmp_path, "da"))
    inputs, years = book["Forudsætninger"], book["År SEI"]
    assert inputs.protection.sheet
    assert years.protection.sheet
    ((_, address),) = book.defined_names["in_o0_with"].destinations
    rate = inputs[address.replace("$", "")]
    assert rate.value == 0.22
    assert not rate.protection.locked  # an input: unlocked, blue on yellow
    assert rate.fill.fgColor.rgb.endswith("FFF2CC")
    assert years["B20"].protection.locked


def test_formulas_store_their_values_for_previews(tmp_path: Path) -> None:
    import openpyxl

    book = workbook(evaluate(load_case(EMPLOYMENT)), tmp_path, "da")
    cached = openpyxl.load_workbook(book, data_only=True)["Nøgletal"]
    figures = {row[0].value: row[1].value for row in cached.iter_rows(min_row=4) if row[0].value}
    assert figures["Kommunens nettogevinst"] == pytest.approx(3_918_466, abs=1)  # as the JSON's
    assert figures["Tilbagebetalingsår (break-even)"] == 2027


def test_what_cannot_be_a_formula_is_a_value_and_says_so(tmp_path: Path) -> None:
    """dk-youth-homelessness pays fixed amounts on a pooled threshold: its payments are the
    engine's values, grey, and the sheets say why."""
    import openpyxl

    case = load_case(ROOT / "cases" / "dk-youth-homelessness.yaml")
    assert formula_gaps(case) == ["book.gap.payments"]
    book = openpyxl.load_workbook(workbook(evaluate(case), tmp_path, "en"))
    years = book["Years SIB"]
    row = next(
        r for r in range(4, years.max_row + 1) if years.cell(row=r, column=1).value == "Outcome payments"
    )
    assert not str(years.cell(row=row, column=5).value).startswith("=")
    texts = [c.value for r in years.iter_rows() for c in r if isinstance(c.value, str)]
    assert any(t.startswith("The outcome payments are the engine's values") for t in texts)


def test_case_text_is_text_never_a_formula(tmp_path: Path) -> None:
    import openpyxl

    case = load_case(SMALL)
    hostile = case.case.model_copy(update={"name": '=HYPERLINK("http://x","y")'})
    book = openpyxl.load_workbook(workbook(evaluate(case.model_copy(update={"case": hostile})), tmp_path))
    title = book.worksheets[0]["A1"]
    assert title.data_type == "s"
    assert title.value.endswith('=HYPERLINK("http://x","y")')


def test_same_result_gives_the_same_bytes() -> None:
    result = evaluate(load_case(SMALL))
    first = render_xlsx(result)
    assert first == render_xlsx(result)
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert "xl/workbook.xml" in archive.namelist()
