"""How a figure arises, step by step, with the inputs it used.

Every explanation carries the figure's value (equal to `evaluate`'s) and, where the
figure is a sum, its terms: the terms add up to the value, so a reader can check it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .engine import Inputs, cash_flows, compile_case
from .formats import money, number, percent
from .labels import Lang, label
from .metrics import npv
from .model import RateCard, point
from .result import YEAR_COLUMNS, ModeResult, Result
from .timeline import by_year


@dataclass(frozen=True)
class Explanation:
    name: str
    title: str
    value: Any
    steps: list[str] = field(default_factory=list)
    terms: list[float] = field(default_factory=list)  # add up to value where the figure is a sum


def explain(
    result: Result, metric: str | None = None, year: int | None = None, lang: Lang = "en"
) -> list[Explanation]:
    """Explanations of the case's own financing mode: one metric, one year's columns (or
    one column in one year), or every metric of the contract."""
    mode = result.primary
    inputs = compile_case(result.case)
    if year is not None:
        columns = [metric] if metric else [c for c in YEAR_COLUMNS if c != "participants"]
        return [explain_year(mode, inputs, column, year, lang) for column in columns]
    names = [metric] if metric else [k for k, v in mode.metrics.items() if not isinstance(v, dict)]
    return [explain_metric(mode, inputs, name, lang) for name in names]


def known_metrics(mode: ModeResult) -> list[str]:
    return [k for k, v in mode.metrics.items() if not isinstance(v, dict)]


# ---- metrics --------------------------------------------------------------------

SUMS = {
    "net_municipal_gain": "municipal_net",
    "total_outcome_payments": "outcome_payments",
    "total_programme_cost": "programme_cost",
    "total_investor_capital": "investor_capital",
    "total_guarantee_payments": "guarantee_payments",
    "total_transaction_costs_municipal": "transaction_costs_municipal",
    "total_savings_municipal": "savings_municipal",
    "total_savings_public": "savings_public",
    "participants": "participants",
    "investor_net_gain": "investor_net",
}


def explain_metric(mode: ModeResult, inputs: Inputs, name: str, lang: Lang = "en") -> Explanation:
    currency = inputs.case.case.currency
    value = mode.metrics[name]
    title = label(name, lang) if name != "participants" else label("participants_total", lang)
    years = [int(y) for y in inputs.years]
    flows = mode.flows

    def m(x: float) -> str:
        return money(x, currency, lang)

    if value is None and name in SUMS:
        return Explanation(name, title, value, [label("explain.no_investor", lang)])
    if name in SUMS:
        column = SUMS[name]
        terms = [float(row[column]) for row in mode.years]
        steps = [f"{label('explain.sum_of', lang).format(column=label(column, lang))}:"]
        steps += [
            f"  {y}: {m(t) if column != 'participants' else number(t, lang)}"
            for y, t in zip(years, terms, strict=True)
            if t
        ]
        return Explanation(name, title, value, steps, terms)
    if name == "total_transaction_costs":
        terms = [float(v) for v in flows.transaction_costs_total[0]]
        steps = [label("explain.all_payers", lang)] + [
            f"  {y}: {m(t)}" for y, t in zip(years, terms, strict=True) if t
        ]
        return Explanation(name, title, value, steps, terms)
    if name in ("municipal_npv", "public_npv"):
        net = flows.municipal_net[0] if name == "municipal_npv" else flows.public_net[0]
        return _discounted(name, title, value, net, inputs, years, m, lang)
    if name == "public_net_gain":
        terms = [float(v) for v in flows.public_net[0]]
        steps = [label("explain.public_net", lang)] + [
            f"  {y}: {m(t)}" for y, t in zip(years, terms, strict=True) if t
        ]
        return Explanation(name, title, value, steps, terms)
    if name in ("break_even_year", "discounted_break_even_year"):
        column = "municipal_cumulative" if name == "break_even_year" else "municipal_discounted_cumulative"
        steps = [label("explain.break_even", lang).format(column=label(column, lang))]
        steps += [f"  {row['year']}: {m(float(row[column]))}" for row in mode.years]
        steps.append(
            label("explain.result", lang).format(value=value if value is not None else label("never", lang))
        )
        return Explanation(name, title, value, steps)
    if name == "benefit_cost_ratio":
        disc = inputs.discount
        savings = float(npv(flows.savings_municipal[0], disc))
        costs = flows.outcome_payments[0] + flows.transaction_costs_municipal[0]
        if mode.mode == "self":
            costs = costs + flows.programme_cost[0]
        pv_costs = float(npv(costs, disc))
        steps = [label("explain.bcr", lang).format(savings=m(savings), costs=m(pv_costs))]
        return Explanation(name, title, value, steps)
    if name in ("investor_irr", "investor_multiple", "investor_net_gain"):
        return _investor(name, title, value, mode, years, m, lang)
    if name.startswith("break_even_effect"):
        return _effect(name, title, value, mode, inputs, m, lang)
    if name in ("net_municipal_gain_if_no_effect", "municipal_npv_if_no_effect"):
        nothing = cash_flows(inputs, mode.mode, np.zeros(1))
        net = nothing.municipal_net[0]
        if name == "municipal_npv_if_no_effect":
            return _discounted(
                name, title, value, net, inputs, years, m, lang, prefix=label("explain.no_effect", lang)
            )
        terms = [float(v) for v in net]
        steps = [label("explain.no_effect", lang)] + [
            f"  {y}: {m(t)}" for y, t in zip(years, terms, strict=True) if t
        ]
        return Explanation(name, title, value, steps, terms)
    return Explanation(name, title, value, [label("explain.as_reported", lang)])


def _discounted(
    name: str,
    title: str,
    value: Any,
    net: np.ndarray,
    inputs: Inputs,
    years: list[int],
    m: Any,
    lang: Lang,
    prefix: str = "",
) -> Explanation:
    disc = inputs.discount
    terms = [float(n * d) for n, d in zip(net, disc, strict=True)]
    rate = percent(inputs.case.case.discount_rate, lang)
    schedule = inputs.case.case.discount_schedule
    steps = [prefix] if prefix else []
    steps.append(label("explain.discounted", lang).format(rate=schedule or rate))
    steps += [
        f"  {y}: {m(float(n))} x {number(float(d), lang, 4)} = {m(t)}"
        for y, n, d, t in zip(years, net, disc, terms, strict=True)
        if n
    ]
    return Explanation(name, title, value, steps, terms)


def _investor(
    name: str, title: str, value: Any, mode: ModeResult, years: list[int], m: Any, lang: Lang
) -> Explanation:
    if mode.mode == "self":
        return Explanation(name, title, value, [label("explain.no_investor", lang)])
    flows = [float(row["investor_net"]) for row in mode.years]
    capital = sum(float(row["investor_capital"]) for row in mode.years)
    receipts = sum(float(row["outcome_payments"]) + float(row["guarantee_payments"]) for row in mode.years)
    steps = [label("explain.investor_flows", lang)]
    steps += [f"  {y}: {m(f)}" for y, f in zip(years, flows, strict=True) if f]
    if name == "investor_multiple":
        steps.append(label("explain.multiple", lang).format(receipts=m(receipts), capital=m(capital)))
    elif name == "investor_irr" and value is not None:
        check = sum(f / (1 + value) ** t for t, f in enumerate(flows))
        steps.append(label("explain.irr", lang).format(rate=percent(value, lang, 2), check=m(check)))
    elif name == "investor_irr":
        steps.append(label("explain.no_irr", lang))
    return Explanation(name, title, value, steps, flows if name == "investor_net_gain" else [])


def _effect(
    name: str, title: str, value: Any, mode: ModeResult, inputs: Inputs, m: Any, lang: Lang
) -> Explanation:
    party = "municipal" if name.endswith("municipal") else "investor"
    if value is None:
        return Explanation(name, title, value, [label(f"explain.effect_none_{party}", lang)])
    below = max(value - 0.001, 0.0)
    flows = cash_flows(inputs, mode.mode, np.array([below, value]))
    figure = (
        npv(flows.municipal_net, inputs.discount) if party == "municipal" else flows.investor_net.sum(axis=1)
    )
    steps = [
        label(f"explain.effect_{party}", lang),
        f"  x {number(below, lang, 4)}: {m(float(figure[0]))}",
        f"  x {number(value, lang, 4)}: {m(float(figure[1]))}",
    ]
    return Explanation(name, title, value, steps)


# ---- one year's columns -------------------------------------------------------------


def explain_year(mode: ModeResult, inputs: Inputs, column: str, year: int, lang: Lang = "en") -> Explanation:
    case = inputs.case
    years = [int(y) for y in inputs.years]
    if year not in years:
        from .errors import SibCaseError

        raise SibCaseError(f"--year must be between {years[0]} and {years[-1]}, got {year}")
    t = years.index(year)
    row = mode.years[t]
    value = row[column]
    title = f"{label(column, lang)} {year}"
    currency = case.case.currency

    def m(x: float) -> str:
        return money(x, currency, lang)

    if column in ("savings_municipal", "savings_public"):
        return _savings(column, title, value, inputs, t, m, lang)
    if column == "programme_cost":
        steps, terms = [], []
        per = point(case.programme_cost.per_participant)
        spread = case.programme_cost.spread
        for c, cohort in enumerate(case.cohorts):
            k = t - int(inputs.intake[c])
            if 0 <= k < len(spread) and spread[k]:
                amount = cohort.participants * per * spread[k]
                terms.append(amount)
                steps.append(
                    label("explain.cost_line", lang).format(
                        cohort=cohort.year,
                        n=cohort.participants,
                        per=m(per),
                        share=percent(spread[k], lang, 0),
                        amount=m(amount),
                    )
                )
        fixed = float(by_year(case.programme_cost.fixed, case.case.start_year, len(years))[t])
        if fixed:
            terms.append(fixed)
            steps.append(label("explain.fixed", lang).format(amount=m(fixed)))
        return Explanation(column, title, value, steps, terms)
    if column == "outcome_payments":
        flows = mode.flows
        steps, terms = [], []
        names = [o.name for o in case.outcomes]
        for r, rule in enumerate(case.financing.payments):
            paid = float(flows.payments_by_rule[0, r, t])
            if not paid:
                continue
            terms.append(paid)
            what = f"{rule.type.replace('_', ' ')}{' ' + repr(rule.name) if rule.name else ''}"
            if isinstance(rule, RateCard) and t - rule.lag >= 0 and not rule.success:
                units = float(flows.units[0, names.index(rule.outcome), t - rule.lag])
                due = units * rule.price
                line = label("explain.rate_card", lang).format(
                    rule=what,
                    units=number(units, lang, 2),
                    outcome=rule.outcome,
                    year=year - rule.lag,
                    price=m(rule.price),
                    due=m(due),
                )
                if paid < due - 0.005:
                    line += label("explain.capped", lang).format(paid=m(paid))
                steps.append(line)
            else:
                steps.append(f"{what}: {m(paid)}")
        protection = float(flows.capital_protection[0, t])
        if protection:
            terms.append(protection)
            steps.append(label("explain.protection", lang).format(amount=m(protection)))
        if not steps:
            steps.append(label("explain.nothing", lang))
        return Explanation(column, title, value, steps, terms)
    if column == "investor_capital":
        if mode.mode == "self":
            return Explanation(column, title, value, [label("explain.no_investor", lang)], [])
        upfront = case.financing.capital == "upfront"
        programme = float(mode.flows.programme_cost[0].sum()) if upfront and t == 0 else 0.0
        if not upfront:
            programme = float(row["programme_cost"])
        steps = [
            label("explain.capital_upfront" if upfront else "explain.capital_as_needed", lang).format(
                amount=m(programme)
            )
        ]
        terms = [programme]
        for cost in case.transaction_costs:
            amount = float(cost.amounts.get(year, 0.0))
            if amount and cost.payer == "investor" and cost.under in ("both", "sib"):
                terms.append(amount)
                steps.append(f"{cost.category}: {m(amount)}")
        return Explanation(column, title, value, steps, terms)
    if column == "transaction_costs_municipal":
        steps, terms = [], []
        for cost in case.transaction_costs:
            amount = float(cost.amounts.get(year, 0.0))
            if amount and cost.payer == "municipality" and cost.under in ("both", mode.mode):
                terms.append(amount)
                steps.append(f"{cost.category}: {m(amount)}")
        return Explanation(column, title, value, steps or [label("explain.nothing", lang)], terms)
    if column == "municipal_net":
        parts = [
            (label("savings_municipal", lang), float(row["savings_municipal"])),
            (label("outcome_payments", lang), -float(row["outcome_payments"])),
            (label("transaction_costs_municipal", lang), -float(row["transaction_costs_municipal"])),
        ]
        if mode.mode == "self":
            parts.append((label("programme_cost", lang), -float(row["programme_cost"])))
        return Explanation(column, title, value, [f"{n}: {m(v)}" for n, v in parts], [v for _, v in parts])
    if column == "investor_net":
        parts = [
            (label("investor_capital", lang), -float(row["investor_capital"])),
            (label("outcome_payments", lang), float(row["outcome_payments"])),
            (label("guarantee_payments", lang), float(row["guarantee_payments"])),
        ]
        return Explanation(column, title, value, [f"{n}: {m(v)}" for n, v in parts], [v for _, v in parts])
    if column in ("municipal_cumulative", "municipal_discounted_cumulative"):
        discount = inputs.discount if column.endswith("discounted_cumulative") else np.ones(len(years))
        terms = [float(mode.years[s]["municipal_net"]) * float(discount[s]) for s in range(t + 1)]
        steps = [f"  {years[s]}: {m(v)}" for s, v in enumerate(terms) if v]
        return Explanation(column, title, value, steps, terms)
    return Explanation(column, title, value, [label("explain.as_reported", lang)])


def _savings(column: str, title: str, value: Any, inputs: Inputs, t: int, m: Any, lang: Lang) -> Explanation:
    """units x amount x municipal share x cashable, cohort by cohort and item by item."""
    case = inputs.case
    steps, terms = [], []
    municipal = column == "savings_municipal"
    for o, outcome in enumerate(case.outcomes):
        improvement = float(inputs.improvement[0, o])
        for item in outcome.savings:
            when = t - item.lag
            for c, cohort in enumerate(case.cohorts):
                k = when - int(inputs.intake[c])
                if when < 0 or k < 0 or k >= len(outcome.profile) or not outcome.profile[k]:
                    continue
                units = cohort.participants * improvement * cohort.effect_scale * outcome.profile[k]
                share = item.shares.get("municipality", 0.0) * point(item.cashable) if municipal else 1.0
                amount = units * item.unit_amount * share
                if not amount:
                    continue
                terms.append(amount)
                steps.append(
                    label("explain.saving_line" if municipal else "explain.saving_line_public", lang).format(
                        item=item.name,
                        cohort=cohort.year,
                        n=cohort.participants,
                        effect=number(improvement * cohort.effect_scale, lang, 4),
                        profile=number(outcome.profile[k], lang, 2),
                        amount=m(item.unit_amount),
                        share=percent(share, lang, 0),
                        result=m(amount),
                    )
                )
    return Explanation(column, title, value, steps or [label("explain.nothing", lang)], terms)
