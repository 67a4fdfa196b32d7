"""The deal's facts a business case does not compute with: its identifiers, stage, dates
to the month, policy sector, places, organisations and sources (the `deal:` block of a
case file). The INDIGO import fills it and the export gives it back
(sib_case/indigo.py); `portfolio` groups cases by its policy sector.

The block also lists what is left to fill in (`to_fill_in`): each entry names a place in
the case (`outcomes[0].effect`) and the placeholder written there; while the place still
holds the placeholder, `left_to_fill` gives a note for it (and `validate` shows it), and
the INDIGO export states nothing that rests on it.

    deal:
      id: INDIGO-POJ-0262
      stage: Implementation
      dates: {contract_signed: 2021-11, service_start: 2022-01, service_end: 2025-01}
      to_fill_in:
        - {path: "outcomes[0].effect", placeholder: 0, what: the effect of family treatment}
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from .labels import say

if TYPE_CHECKING:
    from .model import Case

# The case file's models: frozen, no unknown keys, no coercion (model.Strict's too).
STRICT = ConfigDict(frozen=True, extra="forbid", strict=True, defer_build=True, allow_inf_nan=False)

# Bounds no real record reaches: a definition or a description is a few paragraphs.
MAX_TEXT = 20_000
MAX_NAME = 2_000  # a name, a URL, a category
MAX_ID = 200  # an identifier, a code, a path in the case
MAX_ENTRIES = 1_000  # organisations, sources, locations, places left to fill in
MAX_ROLES = 100  # the roles of one organisation, the outcome metrics of a deal
MAX_COUNT = 1e9  # a number of people
MAX_MONTHS = 1_200

Text = Annotated[str, Field(max_length=MAX_TEXT)]
Name = Annotated[str, Field(max_length=MAX_NAME)]
Ident = Annotated[str, Field(max_length=MAX_ID)]

_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
DATE_PATTERN = "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"


def _as_date_text(value: Any) -> Any:
    """A date as YAML may read it: 2021-11-15 unquoted is a date, 2021 a number."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def is_month(text: str) -> bool:
    """A year, a month or a day, as INDIGO writes dates: 2021, 2021-11 or 2021-11-15."""
    found = _DATE.fullmatch(text)
    if found is None:
        return False
    if found.group(3) is not None:
        try:
            date.fromisoformat(text)
        except ValueError:
            return False
        return True
    return found.group(2) is None or 1 <= int(found.group(2)) <= 12


def _month(text: str) -> str:
    if not is_month(text):
        raise ValueError(say("deal.date", got=text))
    return text


Month = Annotated[
    str,
    BeforeValidator(_as_date_text),
    AfterValidator(_month),
    WithJsonSchema({"anyOf": [{"type": "string", "pattern": DATE_PATTERN}, {"type": "integer"}]}),
]
Months = Annotated[float, Field(ge=0, le=MAX_MONTHS)]


class Strict(BaseModel):
    model_config = STRICT


class Dates(Strict):
    """The contract's dates, to the month or the day (INDIGO's dates)."""

    contract_signed: Month | None = None  # the outcomes contract signed
    all_contracts_signed: Month | None = None  # every contract between the parties signed
    service_start: Month | None = None
    service_end: Month | None = None  # as planned
    service_end_actual: Month | None = None
    completion: Month | None = None  # the last outcome payment, as planned
    completion_actual: Month | None = None
    service_months: Months | None = None  # the service's duration in months, as planned
    service_months_actual: Months | None = None


Kind = Literal["outcome_payer", "investor", "service_provider", "intermediary"]


NO_DATES = Dates()  # the default: frozen, so shared, never copied


class Role(Strict):
    """What an organisation does in the deal, as the record has it."""

    role: Kind
    id: Ident = ""  # the record's id of the item: investment1, serviceprovision1
    category: Name = ""  # INDIGO's organisation role category (Investment Fund, ...)
    description: Text = ""  # a service's intervention, an intermediary's other role
    start: Month | None = None  # a service's planned start, a payment commitment's period
    end: Month | None = None
    actual_start: Month | None = None
    actual_end: Month | None = None
    source_ids: Name = ""  # the record's sources of it (source1,source2)
    notes: Text = ""


class Organisation(Strict):
    id: Ident = ""  # INDIGO-ORG-1410
    name: Name = ""
    country: Ident = ""
    website: Name = ""
    address: Name = ""
    postcode: Ident = ""
    roles: Annotated[list[Role], Field(max_length=MAX_ROLES)] = []


class Location(Strict):
    """A place of delivery."""

    name: Name = ""
    postcode: Ident = ""
    country: Ident = ""
    lat: Annotated[float, Field(ge=-90, le=90)] | None = None
    lng: Annotated[float, Field(ge=-180, le=180)] | None = None
    area: Name = ""  # the administrative geography's name
    area_code_type: Ident = ""
    area_code: Ident = ""
    service_provision: Ident = ""  # the record's id of the service provision delivered there
    source_ids: Name = ""
    notes: Text = ""


class Source(Strict):
    id: Ident = ""  # source1: the id the record's source_ids refer to
    name: Text = ""
    type: Name = ""  # Website, Report, Email correspondence, ...
    publisher: Name = ""
    url: Name = ""
    archive_url: Name = ""
    internal_url: Name = ""
    published: Ident = ""  # as the record writes it
    accessed: Ident = ""
    notes: Text = ""


class Metric(Strict):
    """An outcome metric's facts as the contract states them; `id` is its outcome's `id`."""

    id: Annotated[str, Field(min_length=1, max_length=MAX_ID)]
    definition: Text = ""
    target_population: Text = ""
    targeted: Annotated[float, Field(ge=0, le=MAX_COUNT)] | None = None  # service users targeted
    unit_type: Name = ""  # Individual or Other (INDIGO's unit type of service users)
    unit_description: Name = ""  # what a unit is where it is not an individual: Families
    target: Text = ""  # the contract's target, in its words
    other_target: Text = ""
    validation_method: Name = ""
    data_source: Name = ""
    policy_sector: Name = ""
    sdg_goal: Ident = ""  # the primary Sustainable Development Goal, as the record numbers it
    sdg_goals: Name = ""  # the secondary ones
    sdg_target: Ident = ""
    sdg_targets: Name = ""
    source_ids: Name = ""
    notes: Text = ""


class Cost(Strict):
    """A cost the record states: the service provider's or the outcome payer's (INDIGO's
    provider-side and outcome payer costs). The case's own costs are its programme and
    transaction costs; these are kept as the record gives them."""

    side: Literal["provider", "outcome_payer"]
    date: Month | None = None
    phase: Name = ""
    classification: Name = ""  # Service delivery costs, Governance costs, ...
    currency: Ident = ""
    planned: Annotated[float, Field(ge=0, le=1e12)] | None = None
    actual: Annotated[float, Field(ge=0, le=1e12)] | None = None
    incurred_by: Ident = ""  # the organisation's id
    type: Name = ""  # Purchased or spent, In-kind, ...
    days: Annotated[float, Field(ge=0, le=1e6)] | None = None
    source_ids: Name = ""
    notes: Text = ""


class ToFill(Strict):
    """A figure the case holds only as a placeholder: at `path`, `placeholder` stands in for
    what is not known yet (for a list, its number of items: 0 for a list left empty, 1 for
    one cohort standing for all); `what` says what belongs there."""

    path: Annotated[str, Field(min_length=1, max_length=MAX_ID)]  # outcomes[0].effect
    placeholder: float | str | None = None
    what: Text = ""


Section = Literal[
    "project",  # the project's own notes
    "stage_development",
    "dates",
    "jurisdiction",
    "overall_project_finance",
    "purpose_and_classifications",
    "service_and_beneficiaries",
]


class Deal(BaseModel):
    """What is known of the deal as a contract: none of it changes a figure."""

    model_config = STRICT

    id: Ident = ""  # the project's identifier where it has one (INDIGO-POJ-0261)
    alternative_names: Name = ""
    stage: Name = ""  # Contracted, Implementation, Service delivery complete, Complete
    jurisdiction: Ident = ""  # the country the deal is governed from (GB)
    dates: Dates = Field(default_factory=lambda: NO_DATES)
    policy_sector: Annotated[list[Name], Field(max_length=20)] = []  # e.g. "Employment and training"
    sdg_goal: Ident = ""  # the primary Sustainable Development Goal, as the record numbers it
    sdg_goals: Name = ""  # the secondary ones
    sdg_target: Ident = ""
    sdg_targets: Name = ""
    social_investment_prototype: Ident = ""  # YES or NO, as the record says
    social_challenge: Text = ""
    target_population: Text = ""
    unit_type: Name = ""  # of the service users: Individual or Other
    unit_description: Name = ""  # Families
    # the investors' commitment in all where the case's investors do not split it (yet)
    investment_commitment: Annotated[float, Field(gt=0, le=1e12)] | None = None
    funds: Annotated[list[Ident], Field(max_length=MAX_ROLES)] = []  # outcome funds: INDIGO-FUND-0003
    locations: Annotated[list[Location], Field(max_length=MAX_ENTRIES)] = []
    organisations: Annotated[list[Organisation], Field(max_length=MAX_ENTRIES)] = []
    sources: Annotated[list[Source], Field(max_length=MAX_ENTRIES)] = []
    metrics: Annotated[list[Metric], Field(max_length=MAX_ROLES)] = []
    costs: Annotated[list[Cost], Field(max_length=MAX_ENTRIES)] = []
    source_ids: dict[Section, Name] = {}  # each section's sources, as the record gives them
    notes: dict[Section, Text] = {}  # the record's notes on each section
    to_fill_in: Annotated[list[ToFill], Field(max_length=MAX_ENTRIES)] = []

    def metric(self, id: str) -> Metric | None:
        """The facts of the outcome metric with this id, if the deal has them."""
        return next((m for m in self.metrics if m.id == id), None) if id else None


# --- what is left to fill in -----------------------------------------------------------------

Loc = tuple[str | int, ...]
_NOTHING = object()


def parse_path(text: str) -> Loc:
    """outcomes[0].savings[1].amount -> ("outcomes", 0, "savings", 1, "amount"); () if the
    text is not such a path."""
    out: list[str | int] = []
    for part in text.split("."):
        head, *indices = part.split("[")
        if not head:
            return ()
        out.append(head)
        for index in indices:
            number = index.removesuffix("]")
            if not index.endswith("]") or not number.isdigit():
                return ()
            out.append(int(number))
    return tuple(out)


def value_at(case: Case, loc: Loc) -> Any:
    """What the case holds at `loc` (a model's field, a list's item, a mapping's key), or
    _NOTHING where there is no such place."""
    here: Any = case
    for part in loc:
        if isinstance(here, BaseModel) and isinstance(part, str) and part in type(here).model_fields:
            here = getattr(here, part)
        elif isinstance(here, list) and isinstance(part, int) and part < len(here):
            here = here[part]
        elif isinstance(here, dict):
            if part not in here:
                return _NOTHING
            here = here[part]
        else:
            return _NOTHING
    return here


def _holds(value: Any, placeholder: float | str | None) -> bool:
    """Whether a place holds its placeholder: the same number or text; for a list (or a
    mapping), as many items as the placeholder says (none for no placeholder)."""
    if isinstance(value, list | dict):
        return not isinstance(placeholder, str) and len(value) == (placeholder or 0)
    if placeholder is None:
        return value is None or value == ""
    if isinstance(value, bool) or isinstance(placeholder, str) != isinstance(value, str):
        return False
    if isinstance(value, int | float) and isinstance(placeholder, float):
        return float(value) == placeholder
    return bool(value == placeholder)


def unfilled(case: Case) -> list[ToFill]:
    """The entries of `to_fill_in` whose place still holds its placeholder."""
    return [
        entry
        for entry in case.deal.to_fill_in
        if (loc := parse_path(entry.path))
        and (value := value_at(case, loc)) is not _NOTHING
        and _holds(value, entry.placeholder)
    ]


def is_unfilled(case: Case, *loc: str | int) -> bool:
    """Whether the case holds only a placeholder at `loc` (or inside it)."""
    return any(parse_path(entry.path)[: len(loc)] == loc for entry in unfilled(case))


def left_to_fill(case: Case) -> list[tuple[Loc, str]]:
    """Notes on what the case leaves to fill in, each at its place: every placeholder still
    in place, every entry that names no place in the case, and an investment commitment the
    investors' own amounts do not add up to."""
    out: list[tuple[Loc, str]] = []
    waiting = unfilled(case)
    for i, entry in enumerate(case.deal.to_fill_in):
        loc = parse_path(entry.path)
        if not loc or value_at(case, loc) is _NOTHING:
            out.append((("deal", "to_fill_in", i, "path"), say("deal.no_place", path=entry.path)))
        elif entry in waiting:
            out.append((loc, say("deal.to_fill", what=entry.what or entry.path)))
    stated, investors = case.deal.investment_commitment, case.financing.investors
    if stated is not None and investors and abs(sum(i.amount for i in investors) - stated) > 0.5:
        committed = sum(i.amount for i in investors)
        out.append(
            (
                ("deal", "investment_commitment"),
                say("deal.commitment_differs", stated=f"{stated:,.0f}", committed=f"{committed:,.0f}"),
            )
        )
    return out
