"""Key figures from yearly flows: break-even years, NPVs, the investor's return, and
the break-even effect multipliers (solved numerically)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy_financial as npf

from .engine import Flows, Inputs, Mode, batches, cash_flows

TOL = 1e-6  # currency units: a cumulative this close to zero counts as broken even
# Multipliers scanned for the break-even effect: fine near the stated effect (1.0), coarse far off.
EFFECT_GRID = np.concatenate(
    [np.linspace(0, 3, 151), np.linspace(3.25, 10, 28), [12.5, 15, 20, 30, 50, 75, 100]]
)
EFFECT_PRECISION = 1e-7


def npv(flows: np.ndarray, discount: np.ndarray) -> np.ndarray:
    """Sum of flows[t] / (1 + r)^t over the last axis: year 0 at face value."""
    return flows @ discount


def npv_at(flows: np.ndarray, rate: float) -> float:
    """The NPV of one stream at `rate` (year 0 at face value): zero at its IRR."""
    return float(npv(flows, (1 + rate) ** -np.arange(flows.shape[-1], dtype=float)))


def break_even_index(cumulative: np.ndarray) -> np.ndarray:
    """Index of the first year from which the cumulative stays >= 0 to the end; -1 if none."""
    stays = np.minimum.accumulate(cumulative[..., ::-1], axis=-1)[..., ::-1] >= -TOL
    return np.where(stays.any(axis=-1), stays.argmax(axis=-1), -1)


def irr(flows: np.ndarray) -> float | None:
    """The IRR of one stream; None where it is undefined.

    A stream whose sign changes once has one IRR (numpy-financial's); one that changes sign
    more often can have several. The IRR reported is the root consistent with the net gain
    (NPV at 0 %): at least 0 beside a gain, below 0 beside a loss, the nearest zero of those;
    None if no root is (a stream that receives before it invests, say). So a gain never
    comes with a negative IRR, nor a loss with a positive one.
    """
    if not (flows > TOL).any() or not (flows < -TOL).any():
        return None
    gain = float(flows.sum())
    if _sign_changes(flows[None, :])[0] <= 1:
        value = float(npf.irr(flows))
        return None if math.isnan(value) or not _consistent(value, gain) else value
    roots = np.roots(flows[::-1])  # in x = 1 / (1 + r), as numpy-financial solves it
    x = roots.real[(np.abs(roots.imag) <= 1e-12 * np.abs(roots.real)) & (roots.real > 0)]
    rates = [float(r) for r in 1 / x - 1 if _consistent(float(r), gain)]
    return min(rates, key=abs) if rates else None


def irr_roots(flows: np.ndarray) -> list[float]:
    """Every IRR of one stream (the real rates above -100 % at which its NPV is zero),
    lowest first: one for a stream that changes sign once, possibly several otherwise."""
    if not (flows > TOL).any() or not (flows < -TOL).any():
        return []
    if _sign_changes(flows[None, :])[0] <= 1:
        value = float(npf.irr(flows))
        return [] if math.isnan(value) else [value]
    roots = np.roots(np.trim_zeros(flows[::-1], "f"))  # in x = 1 / (1 + r)
    x = roots.real[(np.abs(roots.imag) <= 1e-12 * np.abs(roots.real)) & (roots.real > 0)]
    return sorted(float(r) for r in 1 / x - 1)


def _consistent(rate: float | np.ndarray, gain: float | np.ndarray) -> Any:
    """An IRR that agrees with the net gain in sign (a zero gain goes with any)."""
    return np.where(
        np.abs(gain) <= TOL,
        True,
        np.where(np.asarray(gain) > 0, np.asarray(rate) >= -1e-9, np.asarray(rate) < 1e-9),
    )


IRR_GRID = np.array(
    [
        -0.999999,
        -0.9999,
        -0.999,
        -0.99,
        -0.9,
        -0.75,
        -0.5,
        -0.3,
        -0.2,
        -0.1,
        -0.05,
        0,
        0.025,
        0.05,
        0.1,
        0.15,
        0.2,
        0.3,
        0.5,
        0.75,
        1,
        2,
        5,
        10,
        100,
        1e3,
        1e4,
        1e6,
    ]
)


IRR_STEPS = 24  # halvings before Newton polishes the root


def irr_many(flows: np.ndarray) -> np.ndarray:
    """The IRR of every stream in flows [D, T] at once (nan where undefined): the sign
    change of NPV(r) nearest r = 0 (numpy-financial's choice among several roots), found
    on a grid of rates and bisected to machine precision."""
    draws, horizon = flows.shape
    t = np.arange(horizon)
    on_grid = flows @ ((1 + IRR_GRID)[None, :] ** -t[:, None])  # [D, G]
    change = np.sign(on_grid[:, :-1]) * np.sign(on_grid[:, 1:]) <= 0
    distance = np.where(change, np.minimum(np.abs(IRR_GRID[:-1]), np.abs(IRR_GRID[1:])), np.inf)
    distance = np.where(change & (IRR_GRID[:-1] <= 0) & (IRR_GRID[1:] >= 0), 0.0, distance)
    pick = distance.argmin(axis=1)
    found = np.isfinite(distance[np.arange(draws), pick])
    found &= (flows > TOL).any(axis=1) & (flows < -TOL).any(axis=1)
    lo, hi = IRR_GRID[pick].copy(), IRR_GRID[pick + 1].copy()
    f_lo = on_grid[np.arange(draws), pick]
    backwards = np.ascontiguousarray(flows[:, ::-1].T)  # Horner: NPV = f0 + x (f1 + x (...)), x = 1/(1+r)
    for _ in range(IRR_STEPS):  # bisection: the bracket always holds the root
        mid = (lo + hi) / 2
        x = 1 / (1 + mid)
        f_mid = backwards[0].copy()
        for coefficient in backwards[1:]:
            f_mid *= x
            f_mid += coefficient
        same = np.sign(f_mid) == np.sign(f_lo)
        lo = np.where(same, mid, lo)
        f_lo = np.where(same, f_mid, f_lo)
        hi = np.where(same, hi, mid)
    root = (lo + hi) / 2
    for _ in range(2):  # Newton from inside a narrow bracket: quadratic, so two steps suffice
        x = 1 / (1 + root)
        value, slope = backwards[0].copy(), np.zeros(draws)
        for coefficient in backwards[1:]:
            slope = slope * x + value
            value = value * x + coefficient
        dvalue_dr = -slope * x * x  # d/dr of sum f_t x^t, through dx/dr = -x^2
        step = np.divide(value, dvalue_dr, out=np.zeros(draws), where=dvalue_dr != 0)
        moved = root - step
        root = np.where((moved >= lo) & (moved <= hi), moved, root)
    result = np.where(found & _consistent(root, flows.sum(axis=1)), root, np.nan)
    # Several sign changes allow several roots (and two in one grid cell): such streams are
    # rare in a SIB, so `irr` solves them one by one, picking the root as `evaluate` does.
    for d in np.flatnonzero(_sign_changes(flows) > 1):
        one = irr(flows[d])
        result[d] = np.nan if one is None else one
    return result


def _sign_changes(flows: np.ndarray) -> np.ndarray:
    """How often the sign of each row of flows [D, T] changes, flows within TOL of zero
    passed over, [D]."""
    filled = np.sign(np.where(np.abs(flows) > TOL, flows, 0.0))
    for t in range(1, filled.shape[1]):  # carry the last non-zero sign forward
        filled[:, t] = np.where(filled[:, t] == 0, filled[:, t - 1], filled[:, t])
    return ((filled[:, 1:] * filled[:, :-1]) < 0).sum(axis=1)


def safe_ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    return np.divide(
        numerator, denominator, out=np.full(np.shape(numerator), np.nan), where=denominator > TOL
    )


def key_figures(flows: Flows, inputs: Inputs) -> dict[str, np.ndarray]:
    """The metrics that follow from the yearly flows alone, each an array over draws (nan
    where a figure does not exist), by their names in figures.Metrics."""
    disc = inputs.discount
    sib = flows.mode == "sib"
    cumulative = np.cumsum(flows.municipal_net, axis=-1)
    discounted = np.cumsum(flows.municipal_net * disc, axis=-1)
    pv_savings, pv_costs = benefit_and_cost(flows, disc)
    capital = flows.investor_capital.sum(axis=-1)
    receipts = (flows.outcome_payments + flows.guarantee_payments).sum(axis=-1)
    nan = np.full(capital.shape, np.nan)
    return {
        "break_even_year": _calendar(break_even_index(cumulative), inputs.years),
        "discounted_break_even_year": _calendar(break_even_index(discounted), inputs.years),
        "net_municipal_gain": flows.municipal_net.sum(axis=-1),
        "municipal_npv": npv(flows.municipal_net, disc),
        "public_net_gain": flows.public_net.sum(axis=-1),
        "public_npv": npv(flows.public_net, disc),
        "total_outcome_payments": flows.outcome_payments.sum(axis=-1),
        "total_programme_cost": flows.programme_cost.sum(axis=-1),
        "total_transaction_costs": flows.transaction_costs_total.sum(axis=-1),
        "benefit_cost_ratio": safe_ratio(pv_savings, pv_costs),
        "investor_multiple": safe_ratio(receipts, capital) if sib else nan,
        "investor_net_gain": receipts - capital if sib else nan,
        "total_investor_capital": capital if sib else nan,
        "total_guarantee_payments": flows.guarantee_payments.sum(axis=-1),
        "total_outcome_payments_others": flows.outcome_payments_others.sum(axis=-1),
        "total_grants": flows.grants.sum(axis=-1),
        "total_transaction_costs_municipal": flows.transaction_costs_municipal.sum(axis=-1),
        "total_savings_municipal": flows.savings_municipal.sum(axis=-1),
        "total_savings_public": flows.savings_public.sum(axis=-1),
        "participants": flows.participants.sum(axis=-1),
    }


Figures = dict[str, np.ndarray]  # figure name -> one value a draw


def over_draws(
    inputs: Inputs,
    mode: Mode,
    multiplier: np.ndarray | None = None,
    figures: Callable[[Flows, Inputs], Figures] | None = None,
) -> Figures:
    """`figures(flows, inputs)` (the key figures by default) for every draw: of the
    multipliers, or of the inputs' own draws, in batches that keep memory bounded."""
    make = figures or key_figures
    draws = len(multiplier) if multiplier is not None else inputs.draws
    parts = batches(inputs, draws)
    if len(parts) == 1:
        return make(cash_flows(inputs, mode, multiplier), inputs)
    done = []
    for part in parts:
        batch = inputs.batch(part)
        done.append(make(cash_flows(batch, mode, None if multiplier is None else multiplier[part]), batch))
    return {name: np.concatenate([d[name] for d in done]) for name in done[0]}


def municipal_costs(flows: Flows) -> np.ndarray:
    """What the municipality pays by year: outcome payments, its transaction costs and,
    self-financed, the programme."""
    costs = flows.outcome_payments - flows.outcome_payments_others + flows.transaction_costs_municipal
    return costs + (flows.programme_cost - flows.grants) if flows.mode == "self" else costs


def benefit_and_cost(flows: Flows, discount: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The two sides of the benefit-cost ratio: PV of municipal cashable savings, PV of
    municipal costs."""
    return npv(flows.savings_municipal, discount), npv(municipal_costs(flows), discount)


def _calendar(index: np.ndarray, years: np.ndarray) -> np.ndarray:
    """Year indices (-1 for none) as calendar years (nan for none)."""
    return np.where(index >= 0, years[np.maximum(index, 0)], np.nan)


PARTIES = ("municipal", "investor")


def _value(figures: dict[str, np.ndarray], party: str) -> np.ndarray:
    return figures["municipal_npv"] if party == "municipal" else figures["investor_net_gain"]


def party_value(inputs: Inputs, mode: Mode, multipliers: np.ndarray, party: str) -> np.ndarray:
    """The municipal NPV, or the investor's net gain, with every effect multiplied by each
    of `multipliers` (what the break-even effects solve for)."""
    return _value(over_draws(inputs, mode, multipliers), party)


def gains(figures: dict[str, np.ndarray], party: str) -> np.ndarray:
    """Where a party at least breaks even: municipal NPV, or the investor's net gain, >= 0."""
    return np.asarray(_value(figures, party) >= -TOL)


def break_even_effects(inputs: Inputs, mode: Mode, on_grid: dict[str, np.ndarray]) -> dict[str, float | None]:
    """The switching values of the effect, for the municipality and the investor.

    The switching value is the multiplier m on every effect, nearest the stated effect
    (m = 1), at which the party's result changes sign. If the party gains at the stated
    effect: the lowest m from which it gains all the way up to 1 (how far the effect may
    fall). If it loses: the lowest m above 1 at which it gains (how far the effect must
    rise); None if no m up to 100 does. Thresholds and caps make these curves step and
    bend, so a root need not be unique; this is the one a memo needs.

    `on_grid` holds the key figures at every multiplier of EFFECT_GRID. Between two grid
    points the result is usually linear in m, so the crossing is first interpolated and
    checked a hair either side; where a kink or step spoils that, the bracket is narrowed
    65-fold a step instead. All parties' points go through one engine call, to 1e-7.
    """
    stated = int(np.searchsorted(EFFECT_GRID, 1.0))
    found: dict[str, float | None] = {"investor": None}
    brackets: dict[str, tuple[float, float, bool]] = {}  # party: (lo fails, hi gains, from above)
    for party in PARTIES if mode == "sib" else PARTIES[:1]:
        ok = gains(on_grid, party)
        if ok[stated]:
            failing = np.flatnonzero(~ok[:stated])
            if not len(failing):
                found[party] = 0.0
                continue
            f = int(failing[-1])
            brackets[party] = (float(EFFECT_GRID[f]), float(EFFECT_GRID[f + 1]), True)
        else:
            above = np.flatnonzero(ok[stated:])
            if not len(above):
                found[party] = None
                continue
            i = stated + int(above[0])
            brackets[party] = (float(EFFECT_GRID[i - 1]), float(EFFECT_GRID[i]), False)

    if brackets:  # interpolate each crossing, then check it on both sides
        guesses: dict[str, float] = {}
        for party, (lo, hi, _) in brackets.items():
            i, j = int(np.searchsorted(EFFECT_GRID, lo)), int(np.searchsorted(EFFECT_GRID, hi))
            f_lo, f_hi = float(_value(on_grid, party)[i]), float(_value(on_grid, party)[j])
            guesses[party] = lo + (hi - lo) * (-f_lo / (f_hi - f_lo)) if f_hi > f_lo else hi
        half = EFFECT_PRECISION / 2
        sides = np.array([[g - half, g + half] for g in guesses.values()]).ravel()
        figures = over_draws(inputs, mode, sides)
        for k, party in enumerate(guesses):
            below, above = gains(figures, party)[2 * k : 2 * k + 2]
            if not below and above and brackets[party][0] < sides[2 * k]:
                found[party] = float(sides[2 * k + 1])
                del brackets[party]

    while brackets:
        points = {p: np.linspace(lo, hi, 66)[1:-1] for p, (lo, hi, _) in brackets.items()}
        figures = over_draws(inputs, mode, np.concatenate(list(points.values())))
        start = 0
        for party, (lo, hi, from_above) in list(brackets.items()):
            pts = points[party]
            ok = gains(figures, party)[start : start + len(pts)]
            start += len(pts)
            if from_above:  # keep the last failing point and the gaining one after it
                failing = np.flatnonzero(~ok)
                if len(failing):
                    j = int(failing[-1])
                    lo, hi = float(pts[j]), float(pts[j + 1]) if j + 1 < len(pts) else hi
                else:
                    hi = float(pts[0])
            else:  # keep the first gaining point and the failing one before it
                gaining = np.flatnonzero(ok)
                if len(gaining):
                    j = int(gaining[0])
                    lo, hi = (float(pts[j - 1]) if j > 0 else lo), float(pts[j])
                else:
                    lo = float(pts[-1])
            if hi - lo <= EFFECT_PRECISION:
                found[party] = hi
                del brackets[party]
            else:
                brackets[party] = (lo, hi, from_above)
    return found
