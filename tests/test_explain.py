"""`sib-case explain`: every figure's explanation agrees with `evaluate`, and where the
figure is a sum its terms add up to it, on every shipped case and template."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from sib_case import evaluate, load_case
from sib_case.cli import app
from sib_case.engine import compile_case
from sib_case.errors import SibCaseError
from sib_case.explain import PARTS, explain, explain_metric, explain_part, explain_year, known_metrics
from sib_case.figures import COLUMNS

ROOT = Path(__file__).parent.parent
FILES = sorted(
    [
        *(p for p in (ROOT / "cases").rglob("*.yaml") if ".results." not in p.name),
        *(ROOT / "templates").glob("*.yaml"),
        ROOT / "tests" / "reference" / "small.yaml",
    ]
)


def close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


@pytest.mark.parametrize("mode", ["sib", "self"])
@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_metric_and_every_year_agrees_with_evaluate(path: Path, mode: str) -> None:
    result = evaluate(load_case(path), mode)  # type: ignore[arg-type]
    inputs = compile_case(result.case)
    names = [n for n in known_metrics() if n not in PARTS]
    assert names  # the loops below must have something to check
    for name in PARTS:  # the SIB's payment rules, investors and settlement, as in the JSON
        part = explain_part(result.by_mode["sib"], inputs, name)
        assert part.steps, name
        assert close(sum(part.terms), float(part.value)), name
    sib = result.by_mode["sib"]
    assert explain_part(sib, inputs, "payment_rules").value == pytest.approx(
        float(sib.flows.payments_by_rule[0].sum()), abs=1e-6
    )
    for name in names:
        item = explain_metric(result.primary, inputs, name)
        assert item.value == result.primary.metrics[name], name
        assert item.steps, name
        if item.terms:
            assert close(sum(item.terms), float(item.value)), name
    rows = result.primary.years.rows()
    assert len(rows) == result.case.case.horizon
    for row in rows:
        for column in COLUMNS:
            if column == "participants":
                continue
            item = explain_year(result.primary, inputs, column, int(row["year"]))
            assert item.value == row[column]
            if item.terms or item.value:
                assert close(sum(item.terms), float(item.value)), (column, row["year"], item.steps)


def test_savings_explained_as_in_the_hand_calculation() -> None:
    # tests/test_reference.py: 2028 savings = two cohorts x 10 x 0.24 x 1.0 x 150,000 x 60 %
    result = evaluate(load_case(ROOT / "tests" / "reference" / "small.yaml"))
    (item,) = explain(result, "savings_municipal", 2028)
    assert item.value == pytest.approx(432_000)
    assert item.steps == [
        "cash benefit, cohort 2026: 10 participants x 0.2400 effect x 1.00 profile x DKK 150,000 x 60% municipal and cashable = DKK 216,000",
        "cash benefit, cohort 2027: 10 participants x 0.2400 effect x 1.00 profile x DKK 150,000 x 60% municipal and cashable = DKK 216,000",
    ]


def test_explain_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    runner = CliRunner()
    out = runner.invoke(
        app, ["explain", "tests/reference/small.yaml", "--metric", "net_municipal_gain", "--lang", "en"]
    )
    assert out.exit_code == 0
    assert out.stdout.splitlines()[0] == "Net municipal gain: DKK 450,000"
    da = runner.invoke(
        app,
        [
            "explain",
            "tests/reference/small.yaml",
            "--year",
            "2027",
            "--metric",
            "outcome_payments",
            "--lang",
            "da",
        ],
    )
    assert "1,20 enheder af employment i 2026 x 50.000 kr. = 60.000 kr." in da.stdout
    bad = runner.invoke(app, ["explain", "tests/reference/small.yaml", "--metric", "npv"])
    assert bad.exit_code == 1
    assert bad.stderr.startswith("no metric named 'npv' to explain; choose from: break_even_year, ")
    year = runner.invoke(app, ["explain", "tests/reference/small.yaml", "--year", "2040"])
    assert year.exit_code == 1
    assert year.stderr == "the case runs from 2026 to 2030: no year 2040 to explain\n"


def test_explain_refuses_a_year_outside_the_case() -> None:
    # The library's own message names no command-line flag.
    result = evaluate(load_case(ROOT / "tests" / "reference" / "small.yaml"))
    with pytest.raises(SibCaseError) as caught:
        explain(result, None, 2040)
    assert str(caught.value) == "the case runs from 2026 to 2030: no year 2040 to explain"


def test_explain_accepts_every_figure_the_json_has() -> None:
    # issue 10: explain walks every metric of the JSON, those by outcome included
    from sib_case import load_case, to_dict

    result = evaluate(load_case(Path(__file__).parent.parent / "cases" / "dk-children-families.yaml"))
    items = {item.name: item for item in explain(result)}
    data = to_dict(result)
    assert set(items) == set(data["metrics"]) | set(PARTS)
    assert set(PARTS) <= set(data)
    units, cost = items["total_units"], items["cost_per_unit"]
    m = result.primary.metrics
    for o, outcome in enumerate(result.case.outcomes):
        # the units the steps state are the metric's; a unit's cost is what was spent over them
        assert m.cost_per_unit[outcome.name] == pytest.approx(
            m.total_outcome_payments / m.total_units[outcome.name]
        )
        assert f"{m.total_units[outcome.name]:,.2f}" in units.steps[o]
        assert f"DKK {round(m.cost_per_unit[outcome.name]):,}" in cost.steps[o]


def test_a_payment_names_the_measurement_it_rests_on_and_how_each_cohort_passed() -> None:
    """intl-reoffending: cohort 2 passes its 10 % target on its own (effect scale 1.15 x the
    9 % central reduction = 10.35 %, 103.5 % of the target); cohorts 1 and 3 (0.93 and 0.92:
    83.7 % and 82.8 %) pass only on the pooled 90 % (mean of the three scales, 1.0 x 9 %
    against 10 %) against the 75 % needed, measured when cohort 3's window closes in 2016 and
    paid 3 years later."""
    result = evaluate(load_case(ROOT / "cases" / "intl-reoffending.yaml"))
    item = explain_year(result.primary, result.inputs, "outcome_payments", 2019)
    assert item.steps[1:] == [
        "  rests on the pooled result, measured in 2016",
        "  cohort 1 (2010): passes only on the pooled result",
        "    reconviction (its own result): 83.7% of the target, needs 100.0%: not met",
        "    reconviction (pooled): 90.0% of the target, needs 75.0%: met",
        "  cohort 3 (2014): passes only on the pooled result",
        "    reconviction (its own result): 82.8% of the target, needs 100.0%: not met",
        "    reconviction (pooled): 90.0% of the target, needs 75.0%: met",
    ]
    own = explain_year(result.primary, result.inputs, "outcome_payments", 2016)
    assert own.steps[1:3] == [
        "  rests on results measured in 2013",
        "  cohort 2 (2012): passes on its own result",
    ]


def test_a_waterfall_reports_the_year_it_passes_its_hurdle_and_what_its_cap_cut() -> None:
    """dk-children-families: 100 % of the savings until the investor has its capital x 1.1,
    then 50 % (the case's waterfall), under a 4.6 % annual-return cap."""
    from sib_case import to_dict

    result = evaluate(load_case(ROOT / "cases" / "dk-children-families.yaml"))
    [rule] = to_dict(result)["payment_rules"]
    paid = np.cumsum(rule["paid"])
    capital = result.primary.metrics.total_investor_capital
    rule_of_case = result.case.financing.payments[0]
    hurdle = capital * (1 + rule_of_case.hurdle)
    # the first year in which the payments reach the hurdle: the share falls in it
    first_past = int(result.inputs.years[int(np.argmax(paid >= hurdle - 1e-6))])
    assert rule["hurdle_reached"] == first_past
    assert rule["cut_by_caps"] > 0  # the return cap stops the payments in the last years
