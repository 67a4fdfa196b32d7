"""How a figure arises, step by step, with the inputs it used.

Every explanation carries the figure's value (equal to `evaluate`'s) and, where the
figure is a sum, its terms: the terms add up to the value, so a reader can check it.
The terms are the engine's own (its flows by cohort, savings item, payment rule and
transaction cost, and its formulas in metrics.py); this module only picks and words them.
Case text in the steps (savings items, outcomes, transaction-cost categories) has its
control characters shown escaped (text.printable): the steps are printed to the terminal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .engine import Inputs, payers, savings_items
from .errors import SibCaseError
from .figures import COLUMNS, METRICS
from .formats import money, number, percent
from .labels import Lang, label, say
from .metrics import benefit_and_cost, irr_roots, npv_at, party_value
from .model import Outcome, RateCard, ReturnBands, SavingsShare, Tiers, judged_outcome
from .payments import EPS, FAILS, OWN, POOLED, Results, band_reached, measurement, true_up_judgements
from .result import ModeResult, Result
from .text import printable

Words = Callable[[float], str]


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
    mode, inputs = result.primary, result.inputs
    allowed = list(COLUMNS) if year is not None else known_metrics()
    if metric is not None and metric not in allowed:
        key = "msg.no_column" if year is not None else "msg.no_metric"
        raise SibCaseError(say(key, name=metric, allowed=", ".join(allowed)))
    if year is not None:
        columns = [metric] if metric else [c for c in allowed if c != "participants"]
        return [explain_year(mode, inputs, column, year, lang) for column in columns]
    sib = result.by_mode["sib"]
    return [
        explain_part(sib, inputs, name, lang) if name in PARTS else explain_metric(mode, inputs, name, lang)
        for name in ([metric] if metric else allowed)
    ]


# The parts of the JSON result beside the metrics, explained for the SIB (whichever mode is
# the case's own): each rule's payments and why, the investors, the settlement.
PARTS = ("payment_rules", "investors", "settlement")


def rule_title(kind: str, name: str, lang: Lang) -> str:
    """A payment rule as the memo names it, with its own name in the language's quotes:
    Pris pr. enhed ”takst ...”, Rate card 'takst ...'."""
    return label(f"memo.rule.{kind}", lang) + (
        " " + label("memo.quoted", lang).format(text=name) if name else ""
    )


def known_metrics() -> list[str]:
    """Every metric of the JSON contract, those by outcome included, and its other parts."""
    return [*METRICS, *PARTS]


def explain_part(sib: ModeResult, inputs: Inputs, name: str, lang: Lang = "en") -> Explanation:
    """The SIB's payment rules (what each paid and why), its investors, its settlement."""
    from .why import rule_report, settlement_report

    def m(x: float) -> str:
        return money(x, inputs.case.case.currency, lang)

    title = label(f"explain.part.{name}", lang)
    if name == "payment_rules":
        steps, terms = [], []
        for r, record in enumerate(rule_report(sib.flows, inputs)):
            paid = sum(record["paid"])
            terms.append(paid)
            what = rule_title(record["type"], record["name"], lang)
            steps.append(f"{printable(what)}: {m(paid)}")
            if record.get("cut_by_caps"):
                steps.append("  " + label("explain.capped", lang).format(paid=m(paid)).lstrip(", "))
            for t in range(len(inputs.years)):
                if record["paid"][t]:
                    steps.append(f"  {int(inputs.years[t])}: {m(record['paid'][t])}")
                    steps += ["    " + line for line in rests_on(sib, inputs, r, t, lang)]
        return Explanation(name, title, sum(terms), steps, terms)
    if name == "investors":
        steps, terms = [], []
        for i in sib.investors:
            terms.append(i.received)
            investor = inputs.case.financing.investors[
                [j.name for j in inputs.case.financing.investors].index(i.name)
            ]
            steps.append(
                label("explain.investor", lang).format(
                    name=printable(i.name),
                    priority=i.priority,
                    coupon=percent(investor.coupon or 0.0, lang, 1),
                    drawn=m(i.drawn),
                    received=m(i.received),
                    irr=percent(i.irr, lang, 1) if i.irr is not None else label("none", lang),
                )
            )
        return Explanation(name, title, sum(terms), steps or [label("explain.no_investors", lang)], terms)
    report = settlement_report(sib.flows, inputs)
    terms = [report["capital_protection"], report["guarantee"]]
    steps = [
        label("explain.settled", lang).format(year=report["year"]),
        label("explain.protection", lang).format(amount=m(report["capital_protection"])),
        f"{COLUMNS['guarantee_payments'].label(lang)}: {m(report['guarantee'])}",
    ]
    return Explanation(name, title, sum(terms), steps, terms)


def render_explanations(items: list[Explanation], currency: str, yearly: bool, lang: Lang = "en") -> str:
    """Each figure's title and value, then its steps indented, a blank line between."""
    lines = []
    for item in items:
        if item.name in PARTS:
            lines += [
                f"{item.title}: {money(item.value, currency, lang)}",
                *(f"  {s}" for s in item.steps),
                "",
            ]
            continue
        figure = COLUMNS[item.name] if yearly else METRICS[item.name]
        shown = "" if figure.per_outcome else " " + figure.text(item.value, lang, currency)
        lines.append(f"{item.title}:{shown}")
        lines += [f"  {step}" for step in item.steps]
        lines.append("")
    return "\n".join(lines)


# ---- metrics --------------------------------------------------------------------


def explain_metric(mode: ModeResult, inputs: Inputs, name: str, lang: Lang = "en") -> Explanation:
    figure = METRICS[name]
    value, title = mode.metrics[name], figure.label(lang)
    years = [int(y) for y in inputs.years]
    flows = mode.flows

    def m(x: float) -> str:
        return money(x, inputs.case.case.currency, lang)

    def by_year(heading: str, values: np.ndarray) -> Explanation:
        terms = [float(v) for v in values]
        lines = [heading] + [f"  {y}: {m(t)}" for y, t in zip(years, terms, strict=True) if t]
        return Explanation(name, title, value, lines, terms)

    if figure.sum_of is not None:
        if value is None:
            return Explanation(name, title, value, [label("explain.no_investor", lang)])
        column = COLUMNS[figure.sum_of]
        terms = [float(v) for v in mode.years[column.name]]
        steps = [f"{label('explain.sum_of', lang).format(column=column.label(lang))}:"]
        show = number if column.kind == "count" else lambda t, _: m(t)
        steps += [f"  {y}: {show(t, lang)}" for y, t in zip(years, terms, strict=True) if t]
        return Explanation(name, title, value, steps, terms)
    if name == "total_transaction_costs":
        return by_year(label("explain.all_payers", lang), flows.transaction_costs_total[0])
    if name == "public_net_gain":
        return by_year(label("explain.public_net", lang), flows.public_net[0])
    if name in ("municipal_npv", "public_npv"):
        net = flows.municipal_net[0] if name == "municipal_npv" else flows.public_net[0]
        return _discounted(name, title, value, net, inputs, years, m, lang)
    if name == "net_municipal_gain_if_no_effect":
        return by_year(label("explain.no_effect", lang), mode.no_effect.municipal_net[0])
    if name == "municipal_npv_if_no_effect":
        net = mode.no_effect.municipal_net[0]
        return _discounted(name, title, value, net, inputs, years, m, lang, label("explain.no_effect", lang))
    if name in ("break_even_year", "discounted_break_even_year"):
        column = COLUMNS[
            "municipal_cumulative" if name == "break_even_year" else "municipal_discounted_cumulative"
        ]
        steps = [label("explain.break_even", lang).format(column=column.label(lang))]
        steps += [f"  {y}: {m(float(v))}" for y, v in zip(years, mode.years[column.name], strict=True)]
        steps.append(label("explain.result", lang).format(value=figure.text(value, lang)))
        return Explanation(name, title, value, steps)
    if name == "benefit_cost_ratio":
        savings, costs = (float(v[0]) for v in benefit_and_cost(flows, inputs.discount))
        return Explanation(
            name, title, value, [label("explain.bcr", lang).format(savings=m(savings), costs=m(costs))]
        )
    if name in ("investor_irr", "investor_multiple", "investor_irr_roots"):
        return _investor(name, title, value, mode, years, m, lang)
    if name.startswith("break_even_effect"):
        return _effect(name, title, value, mode, inputs, m, lang)
    if figure.per_outcome:
        return _by_outcome(name, title, value, mode, inputs, m, lang)
    return Explanation(name, title, value, [label("explain.as_reported", lang)])


def _by_outcome(
    name: str, title: str, value: Any, mode: ModeResult, inputs: Inputs, m: Words, lang: Lang
) -> Explanation:
    """Attributable units of each outcome, year by year; or what a unit cost: what was
    spent (outcome payments under a SIB, the programme cost self-financed) over the units."""
    steps: list[str] = []
    spent = mode.metrics.total_outcome_payments if mode.mode == "sib" else mode.metrics.total_programme_cost
    for o, outcome in enumerate(inputs.case.outcomes):
        units = mode.metrics.total_units[outcome.name]
        if name == "total_units":
            years = zip(inputs.years, mode.flows.units[0, o], strict=True)
            by_year = ", ".join(f"{int(y)}: {number(float(u), lang, 2)}" for y, u in years if u)
            steps.append(f"{printable(outcome.name)}: {number(units, lang, 2)} ({by_year or '-'})")
        else:
            cost = value[outcome.name]
            shown = m(cost) if cost is not None else label("none", lang)
            steps.append(
                label("explain.cost_per_unit", lang).format(
                    outcome=printable(outcome.name), spent=m(spent), units=number(units, lang, 2), cost=shown
                )
            )
    return Explanation(name, title, value, steps)


def _discounted(
    name: str,
    title: str,
    value: Any,
    net: np.ndarray,
    inputs: Inputs,
    years: list[int],
    m: Words,
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
    name: str, title: str, value: Any, mode: ModeResult, years: list[int], m: Words, lang: Lang
) -> Explanation:
    if mode.mode == "self":
        return Explanation(name, title, value, [label("explain.no_investor", lang)])
    flows = [float(v) for v in mode.years.investor_net]
    steps = [label("explain.investor_flows", lang)]
    steps += [f"  {y}: {m(f)}" for y, f in zip(years, flows, strict=True) if f]
    if name == "investor_irr_roots":
        roots = irr_roots(mode.flows.investor_net[0])
        steps.append(
            label("explain.roots", lang).format(roots=", ".join(percent(r, lang, 2) for r in roots) or "-")
        )
        return Explanation(name, title, value, steps)
    if name == "investor_multiple":
        receipts = mode.metrics.total_outcome_payments + mode.metrics.total_guarantee_payments
        capital = mode.metrics.total_investor_capital or 0.0
        steps.append(label("explain.multiple", lang).format(receipts=m(receipts), capital=m(capital)))
    elif value is not None:
        check = npv_at(mode.flows.investor_net[0], value)
        steps.append(label("explain.irr", lang).format(rate=percent(value, lang, 2), check=m(check)))
    else:
        steps.append(label("explain.no_irr", lang))
    if name != "investor_multiple" and len(roots := irr_roots(mode.flows.investor_net[0])) > 1:
        steps.append(
            label("explain.irr_roots", lang).format(roots=", ".join(percent(r, lang, 2) for r in roots))
        )
    return Explanation(name, title, value, steps)


def _effect(
    name: str, title: str, value: Any, mode: ModeResult, inputs: Inputs, m: Words, lang: Lang
) -> Explanation:
    party = "municipal" if name.endswith("municipal") else "investor"
    if value is None:
        return Explanation(name, title, value, [label(f"explain.effect_none_{party}", lang)])
    below = max(value - 0.001, 0.0)
    figure = party_value(inputs, mode.mode, np.array([below, value]), party)
    steps = [
        label(f"explain.effect_{party}", lang),
        f"  x {number(below, lang, 4)}: {m(float(figure[0]))}",
        f"  x {number(value, lang, 4)}: {m(float(figure[1]))}",
    ]
    return Explanation(name, title, value, steps)


# ---- one year's columns -------------------------------------------------------------


def explain_year(mode: ModeResult, inputs: Inputs, column: str, year: int, lang: Lang = "en") -> Explanation:
    years = [int(y) for y in inputs.years]
    if year not in years:
        raise SibCaseError(say("msg.no_year", first=years[0], last=years[-1], year=year))
    t = years.index(year)
    row = {c: float(mode.years[c][t]) for c in COLUMNS}
    value = COLUMNS[column].value(row[column])
    title = f"{COLUMNS[column].label(lang)} {year}"

    def m(x: float) -> str:
        return money(x, inputs.case.case.currency, lang)

    def parts(*named: tuple[str, float]) -> Explanation:
        lines = [f"{COLUMNS[c].label(lang)}: {m(v)}" for c, v in named]
        return Explanation(column, title, value, lines, [v for _, v in named])

    if column in ("savings_municipal", "savings_public"):
        steps, terms = _savings(column, mode, inputs, t, m, lang)
    elif column == "programme_cost":
        steps, terms = _programme_cost(mode, inputs, t, m, lang)
    elif column == "outcome_payments":
        steps, terms = _outcome_payments(mode, inputs, t, m, lang)
    elif column == "investor_capital":
        if mode.mode == "self":
            return Explanation(column, title, value, [label("explain.no_investor", lang)], [])
        steps, terms = _capital(mode, inputs, t, m, lang)
    elif column == "transaction_costs_municipal":
        steps, terms = _costs(mode, inputs, t, payers(inputs.case).municipal, m)
    elif column == "municipal_net":
        named = [
            ("savings_municipal", row["savings_municipal"]),
            ("outcome_payments", -row["outcome_payments"]),
            ("outcome_payments_others", row["outcome_payments_others"]),
            ("transaction_costs_municipal", -row["transaction_costs_municipal"]),
        ]
        if mode.mode == "self":
            named += [("programme_cost", -row["programme_cost"]), ("grants", row["grants"])]
        return parts(*[(c, v) for c, v in named if v or not COLUMNS[c].optional])
    elif column == "guarantee_payments":
        steps, terms = _guarantee(mode, inputs, t, m, lang)
    elif column == "outcome_payments_others":
        steps, terms = _co_payers(mode, inputs, t, m)
    elif column == "grants":
        steps, terms = _grants(mode, inputs, t, m, lang)
    elif column == "investor_net":
        return parts(
            ("investor_capital", -row["investor_capital"]),
            ("outcome_payments", row["outcome_payments"]),
            ("guarantee_payments", row["guarantee_payments"]),
        )
    elif column in ("municipal_cumulative", "municipal_discounted_cumulative"):
        discount = inputs.discount if column.endswith("discounted_cumulative") else np.ones(len(years))
        terms = [float(mode.years.municipal_net[s]) * float(discount[s]) for s in range(t + 1)]
        steps = [f"  {years[s]}: {m(v)}" for s, v in enumerate(terms) if v]
    else:
        return Explanation(column, title, value, [label("explain.as_reported", lang)])
    return Explanation(column, title, value, steps or [label("explain.nothing", lang)], terms)


Lines = tuple[list[str], list[float]]


def _savings(column: str, mode: ModeResult, inputs: Inputs, t: int, m: Words, lang: Lang) -> Lines:
    """The engine's savings, item by item and cohort by cohort: participants x effect x
    profile x amount x (municipal and cashable share)."""
    case, municipal = inputs.case, column == "savings_municipal"
    flows = mode.flows.savings_municipal_by_item if municipal else mode.flows.savings_public_by_item
    steps, terms = [], []
    for s, (o, _, item) in enumerate(savings_items(case)):
        when = t - int(inputs.saving_lag[s])
        for c, cohort in enumerate(case.cohorts):
            amount = float(flows[0, c, s, t])
            if not amount or when < 0:
                continue
            terms.append(amount)
            share = float(inputs.saving_municipal[0, s]) if municipal else 1.0
            steps.append(
                label("explain.saving_line" if municipal else "explain.saving_line_public", lang).format(
                    item=printable(item.name),
                    cohort=cohort.year,
                    n=cohort.participants,
                    effect=number(float(mode.flows.effect_by_cohort[0, c, o, when]), lang, 4),
                    profile=number(float(inputs.profile_ct[c, o, when]), lang, 2),
                    amount=m(float(inputs.saving_amount[0, s])),
                    share=percent(share, lang, 0),
                    result=m(amount),
                )
            )
    return steps, terms


def _programme_cost(mode: ModeResult, inputs: Inputs, t: int, m: Words, lang: Lang) -> Lines:
    """The engine's programme cost, cohort by cohort, plus the fixed costs."""
    steps, terms = [], []
    per = float(inputs.cost_per_participant[0])
    for c, cohort in enumerate(inputs.case.cohorts):
        amount = float(mode.flows.programme_cost_by_cohort[0, c, t])
        if amount:
            terms.append(amount)
            steps.append(
                label("explain.cost_line", lang).format(
                    cohort=cohort.year,
                    n=cohort.participants,
                    per=m(per),
                    share=percent(float(inputs.spread_ct[c, t]), lang, 0),
                    amount=m(amount),
                )
            )
    if not np.isnan(spent := float(inputs.spent[t])):
        return [label("explain.spent", lang).format(amount=m(spent))], [spent]
    if fixed := float(inputs.fixed_cost[t]):
        terms.append(fixed)
        steps.append(label("explain.fixed", lang).format(amount=m(fixed)))
    return steps, terms


def _outcome_payments(mode: ModeResult, inputs: Inputs, t: int, m: Words, lang: Lang) -> Lines:
    """Each rule's payment after caps (with what it made due where caps cut it), and the
    capital protection top-up."""
    flows, case = mode.flows, inputs.case
    names = [o.name for o in case.outcomes]
    year = int(inputs.years[t])
    steps, terms = [], []
    for r, rule in enumerate(case.financing.payments):
        paid, due = float(flows.payments_by_rule[0, r, t]), float(flows.payments_due_by_rule[0, r, t])
        if not paid:
            continue
        terms.append(paid)
        what = rule_title(rule.type, rule.name, lang)
        if isinstance(rule, RateCard) and t - rule.lag >= 0 and not rule.success:
            line = label("explain.rate_card", lang).format(
                rule=what,
                units=number(float(flows.units[0, names.index(rule.outcome), t - rule.lag]), lang, 2),
                outcome=printable(rule.outcome),
                year=year - rule.lag,
                price=m(rule.price),
                due=m(due),
            )
        else:
            line = f"{what}: {m(paid)}"
        if paid < due - 0.005:
            line += label("explain.capped", lang).format(paid=m(paid))
        steps.append(line)
        steps.extend("  " + step for step in rests_on(mode, inputs, r, t, lang))
    if protection := float(flows.capital_protection[0, t]):
        terms.append(protection)
        steps.append(label("explain.protection", lang).format(amount=m(protection)))
    return steps, terms


def rests_on(mode: ModeResult, inputs: Inputs, r: int, t: int, lang: Lang) -> list[str]:
    """The measurement a rule's payment in year t rests on, and for each cohort it pays for,
    how it passed: each condition's result as a share of the target against what it needs."""
    case, flows = inputs.case, mode.flows
    rule = case.financing.payments[r]
    if isinstance(rule, ReturnBands):
        return [_band_line(rule, flows, inputs, lang)]
    plan = measurement(rule, case)
    dated = rule.dated
    at = t if dated else t - getattr(rule, "lag", 0)  # the year index measured
    passes = flows.rule_passes[0, r]
    names = [o.name for o in case.outcomes]
    results = flows.results(inputs)
    judged_on = [results] * len(case.cohorts)  # the results each cohort is judged on
    if rule.measured is not None and rule.measured.true_up:
        # judged at the measurement paid in year t, on each cohort's results up to then
        passes, judged_on = passes.copy(), list(judged_on)
        earns = _earning(rule, flows, inputs)
        horizon = len(inputs.years)
        measured = np.zeros(len(passes), dtype=bool)
        for judged in true_up_judgements(
            rule, case, results, flows.effect_by_cohort, inputs.profile_ct, plan
        ):
            for k in np.flatnonzero(judged.at == at):
                code = judged.passes(int(k))
                earned = earns[k, : min(int(judged.upto[k]), horizon - 1) + 1].any()
                passes[k], judged_on[k], measured[k] = code if earned else FAILS, judged.results, True
        passes = np.where(measured, passes, FAILS)
        cohorts = [int(c) for c in np.flatnonzero(passes != FAILS)]
        year = at
    elif dated:
        cohorts = [c for c in range(len(passes)) if passes[c] != FAILS]
        year = plan.pooled if plan.pooled is not None else int(plan.at.max())
    else:
        earns = _earning(rule, flows, inputs)  # [C, T]: where a cohort's results earn something
        own = earns & (plan.at == at)
        late = earns & (plan.at >= 0) & (plan.at <= at) if at == plan.pooled else np.zeros_like(earns)
        cohorts = [
            c
            for c in range(len(passes))
            if (passes[c] == OWN and own[c].any()) or (passes[c] == POOLED and late[c].any())
        ]
        year = at
    pooled_tier = isinstance(rule, Tiers) and rule.judged == "pooled"
    pooled = pooled_tier or (bool(cohorts) and all(passes[c] == POOLED for c in cohorts))
    key = "explain.measured_pooled" if pooled else "explain.measured"
    lines = [label(key, lang).format(year=int(inputs.years[0]) + year)]
    who = [
        f"{printable(case.cohorts[c].name)} ({case.cohorts[c].year})"
        if case.cohorts[c].name
        else str(case.cohorts[c].year)
        for c in range(len(case.cohorts))
    ]
    if isinstance(rule, Tiers) and pooled_tier and cohorts:
        lines.append(_tier_line(rule, results, inputs, cohorts[0], lang))
    if not rule.success:
        lines.append(label("explain.cohorts", lang).format(cohorts=", ".join(who[c] for c in cohorts)))
    for c in cohorts:
        if rule.success:
            status = {OWN: "explain.cohort_own", POOLED: "explain.cohort_pooled"}[int(passes[c])]
            lines.append(label(status, lang).format(cohort=who[c]))
        for cond in rule.success:
            outcome = judged_outcome(rule, cond)
            assert outcome is not None
            o = names.index(outcome)
            on = results if cond.judged == "pooled" else judged_on[c]
            value = float(on.value(o, cond.scale, cond.judged)[0, c])
            lines.append(
                "  " + condition_line(case.outcomes[o], cond.judged, cond.scale, value, cond.needed, lang)
            )
        if isinstance(rule, Tiers) and not pooled_tier:
            lines.append(("  " if rule.success else "") + _tier_line(rule, results, inputs, c, lang, who[c]))
    return lines


def condition_line(
    outcome: Outcome, judged: str, scale: str, achieved: float, needed: float, lang: Lang
) -> str:
    """A condition's result against what it needs, with the verdict: "work (pooled): 90.0% of
    the target, needs 75.0%: met"."""
    met = (
        achieved <= needed + EPS
        if scale == "level" and outcome.better == "lower"
        else achieved >= needed - EPS
    )
    return label(f"explain.condition.{_way(scale, outcome.better)}", lang).format(
        outcome=printable(outcome.name),
        judged=label(f"explain.judged.{judged}", lang),
        achieved=_scaled(achieved, scale, outcome.measure, lang),
        needed=_scaled(needed, scale, outcome.measure, lang),
        verdict=label("explain.met" if met else "explain.not_met", lang),
    )


def _way(scale: str, better: str) -> str:
    """Which wording a threshold takes: a share of the target, a change up or down, a level."""
    if scale == "share_of_target":
        return "share_of_target"
    return f"{scale}.{better}"


def _scaled(value: float, scale: str, measure: str, lang: Lang) -> str:
    """A share of the target or a change as a percentage; a level as a share or a rate."""
    if scale == "level" and measure == "rate":
        return number(value, lang, 2)
    return percent(value, lang, 1)


def _tier_line(rule: Tiers, results: Results, inputs: Inputs, c: int, lang: Lang, cohort: str = "") -> str:
    """The level a tier ladder is judged on (pooled, or one cohort's) and the tier it reaches."""
    outcome = inputs.case.outcomes[o := inputs.case.outcome_index(rule.outcome)]
    level = results.value(o, rule.by, rule.judged)[:, c]
    reached = [t.at_least for t in rule.tiers if results.reaches(level, t.at_least, o, rule.by)[0]]
    return (f"{cohort}: " if cohort else "") + label("explain.tier", lang).format(
        outcome=printable(rule.outcome),
        judged=label(f"explain.judged.{rule.judged}", lang),
        achieved=_scaled(float(level[0]), rule.by, outcome.measure, lang),
        tier=_scaled(reached[-1], rule.by, outcome.measure, lang) if reached else "-",
    )


def _band_line(rule: ReturnBands, flows: Any, inputs: Inputs, lang: Lang) -> str:
    """The pooled result a return band rests on, and the band (the rate a year) it reaches."""
    o = inputs.case.outcome_index(rule.outcome)
    results = flows.results(inputs)
    level = float(results.value(o, rule.by, "pooled")[0, 0])
    reached = int(band_reached(rule, results, o)[0])
    return label("explain.band" if reached >= 0 else "explain.no_band", lang).format(
        outcome=printable(rule.outcome),
        achieved=_scaled(level, rule.by, inputs.case.outcomes[o].measure, lang),
        rate=percent(rule.bands[reached].rate, lang, 1) if reached >= 0 else "",
    )


def _earning(rule: Any, flows: Any, inputs: Inputs) -> np.ndarray:
    """[C, T] True where a cohort's results in a year earn something under a rule: units of
    its outcome, or for a savings share the municipal savings of its outcomes."""
    names = [o.name for o in inputs.case.outcomes]
    if isinstance(rule, SavingsShare):
        chosen = {names.index(n) for n in rule.outcomes} or set(range(len(names)))
        items = [s for s, o in enumerate(inputs.saving_outcome) if int(o) in chosen]
        return np.abs(flows.savings_municipal_by_item[0][:, items, :]).sum(axis=1) > 0
    return np.abs(flows.units_by_cohort[0, :, names.index(rule.outcome), :]) > 0


def _guarantee(mode: ModeResult, inputs: Inputs, t: int, m: Words, lang: Lang) -> Lines:
    """The guarantor's cover: its share of what the investor has lost, at most its maximum."""
    amount = float(mode.flows.guarantee_payments[0, t])
    guarantee = inputs.case.financing.guarantee
    if not amount or guarantee is None:
        return [], []
    flows = mode.flows
    capital = float(flows.investor_capital[0].sum())
    received = float(flows.outcome_payments[0].sum())
    line = label("explain.guarantee", lang).format(
        guarantor=printable(guarantee.guarantor) or label("explain.guarantor", lang),
        share=percent(guarantee.share, lang, 0),
        loss=m(capital - received),
        capital=m(capital),
        received=m(received),
    )
    if guarantee.max is not None:
        line += label("explain.at_most", lang).format(amount=m(guarantee.max))
    return [line], [amount]


def _co_payers(mode: ModeResult, inputs: Inputs, t: int, m: Words) -> Lines:
    """Each other payer's part of the year's outcome payments."""
    steps, terms = [], []
    for p, payer in enumerate(inputs.case.financing.payers):
        if amount := float(mode.flows.payments_by_payer[0, p, t]):
            terms.append(amount)
            steps.append(
                f"{printable(payer.name)} ({payer.payer}, {percent(payer.share, 'en', 0)}): {m(amount)}"
            )
    return steps, terms


def _grants(mode: ModeResult, inputs: Inputs, t: int, m: Words, lang: Lang) -> Lines:
    """Each grant of the year, and where grants exceed the programme cost, the cut."""
    steps, terms = [], []
    for g, grant in enumerate(inputs.case.grants):
        if amount := float(mode.flows.grants_by_item[0, g, t]):
            terms.append(amount)
            steps.append(f"{printable(grant.name)} ({grant.payer}): {m(amount)}")
    cut = sum(terms) - float(mode.flows.grants[0, t])
    if cut > 0.005:
        terms.append(-cut)
        steps.append(label("explain.grant_cut", lang).format(amount=m(-cut)))
    return steps, terms


def _capital(mode: ModeResult, inputs: Inputs, t: int, m: Words, lang: Lang) -> Lines:
    """The engine's capital: what pays the programme, and transaction costs the investor pays."""
    upfront = inputs.case.financing.capital == "upfront"
    programme = float(mode.flows.capital_for_programme[0, t])
    key = "explain.capital_upfront" if upfront else "explain.capital_as_needed"
    steps, terms = _costs(mode, inputs, t, payers(inputs.case).investor, m)
    return [label(key, lang).format(amount=m(programme)), *steps], [programme, *terms]


def _costs(mode: ModeResult, inputs: Inputs, t: int, mask: np.ndarray, m: Words) -> Lines:
    """The transaction costs of one payer in year t, as the engine counts them."""
    steps, terms = [], []
    for k, cost in enumerate(inputs.case.transaction_costs):
        amount = float(mode.flows.transaction_costs_by_item[0, k, t])
        if amount and mask[k]:
            terms.append(amount)
            steps.append(f"{printable(cost.category)}: {m(amount)}")
    return steps, terms
