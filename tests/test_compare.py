"""`sib-case compare` never lies about a figure (issue 13): a number is shown whole or its
column is left out and named below the table; rows are told apart by name, municipality
and file; currency, capital, start year and municipality are in every format; amounts in
different currencies are never ranked together unless converted at stated rates."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from sib_case.cli import app
from sib_case.compare import (
    CompareError,
    CompareRow,
    CurrencyError,
    compare_cases,
    convert,
    default_currency,
    evaluate_file,
    find_cases,
    parse_rates,
)
from sib_case.formats import number

ROOT = Path(__file__).parent.parent
SMALL = ROOT / "tests" / "reference" / "small.yaml"
SHIPPED = ("cases", "cases/published")  # DKK, GBP, USD and AUD cases
# Illustrative rates, not quotations: the tests need numbers, not today's market.
RATES = ("--rate", "GBP=8.7", "--rate", "USD=6.9", "--rate", "AUD=4.5")


def run(*args: str | Path, columns: int = 200) -> Result:
    """The command as a user runs it from the project's root."""
    runner = CliRunner(env={"COLUMNS": str(columns), "LANG": "C.UTF-8", "LC_ALL": None, "LC_MESSAGES": None})
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        return runner.invoke(app, [str(a) for a in args])


def blocks(table: str) -> tuple[list[str], list[list[list[str]]]]:
    """The table as cells: each column's header (its lines joined), and each case's lines,
    each a list of cells."""
    head_lines = [line for line in table.splitlines() if line.startswith("┃")]
    split = [[c.strip() for c in line.strip("┃").split("┃")] for line in head_lines]
    heads = [" ".join(line[i] for line in split if line[i]) for i in range(len(split[0]))]
    cases: list[list[list[str]]] = []
    block: list[list[str]] = []
    for line in table.splitlines():
        if line.startswith("│"):
            block.append([c.strip() for c in line.strip("│").split("│")])
        elif line.startswith(("├", "└")) and block:
            cases.append(block)
            block = []
    return heads, cases


# a whole figure: grouped digits, decimals, a percentage; a year; a currency's code
WHOLE_NUMBER = re.compile(r"-?\d{1,3}(?:[,.]\d{3})*(?:[.,]\d+)?(?:\xa0?%)?|\d{4}|[A-Z]{3}")
WORDS = {"", "-", "never", "aldrig", "SIB", "SEI", "Self", "Egen"}


def number_cells(table: str) -> dict[str, list[str]]:
    """The cells of every number column, by header: every column but the case's and the
    municipality's."""
    heads, cases = blocks(table)
    text_columns = {0} | {i for i, h in enumerate(heads) if h in ("Municipality", "Kommune")}
    return {head: [case[0][i] for case in cases] for i, head in enumerate(heads) if i not in text_columns}


def case_texts(table: str) -> list[str]:
    """Each case's first cell, its wrapped lines joined without white space."""
    _, cases = blocks(table)
    return ["".join("".join(line[0] for line in case).split()) for case in cases]


@pytest.mark.parametrize("lang", ["en", "da"])
@pytest.mark.parametrize("columns", [80, 100, 120, 200])
@pytest.mark.parametrize("rates", [(), RATES], ids=["own currencies", "converted"])
def test_no_number_is_cut_at_any_width(lang: str, columns: int, rates: tuple[str, ...]) -> None:
    # The bug: at 80 columns cells read '3,…', '-1,…', 'n…'.
    result = run("compare", *SHIPPED, *rates, "--lang", lang, columns=columns)
    assert result.exit_code == 0, result.output
    table = result.stdout
    assert max(len(line) for line in table.splitlines()) <= columns
    cells = number_cells(table)
    assert len(cells) >= 3  # the financing, the municipal NPV, the break-even year at least
    for head, column in cells.items():
        for cell in column:
            assert not cell.endswith("…"), (head, cell)
            assert WHOLE_NUMBER.fullmatch(cell) or cell in WORDS, (head, cell)
    assert "…" not in table


@pytest.mark.parametrize("columns", [80, 100, 120, 200])
def test_a_file_name_is_never_broken(columns: int) -> None:
    """A path breaks after a slash, never inside a file's own name (dk-youth-homelessness.yam
    over 'l' at 120 columns), however narrow the terminal."""
    _, cases = blocks(run("compare", *SHIPPED, columns=columns).stdout)
    names = sorted(
        p.name for folder in SHIPPED for p in (ROOT / folder).glob("*.yaml") if ".results." not in p.name
    )
    shown = sorted(line[0].rsplit("/", 1)[-1] for case in cases for line in case if line[0].endswith(".yaml"))
    assert shown == names


def test_cases_in_their_own_price_and_start_years_are_said_to_be(tmp_path: Path) -> None:
    """An NPV is discounted to its case's start year, in its case's prices: the table says
    so where the cases differ in either (cases/ spans 2010-2026), not where they agree."""
    mixed = run("compare", "cases", "--rate", "GBP=8.7", columns=120).stdout
    assert "price years 2010\u20132024" in " ".join(mixed.split())
    assert "own start year (2010\u20132026)" in " ".join(mixed.split())
    danish = run("compare", "cases", "--rate", "GBP=8.7", "--lang", "da", columns=120).stdout
    assert "prisår 2010\u20132024" in " ".join(danish.split())
    same = run("compare", SMALL, columns=120).stdout
    assert "price years" not in same


@pytest.mark.parametrize("lang", ["en", "da"])
def test_the_npv_in_the_table_is_the_whole_figure(lang: str) -> None:
    # The municipal NPV is always shown (in thousands at 80 columns): exactly the JSON's figure.
    table = run("compare", *SHIPPED, "--lang", lang, columns=80).stdout
    items = json.loads(run("compare", *SHIPPED, "-f", "json").stdout)
    npv = next(column for head, column in number_cells(table).items() if "NPV" in head or "Nutids" in head)
    assert npv == [number(item["metrics"]["municipal_npv"] / 1000, lang) for item in items]  # type: ignore[arg-type]


def test_left_out_columns_are_named_below_the_table() -> None:
    table = run("compare", *SHIPPED, columns=80).stdout
    heads = " ".join(number_cells(table))
    caption = table.split("└")[1]
    named = re.search(r"Left out to fit the terminal: (.*?) \(see", " ".join(caption.split()))
    assert named is not None
    left_out = named.group(1).split("; ")
    assert "Participants" in left_out
    assert "Participants" not in heads
    # every figure of the view is either shown or named
    for figure in ("Programme cost", "Outcome payments", "Investor IRR"):
        assert figure in left_out or figure.split()[0] in heads


def test_every_row_says_its_name_municipality_and_file_at_80_columns() -> None:
    table = run("compare", *SHIPPED, columns=80).stdout
    items = json.loads(run("compare", *SHIPPED, "-f", "json").stdout)
    for text, item in zip(case_texts(table), items, strict=True):
        for part in (item["case"]["name"], item["case"]["municipality"], item["case"]["file"]):
            assert "".join(part.split()) in text


def test_two_projects_with_one_long_name_are_told_apart(tmp_path: Path) -> None:
    # The bug: names cut at 40 characters, so two projects read the same.
    data = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
    stem = "Intensiv familiebehandling for at forebygge anbringelse uden for hjemmet,"
    for cohort in ("hold A", "hold B"):
        data["case"]["name"] = f"{stem} {cohort}"
        (tmp_path / f"{cohort[-1]}.yaml").write_text(
            yaml.safe_dump(data, allow_unicode=True), encoding="utf-8"
        )
    table = run("compare", tmp_path, columns=80).stdout
    texts = case_texts(table)
    assert "".join(f"{stem} hold A".split()) in texts[0]
    assert "".join(f"{stem} hold B".split()) in texts[1]
    assert texts[0].endswith("A.yaml")
    assert texts[1].endswith("B.yaml")


# ---- currencies ------------------------------------------------------------------------


def test_a_gbp_npv_is_never_ranked_among_dkk_ones() -> None:
    result = run("compare", "cases", "--sort-by", "municipal_npv")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "cannot sort by 'municipal_npv': the cases are in DKK (3), GBP (1), and amounts in different"
        " currencies cannot be ranked; convert them to one currency with a rate for each\n"
        "give --rate GBP=X (1 GBP = X DKK), or --currency for another common currency\n"
    )


def test_rates_and_years_are_ranked_whatever_the_currencies() -> None:
    # An IRR or a break-even year has no currency: ranking them across currencies is honest.
    items = json.loads(run("compare", *SHIPPED, "--sort-by", "investor_irr", "-f", "json").stdout)
    irrs = [item["metrics"]["investor_irr"] for item in items]
    known = [v for v in irrs if v is not None]
    assert known == sorted(known, reverse=True)
    assert {item["case"]["currency"] for item in items} == {"DKK", "GBP", "USD", "AUD"}


def test_converted_amounts_are_the_rate_times_the_case_s_own() -> None:
    result = run("compare", *SHIPPED, *RATES, "--sort-by", "municipal_npv", "-f", "json")
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    rates = {"DKK": 1.0, "GBP": 8.7, "USD": 6.9, "AUD": 4.5}
    for item in items:
        rate = rates[item["case"]["currency"]]
        converted = item["converted"]
        assert converted["currency"] == "DKK"
        assert converted["rate"] == rate
        assert converted["capital"] == pytest.approx(item["capital"] * rate)
        for name, value in converted["metrics"].items():
            own = item["metrics"][name]
            assert value == (None if own is None else pytest.approx(own * rate)), name
        assert "investor_irr" not in converted["metrics"]  # a rate has no currency
    npvs = [item["converted"]["metrics"]["municipal_npv"] for item in items]
    assert npvs == sorted(npvs, reverse=True)


def test_the_table_says_it_converted_and_at_what_rates() -> None:
    table = " ".join(run("compare", *SHIPPED, *RATES, columns=120).stdout.split())
    assert "Amounts in 1,000 DKK, converted at 1 AUD = 4.5 DKK, 1 GBP = 8.7 DKK, 1 USD = 6.9 DKK." in table
    danish = " ".join(run("compare", *SHIPPED, *RATES, "--lang", "da", columns=120).stdout.split())
    assert "Beløb i 1.000 kr., omregnet med 1 AUD = 4,5 kr., 1 GBP = 8,7 kr., 1 USD = 6,9 kr." in danish


def test_unconverted_the_table_says_the_amounts_are_in_each_case_s_currency() -> None:
    table = " ".join(run("compare", *SHIPPED, columns=120).stdout.split())
    assert "The cases are in DKK (3), GBP (2), USD (2), AUD (1): amounts in different currencies" in table
    assert "--rate GBP=X --rate USD=X --rate AUD=X" in table
    assert "Cur- rency" in number_cells(run("compare", *SHIPPED, columns=80).stdout)  # kept while mixed


def test_one_currency_is_said_once() -> None:
    table = " ".join(run("compare", "cases/dk-employment.yaml", SMALL, columns=80).stdout.split())
    assert "Amounts in 1,000 DKK." in table


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--rate", "GBP=8.7", "--rate", "SEK=0.65"),
            "a rate for SEK, which no case uses (the cases are in DKK (3), GBP (2), USD (2), AUD (1))\n",
        ),
        (
            ("--rate", "GBP=8.7"),
            "no rate for USD, AUD: to convert every case to DKK, each other currency needs a rate (the cases"
            " are in DKK (3), GBP (2), USD (2), AUD (1))\n"
            "give --rate USD=X --rate AUD=X (1 USD = X DKK), or --currency for another common currency\n",
        ),
        (
            ("--currency", "EUR", "--rate", "GBP=1.17", "--rate", "USD=0.93", "--rate", "AUD=0.6"),
            "no rate for DKK: to convert every case to EUR, each other currency needs a rate (the cases"
            " are in DKK (3), GBP (2), USD (2), AUD (1))\n"
            "give --rate DKK=X (1 DKK = X EUR), or --currency for another common currency\n",
        ),
        ((*RATES, "--rate", "DKK=1"), "DKK is the common currency: it takes no rate\n"),
        (
            ("--rate", "GBP"),
            "'GBP': a rate is written CUR=X, X a positive number: GBP=8.7 means 1 GBP = 8.7 of the common"
            " currency\n",
        ),
        (
            ("--rate", "GBP=0"),
            "'GBP=0': a rate is written CUR=X, X a positive number: GBP=8.7 means 1 GBP = 8.7 of the common"
            " currency\n",
        ),
        (("--rate", "GBP=8.7", "--rate", "gbp=8.8"), "two rates for GBP: give one\n"),
        (("--currency", "kroner"), "'kroner': a currency is a three-letter code, such as DKK\n"),
    ],
    ids=["unused", "missing", "missing-common", "common", "no-amount", "zero", "twice", "code"],
)
def test_a_rate_that_cannot_be_used_is_an_error_naming_it(args: tuple[str, ...], message: str) -> None:
    result = run("compare", *SHIPPED, *args)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == message


def test_rate_errors_speak_danish() -> None:
    result = run("compare", *SHIPPED, "--rate", "GBP=8,7", "--lang", "da")
    assert result.exit_code == 1
    assert result.stderr.startswith("ingen kurs for USD, AUD: for at omregne alle sager til DKK")


def test_a_common_currency_no_case_uses_is_allowed() -> None:
    result = run(
        "compare",
        *SHIPPED,
        "--currency",
        "eur",
        *("--rate", "DKK=0.134", "--rate", "GBP=1.17", "--rate", "USD=0.93", "--rate", "AUD=0.6"),
        "-f",
        "csv",
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {row["converted_to"] for row in rows} == {"EUR"}
    employment = next(row for row in rows if row["file"] == "cases/dk-employment.yaml")
    assert employment["rate"] == "0.134"
    assert float(employment["capital"]) == pytest.approx(7_090_000 * 0.134)  # its JSON capital, converted


def test_the_common_currency_is_the_one_most_cases_use() -> None:
    small = evaluate_file(SMALL)

    def row(currency: str) -> CompareRow:
        return replace(small, info=replace(small.info, currency=currency))  # type: ignore[type-var]

    assert default_currency([row("GBP"), row("GBP"), row("DKK")]) == "GBP"
    assert default_currency([row("GBP"), row("DKK")]) == "DKK"  # DKK among equals
    assert default_currency([row("USD"), row("GBP")]) == "GBP"  # else the first by code
    assert default_currency([CompareRow("broken.yaml")]) == "DKK"
    with pytest.raises(CurrencyError) as caught:
        convert([row("GBP"), row("DKK"), row("DKK")], {})
    assert (caught.value.missing, caught.value.currency) == (["GBP"], "DKK")


def test_the_library_converts_and_sorts_as_the_command_does() -> None:
    files = find_cases([str(ROOT / "cases")])
    rows = compare_cases(files, "net_municipal_gain", rates={"GBP": 8.7})
    gains = [r.figure("net_municipal_gain") for r in rows]
    assert gains == sorted(gains, reverse=True)
    reoffending = next(r for r in rows if r.currency == "GBP")
    assert reoffending.into == "DKK"
    assert reoffending.rate == 8.7
    assert reoffending.figure("net_municipal_gain") == pytest.approx(
        reoffending.metrics.net_municipal_gain * 8.7
    )  # type: ignore[union-attr]
    assert reoffending.figure("investor_irr") == reoffending.metrics.investor_irr  # type: ignore[union-attr]
    with pytest.raises(CompareError, match="no case uses"):
        compare_cases(files, rates={"GBP": 8.7, "USD": 6.9})


def test_parse_rates() -> None:
    assert parse_rates(["GBP=8.7", "usd = 6,9", "EUR=7.46"]) == {"GBP": 8.7, "USD": 6.9, "EUR": 7.46}
    for bad in ("GBP=8.700,5", "=8.7", "GBP=inf", "GBP=nan", "GB=8.7", "GBP=-1"):
        with pytest.raises(CompareError):
            parse_rates([bad])


# ---- the capital, and the columns of every format -------------------------------------


def test_capital_is_the_investor_s_or_what_the_sib_would_need() -> None:
    items = json.loads(run("compare", "cases", "-f", "json").stdout)
    for item in items:
        evaluated = json.loads(run("evaluate", item["case"]["file"], "-f", "json").stdout)
        if item["case"]["financing"] == "sib":
            assert item["capital_basis"] == "investor"
            assert item["capital"] == evaluated["metrics"]["total_investor_capital"]
        else:  # self-financed: the capital of its SIB, as evaluate gives the alternative
            assert item["capital_basis"] == "sib_alternative"
            assert item["capital"] == evaluated["alternative"]["total_investor_capital"]
    assert {item["case"]["financing"] for item in items} == {"sib", "self"}


def _every_format(tmp_path: Path, lang: str, *args: str) -> dict[str, Any]:
    out = tmp_path / f"c-{lang}.xlsx"
    assert run("compare", *SHIPPED, *args, "--lang", lang, "-o", out).exit_code == 0
    from openpyxl import load_workbook

    sheet = load_workbook(out).active
    return {
        "csv": next(
            csv.reader(
                io.StringIO(run("compare", *SHIPPED, *args, "-f", "csv", "--lang", lang).stdout),
                delimiter="," if lang == "en" else ";",
            )
        ),
        "markdown": run("compare", *SHIPPED, *args, "-f", "markdown", "--lang", lang).stdout.splitlines()[0],
        "xlsx": [c.value for c in sheet[1]],
    }


def test_every_format_has_municipality_currency_capital_and_start_year(tmp_path: Path) -> None:
    made = _every_format(tmp_path, "en")
    for column in ("municipality", "currency", "capital", "start_year"):
        assert column in made["csv"]
        assert column in made["xlsx"]
    for column in ("Municipality", "File", "Currency", "Capital", "Start year"):
        assert f"| {column} |" in made["markdown"]
    item = json.loads(run("compare", SMALL, "-f", "json").stdout)[0]
    assert (item["case"]["municipality"], item["case"]["currency"], item["case"]["start_year"]) == (
        "Testby",
        "DKK",
        2026,
    )
    assert item["capital"] == 410_000  # tests/reference/small.yaml: 20 participants x 20,500
    danish = _every_format(tmp_path, "da", *RATES)
    for column in ("Kommune", "Valuta", "Kapital", "Startår", "Omregnet til", "Kurs"):
        assert column in danish["csv"]
        assert column in danish["xlsx"]


def test_the_workbook_holds_numbers_with_their_formats(tmp_path: Path) -> None:
    out = tmp_path / "c.xlsx"
    run("compare", *SHIPPED, *RATES, "-o", out)
    from openpyxl import load_workbook

    sheet = load_workbook(out).active
    head = [c.value for c in sheet[1]]
    employment = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "cases/dk-employment.yaml")
    cell = {name: employment[i] for i, name in enumerate(head)}
    assert cell["capital"].value == 7_090_000
    assert cell["capital"].number_format == "#,##0.00"
    assert cell["break_even_year"].value == 2027
    assert cell["break_even_year"].number_format == "0"
    assert cell["start_year"].number_format == "0"
    assert cell["investor_irr"].number_format == "0.0%"
    assert (cell["converted_to"].value, cell["rate"].value) == ("DKK", 1.0)


def test_the_sorted_column_is_never_left_out() -> None:
    table = run("compare", *SHIPPED, "--sort-by", "participants", columns=80).stdout
    assert any("Partici" in head for head in number_cells(table))
    assert "Sorted by Participants, largest first." in " ".join(table.split())


@pytest.mark.parametrize(
    "path",
    sorted(
        [
            *(p for p in (ROOT / "cases").rglob("*.yaml") if ".results." not in p.name),
            *(ROOT / "templates").glob("*.yaml"),
            SMALL,
        ]
    ),
    ids=lambda p: p.stem,
)
def test_the_sib_capital_of_a_case_is_the_engine_s(path: Path) -> None:
    # compare works out a self-financed case's SIB capital without running the SIB's rules;
    # it must be what the engine's SIB flows draw, whatever the mode of the flows it reads.
    from sib_case import evaluate, load_case
    from sib_case.compare import sib_capital

    case = load_case(path)
    sib = evaluate(case, "sib")
    drawn = sib.primary.metrics.total_investor_capital
    assert sib_capital(case, sib.alternative.flows) == pytest.approx(drawn, rel=1e-12)
    assert sib_capital(case, sib.primary.flows) == pytest.approx(drawn, rel=1e-12)


def test_the_sib_capital_counts_only_what_falls_under_a_sib(tmp_path: Path) -> None:
    # No shipped case has grants: these do, under each mode, beside costs the investor pays.
    from sib_case import evaluate, load_case
    from sib_case.compare import sib_capital

    data = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
    data["financing"]["mode"] = "self"
    data["grants"] = [
        {"name": "fond", "payer": "other", "amounts": {2026: 50_000, 2027: 20_000}},
        {"name": "stat", "payer": "state", "amounts": {2026: 40_000}, "under": "sib"},
        {"name": "region", "payer": "region", "amounts": {2026: 30_000}, "under": "self"},
    ]
    data["transaction_costs"] += [
        {"category": "fee", "amounts": {2026: 7_000, 2027: 3_000}, "payer": "investor", "under": "sib"},
        {"category": "legal", "amounts": {2026: 2_000}, "payer": "investor", "under": "sib"},
        {"category": "evaluation", "amounts": {2027: 5_000}, "under": "self"},
    ]
    path = tmp_path / "granted.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    case = load_case(path)
    sib = evaluate(case, "sib")
    assert sib_capital(case, sib.alternative.flows) == pytest.approx(
        sib.primary.metrics.total_investor_capital
    )
    item = json.loads(run("compare", path, "-f", "json").stdout)[0]
    assert item["capital_basis"] == "sib_alternative"
    assert item["capital"] == pytest.approx(sib.primary.metrics.total_investor_capital)
