"""Public figures a case can name instead of writing numbers, kept as versioned data
files beside this module, each with its source and date: discount-rate schedules, the
Danish state reimbursement ladder (refusionstrappen), the municipal income tax rate, price
indices for putting cases on one price year."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import numpy as np
import yaml


@cache
def _data(name: str) -> dict[str, Any]:
    text = files(__name__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


def discount_schedules() -> dict[str, dict[str, Any]]:
    schedules: dict[str, dict[str, Any]] = _data("discount")["schedules"]
    return schedules


def discount_factors(schedule: str, horizon: int) -> np.ndarray:
    """Discount factors for years 0..horizon-1: the product of 1 / (1 + r) over the steps
    to each year, every step at the rate of its year's band."""
    bands = discount_schedules()[schedule]["bands"]
    rates = np.zeros(horizon)
    for start, rate in bands:
        rates[int(start) :] = rate
    steps = 1 / (1 + rates[1:])  # the step into year t uses year t's band
    return np.concatenate([[1.0], np.cumprod(steps)])


def price_indices() -> dict[str, dict[str, Any]]:
    """Price indices by name, each with its currency, values by year, source and date."""
    indices: dict[str, dict[str, Any]] = _data("price_index")["indices"]
    return indices


def refusion_state_share(weeks_on_benefit: int) -> float:
    """The share of a benefit the state reimburses after this many weeks on benefit."""
    share = 0.0
    for start, state in _data("refusion")["state_share_by_week"]:
        if weeks_on_benefit >= start:
            share = float(state)
    return share


def municipal_tax_rate() -> float:
    return float(_data("municipal_tax")["rate"])


def source(name: str) -> str:
    return str(_data(name).get("source", ""))
