"""Who pays and who saves: the municipal net by committee or budget area adds up to the
municipal net of every year, under both financing modes, for every shipped case with every
savings item, cost and payment given an area."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sib_case import evaluate, load_case
from sib_case.areas import by_area
from sib_case.model import Case

ROOT = Path(__file__).parent.parent
CASES = sorted(
    [
        *(p for p in (ROOT / "cases").rglob("*.yaml") if ".results." not in p.name),
        *(ROOT / "templates").glob("*.yaml"),
        *(ROOT / "tests" / "reference").glob("*.yaml"),
    ]
)


def with_areas(case: Case) -> Case:
    """Every part named, in turn A, B or C; the payment rules but the first left to the
    financing's area."""
    names = iter(["A", "B", "C"] * 100)
    outcomes = [
        o.model_copy(update={"savings": [s.model_copy(update={"area": next(names)}) for s in o.savings]})
        for o in case.outcomes
    ]
    costs = [t.model_copy(update={"area": next(names)}) for t in case.transaction_costs]
    rules = [
        r.model_copy(update={"area": "B" if i == 0 else ""}) for i, r in enumerate(case.financing.payments)
    ]
    financing = case.financing.model_copy(update={"area": "C", "payments": rules})
    programme = case.programme_cost.model_copy(update={"area": "A"})
    return case.model_copy(
        update={
            "outcomes": outcomes,
            "transaction_costs": costs,
            "financing": financing,
            "programme_cost": programme,
        }
    )


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_the_areas_add_up_to_the_municipal_net(path: Path) -> None:
    result = evaluate(with_areas(load_case(path)))
    for mode in result.modes:
        areas = by_area(mode.flows, result.inputs)
        total = sum((a.net for a in areas), np.zeros(len(result.inputs.years)))
        assert total == pytest.approx(mode.flows.municipal_net[0], abs=1e-6)


def test_dk_employment_one_committee_pays_and_both_save() -> None:
    """By hand from cases/dk-employment.yaml under the SIB: Beskæftigelsesudvalget pays the
    9,217,000 outcome payments and the 720,000 evaluation; Økonomiudvalget the 400,000 set-up
    and 420,000 contract management. Self-financed, Beskæftigelsesudvalget pays the programme
    (6,840,000) instead of the payments, Økonomiudvalget the 150,000 tender."""
    result = evaluate(load_case(ROOT / "cases" / "dk-employment.yaml"))
    sib, own = (by_area(result.by_mode[m].flows, result.inputs) for m in ("sib", "self"))
    assert [a.name for a in sib] == ["Beskæftigelsesudvalget", "Økonomiudvalget"]
    assert [float(a.costs.sum()) for a in sib] == pytest.approx([9_217_000 + 720_000, 400_000 + 420_000])
    assert [float(a.costs.sum()) for a in own] == pytest.approx([6_840_000 + 720_000, 150_000])
    assert sum(float(a.net.sum()) for a in sib) == pytest.approx(
        result.by_mode["sib"].metrics.net_municipal_gain
    )


def test_no_area_named_no_area_shown() -> None:
    result = evaluate(load_case(ROOT / "tests" / "reference" / "small.yaml"))
    assert by_area(result.primary.flows, result.inputs) == []
