"""Presets: public figures a case can name instead of writing numbers. Each expected
value cites its source (the same sources are in the preset files, sib_case/presets/)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from sib_case import CaseFileError, evaluate
from sib_case.loader import parse_case
from sib_case.presets import discount_factors, municipal_tax_rate, refusion_state_share


def test_danish_ministry_of_finance_schedule() -> None:
    # Finansministeriet (7 January 2021): 3.5 % for years 0-35, 2.5 % for 36-70, 1.5 % after.
    f = discount_factors("dk-mof-2021", 100)
    assert f[0] == 1.0
    assert f[35] == pytest.approx(1.035**-35)
    assert f[36] == pytest.approx(1.035**-35 * 1.025**-1)
    assert f[70] == pytest.approx(1.035**-35 * 1.025**-35)
    assert f[80] == pytest.approx(1.035**-35 * 1.025**-35 * 1.015**-10)


def test_green_book_schedule() -> None:
    # HM Treasury Green Book (2022): 3.5 % for years 0-30, 3.0 % for 31-75, 2.5 % after.
    f = discount_factors("uk-green-book", 90)
    assert f[30] == pytest.approx(1.035**-30)
    assert f[75] == pytest.approx(1.035**-30 * 1.03**-45)
    assert f[89] == pytest.approx(1.035**-30 * 1.03**-45 * 1.025**-14)


@pytest.mark.parametrize(
    ("weeks", "state"),
    # lov om kommunernes finansiering af visse offentlige ydelser, § 5: 80 % in weeks 1-4,
    # 40 % in weeks 5-26, 30 % in weeks 27-52, 20 % after week 52.
    [(1, 0.8), (4, 0.8), (5, 0.4), (26, 0.4), (27, 0.3), (52, 0.3), (53, 0.2), (200, 0.2)],
)
def test_refusion_ladder(weeks: int, state: float) -> None:
    assert refusion_state_share(weeks) == state


def test_municipal_tax_rate() -> None:
    # Average Danish municipal income tax 2024, about 25 % (the preset says it is rounded).
    assert municipal_tax_rate() == 0.25


def case(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "case": {"name": "Preset test", "start_year": 2026, "horizon": 3},
        "cohorts": [{"year": 2026, "participants": 10}],
        "programme_cost": {"per_participant": 10_000},
        "outcomes": [
            {
                "name": "work",
                "effect": 0.2,
                "profile": [1, 1, 1],
                "savings": [
                    {"name": "benefit", "amount": 150_000, "refusion_weeks": 60},
                    {"name": "tax", "municipal_tax_on": 128_000},
                ],
            }
        ],
        "financing": {"mode": "self"},
    }
    for key, value in changes.items():
        data["case"][key] = value
    return data


def test_refusion_weeks_and_municipal_tax_in_a_case() -> None:
    result = evaluate(parse_case(case(), {}, "preset"))
    years = result.primary.years
    # 10 participants x 0.2 effect = 2 units a year.
    # benefit: after 60 weeks the state reimburses 20 %, so the municipality keeps 80 %:
    #   2 x 150,000 x 0.8 = 240,000; tax: 2 x 128,000 x 25 % = 64,000, all municipal.
    assert years.savings_municipal[0] == pytest.approx(240_000 + 64_000)
    assert years.savings_public[0] == pytest.approx(2 * 150_000 + 64_000)


def test_schedule_discounts_like_the_flat_rate_within_its_first_band() -> None:
    flat = evaluate(parse_case(case(discount_rate=0.035), {}, "flat"))
    stepped = evaluate(parse_case(case(discount_schedule="dk-mof-2021"), {}, "stepped"))
    assert stepped.primary.metrics.municipal_npv == pytest.approx(flat.primary.metrics.municipal_npv)
    assert stepped.case.case.discount_rate == 0.035  # the first band, reported as the rate


def test_schedule_steps_down_after_year_35() -> None:
    long_case = case(discount_schedule="dk-mof-2021", horizon=50)
    long_case["outcomes"][0]["profile"] = [1.0] * 50
    result = evaluate(parse_case(long_case, {}, "long"))
    net = np.asarray(result.primary.years.municipal_net, dtype=float)
    assert result.primary.metrics.municipal_npv == pytest.approx(
        float(net @ discount_factors("dk-mof-2021", 50))
    )
    assert result.primary.metrics.municipal_npv > float(net @ 1.035 ** -np.arange(50))


def test_rate_and_schedule_together_are_refused() -> None:
    with pytest.raises(CaseFileError) as caught:
        parse_case(case(discount_rate=0.03, discount_schedule="dk-mof-2021"), {}, "both")
    assert caught.value.messages() == ["both: case: give discount_rate or discount_schedule, not both"]


def test_unknown_schedule_names_the_allowed_ones() -> None:
    with pytest.raises(CaseFileError) as caught:
        parse_case(case(discount_schedule="dk-2021"), {}, "bad")
    assert caught.value.messages() == [
        "bad: case.discount_schedule: must be one of 'dk-mof-2021', 'dk-mof-before-2021' or 'uk-green-book',"
        " got 'dk-2021'"
    ]
