"""The command line, run the way users run it."""

from __future__ import annotations

import html
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from sib_case.cli import app

ROOT = Path(__file__).parent.parent
SMALL = str(ROOT / "tests" / "reference" / "small.yaml")
BAD = ROOT / "tests" / "bad_cases"


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("COLUMNS", "200")  # a stable width for Rich tables
    return CliRunner()


def test_evaluate_json_is_the_contract(runner: CliRunner) -> None:
    result = runner.invoke(app, ["evaluate", SMALL, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {
        "case",
        "years",
        "metrics",
        "alternative",
        "payment_rules",
        "settlement",
        "investors",
        "areas",
    }
    assert data["case"]["file"] == SMALL
    assert data["case"]["financing"] == "sib"
    assert data["alternative"]["financing"] == "self"
    assert data["metrics"]["net_municipal_gain"] == pytest.approx(450_000)  # see test_reference.py
    assert result.stderr == ""


def test_evaluate_financing_override(runner: CliRunner) -> None:
    result = runner.invoke(app, ["evaluate", SMALL, "-f", "json", "--financing", "self"])
    data = json.loads(result.stdout)
    assert data["case"]["financing"] == "self"
    assert data["metrics"]["net_municipal_gain"] == pytest.approx(670_000)  # see test_reference.py
    assert all(row["outcome_payments"] == 0 for row in data["years"])


def test_evaluate_table_shows_years_and_key_figures(runner: CliRunner) -> None:
    result = runner.invoke(app, ["evaluate", SMALL])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Small reference case" in out
    assert "Yearly cash flows: SIB (DKK)" in out
    assert "1,080,000" in out  # municipal savings, total row
    assert "Break-even year" in out
    assert "Self-financed" in out
    assert "Municipal net loss if the effect fails" in out
    assert " 410,000 " in out  # what the municipality loses with no effect, self-financed (-410,000)


def test_evaluate_bad_file_no_traceback(runner: CliRunner) -> None:
    path = str(BAD / "effect_out_of_range.yaml")
    result = runner.invoke(app, ["evaluate", path])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert (
        result.stderr
        == f"{path}:20: outcomes[0].with_programme: must be between 0 and 1, got 1.4 (a share of participants; for a count or rate per participant, add measure: rate)\n"
    )


def test_evaluate_missing_file(runner: CliRunner) -> None:
    result = runner.invoke(app, ["evaluate", "no/such/case.yaml"])
    assert result.exit_code == 1
    assert result.stderr == "no/such/case.yaml: no such file\n"


def test_validate_reports_each_file_and_fails_if_any_is_bad(runner: CliRunner) -> None:
    bad = str(BAD / "unknown_key.yaml")
    result = runner.invoke(app, ["validate", SMALL, bad])
    assert result.exit_code == 1
    assert result.stdout == f"{SMALL}: ok\n"
    assert "did you mean 'attribution'?" in result.stderr
    assert result.stderr.endswith("1 of 2 case files invalid\n")


def test_validate_all_good(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", SMALL])
    assert result.exit_code == 0
    assert result.stdout == f"{SMALL}: ok\n"


def test_shipped_cases_are_valid(runner: CliRunner) -> None:
    cases = sorted(str(p) for p in (p for p in (ROOT / "cases").rglob("*.yaml") if ".results." not in p.name))
    assert len(cases) >= 4
    result = runner.invoke(app, ["validate", *cases])
    assert result.exit_code == 0, result.stderr


def test_python_dash_m_and_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sib_case", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert done.stdout.startswith("sib-case ")


def test_every_bad_case_fails_cleanly_through_the_real_command() -> None:
    """No traceback for any bad file, run as a user would (a real process)."""
    files = sorted(str(p) for p in BAD.glob("*.yaml"))
    assert files
    done = subprocess.run(
        [sys.executable, "-m", "sib_case", "validate", *files], capture_output=True, text=True, check=False
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().endswith(f"{len(files)} of {len(files)} case files invalid")


def test_validate_notes_payments_the_model_leaves_out(runner: CliRunner) -> None:
    # dk-employment: a rate card paid a year after the results; the 2035 results would be paid
    # in 2036, after the case's last year: valid, with a note on stderr
    result = runner.invoke(app, ["validate", "cases/dk-employment.yaml"])
    assert result.exit_code == 0
    assert result.stdout == "cases/dk-employment.yaml: ok\n"
    assert result.stderr == (
        "cases/dk-employment.yaml: note: financing.payments[0]: results of 2035 would be paid after 2035 "
        "(lag 1), when nothing is paid any more, so those payments are left out while their savings count; "
        "settle later or lengthen the horizon if the contract pays them\n"
    )


@pytest.mark.parametrize(
    ("command", "extra"),
    [
        ("evaluate", []),
        ("evaluate", ["-f", "json"]),
        ("evaluate", ["-f", "markdown"]),
        ("memo", ["-o", "memo.md"]),
        ("evaluate", ["-o", "report.html"]),
        ("simulate", ["--draws", "200"]),
        ("simulate", ["--draws", "200", "-f", "json"]),
        ("sensitivity", []),
        ("sensitivity", ["-f", "json"]),
        ("settle", ["--year", "2028"]),
        ("settle", ["--year", "2028", "-f", "json"]),
        ("track", []),
        ("track", ["-f", "json"]),
    ],
)
def test_every_output_names_the_scenario_it_shows(
    runner: CliRunner, command: str, extra: list[str], tmp_path: Path
) -> None:
    case = str(ROOT / "cases" / "dk-employment.yaml")
    args = [command, case, "--scenario", "pessimistisk", "--lang", "da", *extra]
    if "-o" in extra:  # a file: read it
        args[-1] = str(tmp_path / extra[-1])
        assert runner.invoke(app, args).exit_code == 0
        written = html.unescape(Path(args[-1]).read_text(encoding="utf-8"))
        assert "scenariet 'pessimistisk'" in written
        return
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    if "json" in extra:
        data = json.loads(result.stdout)
        assert (data["case"]["scenario"] if command == "evaluate" else data["scenario"]) == "pessimistisk"
    else:
        assert "pessimistisk" in result.stdout
    plain = runner.invoke(app, [command, case, "--lang", "da", *extra])
    assert "pessimistisk" not in plain.stdout


def test_case_file_errors_speak_the_command_s_language(runner: CliRunner) -> None:
    bad = [str(BAD / name) for name in ("unknown_key.yaml", "bad_mode.yaml", "discount_rate_percent.yaml")]
    danish = runner.invoke(app, ["validate", *bad, "--lang", "da"]).stderr
    assert "outcomes[0].atribution: ukendt nøgle 'atribution'; mente du 'attribution'?" in danish
    assert "financing.mode: skal være en af 'sib', 'self' eller 'fund', fik 'sibb'" in danish
    assert "skal være mellem -0.5 og 1, fik 5 (skriv en procentsats som brøk: 3,5 % er 0.035)" in danish
    assert danish.rstrip().endswith("3 af 3 sagsfiler er ugyldige")
    english = runner.invoke(app, ["validate", *bad, "--lang", "en"]).stderr
    assert "unknown key 'atribution'; did you mean 'attribution'?" in english
    assert "must be one of 'sib', 'self' or 'fund', got 'sibb'" in english
