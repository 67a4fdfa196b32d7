"""The settlement statement for one payment date (Danish: opgørelse af resultatbetaling):
for each payment rule, the measurement it rests on, each cohort's result against each
condition, what is due before and after caps, what was paid before, what is due now and the
room left under its caps; then protection and guarantee where they fall due.

The figures are the engine's for the case with its results applied (results.with_results):
with results equal to the case's assumptions, the statement's amounts are `evaluate`'s.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .errors import SibCaseError
from .labels import say
from .model import Case
from .payments import settlement_index
from .result import Result, evaluate
from .results import ResultsFile, with_results
from .why import cap_room, rule_report


@dataclass(frozen=True)
class RuleLine:
    name: str
    type: str
    due_before_caps: float  # this year
    due_now: float  # this year, after caps
    paid_before: float  # under the contract, in earlier years
    cap_room_left: float | None  # after this year's payment
    cohorts: list[dict[str, Any]]  # the cohorts it pays for, with their conditions
    units: float | None  # a rate card's units paid for this year (due before caps / price)
    not_paid: list[dict[str, Any]]  # cohorts with results by now that this payment leaves out, and why
    paid_in: int | None  # where it is paid only on the pooled result: the year that pays it
    paid_by_year: dict[int, float] = field(default_factory=dict)  # paid in earlier years, where any
    cap_limit: float | None = None  # the rule's cap on its total payments (an amount, or a multiple)


@dataclass(frozen=True)
class Statement:
    case: str
    scenario: str | None  # the case file's named scenario it is settled under (None: as written)
    currency: str
    year: int
    rules: list[RuleLine]
    capital_protection: float  # falls due this year (the settlement year) only
    guarantee: float
    settlement_year: int  # the contract's last year: nothing is paid after it
    common_cap_room_left: float | None  # under the cap on all payments, after this year's
    common_cap_limit: float | None  # the cap on all payments (an amount, or a multiple of the capital)
    made_before: float | None  # outcome payments actually made in earlier years (results file)
    contract_before: float  # what the contract made due in earlier years
    differences: list[tuple[int, float, float]] = field(default_factory=list)  # year, made, due
    result: Result | None = None  # the evaluation the statement is read from (for its explanations)

    @property
    def due_now(self) -> float:
        return sum(r.due_now for r in self.rules) + self.capital_protection

    def to_json(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if k not in ("rules", "differences", "result")}
        out["rules"] = [r.__dict__ for r in self.rules]
        out["due_now"] = self.due_now
        out["differences"] = [{"year": y, "made": m, "due": d} for y, m, d in self.differences]
        return out


def _as_measured_in(cohort: dict[str, Any], year: int) -> dict[str, Any]:
    """A cohort as the payment in `year` judges it: for a trued-up rule, on its results up to
    the measurement paid then (the last, the pooled one, where two fall in one year)."""
    at = [m for m in cohort.get("at_measurements", []) if m["paid_in"] == year]
    entry = {k: v for k, v in cohort.items() if k != "at_measurements"}
    return {**entry, **at[-1]} if at else entry


def settle(case: Case, year: int, results: ResultsFile | None = None) -> Statement:
    """The statement for the payments falling due in `year` under the SIB."""
    years = case.years
    if year not in years:
        raise SibCaseError(say("msg.no_payment_date", first=years[0], last=years[-1], year=year))
    actual = with_results(case, results) if results is not None else case
    result: Result = evaluate(actual, "sib")
    sib = result.by_mode["sib"]
    t = years.index(year)
    report = rule_report(sib.flows, result.inputs)
    lines = []
    for r, record in enumerate(report):
        rule = result.inputs.case.financing.payments[r]
        paid = record["paid"]
        limit = record["cap_room_left"]
        room = None if limit is None else limit + sum(paid[t + 1 :])  # the room left after this year
        price = getattr(rule, "price", None) if rule.type == "rate_card" else None
        started = [_as_measured_in(c, year) for c in record.get("cohorts", []) if c["intake"] <= year]
        pooled = record.get("pooled_measurement_year")
        dated = rule.dated
        # paid only on the pooled result: a dated rule on its own dates, any other once the pool
        # is measured (plus the lag); a cohort waits until then
        paid_in = pooled + getattr(rule, "lag", 0) if pooled is not None and not dated else None
        left_out = [
            c
            for c in started
            if c["passes"] == "fails" or (c["passes"] == "pooled" and paid_in is not None and year < paid_in)
        ]
        cohorts = [c for c in started if c not in left_out] if paid[t] else []
        lines.append(
            RuleLine(
                name=rule.name,
                type=rule.type,
                due_before_caps=record["due_before_caps"][t],
                due_now=paid[t],
                paid_before=sum(paid[:t]),
                cap_room_left=room,
                cohorts=cohorts,
                units=record["due_before_caps"][t] / price if price else None,
                not_paid=left_out,
                paid_in=paid_in,
                paid_by_year={years[k]: v for k, v in enumerate(paid[:t]) if v},
                cap_limit=cap_room(rule.cap, 0.0, sib.flows),
            )
        )
    flows = sib.flows
    common = cap_room(actual.financing.cap, float(flows.payments_by_rule[0].sum()), flows)
    later = float(flows.payments_by_rule[0, :, t + 1 :].sum())
    contract = [float(v) for v in flows.outcome_payments[0]]
    made = results.payments_made if results is not None else {}
    differences = [
        (y, a, contract[years.index(y)])
        for y, a in sorted(made.items())
        if abs(a - contract[years.index(y)]) > 0.5
    ]
    return Statement(
        case=case.case.name,
        scenario=case.scenario,
        currency=case.case.currency,
        year=year,
        rules=lines,
        capital_protection=float(flows.capital_protection[0, t]),
        settlement_year=years[settlement_index(result.inputs.case)],
        common_cap_room_left=None if common is None else common + later,
        common_cap_limit=cap_room(actual.financing.cap, 0.0, flows),
        guarantee=float(flows.guarantee_payments[0, t]),
        made_before=sum(a for y, a in made.items() if y < year) if made else None,
        contract_before=sum(contract[:t]),
        differences=differences,
        result=result,
    )
