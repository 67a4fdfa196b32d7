"""The case schema: what a case file may say, as frozen pydantic models.

Field names are the YAML keys a finance officer writes; README.md explains each one.
Checks that need the whole case (names that must exist, years inside the horizon)
live in `check_case`, so every such problem is reported at once with its own path.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    Tag,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from .deal import STRICT, Deal, left_to_fill
from .labels import say

# Bounds a real case never reaches, so that every sum, NPV and IRR stays finite: at most a
# million million of the case currency for any amount, ten million participants a cohort,
# and factors (multiples, shares of a target, effect scales) of at most 1,000.
MAX_MONEY = 1e12
MAX_PARTICIPANTS = 10_000_000
MAX_FACTOR = 1_000.0
MAX_SIGMA = 10.0  # a lognormal's sigma: exp(10 x 6 sd) is still a finite number
MAX_COHORTS = 1_000
MAX_ITEMS = 100  # outcomes, savings items of an outcome, payment rules, tiers, transaction costs
MAX_CELLS = 1_000_000  # cohorts x outcomes-or-savings-items x years: what one draw's arrays hold
MAX_LEVEL = 1_000_000  # an outcome measured as a count or rate per participant: events, days, points
SANITY = 1_000  # an upper bound this large is a sanity bound: a message names only the side crossed

Share = Annotated[
    float,
    Field(ge=0, le=1),
]
Money = Annotated[float, Field(ge=0, le=MAX_MONEY)]
Factor = Annotated[float, Field(ge=0, le=MAX_FACTOR)]
Rate = Annotated[
    float,
    Field(ge=-0.5, le=1),
]
Lag = Annotated[int, Field(ge=0, le=50)]
Year = Annotated[
    int,
    Field(ge=1900, le=2200),
]


def _whole_number_as_text(value: Any) -> Any:
    """A year key written in quotes ('2021': 10, as yaml.safe_dump writes data that came
    from JSON) is the whole number it spells; anything else is left for the check."""
    return int(value) if isinstance(value, str) and value.isascii() and value.isdigit() else value


def _each_year_once(value: Any) -> Any:
    """A year written both bare and in quotes would be two keys for one year: refused."""
    if isinstance(value, dict):
        seen: dict[Any, Any] = {}
        for key in value:
            year = _whole_number_as_text(key)
            if year in seen:
                raise ValueError(say("val.year_twice", year=year, first=repr(seen[year]), second=repr(key)))
            seen[year] = key
    return value


YearKey = Annotated[Year, BeforeValidator(_whole_number_as_text)]
AmountsByYear = dict[YearKey, Money]
EACH_YEAR_ONCE = BeforeValidator(_each_year_once)  # last in a year-keyed field's Annotated: after its limits
Level = Annotated[float, Field(ge=0, le=MAX_LEVEL)]  # an outcome's level: a share, or a count or rate
YearsAfter = Annotated[int, Field(ge=0, le=50)]  # years since a cohort's intake year
YearsAfterKey = Annotated[YearsAfter, BeforeValidator(_whole_number_as_text)]

Holder = Literal["municipality", "region", "state", "other"]


class Strict(BaseModel):
    model_config = STRICT


NO_DEAL = Deal()  # the default deal: frozen, so shared, never copied


DIST_PARAMS: dict[str, tuple[str, ...]] = {
    "uniform": ("low", "high"),
    "triangular": ("low", "mode", "high"),
    "pert": ("low", "mode", "high"),
    "normal": ("mean", "sd"),
    "lognormal": ("median", "sigma"),
}


class Dist(Strict):
    """An uncertain number: a distribution, and the point value `evaluate` uses (`value`,
    else the mode, the median, or the midpoint of a uniform range)."""

    dist: Literal["uniform", "triangular", "pert", "normal", "lognormal"]
    low: float | None = None
    mode: float | None = None
    high: float | None = None
    mean: float | None = None
    sd: float | None = None
    median: float | None = None
    sigma: float | None = None
    value: float | None = None
    source: str = ""

    @model_validator(mode="after")
    def _parameters(self) -> Dist:
        wanted = DIST_PARAMS[self.dist]
        given = [
            p
            for p in ("low", "mode", "high", "mean", "sd", "median", "sigma")
            if getattr(self, p) is not None
        ]
        missing = [p for p in wanted if p not in given]
        extra = [p for p in given if p not in wanted]
        if missing or extra:
            raise ValueError(
                say("val.dist_takes", dist=self.dist, wanted=_and(wanted))
                + (
                    say("val.missing", names=_and(missing))
                    if missing
                    else say("val.extra", names=_and(extra))
                )
            )
        if self.low is not None and self.high is not None and not self.low < self.high:
            raise ValueError(say("val.low_high", low=f"{self.low:g}", high=f"{self.high:g}"))
        if self.mode is not None and not (self.low or 0) <= self.mode <= (self.high or 0):
            raise ValueError(
                say(
                    "val.between_low_high",
                    name="mode",
                    low=f"{self.low:g}",
                    high=f"{self.high:g}",
                    got=f"{self.mode:g}",
                )
            )
        low, high, value = self.low, self.high, self.value
        if value is not None and low is not None and high is not None and not low <= value <= high:
            raise ValueError(
                say("val.between_low_high", name="value", low=f"{low:g}", high=f"{high:g}", got=f"{value:g}")
            )
        for spread in ("sd", "sigma", "median"):
            if getattr(self, spread) is not None and getattr(self, spread) <= 0:
                raise ValueError(say("val.positive", name=spread, got=f"{getattr(self, spread):g}"))
        if self.sigma is not None and self.sigma > MAX_SIGMA:
            raise ValueError(say("val.sigma_max", most=f"{MAX_SIGMA:g}", got=f"{self.sigma:g}"))
        if self.sd is not None and self.sd > MAX_MONEY:
            raise ValueError(say("val.sd_max", most=f"{MAX_MONEY:g}", got=f"{self.sd:g}"))
        return self

    @property
    def point(self) -> float:
        if self.value is not None:
            return self.value
        if self.dist == "uniform":
            assert self.low is not None
            assert self.high is not None
            return (self.low + self.high) / 2
        found = {"triangular": self.mode, "pert": self.mode, "normal": self.mean, "lognormal": self.median}[
            self.dist
        ]
        assert found is not None
        return found


def _and(words: tuple[str, ...] | list[str]) -> str:
    """Words as a list in the messages' language: "2026, 2027 and 2028"."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + say("err.and") + words[-1]


def _within(lo: float, hi: float) -> Any:
    """A distribution's stated numbers must lie in its field's range (as a plain number would)."""

    def check(d: Dist) -> Dist:
        for name in ("low", "mode", "high", "mean", "median", "value"):
            v = getattr(d, name)
            if v is not None and not lo <= v <= hi:
                rule = say("err.between", lo=f"{lo:g}", hi=f"{hi:g}")
                if hi >= SANITY:
                    rule = (
                        say("err.at_most", hi=f"{hi:,.10g}") if v > hi else say("err.at_least", lo=f"{lo:g}")
                    )
                raise ValueError(f"{name} " + say("err.must_be", expected=rule, got=f"{v:g}"))
        return d

    return AfterValidator(check)


def _number_or_distribution(value: Any) -> str:
    return "distribution" if isinstance(value, dict | Dist) else "number"


# A number, or a distribution of it (a mapping with `dist:`), as in `effect: 0.3` or
# `effect: {dist: triangular, low: 0.2, mode: 0.3, high: 0.35}`.
UShare = Annotated[
    Annotated[Share, Tag("number")] | Annotated[Dist, _within(0, 1), Tag("distribution")],
    Discriminator(_number_or_distribution),
]
ULevel = Annotated[
    Annotated[Level, Tag("number")] | Annotated[Dist, _within(0, MAX_LEVEL), Tag("distribution")],
    Discriminator(_number_or_distribution),
]
UMoney = Annotated[
    Annotated[Money, Tag("number")] | Annotated[Dist, _within(0, MAX_MONEY), Tag("distribution")],
    Discriminator(_number_or_distribution),
]


def point(value: float | Dist | None) -> float:
    """The point value of a number or a distribution."""
    if value is None:
        raise ValueError("no value")
    return value.point if isinstance(value, Dist) else float(value)


COMMON_CURRENCIES = frozenset({"DKK", "EUR", "GBP", "USD", "SEK", "NOK", "ISK", "CHF", "AUD", "NZD", "CAD"})


def _currency(code: str) -> str:
    """An ISO 4217 code that Babel can format; the common ones without loading Babel's list."""
    if code in COMMON_CURRENCIES:
        return code
    if len(code) == 3 and code.isupper():
        from babel.numbers import list_currencies

        if code in list_currencies():
            return code
    raise ValueError(say("val.currency", got=code))


# A committee or budget area (udvalg / bevillingsområde) of the municipality: case text.
Area = Annotated[str, Field(max_length=200)]


class CaseInfo(Strict):
    name: Annotated[str, Field(min_length=1)]
    municipality: str = ""  # the commissioner's name
    commissioner: Literal["municipality", "region", "state", "government"] = "municipality"
    currency: Annotated[
        str, AfterValidator(_currency), Field(json_schema_extra={"pattern": "^[A-Z]{3}$"})
    ] = "DKK"
    start_year: Year
    horizon: Annotated[
        int,
        Field(ge=1, le=100),
    ]
    price_year: Year | None = None
    discount_rate: Rate = 0.035
    discount_schedule: Literal["dk-mof-2021", "dk-mof-before-2021", "uk-green-book"] | None = None
    description: str = ""

    @model_validator(mode="before")
    @classmethod
    def _schedule_sets_the_rate(cls, data: Any) -> Any:
        """A schedule's first band is the rate reported; a rate and a schedule conflict."""
        if isinstance(data, dict) and isinstance(data.get("discount_schedule"), str):
            if "discount_rate" in data:
                raise ValueError(say("val.rate_or_schedule"))
            from .presets import discount_schedules

            schedule = discount_schedules().get(data["discount_schedule"])
            if schedule is not None:
                data = {**data, "discount_rate": schedule["bands"][0][1]}
        return data


class Cohort(Strict):
    year: Year
    participants: Annotated[int, Field(gt=0, le=MAX_PARTICIPANTS)]
    recruited: Annotated[int, Field(ge=0, le=MAX_PARTICIPANTS)] | None = None  # fewer (or more) than planned
    name: str = ""
    effect_scale: Factor = 1.0


def _shares_sum_to_one(spread: list[float]) -> list[float]:
    if not spread:
        raise ValueError(say("val.one_share"))
    if abs(sum(spread) - 1) > 1e-9:
        raise ValueError(say("val.shares_sum", got=f"{sum(spread):g}"))
    return spread


class ProgrammeCost(Strict):
    per_participant: UMoney = 0.0
    spread: Annotated[list[Share], AfterValidator(_shares_sum_to_one)] = [1.0]
    fixed: Annotated[AmountsByYear, EACH_YEAR_ONCE] = {}
    # what was actually spent in a year, in place of the computed cost
    spent: Annotated[AmountsByYear, EACH_YEAR_ONCE] = {}
    area: Area = ""  # the committee or budget area (udvalg / bevillingsområde) that bears it


def _savings_schema(schema: dict[str, Any]) -> None:
    """In the file, shares may come from refusion_weeks, and municipal_tax_on may replace
    the amount: say so to editors (the loader fills shares in before validating)."""
    schema["required"] = ["name"]
    schema["anyOf"] = [
        {"required": ["shares"]},
        {"required": ["refusion_weeks"]},
        {"required": ["municipal_tax_on"]},
    ]


class SavingsItem(Strict):
    model_config = ConfigDict(json_schema_extra=_savings_schema)

    name: Annotated[str, Field(min_length=1)]
    amount: UMoney | None = None
    municipal_tax_on: UMoney | None = None  # taxable income gained per unit, taxed at tax_rate
    tax_rate: Share | None = None  # default: the average municipal income tax (preset)
    shares: dict[Holder, Share]
    refusion_weeks: Annotated[int, Field(ge=1, le=520)] | None = None
    cashable: UShare = 1.0
    lag: Lag = 0
    source: str = ""
    income_tax: bool = False  # municipal income tax gained: the memo says the equalisation offsets part
    area: Area = ""  # the committee or budget area (udvalg / bevillingsområde) that bears it

    @model_validator(mode="before")
    @classmethod
    def _preset_shares(cls, data: Any) -> Any:
        """Shares from the state reimbursement ladder, or all municipal for income tax."""
        if not isinstance(data, dict) or "shares" in data:
            if isinstance(data, dict) and "shares" in data and data.get("refusion_weeks") is not None:
                raise ValueError(say("val.shares_or_refusion"))
            return data
        weeks = data.get("refusion_weeks")
        if isinstance(weeks, int) and not isinstance(weeks, bool) and weeks >= 1:
            from .presets import refusion_state_share

            state = refusion_state_share(weeks)
            return {**data, "shares": {"municipality": round(1 - state, 10), "state": state}}
        if data.get("municipal_tax_on") is not None:
            return {**data, "shares": {"municipality": 1.0}}
        return data

    @model_validator(mode="after")
    def _amount_or_tax(self) -> SavingsItem:
        if (self.amount is None) == (self.municipal_tax_on is None):
            raise ValueError(say("val.amount_or_tax"))
        if self.tax_rate is not None and self.municipal_tax_on is None:
            raise ValueError(say("val.tax_rate_with"))
        return self

    @property
    def rate_of_tax(self) -> float:
        from .presets import municipal_tax_rate

        return self.tax_rate if self.tax_rate is not None else municipal_tax_rate()

    @property
    def unit_amount(self) -> float:
        """The point value of the saving per unit."""
        if self.amount is not None:
            return point(self.amount)
        return point(self.municipal_tax_on) * self.rate_of_tax

    @field_validator("shares")
    @classmethod
    def _shares_sum(cls, shares: dict[str, float]) -> dict[str, float]:
        total = sum(shares.values())
        if abs(total - 1) > 1e-9:
            raise ValueError(say("val.sum_to_one", got=f"{total:g}"))
        return shares


class Levels(Strict):
    """Levels that override an outcome's general ones for one year since intake (0 is the
    intake year): a measured result, or an effect that differs by year."""

    baseline: Level | None = None
    with_programme: Level | None = None
    effect: Level | None = None


class CohortLevels(Levels):
    """Levels that override an outcome's general ones for one cohort, in every year or
    (by_year) in some years since its intake."""

    by_year: Annotated[dict[YearsAfterKey, Levels], Field(max_length=100), EACH_YEAR_ONCE] = {}


def _stated(levels: Levels) -> bool:
    """Whether a cohort's entry states levels for all its years (not only by_year)."""
    return any(getattr(levels, k) is not None for k in ("baseline", "with_programme", "effect"))


def _share_numbers(value: float | Dist | None) -> list[tuple[str, float]]:
    """The numbers a level states, named as in messages ("" for a plain number)."""
    if value is None:
        return []
    if isinstance(value, Dist):
        return [
            (n, v)
            for n in ("low", "mode", "high", "mean", "median", "value")
            if (v := getattr(value, n)) is not None
        ]
    return [("", float(value))]


class Outcome(Strict):
    name: Annotated[str, Field(min_length=1)]
    id: str = ""  # the outcome metric's identifier in the contract or its record (INDIGO: outcomemetric1)
    unit: str = "person-year"
    measure: Literal["share", "rate"] = (
        "share"  # a share of participants (0-1), or a count or rate per participant
    )
    per: Literal["participant", "family", "household"] = "participant"  # what one participant of a cohort is
    baseline: ULevel | None = None
    with_programme: ULevel | None = None
    effect: ULevel | None = None
    deadweight: UShare | None = None
    better: Literal["higher", "lower"] = "higher"
    attribution: UShare = 1.0
    optimism_bias: UShare = 0.0
    profile: Annotated[list[Share], Field(min_length=1, max_length=100)]  # at most the longest horizon
    target: Share | None = None
    savings: Annotated[list[SavingsItem], Field(max_length=MAX_ITEMS)] = []
    by_cohort: Annotated[dict[str, CohortLevels], Field(max_length=MAX_COHORTS)] = {}  # by cohort name
    # by year since intake
    by_year: Annotated[dict[YearsAfterKey, Levels], Field(max_length=100), EACH_YEAR_ONCE] = {}

    @field_validator("baseline", "with_programme", "effect")
    @classmethod
    def _a_share_unless_a_rate(cls, value: float | Dist | None, info: ValidationInfo) -> float | Dist | None:
        if info.data.get("measure", "share") == "share":
            for name, v in _share_numbers(value):
                if not 0 <= v <= 1:
                    raise ValueError((name + " " if name else "") + say("val.share_range", got=f"{v:g}"))
        return value

    @model_validator(mode="after")
    def _one_way_to_state_the_effect(self) -> Outcome:
        levels = self.baseline is not None or self.with_programme is not None
        gross = self.effect is not None or self.deadweight is not None
        if levels and gross:
            raise ValueError(say("val.levels_or_effect"))
        if levels and (self.baseline is None or self.with_programme is None):
            raise ValueError(say("val.levels_together"))
        if not levels and self.effect is None:
            raise ValueError(say("val.effect_missing"))
        for cohort, year, given in self.overrides():
            where = ".".join(
                [
                    *([f"by_cohort.{cohort}"] if cohort is not None else []),
                    *([f"by_year[{year}]"] if year is not None else []),
                ]
            )
            stated = [k for k in ("baseline", "with_programme", "effect") if getattr(given, k) is not None]
            if not stated:
                raise ValueError(f"{where}: " + say("val.give_levels"))
            if (levels and given.effect is not None) or (not levels and stated != ["effect"]):
                form = say("val.form_levels") if levels else "effect"
                raise ValueError(f"{where}: " + say("val.same_form", form=form))
            if self.measure == "share":
                for k in stated:
                    if not 0 <= getattr(given, k) <= 1:
                        raise ValueError(
                            f"{where}: {k} " + say("val.share_range", got=f"{getattr(given, k):g}")
                        )
        if self.improvement < 0:
            other = "lower" if self.better == "higher" else "higher"
            key = "val.worse_below" if self.better == "higher" else "val.worse_above"
            raise ValueError(say(key, other=other))
        return self

    def overrides(self) -> list[tuple[str | None, int | None, Levels]]:
        """Levels stated for some cohorts or years, in the order they apply (a later one
        wins): by year since intake, by cohort, by cohort and year; as (cohort name or None
        for every cohort, year since intake or None for every year, levels)."""
        found: list[tuple[str | None, int | None, Levels]] = [
            (None, k, v) for k, v in sorted(self.by_year.items())
        ]
        for name, given in self.by_cohort.items():
            if _stated(given):
                found.append((name, None, given))
            found += [(name, k, v) for k, v in sorted(given.by_year.items())]
        return found

    @property
    def improvement(self) -> float:
        """Attributable improvement per participant in a year of full effect, before
        attribution and optimism bias (with_programme - baseline, or effect x (1 - deadweight))."""
        if self.effect is not None:
            return point(self.effect) * (1 - (point(self.deadweight) if self.deadweight is not None else 0.0))
        sign = 1 if self.better == "higher" else -1
        return sign * (point(self.with_programme) - point(self.baseline))

    @property
    def net_improvement(self) -> float:
        """Improvement after attribution and optimism bias: delta x attribution x (1 - bias)."""
        return self.improvement * point(self.attribution) * (1 - point(self.optimism_bias))


class TransactionCost(Strict):
    category: Annotated[str, Field(min_length=1)]
    amounts: Annotated[AmountsByYear, Field(min_length=1), EACH_YEAR_ONCE]
    payer: Literal["municipality", "investor", "region", "state", "other"] = "municipality"
    under: Literal["both", "sib", "self"] = "both"
    source: str = ""
    area: Area = ""  # the committee or budget area (udvalg / bevillingsområde) that bears it


class Caps(Strict):
    total: Money | None = None
    multiple: Factor | None = None
    annual_return: Rate | None = None
    # never more than is outstanding: the capital drawn so far (with interest at annual_return,
    # where given) less what has been paid, as a loan is repaid
    outstanding: bool = False
    per_year: Money | None = None


Judged = Literal["pooled", "per_cohort"]


Scale = Literal["share_of_target", "change", "level"]


NO_CAPS = Caps()  # the one default: frozen, so shared, never copied


class Condition(Strict):
    """A threshold, stated one of three ways: the achieved improvement as a share of the
    outcome's target; as a change against the baseline (0.10: 10 % better than the baseline,
    a 10 % reduction where lower is better); or as the level reached with the programme (at
    least this where higher is better, at most this where lower is)."""

    share_of_target: Factor | None = None
    change: Factor | None = None
    level: Level | None = None
    judged: Judged = "pooled"
    outcome: str | None = None

    @model_validator(mode="after")
    def _one_threshold(self) -> Condition:
        if sum(v is not None for v in (self.share_of_target, self.change, self.level)) != 1:
            raise ValueError(say("val.threshold_kind"))
        return self

    @property
    def scale(self) -> Scale:
        return (
            "share_of_target"
            if self.share_of_target is not None
            else "change"
            if self.change is not None
            else "level"
        )

    @property
    def needed(self) -> float:
        value = (
            self.share_of_target
            if self.share_of_target is not None
            else self.change
            if self.change is not None
            else self.level
        )
        assert value is not None
        return value


def _one_or_more(item: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [item, {"type": "array", "items": item, "minItems": 1, "maxItems": MAX_ITEMS}]}


def _rising(points: list[int]) -> list[int]:
    if points != sorted(set(points)):
        raise ValueError(say("val.measurements_rise"))
    return points


class Measured(Strict):
    """When a rule's results are measured: a stated number of years after each cohort's
    intake year, or at fixed calendar years; the last measurement is the final one. A
    result arising after a cohort's last measurement is not measured and not paid."""

    after_intake: (
        Annotated[
            list[YearsAfter],
            Field(min_length=1, max_length=MAX_ITEMS),
            AfterValidator(_rising),
            WithJsonSchema(_one_or_more({"type": "integer", "minimum": 0, "maximum": 50})),
        ]
        | None
    ) = None
    years: (
        Annotated[
            list[Year],
            Field(min_length=1, max_length=MAX_ITEMS),
            AfterValidator(_rising),
            WithJsonSchema(_one_or_more({"type": "integer", "minimum": 1900, "maximum": 2200})),
        ]
        | None
    ) = None
    # each measurement judges a cohort on its results so far and pays what is then due on all
    # of them, less what was paid before (an interim payment is netted, never clawed back)
    true_up: bool = False

    @field_validator("after_intake", "years", mode="before")
    @classmethod
    def _one_or_a_list(cls, value: Any) -> Any:
        return [value] if isinstance(value, int) and not isinstance(value, bool) else value

    @model_validator(mode="after")
    def _one_schedule(self) -> Measured:
        if (self.after_intake is None) == (self.years is None):
            raise ValueError(
                "give after_intake (years after each cohort's intake) or years (fixed years), one of them"
            )
        return self


class RuleBase(Strict):
    name: str = ""
    area: Area = ""  # the committee or budget area that pays it (default: the financing's)
    success: Annotated[list[Condition], Field(max_length=MAX_ITEMS)] = []
    cap: Caps = Field(default_factory=lambda: NO_CAPS)
    measured: Measured | None = None

    @property
    def dated(self) -> bool:
        """Paid on its own stated dates (a fixed schedule, tiers of lump sums), not as results
        are measured."""
        return False


class RateCard(RuleBase):
    type: Literal["rate_card"]
    outcome: str
    price: Money
    lag: Lag = 0


class SavingsShare(RuleBase):
    type: Literal["savings_share"]
    share: Share
    outcomes: list[str] = []
    # whose savings are shared: the municipality's cashable savings by default; a region's, the
    # state's or others' savings as estimated (cashable applies to the municipality's only)
    of: Annotated[list[Holder], Field(min_length=1)] = ["municipality"]
    hurdle: Factor | None = (
        None  # a flat return: the share falls once the investor has capital x (1 + hurdle)
    )
    hurdle_rate: Rate | None = None  # or interest a year: once it has its capital plus that interest
    then_share: Share | None = None
    lag: Lag = 0
    # only the savings that arise in these years are shared (a repayment period, say)
    savings_from: Year | None = None
    savings_to: Year | None = None

    @model_validator(mode="after")
    def _window(self) -> SavingsShare:
        if (
            self.savings_from is not None
            and self.savings_to is not None
            and self.savings_from > self.savings_to
        ):
            raise ValueError(say("val.window", first=self.savings_from, last=self.savings_to))
        return self

    @model_validator(mode="after")
    def _waterfall_pairs(self) -> SavingsShare:
        if self.hurdle is not None and self.hurdle_rate is not None:
            raise ValueError(say("val.hurdle_or_rate"))
        if (self.hurdle is None and self.hurdle_rate is None) != (self.then_share is None):
            raise ValueError(say("val.hurdle_then"))
        return self

    @property
    def waterfall(self) -> bool:
        return self.then_share is not None


class FixedSchedule(RuleBase):
    type: Literal["fixed"]
    amounts: Annotated[AmountsByYear, Field(min_length=1), EACH_YEAR_ONCE]

    @property
    def dated(self) -> bool:
        return True

    @model_validator(mode="after")
    def _needs_success(self) -> FixedSchedule:
        if not self.success:
            raise ValueError(say("val.fixed_success"))
        return self


class Tier(Strict):
    at_least: Annotated[float, Field(ge=0, le=MAX_LEVEL)]
    price: Money | None = None
    amount: Money | None = None

    @model_validator(mode="after")
    def _price_or_amount(self) -> Tier:
        if (self.price is None) == (self.amount is None):
            raise ValueError(say("val.price_or_amount"))
        return self


class Tiers(RuleBase):
    type: Literal["tiers"]
    outcome: str
    judged: Judged = "pooled"
    by: Scale = "share_of_target"  # what at_least is: a share of the target, a change or a level
    tiers: Annotated[list[Tier], Field(min_length=1, max_length=MAX_ITEMS)]
    year: Year | None = None
    lag: Lag = 0

    @model_validator(mode="after")
    def _ladder(self) -> Tiers:
        steps = [t.at_least for t in self.tiers]
        if len(set(steps)) != len(steps) or (steps != sorted(steps) and self.by != "level"):
            raise ValueError(say("val.tiers_rise"))
        if self.by != "level" and max(steps) > MAX_FACTOR:
            raise ValueError(say("val.tiers_max", most=f"{MAX_FACTOR:g}"))
        kinds = {t.price is None for t in self.tiers}
        if len(kinds) > 1:
            raise ValueError(say("val.tiers_same"))
        if self.tiers[0].amount is not None and self.year is None:
            raise ValueError(say("val.tiers_year"))
        return self

    @property
    def lump_sums(self) -> bool:
        return self.tiers[0].amount is not None

    @property
    def dated(self) -> bool:
        return self.lump_sums


class Band(Strict):
    at_least: Level
    rate: Rate  # the investor's return a year: interest on its capital outstanding


class ReturnBands(RuleBase):
    """Payments that give the investor a stated return a year by band of results (the
    highest band the pooled result reaches): each year interest at the band's rate on the
    capital outstanding (drawn in earlier years), at least `minimum_rate` in the first
    `minimum_years` years of interest, and in the redemption year the share `principal` of
    the capital (`principal_below` where no band is reached)."""

    type: Literal["return_bands"]
    outcome: str
    by: Scale = "share_of_target"
    bands: Annotated[list[Band], Field(min_length=1, max_length=MAX_ITEMS)]
    minimum_rate: Rate | None = None
    minimum_years: Annotated[int, Field(ge=1, le=50)] | None = None
    redemption: Year | None = None  # default: the settlement year
    principal: Share = 1.0
    principal_below: Share = 1.0

    @model_validator(mode="after")
    def _ladder(self) -> ReturnBands:
        steps = [b.at_least for b in self.bands]
        if len(set(steps)) != len(steps) or (steps != sorted(steps) and self.by != "level"):
            raise ValueError(say("val.bands_rise"))
        if (self.minimum_rate is None) != (self.minimum_years is None):
            raise ValueError(say("val.minimum_together"))
        return self


PaymentRule = Annotated[
    RateCard | SavingsShare | FixedSchedule | Tiers | ReturnBands, Field(discriminator="type")
]


class Guarantee(Strict):
    share: Share = 1.0
    max: Money | None = None
    guarantor: str = ""


class CoPayer(Strict):
    """Another payer of the outcome payments beside the municipality (a region, the state,
    a co-commissioner or fund): its share of each payment, at most `max` in all. The
    municipality pays the rest, and any capital protection top-up."""

    name: Annotated[str, Field(min_length=1)]
    payer: Literal["region", "state", "other"]
    share: Share
    max: Money | None = None
    source: str = ""


class Grant(Strict):
    """Money that funds part of the programme cost and is never repaid."""

    name: Annotated[str, Field(min_length=1)]
    payer: Literal["region", "state", "other"]
    amounts: Annotated[AmountsByYear, Field(min_length=1), EACH_YEAR_ONCE]
    under: Literal["both", "sib", "self"] = "both"
    source: str = ""


class Investor(Strict):
    """An investor (or a tranche): what it commits, its priority when receipts are paid
    out (1 is the most senior) and its coupon, a yearly interest rate on what it is owed."""

    name: Annotated[str, Field(min_length=1)]
    amount: Annotated[float, Field(gt=0, le=MAX_MONEY)]
    priority: Annotated[int, Field(ge=1, le=10)] = 1
    coupon: Rate | None = None
    source: str = ""


class Termination(Strict):
    """The programme stops after `year`: no cohort enters later and no programme cost falls
    later. With settle, the contract ends then too: no outcome payment after it, and capital
    protection and the guarantee are settled in it; without, the contract runs on for the
    cohorts served."""

    year: Year
    settle: bool = False


class FundTerms(Strict):
    """A municipality's own social investment fund: it lends the programme its cost as it
    falls due, the department repays a share of its documented (cashable) savings in the
    repayment years, at most the loan with interest, and what is unpaid when the repayment
    years end is written off by the fund."""

    name: Annotated[str, Field(min_length=1, max_length=200)]
    share: Share  # of the department's cashable savings, repaid to the fund
    repay_from: Year | None = None  # the first repayment year (default: the case's start year)
    repay_years: Annotated[int, Field(ge=1, le=50)]
    interest: Rate = 0.0  # a year on what is outstanding; the repayments never exceed it
    area: Area = ""  # the committee or department that repays (default: the financing's area)
    source: str = ""


class Financing(Strict):
    mode: Literal["sib", "self", "fund"]
    investor: str = ""  # the investor's name (a fund, say), where one investor is not in `investors`
    area: Area = ""  # the committee or budget area that pays the outcome payments
    capital: Literal["as_needed", "upfront"] = "as_needed"
    payments: Annotated[list[PaymentRule], Field(max_length=MAX_ITEMS)] = []
    payers: Annotated[list[CoPayer], Field(max_length=MAX_ITEMS)] = []
    investors: Annotated[list[Investor], Field(max_length=MAX_ITEMS)] = []
    cap: Caps = Field(default_factory=lambda: NO_CAPS)
    capital_protection: Share = 0.0
    # what the protection floors: everything the investor receives (receipts), or the capital it
    # gets back (principal: interest paid under return bands does not count towards it)
    protection_of: Literal["receipts", "principal"] = "receipts"
    guarantee: Guarantee | None = None
    settlement_year: Year | None = None
    # where fewer participants are recruited than planned: fixed amounts and lump sums scale with
    # the share recruited (scale), or stay as written (keep)
    on_shortfall: Literal["scale", "keep"] = "scale"
    fund: FundTerms | None = None  # the terms of a loan from the municipality's own fund (mode: fund)

    @model_validator(mode="after")
    def _fund_terms(self) -> Financing:
        if self.mode == "fund" and self.fund is None:
            raise ValueError(say("val.fund_terms"))
        return self


class Case(Strict):
    case: CaseInfo
    cohorts: Annotated[list[Cohort], Field(min_length=1, max_length=MAX_COHORTS)]
    programme_cost: ProgrammeCost
    outcomes: Annotated[list[Outcome], Field(min_length=1, max_length=MAX_ITEMS)]
    transaction_costs: Annotated[list[TransactionCost], Field(max_length=MAX_ITEMS)] = []
    grants: Annotated[list[Grant], Field(max_length=MAX_ITEMS)] = []
    termination: Termination | None = None
    financing: Financing
    # the deal's identifiers, dates, sector, organisations and sources
    deal: Deal = Field(default_factory=lambda: NO_DEAL)
    scenarios: dict[str, dict[str, Any]] = {}  # name: {input path: value}, applied by the loader
    _scenario: str | None = PrivateAttr(default=None)  # the scenario the loader applied, if any
    _fund: str | None = PrivateAttr(default=None)  # the own fund it was financed by (mode: fund), if any

    @model_validator(mode="after")
    def _as_fund_loan(self) -> Case:
        """A case financed by the municipality's own fund is run as a SIB whose investor is
        the fund and whose one payment rule is the department's repayment (sib_case.fund)."""
        if self.financing.mode != "fund":
            return self
        from .fund import as_fund_loan

        terms, info = self.financing.fund, self.case
        first = (terms.repay_from or info.start_year) if terms else info.start_year
        if not info.start_year <= first <= info.start_year + info.horizon - 1:
            last = info.start_year + info.horizon - 1
            raise ValueError(say("val.repay_from", year=first, first=info.start_year, last=last))

        return as_fund_loan(self)

    @property
    def mode(self) -> Literal["sib", "self"]:
        """The financing the engine runs: a loan from the municipality's own fund runs as a
        SIB whose investor is the fund."""
        return "self" if self.financing.mode == "self" else "sib"

    @property
    def fund(self) -> str | None:
        """The name of the municipality's own fund the case is financed by (None: a SIB or
        self-financed)."""
        return self._fund

    @property
    def scenario(self) -> str | None:
        """The named scenario of the case file this case is (None: the case as written)."""
        return self._scenario

    def as_scenario(self, name: str | None) -> Case:
        """This case, known as scenario `name` of its file."""
        case = self.model_copy()
        case._scenario = name
        return case

    @property
    def years(self) -> list[int]:
        return list(range(self.case.start_year, self.case.start_year + self.case.horizon))

    def outcome_index(self, name: str) -> int:
        return [o.name for o in self.outcomes].index(name)


Issue = tuple[tuple[str | int, ...], str]


def notices(case: Case) -> list[Issue]:
    """What the model leaves out of a valid case, for the user to know: payments for results
    that arise so late that they would fall due after the settlement year (or the case's last
    year), paid as results arise plus the lag; and, where a termination settles the contract,
    dated payments after it."""
    ran = as_run(case)  # a termination with settle moves the settlement year
    last = case.case.start_year + case.case.horizon - 1
    settles = min(ran.financing.settlement_year or last, last)
    names = [o.name for o in case.outcomes]
    out: list[Issue] = []
    if case.termination is not None and case.termination.settle:
        for i, rule in enumerate(case.financing.payments):
            dates = list(rule.amounts) if isinstance(rule, FixedSchedule) else []
            dates += [y for y in [getattr(rule, "year", None), getattr(rule, "redemption", None)] if y]
            lag = getattr(rule, "lag", 0)
            dates += [y + lag for c in ran.cohorts for y in measurement_years(rule, c) or []]
            if late := sorted({y for y in dates if y > settles}):
                out.append(
                    (
                        ("financing", "payments", i),
                        say("note.termination", year=settles, years=", ".join(map(str, late))),
                    )
                )
    for i, rule in enumerate(case.financing.payments):
        complete = _own_results_complete(rule, case) if rule.dated and rule.measured is None else None
        year = getattr(rule, "year", None)
        dates = list(rule.amounts) if isinstance(rule, FixedSchedule) else [year] if year else []
        early = [y for y in dates if complete is not None and y < complete]
        if early and pooled_year(rule, case) is None:  # a pooled judgement before its result is refused
            n = min(early) - max(c.year for c in case.cohorts)
            out.append(
                (
                    ("financing", "payments", i),
                    say("note.dated_early", years=_and([str(y) for y in early]), year=complete)
                    + (say("note.dated_early.eg", n=n) if n >= 0 else ""),
                )
            )
    for i, rule in enumerate(case.financing.payments):
        if rule.measured is not None or rule.dated or not isinstance(rule, RateCard | SavingsShare | Tiers):
            continue
        outcomes = rule.outcomes or names if isinstance(rule, SavingsShare) else [rule.outcome]
        lags = [item.lag for o in case.outcomes if o.name in outcomes for item in o.savings] or [0]
        extra = max(lags) if isinstance(rule, SavingsShare) else 0
        arise = min(
            last,
            max(c.year for c in case.cohorts)
            + max(len(case.outcomes[names.index(o)].profile) for o in outcomes)
            - 1
            + extra,
        )
        if arise + rule.lag > settles:
            first = settles - rule.lag + 1
            years = str(arise) if first >= arise else say("note.span", first=first, last=arise)
            out.append(
                (
                    ("financing", "payments", i),
                    say("note.paid_late", years=years, year=settles, lag=rule.lag),
                )
            )
    out.extend(left_to_fill(case))  # what an imported skeleton still leaves to fill in
    return out


def judged_outcome(rule: RuleBase, cond: Condition) -> str | None:
    """The outcome a condition is judged on: its own, or the rule's."""
    return cond.outcome or getattr(rule, "outcome", None)


def measurement_years(rule: RuleBase, cohort: Cohort) -> list[int] | None:
    """The calendar years in which a cohort's results are measured for a rule, or None
    where they are measured every year, as they arise."""
    if rule.measured is None:
        return None
    if rule.measured.after_intake is not None:
        return [cohort.year + n for n in rule.measured.after_intake]
    return list(rule.measured.years or [])


def pooled_year(rule: RuleBase, case: Case) -> int | None:
    """The calendar year in which the pooled result a rule depends on is measured (at the
    latest the case's last year): the last cohort's last measurement, or, measured as
    results arise, the last year of the last cohort's profile. None where nothing in the
    rule is judged pooled (or judged on an outcome that does not exist: check_case says so)."""
    names = [o.name for o in case.outcomes]
    on = [judged_outcome(rule, c) for c in rule.success if c.judged == "pooled"]
    if isinstance(rule, Tiers) and rule.judged == "pooled":
        on.append(rule.outcome)
    if not on:
        return None
    last_year = case.case.start_year + case.case.horizon - 1
    if rule.measured is None:
        lengths = [len(case.outcomes[names.index(n)].profile) for n in on if n in names]
        if not lengths:
            return None
        last = max(c.year for c in case.cohorts) + max(lengths) - 1
    else:
        last = max(max(measurement_years(rule, c) or [0]) for c in case.cohorts)
    return min(last, last_year)


def _own_results_complete(rule: RuleBase, case: Case) -> int | None:
    """Where a rule judges each cohort on its own results, measured as they arise: the year
    the last cohort's are complete (the end of its profile, at the latest the case's last)."""
    names = [o.name for o in case.outcomes]
    on = [judged_outcome(rule, c) for c in rule.success if c.judged == "per_cohort"]
    if isinstance(rule, Tiers) and rule.judged == "per_cohort":
        on.append(rule.outcome)
    lengths = [len(case.outcomes[names.index(n)].profile) for n in on if n in names]
    if not lengths:
        return None
    last_year = case.case.start_year + case.case.horizon - 1
    return min(max(c.year for c in case.cohorts) + max(lengths) - 1, last_year)


def check_case(case: Case) -> list[Issue]:
    """Whole-case checks: each problem with its path, all at once."""
    issues: list[Issue] = []
    first, last = case.case.start_year, case.case.start_year + case.case.horizon - 1

    def year_in(path: tuple[str | int, ...], year: int) -> None:
        if not first <= year <= last:
            span = say("err.between", lo=first, hi=last) + say("val.span_from")
            issues.append((path, say("val.year", span=span, got=year)))

    items = max(len(case.outcomes), sum(len(o.savings) for o in case.outcomes))
    if (size := len(case.cohorts) * items * case.case.horizon) > MAX_CELLS:
        issues.append(
            (
                ("cohorts",),
                say(
                    "val.too_large",
                    cohorts=len(case.cohorts),
                    items=items,
                    years=case.case.horizon,
                    size=f"{size:,}",
                    most=f"{MAX_CELLS:,}",
                ),
            )
        )
    for i, cohort in enumerate(case.cohorts):
        year_in(("cohorts", i, "year"), cohort.year)
    if (stop := case.termination) is not None:
        year_in(("termination", "year"), stop.year)
        if all(c.year > stop.year for c in case.cohorts):
            issues.append((("termination", "year"), say("val.all_after", year=stop.year)))
        elif all(
            (c.recruited if c.recruited is not None else c.participants) == 0
            for c in case.cohorts
            if c.year <= stop.year
        ):
            issues.append((("termination", "year"), say("val.none_by", year=stop.year)))
    elif all(c.recruited == 0 for c in case.cohorts):
        issues.append((("cohorts",), say("val.no_recruits")))
    for year in case.programme_cost.fixed:
        year_in(("programme_cost", "fixed", year), year)
    for i, cost in enumerate(case.transaction_costs):
        for year in cost.amounts:
            year_in(("transaction_costs", i, "amounts", year), year)
        if cost.payer == "investor" and cost.under != "sib":
            issues.append(
                (
                    ("transaction_costs", i, "under"),
                    say("val.investor_cost_sib"),
                )
            )
    planned = _programme_cost_by_year(case)
    for year in case.programme_cost.spent:
        year_in(("programme_cost", "spent", year), year)
    for i, grant in enumerate(case.grants):
        for year, amount in grant.amounts.items():
            year_in(("grants", i, "amounts", year), year)
            if first <= year <= last and amount > planned[year] + 1e-6:
                issues.append(
                    (
                        ("grants", i, "amounts", year),
                        say("val.grant_above", year=year, cost=f"{planned[year]:,.0f}"),
                    )
                )
    if investors := case.financing.investors:
        granted = sum(a for g in case.grants if g.under != "self" for a in g.amounts.values())
        by_investor = sum(
            a for t in case.transaction_costs if t.payer == "investor" for a in t.amounts.values()
        )
        need = sum(planned.values()) - granted + by_investor
        if (committed := sum(i.amount for i in investors)) < need - 0.5:
            issues.append(
                (
                    ("financing", "investors"),
                    say("val.commit_short", committed=f"{committed:,.0f}", need=f"{need:,.0f}"),
                )
            )
    names_of_investors = [i.name for i in case.financing.investors]
    for i, name in enumerate(names_of_investors):
        if names_of_investors.index(name) != i:
            issues.append((("financing", "investors", i, "name"), say("val.investor_twice", name=name)))
    if (shares := sum(p.share for p in case.financing.payers)) > 1 + 1e-9:
        issues.append((("financing", "payers"), say("val.payers_sum", got=f"{shares:g}")))
    if case.case.price_year is not None and case.case.price_year > last:
        issues.append((("case", "price_year"), say("val.price_year", last=last, got=case.case.price_year)))

    cohort_names = [c.name for c in case.cohorts]
    for o, outcome in enumerate(case.outcomes):
        for name, given in outcome.by_cohort.items():
            if name not in cohort_names:
                listed = ", ".join(f"'{n}'" for n in cohort_names if n) or say("val.no_names")
                issues.append(
                    ((("outcomes", o, "by_cohort", name)), say("val.no_cohort", name=name, listed=listed))
                )
            elif cohort_names.count(name) > 1:
                issues.append(((("outcomes", o, "by_cohort", name)), say("val.cohort_twice", name=name)))
            for year in given.by_year:
                if year >= len(outcome.profile):
                    issues.append(
                        (
                            ("outcomes", o, "by_cohort", name, "by_year", year),
                            say("val.profile_years", n=len(outcome.profile), last=len(outcome.profile) - 1),
                        )
                    )
        for year in outcome.by_year:
            if year >= len(outcome.profile):
                issues.append(
                    (
                        ("outcomes", o, "by_year", year),
                        say("val.profile_years", n=len(outcome.profile), last=len(outcome.profile) - 1),
                    )
                )
    names = [o.name for o in case.outcomes]
    for i, name in enumerate(names):
        if names.index(name) != i:
            issues.append((("outcomes", i, "name"), say("val.outcome_twice", name=name)))
    known = ", ".join(names)
    fin = case.financing
    if fin.settlement_year is not None:
        year_in(("financing", "settlement_year"), fin.settlement_year)

    def outcome_ref(path: tuple[str | int, ...], name: str, scale: Scale | None) -> None:
        if name not in names:
            issues.append((path, say("val.no_outcome", name=name, known=known)))
            return
        outcome = case.outcomes[names.index(name)]
        if scale == "share_of_target" and not outcome.target:
            issues.append((path, say("val.needs_target", name=name)))
        if scale in ("change", "level") and outcome.baseline is None:
            issues.append(
                (
                    path,
                    say("val.needs_baseline", scale=scale, name=name),
                )
            )
        if scale == "change" and outcome.baseline is not None and point(outcome.baseline) == 0:
            issues.append((path, say("val.change_zero", name=name)))

    settles = fin.settlement_year if fin.settlement_year is not None else last
    for i, rule in enumerate(fin.payments):
        base: tuple[str | int, ...] = ("financing", "payments", i)
        if isinstance(rule, RateCard | Tiers | ReturnBands):
            outcome_ref(
                (*base, "outcome"), rule.outcome, rule.by if isinstance(rule, Tiers | ReturnBands) else None
            )
        if isinstance(rule, ReturnBands):
            issues.extend(_bands_issues(rule, base, settles, first, last))
        if isinstance(rule, Tiers | ReturnBands) and rule.by == "level" and rule.outcome in names:
            steps = [t.at_least for t in (rule.tiers if isinstance(rule, Tiers) else rule.bands)]
            lower = case.outcomes[names.index(rule.outcome)].better == "lower"
            if steps != sorted(steps, reverse=lower):
                key = "val.tiers_fall" if lower else "val.tiers_climb"
                issues.append(((*base, "tiers"), say(key, name=rule.outcome)))
        if isinstance(rule, SavingsShare):
            for j, name in enumerate(rule.outcomes):
                outcome_ref((*base, "outcomes", j), name, None)
        if isinstance(rule, FixedSchedule):
            for year in rule.amounts:
                year_in((*base, "amounts", year), year)
                if first <= year <= last and year > settles:
                    issues.append(
                        (
                            (*base, "amounts", year),
                            say("val.due_after_settlement", year=settles),
                        )
                    )
        if isinstance(rule, Tiers) and rule.year is not None:
            year_in((*base, "year"), rule.year)
            if not rule.lump_sums:
                issues.append(
                    (
                        (*base, "year"),
                        "tiers with prices are paid as their units arise (with lag); year is for tiers "
                        "with amounts (lump sums): remove it, or give amounts",
                    )
                )
            elif first <= rule.year <= last and rule.year > settles:
                issues.append(
                    (
                        (*base, "year"),
                        say("val.after_settlement", year=settles),
                    )
                )
        issues.extend(_timing_issues(case, rule, base, settles))
        for j, cond in enumerate(rule.success):
            judged_on = judged_outcome(rule, cond)
            if judged_on is None:
                issues.append(((*base, "success", j, "outcome"), say("val.which_outcome")))
            else:
                outcome_ref((*base, "success", j, "outcome"), judged_on, cond.scale)
    return issues


def _bands_issues(
    rule: ReturnBands, base: tuple[str | int, ...], settles: int, first: int, last: int
) -> list[Issue]:
    """Return bands pay on the pooled result as the case states it, up to redemption."""
    issues: list[Issue] = []
    for key in ("success", "measured"):
        if getattr(rule, key):
            issues.append(((*base, key), say("val.bands_pooled", key=key)))
    if rule.redemption is not None:
        if not first <= rule.redemption <= last:
            issues.append(
                (
                    (*base, "redemption"),
                    say("val.year", span=say("err.between", lo=first, hi=last), got=rule.redemption),
                )
            )
        elif rule.redemption > settles:
            issues.append(
                (
                    (*base, "redemption"),
                    say("val.after_settlement", year=settles),
                )
            )
    return issues


def as_run(case: Case) -> Case:
    """The case as the programme runs: the participants recruited in place of those planned
    (fixed amounts and lump sums scaled by the share recruited, unless on_shortfall: keep),
    and after a termination no later cohort, no later fixed programme cost and, with settle,
    the settlement in that year. (A cohort's cost spread past the termination is cut by the
    engine.) The case itself where neither applies."""
    fin, stop = case.financing, case.termination
    recruited = any(c.recruited is not None for c in case.cohorts)
    if stop is None and not recruited:
        return case
    cohorts = [c for c in case.cohorts if stop is None or c.year <= stop.year]
    planned = sum(c.participants for c in cohorts)
    cohorts = [
        c.model_copy(update={"participants": c.recruited}) if c.recruited is not None else c for c in cohorts
    ]
    cohorts = [c for c in cohorts if c.participants > 0]
    ratio = sum(c.participants for c in cohorts) / planned if planned else 0.0
    payments = list(fin.payments)
    if recruited and fin.on_shortfall == "scale" and ratio != 1:
        payments = [_scaled_amounts(rule, ratio) for rule in payments]
    update: dict[str, Any] = {"payments": payments}
    programme = case.programme_cost
    if stop is not None:
        programme = programme.model_copy(
            update={"fixed": {y: a for y, a in programme.fixed.items() if y <= stop.year}}
        )
        if stop.settle:
            update["settlement_year"] = min(stop.year, fin.settlement_year or stop.year)
    return case.model_copy(
        update={"cohorts": cohorts, "programme_cost": programme, "financing": fin.model_copy(update=update)}
    )


def _scaled_amounts(rule: PaymentRule, ratio: float) -> PaymentRule:
    if isinstance(rule, FixedSchedule):
        return rule.model_copy(update={"amounts": {y: a * ratio for y, a in rule.amounts.items()}})
    if isinstance(rule, Tiers) and rule.lump_sums:
        tiers = [t.model_copy(update={"amount": (t.amount or 0.0) * ratio}) for t in rule.tiers]
        return rule.model_copy(update={"tiers": tiers})
    return rule


def _programme_cost_by_year(case: Case) -> dict[int, float]:
    """The programme cost of every year at point values (engine.compile_case's sum)."""
    programme = case.programme_cost
    participants = dict.fromkeys(case.years, 0.0)  # spread over the years, cohort by cohort
    for c in case.cohorts:
        for k, share in enumerate(programme.spread):
            if c.year + k in participants:
                participants[c.year + k] += c.participants * share
    per = point(programme.per_participant)
    return {
        year: per * n + programme.fixed.get(year, 0.0)
        if year not in programme.spent
        else programme.spent[year]
        for year, n in participants.items()
    }


def _timing_issues(case: Case, rule: PaymentRule, base: tuple[str | int, ...], settles: int) -> list[Issue]:
    """A payment may not fall before the measurement it rests on, nor after the settlement
    year: each measurement (plus the lag) and the pooled measurement checked against both."""
    first, last = case.case.start_year, case.case.start_year + case.case.horizon - 1
    issues: list[Issue] = []
    if isinstance(rule, ReturnBands):
        return []  # judged on the pooled result as stated, each year (_bands_issues)
    dated = rule.dated
    lag = 0 if dated else getattr(rule, "lag", 0)
    measured = [(c, y) for c in case.cohorts for y in measurement_years(rule, c) or []]
    if rule.measured is not None:
        if rule.measured.true_up and not isinstance(rule, RateCard | SavingsShare):
            issues.append(((*base, "measured", "true_up"), say("val.true_up_rules")))
        for k, year in enumerate(rule.measured.years or []):
            if not first <= year <= last:
                issues.append(
                    (
                        (*base, "measured", "years", k),
                        say("val.year", span=say("err.between", lo=first, hi=last), got=year),
                    )
                )
        late = [(c, y) for c, y in measured if y > last] if rule.measured.after_intake is not None else []
        for cohort, year in late[:1]:
            issues.append(
                (
                    (*base, "measured"),
                    say("val.measured_late", cohort=cohort.name or cohort.year, year=year, last=last),
                )
            )
        for cohort, year in [(c, y) for c, y in measured if first <= y <= last and y + lag > settles][:1]:
            key = "val.paid_after_cohort" if rule.measured.after_intake is not None else "val.paid_after"
            issues.append(
                (
                    (*base, "measured"),
                    say(key, cohort=cohort.name or cohort.year, year=year, paid=year + lag, settles=settles),
                )
            )
    pooled = pooled_year(rule, case)
    judged = pooled if pooled is not None or not measured else max(y for _, y in measured)
    if judged is None:
        return issues

    def when() -> str:  # said only where a problem is found: most cases have none
        if rule.measured is None:
            return say("val.pooled_complete", year=judged)
        return say("val.pooled_measured" if pooled is not None else "val.result_measured", year=judged)

    if dated:
        if isinstance(rule, FixedSchedule):
            dates = list(rule.amounts)
        else:
            dates = [rule.year] if isinstance(rule, Tiers) and rule.year is not None else []
        early = [y for y in dates if y < judged]
        suggestion = ""
        if early and rule.measured is None:
            n = min(early) - max(c.year for c in case.cohorts)
            if n >= 0:
                suggestion = say("val.or_say_when", n=n)
        if early:
            path = (*base, "amounts", early[0]) if isinstance(rule, FixedSchedule) else (*base, "year")
            also = say("val.also", years=_and([str(y) for y in early[1:]])) if early[1:] else ""
            issues.append(
                (
                    path,
                    say("val.paid_before_result", year=early[0], also=also, when=when(), judged=judged)
                    + suggestion,
                )
            )
    elif pooled is not None and pooled + lag > settles:
        issues.append(
            (
                (*base, "success"),
                say("val.pooled_after", when=when(), paid=pooled + lag, settles=settles),
            )
        )
    return issues


def json_schema() -> dict[str, Any]:
    """The JSON Schema of case files, for editors (VS Code's YAML extension) and checkers."""
    schema = Case.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "sib-case/case.schema.json",
        **schema,
        "title": "sib-case case file",
        "description": "A business case for a social impact investment; see the README for every key.",
    }
