"""What the municipality pays the investor under a SIB: payment rules, success
thresholds, caps, capital protection and a third party's guarantee.

All arrays carry the draws axis first (D); no loop runs per draw. Caps are applied
year by year in calendar order, because what a cap cuts is never paid later and a
waterfall depends on what the investor has received so far.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from .model import (
    Caps,
    Case,
    Condition,
    FixedSchedule,
    Holder,
    PaymentRule,
    RateCard,
    ReturnBands,
    RuleBase,
    SavingsShare,
    Tiers,
    judged_outcome,
    measurement_years,
    pooled_year,
)
from .timeline import by_year, shift

EPS = 1e-12  # tolerance when an achieved effect is compared with a threshold


@dataclass(frozen=True)
class RuleInputs:
    case: Case
    participants: np.ndarray  # [C]
    achieved: np.ndarray  # [D, C, O] improvement per participant achieved by each cohort
    target: np.ndarray  # [O]
    baseline: np.ndarray  # [D, C, O] the level without the programme (nan where none is given)
    better: np.ndarray  # [O] +1 where higher is better, -1 where lower is
    units_c: np.ndarray  # [D, C, O, T] attributable units
    savings_c: np.ndarray  # [D, C, O, T] municipal cashable savings
    savings_items: np.ndarray  # [D, C, S, T] every holder's savings by item (before shares)
    effect: np.ndarray  # [D, C, O, T] improvement per participant in each year
    profile: np.ndarray  # [C, O, T] each cohort's profile on the calendar years
    municipal_weight: np.ndarray  # [D, S] the municipality's share x cashable share of each item
    capital: np.ndarray  # [D, T] investor capital drawn
    start_year: int

    @property
    def results(self) -> Results:
        return Results(self.achieved, self.target, self.baseline, self.better, self.participants)


@dataclass(frozen=True)
class Results:
    """What each cohort achieves, as thresholds judge it."""

    achieved: np.ndarray  # [D, C, O] improvement per participant
    target: np.ndarray  # [O]
    baseline: np.ndarray  # [D, C, O]
    better: np.ndarray  # [O]
    participants: np.ndarray  # [C]

    def value(self, o: int, scale: str, judged: str) -> np.ndarray:
        """[D, C]: the achieved improvement as a share of the target; as a change against the
        baseline (0.1 = 10 % better); or the level reached. Pooled: the participant-weighted
        mean over cohorts, given to every cohort."""
        achieved = self.achieved[:, :, o]
        if scale == "share_of_target":
            value = achieved / self.target[o]
        elif scale == "change":
            value = achieved / self.baseline[:, :, o]
        else:
            value = self.baseline[:, :, o] + self.better[o] * achieved
        if judged == "pooled":
            pooled = value @ self.participants / self.participants.sum()
            return np.broadcast_to(pooled[:, None], value.shape)
        return value

    def reaches(self, value: np.ndarray, needed: np.ndarray | float, o: int, scale: str) -> np.ndarray:
        """Where a value is at least as good as what is needed (a level, where lower is
        better: at most it)."""
        if scale == "level" and self.better[o] < 0:
            return value <= np.asarray(needed) + EPS
        return value >= np.asarray(needed) - EPS


@dataclass(frozen=True)
class Payments:
    total: np.ndarray  # [D, T] outcome payments by the municipality, protection included
    guarantee: np.ndarray  # [D, T] paid to the investor by a third party
    by_rule: np.ndarray  # [D, R, T] what each rule paid, after caps
    scheduled: np.ndarray  # [D, R, T] what each rule made due before caps
    protection: np.ndarray  # [D, T] the municipality's top-up under capital protection
    passes: np.ndarray  # [D, R, C] how each cohort counts for each rule: FAILS, OWN or POOLED
    past_hurdle: np.ndarray  # [D, R, T] True where a waterfall pays its second share (past its hurdle)


FAILS, OWN, POOLED = 0, 1, 2  # fails every condition; passes on its own; only on the pooled result


def outcome_payments(x: RuleInputs) -> Payments:
    """Outcome payments by the municipality and guarantee payments by a third party."""
    fin = x.case.financing
    draws, _, _, horizon = x.units_c.shape
    capital_total = x.capital.sum(axis=1)
    rules = fin.payments
    judged = [_passes(rule, x.case, x.results) for rule in rules]
    scheduled = [_scheduled(rule, x, *j) for rule, j in zip(rules, judged, strict=True)]  # [D, T] each
    waterfall = [isinstance(rule, SavingsShare) and rule.waterfall for rule in rules]
    for r, rule in enumerate(rules):
        if isinstance(rule, SavingsShare) and not waterfall[r]:
            scheduled[r] = rule.share * scheduled[r]
        if not waterfall[r]:
            # never negative: an effect below zero (a harmful draw) earns nothing, it is not refunded
            scheduled[r] = np.maximum(scheduled[r], 0.0)
    rule_caps = [_Cap(rule.cap, x.capital) for rule in rules]
    overall = _Cap(fin.cap, x.capital)
    payments = np.zeros((draws, horizon))
    by_rule = np.zeros((draws, len(rules), horizon))
    past_hurdle = np.zeros((draws, len(rules), horizon), dtype=bool)
    settle = settlement_index(x.case)
    if not any(waterfall) and not overall.active and not any(c.active for c in rule_caps):
        if rules:  # nothing depends on what was paid before: no year-by-year bookkeeping
            by_rule[:, :, : settle + 1] = np.stack(scheduled, axis=1)[:, :, : settle + 1]
            payments[:, : settle + 1] = by_rule[:, :, : settle + 1].sum(axis=1)
    else:
        _pay_year_by_year(
            rules, scheduled, waterfall, rule_caps, overall, x.capital, payments, by_rule, settle, past_hurdle
        )

    guarantee = np.zeros((draws, horizon))
    through = payments.sum(axis=1)
    if fin.protection_of == "principal":  # interest under return bands does not repay capital
        through = through - _interest_paid(rules, x, by_rule).sum(axis=1)
    protection = np.maximum(fin.capital_protection * capital_total - through, 0.0)
    payments[:, settle] += protection
    if fin.guarantee is not None:
        loss = np.maximum(capital_total - through - protection, 0.0)
        cover = fin.guarantee.share * loss
        if fin.guarantee.max is not None:
            cover = np.minimum(cover, fin.guarantee.max)
        guarantee[:, settle] = cover
    top_up = np.zeros((draws, horizon))
    top_up[:, settle] = protection
    due = np.stack(scheduled, axis=1) if rules else np.zeros((draws, 0, horizon))
    cohorts = x.achieved.shape[1]
    passes = np.zeros((draws, len(rules), cohorts), dtype=np.int8)
    for r, (own, pooled) in enumerate(judged):
        passes[:, r] = np.where(own > 0, OWN, np.where(pooled > 0, POOLED, FAILS))
    return Payments(payments, guarantee, by_rule, due, top_up, passes, past_hurdle)


def _interest_paid(rules: list[Any], x: RuleInputs, by_rule: np.ndarray) -> np.ndarray:
    """The interest part of what return-band rules paid (after caps, pro rata), [D, T]."""
    out = np.zeros((by_rule.shape[0], by_rule.shape[2]))
    for r, rule in enumerate(rules):
        if isinstance(rule, ReturnBands):
            interest, principal = band_payments(rule, x)
            due = interest + principal
            out = out + by_rule[:, r] * np.divide(interest, due, out=np.zeros_like(due), where=due > 0)
    return out


def _pay_year_by_year(
    rules: list[Any],
    scheduled: list[np.ndarray],
    waterfall: list[bool],
    rule_caps: list[_Cap],
    overall: _Cap,
    capital: np.ndarray,
    payments: np.ndarray,
    by_rule: np.ndarray,
    settle: int,
    past_hurdle: np.ndarray,
) -> None:
    """Fill `payments` year by year, in calendar order: caps and waterfalls depend on what
    the investor has received so far, and what a cap cuts is never paid later. A waterfall's
    savings in `scheduled` are replaced by what it makes due (before caps), and
    `past_hurdle` marks the years it pays its second share."""
    draws = payments.shape[0]
    capital_total = capital.sum(axis=1)
    received = np.zeros(draws)
    owed = np.zeros((len(rules), draws))  # a hurdle rate's capital plus interest, less what was paid
    for t in range(settle + 1):  # the contract ends in the settlement year: nothing is paid after it
        paid_now = np.zeros((len(rules), draws))
        for r, rule in enumerate(rules):
            due = scheduled[r][:, t]
            if waterfall[r]:
                before = paid_now[:r].sum(axis=0)
                if rule.hurdle_rate is not None:
                    owed[r] = owed[r] * (1 + rule.hurdle_rate) + capital[:, t]
                    to_hurdle = owed[r] - before
                else:
                    to_hurdle = capital_total * (1 + rule.hurdle) - received - before
                past_hurdle[:, r, t] = (due > 0) & (to_hurdle < rule.share * due)
                due = np.maximum(_waterfall(rule, due, to_hurdle), 0.0)
                scheduled[r][:, t] = due
            paid_now[r] = np.minimum(due, rule_caps[r].room(t)) if rule_caps[r].active else due
        wanted = paid_now.sum(axis=0)
        if overall.active:
            total = np.minimum(wanted, overall.room(t))
            scale = np.divide(total, wanted, out=np.zeros(draws), where=wanted > 0)
            overall.pay(t, total)
        else:
            total, scale = wanted, np.ones(draws)
        for r in range(len(rules)):
            by_rule[:, r, t] = paid_now[r] * scale
            if rule_caps[r].active:
                rule_caps[r].pay(t, paid_now[r] * scale)
        payments[:, t] = total
        received += total
        owed -= total[None, :]


class _Cap:
    """Room left under a set of caps, tracked year by year for every draw."""

    def __init__(self, caps: Caps, capital: np.ndarray) -> None:
        self.active = any(
            v is not None for v in (caps.total, caps.multiple, caps.per_year, caps.annual_return)
        )
        draws, horizon = capital.shape
        limit = np.full(draws, np.inf)
        if caps.total is not None:
            limit = np.minimum(limit, caps.total)
        if caps.multiple is not None:
            limit = np.minimum(limit, caps.multiple * capital.sum(axis=1))
        self.limit = limit
        self.per_year = np.inf if caps.per_year is None else caps.per_year
        self.rate = caps.annual_return
        self.growth = (1 + (self.rate or 0.0)) ** np.arange(horizon, dtype=float)
        if self.rate is not None:
            self.pv_room = (capital / self.growth).sum(axis=1)  # PV of capital at the capped rate
        # a loan's balance: what has been drawn so far (with the interest), less what was paid
        self.outstanding = caps.outstanding
        self.active = self.active or self.outstanding
        self.pv_drawn = np.cumsum(capital / self.growth, axis=1)
        self.pv_paid = np.zeros(draws)
        self.paid = np.zeros(draws)

    def room(self, t: int) -> np.ndarray:
        room = np.minimum(self.limit - self.paid, self.per_year)
        if self.rate is not None:
            # Paying more would lift the investor's IRR past the rate: PV(payments) <= PV(capital).
            room = np.minimum(room, self.pv_room * self.growth[t])
        if self.outstanding:
            room = np.minimum(room, (self.pv_drawn[:, t] - self.pv_paid) * self.growth[t])
        return np.maximum(room, 0.0)

    def pay(self, t: int, amount: np.ndarray) -> None:
        self.paid = self.paid + amount
        self.pv_paid = self.pv_paid + amount / self.growth[t]
        if self.rate is not None:
            self.pv_room = self.pv_room - amount / self.growth[t]


def _waterfall(rule: SavingsShare, savings: np.ndarray, to_hurdle: np.ndarray) -> np.ndarray:
    """One share of savings until the investor has what the hurdle needs (`to_hurdle` more:
    its capital x (1 + hurdle), or its capital plus interest at hurdle_rate), then another."""
    assert rule.then_share is not None
    to_hurdle = np.maximum(to_hurdle, 0.0)
    first = np.minimum(rule.share * savings, to_hurdle)
    # savings taken at the first share; with a first share of 0, all of them until the hurdle
    used = first / rule.share if rule.share > 0 else np.where(to_hurdle > 0, savings, 0.0)
    return first + rule.then_share * np.maximum(savings - used, 0.0)


def _scheduled(rule: RuleBase, x: RuleInputs, own: np.ndarray, pooled: np.ndarray) -> np.ndarray:
    """What a rule makes due each year before caps, [D, T] (for a savings share: the
    measured savings it shares), each result paid when it is measured (plus the lag);
    `own` and `pooled` ([D, C]) are where a cohort passes on its own or only pooled."""
    names = [o.name for o in x.case.outcomes]
    horizon = x.units_c.shape[-1]
    plan = measurement(rule, x.case)
    if rule.measured is not None and rule.measured.true_up:
        return _trued_up(rule, x, plan)
    if isinstance(rule, RateCard):
        units = plan.paid(x.units_c[:, :, names.index(rule.outcome), :], own, pooled)
        return shift(units * rule.price, rule.lag)
    if isinstance(rule, SavingsShare):
        return shift(plan.paid(_shared_savings(rule, x), own, pooled), rule.lag)
    if isinstance(rule, ReturnBands):
        interest, principal = band_payments(rule, x)
        return interest + principal
    passed = np.maximum(own, pooled)
    if isinstance(rule, FixedSchedule):
        share_passed = passed @ x.participants / x.participants.sum()  # [D]
        return share_passed[:, None] * by_year(rule.amounts, x.start_year, horizon)[None, :]
    assert isinstance(rule, Tiers)
    o = names.index(rule.outcome)
    level = x.results.value(o, rule.by, rule.judged)  # [D, C]
    steps = np.array([tier.at_least for tier in rule.tiers])
    # index of the highest tier reached (the ladder rises in goodness)
    reached = x.results.reaches(level[..., None], steps, o, rule.by).sum(axis=-1) - 1
    values = np.array([(tier.amount if rule.lump_sums else tier.price) or 0.0 for tier in rule.tiers])
    value = np.where(reached >= 0, values[np.maximum(reached, 0)], 0.0) * passed  # [D, C]
    if rule.lump_sums:
        assert rule.year is not None
        lump = value @ x.participants / x.participants.sum()  # [D]
        out = np.zeros((value.shape[0], horizon))
        out[:, rule.year - x.start_year] = lump
        return out
    if rule.judged == "pooled":  # the tier reached is known only from the pooled result
        own, pooled = np.zeros_like(own), np.ones_like(pooled)
    return shift(plan.paid(x.units_c[:, :, o, :] * value[:, :, None], own, pooled), rule.lag)


def _shared_savings(rule: SavingsShare, x: RuleInputs) -> np.ndarray:
    """The savings a savings share shares, by cohort as they arise, [D, C, T]."""
    names = [o.name for o in x.case.outcomes]
    chosen = [names.index(n) for n in rule.outcomes] or list(range(len(names)))
    savings = x.savings_c if rule.of == ["municipality"] else _savings_of(rule.of, x)
    shared = savings[:, :, chosen, :].sum(axis=2)
    if rule.savings_from is not None or rule.savings_to is not None:
        years = x.start_year + np.arange(shared.shape[-1])
        inside = (years >= (rule.savings_from or years[0])) & (years <= (rule.savings_to or years[-1]))
        shared = shared * inside
    return shared


def _trued_up(rule: RuleBase, x: RuleInputs, plan: Measurement) -> np.ndarray:
    """A rate card or savings share with true_up: at each of a cohort's measurements (and the
    pooled one) it is judged on its results so far, and paid what is then due on all it has
    achieved by then, less what it was paid before (never less than nothing), [D, T]."""
    assert isinstance(rule, RateCard | SavingsShare)
    assert plan.points is not None
    names = [o.name for o in x.case.outcomes]
    if isinstance(rule, RateCard):
        earned = x.units_c[:, :, names.index(rule.outcome), :] * rule.price
    else:
        earned = _shared_savings(rule, x)
    draws, cohorts, horizon = earned.shape
    cum = np.cumsum(earned, axis=-1)
    paid_before = np.zeros((draws, cohorts))
    out = np.zeros((draws, horizon))
    for judged in true_up_judgements(rule, x.case, x.results, x.effect, x.profile, plan):
        at, upto = judged.at, judged.upto
        measured = np.take_along_axis(cum, np.minimum(upto, horizon - 1)[None, :, None], axis=-1)[
            ..., 0
        ]  # [D, C]
        passes = np.maximum(judged.own, judged.pooled)
        pay = np.where((at < horizon)[None, :], np.maximum(measured * passes - paid_before, 0.0), 0.0)
        paid_before = paid_before + pay
        np.add.at(out.T, np.minimum(at, horizon - 1), pay.T)
    return shift(out, getattr(rule, "lag", 0))


@dataclass(frozen=True)
class Judgement:
    """A trued-up rule at one of its measurements: the year index each cohort is paid in
    (before the lag) and measured up to ([C] each), the results so far, and where a cohort
    passes on them ([D, C] each: on its own; only on the pooled result, at the pooled
    measurement, judged as every pooled condition is, on all results)."""

    at: np.ndarray
    upto: np.ndarray
    results: Results
    own: np.ndarray
    pooled: np.ndarray
    last: bool  # the pooled measurement

    def passes(self, c: int) -> int:
        """How cohort c counts at this measurement (the first draw): OWN, POOLED or FAILS."""
        return OWN if self.own[0, c] else POOLED if self.pooled[0, c] else FAILS


def true_up_judgements(
    rule: RuleBase, case: Case, results: Results, effect: np.ndarray, profile: np.ndarray, plan: Measurement
) -> list[Judgement]:
    """A trued-up rule's measurements in order, each judged on the results so far. The pooled
    measurement is the last of every cohort's; it pays what the cohort's own last measurement
    measured (nothing after it is measured)."""
    assert plan.points is not None
    points = measured_at = plan.points
    if plan.pooled is not None:
        cohorts = points.shape[0]
        points = np.concatenate([points, np.full((cohorts, 1), plan.pooled)], axis=1)
        measured_at = np.concatenate([plan.points, np.minimum(plan.points[:, -1:], plan.pooled)], axis=1)
    _, pooled_met = _met(rule, case, results)  # the pooled result, as every pooled judgement
    out = []
    for k in range(points.shape[1]):
        last = plan.pooled is not None and k == points.shape[1] - 1
        so_far = results_so_far(results, effect, profile, measured_at[:, k])
        own, _ = _passes(rule, case, so_far)
        # at the pooled measurement a cohort that fails on its own so far passes on the pool
        pooled = (pooled_met & (own == 0)).astype(float) if last else np.zeros_like(own)
        out.append(Judgement(points[:, k], measured_at[:, k], so_far, own, pooled, last))
    return out


def results_so_far(results: Results, effect: np.ndarray, profile: np.ndarray, upto: np.ndarray) -> Results:
    """The results as judged on each cohort's years up to year index upto[c] (its profile-
    weighted improvement so far; a cohort with no results yet keeps its results as judged)."""
    horizon = effect.shape[-1]
    so_far = np.arange(horizon)[None, :] <= upto[:, None]  # [C, T]
    weights = profile * so_far[:, None, :]  # [C, O, T]
    total = weights.sum(axis=-1)
    achieved = np.where(
        total > 0, (effect * weights).sum(axis=-1) / np.where(total > 0, total, 1.0), results.achieved
    )
    return replace(results, achieved=achieved)


def band_reached(rule: ReturnBands, results: Results, o: int) -> np.ndarray:
    """The index of the highest band the pooled result reaches, [D] (-1: none)."""
    level = results.value(o, rule.by, "pooled")[:, 0]
    steps = np.array([b.at_least for b in rule.bands])
    return results.reaches(level[:, None], steps, o, rule.by).sum(axis=-1) - 1


def band_payments(rule: ReturnBands, x: RuleInputs) -> tuple[np.ndarray, np.ndarray]:
    """A return-band rule's interest and its principal repayment by year, [D, T] each: interest
    at the band's rate on the capital outstanding, each year up to redemption (at least the
    minimum rate in the first years of interest), then the principal."""
    draws, horizon = x.capital.shape
    o = x.case.outcome_index(rule.outcome)
    reached = band_reached(rule, x.results, o)
    rates = np.array([b.rate for b in rule.bands])
    rate = np.where(reached >= 0, rates[np.maximum(reached, 0)], 0.0)  # [D]
    redeem = (rule.redemption - x.start_year) if rule.redemption is not None else settlement_index(x.case)
    outstanding = np.cumsum(x.capital, axis=1) - x.capital  # drawn in earlier years, [D, T]
    first_draw = int(np.argmax(x.capital.sum(axis=0) > 0)) if x.capital.any() else 0
    t = np.arange(horizon)
    yearly = np.broadcast_to(rate[:, None], (draws, horizon))
    if rule.minimum_rate is not None and rule.minimum_years is not None:
        early = (t > first_draw) & (t <= first_draw + rule.minimum_years)
        yearly = np.where(early[None, :], np.maximum(yearly, rule.minimum_rate), yearly)
    interest = np.where((t > first_draw) & (t <= redeem), yearly * outstanding, 0.0)
    principal = np.zeros((draws, horizon))
    share = np.where(reached >= 0, rule.principal, rule.principal_below)
    principal[:, redeem] = share * x.capital[:, : redeem + 1].sum(axis=1)
    return interest, principal


def _savings_of(holders: list[Holder], x: RuleInputs) -> np.ndarray:
    """The savings of the stated holders by cohort and outcome, [D, C, O, T]: the municipality's
    cashable part, and a region's, the state's or others' share as estimated."""
    items = [(o, item) for o, outcome in enumerate(x.case.outcomes) for item in outcome.savings]
    out = np.zeros(x.savings_c.shape)
    for s, (o, item) in enumerate(items):
        weight = sum(item.shares.get(h, 0.0) for h in holders if h != "municipality") + (
            x.municipal_weight[:, s] if "municipality" in holders else 0.0
        )
        out[:, :, o, :] += x.savings_items[:, :, s, :] * np.asarray(weight).reshape(-1, 1, 1)
    return out


@dataclass(frozen=True)
class Measurement:
    """When a rule's results are measured. `at[c, t]` is the year index in which what
    cohort c achieves in year t is measured (-1: never); `points[c]` are cohort c's
    measurements (None: every year, as results arise); `pooled` is the year index in which
    the pooled result is measured (None: the rule has no pooled judgement)."""

    at: np.ndarray  # [C, T]
    points: np.ndarray | None  # [C, K]
    pooled: int | None

    def paid(self, earned: np.ndarray, own: np.ndarray, pooled: np.ndarray) -> np.ndarray:
        """Earned amounts [D, C, T] (as results arise) -> paid by measurement year [D, T]:
        a cohort that passes on its own is paid at its own measurements; one that passes
        only on the pooled result is paid at the pooled measurement, for everything measured
        by then."""
        out = _moved(earned * own[:, :, None], self.at).sum(axis=1)
        if self.pooled is not None and pooled.any():
            late = np.where(self.at >= 0, np.maximum(self.at, self.pooled), -1)
            out = out + _moved(earned * pooled[:, :, None], late).sum(axis=1)
        return out


def _moved(values: np.ndarray, at: np.ndarray) -> np.ndarray:
    """[D, C, T] values moved along T to the year index at[c, t] (dropped where -1)."""
    horizon = values.shape[-1]
    if np.array_equal(at, np.broadcast_to(np.arange(horizon), at.shape)):
        return values
    out = np.zeros_like(values)
    for t in range(horizon):
        valid = np.flatnonzero(at[:, t] >= 0)
        out[:, valid, at[valid, t]] += values[:, valid, t]
    return out


def measurement(rule: RuleBase, case: Case) -> Measurement:
    """When a rule's results are measured, from its `measured` (default: every year, as
    results arise) and, for pooled judgements, when the last cohort's results are in."""
    start, horizon = case.case.start_year, case.case.horizon
    t = np.arange(horizon)
    pooled = pooled_year(rule, case)
    pooled_at = None if pooled is None else pooled - start
    if rule.measured is None:
        return Measurement(
            at=np.broadcast_to(t, (len(case.cohorts), horizon)).copy(), points=None, pooled=pooled_at
        )
    points = np.array([measurement_years(rule, c) for c in case.cohorts]) - start  # [C, K]
    # each year's result is measured at the first measurement in or after it
    k = (points[:, None, :] < t[None, :, None]).sum(axis=-1)  # [C, T] measurements before t
    at = np.take_along_axis(points, np.minimum(k, points.shape[1] - 1), axis=1)
    at = np.where((k < points.shape[1]) & (at < horizon), at, -1)
    return Measurement(at=at, points=points, pooled=pooled_at)


def _passes(rule: RuleBase, case: Case, results: Results) -> tuple[np.ndarray, np.ndarray]:
    """Where a cohort's results count for the rule, [D, C] each as 1.0 or 0.0: met by a
    condition judged per cohort (or the rule has no conditions), and met only by a pooled
    one (so known only when the pooled result is measured)."""
    own, pooled = _met(rule, case, results)
    return own.astype(float), (pooled & ~own).astype(float)


def _met(rule: RuleBase, case: Case, results: Results) -> tuple[np.ndarray, np.ndarray]:
    """[D, C] each: some condition judged per cohort is met (every cohort, where the rule has
    no conditions); some pooled condition is met."""
    draws, cohorts = results.achieved.shape[:2]
    if not rule.success:
        return np.ones((draws, cohorts), dtype=bool), np.zeros((draws, cohorts), dtype=bool)
    names = [o.name for o in case.outcomes]
    met = {
        "per_cohort": np.zeros((draws, cohorts), dtype=bool),
        "pooled": np.zeros((draws, cohorts), dtype=bool),
    }
    for cond in rule.success:
        o = names.index(_outcome_of(rule, cond))
        met[cond.judged] |= results.reaches(
            results.value(o, cond.scale, cond.judged), cond.needed, o, cond.scale
        )
    return met["per_cohort"], met["pooled"]


def _outcome_of(rule: RuleBase, cond: Condition) -> str:
    name = judged_outcome(rule, cond)
    assert name is not None  # check_case makes sure
    return name


# ---- bounds: the most a contract can pay, from its terms alone


def settlement_index(case: Case) -> int:
    """The year index in which the contract settles: nothing is paid after it."""
    fin, info = case.financing, case.case
    return fin.settlement_year - info.start_year if fin.settlement_year is not None else info.horizon - 1


def maximum_outcome_payments(
    case: Case, capital: float | None, drawn: np.ndarray | None = None
) -> float | None:
    """The most the contract can pay in outcome payments, or None where nothing bounds it.

    Each bound is a term of the case: a total cap; a cap as a multiple of the capital drawn
    (known from the result); a cap per year, times the years up to settlement; an annual
    return cap, as the capital grown at that rate to the settlement year (from `drawn`, the
    capital by year, or else as if all of it were drawn in the first year); and for each rule
    its own caps or, for a fixed schedule or tiers of lump sums, the largest it can pay. The
    smallest bound holds; capital protection may then lift the payments to its share of the
    capital."""
    fin = case.financing
    bounds = []
    overall = _cap_bound(case, fin.cap, capital, drawn)
    if overall is not None:
        bounds.append(overall)
    rule_bounds = [rule_bound(case, rule, capital, drawn) for rule in fin.payments]
    known = [b for b in rule_bounds if b is not None]
    if len(known) == len(rule_bounds):
        bounds.append(sum(known))
    if not bounds:
        return None
    if fin.capital_protection > 0:
        if capital is None:
            return None
        return max(min(bounds), fin.capital_protection * capital)
    return min(bounds)


def maximum_loss(case: Case, capital: float | None) -> float | None:
    """The share of the capital the investor loses if the programme has no effect and so earns
    no outcome payment: what capital protection does not repay, less the guarantee's share of
    it (at most the guarantee's maximum, which needs the capital from the result)."""
    fin = case.financing
    rest = 1 - fin.capital_protection
    if fin.guarantee is None:
        return rest
    cover = fin.guarantee.share * rest
    if fin.guarantee.max is not None:
        if capital is None or capital <= 0:
            return None
        cover = min(cover, fin.guarantee.max / capital)
    return rest - cover


def _cap_bound(case: Case, cap: Caps, capital: float | None, drawn: np.ndarray | None) -> float | None:
    settle = settlement_index(case)
    bounds = []
    if cap.total is not None:
        bounds.append(cap.total)
    if cap.multiple is not None and capital is not None:
        bounds.append(cap.multiple * capital)
    if cap.per_year is not None:
        bounds.append(cap.per_year * (settle + 1))
    if cap.annual_return is not None:
        # _Cap.room: PV at the rate of what is paid <= PV of the capital; paid at the
        # latest in the settlement year, that is the capital grown to it
        growth = (1 + cap.annual_return) ** (settle - np.arange(case.case.horizon, dtype=float))
        if drawn is not None:
            bounds.append(float(np.asarray(drawn, dtype=float) @ growth))
        elif capital is not None:
            bounds.append(capital * float(growth[0]))
    return min(bounds) if bounds else None


def rule_bound(
    case: Case, rule: PaymentRule, capital: float | None, drawn: np.ndarray | None = None
) -> float | None:
    """The most one rule can pay, or None where nothing bounds it."""
    bounds = []
    own = _cap_bound(case, rule.cap, capital, drawn)
    if own is not None:
        bounds.append(own)
    if isinstance(rule, FixedSchedule):
        bounds.append(sum(rule.amounts.values()))
    if isinstance(rule, Tiers) and rule.lump_sums:
        bounds.append(max(t.amount or 0.0 for t in rule.tiers))
    return min(bounds) if bounds else None
