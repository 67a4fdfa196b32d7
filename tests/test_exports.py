"""Exports and comparisons through the command line: golden files, output files that are
never overwritten without --force, format chosen from the file name, languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sib_case.cli import app

ROOT = Path(__file__).parent.parent
SMALL = "tests/reference/small.yaml"
COMPARED = ["tests/reference/small.yaml", "tests/bad_cases/unknown_key.yaml", "cases"]


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Run the command from the project's root, as the golden files were made."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")

    def invoke(*args: str):  # type: ignore[no-untyped-def]
        return CliRunner().invoke(app, list(args))

    return invoke


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("evaluate_small_en.md", ["evaluate", SMALL, "-f", "markdown", "--lang", "en"]),
        ("evaluate_small_da.md", ["evaluate", SMALL, "-f", "markdown", "--lang", "da"]),
        ("evaluate_small_en.csv", ["evaluate", SMALL, "-f", "csv", "--lang", "en"]),
        ("evaluate_small_da.csv", ["evaluate", SMALL, "-f", "csv", "--lang", "da"]),
        ("evaluate_small.json", ["evaluate", SMALL, "-f", "json"]),
        ("compare.json", ["compare", *COMPARED, "-f", "json"]),
        ("compare_da.csv", ["compare", *COMPARED, "-f", "csv", "--lang", "da"]),
        # cases/ holds a GBP case: an NPV is ranked only converted (the rate is illustrative)
        (
            "compare_en.md",
            ["compare", *COMPARED, "-f", "markdown", "--sort-by", "municipal_npv", "--rate", "GBP=8.7"],
        ),
    ],
)
def test_golden_output(run, golden, name: str, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    # The golden files pin layout and wording (JSON numbers to the cent, or to 1e-9 relative:
    # see tests/conftest.py). The numbers themselves are asserted against hand calculations
    # in tests/test_reference.py (and tests/test_payments.py, tests/test_uncertainty.py).
    result = run(*args)
    golden(name, result.stdout)


def test_danish_formats_in_the_markdown(run) -> None:  # type: ignore[no-untyped-def]
    out = run("evaluate", SMALL, "-f", "markdown", "--lang", "da").stdout
    assert "| Kommunens nettogevinst | 450.000 kr. | 670.000 kr. |" in out  # see test_reference.py
    assert "diskonteringsrente 5,0\xa0%" in out  # a non-breaking space keeps "5,0 %" on one line


def test_language_follows_the_locale(run, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("LANG", "da_DK.UTF-8")
    assert "Kommunens nettogevinst" in run("evaluate", SMALL, "-f", "markdown").stdout
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert "Net municipal gain" in run("evaluate", SMALL, "-f", "markdown").stdout


@pytest.mark.parametrize(
    ("command", "target"),
    [
        (["portfolio", "cases", "--rate", "GBP=8.7", "--draws", "1000"], "portfolio.json"),
        (["memo", "cases/dk-employment.yaml"], "memo.md"),
        (["simulate", "cases/dk-employment.yaml", "--draws", "1000"], "simulation.json"),
        (["compare", "cases"], "compare.csv"),
    ],
)
def test_a_file_there_already_is_refused_before_the_work(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str], target: str
) -> None:  # type: ignore[no-untyped-def]
    """A long run (a portfolio's draws, a memo) is not done only to be refused at the end."""
    from sib_case import loader

    def no_work(*args: object, **kwargs: object) -> None:
        raise AssertionError("the work was started")

    monkeypatch.setattr(loader, "load_case", no_work)
    monkeypatch.chdir(ROOT)
    existing = tmp_path / target
    existing.write_text("the user's own notes")
    refused = run(*command, "-o", str(existing))
    assert refused.exit_code == 1
    assert refused.stderr == f"{existing}: already exists; use --force to overwrite it\n"
    assert existing.read_text() == "the user's own notes"


def test_output_file_is_never_overwritten_without_force(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "result.json"
    first = run("evaluate", SMALL, "-o", str(target))  # format from the suffix
    assert first.exit_code == 0, first.stderr
    assert json.loads(target.read_text())["metrics"]["net_municipal_gain"] == pytest.approx(450_000)
    target.write_text("the user's own notes")
    again = run("evaluate", SMALL, "-o", str(target))
    assert again.exit_code == 1
    assert again.stderr == f"{target}: already exists; use --force to overwrite it\n"
    assert target.read_text() == "the user's own notes"
    forced = run("evaluate", SMALL, "-o", str(target), "--force")
    assert forced.exit_code == 0
    assert json.loads(target.read_text())["case"]["name"] == "Small reference case"
    assert [p.name for p in tmp_path.iterdir()] == ["result.json"]  # no temporary file left


def test_file_formats_need_a_file(run) -> None:  # type: ignore[no-untyped-def]
    result = run("evaluate", SMALL, "-f", "xlsx")
    assert result.exit_code == 1
    assert result.stderr == "the xlsx format writes a file: give -o FILE.xlsx\n"


def test_output_into_a_missing_folder(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "nowhere" / "x.md"
    result = run("evaluate", SMALL, "-o", str(target))
    assert result.exit_code == 1
    assert result.stderr == f"{target}: the folder {target.parent} does not exist\n"


def test_table_to_a_text_file(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "table.txt"
    assert run("evaluate", SMALL, "-o", str(target)).exit_code == 0
    text = target.read_text()
    assert "Yearly cash flows: SIB (DKK)" in text
    assert "\x1b[" not in text  # no terminal colour codes in a file


def test_compare_lists_broken_cases_and_fails_at_the_end(run) -> None:  # type: ignore[no-untyped-def]
    result = run("compare", *COMPARED, "-f", "json")
    assert result.exit_code == 1
    items = json.loads(result.stdout)
    assert len(items) == 6
    broken = [i for i in items if "error" in i]
    assert [b["case"]["file"] for b in broken] == ["tests/bad_cases/unknown_key.yaml"]
    assert result.stderr.splitlines()[-1] == "cases that could not be evaluated: 1 of 6"


def test_compare_metrics_are_exactly_evaluate_metrics(run) -> None:  # type: ignore[no-untyped-def]
    items = json.loads(run("compare", "cases", SMALL, "-f", "json").stdout)
    assert len(items) == 5  # the four shipped cases and the small one
    for item in items:
        evaluated = json.loads(run("evaluate", item["case"]["file"], "-f", "json").stdout)
        assert item["case"] == evaluated["case"]
        assert item["metrics"] == evaluated["metrics"]


def test_compare_paths_that_name_nothing(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("compare", str(tmp_path), "cases/*.yml")
    assert result.exit_code == 1
    assert result.stderr == (
        f"{tmp_path}: no *.yaml or *.yml files in this folder\ncases/*.yml: matches no file\n"
    )


def test_compare_unknown_sort_metric(run) -> None:  # type: ignore[no-untyped-def]
    result = run("compare", "cases", "--sort-by", "npv")
    assert result.exit_code == 1
    assert result.stderr.startswith("cannot sort by 'npv': no such metric; metrics are: benefit_cost_ratio, ")


def test_sorting_by_an_unknown_or_per_outcome_metric_is_refused() -> None:
    # The library's own message names no command-line flag; it lists the one-number metrics.
    from sib_case.compare import CompareError, sort_rows
    from sib_case.figures import SCALARS

    names = ", ".join(sorted(f.name for f in SCALARS))
    for metric in ("npv", "cost_per_unit"):
        with pytest.raises(CompareError) as caught:
            sort_rows([], metric)
        assert str(caught.value) == f"cannot sort by '{metric}': no such metric; metrics are: {names}"
    assert "cost_per_unit" not in names


def test_compare_sorts_largest_first_with_missing_last(run) -> None:  # type: ignore[no-untyped-def]
    items = json.loads(run("compare", "cases", "--sort-by", "investor_irr", "-f", "json").stdout)
    irrs = [i["metrics"]["investor_irr"] for i in items]
    known = [v for v in irrs if v is not None]
    assert known == sorted(known, reverse=True)
    assert irrs[len(known) :] == [None] * (len(irrs) - len(known))


def test_compare_table_and_workbook(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    table = run("compare", "cases", "--lang", "da")
    assert table.exit_code == 0
    assert "Sammenligning af sager" in table.stdout
    target = tmp_path / "cases.xlsx"
    assert run("compare", "cases", "-o", str(target)).exit_code == 0
    from openpyxl import load_workbook

    sheet = load_workbook(target)["cases"]
    assert [c.value for c in sheet[1]][:8] == [
        "file",
        "case",
        "municipality",
        "financing",
        "start_year",
        "currency",
        "capital",
        "participants",
    ]
    assert sheet.max_row == 5  # header + the four shipped cases


def test_written_files_get_ordinary_permissions(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import os
    import stat

    target = tmp_path / "r.md"
    assert run("evaluate", SMALL, "-o", str(target)).exit_code == 0
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


@pytest.mark.slow
def test_chart_command(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    png, svg = tmp_path / "c.png", tmp_path / "c.svg"
    assert run("chart", SMALL, "-o", str(png)).exit_code == 0
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert run("chart", SMALL, "-o", str(svg), "--lang", "da").exit_code == 0
    assert "Kommunens akkumulerede nettopengestrøm" in svg.read_text()
    bad = run("chart", SMALL, "-o", str(tmp_path / "c.pdf"))
    assert bad.exit_code == 1
    assert (
        bad.stderr == f"{tmp_path / 'c.pdf'}: this command cannot write a '.pdf' file; it writes .png, .svg\n"
    )


@pytest.mark.slow
def test_memo_command_markdown_writes_its_chart_beside_it(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    memo = tmp_path / "memo.md"
    assert run("memo", SMALL, "-o", str(memo), "--lang", "da").exit_code == 0
    assert "(memo-chart.png)" in memo.read_text()
    assert (tmp_path / "memo-chart.png").read_bytes().startswith(b"\x89PNG")
    again = run("memo", SMALL, "-o", str(memo))
    assert again.exit_code == 1  # neither file is touched without --force; the memo is named first
    assert again.stderr == f"{memo}: already exists; use --force to overwrite it\n"
    memo.unlink()
    chart_there = run("memo", SMALL, "-o", str(memo))  # the chart beside it alone stops it too
    assert chart_there.exit_code == 1
    assert (
        chart_there.stderr == f"{tmp_path / 'memo-chart.png'}: already exists; use --force to overwrite it\n"
    )
    assert not memo.exists()


def test_the_memo_chart_beside_it_is_refused_before_the_work(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """The chart a Markdown memo would write beside it is there already: refused at once,
    not after the case is evaluated and its chart drawn."""
    import sib_case.result

    def no_work(*args: object, **kwargs: object) -> None:
        raise AssertionError("evaluated before the refusal")

    monkeypatch.setattr(sib_case.result, "evaluate", no_work)
    (tmp_path / "memo-chart.png").write_bytes(b"kept")
    refused = run("memo", SMALL, "-o", str(tmp_path / "memo.md"))
    assert refused.exit_code == 1
    assert refused.stderr == f"{tmp_path / 'memo-chart.png'}: already exists; use --force to overwrite it\n"
    assert (tmp_path / "memo-chart.png").read_bytes() == b"kept"


@pytest.mark.slow
def test_memo_command_word(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from docx import Document

    target = tmp_path / "memo.docx"
    assert run("memo", SMALL, "-o", str(target), "--lang", "da").exit_code == 0
    document = Document(str(target))
    assert len(document.tables) == 2  # the yearly budget and the key figures
    assert len(document.inline_shapes) == 1  # the chart
    assert any("450.000 kr." in p.text for p in document.paragraphs)  # net gain, see test_reference.py


@pytest.mark.slow
def test_html_and_xlsx_from_evaluate(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    html, xlsx = tmp_path / "r.html", tmp_path / "r.xlsx"
    assert run("evaluate", SMALL, "-o", str(html)).exit_code == 0
    assert html.read_text().startswith("<!DOCTYPE html>")
    assert run("evaluate", SMALL, "-f", "xlsx", "-o", str(xlsx)).exit_code == 0
    from openpyxl import load_workbook

    assert load_workbook(xlsx).sheetnames == [
        "Inputs",
        "Years SIB",
        "Years self-financed",
        "Key figures",
        "Case file",
    ]
