"""Invariants of the engine over random small cases (hypothesis).

`cases()` draws a valid case as a plain dict (the YAML structure): 1-3 cohorts, 1-2
outcomes stated either way, profiles, savings split between holders, transaction costs,
and SIB financing with 0-2 payment rules of any type, success conditions, caps at rule
and financing level, capital protection and a guarantee. Improvements are never
negative (a programme that makes things worse is a separate, known problem: see
tests/test_payments.py).
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sib_case import evaluate
from sib_case.engine import cash_flows, compile_case
from sib_case.loader import parse_case
from sib_case.metrics import TOL
from sib_case.model import Case, measurement_years, pooled_year
from sib_case.result import ModeResult, Result

START = 2026
# The example count comes from the Hypothesis profile (tests/conftest.py): a few in the
# fast run, 50 in the full run.
PROPERTY = settings(deadline=None)

MONEY_COLUMNS = (
    "programme_cost",
    "investor_capital",
    "outcome_payments",
    "guarantee_payments",
    "transaction_costs_municipal",
    "savings_municipal",
    "savings_public",
    "municipal_net",
    "municipal_cumulative",
    "municipal_discounted_cumulative",
    "investor_net",
)
MONEY_METRICS = (
    "net_municipal_gain",
    "municipal_npv",
    "public_net_gain",
    "public_npv",
    "total_outcome_payments",
    "total_programme_cost",
    "total_transaction_costs",
    "investor_net_gain",
    "total_investor_capital",
    "total_guarantee_payments",
    "total_transaction_costs_municipal",
    "total_savings_municipal",
    "total_savings_public",
    "net_municipal_gain_if_no_effect",
    "municipal_npv_if_no_effect",
)
UNCHANGED_METRICS = (
    "break_even_year",
    "discounted_break_even_year",
    "benefit_cost_ratio",
    "investor_irr",
    "investor_multiple",
    "break_even_effect_municipal",
    "break_even_effect_investor",
    "participants",
)
SHARES_BY_HOLDER = (
    {"municipality": 1.0},
    {"municipality": 0.5, "state": 0.5},
    {"municipality": 0.3, "region": 0.2, "state": 0.5},
    {"state": 0.75, "other": 0.25},
)
SPREADS = ([1.0], [0.5, 0.5], [0.25, 0.5, 0.25])

share = st.integers(0, 100).map(lambda v: v / 100)


def money(most: int) -> st.SearchStrategy[float]:
    """Whole hundreds up to `most`."""
    return st.integers(0, most // 100).map(lambda v: v * 100.0)


@st.composite
def cases(draw: st.DrawFn, *, with_caps: bool = False, protection: bool = True) -> dict[str, Any]:
    horizon = draw(st.integers(1, 7))
    year = st.integers(START, START + horizon - 1)

    def by_year() -> dict[int, float]:
        return draw(st.dictionaries(year, money(100_000), min_size=1, max_size=3))

    cohorts = [
        {
            "year": draw(year),
            "participants": draw(st.integers(1, 50)),
            "effect_scale": draw(st.integers(0, 150).map(lambda v: v / 100)),
        }
        for _ in range(draw(st.integers(1, 3)))
    ]
    outcomes = []
    for o in range(draw(st.integers(1, 2))):
        outcome: dict[str, Any] = {
            "name": f"outcome{o}",
            "profile": draw(st.lists(share, min_size=1, max_size=5)),
            "target": draw(st.integers(5, 60).map(lambda v: v / 100)),
            "attribution": draw(st.integers(20, 100).map(lambda v: v / 100)),
            "optimism_bias": draw(st.integers(0, 50).map(lambda v: v / 100)),
            "savings": [
                {
                    "name": f"item{s}",
                    "amount": draw(money(200_000)),
                    "shares": draw(st.sampled_from(SHARES_BY_HOLDER)),
                    "cashable": draw(share),
                    "lag": draw(st.integers(0, 2)),
                }
                for s in range(draw(st.integers(0 if o else 1, 2)))  # the first outcome saves something
            ],
        }
        low, high = sorted(draw(st.lists(share, min_size=2, max_size=2)))
        stated = draw(st.sampled_from(["higher", "lower", "effect"]))
        if stated == "higher":
            outcome.update(baseline=low, with_programme=high)
        elif stated == "lower":
            outcome.update(baseline=high, with_programme=low, better="lower")
        else:
            outcome.update(effect=high, deadweight=draw(share))
        outcomes.append(outcome)
    names = [o["name"] for o in outcomes]

    def conditions(min_size: int) -> list[dict[str, Any]]:
        return [
            {
                "share_of_target": draw(st.integers(0, 120).map(lambda v: v / 100)),
                "judged": draw(st.sampled_from(["pooled", "per_cohort"])),
                "outcome": draw(st.sampled_from(names)),
            }
            for _ in range(draw(st.integers(min_size, 2)))
        ]

    def caps(at_least_one: bool = False) -> dict[str, Any]:
        options = {
            "total": money(1_000_000),
            "multiple": st.integers(0, 300).map(lambda v: v / 100),
            "annual_return": st.integers(0, 30).map(lambda v: v / 100),
            "per_year": money(300_000),
        }
        chosen = draw(st.sets(st.sampled_from(sorted(options)), min_size=int(at_least_one)))
        return {key: draw(options[key]) for key in chosen}

    def rule() -> dict[str, Any]:
        kind = draw(st.sampled_from(["rate_card", "savings_share", "fixed", "tiers"]))
        if kind == "rate_card":
            made: dict[str, Any] = {
                "outcome": draw(st.sampled_from(names)),
                "price": draw(money(100_000)),
                "lag": draw(st.integers(0, 2)),
            }
        elif kind == "savings_share":
            made = {
                "share": draw(share),
                "outcomes": draw(st.lists(st.sampled_from(names), max_size=2, unique=True)),
                "lag": draw(st.integers(0, 2)),
            }
            if draw(st.booleans()):
                made.update(hurdle=draw(st.integers(0, 50).map(lambda v: v / 100)), then_share=draw(share))
        elif kind == "fixed":
            made = {"amounts": by_year(), "success": conditions(1)}
        else:
            steps = sorted(draw(st.lists(st.integers(0, 150), min_size=1, max_size=3, unique=True)))
            lump = draw(st.booleans())
            made = {
                "outcome": draw(st.sampled_from(names)),
                "judged": draw(st.sampled_from(["pooled", "per_cohort"])),
                "tiers": [
                    {
                        "at_least": s / 100,
                        ("amount" if lump else "price"): draw(money(100_000 if lump else 50_000)),
                    }
                    for s in steps
                ],
                "lag": draw(st.integers(0, 2)),
            }
            if lump:
                made["year"] = draw(year)
        made["type"] = kind
        if "success" not in made:
            made["success"] = conditions(0)
        made["cap"] = caps()
        return timed(made)

    last = START + horizon - 1

    def timed(made: dict[str, Any]) -> dict[str, Any]:
        """When the results are measured: as they arise, years after intake or fixed years;
        a pooled judgement or a measurement paid after the last year is refused, so the lag
        is then 0; a dated payment before its pooled result is measured is refused, so that
        result is measured in the first dated year."""
        pooled = any(c["judged"] == "pooled" for c in made["success"]) or made.get("judged") == "pooled"
        dates = [*made.get("amounts", {}), *([made["year"]] if "year" in made else [])]
        if dates:
            if pooled:
                made["measured"] = {"years": [min(dates)]}
            return made
        how = draw(st.sampled_from(["arising", "arising", "after_intake", "years"]))
        if how == "after_intake":
            room = last - max(c["year"] for c in cohorts)
            made["measured"] = {
                "after_intake": sorted(draw(st.sets(st.integers(0, room), min_size=1, max_size=3)))
            }
        elif how == "years":
            made["measured"] = {"years": sorted(draw(st.sets(year, min_size=1, max_size=3)))}
        if "measured" in made and made["type"] in ("rate_card", "savings_share") and draw(st.booleans()):
            made["measured"]["true_up"] = True
        if pooled or "measured" in made:
            made["lag"] = 0
        return made

    financing: dict[str, Any] = {
        "mode": draw(st.sampled_from(["sib", "self"])),
        "capital": draw(st.sampled_from(["as_needed", "upfront"])),
        "payments": [rule() for _ in range(draw(st.sampled_from([1, 2, 0])))],
        "cap": caps(at_least_one=with_caps),
    }
    if draw(st.booleans()):
        payer: dict[str, Any] = {
            "name": "co-payer",
            "payer": draw(st.sampled_from(["region", "state", "other"])),
            "share": draw(share),
        }
        if draw(st.booleans()):
            payer["max"] = draw(money(100_000))
        financing["payers"] = [payer]
    if draw(st.booleans()):
        # commitments far above any capital these cases draw
        financing["investors"] = [
            {
                "name": f"investor{i}",
                "amount": 100_000_000.0,
                "priority": draw(st.integers(1, 3)),
                **(
                    {"coupon": draw(st.integers(0, 15).map(lambda v: v / 100))} if draw(st.booleans()) else {}
                ),
            }
            for i in range(draw(st.integers(1, 3)))
        ]
    if protection:
        financing["capital_protection"] = draw(st.sampled_from([0.0, 0.0, 0.5, 1.0]))
        if draw(st.booleans()):
            guarantee: dict[str, Any] = {"share": draw(share)}
            if draw(st.booleans()):
                guarantee["max"] = draw(money(200_000))
            financing["guarantee"] = guarantee
        if draw(st.booleans()):
            # not before a payment the contract dates: that is refused (nothing would pay it)
            dated = [y for r in financing["payments"] for y in [*r.get("amounts", {}), r.get("year")] if y]
            measured = [
                y for r in financing["payments"] for y in paid_by_measurement(r, cohorts, outcomes, last)
            ]
            financing["settlement_year"] = draw(st.integers(max([START, *dated, *measured]), last))

    payers = [("municipality", "both"), ("municipality", "sib"), ("municipality", "self")]
    payers += [("investor", "sib"), ("state", "both")]
    transaction_costs = []
    for i in range(draw(st.integers(0, 2))):
        payer, under = draw(st.sampled_from(payers))
        transaction_costs.append(
            {"category": f"cost{i}", "amounts": by_year(), "payer": payer, "under": under}
        )

    programme_cost: dict[str, Any] = {
        "per_participant": draw(st.integers(1, 500).map(lambda v: v * 100.0)),
        "spread": draw(st.sampled_from(SPREADS)),
    }
    if draw(st.booleans()):
        programme_cost["fixed"] = by_year()
    return {
        "case": {
            "name": "random case",
            "start_year": START,
            "horizon": horizon,
            "discount_rate": draw(st.sampled_from([0.0, 0.035, 0.05, 0.1])),
        },
        "cohorts": cohorts,
        "programme_cost": programme_cost,
        "outcomes": outcomes,
        "transaction_costs": transaction_costs,
        "financing": financing,
    }


def paid_by_measurement(
    rule: dict[str, Any], cohorts: list[dict[str, Any]], outcomes: list[dict[str, Any]], last: int
) -> list[int]:
    """The years a (lag 0) rule pays on its measurements: each cohort's measurements and
    the pooled one (by the rules of README.md), for the settlement year to come after."""
    if "amounts" in rule or "year" in rule:
        return []
    measured = rule.get("measured", {})
    if "after_intake" in measured:
        years = [c["year"] + n for c in cohorts for n in measured["after_intake"]]
    else:
        years = list(measured.get("years", []))
    pooled_on = [c["outcome"] for c in rule["success"] if c["judged"] == "pooled"]
    if rule.get("judged") == "pooled":
        pooled_on.append(rule["outcome"])
    if pooled_on and not measured:
        length = max(len(o["profile"]) for o in outcomes if o["name"] in pooled_on)
        years.append(min(last, max(c["year"] for c in cohorts) + length - 1))
    return years


def build(data: dict[str, Any]) -> Case:
    return parse_case(data, {}, "random case")


def both_modes(result: Result) -> list[ModeResult]:
    return [result.primary, result.alternative]


def column(mode_result: ModeResult, name: str) -> np.ndarray:
    return np.asarray(mode_result.years[name], dtype=float)


def close(expected: Any) -> Any:
    return pytest.approx(expected, rel=1e-9, abs=1e-6)


def scale_money(data: dict[str, Any], factor: float) -> dict[str, Any]:
    """Every money amount times `factor`; shares, multiples, rates and hurdles stay."""
    out = copy.deepcopy(data)

    def times(amounts: dict[int, float]) -> dict[int, float]:
        return {y: a * factor for y, a in amounts.items()}

    def caps(cap: dict[str, Any]) -> None:
        for key in ("total", "per_year"):
            if key in cap:
                cap[key] *= factor

    cost = out["programme_cost"]
    cost["per_participant"] *= factor
    if "fixed" in cost:
        cost["fixed"] = times(cost["fixed"])
    for outcome in out["outcomes"]:
        for item in outcome["savings"]:
            item["amount"] *= factor
    for tc in out["transaction_costs"]:
        tc["amounts"] = times(tc["amounts"])
    fin = out["financing"]
    caps(fin["cap"])
    if "max" in fin.get("guarantee", {}):
        fin["guarantee"]["max"] *= factor
    for payer in fin.get("payers", []):
        if "max" in payer:
            payer["max"] *= factor
    for investor in fin.get("investors", []):
        investor["amount"] *= factor
    for rule in fin["payments"]:
        caps(rule["cap"])
        if "price" in rule:
            rule["price"] *= factor
        if rule["type"] == "fixed":
            rule["amounts"] = times(rule["amounts"])
        for tier in rule.get("tiers", []):
            for key in ("price", "amount"):
                if key in tier:
                    tier[key] *= factor
    return out


# --- NPV, IRR and sums ---------------------------------------------------------------------


@PROPERTY
@given(cases())
def test_municipal_npv_is_the_sum_of_discounted_municipal_net(data: dict[str, Any]) -> None:
    case = build(data)
    rate = case.case.discount_rate
    for mode in both_modes(evaluate(case)):
        net = column(mode, "municipal_net")
        by_hand = sum(flow / (1 + rate) ** t for t, flow in enumerate(net))  # year 0 at face value
        assert mode.metrics.municipal_npv == close(by_hand)
        assert mode.metrics.municipal_npv == close(npf.npv(rate, net))
        assert column(mode, "municipal_discounted_cumulative")[-1] == close(by_hand)


@PROPERTY
@given(cases())
def test_npv_at_rate_zero_equals_the_undiscounted_net_gain(data: dict[str, Any]) -> None:
    at_rate = evaluate(build(data))
    undiscounted = copy.deepcopy(data)
    undiscounted["case"]["discount_rate"] = 0.0
    at_zero = evaluate(build(undiscounted))
    for mode, mode_at_rate in zip(both_modes(at_zero), both_modes(at_rate), strict=True):
        m = mode.metrics
        assert m.municipal_npv == close(m.net_municipal_gain)
        assert m.public_npv == close(m.public_net_gain)
        # the discount rate changes no flow
        assert m.net_municipal_gain == close(mode_at_rate.metrics.net_municipal_gain)


@PROPERTY
@given(cases())
def test_investor_receives_what_the_municipality_pays_plus_the_guarantee(data: dict[str, Any]) -> None:
    case = build(data)
    result = evaluate(case, "sib")
    sib, own = result.primary, result.alternative
    capital = column(sib, "investor_capital")
    payments = column(sib, "outcome_payments")
    guarantee = column(sib, "guarantee_payments")
    municipal_costs = column(sib, "transaction_costs_municipal")
    assert column(sib, "investor_net") == close(-capital + payments + guarantee)
    # the municipality pays exactly the outcome payments other payers do not, nothing of the guarantee
    assert column(sib, "municipal_net") == close(
        column(sib, "savings_municipal")
        - (payments - column(sib, "outcome_payments_others"))
        - municipal_costs
    )
    m = sib.metrics
    assert column(sib, "investor_net").sum() == close(m.investor_net_gain)
    assert m.total_outcome_payments + m.total_guarantee_payments - m.total_investor_capital == close(
        m.investor_net_gain
    )
    # the investor funds the programme, and the transaction costs it pays
    investor_costs = sum(sum(tc.amounts.values()) for tc in case.transaction_costs if tc.payer == "investor")
    assert capital.sum() == close(m.total_programme_cost + investor_costs)
    # self-financed: no investor; the municipality pays the programme
    assert column(own, "outcome_payments") == close(np.zeros(case.case.horizon))
    assert column(own, "investor_capital") == close(np.zeros(case.case.horizon))
    assert column(own, "municipal_net") == close(
        column(own, "savings_municipal")
        - column(own, "programme_cost")
        - column(own, "transaction_costs_municipal")
    )
    assert own.metrics.investor_irr is None


@PROPERTY
@given(cases())
def test_investor_npv_at_its_irr_is_zero(data: dict[str, Any]) -> None:
    sib = evaluate(build(data), "sib").primary
    irr = sib.metrics.investor_irr
    flows = column(sib, "investor_net")
    gain = flows.sum()
    if irr is None:
        # documented (metrics.irr): no IRR where the flows never change sign, or where no
        # root of NPV(r) = 0 has the sign of the net gain
        changes_sign = (flows > TOL).any() and (flows < -TOL).any()
        roots = np.roots(flows[::-1])
        x = roots.real[(np.abs(roots.imag) <= 1e-9 * np.abs(roots.real)) & (roots.real > 0)]
        rates = 1 / x - 1
        agreeing = rates[rates >= -1e-6] if gain >= 0 else rates[rates < 1e-6]
        assert not changes_sign or not len(agreeing), flows
        return
    # never a negative IRR beside a gain, nor a positive one beside a loss (issue 10)
    assert irr >= -1e-9 if gain >= TOL else irr <= 1e-9 if gain <= -TOL else True
    discount = (1 + irr) ** -np.arange(len(flows), dtype=float)
    scale = np.abs(flows) @ discount  # the size of the terms that must cancel
    assert npf.npv(irr, flows) == pytest.approx(0, abs=1e-9 * scale + 1e-6)


@PROPERTY
@given(cases())
def test_rows_add_up_to_the_metrics(data: dict[str, Any]) -> None:
    for mode in both_modes(evaluate(build(data))):
        m = mode.metrics
        net = column(mode, "municipal_net")
        assert m.net_municipal_gain == close(net.sum())
        assert column(mode, "municipal_cumulative") == close(np.cumsum(net))
        assert m.total_outcome_payments == close(column(mode, "outcome_payments").sum())
        assert m.total_programme_cost == close(column(mode, "programme_cost").sum())
        assert m.total_guarantee_payments == close(column(mode, "guarantee_payments").sum())
        assert m.total_savings_municipal == close(column(mode, "savings_municipal").sum())
        assert m.total_savings_public == close(column(mode, "savings_public").sum())
        assert m.total_transaction_costs_municipal == close(column(mode, "transaction_costs_municipal").sum())
        assert m.participants == sum(row["participants"] for row in mode.years.rows())


# --- break-even ----------------------------------------------------------------------------


def assert_break_even(year: int | None, cumulative: np.ndarray) -> None:
    """`year` is the first year from which `cumulative` stays >= 0 (a cumulative within
    TOL of zero counts as zero); none if the horizon ends below zero."""
    if year is None:
        assert cumulative[-1] < -TOL
        return
    i = year - START
    assert (cumulative[i:] >= -TOL).all()
    assert i == 0 or cumulative[i - 1] < -TOL


@PROPERTY
@given(cases())
def test_break_even_year_is_where_the_cumulative_turns_and_stays_non_negative(data: dict[str, Any]) -> None:
    for mode in both_modes(evaluate(build(data))):
        assert_break_even(mode.metrics.break_even_year, column(mode, "municipal_cumulative"))
        assert_break_even(
            mode.metrics.discounted_break_even_year, column(mode, "municipal_discounted_cumulative")
        )


@PROPERTY
@given(cases())
def test_break_even_effect_is_where_the_npv_turns_non_negative(data: dict[str, Any]) -> None:
    case = build(data)
    inputs = compile_case(case)

    def municipal_npv(mode: Any, m: float) -> float:
        return float(cash_flows(inputs, mode, np.array([m])).municipal_net[0] @ inputs.discount)

    def investor_gain(mode: Any, m: float) -> float:
        return float(cash_flows(inputs, mode, np.array([m])).investor_net[0].sum())

    for mode in both_modes(evaluate(case)):
        parties = [("break_even_effect_municipal", municipal_npv, mode.metrics.municipal_npv)]
        if mode.mode == "sib":
            parties.append(("break_even_effect_investor", investor_gain, mode.metrics.investor_net_gain))
        for key, value, at_one in parties:
            m = mode.metrics[key]
            if m is None:
                assert at_one < -TOL  # not even the case's own effect (m = 1) breaks even
                continue
            assert value(mode.mode, m) >= -TOL
            if m > 0:
                assert value(mode.mode, max(m - 1e-5, 0.0)) < 0


@PROPERTY
@given(cases())
def test_no_effect_means_no_savings(data: dict[str, Any]) -> None:
    case = build(data)
    inputs = compile_case(case)
    for mode in both_modes(evaluate(case)):
        flows = cash_flows(inputs, mode.mode, np.zeros(1))
        assert flows.units == close(np.zeros_like(flows.units))
        assert flows.savings_municipal == close(np.zeros_like(flows.savings_municipal))
        assert flows.savings_public == close(np.zeros_like(flows.savings_public))
        assert mode.metrics.net_municipal_gain_if_no_effect == close(flows.municipal_net[0].sum())
        if mode.mode == "self":
            # the municipality bears the whole cost and gains nothing
            costs = column(mode, "programme_cost") + column(mode, "transaction_costs_municipal")
            assert flows.municipal_net[0] == close(-costs)


# --- scale ---------------------------------------------------------------------------------


@PROPERTY
@given(cases())
def test_doubling_every_amount_doubles_every_money_figure(data: dict[str, Any]) -> None:
    single = evaluate(build(data))
    double = evaluate(build(scale_money(data, 2.0)))
    for one, two in zip(both_modes(single), both_modes(double), strict=True):
        for name in MONEY_COLUMNS:
            assert column(two, name) == close(2 * column(one, name)), name
        assert column(two, "participants") == close(column(one, "participants"))
        for name in MONEY_METRICS:
            if one.metrics[name] is None:
                assert two.metrics[name] is None, name
            else:
                assert two.metrics[name] == close(2 * one.metrics[name]), name
        for name in UNCHANGED_METRICS:
            if one.metrics[name] is None or isinstance(one.metrics[name], int):
                assert two.metrics[name] == one.metrics[name], name
            else:
                assert two.metrics[name] == pytest.approx(one.metrics[name], rel=1e-6, abs=1e-6), name
        assert two.metrics.total_units == pytest.approx(one.metrics.total_units)


# --- caps ----------------------------------------------------------------------------------


def assert_within(caps: Any, payments: np.ndarray, capital: np.ndarray) -> None:
    slack = 1e-9 * max(1.0, float(np.abs(payments).sum() + capital.sum()))
    if caps.total is not None:
        assert payments.sum() <= caps.total + slack
    if caps.multiple is not None:
        assert payments.sum() <= caps.multiple * capital.sum() + slack
    if caps.per_year is not None:
        assert payments.max() <= caps.per_year + slack
    if caps.annual_return is not None:
        # payments stop where the investor's IRR would pass the rate: PV(payments) <= PV(capital)
        assert npf.npv(caps.annual_return, payments - capital) <= slack


@PROPERTY
@given(cases(with_caps=True, protection=False))
def test_caps_are_never_exceeded(data: dict[str, Any]) -> None:
    case = build(data)
    sib = evaluate(case, "sib").primary
    payments = column(sib, "outcome_payments")
    capital = column(sib, "investor_capital")
    assert (payments >= 0).all()
    assert_within(case.financing.cap, payments, capital)
    if len(case.financing.payments) == 1:
        assert_within(case.financing.payments[0].cap, payments, capital)


@PROPERTY
@given(cases(protection=False))
def test_no_payment_falls_before_the_measurement_it_rests_on(data: dict[str, Any]) -> None:
    """A measured rule pays only in a year that is one of its measurements plus the lag; a
    rule judged only on the pooled result pays nothing before the pooled measurement."""
    case = build(data)
    sib = evaluate(case, "sib").primary
    start = case.case.start_year
    for r, rule in enumerate(case.financing.payments):
        paid = sib.flows.payments_by_rule[0, r]
        years = {start + t for t in np.flatnonzero(np.abs(paid) > 1e-9)}
        lag = getattr(rule, "lag", 0)
        dated = "amounts" in data["financing"]["payments"][r] or "year" in data["financing"]["payments"][r]
        if rule.measured is not None and not dated:
            allowed = {y + lag for c in case.cohorts for y in measurement_years(rule, c) or []}
            assert years <= allowed
        per_cohort = any(c.judged == "per_cohort" for c in rule.success)
        pooled = pooled_year(rule, case)
        if pooled is not None and not per_cohort and not dated:
            assert all(y >= pooled + lag for y in years)
        if pooled is not None and dated:
            assert all(y >= pooled for y in years)


@PROPERTY
@given(cases())
def test_investors_receive_what_is_paid_and_other_payers_stay_within_their_terms(
    data: dict[str, Any],
) -> None:
    """Each year the investors together receive the outcome payments plus the guarantee and
    put in the capital drawn; another payer pays at most its share of the payments (which
    leave out the protection top-up) and at most its maximum."""
    case = build(data)
    sib = evaluate(case, "sib").primary
    flows = sib.flows
    if case.financing.investors:
        from sib_case.investors import allocate

        receipts = flows.outcome_payments + flows.guarantee_payments
        split = allocate(case, flows.investor_capital, receipts)
        assert split.receipts.sum(axis=1) == close(receipts)
        assert split.capital.sum(axis=1) == close(flows.investor_capital)
        assert (split.receipts >= -1e-9).all()
        assert sum(i.received for i in sib.investors) == pytest.approx(float(receipts.sum()), abs=1e-6)
    for p, payer in enumerate(case.financing.payers):
        part = flows.payments_by_payer[0, p]
        rules = flows.outcome_payments[0] - flows.capital_protection[0]
        assert (part <= payer.share * rules + 1e-6).all()
        if payer.max is not None:
            assert part.sum() <= payer.max + 1e-6
