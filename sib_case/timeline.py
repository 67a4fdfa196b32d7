"""Placing amounts on the case's years."""

from __future__ import annotations

import numpy as np


def by_year(amounts: dict[int, float], start_year: int, horizon: int) -> np.ndarray:
    """Amounts keyed by calendar year -> an array over the horizon's years."""
    out = np.zeros(horizon)
    for year, amount in amounts.items():
        out[year - start_year] += amount
    return out


def shift(values: np.ndarray, lag: int) -> np.ndarray:
    """Move flows `lag` years later along the last axis; what passes the horizon is dropped."""
    if lag == 0:
        return values
    out = np.zeros_like(values)
    if lag < values.shape[-1]:
        out[..., lag:] = values[..., :-lag]
    return out
