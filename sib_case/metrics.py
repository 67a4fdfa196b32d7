"""Key figures from yearly flows: break-even years, NPVs, the investor's return, and
the break-even effect multipliers (solved numerically)."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import numpy_financial as npf

from .engine import Flows, Inputs, Mode, cash_flows

TOL = 1e-6  # currency units: a cumulative this close to zero counts as broken even
# Multipliers scanned for the break-even effect: fine near the stated effect (1.0), coarse far off.
EFFECT_GRID = np.concatenate(
    [np.linspace(0, 3, 301), np.linspace(3.1, 10, 70), [12.5, 15, 20, 30, 50, 75, 100]]
)
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
    """The switching value of the effect: the multiplier m on every effect, nearest the
    stated effect (m = 1), at which the municipal NPV (party 'municipal') or the investor's
    net gain (party 'investor') changes sign.

    If the party gains at the stated effect: the lowest m from which it gains all the way
    up to 1 (how far the effect may fall). If it loses: the lowest m above 1 at which it
    gains (how far the effect must rise); None if no m up to 100 does. Thresholds and caps
    make these curves step and bend, so "the" root need not be unique; this is the one a
    memo needs. Found on a grid, then narrowed 33-fold a step (32 multipliers at a time on
    the draws axis) to 1e-7.
    """
    if party == "investor" and mode == "self":
        return None

    def gains(m: np.ndarray) -> np.ndarray:
        flows = cash_flows(inputs, mode, m)
        if party == "municipal":
            return npv(flows.municipal_net, inputs.discount) >= -TOL
        return flows.investor_net.sum(-1) >= -TOL

    ok = gains(EFFECT_GRID)
    stated = int(np.searchsorted(EFFECT_GRID, 1.0))  # EFFECT_GRID[stated] == 1
    if ok[stated]:
        failing = np.flatnonzero(~ok[:stated])
        if not len(failing):
            return 0.0
        lo, hi = float(EFFECT_GRID[failing[-1]]), float(EFFECT_GRID[failing[-1] + 1])
        return _narrow(gains, lo, hi, last_failure=True)
    above = np.flatnonzero(ok[stated:])
    if not len(above):
        return None
    i = stated + int(above[0])
    return _narrow(gains, float(EFFECT_GRID[i - 1]), float(EFFECT_GRID[i]), last_failure=False)


def _narrow(gains: Callable[[np.ndarray], np.ndarray], lo: float, hi: float, last_failure: bool) -> float:
    """Narrow [lo (fails), hi (gains)] to the switching point: the first gaining point
    (from below) or the point after the last failing one (from above)."""
    while hi - lo > EFFECT_PRECISION:
        points = np.linspace(lo, hi, 34)[1:-1]
        ok = gains(points)
        if last_failure:
            failing = np.flatnonzero(~ok)
            if len(failing):
                j = int(failing[-1])
                lo, hi = float(points[j]), float(points[j + 1]) if j + 1 < len(points) else hi
            else:
                hi = float(points[0])
        else:
            gaining = np.flatnonzero(ok)
            if len(gaining):
                j = int(gaining[0])
                lo, hi = (float(points[j - 1]) if j > 0 else lo), float(points[j])
            else:
                lo = float(points[-1])
    return hi
