"""`to_indigo(case, result)`: a case as a project of the INDIGO impact bond data standard.

INDIGO is the Government Outcomes Lab's open data standard for impact bonds. Its project
schema is `schema/project.json` in the GitHub repository
INDIGO-Initiative/indigo-data-standard (a copy is in tests/data/). Every field holds an
object with a `value`; lists (outcome metrics, pricings, investments, ...) join up through
within-project ids such as "outcomemetric1". The project's own id is not part of the schema:
INDIGO's API returns a project as `{"project": {"id": ..., "data": ...}}`, and so does
`to_indigo`. Its id is local ("sib-case-<name>"), not an INDIGO-POJ identifier, and no
organisation has an INDIGO-ORG identifier, so organisation ids are left out.

Every value comes from the case or its result; what the standard has no field for, or what
the case does not say (policy sector, the kind of investor, USD amounts), is left out. A
business case is not a live project: the standard's Stage of Development codelist
(Contracted, Implementation, Service delivery complete, Complete) has no design stage (the
standard keeps design-stage data in its Pipeline model), so the stage is left out and the
project's notes say so. The money is the SIB's: for a self-financed case, the SIB that
sib-case evaluates beside it, as the notes say.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from . import __version__
from .model import (
    Caps,
    Case,
    Condition,
    Dist,
    FixedSchedule,
    Outcome,
    RateCard,
    ReturnBands,
    SavingsShare,
    Tiers,
    judged_outcome,
    point,
)
from .payments import maximum_loss, maximum_outcome_payments, rule_bound

if TYPE_CHECKING:
    from .model import PaymentRule
    from .result import ModeResult, Result

Record = dict[str, Any]  # an object of the INDIGO record: plain JSON, the export's edge
# A country only where the currency names one: the case file has no country.
COUNTRY_OF_CURRENCY = {"DKK": "DK", "GBP": "GB"}
# The commissioner (`case.municipality`) is a public body: a municipality, a ministry.
PUBLIC_SECTOR = "Government/Public Sector/Public Bank"
PLAN_ID = "plan1"


def to_indigo(case: Case, result: Result | None = None) -> Record:
    """The case as an INDIGO project: `{"project": {"id": ..., "data": ...}}`, where `data`
    follows the standard's project schema. Without a result, only what the case file says."""
    sib = result.by_mode["sib"] if result is not None else None
    info = case.case
    data: Record = {
        "name": _v(info.name),
        "dates": _dates(case, sib),
    }
    country = COUNTRY_OF_CURRENCY.get(info.currency)
    if country is not None:
        data["jurisdiction"] = {
            "jurisdiction": _v(country),
            "notes": f"Inferred from the case currency ({info.currency}): the case file names no country.",
        }
    data["overall_project_finance"] = _overall_finance(case, sib)
    if info.description.strip():
        data["purpose_and_classifications"] = {
            "intervention": _v(" ".join(info.description.split())),
            "notes": "The intervention is the case's description (case.description).",
        }
    participants = sum(c.participants for c in case.cohorts)
    data["service_and_beneficiaries"] = {
        "targeted_number_service_users_or_beneficiaries_total": _v(participants),
        "unit_type_targeted_service_users_or_beneficiaries": _unit_type(
            case.outcomes[0].per if len({o.per for o in case.outcomes}) == 1 else "participant"
        ),
        "notes": _cohorts_text(case),
    }
    data["notes"] = _v(_project_notes(case, sib))
    data["sources"] = [
        {
            "id": "source1",
            "name": _v(f"sib-case business case: {info.name}"),
            "notes": f"Exported by sib-case {__version__}; figures are the business case's, not reported data.",
        }
    ]
    data["service_provisions"] = [_service_provision(case)]
    data["outcome_payment_commitments"] = [_commitment(case, sib)]
    data["investments"] = [_investment(case, sib)]
    data["outcome_metrics"] = [_metric(case, i, o, participants) for i, o in enumerate(case.outcomes)]
    pricings = [_pricing(case, rule, sib) for rule in case.financing.payments]
    if pricings:
        data["outcome_pricings"] = pricings
    if sib is not None:
        data["outcome_payment_plans"] = [_plan(case, sib)]
        data["outcome_payments"] = _planned_payments(case, sib)
    return {"project": {"id": project_id(case), "data": data}}


def project_id(case: Case) -> str:
    """A local project id: "sib-case-" and the case's name in lower-case ASCII words."""
    name = case.case.name.lower()
    for letter, spelt in (("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("ß", "ss")):
        name = name.replace(letter, spelt)
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")
    return f"sib-case-{slug or 'case'}"


# --- sections --------------------------------------------------------------------------


def _dates(case: Case, sib: ModeResult | None) -> Record:
    info = case.case
    last = info.start_year + info.horizon - 1
    paid = (
        [int(y) for y, p in zip(sib.years.year, sib.years.outcome_payments, strict=True) if p] if sib else []
    )
    if paid:
        completion = max(paid)
        why = "the last year with an outcome payment at the case's stated effect"
    else:
        completion = case.financing.settlement_year or last
        why = "the contract's settlement year (financing.settlement_year, by default the case's last year)"
    return {
        "start_date_of_service_provision": _v(str(_service_start(case))),
        "anticipated_end_date_of_service_provision": _v(str(_service_end(case))),
        "anticipated_completion_date": _v(str(completion)),
        "notes": (
            f"Calendar years only. The business case runs {info.start_year}-{last} (start_year and "
            "horizon). Service provision runs from the first intake to the last year of programme "
            f"cost; the anticipated completion date is {why}."
        ),
    }


def _overall_finance(case: Case, sib: ModeResult | None) -> Record:
    currency = case.case.currency
    capital = _capital(sib)
    finance: Record = {}
    if capital is not None:
        finance["total_investment_commitment"] = {
            "currency": _v(currency),
            "amount": {"exact": _v(_money(capital))},
        }
    most = maximum_outcome_payments(case, capital, _drawn(sib))
    if most is not None:
        finance["maximum_potential_outcome_payment_v2"] = {
            "currency": _v(currency),
            "amount": _v(_money(most)),
        }
    loss = maximum_loss(case, capital)
    if loss is not None:
        finance["maximum_potential_loss"] = _v(_percent(loss))
    if case.financing.cap.annual_return is not None:
        finance["maximum_potential_return_type"] = _v("IRR")
        finance["maximum_potential_return"] = _v(_percent(case.financing.cap.annual_return))
    finance["notes"] = _finance_notes(case, sib)
    return finance


def _service_provision(case: Case) -> Record:
    return {
        "id": "serviceprovider1",
        "planned_service": {
            "start_date": _v(str(_service_start(case))),
            "end_date": _v(str(_service_end(case))),
        },
        "notes": (
            "The service provider is not named in the case. "
            + _cohorts_text(case)
            + " Programme cost: "
            + _programme_cost_text(case)
        ),
    }


def _commitment(case: Case, sib: ModeResult | None) -> Record:
    currency = case.case.currency
    commissioner = case.case.municipality.strip()
    payer = (
        f"the commissioner, {commissioner}" if commissioner else "the commissioner (not named in the case)"
    )
    notes = [
        f"Outcome payer: {payer}; it has no INDIGO organisation identifier, so organisation_id is left out."
    ]
    if sib is not None:
        total = sib.metrics.total_outcome_payments
        notes.append(
            f"Expected outcome payments at the case's stated effect: {_amount(total, currency)} in all "
            "(sib-case total_outcome_payments), by year under outcome_payments (type Planned)."
        )
    if case.financing.mode == "self":
        notes.append(_SELF_FINANCED)
    caps = _caps_text(case.financing.cap, currency)
    if caps:
        notes.append(f"Cap on all outcome payments together: {caps}.")
    commitment: Record = {"organisation_role_category": _v(PUBLIC_SECTOR)}
    most = maximum_outcome_payments(case, _capital(sib), _drawn(sib))
    if most is not None:
        commitment["maximum_potential_outcome_payment"] = {
            "currency": _v(currency),
            "amount": _v(_money(most)),
        }
    commitment["notes"] = " ".join(notes)
    return commitment


def _investment(case: Case, sib: ModeResult | None) -> Record:
    fin = case.financing
    currency = case.case.currency
    capital = _capital(sib)
    investment: Record = {"id": "investment1"}
    if capital is not None:
        investment["investment_commitment"] = {
            "currency": _v(currency),
            "amount": {"exact": _v(_money(capital))},
        }
    loss = maximum_loss(case, capital)
    if loss is not None:
        investment["maximum_potential_loss"] = _v(_percent(loss))
    if fin.cap.annual_return is not None:
        investment["maximum_potential_return_type"] = _v("IRR")
        investment["maximum_potential_return"] = _v(_round(fin.cap.annual_return * 100))
    notes = ["The investor is not named in the case, nor the kind of investment (debt or equity)."]
    timing = "as the programme cost falls due" if fin.capital == "as_needed" else "all in the start year"
    if capital is not None:
        notes.append(
            f"Capital drawn in the business case: {_amount(capital, currency)}, paid {timing} "
            "(programme cost and any transaction costs the investor pays)."
        )
    if fin.cap.annual_return is not None:
        notes.append(
            "Maximum potential return: payments stop where the investor's IRR would pass "
            f"{_percent(fin.cap.annual_return)} a year (given in per cent)."
        )
    if sib is not None and sib.metrics.investor_irr is not None:
        notes.append(f"Investor IRR at the case's stated effect: {_percent(sib.metrics.investor_irr)}.")
    notes.append(_protection_text(case))
    if fin.mode == "self":
        notes.append(_SELF_FINANCED)
    investment["notes"] = " ".join(notes)
    return investment


def _unit_type(per: str) -> Record:
    """INDIGO's unit of service users: Individual, or Other (a family, a household), named."""
    if per == "participant":
        return _v("Individual")
    return {"value": "Other", "notes": f"Each participant is a {per} (the case's outcomes: per: {per})."}


def _metric(case: Case, index: int, outcome: Outcome, participants: int) -> Record:
    metric: Record = {
        "id": _metric_id(index),
        "definition": _v(_definition(outcome)),
        "targeted_number_of_service_users_or_beneficiaries_total": _v(participants),
        "unit_type_of_targeted_service_users_or_beneficiaries": _unit_type(outcome.per),
    }
    if outcome.target:
        metric["outcome_metric_target"] = _v(
            f"A target improvement of {outcome.target:g} {outcome.unit} per participant in a year of "
            "full effect, after attribution and optimism bias (the contract's target; payment "
            "thresholds and tiers are shares of it)."
        )
    profile = ", ".join(_percent(s) for s in outcome.profile)
    metric["notes"] = f"Share of the full effect by years since intake: {profile}."
    return metric


def _pricing(case: Case, rule: PaymentRule, sib: ModeResult | None) -> Record:
    currency = case.case.currency
    pricing: Record = {}
    metric = _rule_metric(case, rule)
    if metric is not None:
        pricing["outcome_metric_id"] = _v(metric)
    pricing["currency"] = _v(currency)
    if isinstance(rule, RateCard):
        pricing["price_per_unit"] = {"amount": _v(_money(rule.price))}
    most = rule_bound(case, rule, _capital(sib), _drawn(sib))
    if most is not None:
        # the most the rule can pay: its cap, a fixed schedule in full, the highest lump sum
        pricing["maximum_price_if_all_targets_achieved"] = {"amount": _v(_number(most))}
    pricing["price_description"] = _v(_rule_text(case, rule))
    return pricing


def _plan(case: Case, sib: ModeResult) -> Record:
    info = case.case
    last = info.start_year + info.horizon - 1
    notes = (
        "Outcome payments the business case plans at its stated effect, in constant "
        f"{info.price_year or info.start_year} prices."
    )
    if case.financing.mode == "self":
        notes += " " + _SELF_FINANCED
    return {
        "id": _v(PLAN_ID),
        "period": {"start_date": _v(str(info.start_year)), "end_date": _v(str(last))},
        "notes": notes,
    }


def _planned_payments(case: Case, sib: ModeResult) -> list[Record]:
    payments = []
    for calendar_year, paid in zip(sib.years.year, sib.years.outcome_payments, strict=True):
        amount = float(paid)
        if amount == 0:
            continue
        year = str(calendar_year)
        payments.append(
            {
                "outcome_payment_plan_id": _v(PLAN_ID),
                "period": {"start_date": _v(year), "end_date": _v(year)},
                "type": _v("Planned"),
                "money": {"currency": _v(case.case.currency), "amount": _v(_money(amount))},
            }
        )
    return payments


# --- figures -----------------------------------------------------------------------------


def _drawn(sib: ModeResult | None) -> np.ndarray | None:
    """The capital drawn by year."""
    return None if sib is None else sib.years.investor_capital


def _capital(sib: ModeResult | None) -> float | None:
    if sib is None:
        return None
    capital = sib.metrics.total_investor_capital
    return float(capital) if capital is not None else None


# --- text --------------------------------------------------------------------------------

_SELF_FINANCED = (
    "The case itself is self-financed (financing.mode: self); the figures are those of the SIB "
    "that sib-case evaluates beside it."
)


def _project_notes(case: Case, sib: ModeResult | None) -> str:
    info = case.case
    notes = (
        "A business case made with sib-case, not a record of the INDIGO dataset: the project id is "
        "local (not an INDIGO-POJ identifier), and no organisation has an INDIGO-ORG identifier. "
        "Stage of development is left out: the standard's codelist (Contracted, Implementation, "
        "Service delivery complete, Complete) has no design stage, which the standard records in "
        "its Pipeline model. "
        f"Amounts are in {info.currency}, constant {info.price_year or info.start_year} prices; "
        "no USD amounts are given."
    )
    if info.municipality.strip():
        notes += f" Commissioner: {info.municipality.strip()}."
    if case.financing.mode == "self":
        notes += " " + _SELF_FINANCED
    if sib is None:
        notes += " Exported without a result: amounts that need the evaluation are left out."
    return notes


def _finance_notes(case: Case, sib: ModeResult | None) -> str:
    currency = case.case.currency
    notes = []
    if sib is not None:
        notes.append(
            "Total investment commitment: the investor's capital drawn in the business case "
            f"(sib-case total_investor_capital). Expected outcome payments: "
            f"{_amount(sib.metrics.total_outcome_payments, currency)}."
        )
    if maximum_outcome_payments(case, _capital(sib), _drawn(sib)) is None:
        notes.append("No cap or closed schedule bounds the outcome payments, so no maximum is given.")
    else:
        notes.append("Maximum potential outcome payment: the smallest bound set by the caps and schedules.")
    caps = _caps_text(case.financing.cap, currency)
    if caps:
        notes.append(f"Cap on all outcome payments together: {caps}.")
    notes.append(_protection_text(case))
    if case.financing.mode == "self":
        notes.append(_SELF_FINANCED)
    return " ".join(notes)


def _protection_text(case: Case) -> str:
    fin = case.financing
    currency = case.case.currency
    if fin.capital_protection > 0:
        text = (
            f"Capital protection: the commissioner repays {_percent(fin.capital_protection)} of the "
            "capital whatever happens."
        )
    else:
        text = "No capital protection."
    if fin.guarantee is None:
        return text + " No guarantee."
    g = fin.guarantee
    who = g.guarantor.strip() or "a third party (not named)"
    most = f", at most {_amount(g.max, currency)}" if g.max is not None else ""
    return (
        text + f" Guarantee: {who} covers {_percent(g.share)} of the investor's remaining loss{most}, "
        "in the settlement year. Maximum potential loss: the share of capital lost if the programme "
        "has no effect."
    )


def _cohorts_text(case: Case) -> str:
    parts = []
    for c in case.cohorts:
        name = f" ({c.name})" if c.name else ""
        parts.append(f"{c.participants} participants in {c.year}{name}")
    total = sum(c.participants for c in case.cohorts)
    cohorts = f"{len(case.cohorts)} cohort{'s' if len(case.cohorts) != 1 else ''}"
    return f"{cohorts}, {total} participants in all: " + "; ".join(parts) + "."


def _programme_cost_text(case: Case) -> str:
    cost = case.programme_cost
    currency = case.case.currency
    spread = ", ".join(_percent(s) for s in cost.spread)
    text = f"{_amount(point(cost.per_participant), currency)} per participant, spread {spread} by years since intake"
    if cost.fixed:
        fixed = ", ".join(f"{_amount(a, currency)} in {y}" for y, a in sorted(cost.fixed.items()))
        text += f"; fixed costs {fixed}"
    return text + "."


def _definition(outcome: Outcome) -> str:
    if outcome.effect is not None:
        level = f"a gross effect of {_g(outcome.effect)} per participant"
        if outcome.deadweight is not None:
            level += f", of which {_g(outcome.deadweight)} would have happened anyway"
    else:
        level = (
            f"{_g(outcome.baseline)} without the programme and {_g(outcome.with_programme)} with it "
            f"({outcome.better} is better)"
        )
    text = f"{outcome.name}, counted in {outcome.unit}: the share of participants in this state in a year; {level}"
    if point(outcome.attribution) != 1:
        text += f"; {_percent(point(outcome.attribution))} of the change is credited to the programme"
    if point(outcome.optimism_bias) > 0:
        text += f"; less {_percent(point(outcome.optimism_bias))} for optimism bias"
    uncertain = [outcome.baseline, outcome.with_programme, outcome.effect, outcome.deadweight]
    if any(isinstance(v, Dist) for v in [*uncertain, outcome.attribution, outcome.optimism_bias]):
        text += " (central values of the case's distributions)"
    return text + "."


def _rule_text(case: Case, rule: PaymentRule) -> str:
    currency = case.case.currency
    if isinstance(rule, RateCard):
        text = (
            f"Rate card: {_amount(rule.price, currency)} {_per_unit(case, rule.outcome)}, {_lag(rule.lag)}."
        )
    elif isinstance(rule, SavingsShare):
        which = ", ".join(f"'{o}'" for o in rule.outcomes) if rule.outcomes else "all outcomes"
        whose = (
            "the commissioner's measured cashable savings"
            if rule.of == ["municipality"]
            else "the measured savings of " + " and ".join(rule.of)
        )
        text = f"Savings share: {_percent(rule.share)} of {whose} from {which}"
        if rule.then_share is not None:
            plus = (
                f"{_percent(rule.hurdle)}"
                if rule.hurdle is not None
                else f"interest of {_percent(rule.hurdle_rate or 0.0)} a year"
            )
            text += (
                f", then {_percent(rule.then_share)} once the investor has received its capital plus {plus}"
            )
        text += f", {_lag(rule.lag)}."
    elif isinstance(rule, FixedSchedule):
        amounts = ", ".join(f"{_amount(a, currency)} in {y}" for y, a in sorted(rule.amounts.items()))
        text = f"Fixed schedule: {amounts}."
    elif isinstance(rule, ReturnBands):
        bands = "; ".join(
            f"from {_threshold(case, rule.outcome, rule.by, b.at_least)}: {_percent(b.rate)} a year"
            for b in rule.bands
        )
        text = (
            f"Return bands by the pooled {_scale_words(rule.by)} in '{rule.outcome}': interest on the capital "
            f"outstanding at the rate of the highest band reached ({bands}), and {_percent(rule.principal)} of "
            f"the capital at redemption ({_percent(rule.principal_below)} if no band is reached)."
        )
        if rule.minimum_rate is not None:
            text += f" At least {_percent(rule.minimum_rate)} a year in the first {rule.minimum_years} years."
    else:
        steps = []
        for tier in rule.tiers:
            pay = (
                f"{_amount(tier.amount, currency)}"
                if tier.amount is not None
                else f"{_amount(tier.price or 0.0, currency)} {_per_unit(case, rule.outcome)}"
            )
            threshold = _threshold(case, rule.outcome, rule.by, tier.at_least)
            steps.append(f"{'at least' if rule.by == 'share_of_target' else 'from'} {threshold}: {pay}")
        judged = "the cohorts together" if rule.judged == "pooled" else "each cohort on its own"
        paid = f"a lump sum paid in {rule.year}" if rule.lump_sums else _lag(rule.lag)
        text = (
            f"Tiers by the {_scale_words(rule.by)} in '{rule.outcome}', judged on {judged} "
            f"({paid}; the highest tier reached applies): " + "; ".join(steps) + "."
        )
    if rule.success:
        text += " Due only if " + " or ".join(_condition_text(case, rule, c) for c in rule.success) + "."
    caps = _caps_text(rule.cap, currency)
    if caps:
        text += f" Cap: {caps}."
    return f"{rule.name}: {text}" if rule.name else text


def _condition_text(case: Case, rule: PaymentRule, condition: Condition) -> str:
    outcome = judged_outcome(rule, condition) or ""
    who = "the cohorts together reach" if condition.judged == "pooled" else "a cohort on its own reaches"
    return f"{who} {_threshold(case, outcome, condition.scale, condition.needed)} of '{outcome}'"


def _scale_words(scale: str) -> str:
    return {"share_of_target": "improvement", "change": "change", "level": "level"}[scale] + (
        " as a share of its target"
        if scale == "share_of_target"
        else " against the baseline"
        if scale == "change"
        else ""
    )


def _threshold(case: Case, name: str, scale: str, value: float) -> str:
    """A threshold in words: a share of the target, a change against the baseline, a level."""
    outcome = case.outcomes[case.outcome_index(name)]
    if scale == "share_of_target":
        return f"{_percent(value)} of the target"
    if scale == "change":
        way = "a reduction" if outcome.better == "lower" else "an improvement"
        return f"{way} of {_percent(value)} against the baseline"
    most = "at most" if outcome.better == "lower" else "at least"
    return f"a level of {most} {value:g}"


def _caps_text(cap: Caps, currency: str) -> str:
    parts = []
    if cap.total is not None:
        parts.append(f"at most {_amount(cap.total, currency)} in all")
    if cap.multiple is not None:
        parts.append(f"at most {cap.multiple:g} times the capital drawn")
    if cap.annual_return is not None:
        parts.append(f"no payment beyond an investor IRR of {_percent(cap.annual_return)} a year")
    if cap.per_year is not None:
        parts.append(f"at most {_amount(cap.per_year, currency)} a year")
    return "; ".join(parts)


def _rule_metric(case: Case, rule: PaymentRule) -> str | None:
    """The outcome metric a rule prices, where it prices exactly one."""
    names: set[str] = set()
    if isinstance(rule, RateCard | Tiers):
        names.add(rule.outcome)
    elif isinstance(rule, SavingsShare):
        names.update(rule.outcomes or [o.name for o in case.outcomes])
    else:
        names.update(c.outcome for c in rule.success if c.outcome is not None)
    if len(names) != 1:
        return None
    return _metric_id(case.outcome_index(names.pop()))


def _per_unit(case: Case, name: str) -> str:
    """What a price is paid for: a unit of improvement in the outcome against no programme."""
    outcome = case.outcomes[case.outcome_index(name)]
    each = f"each {outcome.unit} avoided" if outcome.better == "lower" else f"each additional {outcome.unit}"
    return f"per unit of improvement in '{name}' ({each})"


def _lag(years: int) -> str:
    if years == 0:
        return "paid in the year of the outcome"
    return f"paid {years} year{'s' if years != 1 else ''} after the outcome"


# --- values ------------------------------------------------------------------------------


def _v(value: Any) -> Record:
    """INDIGO's field form: an object with a value."""
    return {"value": value}


def _metric_id(index: int) -> str:
    return f"outcomemetric{index + 1}"


def _service_start(case: Case) -> int:
    return min(c.year for c in case.cohorts)


def _service_end(case: Case) -> int:
    """The last year of programme cost for a participant (intake plus the spread)."""
    last = case.case.start_year + case.case.horizon - 1
    spread = case.programme_cost.spread
    used = max((i for i, share in enumerate(spread) if share > 0), default=0)
    return min(max(c.year for c in case.cohorts) + used, last)


def _money(amount: float) -> int | float:
    """An amount as a plain number: whole units as an integer, else to the cent."""
    rounded = round(float(amount), 2)
    return int(rounded) if rounded == int(rounded) else rounded


def _number(amount: float) -> str:
    """A number as text (for the schema's text amounts): digits only, no separators."""
    return str(_money(amount))


def _amount(amount: float | None, currency: str) -> str:
    value = _money(amount or 0.0)
    text = f"{value:,}" if isinstance(value, int) else f"{value:,.2f}"
    return f"{text} {currency}"


def _round(value: float) -> float:
    return round(value, 10)


def _percent(share: float) -> str:
    text = f"{share * 100:.1f}".rstrip("0").rstrip(".")
    return f"{text}%"


def _g(value: float | Dist | None) -> str:
    return f"{point(value):g}"


def read_record(path: Path) -> Record:
    """An INDIGO project record from a JSON file (as the INDIGO API or data download gives
    it); a file that is not one is refused with what was expected."""
    raise NotImplementedError("issue 13: INDIGO import")


def case_from_indigo(record: Record, source: str = "") -> str:
    """A case file (YAML text) from an INDIGO project record."""
    raise NotImplementedError("issue 13: INDIGO import")
