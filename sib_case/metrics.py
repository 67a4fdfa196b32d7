"""Key figures from yearly flows: break-even years, NPVs, the investor's return, and
the break-even effect multipliers (solved numerically)."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import numpy_financial as npf

from .engine import Flows, Inputs, Mode, cash_flows

TOL = 1e-6  # currency units: a cumulative this close to zero counts as broken even
EFFECT_GRID = np.concatenate([np.linspace(0, 2, 41), np.linspace(2.5, 10, 16), [15, 20, 30, 50, 100]])
EFFECT_PRECISION = 1e-7


def npv(flows: np.ndarray, discount: np.ndarray) -> np.ndarray:
    """Sum of flows[t] / (1 + r)^t over the last axis: year 0 at face value."""
    return flows @ discount


def break_even_index(cumulative: np.ndarray) -> np.ndarray:
    """Index of the first year from which the cumulative stays >= 0 to the end; -1 if none."""
    stays = np.minimum.accumulate(cumulative[..., ::-1], axis=-1)[..., ::-1] >= -TOL
    return np.where(stays.any(axis=-1), stays.argmax(axis=-1), -1)


def irr(flows: np.ndarray) -> float | None:
    """numpy-financial's IRR of one stream; None where it is undefined."""
    if not (flows > TOL).any() or not (flows < -TOL).any():
        return None
    value = float(npf.irr(flows))
    return None if math.isnan(value) else value


def safe_ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    return np.divide(
        numerator, denominator, out=np.full(np.shape(numerator), np.nan), where=denominator > TOL
    )


def key_figures(flows: Flows, inputs: Inputs) -> dict[str, np.ndarray]:
    """Every metric of the JSON contract as an array over draws (nan where none)."""
    disc = inputs.discount
    sib = flows.mode == "sib"
    cumulative = np.cumsum(flows.municipal_net, axis=-1)
    discounted = np.cumsum(flows.municipal_net * disc, axis=-1)
    municipal_cost = flows.outcome_payments + flows.transaction_costs_municipal
    if not sib:
        municipal_cost = municipal_cost + flows.programme_cost
    capital = flows.investor_capital.sum(axis=-1)
    receipts = (flows.outcome_payments + flows.guarantee_payments).sum(axis=-1)
    nan = np.full(capital.shape, np.nan)
    return {
        "break_even_index": break_even_index(cumulative),
        "discounted_break_even_index": break_even_index(discounted),
        "net_municipal_gain": flows.municipal_net.sum(axis=-1),
        "municipal_npv": npv(flows.municipal_net, disc),
        "public_net_gain": flows.public_net.sum(axis=-1),
        "public_npv": npv(flows.public_net, disc),
        "total_outcome_payments": flows.outcome_payments.sum(axis=-1),
        "total_programme_cost": flows.programme_cost.sum(axis=-1),
        "total_transaction_costs": flows.transaction_costs_total.sum(axis=-1),
        "benefit_cost_ratio": safe_ratio(npv(flows.savings_municipal, disc), npv(municipal_cost, disc)),
        "investor_multiple": safe_ratio(receipts, capital) if sib else nan,
        "investor_net_gain": receipts - capital if sib else nan,
        "total_investor_capital": capital if sib else nan,
        "total_guarantee_payments": flows.guarantee_payments.sum(axis=-1),
        "total_transaction_costs_municipal": flows.transaction_costs_municipal.sum(axis=-1),
        "total_savings_municipal": flows.savings_municipal.sum(axis=-1),
        "total_savings_public": flows.savings_public.sum(axis=-1),
    }


def break_even_effect(inputs: Inputs, mode: Mode, party: str) -> float | None:
    """Smallest multiplier m >= 0 on every effect at which the municipal NPV (party
    'municipal') or the investor's net gain (party 'investor') reaches zero; None if no
    m up to 100 does. Solved by scanning a grid, then narrowing the bracket 33-fold a step
    (every step evaluates 32 multipliers at once on the draws axis) to 1e-7."""
    if party == "investor" and mode == "self":
        return None

    def reached(m: np.ndarray) -> np.ndarray:
        flows = cash_flows(inputs, mode, m)
        value = (
            npv(flows.municipal_net, inputs.discount) if party == "municipal" else flows.investor_net.sum(-1)
        )
        return value >= -TOL

    return first_true(reached, EFFECT_GRID, EFFECT_PRECISION)


def first_true(test: Callable[[np.ndarray], np.ndarray], grid: np.ndarray, precision: float) -> float | None:
    """The smallest x (to `precision`) at which test(x) turns true, searching from grid[0]."""
    ok = test(grid)
    if not ok.any():
        return None
    i = int(ok.argmax())
    if i == 0:
        return float(grid[0])
    lo, hi = float(grid[i - 1]), float(grid[i])
    while hi - lo > precision:
        points = np.linspace(lo, hi, 34)[1:-1]
        ok = test(points)
        if ok.any():
            j = int(ok.argmax())
            hi = float(points[j])
            lo = float(points[j - 1]) if j > 0 else lo
        else:
            lo = float(points[-1])
    return hi
