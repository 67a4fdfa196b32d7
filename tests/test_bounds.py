"""The most a contract can pay (payments.maximum_outcome_payments, which the INDIGO export
states as maximum_potential_outcome_payment) bounds what the engine pays, in every case."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_properties import build, cases

from sib_case import evaluate
from sib_case.engine import cash_flows
from sib_case.indigo import to_indigo
from sib_case.payments import maximum_outcome_payments


@given(data=cases(with_caps=True), multiplier=st.sampled_from([0.0, 0.5, 1.0, 3.0, 20.0]))
def test_engine_never_pays_more_than_the_contract_allows(data: dict[str, Any], multiplier: float) -> None:
    case = build(data)
    result = evaluate(case, "sib")
    capital = result.primary.metrics.total_investor_capital
    most = maximum_outcome_payments(case, capital, result.primary.years.investor_capital)
    # with a common cap, a bound always exists (a multiple or a return cap needs the capital)
    assert most is not None
    without_schedule = maximum_outcome_payments(case, capital)
    assert without_schedule is not None
    assert without_schedule >= most - 1e-9 * max(1.0, most)  # as if all capital came first: looser
    # at the stated effect, and at effects far above it: caps and schedules still hold
    flows = cash_flows(result.inputs, "sib", np.array([multiplier]))
    paid = float(flows.outcome_payments.sum())
    assert paid <= most + 1e-6 * max(1.0, most)
    assert result.primary.metrics.total_outcome_payments <= most + 1e-6 * max(1.0, most)


@pytest.mark.parametrize("name", ["dk-employment", "dk-children-families", "intl-reoffending"])
def test_the_indigo_maximum_is_the_contract_bound(name: str) -> None:
    from sib_case import load_case

    case = load_case(f"cases/{name}.yaml")
    result = evaluate(case)
    record = to_indigo(case, result)["project"]["data"]
    stated = [
        c["maximum_potential_outcome_payment"]["amount"]["value"]
        for c in record.get("outcome_payment_commitments", [])
        if "maximum_potential_outcome_payment" in c
    ]
    sib = result.by_mode["sib"]
    most = maximum_outcome_payments(case, sib.metrics.total_investor_capital, sib.years.investor_capital)
    assert stated, "the shipped case states a maximum"
    assert stated[0] == pytest.approx(most, abs=0.5)  # INDIGO amounts are rounded to whole units
    assert most is not None
    assert sib.metrics.total_outcome_payments <= most + 1e-6
