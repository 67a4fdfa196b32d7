"""Who pays and who saves: the municipal net flow split by the committee or budget area
(udvalg / bevillingsområde) that bears each part.

A case names areas on its savings items, transaction costs, programme cost, payment rules
(or the financing, for all of them); what names none falls in the unnamed area "". The
parts are the engine's, one draw: municipal cashable savings by item; outcome payments the
municipality pays, by rule (each rule's share of what the other payers pay taken off in
proportion, the protection top-up to the financing's area); municipal transaction costs by
item; and, self-financed, the programme cost less grants. They add up to the municipal net
of every year, exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .engine import Flows, Inputs, payers, savings_items


@dataclass(frozen=True)
class AreaNet:
    """One area's part of the municipal net, by year: what it saves and what it pays."""

    name: str  # "" where the case names none
    savings: np.ndarray  # [T]
    costs: np.ndarray  # [T] outcome payments, transaction costs and programme cost it bears

    @property
    def net(self) -> np.ndarray:
        return self.savings - self.costs

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "savings": [float(v) for v in self.savings],
            "costs": [float(v) for v in self.costs],
            "net": [float(v) for v in self.net],
            "net_total": float(self.net.sum()),
        }


@dataclass(frozen=True)
class AreaTable:
    """The municipal net by area as a table: a column an area, a row a year, then the total."""

    names: list[str]  # "" for the unnamed area
    years: list[int]
    net: np.ndarray  # [T, A]

    @property
    def totals(self) -> np.ndarray:
        return self.net.sum(axis=0)


def area_table(flows: Flows, inputs: Inputs) -> AreaTable | None:
    """The table of `by_area` (None where the case names no area)."""
    areas = by_area(flows, inputs)
    if not areas:
        return None
    net = np.stack([a.net for a in areas], axis=1)
    return AreaTable([a.name for a in areas], [int(y) for y in inputs.years], net)


def named(inputs: Inputs) -> bool:
    """Whether the case names any committee or budget area."""
    case = inputs.case
    return any(
        [
            case.programme_cost.area,
            case.financing.area,
            *(rule.area for rule in case.financing.payments),
            *(cost.area for cost in case.transaction_costs),
            *(item.area for _, _, item in savings_items(case)),
        ]
    )


def by_area(flows: Flows, inputs: Inputs) -> list[AreaNet]:
    """The municipal net of one draw (the first) by area, in the order the case names them
    (the unnamed area last); empty where the case names none."""
    if not named(inputs):
        return []
    case = inputs.case
    horizon = len(inputs.years)
    savings: dict[str, np.ndarray] = {}
    costs: dict[str, np.ndarray] = {}

    def add(into: dict[str, np.ndarray], area: str, values: np.ndarray) -> None:
        into.setdefault(area, np.zeros(horizon))
        into[area] = into[area] + values

    items = flows.savings_municipal_by_item[0].sum(axis=0)  # [S, T]
    for s, (_, _, item) in enumerate(savings_items(case)):
        add(savings, item.area, items[s])
    municipal = payers(case).municipal
    for k, cost in enumerate(case.transaction_costs):
        if municipal[k]:
            add(costs, cost.area, flows.transaction_costs_by_item[0, k])
    payments = flows.outcome_payments[0]
    protection = flows.capital_protection[0]
    ruled = payments - protection  # what the rules paid; the other payers pay part of it
    kept = np.divide(ruled - flows.outcome_payments_others[0], ruled, out=np.zeros(horizon), where=ruled > 0)
    for r, rule in enumerate(case.financing.payments):
        add(costs, rule.area or case.financing.area, flows.payments_by_rule[0, r] * kept)
    add(costs, case.financing.area, protection)
    if flows.mode == "self":
        add(costs, case.programme_cost.area, flows.programme_cost[0] - flows.grants[0])
    names = list(dict.fromkeys([*savings, *costs]))
    names.sort(key=lambda n: n == "")  # the unnamed area last
    zero = np.zeros(horizon)
    return [AreaNet(n, savings.get(n, zero), costs.get(n, zero)) for n in names]
