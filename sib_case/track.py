"""The business case against reality (`sib-case track`): for every year the plan (the case
as decided), what has been measured, and the re-forecast (the measured results where they
exist, the case's assumptions for what is still to come); the key figures of the plan and
the re-forecast, and the variance.

The re-forecast is the engine's evaluation of the case with its results applied
(results.with_results), so with results equal to the assumptions it is the plan. Its Monte
Carlo draws only what is not measured: a measured level is a number, not a distribution
(with --reestimate the effects to come are point values too).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .engine import Mode
from .model import Case
from .result import ModeResult, evaluate
from .results import ResultsFile, effect_ratios, reestimated, with_results

# yearly columns shown plan against re-forecast, and the key figures compared
COLUMNS = ("participants", "outcome_payments", "savings_municipal", "municipal_net", "municipal_cumulative")
FIGURES = (
    "break_even_year",
    "net_municipal_gain",
    "municipal_npv",
    "total_outcome_payments",
    "investor_irr",
    "participants",
)


@dataclass(frozen=True)
class Track:
    case: str
    currency: str
    mode: Mode
    years: list[int]
    measured_until: int | None  # the last year a result is measured in (None: no results)
    plan: ModeResult
    reforecast: ModeResult
    payments_made: dict[int, float]
    chance_of_gain: tuple[float | None, float | None]  # plan, re-forecast (where the case gives ranges)
    reestimated: dict[str, float]  # outcome -> measured / assumed effect, applied to what is not measured
    scenario: str | None = None  # the case's scenario the plan is, if any
    # measured in a year (results file): participants recruited and still in the programme
    retention: dict[int, tuple[int, int]] | None = None

    def to_json(self) -> dict[str, Any]:
        def column(mode: ModeResult, name: str) -> list[float]:
            return [float(v) for v in mode.years[name]]

        return {
            "case": self.case,
            "scenario": self.scenario,
            "currency": self.currency,
            "financing": self.mode,
            "measured_until": self.measured_until,
            "years": [
                {
                    "year": year,
                    "measured": self.measured_until is not None and year <= self.measured_until,
                    **{f"{c}_plan": column(self.plan, c)[t] for c in COLUMNS},
                    **{f"{c}_reforecast": column(self.reforecast, c)[t] for c in COLUMNS},
                    "payments_made": self.payments_made.get(year),
                    "recruited": (self.retention or {}).get(year, (None, None))[0],
                    "in_programme": (self.retention or {}).get(year, (None, None))[1],
                }
                for t, year in enumerate(self.years)
            ],
            "figures": {
                name: {
                    "plan": self.plan.metrics[name],
                    "reforecast": self.reforecast.metrics[name],
                    "variance": _variance(self.plan.metrics[name], self.reforecast.metrics[name]),
                }
                for name in FIGURES
            },
            "effects_reestimated": self.reestimated,
            "probability_of_a_municipal_gain": {
                "plan": self.chance_of_gain[0],
                "reforecast": self.chance_of_gain[1],
            },
        }


def _variance(plan: Any, reforecast: Any) -> Any:
    if plan is None or reforecast is None:
        return None
    return reforecast - plan


def track(
    case: Case,
    results: ResultsFile | None,
    mode: Mode | None = None,
    draws: int = 0,
    reestimate: bool = False,
) -> Track:
    """Plan against re-forecast under the case's own financing mode (or `mode`); with
    `draws`, each one's probability of a municipal gain by a seeded Monte Carlo; with
    `reestimate`, the effects not yet measured re-estimated from the results so far."""
    chosen: Mode = mode or case.mode
    ratios = effect_ratios(case, results) if results is not None and reestimate else {}
    base = reestimated(case, results) if results is not None and reestimate else case
    actual = with_results(base, results) if results is not None else case
    plan, reforecast = evaluate(case, chosen).primary, evaluate(actual, chosen).primary
    measured = [r.year for r in results.results] if results is not None else []
    chance: tuple[float | None, float | None] = (None, None)
    if draws:
        from .uncertainty import simulate, uncertain_inputs

        if uncertain_inputs(case):
            chance = (
                simulate(case, draws, mode=chosen).probability_municipal_gain,
                simulate(actual, draws, mode=chosen).probability_municipal_gain,
            )
    return Track(
        case=case.case.name,
        currency=case.case.currency,
        mode=chosen,
        years=case.years,
        measured_until=max(measured) if measured else None,
        plan=plan,
        reforecast=reforecast,
        payments_made=dict(results.payments_made) if results is not None else {},
        chance_of_gain=chance,
        reestimated=ratios,
        scenario=case.scenario,
        retention=_retention(case, results) if results is not None else None,
    )


def _retention(case: Case, results: ResultsFile) -> dict[int, tuple[int, int]]:
    """For each year with readings that say who is still in the programme: the participants
    recruited into those cohorts (as measured, else as planned) and those still in."""
    planned = {c.name: c.recruited if c.recruited is not None else c.participants for c in case.cohorts}
    out: dict[int, tuple[int, int]] = {}
    for reading in results.results:
        if reading.in_programme is None:
            continue
        recruited = reading.recruited if reading.recruited is not None else planned.get(reading.cohort, 0)
        before = out.get(reading.year, (0, 0))
        out[reading.year] = (before[0] + recruited, before[1] + reading.in_programme)
    return dict(sorted(out.items()))
