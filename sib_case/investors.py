"""Named investors and their tranches: who puts in the capital, and who gets what back.

The capital the programme draws is drawn from every investor in proportion to what it
commits. What the investors receive (outcome payments and guarantee payments) is paid out
year by year by priority: the most senior tranche (priority 1) first, up to what it is owed
(the capital it has put in and not had back, grown by its coupon, a yearly interest rate on
what is owed), then the next; within a tranche pro rata to what each is owed. What is left
once every tranche is owed nothing is shared in proportion to the capital drawn. Summed over
the investors, capital and receipts are the investor view of the JSON contract.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .labels import Lang, label
from .model import Case


@dataclass(frozen=True)
class Allocation:
    """Each investor's flows, [D, I, T] each."""

    capital: np.ndarray
    receipts: np.ndarray


def allocate(case: Case, capital: np.ndarray, receipts: np.ndarray) -> Allocation:
    """The investors' shares of the capital drawn and of the receipts ([D, T] each)."""
    investors = case.financing.investors
    draws, horizon = capital.shape
    committed = np.array([i.amount for i in investors], dtype=float)
    share = committed / committed.sum()
    drawn = capital[:, None, :] * share[None, :, None]  # [D, I, T]
    coupon = np.array([i.coupon or 0.0 for i in investors])
    priority = np.array([i.priority for i in investors])
    owed = np.zeros((draws, len(investors)))
    put_in = np.zeros((draws, len(investors)))
    paid = np.zeros((draws, len(investors), horizon))
    for t in range(horizon):
        owed = owed * (1 + coupon) + drawn[:, :, t]
        put_in = put_in + drawn[:, :, t]
        pool = receipts[:, t].copy()
        for level in sorted(set(priority)):
            group = priority == level
            claim = owed[:, group].sum(axis=1)
            pay = np.minimum(pool, claim)
            part = np.divide(
                owed[:, group], claim[:, None], out=np.zeros_like(owed[:, group]), where=claim[:, None] > 0
            )
            paid[:, group, t] += part * pay[:, None]
            owed[:, group] -= part * pay[:, None]
            pool = pool - pay
        total_in = put_in.sum(axis=1, keepdims=True)
        rest = np.divide(
            put_in, total_in, out=np.broadcast_to(share, put_in.shape).copy(), where=total_in > 0
        )
        paid[:, :, t] += rest * pool[:, None]
    return Allocation(drawn, paid)


@dataclass(frozen=True)
class InvestorResult:
    """One investor's figures at the case's point values (one draw)."""

    name: str
    priority: int
    committed: float
    drawn: float
    received: float
    multiple: float | None
    irr: float | None
    net_gain: float

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def investor_results(case: Case, allocation: Allocation) -> list[InvestorResult]:
    """Figures of every investor, from the first draw of an allocation."""
    from .metrics import irr

    out = []
    capital, receipts = allocation.capital[0], allocation.receipts[0]
    for i, investor in enumerate(case.financing.investors):
        drawn, received = float(capital[i].sum()), float(receipts[i].sum())
        rate = irr(receipts[i] - capital[i])
        out.append(
            InvestorResult(
                name=investor.name,
                priority=investor.priority,
                committed=investor.amount,
                drawn=drawn,
                received=received,
                multiple=received / drawn if drawn > 0 else None,
                irr=rate,
                net_gain=received - drawn,
            )
        )
    return out


# (field, kind as formats.figure_text reads it, label key)
COLUMNS = (
    ("name", "text", "investor.name"),
    ("priority", "count", "investor.priority"),
    ("committed", "money", "investor.committed"),
    ("drawn", "money", "investor.drawn"),
    ("received", "money", "investor.received"),
    ("multiple", "multiple", "investor.multiple"),
    ("irr", "rate", "investor.irr"),
)


def investor_rows(results: list[InvestorResult], lang: Lang) -> tuple[list[str], list[list[str]]]:
    """The investors' figures as text: a header and one row an investor."""
    from .formats import figure_text

    header = [label(key, lang) for _, _, key in COLUMNS]
    rows = [
        [
            str(getattr(r, name)) if kind == "text" else figure_text(kind, getattr(r, name), lang)
            for name, kind, _ in COLUMNS
        ]
        for r in results
    ]
    return header, rows
