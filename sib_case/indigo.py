"""INDIGO both ways: `to_indigo(case, result)`, a case as a project of the INDIGO impact bond
data standard, and `case_from_indigo(record)`, a case skeleton from an INDIGO project record.

INDIGO is the Government Outcomes Lab's open data standard for impact bonds. Its project
schema is `schema/project.json` in the GitHub repository
INDIGO-Initiative/indigo-data-standard (a copy is in tests/data/). Every field holds an
object with a `value`; lists (outcome metrics, pricings, investments, ...) join up through
within-project ids such as "outcomemetric1". The project's own id is not part of the schema:
INDIGO's API returns a project as `{"project": {"id": ..., "data": ...}}`, with the id and
the organisations the project names (`organisations`: id, name, ...) added to `data`; so
does `to_indigo`, and so `read_record` reads a record.

The export states what the case holds and nothing else: the deal's facts (`case.deal`: the
INDIGO-POJ id, stage, dates, organisations with their INDIGO-ORG ids and roles, sources,
locations, the outcome metrics' own words) as they are, the case's terms (participants,
prices, caps, investors) from the case, and figures of the evaluation (expected payments,
capital drawn) from the result. A case without a deal id gets a local id
("sib-case-<name>"). A figure the case holds only as a placeholder (`deal.to_fill_in`) is
left out, and so is every figure of the evaluation while any is left to fill in. A business
case is not a live project: the standard's Stage of Development codelist (Contracted,
Implementation, Service delivery complete, Complete) has no design stage, so a case states
a stage only where its deal does. The money is the SIB's: for a self-financed case, the SIB
that sib-case evaluates beside it, as the notes say.

The import puts each of the record's facts in its place (the name, the outcome payer as
the municipality, the participants as a cohort, the outcome metrics as outcomes with their
ids, pricings as rate cards, investments as investors, the maximum outcome payment as a
cap) and the deal's facts in `deal:`; every figure the record lacks (effects, savings, the
programme cost, ...) is a placeholder listed in `deal.to_fill_in`, which `validate` names.
The YAML is written by PyYAML from data, so no text of a record can become structure; the
comments are the label table's words.
"""

from __future__ import annotations

import json
import math
import re
import stat
import textwrap
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

import numpy as np
import yaml

from . import __version__
from .deal import (
    Deal,
    Organisation,
    Role,
    Section,
    is_month,
    is_unfilled,
    unfilled,
)
from .errors import SibCaseError
from .labels import say
from .model import (
    MAX_PARTICIPANTS,
    Caps,
    Case,
    Condition,
    Dist,
    FixedSchedule,
    Outcome,
    RateCard,
    ReturnBands,
    SavingsShare,
    Tiers,
    judged_outcome,
    point,
)
from .payments import maximum_loss, maximum_outcome_payments, rule_bound

if TYPE_CHECKING:
    from .model import CoPayer, PaymentRule
    from .result import ModeResult, Result

__all__ = [
    "case_from_indigo",
    "maximum_loss",
    "maximum_outcome_payments",
    "project_id",
    "read_record",
    "to_indigo",
]

Record = dict[str, Any]  # an object of the INDIGO record: plain JSON, the export's edge
# The commissioner (`case.municipality`) is a public body: a municipality, a ministry.
PUBLIC_SECTOR = "Government/Public Sector/Public Bank"
PLAN_ID = "plan1"

# Where the deal's facts stand in a record, both ways: (the deal's field, the record's
# path, its kind). "text" and "number" are a field's value; "date" is text of a date.
Fields = tuple[tuple[str, tuple[str, ...], str], ...]
DATE_FIELDS: Fields = (
    ("contract_signed", ("outcomes_contract_signed", "value"), "date"),
    ("all_contracts_signed", ("contracts_between_all_parties_signed", "value"), "date"),
    ("completion", ("anticipated_completion_date", "value"), "date"),
    ("completion_actual", ("actual_completion_date", "value"), "date"),
    ("service_start", ("start_date_of_service_provision", "value"), "date"),
    ("service_end", ("anticipated_end_date_of_service_provision", "value"), "date"),
    ("service_end_actual", ("actual_end_date_of_service_provision", "value"), "date"),
    ("service_months", ("anticipated_duration_of_service_provision", "value"), "number"),
    ("service_months_actual", ("actual_duration_of_service_provision", "value"), "number"),
)
SDG_FIELDS: Fields = (
    ("sdg_goal", ("primary_sdg_goal", "value"), "text"),
    ("sdg_goals", ("secondary_sdg_goals", "value"), "text"),
    ("sdg_target", ("primary_sdg_target", "value"), "text"),
    ("sdg_targets", ("secondary_sdg_targets", "value"), "text"),
)
PROJECT_FIELDS: Fields = (
    ("alternative_names", ("alternative_names", "value"), "text"),
    ("stage", ("stage_development", "value"), "text"),
    ("social_investment_prototype", ("social_investment_prototype", "value"), "text"),
    ("jurisdiction", ("jurisdiction", "jurisdiction", "value"), "text"),
    ("social_challenge", ("purpose_and_classifications", "social_challenge", "value"), "text"),
    *((name, ("purpose_and_classifications", *path), kind) for name, path, kind in SDG_FIELDS),
    ("target_population", ("service_and_beneficiaries", "target_population", "value"), "text"),
    (
        "unit_type",
        ("service_and_beneficiaries", "unit_type_targeted_service_users_or_beneficiaries", "value"),
        "text",
    ),
    (
        "unit_description",
        ("service_and_beneficiaries", "unit_description_of_service_user_or_beneficiaries", "value"),
        "text",
    ),
)
ORGANISATION_FIELDS: Fields = (
    ("id", ("id",), "text"),
    ("name", ("name", "value"), "text"),
    ("country", ("country", "value"), "text"),
    ("website", ("website", "value"), "text"),
    ("address", ("address", "value"), "text"),
    ("postcode", ("postcode", "value"), "text"),
)
LOCATION_FIELDS: Fields = (
    ("service_provision", ("service_provision_id", "value"), "text"),
    ("name", ("location_name", "value"), "text"),
    ("postcode", ("location_postcode", "value"), "text"),
    ("country", ("location_country", "value"), "text"),
    ("lat", ("lat_lng", "lat", "value"), "number"),
    ("lng", ("lat_lng", "lng", "value"), "number"),
    ("area", ("adminstrative_geography_name", "value"), "text"),  # sic: the schema's spelling
    ("area_code_type", ("adminstrative_geography_code_type", "value"), "text"),
    ("area_code", ("adminstrative_geography_code", "value"), "text"),
    ("source_ids", ("source_ids",), "text"),
    ("notes", ("notes",), "text"),
)
SOURCE_FIELDS: Fields = (
    ("id", ("id",), "text"),
    ("name", ("name", "value"), "text"),
    ("type", ("type", "value"), "text"),
    ("publisher", ("publishing_organisation_ids", "value"), "text"),
    ("url", ("url", "value"), "text"),
    ("archive_url", ("archive_url", "value"), "text"),
    ("internal_url", ("internal_url", "value"), "text"),
    ("published", ("publication_date", "value"), "text"),
    ("accessed", ("accessed_date", "value"), "text"),
    ("notes", ("notes",), "text"),
)
METRIC_FIELDS: Fields = (
    ("id", ("id",), "text"),
    ("definition", ("definition", "value"), "text"),
    ("target_population", ("target_population", "value"), "text"),
    ("targeted", ("targeted_number_of_service_users_or_beneficiaries_total", "value"), "number"),
    ("target", ("outcome_metric_target", "value"), "text"),
    ("other_target", ("other_target_for_meeting_outcome_metric_target", "value"), "text"),
    ("validation_method", ("outcome_validation_method", "value"), "text"),
    ("data_source", ("data_source_for_outcome_validation", "value"), "text"),
    ("policy_sector", ("policy_sector", "value"), "text"),
    *SDG_FIELDS,
    ("source_ids", ("source_ids",), "text"),
    ("notes", ("notes",), "text"),
)
COST_FIELDS: Fields = (
    ("date", ("date", "value"), "date"),
    ("phase", ("phase", "value"), "text"),
    ("classification", ("classification", "value"), "text"),
    ("currency", ("payment", "currency", "value"), "text"),
    ("planned", ("payment", "planned", "value"), "number"),
    ("actual", ("payment", "actual", "value"), "number"),
    ("incurred_by", ("incurred_by", "value"), "text"),
    ("type", ("type", "value"), "text"),
    ("days", ("days", "value"), "number"),
    ("source_ids", ("source_ids",), "text"),
    ("notes", ("notes",), "text"),
)
COST_LISTS = {"provider": "provider_side_cost", "outcome_payer": "outcome_payer_cost"}
METRIC_UNIT_FIELDS: Fields = (
    ("unit_type", ("unit_type_of_targeted_service_users_or_beneficiaries", "value"), "text"),
    ("unit_description", ("unit_description_of_service_user_or_beneficiaries", "value"), "text"),
)
_ITEM_NOTES: Fields = (("source_ids", ("source_ids",), "text"), ("notes", ("notes",), "text"))
# The record's lists that name organisations: the role each gives, and the role's fields.
ROLE_SECTIONS: dict[str, tuple[str, Fields]] = {
    "outcome_payment_commitments": (
        "outcome_payer",
        (
            ("category", ("organisation_role_category", "value"), "text"),
            ("start", ("period", "start_date", "value"), "date"),
            ("end", ("period", "end_date", "value"), "date"),
            *_ITEM_NOTES,
        ),
    ),
    "investments": (
        "investor",
        (
            ("id", ("id",), "text"),
            ("category", ("organisation_role_category", "value"), "text"),
            *_ITEM_NOTES,
        ),
    ),
    "service_provisions": (
        "service_provider",
        (
            ("id", ("id",), "text"),
            ("category", ("organisation_role_category", "value"), "text"),
            ("description", ("intervention", "value"), "text"),
            ("start", ("planned_service", "start_date", "value"), "date"),
            ("end", ("planned_service", "end_date", "value"), "date"),
            ("actual_start", ("actual_service", "start_date", "value"), "date"),
            ("actual_end", ("actual_service", "end_date", "value"), "date"),
            *_ITEM_NOTES,
        ),
    ),
    "intermediary_services": (
        "intermediary",
        (
            ("category", ("organisation_role_category", "value"), "text"),
            ("description", ("other_role_description", "value"), "text"),
            *_ITEM_NOTES,
        ),
    ),
}
# The sections whose source ids and notes the deal keeps (deal.source_ids, deal.notes).
SECTIONS: tuple[str, ...] = get_args(Section)[1:]  # after "project", the record's own notes


def to_indigo(case: Case, result: Result | None = None) -> Record:
    """The case as an INDIGO project: `{"project": {"id": ..., "data": ...}}`, where `data`
    follows the standard's project schema. Without a result, only what the case file says;
    while figures are left to fill in (`deal.to_fill_in`), nothing of the evaluation."""
    deal = case.deal
    waiting = unfilled(case)
    sib = result.by_mode["sib"] if result is not None and not waiting else None
    info = case.case
    data: Record = {}
    if deal.id:
        data["id"] = deal.id  # as INDIGO's API gives a project
    data["name"] = _v(info.name)
    if deal.alternative_names:
        data["alternative_names"] = _v(deal.alternative_names)
    if deal.stage:
        data["stage_development"] = _section(deal, "stage_development", _v(deal.stage))
    if deal.social_investment_prototype:
        data["social_investment_prototype"] = _v(deal.social_investment_prototype)
    dates = _section(deal, "dates", _dates(case, sib))
    if dates:
        data["dates"] = dates
    if deal.jurisdiction:
        data["jurisdiction"] = _section(deal, "jurisdiction", {"jurisdiction": _v(deal.jurisdiction)})
    data["overall_project_finance"] = _section(deal, "overall_project_finance", _overall_finance(case, sib))
    purpose = _section(deal, "purpose_and_classifications", _purpose(case))
    if purpose:
        data["purpose_and_classifications"] = purpose
    data["service_and_beneficiaries"] = _section(deal, "service_and_beneficiaries", _beneficiaries(case))
    data["notes"] = _v(
        _joined(_section(deal, "project", {}).get("notes", ""), _project_notes(case, sib, len(waiting)))
    )
    if deal.organisations:
        data["organisations"] = [_put_fields({}, org, ORGANISATION_FIELDS) for org in deal.organisations]
    data["sources"] = [_put_fields({}, s, SOURCE_FIELDS) for s in deal.sources] or [
        {
            "id": "source1",
            "name": _v(f"sib-case business case: {info.name}"),
            "notes": f"Exported by sib-case {__version__}; figures are the business case's, not reported data.",
        }
    ]
    if deal.locations:
        data["delivery_locations"] = [_put_fields({}, place, LOCATION_FIELDS) for place in deal.locations]
    if deal.funds:
        data["outcome_funds"] = [{"id": fund} for fund in deal.funds]
    provisions = _service_provisions(case)
    if provisions:
        data["service_provisions"] = provisions
    commitments = _commitments(case, sib)
    if commitments:
        data["outcome_payment_commitments"] = commitments
    investments = _investments(case, sib)
    if investments:
        data["investments"] = investments
    intermediaries = [
        _put_fields(
            {"organisation_id": _v(org.id)} if org.id else {}, role, ROLE_SECTIONS["intermediary_services"][1]
        )
        for org, role in _roles(deal, "intermediary")
    ]
    if intermediaries:
        data["intermediary_services"] = intermediaries
    participants = sum(c.participants for c in case.cohorts)
    data["outcome_metrics"] = [_metric(case, i, o, participants) for i, o in enumerate(case.outcomes)]
    pricings = [_pricing(case, rule, sib) for rule in case.financing.payments]
    if pricings:
        data["outcome_pricings"] = pricings
    for side, listed in COST_LISTS.items():
        costs = [_put_fields({}, cost, COST_FIELDS) for cost in deal.costs if cost.side == side]
        if costs:
            data[listed] = costs
    if sib is not None:
        data["outcome_payment_plans"] = [_plan(case, sib)]
        data["outcome_payments"] = _planned_payments(case, sib)
    return {"project": {"id": project_id(case), "data": data}}


def project_id(case: Case) -> str:
    """The deal's id (INDIGO-POJ-0262) where it has one, else a local project id: "sib-case-"
    and the case's name in lower-case ASCII words."""
    if case.deal.id:
        return case.deal.id
    name = case.case.name.lower()
    for letter, spelt in (("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("ß", "ss")):
        name = name.replace(letter, spelt)
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")
    return f"sib-case-{slug or 'case'}"


def metric_ids(case: Case) -> list[str]:
    """Each outcome's metric id: its own (`id`), else "outcomemetricN" by its place, never
    one that another outcome has."""
    taken = {o.id for o in case.outcomes if o.id}
    ids = []
    for i, outcome in enumerate(case.outcomes):
        if outcome.id:
            ids.append(outcome.id)
            continue
        n = i + 1
        while f"outcomemetric{n}" in taken:
            n += 1
        taken.add(f"outcomemetric{n}")
        ids.append(f"outcomemetric{n}")
    return ids


def _recorded(deal: Deal) -> bool:
    """Whether the case's deal holds a record's facts (an import, or a deal written out):
    then the export states the deal's facts and derives no date, provider or unit of its own."""
    return bool(deal.id or deal.organisations or deal.sources or deal.metrics or deal.dates.model_fields_set)


# --- sections --------------------------------------------------------------------------


def _section(deal: Deal, name: str, body: Record) -> Record:
    """A section with the deal's source ids and notes for it; the record's notes come first,
    then the export's own (in `body["notes"]`)."""
    body = dict(body)
    cited = {str(k): v for k, v in deal.source_ids.items()}
    if name in cited:
        body["source_ids"] = cited[name]
    notes = _joined({str(k): v for k, v in deal.notes.items()}.get(name, ""), body.pop("notes", ""))
    if notes:
        body["notes"] = notes
    return body


def _joined(*notes: str) -> str:
    return " ".join(n for n in notes if n)


def _dates(case: Case, sib: ModeResult | None) -> Record:
    """The deal's dates where it has any (to the month, as the record gave them); for a
    business case without a deal, its calendar years."""
    deal = case.deal
    if _recorded(deal):
        return _put_fields({}, deal.dates, DATE_FIELDS)
    info = case.case
    last = info.start_year + info.horizon - 1
    paid = (
        [int(y) for y, p in zip(sib.years.year, sib.years.outcome_payments, strict=True) if p] if sib else []
    )
    if paid:
        completion = max(paid)
        why = "the last year with an outcome payment at the case's stated effect"
    else:
        completion = case.financing.settlement_year or last
        why = "the contract's settlement year (financing.settlement_year, by default the case's last year)"
    return {
        "start_date_of_service_provision": _v(str(_service_start(case))),
        "anticipated_end_date_of_service_provision": _v(str(_service_end(case))),
        "anticipated_completion_date": _v(str(completion)),
        "notes": (
            f"Calendar years only. The business case runs {info.start_year}-{last} (start_year and "
            "horizon). Service provision runs from the first intake to the last year of programme "
            f"cost; the anticipated completion date is {why}."
        ),
    }


def _purpose(case: Case) -> Record:
    deal = case.deal
    body: Record = {}
    if deal.social_challenge:
        body["social_challenge"] = _v(deal.social_challenge)
    description = case.case.description
    if description.strip():
        # a folded YAML description is one line; a block's line breaks are not the text's
        body["intervention"] = _v(" ".join(description.split()) if "\n" in description else description)
    if deal.policy_sector:
        body["policy_sector"] = _v(deal.policy_sector[0])  # the schema's one main sector
        if deal.policy_sector[1:]:
            body["notes"] = "Other policy sectors: " + "; ".join(deal.policy_sector[1:]) + "."
    return _put_fields(body, deal, SDG_FIELDS)


def _beneficiaries(case: Case) -> Record:
    deal = case.deal
    body: Record = {}
    if deal.target_population:
        body["target_population"] = _v(deal.target_population)
    if not is_unfilled(case, "cohorts", 0, "participants"):
        participants = sum(c.participants for c in case.cohorts)
        body["targeted_number_service_users_or_beneficiaries_total"] = _v(participants)
    unit = _unit(
        {o.per for o in case.outcomes},
        deal.unit_type,
        deal.unit_description,
        _recorded(deal),
    )
    if unit is not None:
        body["unit_type_targeted_service_users_or_beneficiaries"] = _v(unit[0])
        if unit[1]:
            body["unit_description_of_service_user_or_beneficiaries"] = _v(unit[1])
    if all(c.recruited is not None for c in case.cohorts):
        recruited = sum(c.recruited or 0 for c in case.cohorts)
        body["actual_number_service_users_or_beneficiaries_total"] = _v(recruited)
    if not _recorded(deal):
        body["notes"] = _cohorts_text(case)
    return body


def _unit(pers: set[str], unit_type: str, description: str, recorded: bool) -> tuple[str, str] | None:
    """INDIGO's unit of service users (Individual, or Other with what a unit is) for outcomes
    counted per these units: the deal's words where they fit the case (a unit other than a
    family or a household, such as bed days, is Other for a case per participant); else from
    the case, where it says more than the default; none for a deal that gives none."""
    per = next(iter(pers)) if len(pers) == 1 else "participant"
    if unit_type and _per_of(unit_type, description) == per:
        return unit_type, description
    if recorded and not unit_type and (per == "participant" or not description):
        return None
    if per == "participant":
        return "Individual", ""
    return "Other", per


def _per_of(unit_type: str, description: str) -> str:
    """What one participant is in the case (`per`) for an INDIGO unit of service users."""
    if unit_type != "Other":
        return "participant"
    if re.search(r"househ|husst", description, re.IGNORECASE):
        return "household"
    if re.search(r"famil", description, re.IGNORECASE):
        return "family"
    return "participant"


def _overall_finance(case: Case, sib: ModeResult | None) -> Record:
    currency = case.case.currency
    capital = _capital(sib)
    finance: Record = {}
    total, how = _commitment_total(case, sib)
    if total is not None:
        finance["total_investment_commitment"] = {
            "currency": _v(currency),
            "amount": {"exact": _v(_money(total))},
        }
    most = _most(case, capital, _drawn(sib))
    if most is not None:
        finance["maximum_potential_outcome_payment_v2"] = {
            "currency": _v(currency),
            "amount": _v(_money(most)),
        }
    loss = _loss(case, capital)
    if loss is not None:
        finance["maximum_potential_loss"] = _v(_percent(loss))
    if case.financing.cap.annual_return is not None:
        finance["maximum_potential_return_type"] = _v("IRR")
        finance["maximum_potential_return"] = _v(_percent(case.financing.cap.annual_return))
    finance["notes"] = _finance_notes(case, sib, how)
    return finance


def _most(case: Case, capital: float | None, drawn: np.ndarray | None) -> float | None:
    """The most the contract can pay (payments.maximum_outcome_payments), unless its payment
    rules or caps are left to fill in."""
    if is_unfilled(case, "financing", "payments") or is_unfilled(case, "financing", "cap"):
        return None
    return maximum_outcome_payments(case, capital, drawn)


def _loss(case: Case, capital: float | None) -> float | None:
    """The investor's maximum loss, unless capital protection or the guarantee is left to fill in."""
    if is_unfilled(case, "financing", "capital_protection") or is_unfilled(case, "financing", "guarantee"):
        return None
    return maximum_loss(case, capital)


def _commitment_total(case: Case, sib: ModeResult | None) -> tuple[float | None, str]:
    """The investors' commitment in all, and where it comes from: the case's investors, the
    deal's stated total, or (for a case without either) the capital drawn in the business case."""
    investors = case.financing.investors
    if investors and not is_unfilled(case, "financing", "investors"):
        return sum(i.amount for i in investors), "investors"
    if case.deal.investment_commitment is not None:
        return case.deal.investment_commitment, "deal"
    capital = _capital(sib)
    if not investors and capital is not None:
        return capital, "capital"
    return None, ""


def _service_provisions(case: Case) -> list[Record]:
    roles = _roles(case.deal, "service_provider")
    fields = ROLE_SECTIONS["service_provisions"][1]
    if roles:
        return [
            _put_fields({"organisation_id": _v(org.id)} if org.id else {}, role, fields)
            for org, role in roles
        ]
    if _recorded(case.deal):
        return []
    return [
        {
            "id": "serviceprovider1",
            "planned_service": {
                "start_date": _v(str(_service_start(case))),
                "end_date": _v(str(_service_end(case))),
            },
            "notes": (
                "The service provider is not named in the case. "
                + _cohorts_text(case)
                + " Programme cost: "
                + _programme_cost_text(case)
            ),
        }
    ]


def _roles(deal: Deal, kind: str) -> list[tuple[Organisation, Role]]:
    return [(org, role) for org in deal.organisations for role in org.roles if role.role == kind]


def _label(org: Organisation) -> str:
    """How the case names an organisation: its name, else its id."""
    return org.name or org.id


def _commitments(case: Case, sib: ModeResult | None) -> list[Record]:
    """One outcome payment commitment for each outcome payer: the deal's (with their INDIGO
    organisation ids and categories), the commissioner and the co-payers of the case."""
    fin = case.financing
    currency = case.case.currency
    commissioner = case.case.municipality.strip()
    most = _commissioner_most(case, sib)
    out: list[Record] = []
    named_commissioner = False
    named_payers: set[int] = set()
    fields = ROLE_SECTIONS["outcome_payment_commitments"][1]
    for org, role in _roles(case.deal, "outcome_payer"):
        commitment: Record = {"organisation_id": _v(org.id)} if org.id else {}
        amount: float | None = None
        label = _label(org)
        if not named_commissioner and label and label == commissioner:
            named_commissioner = True
            amount = most
        else:
            j = next((j for j, p in enumerate(fin.payers) if p.name == label and j not in named_payers), None)
            if j is not None:
                named_payers.add(j)
                amount = fin.payers[j].max
        _put_fields(commitment, role, fields[:1])
        if amount is not None:
            commitment["maximum_potential_outcome_payment"] = {
                "currency": _v(currency),
                "amount": _v(_money(amount)),
            }
        out.append(_put_fields(commitment, role, fields[1:]))
    if not named_commissioner and (commissioner or not _recorded(case.deal)):
        out.insert(0, _commissioner_commitment(case, sib, most))
    for j, payer in enumerate(fin.payers):
        if j not in named_payers:
            out.append(_payer_commitment(case, payer))
    return out


def _commissioner_most(case: Case, sib: ModeResult | None) -> float | None:
    """The most the commissioner can pay: the contract's bound, less what the co-payers pay of
    it (each its share, at most its maximum); unknown where a share is left to fill in, or
    where capital protection, which the commissioner alone tops up, may lift the payments."""
    fin = case.financing
    most = _most(case, _capital(sib), _drawn(sib))
    if most is None or not fin.payers:
        return most
    if fin.capital_protection > 0 or is_unfilled(case, "financing", "payers"):
        return None
    return most - sum(min(p.share * most, p.max if p.max is not None else math.inf) for p in fin.payers)


def _commissioner_commitment(case: Case, sib: ModeResult | None, most: float | None) -> Record:
    currency = case.case.currency
    commissioner = case.case.municipality.strip()
    payer = (
        f"the commissioner, {commissioner}" if commissioner else "the commissioner (not named in the case)"
    )
    notes = [
        f"Outcome payer: {payer}; it has no INDIGO organisation id in the case, so organisation_id is left out."
    ]
    if sib is not None:
        total = sib.metrics.total_outcome_payments
        notes.append(
            f"Expected outcome payments at the case's stated effect: {_amount(total, currency)} in all "
            "(sib-case total_outcome_payments), by year under outcome_payments (type Planned)."
        )
    if case.financing.mode == "self":
        notes.append(_SELF_FINANCED)
    caps = _caps_text(case.financing.cap, currency)
    if caps:
        notes.append(f"Cap on all outcome payments together: {caps}.")
    if case.financing.payers:
        notes.append("The co-payers of the case pay their shares (their own commitments follow).")
    commitment: Record = {"organisation_role_category": _v(PUBLIC_SECTOR)}
    if most is not None:
        commitment["maximum_potential_outcome_payment"] = {
            "currency": _v(currency),
            "amount": _v(_money(most)),
        }
    commitment["notes"] = " ".join(notes)
    return commitment


def _payer_commitment(case: Case, payer: CoPayer) -> Record:
    commitment: Record = {}
    if payer.payer in ("region", "state"):
        commitment["organisation_role_category"] = _v(PUBLIC_SECTOR)
    if payer.max is not None:
        commitment["maximum_potential_outcome_payment"] = {
            "currency": _v(case.case.currency),
            "amount": _v(_money(payer.max)),
        }
    share = "" if is_unfilled(case, "financing", "payers") else f" {_percent(payer.share)} of each payment,"
    commitment["notes"] = (
        f"Co-payer named in the case: {payer.name} ({payer.payer});{share} no INDIGO organisation id."
    )
    return commitment


def _investments(case: Case, sib: ModeResult | None) -> list[Record]:
    """One investment for each of the deal's investors (with its INDIGO id, organisation and
    category) and each further investor of the case, with its commitment where the case
    states it; for a case with neither, the SIB's capital as one investment."""
    fin = case.financing
    currency = case.case.currency
    roles = _roles(case.deal, "investor")
    if not roles and not fin.investors:
        return [] if _recorded(case.deal) else [_capital_investment(case, sib)]
    known = not is_unfilled(case, "financing", "investors")
    labels = _investor_names([(_label(org), role.id) for org, role in roles])
    used: set[int] = set()
    taken = {role.id for _, role in roles if role.id}
    # one investment bears all of the loss; between several, the shares depend on their terms
    single = len(roles) + len([i for i in fin.investors if i.name not in labels]) == 1
    out: list[Record] = []
    fields = ROLE_SECTIONS["investments"][1]

    def commitment(amount: float) -> Record:
        return {"currency": _v(currency), "amount": {"exact": _v(_money(amount))}}

    for (org, role), label in zip(roles, labels, strict=True):
        investment: Record = {"id": role.id} if role.id else {}
        if org.id:
            investment["organisation_id"] = _v(org.id)
        _put_fields(investment, role, fields[1:2])
        j = next((j for j, i in enumerate(fin.investors) if j not in used and i.name == label), None)
        if j is not None:
            used.add(j)
            if known:
                investment["investment_commitment"] = commitment(fin.investors[j].amount)
        out.append(_put_fields(_with_return(case, investment, single, _capital(sib)), role, fields[2:]))
    n = 0
    for j, investor in enumerate(fin.investors):
        if j in used:
            continue
        n += 1
        while f"investment{n}" in taken:
            n += 1
        taken.add(f"investment{n}")
        investment = {"id": f"investment{n}", "investment_commitment": commitment(investor.amount)}
        investment["notes"] = f"Investor named in the case: {investor.name}; no INDIGO organisation id."
        out.append(_with_return(case, investment, single, _capital(sib)))
    return out


def _with_return(case: Case, investment: Record, single: bool, capital: float | None = None) -> Record:
    """An investment with the most it can lose (for the only investment: between several, it
    depends on their priorities) and the case's return cap."""
    if single:
        loss = _loss(case, capital)
        if loss is not None:
            investment["maximum_potential_loss"] = _v(_percent(loss))
    if case.financing.cap.annual_return is not None:
        investment["maximum_potential_return_type"] = _v("IRR")
        investment["maximum_potential_return"] = _v(_round(case.financing.cap.annual_return * 100))
    return investment


def _capital_investment(case: Case, sib: ModeResult | None) -> Record:
    fin = case.financing
    currency = case.case.currency
    capital = _capital(sib)
    investment: Record = {"id": "investment1"}
    if capital is not None:
        investment["investment_commitment"] = {
            "currency": _v(currency),
            "amount": {"exact": _v(_money(capital))},
        }
    _with_return(case, investment, single=True, capital=capital)
    notes = ["The investor is not named in the case, nor the kind of investment (debt or equity)."]
    timing = "as the programme cost falls due" if fin.capital == "as_needed" else "all in the start year"
    if capital is not None:
        notes.append(
            f"Capital drawn in the business case: {_amount(capital, currency)}, paid {timing} "
            "(programme cost and any transaction costs the investor pays)."
        )
    if fin.cap.annual_return is not None:
        notes.append(
            "Maximum potential return: payments stop where the investor's IRR would pass "
            f"{_percent(fin.cap.annual_return)} a year (given in per cent)."
        )
    if sib is not None and sib.metrics.investor_irr is not None:
        notes.append(f"Investor IRR at the case's stated effect: {_percent(sib.metrics.investor_irr)}.")
    notes.append(_protection_text(case))
    if fin.mode == "self":
        notes.append(_SELF_FINANCED)
    investment["notes"] = " ".join(notes)
    return investment


def _metric(case: Case, index: int, outcome: Outcome, participants: int) -> Record:
    """An outcome metric: the deal's facts of it (the contract's words) where the deal has
    them, else what the case says of the outcome."""
    mid = metric_ids(case)[index]
    facts = case.deal.metric(outcome.id)
    metric: Record = {"id": mid}
    if facts is not None:
        _put_fields(metric, facts, METRIC_FIELDS[1:4])
        unit = _unit({outcome.per}, facts.unit_type, facts.unit_description, recorded=True)
        _put_unit(metric, unit)
        return _put_fields(metric, facts, METRIC_FIELDS[4:])
    if not is_unfilled(case, "outcomes", index):
        metric["definition"] = _v(_definition(outcome))
    if not is_unfilled(case, "cohorts", 0, "participants"):
        metric["targeted_number_of_service_users_or_beneficiaries_total"] = _v(participants)
    _put_unit(metric, _unit({outcome.per}, "", "", recorded=False))
    if outcome.target:
        metric["outcome_metric_target"] = _v(
            f"A target improvement of {outcome.target:g} {outcome.unit} per participant in a year of "
            "full effect, after attribution and optimism bias (the contract's target; payment "
            "thresholds and tiers are shares of it)."
        )
    if not is_unfilled(case, "outcomes", index):
        profile = ", ".join(_percent(s) for s in outcome.profile)
        metric["notes"] = f"Share of the full effect by years since intake: {profile}."
    return metric


def _put_unit(metric: Record, unit: tuple[str, str] | None) -> None:
    if unit is not None:
        metric["unit_type_of_targeted_service_users_or_beneficiaries"] = _v(unit[0])
        if unit[1]:
            metric["unit_description_of_service_user_or_beneficiaries"] = _v(unit[1])


def _pricing(case: Case, rule: PaymentRule, sib: ModeResult | None) -> Record:
    currency = case.case.currency
    pricing: Record = {}
    metric = _rule_metric(case, rule)
    if metric is not None:
        pricing["outcome_metric_id"] = _v(metric)
    pricing["currency"] = _v(currency)
    if isinstance(rule, RateCard):
        pricing["price_per_unit"] = {"amount": _v(_money(rule.price))}
    most = rule_bound(case, rule, _capital(sib), _drawn(sib))
    if most is not None:
        # the most the rule can pay: its cap, a fixed schedule in full, the highest lump sum
        pricing["maximum_price_if_all_targets_achieved"] = {"amount": _v(_number(most))}
    pricing["price_description"] = _v(_rule_text(case, rule))
    return pricing


def _plan(case: Case, sib: ModeResult) -> Record:
    info = case.case
    last = info.start_year + info.horizon - 1
    notes = (
        "Outcome payments the business case plans at its stated effect, in constant "
        f"{info.price_year or info.start_year} prices."
    )
    if case.financing.mode == "self":
        notes += " " + _SELF_FINANCED
    return {
        "id": _v(PLAN_ID),
        "period": {"start_date": _v(str(info.start_year)), "end_date": _v(str(last))},
        "notes": notes,
    }


def _planned_payments(case: Case, sib: ModeResult) -> list[Record]:
    payments = []
    for calendar_year, paid in zip(sib.years.year, sib.years.outcome_payments, strict=True):
        amount = float(paid)
        if amount == 0:
            continue
        year = str(calendar_year)
        payments.append(
            {
                "outcome_payment_plan_id": _v(PLAN_ID),
                "period": {"start_date": _v(year), "end_date": _v(year)},
                "type": _v("Planned"),
                "money": {"currency": _v(case.case.currency), "amount": _v(_money(amount))},
            }
        )
    return payments


def _put_fields(target: Record, facts: Any, fields: Fields) -> Record:
    """`target` with each of the facts' fields that holds something at its place in a record."""
    for name, path, kind in fields:
        value = getattr(facts, name)
        if value is None or value == "":
            continue
        if kind == "number" and float(value).is_integer():
            value = int(value)  # 36 months, 450 people: whole numbers as the record writes them
        here = target
        for key in path[:-1]:
            here = here.setdefault(key, {})
        here[path[-1]] = value
    return target


# --- figures -----------------------------------------------------------------------------


def _drawn(sib: ModeResult | None) -> np.ndarray | None:
    """The capital drawn by year."""
    return None if sib is None else sib.years.investor_capital


def _capital(sib: ModeResult | None) -> float | None:
    if sib is None:
        return None
    capital = sib.metrics.total_investor_capital
    return float(capital) if capital is not None else None


# --- text --------------------------------------------------------------------------------

_SELF_FINANCED = (
    "The case itself is self-financed (financing.mode: self); the figures are those of the SIB "
    "that sib-case evaluates beside it."
)


def _project_notes(case: Case, sib: ModeResult | None, waiting: int) -> str:
    info = case.case
    deal = case.deal
    if deal.id:
        notes = (
            f"A business case made with sib-case from this project's record ({deal.id}): the "
            "record's facts as the case keeps them, and the case's own terms and figures."
        )
    else:
        notes = (
            "A business case made with sib-case, not a record of the INDIGO dataset: the project id is "
            "local (not an INDIGO-POJ identifier)."
        )
    if not deal.stage:
        notes += (
            " Stage of development is left out: the standard's codelist (Contracted, Implementation, "
            "Service delivery complete, Complete) has no design stage, which the standard records in "
            "its Pipeline model."
        )
    notes += (
        f" Amounts are in {info.currency}, constant {info.price_year or info.start_year} prices; "
        "no USD amounts are given."
    )
    if info.municipality.strip():
        notes += f" Commissioner: {info.municipality.strip()}."
    if case.financing.mode == "self":
        notes += " " + _SELF_FINANCED
    if waiting:
        notes += (
            f" {waiting} figure{'s are' if waiting != 1 else ' is'} left to fill in (deal.to_fill_in): "
            "they and every figure of the evaluation are left out."
        )
    elif sib is None:
        notes += " Exported without a result: amounts that need the evaluation are left out."
    return notes


def _finance_notes(case: Case, sib: ModeResult | None, how: str) -> str:
    """How the export got the finance figures; for a deal from a record, only what it derived."""
    currency = case.case.currency
    notes = []
    recorded = _recorded(case.deal)
    if how == "capital" and sib is not None:
        notes.append(
            "Total investment commitment: the investor's capital drawn in the business case "
            f"(sib-case total_investor_capital). Expected outcome payments: "
            f"{_amount(sib.metrics.total_outcome_payments, currency)}."
        )
    elif how == "investors" and not recorded:
        notes.append(
            "Total investment commitment: the investors' commitments in the case (financing.investors)."
        )
    if recorded:
        pass  # the record's own terms, given back as they are
    elif _most(case, _capital(sib), _drawn(sib)) is None:
        notes.append("No cap or closed schedule bounds the outcome payments, so no maximum is given.")
    else:
        notes.append("Maximum potential outcome payment: the smallest bound set by the caps and schedules.")
    caps = _caps_text(case.financing.cap, currency)
    if caps and not recorded:
        notes.append(f"Cap on all outcome payments together: {caps}.")
    if not is_unfilled(case, "financing", "capital_protection"):
        notes.append(_protection_text(case))
    if case.financing.mode == "self":
        notes.append(_SELF_FINANCED)
    return " ".join(notes)


def _protection_text(case: Case) -> str:
    fin = case.financing
    currency = case.case.currency
    if fin.capital_protection > 0:
        text = (
            f"Capital protection: the commissioner repays {_percent(fin.capital_protection)} of the "
            "capital whatever happens."
        )
    else:
        text = "No capital protection."
    if fin.guarantee is None:
        return text + " No guarantee."
    g = fin.guarantee
    who = g.guarantor.strip() or "a third party (not named)"
    most = f", at most {_amount(g.max, currency)}" if g.max is not None else ""
    return (
        text + f" Guarantee: {who} covers {_percent(g.share)} of the investor's remaining loss{most}, "
        "in the settlement year. Maximum potential loss: the share of capital lost if the programme "
        "has no effect."
    )


def _cohorts_text(case: Case) -> str:
    parts = []
    for c in case.cohorts:
        name = f" ({c.name})" if c.name else ""
        parts.append(f"{c.participants} participants in {c.year}{name}")
    total = sum(c.participants for c in case.cohorts)
    cohorts = f"{len(case.cohorts)} cohort{'s' if len(case.cohorts) != 1 else ''}"
    return f"{cohorts}, {total} participants in all: " + "; ".join(parts) + "."


def _programme_cost_text(case: Case) -> str:
    cost = case.programme_cost
    currency = case.case.currency
    spread = ", ".join(_percent(s) for s in cost.spread)
    text = f"{_amount(point(cost.per_participant), currency)} per participant, spread {spread} by years since intake"
    if cost.fixed:
        fixed = ", ".join(f"{_amount(a, currency)} in {y}" for y, a in sorted(cost.fixed.items()))
        text += f"; fixed costs {fixed}"
    return text + "."


def _definition(outcome: Outcome) -> str:
    if outcome.effect is not None:
        level = f"a gross effect of {_g(outcome.effect)} per participant"
        if outcome.deadweight is not None:
            level += f", of which {_g(outcome.deadweight)} would have happened anyway"
    else:
        level = (
            f"{_g(outcome.baseline)} without the programme and {_g(outcome.with_programme)} with it "
            f"({outcome.better} is better)"
        )
    text = f"{outcome.name}, counted in {outcome.unit}: the share of participants in this state in a year; {level}"
    if point(outcome.attribution) != 1:
        text += f"; {_percent(point(outcome.attribution))} of the change is credited to the programme"
    if point(outcome.optimism_bias) > 0:
        text += f"; less {_percent(point(outcome.optimism_bias))} for optimism bias"
    uncertain = [outcome.baseline, outcome.with_programme, outcome.effect, outcome.deadweight]
    if any(isinstance(v, Dist) for v in [*uncertain, outcome.attribution, outcome.optimism_bias]):
        text += " (central values of the case's distributions)"
    return text + "."


def _rule_text(case: Case, rule: PaymentRule) -> str:
    currency = case.case.currency
    if isinstance(rule, RateCard):
        text = (
            f"Rate card: {_amount(rule.price, currency)} {_per_unit(case, rule.outcome)}, {_lag(rule.lag)}."
        )
    elif isinstance(rule, SavingsShare):
        which = ", ".join(f"'{o}'" for o in rule.outcomes) if rule.outcomes else "all outcomes"
        whose = (
            "the commissioner's measured cashable savings"
            if rule.of == ["municipality"]
            else "the measured savings of " + " and ".join(rule.of)
        )
        text = f"Savings share: {_percent(rule.share)} of {whose} from {which}"
        if rule.then_share is not None:
            plus = (
                f"{_percent(rule.hurdle)}"
                if rule.hurdle is not None
                else f"interest of {_percent(rule.hurdle_rate or 0.0)} a year"
            )
            text += (
                f", then {_percent(rule.then_share)} once the investor has received its capital plus {plus}"
            )
        text += f", {_lag(rule.lag)}."
    elif isinstance(rule, FixedSchedule):
        amounts = ", ".join(f"{_amount(a, currency)} in {y}" for y, a in sorted(rule.amounts.items()))
        text = f"Fixed schedule: {amounts}."
    elif isinstance(rule, ReturnBands):
        bands = "; ".join(
            f"from {_threshold(case, rule.outcome, rule.by, b.at_least)}: {_percent(b.rate)} a year"
            for b in rule.bands
        )
        text = (
            f"Return bands by the pooled {_scale_words(rule.by)} in '{rule.outcome}': interest on the capital "
            f"outstanding at the rate of the highest band reached ({bands}), and {_percent(rule.principal)} of "
            f"the capital at redemption ({_percent(rule.principal_below)} if no band is reached)."
        )
        if rule.minimum_rate is not None:
            text += f" At least {_percent(rule.minimum_rate)} a year in the first {rule.minimum_years} years."
    else:
        steps = []
        for tier in rule.tiers:
            pay = (
                f"{_amount(tier.amount, currency)}"
                if tier.amount is not None
                else f"{_amount(tier.price or 0.0, currency)} {_per_unit(case, rule.outcome)}"
            )
            threshold = _threshold(case, rule.outcome, rule.by, tier.at_least)
            steps.append(f"{'at least' if rule.by == 'share_of_target' else 'from'} {threshold}: {pay}")
        judged = "the cohorts together" if rule.judged == "pooled" else "each cohort on its own"
        paid = f"a lump sum paid in {rule.year}" if rule.lump_sums else _lag(rule.lag)
        text = (
            f"Tiers by the {_scale_words(rule.by)} in '{rule.outcome}', judged on {judged} "
            f"({paid}; the highest tier reached applies): " + "; ".join(steps) + "."
        )
    if rule.success:
        text += " Due only if " + " or ".join(_condition_text(case, rule, c) for c in rule.success) + "."
    caps = _caps_text(rule.cap, currency)
    if caps:
        text += f" Cap: {caps}."
    return f"{rule.name}: {text}" if rule.name else text


def _condition_text(case: Case, rule: PaymentRule, condition: Condition) -> str:
    outcome = judged_outcome(rule, condition) or ""
    who = "the cohorts together reach" if condition.judged == "pooled" else "a cohort on its own reaches"
    return f"{who} {_threshold(case, outcome, condition.scale, condition.needed)} of '{outcome}'"


def _scale_words(scale: str) -> str:
    return {"share_of_target": "improvement", "change": "change", "level": "level"}[scale] + (
        " as a share of its target"
        if scale == "share_of_target"
        else " against the baseline"
        if scale == "change"
        else ""
    )


def _threshold(case: Case, name: str, scale: str, value: float) -> str:
    """A threshold in words: a share of the target, a change against the baseline, a level."""
    outcome = case.outcomes[case.outcome_index(name)]
    if scale == "share_of_target":
        return f"{_percent(value)} of the target"
    if scale == "change":
        way = "a reduction" if outcome.better == "lower" else "an improvement"
        return f"{way} of {_percent(value)} against the baseline"
    most = "at most" if outcome.better == "lower" else "at least"
    return f"a level of {most} {value:g}"


def _caps_text(cap: Caps, currency: str) -> str:
    parts = []
    if cap.total is not None:
        parts.append(f"at most {_amount(cap.total, currency)} in all")
    if cap.multiple is not None:
        parts.append(f"at most {cap.multiple:g} times the capital drawn")
    if cap.annual_return is not None:
        parts.append(f"no payment beyond an investor IRR of {_percent(cap.annual_return)} a year")
    if cap.per_year is not None:
        parts.append(f"at most {_amount(cap.per_year, currency)} a year")
    return "; ".join(parts)


def _rule_metric(case: Case, rule: PaymentRule) -> str | None:
    """The outcome metric a rule prices, where it prices exactly one."""
    names: set[str] = set()
    if isinstance(rule, RateCard | Tiers):
        names.add(rule.outcome)
    elif isinstance(rule, SavingsShare):
        names.update(rule.outcomes or [o.name for o in case.outcomes])
    else:
        names.update(c.outcome for c in rule.success if c.outcome is not None)
    if len(names) != 1:
        return None
    return metric_ids(case)[case.outcome_index(names.pop())]


def _per_unit(case: Case, name: str) -> str:
    """What a price is paid for: a unit of improvement in the outcome against no programme."""
    outcome = case.outcomes[case.outcome_index(name)]
    each = f"each {outcome.unit} avoided" if outcome.better == "lower" else f"each additional {outcome.unit}"
    return f"per unit of improvement in '{name}' ({each})"


def _lag(years: int) -> str:
    if years == 0:
        return "paid in the year of the outcome"
    return f"paid {years} year{'s' if years != 1 else ''} after the outcome"


# --- values ------------------------------------------------------------------------------


def _v(value: Any) -> Record:
    """INDIGO's field form: an object with a value."""
    return {"value": value}


def _service_start(case: Case) -> int:
    return min(c.year for c in case.cohorts)


def _service_end(case: Case) -> int:
    """The last year of programme cost for a participant (intake plus the spread)."""
    last = case.case.start_year + case.case.horizon - 1
    spread = case.programme_cost.spread
    used = max((i for i, share in enumerate(spread) if share > 0), default=0)
    return min(max(c.year for c in case.cohorts) + used, last)


def _money(amount: float) -> int | float:
    """An amount as a plain number: whole units as an integer, else to the cent."""
    rounded = round(float(amount), 2)
    return int(rounded) if rounded == int(rounded) else rounded


def _number(amount: float) -> str:
    """A number as text (for the schema's text amounts): digits only, no separators."""
    return str(_money(amount))


def _amount(amount: float | None, currency: str) -> str:
    value = _money(amount or 0.0)
    text = f"{value:,}" if isinstance(value, int) else f"{value:,.2f}"
    return f"{text} {currency}"


def _round(value: float) -> float:
    return round(value, 10)


def _percent(share: float) -> str:
    text = f"{share * 100:.1f}".rstrip("0").rstrip(".")
    return f"{text}%"


def _g(value: float | Dist | None) -> str:
    return f"{point(value):g}"


# --- the import: a case skeleton from a record ----------------------------------------------


class IndigoError(SibCaseError):
    """A file that is not an INDIGO project record, or a record that makes no case file."""


MAX_RECORD_BYTES = 5_000_000  # a project record is some tens of kilobytes
Loc = tuple[str | int, ...]


def read_record(path: Path) -> Record:
    """An INDIGO project record from a JSON file (as the INDIGO API or data download gives
    it); a file that is not one is refused with what was expected."""
    name = str(path)

    def fail(label: str, line: int | None = None, **values: Any) -> IndigoError:
        where = f"{name}:{line}" if line is not None else name
        return IndigoError(f"{where}: {say(label, **values)}")

    try:
        mode = path.stat().st_mode  # before opening: opening a FIFO would wait for a writer
    except FileNotFoundError:
        raise fail("indigo.no_file") from None
    except OSError as err:
        raise fail("indigo.cannot_read", why=err.strerror or err) from None
    if stat.S_ISDIR(mode):
        raise fail("indigo.folder")
    if not stat.S_ISREG(mode):
        raise fail("indigo.not_regular")
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_RECORD_BYTES + 1)
    except OSError as err:
        raise fail("indigo.cannot_read", why=err.strerror or err) from None
    if len(raw) > MAX_RECORD_BYTES:
        raise fail("indigo.too_big", mb=MAX_RECORD_BYTES // 1_000_000)
    if b"\0" in raw:
        raise fail("indigo.binary")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise fail("indigo.not_utf8", raw[: err.start].count(b"\n") + 1) from None
    if not text.strip():
        raise fail("indigo.empty")
    try:
        record = json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constant)
    except json.JSONDecodeError as err:
        raise fail("indigo.not_json", err.lineno, problem=err.msg, column=err.colno) from None
    except _DuplicateKey as err:
        raise fail("indigo.duplicate_key", key=err.args[0]) from None
    except ValueError:  # NaN or Infinity: not JSON numbers
        raise fail("indigo.not_json", problem=say("indigo.no_nan"), column=1) from None
    except RecursionError:
        raise fail("indigo.too_deep") from None
    _parts(record, name)
    return record


class _DuplicateKey(Exception):
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def _no_constant(name: str) -> Any:
    raise ValueError(name)


def _parts(record: Any, source: str) -> tuple[str, Record, str]:
    """The project's id, its data and where the data stands in the record: a record as
    INDIGO's API gives it ({"project": {"id": ..., "data": {...}}}) or the data alone."""
    reader = _Reader(source)
    if isinstance(record, dict) and "project" in record:
        project = record["project"]
        if not isinstance(project, dict):
            raise reader.fail("project", "indigo.an_object", project)
        data = project.get("data")
        if not isinstance(data, dict):
            raise reader.fail("project.data", "indigo.an_object", data)
        given = project.get("id")
        if given is not None and not isinstance(given, str):
            raise reader.fail("project.id", "indigo.a_text", given)
        inner = reader.value(data, ("id",), "text", "project.data")
        return given or inner or "", data, "project.data"
    if isinstance(record, dict) and isinstance(record.get("name"), dict):
        return reader.value(record, ("id",), "text", "") or "", record, ""
    raise IndigoError(f"{source}: {say('indigo.not_record')}")


@dataclass(frozen=True)
class _Reader:
    """Reads a record's values, each checked for its kind: a value of another kind is refused
    with its place in the record."""

    source: str

    def fail(self, where: str, expected: str, got: Any) -> IndigoError:
        what = say("indigo.expected", where=where or "(record)", expected=say(expected), got=_json_kind(got))
        return IndigoError(f"{self.source}: {what}")

    def value(self, node: Record, path: tuple[str, ...], kind: str, where: str) -> Any:
        """The value at `path` (None where the record has none), of `kind`: text, a number
        (a JSON number, or text of one) or a date (YYYY, YYYY-MM or YYYY-MM-DD)."""
        here: Any = node
        for i, key in enumerate(path):
            if here is None:
                return None
            if not isinstance(here, dict):
                raise self.fail(_at(where, path[:i]), "indigo.an_object", here)
            here = here.get(key)
        if here is None or here == "":
            return None
        at = _at(where, path)
        if kind == "number":
            number = _as_number(here)
            if number is None:
                raise self.fail(at, "indigo.a_number", here)
            return number
        if kind == "date":
            text = str(here) if isinstance(here, int) and not isinstance(here, bool) else here
            if not isinstance(text, str) or not is_month(text):
                raise self.fail(at, "indigo.a_date", here)
            return text
        if not isinstance(here, str):
            raise self.fail(at, "indigo.a_text", here)
        return here

    def fields(self, node: Record, fields: Fields, where: str, prefix: tuple[str, ...] = ()) -> Record:
        """The deal's fields found at their places (under `prefix`) in `node`."""
        found = {}
        for name, path, kind in fields:
            value = self.value(node, (*prefix, *path), kind, where)
            if value is not None:
                found[name] = value
        return found

    def items(self, node: Record, key: str, where: str) -> list[tuple[str, Record]]:
        """The objects of one of the record's lists, each with its place."""
        here = node.get(key)
        if here is None:
            return []
        if not isinstance(here, list):
            raise self.fail(_at(where, (key,)), "indigo.a_list", here)
        out = []
        for i, item in enumerate(here):
            at = f"{_at(where, (key,))}[{i}]"
            if not isinstance(item, dict):
                raise self.fail(at, "indigo.an_object", item)
            out.append((at, item))
        return out


def _at(where: str, path: tuple[str, ...]) -> str:
    return ".".join([where, *path] if where else path)


def _as_number(value: Any) -> float | int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, str):
        try:
            number = float(value.replace(",", "").strip())
        except ValueError:
            return None
        if not math.isfinite(number):
            return None
        return int(number) if number.is_integer() and abs(number) < 1e15 else number
    return None


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return say("indigo.got_bool")
    if isinstance(value, dict):
        return say("indigo.got_object")
    if isinstance(value, list):
        return say("indigo.got_list")
    if value is None:
        return say("indigo.got_null")
    if isinstance(value, int | float):
        return say("indigo.got_number", value=value)
    text = str(value)
    return repr(text if len(text) <= 60 else text[:57] + "...")


def case_from_indigo(record: Record, source: str = "") -> str:
    """A case file (YAML text) from an INDIGO project record: the record's facts in their
    places, a placeholder for every figure it lacks (listed in deal.to_fill_in), and a
    comment on each placeholder. The file loads; `validate` names what is left to fill in."""
    name = source or "<record>"
    project, data, root = _parts(record, name)
    skeleton = _Skeleton(_Reader(name), data, root, project)
    case = skeleton.build()
    text = _yaml_text(case, skeleton.comments, skeleton.banner())
    _check(text, name)
    return text


@dataclass
class _Skeleton:
    """A case skeleton being made from one record's data."""

    reader: _Reader
    data: Record
    root: str
    project: str
    comments: dict[Loc, list[str]] = field(default_factory=dict)
    to_fill: list[Record] = field(default_factory=list)
    currency: str = "DKK"
    # each role's organisation and role, in the order of the record's lists
    in_order: dict[str, list[tuple[Record, Record]]] = field(default_factory=dict)

    def banner(self) -> str:
        project = self.project if re.fullmatch(r"[A-Za-z0-9._-]{1,100}", self.project) else ""
        return say("indigo.banner", id=project or say("indigo.this_record"))

    def fill(self, loc: Loc, placeholder: float | str | None, what: str, comment: str = "") -> None:
        """A placeholder at `loc`: listed in deal.to_fill_in, with a comment where it stands."""
        self.to_fill.append({"path": _path_text(loc), "placeholder": placeholder, "what": what})
        self.note(loc, comment or say("indigo.placeholder"))

    def note(self, loc: Loc, comment: str) -> None:
        self.comments.setdefault(loc, []).append(comment)

    def build(self) -> Record:
        deal = self._deal()
        self.currency = self._currency()
        info = self._info(deal)
        cohorts = self._cohorts(info["start_year"], deal)
        participants = cohorts[0]["participants"]
        outcomes = self._outcomes(deal)
        financing = self._financing(deal, outcomes, participants)
        programme_cost = self._programme_cost(deal, participants)
        deal["to_fill_in"] = self.to_fill
        self.note(("deal",), say("indigo.comment.deal"))
        self.note(("deal", "to_fill_in"), say("indigo.comment.to_fill_in"))
        return {
            "case": info,
            "cohorts": cohorts,
            "programme_cost": programme_cost,
            "outcomes": outcomes,
            "financing": financing,
            "deal": deal,
        }

    # -- the deal's facts

    def _deal(self) -> Record:
        r, data, root = self.reader, self.data, self.root
        deal: Record = {}
        if self.project:
            deal["id"] = self.project
        project_facts = r.fields(data, PROJECT_FIELDS, root)
        deal.update(
            {k: v for k, v in project_facts.items() if k in ("alternative_names", "stage", "jurisdiction")}
        )
        dates = r.fields(data, DATE_FIELDS, root, ("dates",))
        if dates:
            deal["dates"] = dates
        sector = r.value(data, ("purpose_and_classifications", "policy_sector", "value"), "text", root)
        if sector is not None:
            deal["policy_sector"] = [sector]
        deal.update({k: v for k, v in project_facts.items() if k not in deal})
        funds = [r.value(item, ("id",), "text", at) for at, item in r.items(data, "outcome_funds", root)]
        if any(funds):
            deal["funds"] = [f for f in funds if f]
        for key, fields in (("locations", LOCATION_FIELDS), ("sources", SOURCE_FIELDS)):
            listed = "delivery_locations" if key == "locations" else "sources"
            found = [r.fields(item, fields, at) for at, item in r.items(data, listed, root)]
            if any(found):
                deal[key] = [f for f in found if f]
        organisations = self._organisations()
        if organisations:
            deal["organisations"] = organisations
        metrics = []
        for i, (at, item) in enumerate(r.items(data, "outcome_metrics", root)):
            facts = r.fields(item, METRIC_FIELDS + METRIC_UNIT_FIELDS, at)
            facts.setdefault("id", f"outcomemetric{i + 1}")
            metrics.append(facts)
        if metrics:
            deal["metrics"] = metrics
        costs = [
            {"side": side} | r.fields(item, COST_FIELDS, at)
            for side, listed in COST_LISTS.items()
            for at, item in r.items(data, listed, root)
        ]
        if costs:
            deal["costs"] = costs
        cited = {s: r.value(data, (s, "source_ids"), "text", root) for s in SECTIONS}
        if any(cited.values()):
            deal["source_ids"] = {s: v for s, v in cited.items() if v}
        notes = {"project": r.value(data, ("notes", "value"), "text", root)}
        notes |= {s: r.value(data, (s, "notes"), "text", root) for s in SECTIONS}
        if any(notes.values()):
            deal["notes"] = {s: v for s, v in notes.items() if v}
        return deal

    def _organisations(self) -> list[Record]:
        """The organisations the record lists, each with its roles in the record's lists; an
        organisation a list names but the record does not list is added by its id."""
        r, data, root = self.reader, self.data, self.root
        organisations: list[Record] = []
        by_id: dict[str, Record] = {}
        for at, item in r.items(data, "organisations", root):
            org = r.fields(item, ORGANISATION_FIELDS, at) | {"roles": []}
            organisations.append(org)
            if org.get("id"):
                by_id.setdefault(org["id"], org)
        for section, (kind, fields) in ROLE_SECTIONS.items():
            for at, item in r.items(data, section, root):
                org_id = r.value(item, ("organisation_id", "value"), "text", at)
                role = {"role": kind} | r.fields(item, fields, at)
                if org_id is None:
                    organisations.append({"roles": [role]})
                    self.in_order.setdefault(kind, []).append((organisations[-1], role))
                    continue
                if org_id not in by_id:
                    named = r.value(item, ("organisation_names", "organisation_id", "value"), "text", at)
                    by_id[org_id] = {"id": org_id} | ({"name": named} if named else {}) | {"roles": []}
                    organisations.append(by_id[org_id])
                by_id[org_id]["roles"].append(role)
                self.in_order.setdefault(kind, []).append((by_id[org_id], role))
        for org in organisations:
            if not org["roles"]:
                del org["roles"]
        return organisations

    def _roles(self, deal: Record, kind: str) -> list[tuple[Record, Record]]:
        """The organisations in a role, in the order of the record's list of it."""
        return self.in_order.get(kind, [])

    # -- the case

    def _currency(self) -> str:
        r, data, root = self.reader, self.data, self.root
        places = [
            ("overall_project_finance", "total_investment_commitment", "currency", "value"),
            ("overall_project_finance", "maximum_potential_outcome_payment_v2", "currency", "value"),
            ("overall_project_finance", "maximum_potential_outcome_payment", "currency", "value"),
        ]
        found = [r.value(data, path, "text", root) for path in places]
        for key, path in (
            ("investments", ("investment_commitment", "currency", "value")),
            ("outcome_payment_commitments", ("maximum_potential_outcome_payment", "currency", "value")),
            ("outcome_pricings", ("currency", "value")),
        ):
            found += [r.value(item, path, "text", at) for at, item in r.items(data, key, root)]
        code = next((c for c in found if c), None)
        if code is None:
            self.fill(("case", "currency"), "DKK", say("indigo.fill.currency"))
            return "DKK"
        from pydantic import ValidationError

        from .model import CaseInfo

        try:
            CaseInfo.model_validate({"name": "-", "start_year": 2000, "horizon": 1, "currency": code.strip()})
        except ValidationError:
            raise IndigoError(
                f"{self.reader.source}: "
                + say("indigo.expected", where="currency", expected=say("indigo.a_currency"), got=repr(code))
            ) from None
        return code.strip()

    def _info(self, deal: Record) -> Record:
        r, data, root = self.reader, self.data, self.root
        name = r.value(data, ("name", "value"), "text", root) or self.project
        if not name.strip():
            raise IndigoError(f"{self.reader.source}: {say('indigo.no_name')}")
        info: Record = {"name": name}
        payers = self._roles(deal, "outcome_payer")
        if payers:
            info["municipality"] = _label_of(payers[0][0])
            self.note(("case", "municipality"), say("indigo.comment.municipality"))
        info["currency"] = self.currency
        dates = deal.get("dates", {})
        begun = next(
            (dates[k] for k in ("service_start", "contract_signed", "all_contracts_signed") if k in dates),
            None,
        )
        if begun is None:
            from datetime import date

            start = date.today().year
            info["start_year"] = start
            self.fill(("case", "start_year"), float(start), say("indigo.fill.start_year", year=start))
        else:
            start = int(begun[:4])
            info["start_year"] = start
        end = self._last_year(dates, start)
        if end is None:
            info["horizon"] = 10
            self.fill(("case", "horizon"), 10.0, say("indigo.fill.horizon", years=10))
        else:
            year, what = end
            info["horizon"] = min(max(year - start + 1, 1), 100)
            self.note(("case", "horizon"), say("indigo.comment.horizon", year=year, what=say(what)))
        description = r.value(data, ("purpose_and_classifications", "intervention", "value"), "text", root)
        if description:
            info["description"] = description
        return info

    def _last_year(self, dates: Record, start: int) -> tuple[int, str] | None:
        for key, what in (
            ("completion", "indigo.end.completion"),
            ("completion_actual", "indigo.end.completion"),
            ("service_end", "indigo.end.service"),
            ("service_end_actual", "indigo.end.service"),
        ):
            if key in dates:
                return int(dates[key][:4]), what
        begun = next((dates[k] for k in ("service_start", "contract_signed") if k in dates), None)
        for key in ("service_months", "service_months_actual"):
            if key in dates and begun is not None:
                month = int(begun[5:7]) if len(begun) >= 7 else 1
                return int(begun[:4]) + (month - 1 + math.ceil(dates[key]) - 1) // 12, "indigo.end.duration"
        return None

    def _cohorts(self, start: int, deal: Record) -> list[Record]:
        r, data, root = self.reader, self.data, self.root
        beneficiaries = ("service_and_beneficiaries",)
        targeted = r.value(
            data,
            (*beneficiaries, "targeted_number_service_users_or_beneficiaries_total", "value"),
            "number",
            root,
        )
        actual = r.value(
            data,
            (*beneficiaries, "actual_number_service_users_or_beneficiaries_total", "value"),
            "number",
            root,
        )
        cohort: Record = {"year": start}
        if _count(targeted) is not None and _count(targeted) > 0:  # type: ignore[operator]
            cohort["participants"] = _count(targeted)
            dates = deal.get("dates", {})
            ends = [dates[k] for k in ("service_end", "service_end_actual") if k in dates]
            if not ends or int(ends[0][:4]) > start:
                self.fill(
                    ("cohorts",),
                    1.0,
                    say("indigo.fill.cohorts", n=cohort["participants"], year=start),
                    say("indigo.comment.cohorts"),
                )
        else:
            cohort["participants"] = 1
            self.fill(("cohorts", 0, "participants"), 1.0, say("indigo.fill.participants"))
        if _count(actual) is not None:
            cohort["recruited"] = _count(actual)
        return [cohort]

    def _outcomes(self, deal: Record) -> list[Record]:
        unit_type, description = deal.get("unit_type", ""), deal.get("unit_description", "")
        metrics = deal.get("metrics") or [{"id": ""}]
        names = _outcome_names(metrics)
        outcomes = []
        for i, (metric, name) in enumerate(zip(metrics, names, strict=True)):
            own = metric.get("unit_type")
            per = _per_of(own, metric.get("unit_description", "")) if own else _per_of(unit_type, description)
            outcome: Record = {"name": name}
            if metric["id"]:
                outcome["id"] = metric["id"]
            outcome |= {"unit": say("indigo.unit"), "per": per, "effect": 0.0, "profile": [1.0]}
            outcome["savings"] = [
                {"name": say("indigo.saving_name"), "amount": 0.0, "shares": {"municipality": 1.0}}
            ]
            label = metric["id"] or name
            self.fill(
                ("outcomes", i, "effect"),
                0.0,
                say("indigo.fill.effect", name=name, id=label),
                say("indigo.comment.effect"),
            )
            self.fill(
                ("outcomes", i, "savings", 0, "amount"),
                0.0,
                say("indigo.fill.savings", name=name, id=label),
                say("indigo.comment.savings"),
            )
            outcomes.append(outcome)
        return outcomes

    def _financing(self, deal: Record, outcomes: list[Record], participants: int) -> Record:
        financing: Record = {"mode": "sib"}
        rules = self._rules(outcomes)
        if rules:
            financing["payments"] = rules
            self.note(("financing", "payments"), say("indigo.comment.payments"))
        else:
            financing["payments"] = []
            self.fill(
                ("financing", "payments"), 0.0, say("indigo.fill.payments"), say("indigo.comment.no_payments")
            )
        most = self._most()
        payers = self._payers(deal, most)
        if most is not None:
            financing["cap"] = {"total": most}
            self.note(("financing", "cap"), say("indigo.comment.cap"))
        if payers:
            financing["payers"] = payers
        investors = self._investors(deal)
        if investors or any(entry["path"] == "financing.investors" for entry in self.to_fill):
            financing["investors"] = investors
        loss = self.reader.value(
            self.data, ("overall_project_finance", "maximum_potential_loss", "value"), "text", self.root
        )
        financing["capital_protection"] = 0.0
        if loss is None or _percent_of(loss) != 1.0:
            self.fill(("financing", "capital_protection"), 0.0, say("indigo.fill.protection"))
        return financing

    def _rules(self, outcomes: list[Record]) -> list[Record]:
        """A rate card for each of the record's pricings with a price per unit of a metric."""
        r = self.reader
        by_id = {o.get("id"): o["name"] for o in outcomes if o.get("id")}
        rules = []
        for at, item in r.items(self.data, "outcome_pricings", self.root):
            metric = r.value(item, ("outcome_metric_id", "value"), "text", at)
            price = r.value(item, ("price_per_unit", "amount", "value"), "number", at)
            currency = r.value(item, ("currency", "value"), "text", at)
            if (
                metric not in by_id
                or price is None
                or price < 0
                or (currency and currency.strip() != self.currency)
            ):
                continue
            rule: Record = {"type": "rate_card", "outcome": by_id[metric], "price": price}
            most = r.value(item, ("maximum_price_if_all_targets_achieved", "amount", "value"), "number", at)
            if most is not None and most >= 0:
                rule["cap"] = {"total": most}
            rules.append(rule)
        return rules

    def _most(self) -> float | None:
        """The record's maximum potential outcome payment; else the sum of every payer's."""
        r, data, root = self.reader, self.data, self.root
        for key in ("maximum_potential_outcome_payment_v2", "maximum_potential_outcome_payment"):
            amount = r.value(data, ("overall_project_finance", key, "amount", "value"), "number", root)
            currency = r.value(data, ("overall_project_finance", key, "currency", "value"), "text", root)
            if amount is not None and amount >= 0 and (not currency or currency.strip() == self.currency):
                return float(amount)
        each = [self._payer_most(item, at) for at, item in r.items(data, "outcome_payment_commitments", root)]
        if each and all(m is not None for m in each):
            return float(sum(m for m in each if m is not None))
        return None

    def _payer_most(self, item: Record, at: str) -> float | None:
        r = self.reader
        amount = r.value(item, ("maximum_potential_outcome_payment", "amount", "value"), "number", at)
        currency = r.value(item, ("maximum_potential_outcome_payment", "currency", "value"), "text", at)
        if amount is None or amount < 0 or (currency and currency.strip() != self.currency):
            return None
        return float(amount)

    def _payers(self, deal: Record, most: float | None) -> list[Record]:
        """The outcome payers after the first (who is the municipality), as co-payers: each at
        most its stated maximum; its share of each payment a placeholder."""
        r = self.reader
        commitments = r.items(self.data, "outcome_payment_commitments", self.root)
        payers = self._roles(deal, "outcome_payer")
        maxima = [self._payer_most(item, at) for at, item in commitments][1:]
        known = (
            most is not None
            and most > 0
            and all(m is not None for m in maxima)
            and sum(m or 0 for m in maxima) <= (most or 0)
        )
        out = []
        for j, ((org, _), top) in enumerate(zip(payers[1:], maxima, strict=True)):
            payer: Record = {"name": _label_of(org) or say("indigo.payer", n=j + 2), "payer": "other"}
            share = (top or 0.0) / most if known and most else 0.0
            payer["share"] = share
            if top is not None:
                payer["max"] = top
            what = (
                say("indigo.fill.share_of_most", name=payer["name"], most=_amount(top, self.currency))
                if known and top is not None
                else say("indigo.fill.share", name=payer["name"])
            )
            self.fill(("financing", "payers", j, "share"), share, what)
            out.append(payer)
        return out

    def _investors(self, deal: Record) -> list[Record]:
        """The record's investments as investors, each with its commitment: its own amount, or
        for the only investment, the project's total; else none, the total kept in the deal."""
        r, data, root = self.reader, self.data, self.root
        total = r.value(
            data,
            ("overall_project_finance", "total_investment_commitment", "amount", "exact", "value"),
            "number",
            root,
        )
        total = total if total is not None and total > 0 else None
        items = r.items(data, "investments", root)
        amounts = []
        for at, item in items:
            amount = r.value(item, ("investment_commitment", "amount", "exact", "value"), "number", at)
            currency = r.value(item, ("investment_commitment", "currency", "value"), "text", at)
            ok = amount is not None and amount > 0 and (not currency or currency.strip() == self.currency)
            amounts.append(float(amount) if ok else None)
        roles = self._roles(deal, "investor")
        names = _investor_names([(_label_of(org), role.get("id", "")) for org, role in roles])
        if roles and all(a is not None for a in amounts):
            return [{"name": n, "amount": a} for n, a in zip(names, amounts, strict=True)]
        if len(roles) == 1 and total is not None:
            return [{"name": names[0], "amount": float(total)}]
        if total is not None:
            deal["investment_commitment"] = float(total)
        if roles or total is not None:
            what = (
                say("indigo.fill.investors_total", amount=_amount(total, self.currency), n=len(roles))
                if total is not None
                else say("indigo.fill.investors", n=len(roles))
            )
            self.fill(("financing", "investors"), 0.0, what, say("indigo.comment.investors"))
        return []

    def _programme_cost(self, deal: Record, participants: int) -> Record:
        """A placeholder programme cost per participant: the record's planned service delivery
        cost over the participants where it gives one, else the investors' commitment (what
        the SIB's capital pays for), else nothing."""
        delivery = [
            c["planned"]
            for c in deal.get("costs", [])
            if c["side"] == "provider"
            and "service delivery" in c.get("classification", "").lower()
            and c.get("planned") is not None
            and c.get("currency", self.currency).strip() == self.currency
        ]
        total = deal.get("investment_commitment") or self.reader.value(
            self.data,
            ("overall_project_finance", "total_investment_commitment", "amount", "exact", "value"),
            "number",
            self.root,
        )
        if delivery and sum(delivery) > 0:
            per = math.floor(sum(delivery) * 100 / participants) / 100
            what = say(
                "indigo.fill.programme_cost_delivery",
                amount=_amount(sum(delivery), self.currency),
                n=participants,
            )
        elif total and total > 0:
            per = math.floor(float(total) * 100 / participants) / 100
            what = say(
                "indigo.fill.programme_cost_total", amount=_amount(total, self.currency), n=participants
            )
        else:
            per, what = 0.0, say("indigo.fill.programme_cost")
        self.fill(("programme_cost", "per_participant"), per, what)
        return {"per_participant": per}


def _label_of(org: Record) -> str:
    return str(org.get("name") or org.get("id") or "")


def _investor_names(pairs: list[tuple[str, str]]) -> list[str]:
    """The investors' names in the case, from (the organisation's name or id, the investment's
    id): a name that would stand twice takes its investment's id."""
    labels = [label or role_id for label, role_id in pairs]
    return [
        f"{label} ({role_id})" if labels.count(label) > 1 and role_id else label
        for label, (_, role_id) in zip(labels, pairs, strict=True)
    ]


def _count(value: float | int | None) -> int | None:
    """A number of people: whole, at least 0, no more than a cohort may hold."""
    if value is None or not float(value).is_integer() or not 0 <= value <= MAX_PARTICIPANTS:
        return None
    return int(value)


def _percent_of(text: str) -> float | None:
    found = re.fullmatch(r"\s*(-?[0-9]+(?:\.[0-9]+)?)\s*%?\s*", text)
    return float(found.group(1)) / 100 if found else None


def _outcome_names(metrics: list[Record]) -> list[str]:
    """A short, distinct name for each metric's outcome: the head of its definition (to the
    first full stop, colon or bracket), else its id."""
    names = []
    for i, metric in enumerate(metrics):
        text = " ".join(str(metric.get("definition", "")).split())
        parts = re.split(r"(?<=\w)[.:;](?:\s|$)|\s\(", text, maxsplit=2)
        head = parts[0].strip()
        if re.fullmatch(r"(?i)(metric|outcome)\s*[0-9]+", head) and len(parts) > 1:
            head = f"{head}: {parts[1].strip()}"
        if len(head) > 60:
            head = head[:60].rsplit(" ", 1)[0].rstrip(",;:- ") + "…"
        name = head or metric.get("id") or say("indigo.outcome", n=i + 1)
        if name in names:
            name = f"{name} ({metric.get('id') or i + 1})"
        names.append(name)
    return names


def _path_text(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


# --- writing the YAML --------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper, writing text the case loader would read as another kind (1e6,
    which the loader reads as a number) in quotes, and text with a line break or a character
    that is not printable in double quotes, escaped: every value stays one line of data."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if any(not c.isprintable() for c in value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_str(value)


_Dumper.add_representer(str, _text)
_RESOLVERS_SET = False


def _dumper() -> type[_Dumper]:
    """The dumper with the case loader's resolvers, so that it quotes what the loader would
    read as a number."""
    global _RESOLVERS_SET
    if not _RESOLVERS_SET:
        from .loader import _SafeLoader

        _Dumper.yaml_implicit_resolvers = {k: list(v) for k, v in _SafeLoader.yaml_implicit_resolvers.items()}
        _RESOLVERS_SET = True
    return _Dumper


def _dump_line(key: str, value: Any) -> str:
    text = yaml.dump(
        {key: value},
        Dumper=_dumper(),
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=None if isinstance(value, list | dict) else False,  # key: [1.0], key: text
        width=1_000_000_000,
    )
    return text.rstrip("\n")


def _yaml_text(case: Record, comments: dict[Loc, list[str]], banner: str) -> str:
    lines = [*_comment(banner, ""), ""]
    for key, value in case.items():
        lines += _yaml_lines({key: value}, 0, (), comments)
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _yaml_lines(node: Record, indent: int, loc: Loc, comments: dict[Loc, list[str]]) -> list[str]:
    """A mapping as YAML lines, a block for every mapping and list of mappings (so comments can
    stand in them), each other value dumped by PyYAML on its own line."""
    pad = " " * indent
    out: list[str] = []
    for key, value in node.items():
        here = (*loc, key)
        for comment in comments.get(here, []):
            out += _comment(comment, pad)
        if isinstance(value, dict) and value:
            out.append(f"{pad}{key}:")
            out += _yaml_lines(value, indent + 2, here, comments)
        elif isinstance(value, list) and value and all(isinstance(v, dict) and v for v in value):
            out.append(f"{pad}{key}:")
            for i, item in enumerate(value):
                for comment in comments.get((*here, i), []):
                    out += _comment(comment, pad + "  ")
                inner = _yaml_lines(item, indent + 4, (*here, i), comments)
                first = next(j for j, line in enumerate(inner) if not line.lstrip().startswith("#"))
                inner[first] = f"{pad}  - {inner[first][indent + 4 :]}"
                out += inner
        else:
            out.append(pad + _dump_line(key, value))
    return out


def _comment(text: str, pad: str) -> list[str]:
    """Comment lines: the label table's words, wrapped; any character that could end a
    comment line is taken out first."""
    clean = "".join(c if c.isprintable() else " " for c in text)
    return [f"{pad}# {line}" for line in textwrap.wrap(clean, width=max(40, 90 - len(pad)))]


def _check(text: str, source: str) -> None:
    """The written case loads, or the record's values that keep it from loading are named (at
    their places in the case that was not written)."""
    from .errors import CaseFileError
    from .loader import _careful_load, parse_case

    try:
        data, lines = _careful_load(text, source)
        parse_case(data, lines, source)
    except CaseFileError as err:
        places = [f"  {p.path}: {p.message}" if p.path else f"  {p.message}" for p in err.problems]
        raise IndigoError("\n".join([f"{source}: {say('indigo.no_case')}", *places])) from None
