"""Every shipped case honours the JSON contract: the yearly rows add up to the metrics,
and the break-even years, NPV and IRR agree with the rows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy_financial as npf
import pytest
from click.testing import CliRunner

from sib_case.cli import app

ROOT = Path(__file__).parent.parent
CASES = sorted(p for p in (ROOT / "cases").rglob("*.yaml") if ".results." not in p.name)
YEAR_KEYS = {
    "year",
    "participants",
    "programme_cost",
    "investor_capital",
    "outcome_payments",
    "guarantee_payments",
    "outcome_payments_others",
    "grants",
    "transaction_costs_municipal",
    "savings_municipal",
    "savings_public",
    "municipal_net",
    "municipal_cumulative",
    "municipal_discounted_cumulative",
    "investor_net",
}
METRIC_KEYS = {
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
    "break_even_effect_municipal",
    "break_even_effect_investor",
}


def evaluate_json(path: Path, *extra: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, ["evaluate", str(path), "--format", "json", *extra])
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def first_year_staying_non_negative(years: list[int], cumulative: list[float]) -> int | None:
    for i, year in enumerate(years):
        if all(c >= -1e-6 for c in cumulative[i:]):
            return year
    return None


@pytest.mark.parametrize("financing", ["sib", "self"])
@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_shipped_case_honours_the_contract(path: Path, financing: str) -> None:
    data = evaluate_json(path, "--financing", financing)
    info, rows, m = data["case"], data["years"], data["metrics"]
    assert info["financing"] == financing
    assert data["alternative"]["financing"] == ("self" if financing == "sib" else "sib")
    assert set(m) >= METRIC_KEYS
    assert set(data["alternative"]) >= METRIC_KEYS
    assert len(rows) == info["horizon"]
    assert [r["year"] for r in rows] == list(range(info["start_year"], info["start_year"] + info["horizon"]))
    r = info["discount_rate"]
    cumulative = discounted = 0.0
    for t, row in enumerate(rows):
        assert set(row) == YEAR_KEYS
        municipal_part = row["outcome_payments"] - row["outcome_payments_others"]
        net = row["savings_municipal"] - municipal_part - row["transaction_costs_municipal"]
        if financing == "self":
            net -= row["programme_cost"] - row["grants"]
            assert row["outcome_payments"] == row["investor_capital"] == row["investor_net"] == 0
        assert row["municipal_net"] == pytest.approx(net, abs=1e-6)
        cumulative += row["municipal_net"]
        discounted += row["municipal_net"] / (1 + r) ** t
        assert row["municipal_cumulative"] == pytest.approx(cumulative, abs=1e-6)
        assert row["municipal_discounted_cumulative"] == pytest.approx(discounted, abs=1e-6)
        investor = -row["investor_capital"] + row["outcome_payments"] + row["guarantee_payments"]
        assert row["investor_net"] == pytest.approx(investor, abs=1e-6)
        for column in (
            YEAR_KEYS - {"year", "municipal_net", "investor_net"} - {c for c in YEAR_KEYS if "cumul" in c}
        ):
            assert row[column] >= 0, column  # costs and payments positive in their own columns

    def total(column: str) -> float:
        return sum(row[column] for row in rows)

    assert m["net_municipal_gain"] == pytest.approx(total("municipal_net"))
    assert m["municipal_npv"] == pytest.approx(rows[-1]["municipal_discounted_cumulative"])
    assert m["total_outcome_payments"] == pytest.approx(total("outcome_payments"))
    assert m["total_programme_cost"] == pytest.approx(total("programme_cost"))
    years = [row["year"] for row in rows]
    assert m["break_even_year"] == first_year_staying_non_negative(
        years, [row["municipal_cumulative"] for row in rows]
    )
    assert m["discounted_break_even_year"] == first_year_staying_non_negative(
        years, [row["municipal_discounted_cumulative"] for row in rows]
    )
    if financing == "sib":
        flows = [row["investor_net"] for row in rows]
        assert m["investor_net_gain"] == pytest.approx(sum(flows))
        capital = total("investor_capital")
        receipts = total("outcome_payments") + total("guarantee_payments")
        assert m["investor_multiple"] == pytest.approx(receipts / capital)
        assert m["investor_irr"] is not None
        assert m["investor_irr"] == pytest.approx(npf.irr(flows))
        assert npf.npv(m["investor_irr"], flows) == pytest.approx(0, abs=1e-3)
    else:
        assert m["investor_irr"] is None
        assert m["investor_multiple"] is None


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_alternative_is_the_other_mode(path: Path) -> None:
    as_sib = evaluate_json(path, "--financing", "sib")
    as_self = evaluate_json(path, "--financing", "self")
    assert {k: v for k, v in as_sib["alternative"].items() if k != "financing"} == as_self["metrics"]
    assert {k: v for k, v in as_self["alternative"].items() if k != "financing"} == as_sib["metrics"]


def _every_case_and_scenario() -> list[tuple[Path, str | None]]:
    import yaml

    files = [*CASES, *sorted((ROOT / "templates").glob("*.yaml"))]
    return [
        (path, scenario)
        for path in files
        for scenario in [None, *(yaml.safe_load(path.read_text(encoding="utf-8")).get("scenarios") or {})]
    ]


@pytest.mark.parametrize(
    ("path", "scenario"), _every_case_and_scenario(), ids=lambda v: getattr(v, "stem", v)
)
def test_the_irr_agrees_with_the_net_gain_and_every_rule_explains_its_payments(
    path: Path, scenario: str | None
) -> None:
    """Issue 10, for every shipped case, template and scenario: an IRR's sign is the net
    gain's; each rule's payments are its due before caps less what caps cut."""
    from sib_case import evaluate, load_case, to_dict

    result = evaluate(load_case(path, scenario), "sib")
    m = result.primary.metrics
    if m.investor_irr is not None and m.investor_net_gain is not None and abs(m.investor_net_gain) > 1e-6:
        assert (m.investor_irr > 0) == (m.investor_net_gain > 0)
    for record in to_dict(result)["payment_rules"]:
        due, paid = sum(record["due_before_caps"]), sum(record["paid"])
        assert paid <= due + 1e-6
        assert record["cut_by_caps"] + record["after_settlement"] == pytest.approx(due - paid, abs=1e-6)
