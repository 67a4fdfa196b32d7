"""Yearly cash flows of a case, as numpy arrays.

Every array has a leading axis of draws (size 1 for a plain evaluation; the
break-even effect runs many effect multipliers at once on that axis, and Monte Carlo
runs its draws there). Axes: D draws, C cohorts, O outcomes, T years.

    units[d, c, o, t] = n_c * delta_o * attribution_o * (1 - optimism_bias_o)
                        * effect_scale_c * multiplier_d * profile_o[t - intake_c]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from typing import Any, Literal, NamedTuple

import numpy as np

from .model import Case, Dist, Grant, Levels, Outcome, SavingsItem, TransactionCost, as_run, point
from .payments import Results, RuleInputs, outcome_payments
from .presets import discount_factors
from .timeline import by_year, shift

Mode = Literal["sib", "self"]
FloatArray = np.ndarray


@dataclass(frozen=True)
class Inputs:
    """A case compiled to arrays; independent of financing mode."""

    case: Case
    years: np.ndarray  # [T] calendar years
    discount: FloatArray  # [T] 1 / (1 + r)^t, or a preset schedule's factors
    participants: FloatArray  # [C]
    intake: np.ndarray  # [C] year index of intake
    effect_scale: FloatArray  # [C]
    improvement: FloatArray  # [D, O] delta x attribution x (1 - optimism bias)
    profile_ct: FloatArray  # [C, O, T] each cohort's profile placed on the calendar years
    target: FloatArray  # [O] target improvement (nan where none)
    baseline: FloatArray  # [D, O] the level without the programme (nan where none is given)
    better: FloatArray  # [O] +1 where higher is better, -1 where lower is
    overrides: tuple[Override, ...]  # levels stated by year or cohort (none: every cohort as stated)
    cost_per_participant: FloatArray  # [D]
    spread_ct: FloatArray  # [C, T] the share of each cohort's cost that falls in each year
    fixed_cost: FloatArray  # [T]
    spent: FloatArray  # [T] the cost actually spent in a year, in place of the computed one (nan: none)
    participants_by_year: FloatArray  # [T] entering each year
    saving_outcome: np.ndarray  # [S] outcome index of each savings item
    saving_amount: FloatArray  # [D, S] amount per attributable unit
    saving_municipal: FloatArray  # [D, S] municipality's share x cashable share
    saving_lag: np.ndarray  # [S]

    @property
    def cells(self) -> int:
        """Values in one draw's largest array (cohorts x outcomes or savings items x years)."""
        return len(self.participants) * max(len(self.target), len(self.saving_outcome), 1) * len(self.years)

    @property
    def draws(self) -> int:
        """Draws the uncertain inputs carry (1 where none are drawn)."""
        drawn = [
            self.cost_per_participant,
            self.improvement,
            self.saving_amount,
            self.saving_municipal,
            self.baseline,
        ]
        drawn += [a for v in self.overrides for a in (v.improvement, v.baseline)]
        return max(a.shape[0] for a in drawn)

    def batch(self, part: slice) -> Inputs:
        """The inputs of some of the draws (arrays of one draw stay as they are)."""

        def cut(a: np.ndarray) -> np.ndarray:
            return a[part] if a.shape[0] > 1 else a

        return replace(
            self,
            cost_per_participant=cut(self.cost_per_participant),
            improvement=cut(self.improvement),
            saving_amount=cut(self.saving_amount),
            saving_municipal=cut(self.saving_municipal),
            baseline=cut(self.baseline),
            overrides=tuple(
                replace(v, improvement=cut(v.improvement), baseline=cut(v.baseline)) for v in self.overrides
            ),
        )


BUDGET = 4_000_000  # values in one array of a batch of draws: about 32 MB


def batches(inputs: Inputs, draws: int) -> list[slice]:
    """Draws split so that no array of a batch holds more than BUDGET values; one batch for
    every shipped case, whatever the number of draws of a Monte Carlo chunk."""
    size = max(1, BUDGET // inputs.cells)
    return [slice(start, min(start + size, draws)) for start in range(0, draws, size)]


Values = dict[str, np.ndarray]  # an uncertain input's path -> its values, one a draw


def compile_case(case: Case, values: Values | None = None) -> Inputs:
    """The case as arrays. Uncertain inputs take their point values, or, where `values`
    names their path (e.g. "outcomes[0].effect"), one value a draw."""
    stop = case.termination
    case = as_run(case)
    info = case.case
    pick = _picker(values or {})
    horizon = info.horizon
    years = np.arange(info.start_year, info.start_year + horizon)
    profile = np.zeros((len(case.outcomes), horizon))
    for o, outcome in enumerate(case.outcomes):
        k = min(len(outcome.profile), horizon)
        profile[o, :k] = outcome.profile[:k]
    spread = np.zeros(horizon)
    k = min(len(case.programme_cost.spread), horizon)
    spread[:k] = case.programme_cost.spread[:k]
    items = savings_items(case)
    paths = [(f"outcomes[{o}].savings[{k}]", item) for o, k, item in items]
    participants = np.array([c.participants for c in case.cohorts], dtype=float)
    intake = np.array([c.year - info.start_year for c in case.cohorts])
    by_year_entering = np.zeros(horizon)
    np.add.at(by_year_entering, intake, participants)
    return Inputs(
        case=case,
        years=years,
        discount=discount_factors(info.discount_schedule, horizon)
        if info.discount_schedule
        else (1 + info.discount_rate) ** -np.arange(horizon, dtype=float),
        participants=participants,
        intake=intake,
        effect_scale=np.array([c.effect_scale for c in case.cohorts], dtype=float),
        improvement=_columns(
            [_net_improvement(o, f"outcomes[{i}]", pick) for i, o in enumerate(case.outcomes)]
        ),
        profile_ct=np.moveaxis(_by_intake(profile, intake), 0, 1),
        target=np.array([o.target if o.target is not None else np.nan for o in case.outcomes]),
        baseline=_columns(
            [
                pick(f"outcomes[{i}].baseline", o.baseline) if o.baseline is not None else np.array([np.nan])
                for i, o in enumerate(case.outcomes)
            ]
        ),
        better=np.array([1.0 if o.better == "higher" else -1.0 for o in case.outcomes]),
        overrides=_overrides(case, pick),
        cost_per_participant=pick("programme_cost.per_participant", case.programme_cost.per_participant),
        spread_ct=_by_intake(spread, intake) * (years <= stop.year if stop is not None else 1.0),
        fixed_cost=by_year(case.programme_cost.fixed, info.start_year, horizon),
        spent=_spent(case, horizon),
        participants_by_year=by_year_entering,
        saving_outcome=np.array([o for o, _, _ in items], dtype=int),
        saving_amount=_columns([_unit_amount(item, p, pick) for p, item in paths]),
        saving_municipal=_columns(
            [item.shares.get("municipality", 0.0) * pick(f"{p}.cashable", item.cashable) for p, item in paths]
        ),
        saving_lag=np.array([item.lag for _, _, item in items], dtype=int),
    )


def savings_items(case: Case) -> list[tuple[int, int, SavingsItem]]:
    """(outcome index, index within the outcome, item) of every savings item: the order of
    the S axis."""
    return [(o, k, item) for o, outcome in enumerate(case.outcomes) for k, item in enumerate(outcome.savings)]


def _picker(values: Values) -> Any:
    def pick(path: str, stated: float | Dist) -> np.ndarray:
        if path in values:
            return np.asarray(values[path], dtype=float)
        return np.array([point(stated)])

    return pick


def _columns(columns: list[np.ndarray]) -> np.ndarray:
    """Arrays of one value or one a draw -> [D, K]."""
    draws = max((len(c) for c in columns), default=1)
    return np.stack([np.broadcast_to(c, (draws,)) for c in columns], axis=1) if columns else np.zeros((1, 0))


def _unit_amount(item: SavingsItem, path: str, pick: Any) -> np.ndarray:
    if item.amount is not None:
        return np.asarray(pick(f"{path}.amount", item.amount))
    assert item.municipal_tax_on is not None
    return np.asarray(pick(f"{path}.municipal_tax_on", item.municipal_tax_on)) * item.rate_of_tax


def _net_improvement(outcome: Outcome, path: str, pick: Any, given: Levels | None = None) -> np.ndarray:
    """Improvement x attribution x (1 - optimism bias), a value a draw (may be negative in a
    draw where with_programme falls below baseline). With `given`, its stated levels replace
    the outcome's (a level it does not state keeps the outcome's)."""

    def level(name: str) -> np.ndarray:
        stated = getattr(given, name, None)
        return np.array([stated]) if stated is not None else pick(f"{path}.{name}", getattr(outcome, name))

    if outcome.effect is not None:
        delta = level("effect")
        if outcome.deadweight is not None:
            delta = delta * (1 - pick(f"{path}.deadweight", outcome.deadweight))
    else:
        assert outcome.baseline is not None
        assert outcome.with_programme is not None
        sign = 1 if outcome.better == "higher" else -1
        delta = sign * (level("with_programme") - level("baseline"))
    return (
        delta
        * pick(f"{path}.attribution", outcome.attribution)
        * (1 - pick(f"{path}.optimism_bias", outcome.optimism_bias))
    )


@dataclass(frozen=True)
class Override:
    """Levels stated for one cohort (-1: every cohort) in one year since intake (None: every
    year), as the net improvement and the baseline they give, a value a draw."""

    cohort: int
    outcome: int
    since: int | None
    improvement: FloatArray  # [D]
    baseline: FloatArray  # [D] (nan where the outcome states no baseline)


def _overrides(case: Case, pick: Any) -> tuple[Override, ...]:
    """Every level stated by year or cohort, in the order they apply (a later one wins)."""
    names = [c.name for c in case.cohorts]
    found = []
    for o, outcome in enumerate(case.outcomes):
        path = f"outcomes[{o}]"
        for name, since, given in outcome.overrides():
            if name is not None and name not in names:
                continue  # a cohort that never ran (after a termination, or none recruited)
            cohort = names.index(name) if name is not None else -1
            if outcome.baseline is None:
                baseline = np.array([np.nan])
            elif given.baseline is not None:
                baseline = np.array([given.baseline])
            else:
                baseline = pick(f"{path}.baseline", outcome.baseline)
            found.append(Override(cohort, o, since, _net_improvement(outcome, path, pick, given), baseline))
    return tuple(found)


def _by_intake(per_year_since_intake: FloatArray, intake: np.ndarray) -> FloatArray:
    """[..., T] indexed by years since intake -> [..., C, T] indexed by calendar year."""
    horizon = per_year_since_intake.shape[-1]
    since = np.arange(horizon)[None, :] - intake[:, None]  # [C, T]
    valid = since >= 0
    taken = np.take(per_year_since_intake, np.where(valid, since, 0), axis=-1)  # [..., C, T]
    return np.where(valid, taken, 0.0)


@dataclass(frozen=True)
class Flows:
    """Yearly flows under one financing mode, each [D, T] (units [D, O, T])."""

    mode: Mode
    participants: FloatArray
    programme_cost: FloatArray
    investor_capital: FloatArray
    outcome_payments: FloatArray
    guarantee_payments: FloatArray
    outcome_payments_others: FloatArray  # [D, T] the part of the outcome payments other payers pay
    payments_by_payer: FloatArray  # [D, P, T] each other payer's part
    grants: FloatArray  # [D, T] grants that fund the programme (at most its cost)
    grants_by_item: FloatArray  # [D, G, T] each grant as stated, where it counts under the mode
    grants_public: FloatArray  # [D, T] the part of the grants a region or the state gives
    outcome_payments_others_public: (
        FloatArray  # [D, T] the part of others' payments a region or the state pays
    )
    payments_by_rule: FloatArray  # [D, R, T] each rule's payments after caps
    payments_due_by_rule: FloatArray  # [D, R, T] what each rule made due before caps
    rule_passes: np.ndarray  # [D, R, C] payments.FAILS, OWN or POOLED: how each cohort counts for each rule
    past_hurdle: np.ndarray  # [D, R, T] True where a waterfall pays its second share
    achieved: FloatArray  # [D, C, O] improvement per participant each cohort achieves, as judged
    baseline_by_cohort: FloatArray  # [D, C, O] the baseline each cohort is judged against
    effect_by_cohort: FloatArray  # [D, C, O, T] improvement per participant in each year
    units_by_cohort: FloatArray  # [D, C, O, T] attributable units
    capital_protection: FloatArray  # [D, T] the top-up under capital protection
    programme_cost_by_cohort: FloatArray  # [D, C, T] per participant x participants x spread
    capital_for_programme: FloatArray  # [D, T] the part of investor capital that pays the programme
    savings_municipal_by_item: FloatArray  # [D, C, S, T] each savings item, each cohort
    savings_public_by_item: FloatArray  # [D, C, S, T]
    transaction_costs_by_item: FloatArray  # [D, K, T] each transaction cost, where it counts under the mode
    transaction_costs_municipal: FloatArray
    transaction_costs_public: FloatArray
    transaction_costs_total: FloatArray
    savings_municipal: FloatArray
    savings_public: FloatArray
    units: FloatArray
    municipal_net: FloatArray
    public_net: FloatArray
    investor_net: FloatArray

    def results(self, inputs: Inputs) -> Results:
        """What each cohort achieved, as the payment rules judged it."""
        return Results(
            self.achieved, inputs.target, self.baseline_by_cohort, inputs.better, inputs.participants
        )

    def draw(self, d: int) -> Flows:
        """The flows of one draw, keeping a draws axis of length 1."""
        arrays = {f.name: getattr(self, f.name)[d : d + 1] for f in fields(self) if f.name != "mode"}
        return replace(self, **arrays)


def cash_flows(inputs: Inputs, mode: Mode, multiplier: FloatArray | None = None) -> Flows:
    """All yearly flows of a case under one financing mode.

    `multiplier` ([D]) scales every effect; the draws axis is its length.
    """
    case = inputs.case
    horizon = len(inputs.years)
    mult = np.ones(1) if multiplier is None else np.asarray(multiplier, dtype=float)
    draws = max(
        len(mult),
        inputs.improvement.shape[0],
        inputs.saving_amount.shape[0],
        inputs.saving_municipal.shape[0],
        inputs.baseline.shape[0],
        len(inputs.cost_per_participant),
    )

    # Attributable units by cohort: [D, C, O, T]
    improvement = np.broadcast_to(inputs.improvement * mult[:, None], (draws, inputs.improvement.shape[1]))
    achieved = improvement[:, None, :] * inputs.effect_scale[None, :, None]  # [D, C, O]
    baseline = np.broadcast_to(
        inputs.baseline[:, None, :], (draws, len(inputs.participants), inputs.baseline.shape[1])
    )
    if inputs.overrides:
        effect, base = _by_year_and_cohort(inputs, achieved, baseline, mult)
        units_c = inputs.participants[None, :, None, None] * effect * inputs.profile_ct[None, :, :, :]
        achieved = _as_judged(effect, inputs.profile_ct, achieved)
        baseline = _as_judged(base, inputs.profile_ct, baseline)
    else:
        effect = np.broadcast_to(achieved[..., None], (*achieved.shape, horizon))
        units_c = (
            inputs.participants[None, :, None, None]
            * achieved[:, :, :, None]
            * inputs.profile_ct[None, :, :, :]
        )

    # Savings by cohort and savings item: [D, C, S, T]; summed by outcome: [D, C, O, T]
    items = len(inputs.saving_outcome)
    amount = np.broadcast_to(inputs.saving_amount, (draws, items))
    municipal = np.broadcast_to(inputs.saving_municipal, (draws, items))
    saving_pub_s = np.zeros((draws, units_c.shape[1], items, horizon))
    for s, o in enumerate(inputs.saving_outcome):
        saving_pub_s[:, :, s, :] = (
            shift(units_c[:, :, o, :], int(inputs.saving_lag[s])) * amount[:, s, None, None]
        )
    saving_mun_s = saving_pub_s * municipal[:, None, :, None]
    # by outcome, items added in file order (the order fixes the last bits of every figure)
    saving_mun_c = np.zeros_like(units_c)
    saving_pub_c = np.zeros_like(units_c)
    for s, o in enumerate(inputs.saving_outcome):
        saving_mun_c[:, :, o, :] += saving_mun_s[:, :, s, :]
        saving_pub_c[:, :, o, :] += saving_pub_s[:, :, s, :]

    # Programme cost: per participant spread over years since intake, plus fixed costs.
    cost_per = np.broadcast_to(inputs.cost_per_participant, (draws,))
    cost_by_cohort = cost_per[:, None, None] * (inputs.participants[:, None] * inputs.spread_ct)[None]
    programme_cost = cost_per[:, None] * (inputs.participants @ inputs.spread_ct)[None, :] + inputs.fixed_cost
    if (actual := ~np.isnan(inputs.spent)).any():  # what was spent, not what was planned
        programme_cost = np.where(actual[None, :], inputs.spent[None, :], programme_cost)
        cost_by_cohort = np.where(actual[None, None, :], 0.0, cost_by_cohort)

    costs = _by_year_under(case.transaction_costs, case, mode)  # [K, T]
    grants_k = _by_year_under(case.grants, case, mode)  # [G, T] as stated
    # a grant funds part of the year's programme cost, never more (check_case: at point values)
    granted = np.minimum(grants_k.sum(axis=0), programme_cost)  # [D, T]
    public_grant = np.array([g.payer != "other" for g in case.grants], dtype=bool)
    stated = grants_k.sum(axis=0)
    granted_public = granted * np.divide(
        grants_k[public_grant].sum(axis=0), stated, out=np.zeros(horizon), where=stated > 0
    )
    tc_mun, tc_pub, tc_inv, tc_all = (costs.sum(axis=0, where=m[:, None]) for m in payers(case))
    zeros = np.zeros((draws, horizon))
    if mode == "sib":
        if case.financing.capital == "upfront":
            for_programme = zeros.copy()
            for_programme[:, 0] = (programme_cost - granted).sum(axis=1)
        else:
            for_programme = programme_cost - granted
        capital = for_programme + tc_inv
        rule_inputs = RuleInputs(
            case=case,
            participants=inputs.participants,
            achieved=achieved,
            target=inputs.target,
            baseline=baseline,
            better=inputs.better,
            units_c=units_c,
            savings_c=saving_mun_c,
            savings_items=saving_pub_s,
            effect=effect,
            profile=inputs.profile_ct,
            municipal_weight=municipal,
            capital=capital,
            start_year=int(inputs.years[0]),
        )
        paid = outcome_payments(rule_inputs)
        payments, guarantee = paid.total, paid.guarantee
        by_rule, due, protection, passes = paid.by_rule, paid.scheduled, paid.protection, paid.passes
        past_hurdle = paid.past_hurdle
        by_payer = _co_payers(case, payments - protection)
        municipal_programme = zeros
    else:
        capital = for_programme = zeros
        payments = zeros
        guarantee = zeros
        by_rule = due = np.zeros((draws, len(case.financing.payments), horizon))
        passes = np.zeros((draws, len(case.financing.payments), len(inputs.participants)), dtype=np.int8)
        past_hurdle = np.zeros((draws, len(case.financing.payments), horizon), dtype=bool)
        protection = zeros
        by_payer = np.zeros((draws, len(case.financing.payers), horizon))
        municipal_programme = programme_cost - granted

    savings_municipal = saving_mun_c.sum(axis=(1, 2))
    savings_public = saving_pub_c.sum(axis=(1, 2))
    others = by_payer.sum(axis=1)  # [D, T] paid by the other payers
    public_payer = np.array([p.payer != "other" for p in case.financing.payers], dtype=bool)
    others_public = by_payer[:, public_payer].sum(axis=1)
    paid_publicly = payments - others + others_public
    if mode == "sib" and case.fund is None:
        public_programme = paid_publicly + granted_public
    else:  # self-financed, or lent by the municipality's own fund: public money either way
        public_programme = programme_cost - granted + granted_public
    municipal_net = savings_municipal - (payments - others) - tc_mun - municipal_programme
    public_net = savings_public - public_programme - tc_pub
    return Flows(
        mode=mode,
        participants=np.broadcast_to(inputs.participants_by_year, (draws, horizon)),
        programme_cost=programme_cost,
        investor_capital=capital,
        outcome_payments=payments,
        guarantee_payments=guarantee,
        outcome_payments_others=others,
        payments_by_payer=by_payer,
        grants=granted,
        grants_public=granted_public,
        outcome_payments_others_public=others_public,
        grants_by_item=np.broadcast_to(grants_k, (draws, *grants_k.shape)),
        payments_by_rule=by_rule,
        payments_due_by_rule=due,
        rule_passes=passes,
        past_hurdle=past_hurdle,
        achieved=achieved,
        baseline_by_cohort=baseline,
        effect_by_cohort=effect,
        units_by_cohort=units_c,
        capital_protection=protection,
        programme_cost_by_cohort=cost_by_cohort,
        capital_for_programme=for_programme,
        savings_municipal_by_item=saving_mun_s,
        savings_public_by_item=saving_pub_s,
        transaction_costs_by_item=np.broadcast_to(costs, (draws, *costs.shape)),
        transaction_costs_municipal=np.broadcast_to(tc_mun, (draws, horizon)),
        transaction_costs_public=np.broadcast_to(tc_pub, (draws, horizon)),
        transaction_costs_total=np.broadcast_to(tc_all, (draws, horizon)),
        savings_municipal=savings_municipal,
        savings_public=savings_public,
        units=units_c.sum(axis=1),
        municipal_net=municipal_net,
        public_net=public_net,
        investor_net=-capital + payments + guarantee,
    )


def _by_year_and_cohort(
    inputs: Inputs, achieved: FloatArray, baseline: FloatArray, mult: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """The improvement per participant and the baseline in every calendar year, [D, C, O, T]
    each: the outcome's, with the levels stated by year or cohort in their place."""
    horizon = len(inputs.years)
    draws = achieved.shape[0]
    effect = np.repeat(achieved[..., None], horizon, axis=-1)
    base = np.repeat(np.asarray(baseline)[..., None], horizon, axis=-1)
    since = np.arange(horizon)[None, :] - inputs.intake[:, None]  # [C, T]
    for v in inputs.overrides:
        cohorts = np.arange(len(inputs.intake)) if v.cohort < 0 else np.array([v.cohort])
        cells = since[cohorts] >= 0 if v.since is None else since[cohorts] == v.since  # [c, T]
        c_idx, t_idx = np.nonzero(cells)
        value = np.broadcast_to(v.improvement * mult, (draws,))
        effect[:, cohorts[c_idx], v.outcome, t_idx] = value[:, None]
        base[:, cohorts[c_idx], v.outcome, t_idx] = np.broadcast_to(v.baseline, (draws,))[:, None]
    return effect, base


def _as_judged(by_year: FloatArray, profile_ct: FloatArray, fallback: FloatArray) -> FloatArray:
    """A cohort's result over its years, [D, C, O]: the mean weighted by its profile (the
    years its results arise), or `fallback` where the profile has no year in the case."""
    weights = profile_ct[None]  # [1, C, O, T]
    total = weights.sum(axis=-1)
    weighted = (by_year * weights).sum(axis=-1)
    return np.where(total > 0, weighted / np.where(total > 0, total, 1.0), fallback)


def _spent(case: Case, horizon: int) -> FloatArray:
    """The programme cost actually spent by year, nan where none is stated."""
    out = np.full(horizon, np.nan)
    for year, amount in case.programme_cost.spent.items():
        out[year - case.case.start_year] = amount
    return out


def _co_payers(case: Case, payments: FloatArray) -> FloatArray:
    """What each other payer pays of the payments made by the rules, [D, P, T]: its share of
    each, until its maximum is reached."""
    out = np.zeros((payments.shape[0], len(case.financing.payers), payments.shape[1]))
    for p, payer in enumerate(case.financing.payers):
        due = payer.share * payments
        if payer.max is not None:
            reached = np.minimum(np.cumsum(due, axis=-1), payer.max)
            due = np.diff(reached, axis=-1, prepend=0.0)
        out[:, p] = due
    return out


def _by_year_under(items: Sequence[TransactionCost | Grant], case: Case, mode: Mode) -> FloatArray:
    """Each transaction cost or grant by year, [K, T]; zero where it does not count under `mode`."""
    out = np.zeros((len(items), case.case.horizon))
    for k, item in enumerate(items):
        if item.under in ("both", mode):
            out[k] = by_year(item.amounts, case.case.start_year, case.case.horizon)
    return out


class Payers(NamedTuple):
    """Which transaction costs fall to whom: masks over the costs, [K] each."""

    municipal: np.ndarray
    public: np.ndarray  # municipality, region and state
    investor: np.ndarray  # paid out of the investor's capital
    every: np.ndarray


def payers(case: Case) -> Payers:
    payer = np.array([cost.payer for cost in case.transaction_costs], dtype=object)
    public = np.isin(payer, ["municipality", "region", "state"])
    return Payers(payer == "municipality", public, payer == "investor", np.ones(len(payer), dtype=bool))
