"""The small reference case (tests/reference/small.yaml), every figure worked out by hand.

Hand calculation (constant 2026 prices, DKK, discount rate 5 %):

  improvement per participant at full effect = (0.5 - 0.2) x attribution 0.8 = 0.24
  units (person-years in work), profile 0.5, 1, 1 by years since intake:
    2026: cohort 2026 10 x 0.24 x 0.5                        = 1.2
    2027: cohort 2026 10 x 0.24 x 1 + cohort 2027 10 x 0.24 x 0.5 = 3.6
    2028: 2.4 + 2.4                                           = 4.8
    2029: cohort 2027 only                                    = 2.4
    2030:                                                     = 0      total 12.0
  savings per unit 150,000; municipality 60 %, all cashable -> 90,000 municipal
    municipal: 108,000 / 324,000 / 432,000 / 216,000 / 0      total 1,080,000
    public:    180,000 / 540,000 / 720,000 / 360,000 / 0      total 1,800,000
  programme cost 20,000 per participant, half in the intake year, half the next, + 10,000 fixed 2026:
    2026: 10 x 10,000 + 10,000 = 110,000; 2027: 10 x 10,000 + 10 x 10,000 = 200,000;
    2028: 10 x 10,000 = 100,000                               total 410,000
  set-up cost 30,000 in 2026, municipal, under the SIB only
  rate card 50,000 per unit, paid a year later:
    2027: 1.2 x 50,000 = 60,000; 2028: 3.6 x 50,000 = 180,000; 2029: 240,000; 2030: 120,000
                                                              total 600,000
"""

from __future__ import annotations

from pathlib import Path

import numpy_financial as npf
import pytest

from sib_case import Result, evaluate, load_case

CASE = Path(__file__).parent / "reference" / "small.yaml"
D = [1, 1.05, 1.05**2, 1.05**3, 1.05**4]  # discount divisors, year 0 at face value


@pytest.fixture(scope="module")
def result() -> Result:
    return evaluate(load_case(CASE))


def column(rows: list[dict[str, float | int]], name: str) -> list[float | int]:
    return [row[name] for row in rows]  # rows as the JSON contract holds them


def test_yearly_rows_under_the_sib(result: Result) -> None:
    rows = result.primary.years.rows()
    assert column(rows, "year") == [2026, 2027, 2028, 2029, 2030]
    assert column(rows, "participants") == [10, 10, 0, 0, 0]
    assert column(rows, "programme_cost") == pytest.approx([110_000, 200_000, 100_000, 0, 0])
    assert column(rows, "investor_capital") == pytest.approx([110_000, 200_000, 100_000, 0, 0])
    assert column(rows, "outcome_payments") == pytest.approx([0, 60_000, 180_000, 240_000, 120_000])
    assert column(rows, "guarantee_payments") == pytest.approx([0] * 5)
    assert column(rows, "transaction_costs_municipal") == pytest.approx([30_000, 0, 0, 0, 0])
    assert column(rows, "savings_municipal") == pytest.approx([108_000, 324_000, 432_000, 216_000, 0])
    assert column(rows, "savings_public") == pytest.approx([180_000, 540_000, 720_000, 360_000, 0])
    # municipal net = savings - payments - transaction costs
    net = [78_000, 264_000, 252_000, -24_000, -120_000]
    assert column(rows, "municipal_net") == pytest.approx(net)
    assert column(rows, "municipal_cumulative") == pytest.approx([78_000, 342_000, 594_000, 570_000, 450_000])
    discounted = [sum(n / d for n, d in zip(net[: t + 1], D, strict=False)) for t in range(5)]
    assert column(rows, "municipal_discounted_cumulative") == pytest.approx(discounted)
    assert column(rows, "investor_net") == pytest.approx([-110_000, -140_000, 80_000, 240_000, 120_000])


def test_metrics_under_the_sib(result: Result) -> None:
    m = result.primary.metrics
    pv_savings = 108_000 + 324_000 / D[1] + 432_000 / D[2] + 216_000 / D[3]
    pv_payments = 60_000 / D[1] + 180_000 / D[2] + 240_000 / D[3] + 120_000 / D[4]
    assert m.break_even_year == 2026  # cumulative never below zero
    assert m.discounted_break_even_year == 2026
    assert m.net_municipal_gain == pytest.approx(450_000)
    assert m.municipal_npv == pytest.approx(pv_savings - pv_payments - 30_000)
    assert m.public_net_gain == pytest.approx(1_800_000 - 600_000 - 30_000)
    assert m.total_outcome_payments == pytest.approx(600_000)
    assert m.total_programme_cost == pytest.approx(410_000)
    assert m.total_transaction_costs == pytest.approx(30_000)
    assert m.benefit_cost_ratio == pytest.approx(pv_savings / (pv_payments + 30_000))
    assert m.investor_multiple == pytest.approx(600_000 / 410_000)
    assert m.investor_net_gain == pytest.approx(190_000)
    # IRR: the rate at which the investor's flows are worth nothing (checked by hand-written NPV)
    flows = [-110_000, -140_000, 80_000, 240_000, 120_000]
    r = m.investor_irr
    assert sum(f / (1 + r) ** t for t, f in enumerate(flows)) == pytest.approx(0, abs=1e-4)
    assert r == pytest.approx(npf.irr(flows))
    # municipal NPV is linear in the effect multiplier m: m x (PV savings - PV payments) - 30,000
    assert m.break_even_effect_municipal == pytest.approx(30_000 / (pv_savings - pv_payments), abs=1e-6)
    # investor gets its capital back when m x 600,000 = 410,000
    assert m.break_even_effect_investor == pytest.approx(410_000 / 600_000, abs=1e-6)
    assert m.net_municipal_gain_if_no_effect == pytest.approx(-30_000)
    assert m.cost_per_unit == {"employment": pytest.approx(600_000 / 12)}


def test_self_financing_alternative(result: Result) -> None:
    m = result.alternative.metrics
    assert result.alternative.mode == "self"
    # municipal net = savings - programme cost (the set-up cost arises under the SIB only)
    net = [108_000 - 110_000, 324_000 - 200_000, 432_000 - 100_000, 216_000, 0]
    assert m.net_municipal_gain == pytest.approx(670_000)
    assert m.break_even_year == 2027  # cumulative -2,000 in 2026, then 122,000 and rising
    assert m.municipal_npv == pytest.approx(sum(n / d for n, d in zip(net, D, strict=True)))
    assert m.total_outcome_payments == 0
    assert m.investor_irr is None
    assert m.investor_multiple is None
    pv_cost = 110_000 + 200_000 / D[1] + 100_000 / D[2]
    pv_savings = 108_000 + 324_000 / D[1] + 432_000 / D[2] + 216_000 / D[3]
    assert m.break_even_effect_municipal == pytest.approx(pv_cost / pv_savings, abs=1e-6)
    assert m.break_even_effect_investor is None
    assert m.net_municipal_gain_if_no_effect == pytest.approx(-410_000)
    assert m.public_net_gain == pytest.approx(1_800_000 - 410_000)


def test_financing_override_swaps_the_modes() -> None:
    case = load_case(CASE)
    as_self = evaluate(case, "self")
    as_sib = evaluate(case)
    assert as_self.primary.metrics == as_sib.alternative.metrics
    assert as_self.alternative.metrics == as_sib.primary.metrics
