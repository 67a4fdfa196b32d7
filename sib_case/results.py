"""Measured results of a running deal: a results file beside its case, and the case as the
results make it.

A results file (`NAME.results.yaml`, the case's format conventions) lists measurements:
for a cohort and a year, the measured level of each outcome (with the programme, and
optionally the baseline it is measured against), the participants recruited and still in
the programme. It may also list the outcome payments actually made and the programme cost
actually spent, by year, and a termination (the deal as stopped, in place of the case's).

Results are a layer over the case: a measurement in year Y stands for the cohort's results
in the years since its previous measurement in the file (or since its intake) up to Y, in
place of the case's assumed levels; the participants recruited replace the planned ones.
Everything not measured keeps the case's assumptions. With results equal to the
assumptions, every figure is the business case's.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Discriminator, Field, Tag

from .labels import say
from .model import (
    EACH_YEAR_ONCE,
    MAX_COHORTS,
    MAX_ITEMS,
    MAX_LEVEL,
    MAX_PARTICIPANTS,
    AmountsByYear,
    Case,
    CohortLevels,
    Issue,
    Level,
    Levels,
    Strict,
    Termination,
    Year,
    _and,
    measurement_years,
    point,
)


def _number_or_levels(value: Any) -> str:
    return "levels" if isinstance(value, dict | Levels) else "number"


# the level with the programme, or {with_programme, baseline} / {effect}
Measured = Annotated[
    Annotated[Level, Tag("number")] | Annotated[Levels, Tag("levels")],
    Discriminator(_number_or_levels),
]


class Reading(Strict):
    """One measurement of one cohort."""

    cohort: Annotated[str, Field(min_length=1)]
    year: Year
    outcomes: Annotated[dict[str, Measured], Field(max_length=MAX_ITEMS, default_factory=dict)]
    recruited: Annotated[int, Field(ge=0, le=MAX_PARTICIPANTS)] | None = None
    in_programme: Annotated[int, Field(ge=0, le=MAX_PARTICIPANTS)] | None = None  # for the record
    source: str = ""  # for the record


class ResultsFile(Strict):
    results: Annotated[list[Reading], Field(max_length=MAX_COHORTS * 100, default_factory=list)]
    payments_made: Annotated[
        AmountsByYear, Field(default_factory=dict), EACH_YEAR_ONCE
    ]  # outcome payments made, by year
    spent: Annotated[
        AmountsByYear, Field(default_factory=dict), EACH_YEAR_ONCE
    ]  # programme cost actually spent, by year
    termination: Termination | None = None  # the deal as stopped, in place of the case's own
    description: str = ""


def check_results(results: ResultsFile, case: Case) -> list[Issue]:
    """Problems of a results file against its case: every cohort, outcome and measurement
    year must exist in the contract, and every level lie in the outcome's range."""
    issues: list[Issue] = []
    cohorts = {c.name: c for c in case.cohorts if c.name}
    names = [o.name for o in case.outcomes]
    first, last = case.case.start_year, case.case.start_year + case.case.horizon - 1
    seen: set[tuple[str, int]] = set()
    for i, reading in enumerate(results.results):
        at: tuple[str | int, ...] = ("results", i)
        cohort = cohorts.get(reading.cohort)
        if cohort is None:
            known = ", ".join(f"'{n}'" for n in cohorts) or say("res.no_names")
            issues.append(((*at, "cohort"), say("res.no_cohort", name=reading.cohort, known=known)))
            continue
        if (reading.cohort, reading.year) in seen:
            issues.append(((*at, "year"), say("res.twice", name=reading.cohort, year=reading.year)))
        seen.add((reading.cohort, reading.year))
        years = _measurement_years(case, cohort)
        if reading.year not in years:
            shown = ", ".join(map(str, sorted(years))) or say("err.nothing")
            issues.append(
                (
                    (*at, "year"),
                    say("res.not_in_contract", name=reading.cohort, year=reading.year, shown=shown),
                )
            )
        if reading.recruited is not None and reading.recruited > cohort.participants * 10:
            issues.append(
                (
                    (*at, "recruited"),
                    say("res.ten_times", got=reading.recruited, planned=cohort.participants),
                )
            )
        for name, measured in reading.outcomes.items():
            where = (*at, "outcomes", name)
            if name not in names:
                issues.append((where, say("val.no_outcome", name=name, known=", ".join(names))))
                continue
            outcome = case.outcomes[names.index(name)]
            levels = (
                measured if isinstance(measured, Levels) else _as_levels(measured, outcome.effect is not None)
            )
            stated = {
                k: getattr(levels, k)
                for k in ("baseline", "with_programme", "effect")
                if getattr(levels, k) is not None
            }
            form = {"effect"} if outcome.effect is not None else {"baseline", "with_programme"}
            needed = "effect" if outcome.effect is not None else "with_programme"
            if needed not in stated or not set(stated) <= form:
                want = "effect" if outcome.effect is not None else say("res.with_and_baseline")
                issues.append((where, say("res.stated_by", name=name, want=want)))
            for key, value in stated.items():
                if outcome.measure == "share" and not 0 <= value <= 1:
                    issues.append((where, f"{key} " + say("res.share", got=f"{value:g}")))
    stop = results.termination
    if stop is not None:
        if not first <= stop.year <= last:
            issues.append(
                (
                    ("termination", "year"),
                    say("val.year", span=say("err.between", lo=first, hi=last), got=stop.year),
                )
            )
        elif all(c.year > stop.year for c in case.cohorts):
            issues.append((("termination", "year"), say("val.all_after", year=stop.year)))
        for i, reading in enumerate(results.results):
            cohort = cohorts.get(reading.cohort)
            if cohort is not None and cohort.year > stop.year:
                issues.append(
                    (
                        ("results", i, "cohort"),
                        say("res.never_ran", name=reading.cohort, year=cohort.year, stop=stop.year),
                    )
                )
    for key in ("payments_made", "spent"):
        for year in getattr(results, key):
            if not first <= year <= last:
                issues.append(
                    ((key, year), say("val.year", span=say("err.between", lo=first, hi=last), got=year))
                )
    return issues


def missing_measurements(results: ResultsFile, case: Case) -> list[Issue]:
    """Measurements the contract makes by the file's last measurement year that the file does
    not give (a later reading of the cohort stands for the years before it): each cohort's
    results then keep the case's assumptions, which the user should know."""
    if not results.results:
        return []
    until = max(r.year for r in results.results)
    stop = results.termination or case.termination
    last: dict[str, tuple[int, int]] = {}  # cohort -> (its last reading's year, index)
    for i, reading in enumerate(results.results):
        if reading.year >= last.get(reading.cohort, (0, 0))[0]:
            last[reading.cohort] = (reading.year, i)
    notes: list[Issue] = []
    for cohort in case.cohorts:
        if not cohort.name or cohort.year > until or (stop is not None and cohort.year > stop.year):
            continue
        latest, index = last.get(cohort.name, (cohort.year - 1, None))
        missing = sorted(y for y in _measurement_years(case, cohort) if latest < y <= until)
        if missing:
            where: tuple[str | int, ...] = ("results", index) if index is not None else ("results",)
            years = _and([str(y) for y in missing])
            notes.append(
                (
                    where,
                    say("note.not_measured", cohort=cohort.name, years=years, year=until),
                )
            )
    return notes


def _measurement_years(case: Case, cohort: Any) -> set[int]:
    """The years a cohort can be measured in: its measurements under each rule, or, for a rule
    measured as results arise, every year of its results in the case."""
    last = case.case.start_year + case.case.horizon - 1
    longest = max(len(o.profile) for o in case.outcomes)
    arising = set(range(cohort.year, min(cohort.year + longest - 1, last) + 1))
    years: set[int] = set()
    for rule in case.financing.payments:
        stated = measurement_years(rule, cohort)
        years |= set(stated) if stated is not None else arising
    return years or arising


def _as_levels(value: float, effect: bool) -> Levels:
    return Levels(effect=value) if effect else Levels(with_programme=value)


def with_results(case: Case, results: ResultsFile) -> Case:
    """The case as its results make it: each measured level in place of the assumed one for
    the years it covers, the participants recruited in place of those planned."""
    if results.spent:
        spent = {**case.programme_cost.spent, **results.spent}
        case = case.model_copy(
            update={"programme_cost": case.programme_cost.model_copy(update={"spent": spent})}
        )
    if results.termination is not None:
        case = case.model_copy(update={"termination": results.termination})
    if not results.results:
        return case
    last = case.case.start_year + case.case.horizon - 1
    by_cohort: dict[str, list[Reading]] = {}
    for reading in sorted(results.results, key=lambda r: r.year):
        by_cohort.setdefault(reading.cohort, []).append(reading)
    outcomes = []
    for outcome in case.outcomes:
        stated = {name: dict(given.by_year) for name, given in outcome.by_cohort.items()}
        own = {name: given for name, given in outcome.by_cohort.items()}
        for cohort in case.cohorts:
            previous = cohort.year - 1  # this outcome's previous measurement of the cohort
            for reading in by_cohort.get(cohort.name, []):
                measured = reading.outcomes.get(outcome.name)
                if measured is not None:
                    levels = (
                        measured
                        if isinstance(measured, Levels)
                        else _as_levels(measured, outcome.effect is not None)
                    )
                    for year in range(previous + 1, min(reading.year, last) + 1):
                        since = year - cohort.year
                        if 0 <= since < len(outcome.profile):
                            stated.setdefault(cohort.name, {})[since] = levels
                    previous = reading.year
        merged = {
            name: (own[name] if name in own else CohortLevels()).model_copy(update={"by_year": years})
            for name, years in stated.items()
        }
        outcomes.append(outcome.model_copy(update={"by_cohort": merged}) if merged else outcome)
    recruited = _recruited(results)
    cohorts = [
        c.model_copy(update={"recruited": recruited[c.name]}) if c.name in recruited else c
        for c in case.cohorts
    ]
    return case.model_copy(update={"outcomes": outcomes, "cohorts": cohorts})


def _recruited(results: ResultsFile) -> dict[str, int]:
    """Each cohort's participants recruited, by its latest reading that says."""
    return {
        r.cohort: r.recruited
        for r in sorted(results.results, key=lambda r: r.year)
        if r.recruited is not None
    }


def effect_ratios(case: Case, results: ResultsFile) -> dict[str, float]:
    """For each outcome measured, the measured improvement as a share of the assumed one
    (weighted over the measurements by the participants recruited, as measured where given):
    the effect re-estimated from the results."""
    cohorts = {c.name: c for c in case.cohorts}
    recruited = {c.name: c.recruited if c.recruited is not None else c.participants for c in case.cohorts}
    recruited |= _recruited(results)
    out = {}
    for outcome in case.outcomes:
        measured = assumed = 0.0
        for reading in results.results:
            value = reading.outcomes.get(outcome.name)
            cohort = cohorts.get(reading.cohort)
            if value is None or cohort is None:
                continue
            levels = value if isinstance(value, Levels) else _as_levels(value, outcome.effect is not None)
            n = recruited[cohort.name]  # those the results are measured on
            if outcome.effect is not None:
                measured += n * (levels.effect if levels.effect is not None else 0.0)
                assumed += n * point(outcome.effect) * cohort.effect_scale
            else:
                sign = 1 if outcome.better == "higher" else -1
                base = levels.baseline if levels.baseline is not None else point(outcome.baseline)
                level = levels.with_programme if levels.with_programme is not None else base
                measured += n * sign * (level - base)
                assumed += (
                    n * sign * (point(outcome.with_programme) - point(outcome.baseline)) * cohort.effect_scale
                )
        if assumed:
            out[outcome.name] = measured / assumed
    return out


def reestimated(case: Case, results: ResultsFile) -> Case:
    """The case with the effects not yet measured re-estimated from the results so far: each
    outcome's assumed improvement times its effect ratio (its levels as point values, kept in
    the outcome's range: a share between 0 and 1, a rate at least 0)."""
    ratios = effect_ratios(case, results)
    outcomes = []
    for outcome in case.outcomes:
        ratio = ratios.get(outcome.name)
        if ratio is None:
            outcomes.append(outcome)
        elif outcome.effect is not None:
            top = 1.0 if outcome.measure == "share" else MAX_LEVEL
            outcomes.append(
                outcome.model_copy(update={"effect": min(max(point(outcome.effect) * ratio, 0.0), top)})
            )
        else:
            base = point(outcome.baseline)
            top = 1.0 if outcome.measure == "share" else MAX_LEVEL
            level = min(max(base + (point(outcome.with_programme) - base) * ratio, 0.0), top)
            outcomes.append(outcome.model_copy(update={"baseline": base, "with_programme": level}))
    return case.model_copy(update={"outcomes": outcomes})
