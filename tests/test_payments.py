"""Payment mechanisms of a SIB, one small case per mechanism, every number by hand.

The base case (see `make_case`): start 2026, horizon 5 (2026-2030), discount rate 0,
one cohort of 10 people entering in 2026, programme cost 10,000 per participant
(capital 100,000 in 2026), one outcome "work":

    delta = with_programme - baseline = 0.6 - 0.2 = 0.4, target 0.4, profile [0.5, 1, 1]
    units  = 10 x 0.4 x [0.5, 1, 1, 0, 0]        = [2, 4, 4, 0, 0]
    saving = 100,000 a unit, municipality 0.5, state 0.5, all cashable
    municipal savings = units x 50,000           = [100k, 200k, 200k, 0, 0]
    public savings    = units x 100,000          = [200k, 400k, 400k, 0, 0]

A cohort's achieved share of target is delta x effect_scale / target = effect_scale.
Note 0.6 - 0.2 is 0.39999999999999997 in floating point: a cohort "exactly at target"
must still count as reaching 100 % of it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import numpy_financial as npf
import pytest

from sib_case import evaluate
from sib_case.engine import Mode, cash_flows, compile_case
from sib_case.errors import CaseFileError
from sib_case.loader import parse_case
from sib_case.model import notices
from sib_case.result import Result
from sib_case.settle import settle

K = 1_000  # amounts below are written as multiples of a thousand: 60 * K = 60,000

WORK: dict[str, Any] = {
    "name": "work",
    "baseline": 0.2,
    "with_programme": 0.6,
    "profile": [0.5, 1.0, 1.0],
    "target": 0.4,
    "savings": [{"name": "cash benefit", "amount": 100_000, "shares": {"municipality": 0.5, "state": 0.5}}],
}
# Second outcome: delta = effect x (1 - deadweight) = 0.2 x 0.5 = 0.1; 10 people -> 1 unit a
# year for all five years; 50,000 a unit, all municipal -> 50k municipal savings a year.
HOUSING: dict[str, Any] = {
    "name": "housing",
    "effect": 0.2,
    "deadweight": 0.5,
    "profile": [1.0] * 5,
    "savings": [{"name": "shelter", "amount": 50_000, "shares": {"municipality": 1.0}}],
}


def approx(expected: Any) -> Any:
    """Money to a millionth of a unit: floating point leaves ~1e-11 where a hand sum gives 0."""
    return pytest.approx(expected, rel=1e-9, abs=1e-6)


def make_case(
    financing: dict[str, Any] | None = None,
    *,
    cohorts: list[dict[str, Any]] | None = None,
    outcomes: list[dict[str, Any]] | None = None,
    programme_cost: dict[str, Any] | None = None,
    transaction_costs: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        "case": {"name": "payments test", "start_year": 2026, "horizon": 5, "discount_rate": 0.0},
        "cohorts": cohorts or [{"year": 2026, "participants": 10}],
        "programme_cost": programme_cost or {"per_participant": 10_000},
        "outcomes": outcomes or [WORK],
        "transaction_costs": transaction_costs or [],
        "financing": {"mode": "sib", **(financing or {})},
    }


def run(data: dict[str, Any], mode: Mode | None = None) -> Result:
    return evaluate(parse_case(data, {}, "payments test"), mode)


def column(result: Result, name: str, which: str = "primary") -> list[float]:
    return getattr(result, which).years[name].tolist()


def two_cohorts(scale_a: float, scale_b: float, participants_b: int = 10) -> list[dict[str, Any]]:
    """Cohort A: 10 people; cohort B: `participants_b`; both enter in 2026."""
    return [
        {"year": 2026, "participants": 10, "effect_scale": scale_a, "name": "A"},
        {"year": 2026, "participants": participants_b, "effect_scale": scale_b, "name": "B"},
    ]


def rate_card(price: float, **extra: Any) -> dict[str, Any]:
    return {"type": "rate_card", "outcome": "work", "price": price, **extra}


# --- rate card ---------------------------------------------------------------------------


def test_rate_card_pays_price_per_unit_one_year_late() -> None:
    r = run(make_case({"payments": [rate_card(30_000, lag=1)]}))
    # units [2, 4, 4, 0, 0] x 30,000 = [60k, 120k, 120k, 0, 0], one year later:
    assert column(r, "outcome_payments") == approx([0, 60 * K, 120 * K, 120 * K, 0])
    # municipal net = savings - payments = [100-0, 200-60, 200-120, 0-120, 0] k
    assert column(r, "municipal_net") == approx([100 * K, 140 * K, 80 * K, -120 * K, 0])
    # investor: -capital + payments = [-100, 60, 120, 120, 0] k
    assert column(r, "investor_net") == approx([-100 * K, 60 * K, 120 * K, 120 * K, 0])
    m = r.primary.metrics
    assert m.total_outcome_payments == approx(300 * K)  # 60 + 120 + 120
    assert m.investor_net_gain == approx(200 * K)  # 300 - 100
    assert m.investor_multiple == approx(3.0)  # 300 / 100
    assert m.net_municipal_gain == approx(200 * K)  # 500 savings - 300 payments


def test_rate_card_lag_past_the_horizon_is_never_paid() -> None:
    r = run(make_case({"payments": [rate_card(30_000, lag=3)]}))
    # [60k, 120k, 120k] moved 3 years: 2029 and 2030; the 2028 units would be paid in 2031
    assert column(r, "outcome_payments") == approx([0, 0, 0, 60 * K, 120 * K])
    assert r.primary.metrics.total_outcome_payments == approx(180 * K)  # 60 + 120


# --- savings share -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lag", "expected"),
    [
        # cashable 0.5: municipal cashable savings = units x 100k x 0.5 x 0.5 = [50k, 100k, 100k, 0, 0];
        # share 0.5 of that = [25k, 50k, 50k, 0, 0]
        (0, [25 * K, 50 * K, 50 * K, 0, 0]),
        (1, [0, 25 * K, 50 * K, 50 * K, 0]),  # the same, a year later
    ],
)
def test_savings_share_pays_share_of_municipal_cashable_savings(lag: int, expected: list[float]) -> None:
    work = {**WORK, "savings": [{**WORK["savings"][0], "cashable": 0.5}]}
    r = run(make_case({"payments": [{"type": "savings_share", "share": 0.5, "lag": lag}]}, outcomes=[work]))
    assert column(r, "savings_municipal") == approx([50 * K, 100 * K, 100 * K, 0, 0])
    # public savings count every holder and non-cashable savings: units x 100k
    assert column(r, "savings_public") == approx([200 * K, 400 * K, 400 * K, 0, 0])
    assert column(r, "outcome_payments") == approx(expected)


def test_savings_share_waterfall_switches_share_at_the_hurdle() -> None:
    rule = {"type": "savings_share", "share": 0.8, "hurdle": 0.1, "then_share": 0.3}
    r = run(make_case({"payments": [rule]}))
    # hurdle: capital x 1.1 = 110k.  Savings [100k, 200k, 200k, 0, 0].
    # 2026: 0.8 x 100k = 80k (< 110k, all at the first share); received 80k, 30k to the hurdle.
    # 2027: 0.8 x 200k = 160k > 30k -> 30k at 0.8 uses 30k / 0.8 = 37.5k of savings;
    #       the other 200k - 37.5k = 162.5k at 0.3 = 48.75k; paid 30k + 48.75k = 78.75k.
    # 2028: past the hurdle: 0.3 x 200k = 60k.
    assert column(r, "outcome_payments") == approx([80 * K, 78.75 * K, 60 * K, 0, 0])
    assert r.primary.metrics.total_outcome_payments == approx(218.75 * K)  # 80 + 78.75 + 60


def test_savings_share_counts_only_the_listed_outcomes() -> None:
    rule = {"type": "savings_share", "share": 0.4, "outcomes": ["housing"]}
    r = run(make_case({"payments": [rule]}, outcomes=[WORK, HOUSING]))
    # municipal savings: work [100k, 200k, 200k, 0, 0] + housing 50k a year
    assert column(r, "savings_municipal") == approx([150 * K, 250 * K, 250 * K, 50 * K, 50 * K])
    # paid: 0.4 x housing's 50k = 20k a year; work's savings are not shared
    assert column(r, "outcome_payments") == approx([20 * K] * 5)


# --- fixed schedule ------------------------------------------------------------------------


def fixed(share_of_target: float, judged: str = "pooled") -> dict[str, Any]:
    return {
        "type": "fixed",
        "amounts": {2028: 120_000},
        "success": [{"share_of_target": share_of_target, "judged": judged, "outcome": "work"}],
    }


def test_fixed_schedule_paid_when_success_is_reached() -> None:
    r = run(make_case({"payments": [fixed(1.0)]}))
    # achieved 0.4 of target 0.4 = 100 % >= 100 %: 120k in 2028
    assert column(r, "outcome_payments") == approx([0, 0, 120 * K, 0, 0])
    # municipal net 2028 = 200k savings - 120k
    assert column(r, "municipal_net")[2] == approx(80 * K)
    assert r.primary.metrics.investor_net_gain == approx(20 * K)  # 120 - 100


def test_fixed_schedule_not_paid_when_success_is_missed() -> None:
    cohorts = [{"year": 2026, "participants": 10, "effect_scale": 0.9}]
    r = run(make_case({"payments": [fixed(1.0)]}, cohorts=cohorts))
    # achieved 0.4 x 0.9 = 0.36, 90 % of target < 100 %: nothing is due
    assert column(r, "outcome_payments") == approx([0] * 5)
    assert r.primary.metrics.investor_net_gain == approx(-100 * K)  # capital lost
    assert r.primary.metrics.investor_irr is None  # no receipts: no IRR


@pytest.mark.parametrize(
    ("judged", "share_of_target", "paid_2028"),
    [
        # A (10 people) at 100 %, B (30 people) at 50 %.
        ("per_cohort", 1.0, 30 * K),  # only A passes: 120k x 10 / 40 = 30k
        ("pooled", 1.0, 0),  # pooled (10 x 1.0 + 30 x 0.5) / 40 = 62.5 % < 100 %
        ("pooled", 0.6, 120 * K),  # 62.5 % >= 60 %: the whole amount
    ],
)
def test_fixed_schedule_per_cohort_is_paid_pro_rata_by_participants(
    judged: str, share_of_target: float, paid_2028: float
) -> None:
    r = run(make_case({"payments": [fixed(share_of_target, judged)]}, cohorts=two_cohorts(1.0, 0.5, 30)))
    assert column(r, "outcome_payments") == approx([0, 0, paid_2028, 0, 0])


# --- tiers ---------------------------------------------------------------------------------

# Cohorts A (10 people, 100 % of target) and B (10 people, 60 %), both entering 2026:
# units A = [2, 4, 4, 0, 0], units B = 0.6 x A = [1.2, 2.4, 2.4, 0, 0]; pooled level 80 %.
PRICE_TIERS = [{"at_least": 0.5, "price": 10_000}, {"at_least": 0.9, "price": 20_000}]


def test_price_tiers_pooled_pay_the_pooled_tier_for_every_unit() -> None:
    rule = {"type": "tiers", "outcome": "work", "tiers": PRICE_TIERS}
    r = run(make_case({"payments": [rule]}, cohorts=two_cohorts(1.0, 0.6)))
    # pooled 80 % -> tier 0.5 -> 10k a unit; units A + B = [3.2, 6.4, 6.4, 0, 0] = 16 in all;
    # the tier is known only from the pooled result, complete at the end of the 3-year
    # profile (2028): all 160k then
    assert column(r, "outcome_payments") == approx([0, 0, 160 * K, 0, 0])


def test_price_tiers_per_cohort_with_lag() -> None:
    rule = {"type": "tiers", "outcome": "work", "judged": "per_cohort", "tiers": PRICE_TIERS, "lag": 1}
    r = run(make_case({"payments": [rule]}, cohorts=two_cohorts(1.0, 0.6)))
    # A at 100 % -> 20k: [40k, 80k, 80k]; B at 60 % -> 10k: [12k, 24k, 24k];
    # sum [52k, 104k, 104k, 0, 0], a year later:
    assert column(r, "outcome_payments") == approx([0, 52 * K, 104 * K, 104 * K, 0])


def test_price_tiers_pay_nothing_below_the_lowest_tier() -> None:
    rule = {"type": "tiers", "outcome": "work", "tiers": PRICE_TIERS}
    r = run(make_case({"payments": [rule]}, cohorts=two_cohorts(0.4, 0.4)))
    # pooled 40 % < 50 %: no tier reached
    assert column(r, "outcome_payments") == approx([0] * 5)


@pytest.mark.parametrize(
    ("judged", "paid_2029"),
    [
        # A 10 people at 100 %, B 30 people at 60 %; pooled (10 x 1.0 + 30 x 0.6) / 40 = 70 %
        ("pooled", 50 * K),  # 70 % -> tier 0.5 -> 50k
        ("per_cohort", 75 * K),  # A 150k, B 50k, by participants: (10 x 150k + 30 x 50k) / 40 = 75k
    ],
)
def test_amount_tiers_pay_a_lump_sum_in_the_given_year(judged: str, paid_2029: float) -> None:
    rule = {
        "type": "tiers",
        "outcome": "work",
        "judged": judged,
        "year": 2029,
        "tiers": [{"at_least": 0.5, "amount": 50_000}, {"at_least": 0.9, "amount": 150_000}],
    }
    r = run(make_case({"payments": [rule]}, cohorts=two_cohorts(1.0, 0.6, 30)))
    assert column(r, "outcome_payments") == approx([0, 0, 0, paid_2029, 0])


# --- success thresholds --------------------------------------------------------------------

# Rate card 10k a unit. A 2026 cohort of 10 at scale s has units 10 x 0.4 x s x [0.5, 1, 1]
# = s x [2, 4, 4], 10 s units in all, paid 100k x s.


@pytest.mark.parametrize(
    ("judged", "share_of_target", "expected"),
    [
        (
            "pooled",
            0.75,
            [0, 0, 160 * K, 0, 0],
        ),  # pooled 80 % >= 75 %: A + B = 1.6 x [20k, 40k, 40k] = 160k, paid when the pooled
        # result is complete, at the end of the 3-year profile (2028)
        ("pooled", 0.9, [0, 0, 0, 0, 0]),  # pooled 80 % < 90 %
        ("per_cohort", 0.9, [20 * K, 40 * K, 40 * K, 0, 0]),  # A (100 %) passes, B (60 %) does not
    ],
)
def test_success_threshold_pooled_or_per_cohort(
    judged: str, share_of_target: float, expected: list[float]
) -> None:
    rule = rate_card(10_000, success=[{"share_of_target": share_of_target, "judged": judged}])
    r = run(make_case({"payments": [rule]}, cohorts=two_cohorts(1.0, 0.6)))
    assert column(r, "outcome_payments") == approx(expected)


@pytest.mark.parametrize(
    ("scale_a", "scale_b", "total_paid"),
    [
        (1.0, 0.4, 100 * K),  # pooled 70 %: only A (at 100 %) counts: 100k x 1.0
        (1.0, 0.6, 160 * K),  # pooled 80 % >= 75 %: both count: 100k x (1.0 + 0.6)
        (0.9, 0.7, 160 * K),  # no cohort at 100 %, but pooled 80 %: 100k x (0.9 + 0.7)
        (0.9, 0.5, 0),  # pooled 70 % and no cohort at 100 %: nothing
    ],
)
def test_success_one_cohort_at_target_or_pooled_at_75_percent(
    scale_a: float, scale_b: float, total_paid: float
) -> None:
    """Two conditions, either suffices: a cohort's results count if that cohort reaches
    100 % of target, or if the cohorts pooled reach 75 %."""
    success = [
        {"share_of_target": 1.0, "judged": "per_cohort"},
        {"share_of_target": 0.75, "judged": "pooled"},
    ]
    r = run(
        make_case({"payments": [rate_card(10_000, success=success)]}, cohorts=two_cohorts(scale_a, scale_b))
    )
    assert r.primary.metrics.total_outcome_payments == approx(total_paid)


# --- caps ----------------------------------------------------------------------------------

# Rate card 30k a unit, no lag: due [60k, 120k, 120k, 0, 0], 300k in all; capital 100k.


def capped(level: str, cap: dict[str, Any], rule: dict[str, Any]) -> dict[str, Any]:
    if level == "rule":
        return {"payments": [{**rule, "cap": cap}]}
    return {"payments": [rule], "cap": cap}


@pytest.mark.parametrize("level", ["rule", "financing"])
@pytest.mark.parametrize(
    ("cap", "expected"),
    [
        ({"total": 150_000}, [60 * K, 90 * K, 0, 0, 0]),  # 60k, then the 150k - 60k = 90k left
        ({"multiple": 1.2}, [60 * K, 60 * K, 0, 0, 0]),  # 1.2 x 100k capital = 120k: 60k + 60k
        ({"per_year": 100_000}, [60 * K, 100 * K, 100 * K, 0, 0]),  # 120k cut to 100k twice
    ],
)
def test_caps_stop_payments_and_cuts_are_never_paid_later(
    level: str, cap: dict[str, Any], expected: list[float]
) -> None:
    r = run(make_case(capped(level, cap, rate_card(30_000))))
    assert column(r, "outcome_payments") == approx(expected)


@pytest.mark.parametrize("level", ["rule", "financing"])
def test_annual_return_cap_holds_the_investor_irr_at_the_rate(level: str) -> None:
    r = run(make_case(capped(level, {"annual_return": 0.1}, rate_card(30_000, lag=1))))
    # due [0, 60k, 120k, 120k, 0]; payments may reach PV(capital) at 10 % = 100k.
    # 2027: room 100k x 1.1 = 110k >= 60k: pay 60k.
    # 2028: PV left 100k - 60k / 1.1 = 45,454.55; room 45,454.55 x 1.1^2 = 121k - 66k = 55k.
    # 2029: nothing left.
    assert column(r, "outcome_payments") == approx([0, 60 * K, 55 * K, 0, 0])
    flows = column(r, "investor_net")  # [-100k, 60k, 55k, 0, 0]: -100 + 60/1.1 + 55/1.21 = 0
    assert npf.irr(flows) == approx(0.1)
    assert r.primary.metrics.investor_irr == approx(0.1)


def test_rule_cap_binds_one_rule_and_financing_cap_cuts_all_rules_pro_rata() -> None:
    work = rate_card(30_000)  # due [60k, 120k, 120k, 0, 0]
    housing = {"type": "savings_share", "share": 0.4, "outcomes": ["housing"]}  # 20k a year
    outcomes = [WORK, HOUSING]

    r = run(make_case({"payments": [{**work, "cap": {"total": 100_000}}, housing]}, outcomes=outcomes))
    # work capped at 100k: [60k, 40k, 0, 0, 0]; housing uncapped: 20k a year
    assert column(r, "outcome_payments") == approx([80 * K, 60 * K, 20 * K, 20 * K, 20 * K])

    r = run(make_case({"payments": [work, housing], "cap": {"total": 150_000}}, outcomes=outcomes))
    # 2026: 60k + 20k = 80k; 2027: 120k + 20k = 140k wanted, 150k - 80k = 70k left; then nothing
    assert column(r, "outcome_payments") == approx([80 * K, 70 * K, 0, 0, 0])


# --- who carries a loss --------------------------------------------------------------------

# Rate card 5k a unit: [10k, 20k, 20k, 0, 0], 50k in all; capital 100k.


@pytest.mark.parametrize(
    ("protection", "settlement_year", "expected"),
    [
        (0.8, 2029, [10 * K, 20 * K, 20 * K, 30 * K, 0]),  # 0.8 x 100k - 50k = 30k top-up in 2029
        (0.8, None, [10 * K, 20 * K, 20 * K, 0, 30 * K]),  # settled in the last year, 2030
        (0.4, None, [10 * K, 20 * K, 20 * K, 0, 0]),  # 0.4 x 100k = 40k < 50k paid: no top-up
    ],
)
def test_capital_protection_tops_up_in_the_settlement_year(
    protection: float, settlement_year: int | None, expected: list[float]
) -> None:
    financing: dict[str, Any] = {"payments": [rate_card(5_000)], "capital_protection": protection}
    if settlement_year is not None:
        financing["settlement_year"] = settlement_year
    r = run(make_case(financing))
    assert column(r, "outcome_payments") == approx(expected)
    # the top-up is an outcome payment: it leaves the municipal budget
    assert r.primary.metrics.total_outcome_payments == approx(sum(expected))
    assert r.primary.metrics.net_municipal_gain == approx(500 * K - sum(expected))  # savings 500k


def test_capital_protection_pays_when_the_effect_fails() -> None:
    rule = rate_card(5_000, success=[{"share_of_target": 1.5}])  # 100 % < 150 %: never paid
    r = run(make_case({"payments": [rule], "capital_protection": 0.8}))
    # 0.8 x 100k - 0 paid = 80k in the last year
    assert column(r, "outcome_payments") == approx([0, 0, 0, 0, 80 * K])
    assert r.primary.metrics.investor_multiple == approx(0.8)  # 80k / 100k


@pytest.mark.parametrize(
    ("guarantee", "paid", "expected_guarantee"),
    [
        # loss = 100k - 50k = 50k; 0.5 x 50k = 25k, limited to 20k; paid in the last year
        ({"share": 0.5, "max": 20_000}, 50 * K, 20 * K),
        ({"share": 0.5}, 50 * K, 25 * K),  # no maximum: 0.5 x 50k
    ],
)
def test_guarantee_pays_the_investor_a_share_of_its_loss(
    guarantee: dict[str, Any], paid: float, expected_guarantee: float
) -> None:
    r = run(make_case({"payments": [rate_card(5_000)], "guarantee": guarantee}))
    assert column(r, "guarantee_payments") == approx([0, 0, 0, 0, expected_guarantee])
    assert column(r, "outcome_payments") == approx([10 * K, 20 * K, 20 * K, 0, 0])
    # the guarantee costs the municipality nothing: savings - payments only
    assert column(r, "municipal_net") == approx([90 * K, 180 * K, 180 * K, 0, 0])
    assert column(r, "investor_net")[-1] == approx(expected_guarantee)
    assert r.primary.metrics.investor_net_gain == approx(paid + expected_guarantee - 100 * K)


def test_guarantee_covers_the_loss_left_after_capital_protection() -> None:
    financing = {
        "payments": [rate_card(5_000)],
        "capital_protection": 0.6,
        "guarantee": {"share": 1.0, "guarantor": "Fonden"},
        "settlement_year": 2029,
    }
    r = run(make_case(financing))
    # protection: 0.6 x 100k - 50k = 10k in 2029; loss left 100k - 50k - 10k = 40k, all guaranteed
    assert column(r, "outcome_payments") == approx([10 * K, 20 * K, 20 * K, 10 * K, 0])
    assert column(r, "guarantee_payments") == approx([0, 0, 0, 40 * K, 0])
    assert r.primary.metrics.investor_net_gain == approx(0)  # 60k + 40k - 100k


# --- capital and transaction costs ---------------------------------------------------------


@pytest.mark.parametrize(
    ("capital", "drawn", "investor_net"),
    [
        # cost 100k spread [0.5, 0.5]: [50k, 50k]; payments [60k, 120k, 120k, 0, 0]
        ("as_needed", [50 * K, 50 * K, 0, 0, 0], [10 * K, 70 * K, 120 * K, 0, 0]),
        ("upfront", [100 * K, 0, 0, 0, 0], [-40 * K, 120 * K, 120 * K, 0, 0]),
    ],
)
def test_capital_drawn_as_needed_or_upfront(
    capital: str, drawn: list[float], investor_net: list[float]
) -> None:
    data = make_case(
        {"capital": capital, "payments": [rate_card(30_000)]},
        programme_cost={"per_participant": 10_000, "spread": [0.5, 0.5]},
    )
    r = run(data)
    assert column(r, "programme_cost") == approx([50 * K, 50 * K, 0, 0, 0])
    assert column(r, "investor_capital") == approx(drawn)
    assert column(r, "investor_net") == approx(investor_net)
    # how the investor draws capital is no concern of the municipality: savings - payments
    assert column(r, "municipal_net") == approx([40 * K, 80 * K, 80 * K, 0, 0])


def test_transaction_costs_paid_by_the_investor_add_to_its_capital() -> None:
    fee = {"category": "intermediary", "amounts": {2027: 15_000}, "payer": "investor", "under": "sib"}
    rule = rate_card(30_000, cap={"multiple": 1.2})
    r = run(make_case({"payments": [rule]}, transaction_costs=[fee]))
    assert column(r, "investor_capital") == approx([100 * K, 15 * K, 0, 0, 0])
    # the multiple counts the fee: 1.2 x 115k = 138k -> 60k, then 78k
    assert column(r, "outcome_payments") == approx([60 * K, 78 * K, 0, 0, 0])
    assert column(r, "investor_net") == approx([-40 * K, 63 * K, 0, 0, 0])  # 60-100, 78-15
    assert column(r, "transaction_costs_municipal") == approx([0] * 5)
    assert r.primary.metrics.total_transaction_costs == approx(15 * K)
    # self-financed: no investor, no fee
    assert r.alternative.metrics.total_transaction_costs == approx(0)
    assert column(r, "investor_capital", "alternative") == approx([0] * 5)


def test_costs_under_sib_are_absent_when_self_financed() -> None:
    costs = [
        {"category": "set-up", "amounts": {2026: 30_000}, "under": "sib"},
        {"category": "evaluation", "amounts": {2028: 5_000}},  # under: both
        {"category": "own project office", "amounts": {2027: 8_000}, "under": "self"},
    ]
    r = run(make_case({"payments": [rate_card(30_000)]}, transaction_costs=costs), "self")
    assert r.primary.mode == "self"
    assert column(r, "transaction_costs_municipal") == approx([0, 8 * K, 5 * K, 0, 0])
    # self-financed: no payments; municipal net = savings - programme cost - costs
    # = [100k - 100k, 200k - 8k, 200k - 5k, 0, 0]
    assert column(r, "outcome_payments") == approx([0] * 5)
    assert column(r, "municipal_net") == approx([0, 192 * K, 195 * K, 0, 0])
    assert r.primary.metrics.total_transaction_costs == approx(13 * K)  # 8 + 5
    assert r.primary.metrics.investor_irr is None
    # the SIB view of the same case: set-up and evaluation, 30k + 5k
    assert column(r, "transaction_costs_municipal", "alternative") == approx([30 * K, 0, 5 * K, 0, 0])
    assert r.alternative.metrics.total_transaction_costs == approx(35 * K)


# --- engine bugs found while writing these tests --------------------------------------------


def test_waterfall_with_zero_first_share_pays_then_share_once_past_the_hurdle() -> None:
    bonus = {
        "type": "fixed",
        "amounts": {2026: 200_000},
        "success": [{"share_of_target": 0.5, "outcome": "work", "judged": "per_cohort"}],
    }
    share = {"type": "savings_share", "share": 0.0, "hurdle": 0.0, "then_share": 0.5}
    r = run(make_case({"payments": [bonus, share]}))
    # hurdle = 100k capital x 1.0; the fixed 200k (100 % >= 50 %) passes it in 2026, so the
    # savings share pays then_share 0.5 x [100k, 200k, 200k, 0, 0] from 2026 on:
    # [200k + 50k, 100k, 100k, 0, 0]
    assert column(r, "outcome_payments") == approx([250 * K, 100 * K, 100 * K, 0, 0])


def test_a_programme_that_makes_things_worse_is_refused() -> None:
    worse = {**WORK, "baseline": 0.6, "with_programme": 0.2}  # better: higher, so delta = -0.4
    with pytest.raises(CaseFileError) as caught:
        run(make_case({"payments": [rate_card(30_000)]}, outcomes=[worse]))
    assert caught.value.messages() == [
        "payments test: outcomes[0]: with_programme is below baseline, so the programme makes this outcome"
        " worse; if lower is better here, add better: lower"
    ]


def test_a_harmful_effect_never_gives_negative_payments() -> None:
    """A draw with a negative effect (as Monte Carlo may give) earns the investor nothing."""
    inputs = compile_case(parse_case(make_case({"payments": [rate_card(30_000)]}), {}, "<test>"))
    flows = cash_flows(inputs, "sib", np.array([-1.0]))
    # units are -[2, 4, 4, 0, 0]; a rate card on them pays 0, never a refund, and no
    # capital protection is owed (capital_protection is 0)
    assert flows.outcome_payments[0] == approx([0, 0, 0, 0, 0])


# --- what a case states must be used (issue 10) ----------------------------------------------


def test_a_fixed_amount_before_the_cohorts_results_are_complete_gets_a_note() -> None:
    # WORK's profile runs 2026-2028: an amount in 2026 or 2027 judged per cohort is paid on
    # results not yet measured; the case is valid, and validate says so
    rule = {
        "type": "fixed",
        "amounts": {2026: 50 * K, 2027: 50 * K, 2029: 10 * K},
        "success": [{"share_of_target": 0.5, "outcome": "work", "judged": "per_cohort"}],
    }
    case = parse_case(make_case({"payments": [rule]}), {}, "payments test")
    (where, text), *others = notices(case)
    assert where == ("financing", "payments", 0)
    assert text.startswith("what is due in 2026 and 2027 is judged on each cohort's results")
    assert "complete only in 2028" in text
    assert text.endswith("e.g. measured: {after_intake: 0}")
    assert not others
    measured = {**rule, "measured": {"after_intake": 2}, "amounts": {2028: 50 * K}}
    assert notices(parse_case(make_case({"payments": [measured]}), {}, "payments test")) == []


def test_a_fixed_amount_after_the_settlement_year_is_refused_not_dropped() -> None:
    success = [{"share_of_target": 0.5, "outcome": "work", "judged": "per_cohort"}]
    rule = {"type": "fixed", "amounts": {2027: 50_000, 2030: 80_000}, "success": success}
    data = make_case({"payments": [rule], "settlement_year": 2028})
    with pytest.raises(CaseFileError) as caught:
        parse_case(data, {}, "payments test")
    assert caught.value.messages() == [
        "payments test: financing.payments[0].amounts.2030: is due after the settlement year 2028, "
        "when nothing is paid any more; move it or the settlement_year"
    ]


def test_a_year_on_tiers_with_prices_is_refused_not_ignored() -> None:
    rule = {"type": "tiers", "outcome": "work", "year": 2028, "tiers": [{"at_least": 0.5, "price": 10_000}]}
    with pytest.raises(CaseFileError) as caught:
        parse_case(make_case({"payments": [rule]}), {}, "payments test")
    assert caught.value.messages() == [
        "payments test: financing.payments[0].year: tiers with prices are paid as their units arise "
        "(with lag); year is for tiers with amounts (lump sums): remove it, or give amounts"
    ]


def test_an_irr_held_to_its_cap_is_the_cap() -> None:
    # cases/dk-children-families.yaml caps the savings share at a 4.6 % annual return (its
    # source: the Danish school deal's published 4.6 % cap); the engine stops payments there,
    # to floating-point precision (0.0459999999999996 before), and reports the rate itself
    from sib_case import load_case

    result = evaluate(load_case(Path(__file__).parent.parent / "cases" / "dk-children-families.yaml"))
    assert result.by_mode["sib"].metrics.investor_irr == 0.046


# --- when results are measured and paid --------------------------------------------------
# Units of the base case by cohort: 10 x 0.4 x scale x [0.5, 1, 1] over 2026-2028.


def test_a_cohort_that_passes_only_on_the_pooled_result_is_paid_when_the_pool_is_measured() -> None:
    """Peterborough's "any cohort 10 %, or all together 7.5 %": A (2026, 100 %) passes on its
    own and is paid as its results arise; B (2027, 60 %) passes only on the pooled 80 %,
    complete at the end of B's 3-year profile (2029), and is paid all of it then."""
    success = [
        {"share_of_target": 1.0, "judged": "per_cohort"},
        {"share_of_target": 0.75, "judged": "pooled"},
    ]
    cohorts = [
        {"year": 2026, "participants": 10, "effect_scale": 1.0, "name": "A"},
        {"year": 2027, "participants": 10, "effect_scale": 0.6, "name": "B"},
    ]
    r = run(make_case({"payments": [rate_card(10_000, success=success)]}, cohorts=cohorts))
    # A: [2, 4, 4] units x 10k from 2026; B: 0.6 x (2 + 4 + 4) = 6 units x 10k in 2029
    assert column(r, "outcome_payments") == approx([20 * K, 40 * K, 40 * K, 60 * K, 0])


def test_measured_years_after_intake_pay_what_arose_since_the_last_measurement() -> None:
    # measured 1 and 2 years after intake (2027, 2028), paid a year later: 2026-27's units
    # (2 + 4) in 2028, 2028's (4) in 2029
    rule = rate_card(10_000, measured={"after_intake": [1, 2]}, lag=1)
    r = run(make_case({"payments": [rule], "settlement_year": 2029}))
    assert column(r, "outcome_payments") == approx([0, 0, 60 * K, 40 * K, 0])


def test_a_result_after_the_last_measurement_is_not_paid() -> None:
    # measured once, in 2027: the 2028 units (4) are never measured
    rule = rate_card(10_000, measured={"years": [2027]})
    r = run(make_case({"payments": [rule]}))
    assert column(r, "outcome_payments") == approx([0, 60 * K, 0, 0, 0])


def test_measured_at_fixed_years_judges_the_pool_at_the_last() -> None:
    # two cohorts in 2026, pooled 80 % >= 75 %; measured 2027 and 2029: the pool is judged in
    # 2029, so everything (160k) is paid then
    rule = rate_card(10_000, measured={"years": [2027, 2029]}, success=[{"share_of_target": 0.75}])
    r = run(make_case({"payments": [rule]}, cohorts=two_cohorts(1.0, 0.6)))
    assert column(r, "outcome_payments") == approx([0, 0, 0, 160 * K, 0])


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (
            {
                "type": "fixed",
                "amounts": {2027: 50_000, 2029: 50_000},
                "success": [{"share_of_target": 0.5, "outcome": "work"}],
            },
            "financing.payments[0].amounts.2027: is paid in 2027, before the result it depends on: the pooled "
            "result is complete in 2028, at the end of the last cohort's profile; pay it in 2028 or later, or say "
            "when it is measured, e.g. measured: {after_intake: 1}",
        ),
        (
            rate_card(10_000, lag=3, success=[{"share_of_target": 0.5}]),
            "financing.payments[0].success: the pooled result is complete in 2028, at the end of the last cohort's "
            "profile, and would be paid in 2031, after the settlement year 2030; judge per_cohort, shorten the lag "
            "or move the settlement_year",
        ),
        (
            rate_card(10_000, lag=2, measured={"after_intake": [2, 4]}),
            "financing.payments[0].measured: cohort 2026's measurement in 2030 would be paid in 2032, after the "
            "settlement year 2030, when nothing is paid any more; measure earlier or move the settlement_year",
        ),
        (
            rate_card(10_000, measured={"years": [2031]}),
            "financing.payments[0].measured.years[0]: year must be between 2026 and 2030, got 2031",
        ),
        (
            rate_card(10_000, measured={"years": [2028, 2027]}),
            "financing.payments[0].measured.years: measurements must rise from one to the next, each once",
        ),
        (
            rate_card(10_000, measured={}),
            "financing.payments[0].measured: give after_intake (years after each cohort's intake) or "
            "years (fixed years), one of them",
        ),
    ],
)
def test_a_payment_before_its_measurement_or_after_settlement_is_refused(
    rule: dict[str, Any], message: str
) -> None:
    with pytest.raises(CaseFileError) as caught:
        parse_case(make_case({"payments": [rule]}), {}, "payments test")
    assert caught.value.messages() == [f"payments test: {message}"]


# --- outcomes measured as counts or rates, thresholds as changes or levels ---------------
# Reconviction events per offender: baseline 1.55, with the programme 1.40 (lower is better);
# the improvement is 0.15 events an offender, a change of 0.15 / 1.55 = 9.677 % against the
# baseline. 10 offenders, profile [1]: 1.5 events avoided in 2026.
EVENTS: dict[str, Any] = {
    "name": "reconviction events",
    "measure": "rate",
    "better": "lower",
    "baseline": 1.55,
    "with_programme": 1.40,
    "profile": [1.0],
    "savings": [{"name": "court", "amount": 10_000, "shares": {"municipality": 1.0}}],
}


def events_rule(**condition: Any) -> dict[str, Any]:
    return {"type": "rate_card", "outcome": "reconviction events", "price": 1_000, "success": [condition]}


@pytest.mark.parametrize(
    ("condition", "paid"),
    [
        ({"change": 0.10, "judged": "per_cohort"}, 0.0),  # 9.68 % < 10 %
        ({"change": 0.075, "judged": "per_cohort"}, 1_500.0),  # 9.68 % >= 7.5 %: 1.5 events x 1,000
        ({"level": 1.45, "judged": "per_cohort"}, 1_500.0),  # 1.40 <= 1.45
        ({"level": 1.35, "judged": "per_cohort"}, 0.0),  # 1.40 > 1.35
    ],
)
def test_a_rate_outcome_is_judged_by_its_change_or_its_level(condition: dict[str, Any], paid: float) -> None:
    r = run(make_case({"payments": [events_rule(**condition)]}, outcomes=[EVENTS]))
    assert sum(column(r, "outcome_payments")) == approx(paid)
    assert sum(column(r, "savings_municipal")) == approx(15_000)  # 1.5 events x 10,000


def test_a_rate_may_exceed_one_but_a_share_may_not() -> None:
    share = {**EVENTS, "measure": "share"}
    with pytest.raises(CaseFileError) as caught:
        parse_case(make_case(outcomes=[share]), {}, "payments test")
    assert caught.value.messages()[0] == (
        "payments test: outcomes[0].baseline: must be between 0 and 1, got 1.55 (a share of participants; "
        "for a count or rate per participant, add measure: rate)"
    )


def test_tiers_by_level_fall_where_lower_is_better() -> None:
    # levels 1.50, 1.45, 1.38: 1.40 reaches the second (at most 1.45), not the third
    rule = {
        "type": "tiers",
        "outcome": "reconviction events",
        "by": "level",
        "judged": "per_cohort",
        "tiers": [
            {"at_least": 1.50, "price": 100},
            {"at_least": 1.45, "price": 200},
            {"at_least": 1.38, "price": 400},
        ],
    }
    r = run(make_case({"payments": [rule]}, outcomes=[EVENTS]))
    assert sum(column(r, "outcome_payments")) == approx(1.5 * 200)
    rising = {**rule, "tiers": list(reversed(rule["tiers"]))}
    with pytest.raises(CaseFileError) as caught:
        parse_case(make_case({"payments": [rising]}, outcomes=[EVENTS]), {}, "payments test")
    assert caught.value.messages() == [
        "payments test: financing.payments[0].tiers: levels must fall (lower is better for 'reconviction "
        "events') from one tier to the next"
    ]


def test_a_change_needs_a_baseline() -> None:
    effect = {"name": "work", "effect": 0.3, "profile": [1.0], "target": 0.3}
    rule = {"type": "rate_card", "outcome": "work", "price": 1_000, "success": [{"change": 0.1}]}
    with pytest.raises(CaseFileError) as caught:
        parse_case(make_case({"payments": [rule]}, outcomes=[effect]), {}, "payments test")
    assert caught.value.messages() == [
        "payments test: financing.payments[0].success[0].outcome: a change is judged against outcome 'work''s "
        "baseline: give it baseline and with_programme (not effect)"
    ]


# --- levels by cohort and by year since intake ---------------------------------------------
# Base: baseline 0.2, with_programme 0.6 (delta 0.4), profile [0.5, 1, 1], 10 a cohort.


def test_a_cohort_s_measured_level_replaces_the_general_one() -> None:
    # A keeps 0.6 (delta 0.4: units [2, 4, 4]); B measured 0.4 (delta 0.2: units [1, 2, 2]);
    # per cohort 100 % of the 0.4 target: A passes (paid 10k a unit), B at 50 % does not
    work = {**WORK, "by_cohort": {"B": {"with_programme": 0.4}}}
    rule = rate_card(10_000, success=[{"share_of_target": 1.0, "judged": "per_cohort"}])
    r = run(make_case({"payments": [rule]}, cohorts=two_cohorts(1.0, 1.0), outcomes=[work]))
    assert column(r, "outcome_payments") == approx([20 * K, 40 * K, 40 * K, 0, 0])
    # savings: (A + B) units x 50,000 municipal = [3, 6, 6] x 50k
    assert column(r, "savings_municipal") == approx([150 * K, 300 * K, 300 * K, 0, 0])


def test_a_level_by_year_since_intake_and_by_cohort_and_year() -> None:
    # every cohort 0.5 in its intake year (delta 0.3); cohort B 0.3 in its second (delta 0.1)
    work = {
        **WORK,
        "by_year": {0: {"with_programme": 0.5}},
        "by_cohort": {"B": {"by_year": {1: {"with_programme": 0.3}}}},
    }
    r = run(make_case(cohorts=two_cohorts(1.0, 1.0), outcomes=[work]))
    # A: 10 x [0.3 x 0.5, 0.4 x 1, 0.4 x 1] = [1.5, 4, 4]; B: [1.5, 1, 4]; x 50,000 municipal
    assert column(r, "savings_municipal") == approx([150 * K, 250 * K, 400 * K, 0, 0])


def test_a_cohort_is_judged_on_its_results_weighted_by_its_profile() -> None:
    # B: 0.5 in year 0 (delta 0.3, weight 0.5), 0.6 after (0.4, weights 1 and 1): judged
    # (0.3 x 0.5 + 0.4 x 2) / 2.5 = 0.38, 95 % of the 0.4 target: fails a 96 % threshold,
    # passes a 95 % one
    work = {**WORK, "by_cohort": {"B": {"by_year": {0: {"with_programme": 0.5}}}}}
    cohorts = two_cohorts(1.0, 1.0)
    for needed, paid in [(0.96, 0.0), (0.95, 1.0)]:
        rule = rate_card(
            10_000, success=[{"share_of_target": needed, "judged": "per_cohort", "outcome": "work"}]
        )
        r = run(make_case({"payments": [rule]}, cohorts=cohorts, outcomes=[work]))
        # A is paid 100k either way; B's units are 1.5 + 4 + 4 = 9.5
        assert sum(column(r, "outcome_payments")) == approx(100 * K + paid * 95 * K)


@pytest.mark.parametrize(
    ("work", "message"),
    [
        (
            {**WORK, "by_cohort": {"C": {"with_programme": 0.5}}},
            "outcomes[0].by_cohort.C: no cohort named 'C'; cohorts are: 'A', 'B'",
        ),
        (
            {**WORK, "by_year": {3: {"with_programme": 0.5}}},
            "outcomes[0].by_year[3]: the profile has 3 years (0 to 2 since intake)",
        ),
        (
            {**WORK, "by_year": {1: {"effect": 0.5}}},
            "outcomes[0]: by_year[1]: this outcome states its levels as baseline or with_programme; give that here too",
        ),
        (
            {**WORK, "by_cohort": {"A": {"with_programme": 1.5}}},
            "outcomes[0]: by_cohort.A: with_programme must be between 0 and 1, got 1.5 (a share of participants; "
            "for a count or rate per participant, add measure: rate)",
        ),
    ],
)
def test_levels_by_cohort_or_year_that_cannot_apply_are_refused(work: dict[str, Any], message: str) -> None:
    with pytest.raises(CaseFileError) as caught:
        parse_case(make_case(cohorts=two_cohorts(1.0, 1.0), outcomes=[work]), {}, "payments test")
    assert caught.value.messages() == [f"payments test: {message}"]


# --- other payers and grants --------------------------------------------------------------


def test_another_payer_pays_its_share_until_its_maximum_and_the_municipality_the_rest() -> None:
    # payments [20k, 40k, 40k, 0, 0]; a lottery fund pays half, at most 25k: [10k, 15k, 0]
    payer = {"name": "lottery fund", "payer": "other", "share": 0.5, "max": 25_000}
    r = run(make_case({"payments": [rate_card(10_000)], "payers": [payer]}))
    assert column(r, "outcome_payments") == approx([20 * K, 40 * K, 40 * K, 0, 0])
    assert column(r, "outcome_payments_others") == approx([10 * K, 15 * K, 0, 0, 0])
    # municipal net = municipal savings [100k, 200k, 200k] - its part [10k, 25k, 40k]
    assert column(r, "municipal_net") == approx([90 * K, 175 * K, 160 * K, 0, 0])
    m = r.primary.metrics
    assert m.total_outcome_payments_others == approx(25 * K)
    assert m.investor_net_gain == approx(100 * K - 100 * K)  # the investor gets all 100k
    # the fund is not public money: public net = public savings 1,000k - the 75k the public pays
    assert m.public_net_gain == approx(1_000 * K - 75 * K)


def test_a_state_payer_counts_for_the_public_sector() -> None:
    payer = {"name": "the state", "payer": "state", "share": 0.5}
    r = run(make_case({"payments": [rate_card(10_000)], "payers": [payer]}))
    m = r.primary.metrics
    assert m.net_municipal_gain == approx(500 * K - 50 * K)  # municipal savings less half of 100k
    assert m.public_net_gain == approx(1_000 * K - 100 * K)  # all of it is public money


@pytest.mark.parametrize(("payer", "public_cost"), [("state", 100 * K), ("other", 60 * K)])
def test_a_grant_funds_part_of_the_programme_and_is_not_repaid(payer: str, public_cost: float) -> None:
    grant = {"name": "national fund", "payer": payer, "amounts": {2026: 40_000}}
    data = make_case({"payments": [rate_card(10_000)]})
    r = run({**data, "grants": [grant]})
    sib, own = r.primary, r.alternative
    # SIB: the investor funds 100k - 40k = 60k and is paid 100k, the municipality pays it all
    assert column(r, "investor_capital") == approx([60 * K, 0, 0, 0, 0])
    assert column(r, "grants") == approx([40 * K, 0, 0, 0, 0])
    assert sib.metrics.net_municipal_gain == approx(500 * K - 100 * K)
    # self-financed: the municipality pays 100k - 40k
    assert own.metrics.net_municipal_gain == approx(500 * K - 60 * K)
    # the public sector pays the programme less a grant from outside it
    assert own.metrics.public_net_gain == approx(1_000 * K - public_cost)


def test_a_grant_above_the_year_s_programme_cost_is_refused() -> None:
    grant = {"name": "national fund", "payer": "state", "amounts": {2027: 40_000}}
    with pytest.raises(CaseFileError) as caught:
        parse_case({**make_case(), "grants": [grant]}, {}, "payments test")
    assert caught.value.messages() == [
        "payments test: grants[0].amounts.2027: is more than the programme cost of 2027 (0): a grant funds part "
        "of the programme, no more"
    ]


def test_a_savings_share_can_share_the_state_s_savings() -> None:
    # savings: 100,000 a unit, municipality 0.5, state 0.5; units [2, 4, 4]: the state's
    # savings are [100k, 200k, 200k]; 40 % of them
    rule = {"type": "savings_share", "share": 0.4, "of": ["state"]}
    r = run(make_case({"payments": [rule]}))
    assert column(r, "outcome_payments") == approx([40 * K, 80 * K, 80 * K, 0, 0])
    both = {**rule, "of": ["municipality", "state"]}  # all of it: [200k, 400k, 400k] x 0.4
    assert column(run(make_case({"payments": [both]})), "outcome_payments") == approx(
        [80 * K, 160 * K, 160 * K, 0, 0]
    )


# --- investors and tranches ---------------------------------------------------------------
# Capital 100k in 2026; a rate card at 15k a unit pays [30k, 60k, 60k, 0, 0] = 150k.


def test_a_senior_tranche_is_repaid_with_its_coupon_before_the_subordinate_one() -> None:
    investors = [
        {"name": "senior", "amount": 60_000, "priority": 1, "coupon": 0.10},
        {"name": "junior", "amount": 40_000, "priority": 2},
    ]
    r = run(make_case({"payments": [rate_card(15_000)], "investors": investors}))
    senior, junior = r.primary.investors
    # 2026: senior owed 60k x 1.0 (no interest yet), junior 40k; 30k to the senior.
    # 2027: senior owed 30k x 1.1 = 33k: paid 33k; the junior gets the other 27k (owed 40k -> 13k).
    # 2028: 60k: junior's 13k, then 47k left shared by capital drawn (60 : 40): 28.2k and 18.8k.
    assert senior.drawn == approx(60 * K)
    assert junior.drawn == approx(40 * K)
    assert senior.received == approx(30 * K + 33 * K + 28.2 * K)
    assert junior.received == approx(27 * K + 13 * K + 18.8 * K)
    assert senior.received + junior.received == approx(r.primary.metrics.total_outcome_payments)
    flows = [-60 * K + 30 * K, 33 * K, 28.2 * K]
    assert senior.irr == approx(float(npf.irr(flows)))
    assert junior.multiple == approx(58.8 / 40)


def test_investors_must_commit_the_capital_the_case_draws() -> None:
    investors = [{"name": "fund", "amount": 50_000}]
    with pytest.raises(CaseFileError) as caught:
        parse_case(make_case({"payments": [rate_card(15_000)], "investors": investors}), {}, "payments test")
    assert caught.value.messages() == [
        "payments test: financing.investors: the investors commit 50,000, less than the 100,000 of capital the "
        "case draws (programme cost, less grants, plus the investor's transaction costs)"
    ]


def test_a_waterfall_hurdle_can_be_interest_a_year_on_what_is_owed() -> None:
    # Utah-style: 95 % of savings until the investor has its capital plus 5 % a year, then 40 %.
    # capital 100k in 2026; municipal savings [100k, 200k, 200k]:
    # 2026: owed 100k; 95k paid (owed 5k). 2027: owed 5k x 1.05 = 5.25k: 95 % of 200k is more,
    # so 5.25k of savings at 95 % (5.526k of savings used) and 40 % of the other 194.474k.
    # 2028: owed 0: 40 % of 200k = 80k.
    rule = {"type": "savings_share", "share": 0.95, "hurdle_rate": 0.05, "then_share": 0.40}
    r = run(make_case({"payments": [rule]}))
    used = 5_250 / 0.95
    assert column(r, "outcome_payments") == approx([95 * K, 5_250 + 0.4 * (200 * K - used), 80 * K, 0, 0])


# --- return by band of results, protection of principal -----------------------------------
# Capital 100k drawn in 2026. Shares: A at 100 % of the target.


def bands_rule(**extra: Any) -> dict[str, Any]:
    bands = [
        {"at_least": 0.5, "rate": 0.03},
        {"at_least": 0.9, "rate": 0.075},
        {"at_least": 1.2, "rate": 0.15},
    ]
    return {"type": "return_bands", "outcome": "work", "bands": bands, **extra}


def test_return_bands_pay_the_band_s_interest_and_the_principal_back() -> None:
    # 100 % of the target reaches the 7.5 % band: 7.5k a year 2027-2030, then 100k in 2030;
    # the investor's IRR is then the band's rate
    r = run(make_case({"payments": [bands_rule()]}))
    assert column(r, "outcome_payments") == approx([0, 7_500, 7_500, 7_500, 107_500])
    assert r.primary.metrics.investor_irr == approx(0.075)


def test_below_every_band_the_minimum_rate_and_the_reduced_principal_apply() -> None:
    # 40 % of the target: no band; at least 5 % in the first 2 years; 50 % of the capital back
    rule = bands_rule(minimum_rate=0.05, minimum_years=2, principal_below=0.5, redemption=2029)
    r = run(
        make_case({"payments": [rule]}, cohorts=[{"year": 2026, "participants": 10, "effect_scale": 0.4}])
    )
    assert column(r, "outcome_payments") == approx([0, 5_000, 5_000, 50_000, 0])


@pytest.mark.parametrize(("protection_of", "top_up"), [("receipts", 15_000.0), ("principal", 25_000.0)])
def test_protection_of_principal_does_not_count_interest(protection_of: str, top_up: float) -> None:
    # as above: 10k of interest and 50k of principal; 75 % protected: receipts 60k < 75k
    # tops up 15k, principal 50k < 75k tops up 25k
    rule = bands_rule(minimum_rate=0.05, minimum_years=2, principal_below=0.5, redemption=2029)
    financing = {
        "payments": [rule],
        "capital_protection": 0.75,
        "protection_of": protection_of,
        "settlement_year": 2029,
    }
    r = run(make_case(financing, cohorts=[{"year": 2026, "participants": 10, "effect_scale": 0.4}]))
    assert r.primary.flows.capital_protection[0].sum() == approx(top_up)


# --- termination and recruitment shortfall ------------------------------------------------


def test_a_termination_stops_new_cohorts_and_the_programme_cost_after_its_year() -> None:
    # A (2026) and B (2028); cost 10k a participant spread [0.5, 0.5]; terminated after 2026:
    # B never starts, A's 2027 half is not spent; A's results still arise and are paid
    cohorts = [
        {"year": 2026, "participants": 10, "name": "A"},
        {"year": 2028, "participants": 10, "name": "B"},
    ]
    financing = {"payments": [rate_card(10_000)]}
    data = {
        **make_case(
            financing, cohorts=cohorts, programme_cost={"per_participant": 10_000, "spread": [0.5, 0.5]}
        )
    }
    r = run({**data, "termination": {"year": 2026}})
    assert column(r, "programme_cost") == approx([50 * K, 0, 0, 0, 0])
    assert column(r, "outcome_payments") == approx([20 * K, 40 * K, 40 * K, 0, 0])  # A's units only
    settled = run({**data, "termination": {"year": 2026, "settle": True}})
    assert column(settled, "outcome_payments") == approx([20 * K, 0, 0, 0, 0])  # nothing after 2026


@pytest.mark.parametrize(("on_shortfall", "paid"), [("scale", 60 * K), ("keep", 100 * K)])
def test_a_recruitment_shortfall_scales_costs_units_and_fixed_amounts(on_shortfall: str, paid: float) -> None:
    # 6 of 10 recruited: cost 60k, units [1.2, 2.4, 2.4]; the fixed 100k scaled to 60k (or kept)
    rule = {
        "type": "fixed",
        "amounts": {2028: 100_000},
        "success": [{"share_of_target": 0.5, "outcome": "work", "judged": "per_cohort"}],
    }
    cohorts = [{"year": 2026, "participants": 10, "recruited": 6}]
    r = run(make_case({"payments": [rule], "on_shortfall": on_shortfall}, cohorts=cohorts))
    assert column(r, "programme_cost") == approx([60 * K, 0, 0, 0, 0])
    assert column(r, "savings_municipal") == approx([60 * K, 120 * K, 120 * K, 0, 0])
    assert sum(column(r, "outcome_payments")) == approx(paid)


# --- true-up: judged on the results so far, interim payments netted -----------------------
# WORK: profile [0.5, 1, 1], target 0.4; units a year 10 x delta x profile.


def test_true_up_judges_each_measurement_on_the_results_so_far() -> None:
    # intake year at 0.3 (delta 0.1), then 0.6 (0.4): so far at 2026 0.1 (25 % of the target,
    # fails 80 %); at 2028 (0.1 x 0.5 + 0.4 + 0.4) / 2.5 = 0.34 (85 %, passes): all 8.5 units
    work = {**WORK, "by_year": {0: {"with_programme": 0.3}}}
    success = [{"share_of_target": 0.8, "judged": "per_cohort"}]
    trued = rate_card(10_000, measured={"after_intake": [0, 2], "true_up": True}, success=success)
    r = run(make_case({"payments": [trued]}, outcomes=[work]))
    assert column(r, "outcome_payments") == approx([0, 0, 85 * K, 0, 0])
    # without true_up the cohort is judged on all its years (85 %) at every measurement
    plain = rate_card(10_000, measured={"after_intake": [0, 2]}, success=success)
    r = run(make_case({"payments": [plain]}, outcomes=[work]))
    assert column(r, "outcome_payments") == approx([5 * K, 0, 80 * K, 0, 0])


def test_true_up_nets_an_interim_payment_and_never_claws_it_back() -> None:
    # 0.6 in years 0 and 1, 0.2 (no effect) in year 2: at 2027 so far 0.4 (100 %): 6 units paid;
    # at 2028 (0.2 + 0.4 + 0) / 2.5 = 0.24 (60 %) fails: nothing more, and nothing repaid
    work = {**WORK, "by_year": {2: {"with_programme": 0.2}}}
    rule = rate_card(
        10_000,
        measured={"after_intake": [1, 2], "true_up": True},
        success=[{"share_of_target": 0.8, "judged": "per_cohort"}],
    )
    r = run(make_case({"payments": [rule]}, outcomes=[work]))
    assert column(r, "outcome_payments") == approx([0, 60 * K, 0, 0, 0])


def test_a_trued_up_rule_pays_on_the_pool_a_cohort_that_fails_on_its_own_so_far() -> None:
    # found in review: levels 0.3, 0.3, 0.7 (profile 1, 1, 1): so far at 2027 (0.1 + 0.1) / 2 = 0.1,
    # 25 % of the target, below its own 50 %; over all years 0.23 (58 %) it would pass. The pooled
    # result (one cohort: the same) reaches 20 %: it passes on the pool, 2 units x 30,000 = 60,000 at
    # 2027, as with the pooled condition alone. Before, the own pass over all years took it out of
    # the pool and it was paid nothing.
    work = {
        **WORK,
        "profile": [1.0, 1.0, 1.0],
        "by_year": {0: {"with_programme": 0.3}, 1: {"with_programme": 0.3}, 2: {"with_programme": 0.7}},
    }
    measured = {"after_intake": [0, 1], "true_up": True}
    either = [{"share_of_target": 0.5, "judged": "per_cohort"}, {"share_of_target": 0.2, "judged": "pooled"}]
    pooled = [{"share_of_target": 0.2, "judged": "pooled"}]
    paid = [
        column(run(make_case({"payments": [rate_card(30_000, measured=measured, success=s)]}, outcomes=[work])),
               "outcome_payments")
        for s in (either, pooled)
    ]  # fmt: skip
    assert paid[0] == approx(paid[1])
    assert paid[1] == approx([0, 60 * K, 0, 0, 0])


def test_the_statement_of_a_trued_up_rule_judges_each_date_on_the_results_then() -> None:
    # the case above: at 2027 the results so far (0.4, 100 %) pass and 6 units are paid; at 2028
    # they (0.24, 60 %) fail, and the statement says so, though 2027's judgement passed
    work = {**WORK, "by_year": {2: {"with_programme": 0.2}}}
    rule = rate_card(
        10_000,
        measured={"after_intake": [1, 2], "true_up": True},
        success=[{"share_of_target": 0.8, "judged": "per_cohort"}],
    )
    case = parse_case(make_case({"payments": [rule]}, outcomes=[work]), {}, "payments test")
    interim, final = settle(case, 2027).rules[0], settle(case, 2028).rules[0]
    assert interim.due_now == approx(60 * K)
    assert [c["passes"] for c in interim.cohorts] == ["own"]
    assert interim.cohorts[0]["conditions"][0]["achieved"] == approx(1.0)
    assert interim.cohorts[0]["measured_to"] == 2027
    assert final.due_now == 0
    assert final.paid_before == approx(60 * K)
    assert [c["passes"] for c in final.not_paid] == ["fails"]
    assert final.not_paid[0]["conditions"][0]["achieved"] == approx(0.6)
