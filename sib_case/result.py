"""`evaluate(case) -> Result`: a case under both financing modes, and its JSON form.

The figures themselves are declared in figures.py; this module assembles them from the
engine's flows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .engine import Flows, Inputs, Mode, cash_flows, compile_case
from .figures import Figure, Metrics, Years
from .investors import InvestorResult, allocate, investor_results
from .labels import Lang, label
from .metrics import EFFECT_GRID, TOL, break_even_effects, irr, irr_roots, key_figures, over_draws
from .model import Case


@dataclass(frozen=True)
class ModeResult:
    """One financing mode: its flows (one draw), key figures and yearly columns."""

    mode: Mode
    flows: Flows
    metrics: Metrics
    years: Years
    no_effect: Flows  # the flows with every effect set to zero
    investors: list[InvestorResult]  # each named investor's figures (none stated: none)

    def text(self, figure: Figure, lang: Lang = "en", currency: str | None = None) -> str:
        """A metric as people read it; a break-even year where the cumulative net is never
        below zero says so rather than naming the first year."""
        cumulative = {
            "break_even_year": "municipal_cumulative",
            "discounted_break_even_year": "municipal_discounted_cumulative",
        }.get(figure.name)
        if cumulative is not None and self.years[cumulative].min() >= -TOL:
            return label("never_below_zero", lang)
        return figure.text(self.metrics[figure.name], lang, currency)


@dataclass(frozen=True)
class Result:
    case: Case
    file: str | None
    primary: ModeResult
    alternative: ModeResult
    inputs: Inputs  # the case compiled to arrays

    @property
    def by_mode(self) -> dict[str, ModeResult]:
        return {self.primary.mode: self.primary, self.alternative.mode: self.alternative}

    @property
    def modes(self) -> tuple[ModeResult, ModeResult]:
        """The SIB first, then self-financing: the order of side-by-side tables."""
        sib, own = self.by_mode["sib"], self.by_mode["self"]
        return sib, own


def evaluate(case: Case, financing: Mode | None = None, file: str | None = None) -> Result:
    """Evaluate a case under its own financing mode (or `financing`) and the other one.

    >>> from sib_case import load_case, evaluate
    >>> result = evaluate(load_case("cases/dk-employment.yaml"))   # doctest: +SKIP
    >>> result.primary.metrics.break_even_year                      # doctest: +SKIP
    """
    mode: Mode = financing or case.mode
    other: Mode = "self" if mode == "sib" else "sib"
    inputs = compile_case(case)
    return Result(case, file, evaluate_mode(inputs, mode), evaluate_mode(inputs, other), inputs)


# Values in one array of the effect grid's flows small enough to keep (the kept draws are
# views of them): one engine call then gives the grid and the kept flows; a larger case
# makes a second call for the two draws kept, so that the grid's arrays are let go.
SMALL_GRID = 250_000


def evaluate_mode(inputs: Inputs, mode: Mode) -> ModeResult:
    """One financing mode: the key figures at every multiplier of EFFECT_GRID (which holds
    0 and 1) give the stated figures, those with no effect and the break-even effects;
    the flows of those two multipliers are kept."""
    stated, none = int(np.searchsorted(EFFECT_GRID, 1.0)), 0
    if inputs.cells * len(EFFECT_GRID) <= SMALL_GRID:  # one engine call: the grid's flows hold both
        grid = cash_flows(inputs, mode, EFFECT_GRID)
        on_grid = key_figures(grid, inputs)
        flows, no_effect = grid.draw(stated), grid.draw(none)
    else:
        on_grid = over_draws(inputs, mode, EFFECT_GRID)
        pair = cash_flows(inputs, mode, EFFECT_GRID[[none, stated]])  # the flows to keep
        flows, no_effect = pair.draw(1), pair.draw(0)
    effects = break_even_effects(inputs, mode, on_grid)
    outcomes = [o.name for o in inputs.case.outcomes]
    units = flows.units[0].sum(axis=-1)
    spent = flows.outcome_payments[0].sum() if mode == "sib" else flows.programme_cost[0].sum()
    values: dict[str, Any] = {name: figure[stated] for name, figure in on_grid.items()}
    values |= {
        "investor_irr": _at_cap(irr(flows.investor_net[0]), inputs.case) if mode == "sib" else None,
        # how many IRRs the investor's flows have: more than one where they change sign again
        "investor_irr_roots": len(irr_roots(flows.investor_net[0])) if mode == "sib" else None,
        "break_even_effect_municipal": effects["municipal"],
        "break_even_effect_investor": effects["investor"],
        "net_municipal_gain_if_no_effect": on_grid["net_municipal_gain"][none],
        "municipal_npv_if_no_effect": on_grid["municipal_npv"][none],
        "total_units": {o: float(u) for o, u in zip(outcomes, units, strict=True)},
        "cost_per_unit": {
            o: (float(spent / u) if u > 0 else None) for o, u in zip(outcomes, units, strict=True)
        },
    }
    named = []
    if mode == "sib" and inputs.case.financing.investors:
        receipts = flows.outcome_payments + flows.guarantee_payments
        named = investor_results(inputs.case, allocate(inputs.case, flows.investor_capital, receipts))
    return ModeResult(mode, flows, Metrics.of(values), year_columns(flows, inputs), no_effect, named)


def _at_cap(value: float | None, case: Case) -> float | None:
    """An IRR held to an annual-return cap, at the cap: 4.6 %, not 4.6000178 % (the caps stop
    payments where the IRR would pass the rate, to the engine's precision)."""
    caps = [case.financing.cap, *(rule.cap for rule in case.financing.payments)]
    for rate in (cap.annual_return for cap in caps if cap.annual_return is not None):
        if value is not None and abs(value - rate) <= 1e-6:
            return rate
    return value


def year_columns(flows: Flows, inputs: Inputs) -> Years:
    """The yearly columns of one draw of flows."""
    net = flows.municipal_net[0]
    return Years(
        year=inputs.years,
        participants=flows.participants[0],
        programme_cost=flows.programme_cost[0],
        investor_capital=flows.investor_capital[0],
        outcome_payments=flows.outcome_payments[0],
        guarantee_payments=flows.guarantee_payments[0],
        outcome_payments_others=flows.outcome_payments_others[0],
        grants=flows.grants[0],
        transaction_costs_municipal=flows.transaction_costs_municipal[0],
        savings_municipal=flows.savings_municipal[0],
        savings_public=flows.savings_public[0],
        municipal_net=net,
        municipal_cumulative=np.cumsum(net),
        municipal_discounted_cumulative=np.cumsum(net * inputs.discount),
        investor_net=flows.investor_net[0],
    )


@dataclass(frozen=True)
class CaseInfo:
    """The "case" object of the JSON contract."""

    name: str
    municipality: str
    file: str | None
    currency: str
    start_year: int
    horizon: int
    price_year: int
    discount_rate: float
    financing: Mode
    scenario: str | None  # the case file's named scenario applied (None: the case as written)
    fund: str | None  # the municipality's own fund it is financed by (financing mode fund), if any

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def case_info(case: Case, file: str | None, mode: Mode) -> CaseInfo:
    info = case.case
    return CaseInfo(
        name=info.name,
        municipality=info.municipality,
        file=file,
        currency=info.currency,
        start_year=info.start_year,
        horizon=info.horizon,
        price_year=info.price_year or info.start_year,
        discount_rate=info.discount_rate,
        financing=mode,
        scenario=case.scenario,
        fund=case.fund,
    )


def to_dict(result: Result) -> dict[str, Any]:
    """The JSON result contract of docs/model.md."""
    out = {
        "case": case_info(result.case, result.file, result.primary.mode).to_json(),
        "years": result.primary.years.rows(),
        "metrics": result.primary.metrics.to_json(),
        "alternative": {"financing": result.alternative.mode, **result.alternative.metrics.to_json()},
    }
    from .why import rule_report, settlement_report

    sib = result.by_mode["sib"]  # the SIB's payment rules and investors, whichever mode is the case's own
    out["payment_rules"] = rule_report(sib.flows, result.inputs)
    out["settlement"] = settlement_report(sib.flows, result.inputs)
    out["investors"] = [i.to_json() for i in sib.investors]  # the named ones (none: the investor view)
    from .areas import by_area

    out["areas"] = {
        m.mode: [area.to_json() for area in by_area(m.flows, result.inputs)] for m in result.modes
    }  # who pays and who saves, each financing mode; empty lists where the case names no area
    return out
