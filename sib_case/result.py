"""`evaluate(case) -> Result`: a case under both financing modes, and its JSON form."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from .engine import Flows, Inputs, Mode, cash_flows, compile_case
from .metrics import EFFECT_GRID, break_even_effects, irr, key_figures
from .model import Case

YEAR_COLUMNS = (
    "participants",
    "programme_cost",
    "investor_capital",
    "outcome_payments",
    "guarantee_payments",
    "transaction_costs_municipal",
    "savings_municipal",
    "savings_public",
    "municipal_net",
    "municipal_cumulative",
    "municipal_discounted_cumulative",
    "investor_net",
)


@dataclass(frozen=True)
class ModeResult:
    mode: Mode
    flows: Flows  # one draw
    metrics: dict[str, Any]  # JSON-ready: floats, ints, None
    years: list[dict[str, float | int]]


@dataclass(frozen=True)
class Result:
    case: Case
    file: str | None
    primary: ModeResult
    alternative: ModeResult

    @property
    def by_mode(self) -> dict[str, ModeResult]:
        return {self.primary.mode: self.primary, self.alternative.mode: self.alternative}


def evaluate(case: Case, financing: Mode | None = None, file: str | None = None) -> Result:
    """Evaluate a case under its own financing mode (or `financing`) and the other one.

    >>> from sib_case import load_case, evaluate
    >>> result = evaluate(load_case("cases/dk-employment.yaml"))   # doctest: +SKIP
    >>> result.primary.metrics["break_even_year"]                   # doctest: +SKIP
    """
    mode: Mode = financing or case.financing.mode
    other: Mode = "self" if mode == "sib" else "sib"
    inputs = compile_case(case)
    return Result(case, file, evaluate_mode(inputs, mode), evaluate_mode(inputs, other))


def evaluate_mode(inputs: Inputs, mode: Mode) -> ModeResult:
    """One financing mode: the stated effect, no effect and the break-even effects all
    come from one engine call over EFFECT_GRID (which holds 0 and 1)."""
    case: Case = inputs.case
    grid = cash_flows(inputs, mode, EFFECT_GRID)
    on_grid = key_figures(grid, inputs)
    stated, none = int(np.searchsorted(EFFECT_GRID, 1.0)), 0
    flows = grid.draw(stated)
    figures = {k: v[stated] for k, v in on_grid.items()}
    years = inputs.years

    def year_of(index: Any) -> int | None:
        return int(years[int(index)]) if int(index) >= 0 else None

    metrics: dict[str, Any] = {
        "break_even_year": year_of(figures.pop("break_even_index")),
        "discounted_break_even_year": year_of(figures.pop("discounted_break_even_index")),
    }
    for name in (
        "net_municipal_gain",
        "municipal_npv",
        "public_net_gain",
        "public_npv",
        "total_outcome_payments",
        "total_programme_cost",
        "total_transaction_costs",
        "benefit_cost_ratio",
    ):
        metrics[name] = _number(figures.pop(name))
    metrics["investor_irr"] = irr(flows.investor_net[0]) if mode == "sib" else None
    metrics["investor_multiple"] = _number(figures.pop("investor_multiple"))
    metrics["investor_net_gain"] = _number(figures.pop("investor_net_gain"))
    effects = break_even_effects(inputs, mode, on_grid)
    metrics["break_even_effect_municipal"] = effects["municipal"]
    metrics["break_even_effect_investor"] = effects["investor"]
    metrics.update({name: _number(value) for name, value in figures.items()})
    metrics["participants"] = int(sum(c.participants for c in case.cohorts))
    metrics["net_municipal_gain_if_no_effect"] = _number(on_grid["net_municipal_gain"][none])
    metrics["municipal_npv_if_no_effect"] = _number(on_grid["municipal_npv"][none])
    units = flows.units[0].sum(axis=-1)
    spent = flows.outcome_payments[0].sum() if mode == "sib" else flows.programme_cost[0].sum()
    metrics["total_units"] = {o.name: float(u) for o, u in zip(case.outcomes, units, strict=True)}
    metrics["cost_per_unit"] = {
        o.name: (float(spent / u) if u > 0 else None) for o, u in zip(case.outcomes, units, strict=True)
    }
    return ModeResult(mode, flows, metrics, _year_rows(flows, inputs.discount, years))


def _year_rows(flows: Flows, discount: np.ndarray, years: np.ndarray) -> list[dict[str, float | int]]:
    columns = {
        "participants": flows.participants[0],
        "programme_cost": flows.programme_cost[0],
        "investor_capital": flows.investor_capital[0],
        "outcome_payments": flows.outcome_payments[0],
        "guarantee_payments": flows.guarantee_payments[0],
        "transaction_costs_municipal": flows.transaction_costs_municipal[0],
        "savings_municipal": flows.savings_municipal[0],
        "savings_public": flows.savings_public[0],
        "municipal_net": flows.municipal_net[0],
        "municipal_cumulative": np.cumsum(flows.municipal_net[0]),
        "municipal_discounted_cumulative": np.cumsum(flows.municipal_net[0] * discount),
        "investor_net": flows.investor_net[0],
    }
    rows: list[dict[str, float | int]] = []
    for t, year in enumerate(years):
        row: dict[str, float | int] = {"year": int(year)}
        for name in YEAR_COLUMNS:
            value = columns[name][t]
            row[name] = int(value) if name == "participants" else _clean(float(value))
        rows.append(row)
    return rows


def _clean(value: float) -> float:
    return 0.0 if value == 0 else value  # no "-0.0" in JSON


def _number(value: Any) -> float | None:
    value = float(value)
    return None if math.isnan(value) else _clean(value)


def case_info(case: Case, file: str | None, mode: Mode) -> dict[str, Any]:
    """The "case" object of the JSON contract."""
    info = case.case
    return {
        "name": info.name,
        "municipality": info.municipality,
        "file": file,
        "currency": info.currency,
        "start_year": info.start_year,
        "horizon": info.horizon,
        "price_year": info.price_year or info.start_year,
        "discount_rate": info.discount_rate,
        "financing": mode,
    }


def to_dict(result: Result) -> dict[str, Any]:
    """The JSON result contract of MODEL.md."""
    return {
        "case": case_info(result.case, result.file, result.primary.mode),
        "years": result.primary.years,
        "metrics": result.primary.metrics,
        "alternative": {"financing": result.alternative.mode, **result.alternative.metrics},
    }
