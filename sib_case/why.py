"""Why each payment rule paid what it paid, as data: the measurements it rests on, each
cohort's result against each condition, the tier or band reached, and what caps cut.

This is the "payment_rules" part of the JSON result, and what `explain --metric
payment_rules` words. It reads the engine's flows (one draw) and the case; it computes
nothing the engine has not.
"""

from __future__ import annotations

from typing import Any

from .engine import Flows, Inputs
from .model import ReturnBands, Tiers, judged_outcome, measurement_years
from .payments import (
    OWN,
    POOLED,
    Measurement,
    Results,
    band_reached,
    measurement,
    settlement_index,
    true_up_judgements,
)

PASSES = {OWN: "own", POOLED: "pooled"}


def rule_report(flows: Flows, inputs: Inputs) -> list[dict[str, Any]]:
    """One record a payment rule: what it made due and paid by year, and why."""
    case = inputs.case
    results = flows.results(inputs)
    names = [o.name for o in case.outcomes]
    start = int(inputs.years[0])
    settle = settlement_index(case)
    out = []
    for r, rule in enumerate(case.financing.payments):
        record: dict[str, Any] = {
            "name": rule.name,
            "type": rule.type,
            "due_before_caps": [float(v) for v in flows.payments_due_by_rule[0, r]],
            "paid": [float(v) for v in flows.payments_by_rule[0, r]],
        }
        # what caps cut, and what falls due after the settlement year (never paid)
        due = record["due_before_caps"]
        record["cut_by_caps"] = float(max(sum(due[: settle + 1]) - sum(record["paid"]), 0.0))
        record["after_settlement"] = float(sum(due[settle + 1 :]))
        if isinstance(rule, ReturnBands):
            o = names.index(rule.outcome)
            band = int(band_reached(rule, results, o)[0])
            record["pooled_result"] = float(results.value(o, rule.by, "pooled")[0, 0])
            record["band_rate"] = rule.bands[band].rate if band >= 0 else None
            out.append(record)
            continue
        plan = measurement(rule, case)
        dated = rule.dated
        record["pooled_measurement_year"] = None if plan.pooled is None else start + plan.pooled
        cohorts = []
        for c, cohort in enumerate(case.cohorts):
            years = measurement_years(rule, cohort)
            entry: dict[str, Any] = {
                "cohort": cohort.name or str(cohort.year),
                "intake": cohort.year,
                "passes": PASSES.get(int(flows.rule_passes[0, r, c]), "fails"),
                "measured": years
                if years is not None
                else ("on its own dates" if dated else "as results arise"),
            }
            entry["conditions"] = _conditions(rule, results, names, c)
            if isinstance(rule, Tiers):
                o = names.index(rule.outcome)
                level = results.value(o, rule.by, rule.judged)[:, c]
                reached = [
                    t.at_least for t in rule.tiers if results.reaches(level, t.at_least, o, rule.by)[0]
                ]
                entry["tier_result"] = float(level[0])
                entry["tier_reached"] = reached[-1] if reached else None
            cohorts.append(entry)
        if rule.measured is not None and rule.measured.true_up:
            _judged_at_measurements(rule, flows, inputs, plan, cohorts)
        record["cohorts"] = cohorts
        if getattr(rule, "waterfall", False):  # the year its share falls, past the hurdle
            past = [start + t for t, flag in enumerate(flows.past_hurdle[0, r]) if flag]
            record["hurdle_reached"] = past[0] if past else None
        out.append(record)
    for record, rule in zip(out, case.financing.payments, strict=True):
        record["cap_room_left"] = cap_room(rule.cap, sum(record["paid"]), flows)
    return out


def _conditions(
    rule: Any, results: Results, names: list[str], c: int, pooled: Results | None = None
) -> list[dict[str, Any]]:
    """Each condition of a rule for cohort c: the result achieved against the one needed
    (a pooled condition judged on `pooled` where given: the results it is judged on)."""
    out = []
    for cond in rule.success:
        o = names.index(judged_outcome(rule, cond) or "")
        on = pooled if pooled is not None and cond.judged == "pooled" else results
        value = on.value(o, cond.scale, cond.judged)[:, c]
        out.append(
            {
                "outcome": names[o],
                "judged": cond.judged,
                "scale": cond.scale,
                "achieved": float(value[0]),
                "needed": cond.needed,
                "met": bool(on.reaches(value, cond.needed, o, cond.scale)[0]),
            }
        )
    return out


def _judged_at_measurements(
    rule: Any, flows: Flows, inputs: Inputs, plan: Measurement, cohorts: list[dict[str, Any]]
) -> None:
    """A trued-up rule judges each measurement on the results so far: each cohort's entry gets
    `at_measurements`, one a measurement: the year it is paid in, the year its results run
    to, whether it passes then and each condition as then achieved."""
    start, horizon = int(inputs.years[0]), len(inputs.years)
    names = [o.name for o in inputs.case.outcomes]
    results = flows.results(inputs)
    lag = getattr(rule, "lag", 0)
    for judged in true_up_judgements(
        rule, inputs.case, results, flows.effect_by_cohort, inputs.profile_ct, plan
    ):
        for c, entry in enumerate(cohorts):
            if judged.at[c] >= horizon:
                continue
            passes = judged.passes(c)
            entry.setdefault("at_measurements", []).append(
                {
                    "paid_in": start + int(judged.at[c]) + lag,
                    "measured_to": start + int(judged.upto[c]),
                    "passes": PASSES.get(passes, "fails"),
                    "conditions": _conditions(rule, judged.results, names, c, results),
                }
            )


def cap_room(cap: Any, paid: float, flows: Flows) -> float | None:
    """What a cap on total payments (an amount, or a multiple of the capital) leaves unpaid;
    None where the cap has neither."""
    limits = [cap.total] if cap.total is not None else []
    if cap.multiple is not None:
        limits.append(cap.multiple * float(flows.investor_capital[0].sum()))
    return max(min(limits) - paid, 0.0) if limits else None


def settlement_report(flows: Flows, inputs: Inputs) -> dict[str, Any]:
    """What settles at the end of the contract: the protection top-up and the guarantee."""
    settle = settlement_index(inputs.case)
    paid = float(flows.payments_by_rule[0].sum())
    return {
        "year": int(inputs.years[settle]),
        "common_cap_room_left": cap_room(inputs.case.financing.cap, paid, flows),
        "capital_protection": float(flows.capital_protection[0].sum()),
        "protection_of": inputs.case.financing.protection_of,
        "guarantee": float(flows.guarantee_payments[0].sum()),
    }
