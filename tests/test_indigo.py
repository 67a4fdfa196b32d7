"""The INDIGO export: every shipped case converts and validates against the standard's
published project schema (tests/data/indigo-project-schema.json, see tests/data/README.md),
a broken record does not, and the small reference case's key figures land in the right
fields (the figures are worked out by hand in test_reference.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from sib_case import Case, evaluate, load_case
from sib_case.indigo import maximum_loss, maximum_outcome_payments, project_id, to_indigo

ROOT = Path(__file__).parent.parent
SCHEMA_FILE = ROOT / "tests" / "data" / "indigo-project-schema.json"
SMALL = ROOT / "tests" / "reference" / "small.yaml"
CASES = sorted(p for p in (ROOT / "cases").rglob("*.yaml") if ".results." not in p.name)


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def export(path: Path, with_result: bool = True) -> dict[str, Any]:
    case = load_case(path)
    return to_indigo(case, evaluate(case) if with_result else None)


def data_of(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = export(path)["project"]["data"]
    return data


@pytest.fixture(scope="module")
def small() -> dict[str, Any]:
    return data_of(SMALL)


def test_the_vendored_schema_is_the_project_schema(validator: jsonschema.Draft7Validator) -> None:
    properties = validator.schema["properties"]
    for name in ("outcome_metrics", "outcome_pricings", "outcome_payment_commitments", "investments"):
        assert properties[name]["type"] == "array"
    assert "Contracted" in properties["stage_development"]["properties"]["value"]["enum"]


@pytest.mark.parametrize("path", [*CASES, SMALL], ids=lambda p: p.name)
@pytest.mark.parametrize("with_result", [True, False], ids=["with-result", "case-only"])
def test_every_case_converts_and_validates(
    validator: jsonschema.Draft7Validator, path: Path, with_result: bool
) -> None:
    record = export(path, with_result)
    assert set(record) == {"project"}
    assert set(record["project"]) == {"id", "data"}
    assert record["project"]["id"].startswith("sib-case-")
    validator.validate(record["project"]["data"])
    # JSON as the command prints it, and back
    text = json.dumps(record, indent=2, ensure_ascii=False)
    assert json.loads(text) == record
    assert "INDIGO-POJ" not in record["project"]["id"]


def test_shipped_cases_are_found() -> None:
    assert len(CASES) >= 4


@pytest.mark.parametrize(
    ("field", "bad"),
    [
        (("stage_development",), {"value": "Early-stage design"}),  # not in the codelist any more
        (("name",), {"value": 42}),
        (("dates", "start_date_of_service_provision"), {"value": "1 January 2026"}),
        (
            ("service_and_beneficiaries", "targeted_number_service_users_or_beneficiaries_total"),
            {"value": "20"},
        ),
        (("outcome_payment_commitments",), [{"organisation_role_category": {"value": "Municipality"}}]),
        (("outcome_payments",), [{"type": {"value": "Expected"}}]),
    ],
)
def test_a_broken_record_fails(
    validator: jsonschema.Draft7Validator, small: dict[str, Any], field: tuple[str, ...], bad: Any
) -> None:
    broken = json.loads(json.dumps(small))
    target = broken
    for key in field[:-1]:
        target = target[key]
    target[field[-1]] = bad
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(broken)


def test_small_case_project_level(small: dict[str, Any]) -> None:
    assert export(SMALL)["project"]["id"] == "sib-case-small-reference-case"
    assert small["name"] == {"value": "Small reference case"}
    assert small["jurisdiction"]["jurisdiction"] == {"value": "DK"}  # from DKK, with a note
    assert "DKK" in small["jurisdiction"]["notes"]
    dates = small["dates"]
    assert dates["start_date_of_service_provision"] == {"value": "2026"}
    assert dates["anticipated_end_date_of_service_provision"] == {"value": "2028"}  # 2027 intake + spread
    assert dates["anticipated_completion_date"] == {"value": "2030"}  # the last outcome payment
    assert "stage_development" not in small  # the codelist has no design stage
    assert "Pipeline" in small["notes"]["value"]
    assert small["service_and_beneficiaries"]["targeted_number_service_users_or_beneficiaries_total"] == {
        "value": 20
    }
    assert "purpose_and_classifications" not in small  # no description in the case


def test_small_case_outcome_metric_and_pricing(small: dict[str, Any]) -> None:
    (metric,) = small["outcome_metrics"]
    assert metric["id"] == "outcomemetric1"
    definition = metric["definition"]["value"]
    assert definition.startswith("employment, counted in person-year in work")
    assert "0.2 without the programme and 0.5 with it" in definition
    assert "80% of the change" in definition
    assert "0.24 person-year in work" in metric["outcome_metric_target"]["value"]
    assert metric["targeted_number_of_service_users_or_beneficiaries_total"] == {"value": 20}
    (pricing,) = small["outcome_pricings"]
    assert pricing["outcome_metric_id"] == {"value": "outcomemetric1"}
    assert pricing["currency"] == {"value": "DKK"}
    assert pricing["price_per_unit"]["amount"] == {"value": 50_000}
    assert "Rate card: 50,000 DKK" in pricing["price_description"]["value"]
    assert "paid 1 year after" in pricing["price_description"]["value"]
    assert "maximum_price_if_all_targets_achieved" not in pricing  # a rate card without a cap


def test_small_case_money(small: dict[str, Any]) -> None:
    finance = small["overall_project_finance"]
    assert finance["total_investment_commitment"]["currency"] == {"value": "DKK"}
    assert finance["total_investment_commitment"]["amount"]["exact"] == {"value": 410_000}
    assert "maximum_potential_outcome_payment_v2" not in finance  # nothing caps a rate card here
    assert finance["maximum_potential_loss"] == {"value": "100%"}  # no protection, no guarantee
    (investment,) = small["investments"]
    assert investment["investment_commitment"] == {
        "currency": {"value": "DKK"},
        "amount": {"exact": {"value": 410_000}},
    }
    (commitment,) = small["outcome_payment_commitments"]
    assert commitment["organisation_role_category"] == {"value": "Government/Public Sector/Public Bank"}
    assert "organisation_id" not in commitment  # no INDIGO organisation id for Testby
    assert "Testby" in commitment["notes"]
    assert "600,000 DKK" in commitment["notes"]
    payments = small["outcome_payments"]
    assert [p["period"]["start_date"]["value"] for p in payments] == ["2027", "2028", "2029", "2030"]
    assert [p["money"]["amount"]["value"] for p in payments] == [60_000, 180_000, 240_000, 120_000]
    assert sum(p["money"]["amount"]["value"] for p in payments) == 600_000  # total_outcome_payments
    assert {p["type"]["value"] for p in payments} == {"Planned"}
    assert {p["money"]["currency"]["value"] for p in payments} == {"DKK"}
    assert {p["outcome_payment_plan_id"]["value"] for p in payments} == {
        plan["id"]["value"] for plan in small["outcome_payment_plans"]
    }


def test_without_a_result_only_the_case_file(validator: jsonschema.Draft7Validator) -> None:
    data = export(SMALL, with_result=False)["project"]["data"]
    assert "total_investment_commitment" not in data["overall_project_finance"]
    assert "investment_commitment" not in data["investments"][0]
    assert "outcome_payments" not in data
    assert data["outcome_pricings"][0]["price_per_unit"]["amount"] == {"value": 50_000}
    assert data["dates"]["anticipated_completion_date"] == {"value": "2030"}  # the settlement year


def test_self_financed_case_gives_the_sib_alternative() -> None:
    case = load_case(ROOT / "cases" / "dk-youth-homelessness.yaml")
    result = evaluate(case)
    assert case.financing.mode == "self"
    data = to_indigo(case, result)["project"]["data"]
    capital = result.alternative.metrics.total_investor_capital
    assert data["investments"][0]["investment_commitment"]["amount"]["exact"] == {"value": capital}
    assert "self-financed" in data["investments"][0]["notes"]
    assert "self-financed" in data["outcome_payment_commitments"][0]["notes"]
    payments = sum(p["money"]["amount"]["value"] for p in data["outcome_payments"])
    assert payments == pytest.approx(result.alternative.metrics.total_outcome_payments)
    # fixed schedule 4.8 m + top tier 4.2 m, below the cap of 1.25 x 7.3 m capital
    maximum = data["overall_project_finance"]["maximum_potential_outcome_payment_v2"]["amount"]
    assert maximum == {"value": 9_000_000}
    fixed, tiers = data["outcome_pricings"]
    assert fixed["maximum_price_if_all_targets_achieved"]["amount"] == {"value": "4800000"}
    assert tiers["maximum_price_if_all_targets_achieved"]["amount"] == {"value": "4200000"}
    assert "1,500,000 DKK" in tiers["price_description"]["value"]
    assert fixed["outcome_metric_id"] == {"value": "outcomemetric1"}
    assert tiers["outcome_metric_id"] == {"value": "outcomemetric2"}


def test_caps_guarantee_and_return() -> None:
    reoffending = data_of(ROOT / "cases" / "intl-reoffending.yaml")
    assert reoffending["jurisdiction"]["jurisdiction"] == {"value": "GB"}
    finance = reoffending["overall_project_finance"]
    assert finance["total_investment_commitment"]["currency"] == {"value": "GBP"}
    assert finance["maximum_potential_outcome_payment_v2"]["amount"] == {"value": 8_000_000}  # the rule's cap
    assert finance["maximum_potential_return_type"] == {"value": "IRR"}
    assert finance["maximum_potential_return"] == {"value": "13%"}
    assert reoffending["investments"][0]["maximum_potential_return"] == {"value": 13}
    (pricing,) = reoffending["outcome_pricings"]
    assert "a cohort on its own reaches 100%" in pricing["price_description"]["value"]
    assert "the cohorts together reach 75%" in pricing["price_description"]["value"]

    families = data_of(ROOT / "cases" / "dk-children-families.yaml")
    # no effect: the guarantee covers half the loss, at most 3 m of 14 m capital
    assert families["investments"][0]["maximum_potential_loss"] == {"value": "78.6%"}
    # The 4.6 % annual-return cap bounds the payments: the capital drawn (4.32 m in 2026,
    # 4.4 m in 2027 and 2028, 0.88 m in 2029) grown at 4.6 % to the settlement year 2037,
    # by hand: 4.32 x 1.046^11 + 4.4 x 1.046^10 + 4.4 x 1.046^9 + 0.88 x 1.046^8 = 21.84 m.
    by_hand = 4_320_000 * 1.046**11 + 4_400_000 * 1.046**10 + 4_400_000 * 1.046**9 + 880_000 * 1.046**8
    most = families["overall_project_finance"]["maximum_potential_outcome_payment_v2"]["amount"]["value"]
    assert most == pytest.approx(by_hand, abs=0.01)
    (share,) = families["outcome_pricings"]
    assert "outcome_metric_id" not in share  # shares the savings of two outcomes
    assert "Savings share: 80%" in share["price_description"]["value"]

    employment = data_of(ROOT / "cases" / "dk-employment.yaml")
    maximum = employment["overall_project_finance"]["maximum_potential_outcome_payment_v2"]["amount"]
    assert maximum == {"value": 9_217_000}  # 1.3 x 7,090,000 capital


def test_bounds_from_the_case_terms() -> None:
    case = load_case(SMALL)
    assert maximum_outcome_payments(case, 410_000) is None  # an uncapped rate card
    capped = with_financing(case, cap={"total": 500_000.0}, capital_protection=0.5)
    assert maximum_outcome_payments(capped, 410_000) == 500_000
    assert maximum_outcome_payments(capped, 1_200_000) == 600_000  # protection lifts it
    assert maximum_outcome_payments(capped, None) is None
    assert maximum_loss(capped, None) == 0.5
    guaranteed = with_financing(case, guarantee={"share": 0.5})
    assert maximum_loss(guaranteed, None) == 0.5
    limited = with_financing(case, guarantee={"share": 0.5, "max": 100_000.0})
    assert maximum_loss(limited, None) is None
    assert maximum_loss(limited, 400_000) == pytest.approx(0.75)


def with_financing(case: Case, **changes: Any) -> Case:
    financing = case.financing.model_dump()
    financing.update(changes)
    return Case.model_validate({**case.model_dump(), "financing": financing})


def test_country_only_where_the_currency_names_one() -> None:
    case = load_case(SMALL)
    euro = Case.model_validate({**case.model_dump(), "case": {**case.case.model_dump(), "currency": "EUR"}})
    data = to_indigo(euro, evaluate(euro))["project"]["data"]
    assert "jurisdiction" not in data
    assert data["outcome_pricings"][0]["currency"] == {"value": "EUR"}


def test_project_id_is_local_and_ascii() -> None:
    case = load_case(ROOT / "cases" / "dk-employment.yaml")
    assert project_id(case) == "sib-case-ips-beskaeftigelsesindsats-for-langvarige-kontanthjaelpsmodtagere"
