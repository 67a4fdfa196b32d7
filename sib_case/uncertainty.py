"""How sure is the result: the uncertain inputs of a case, their draws, Monte Carlo,
one-at-a-time sensitivity and switching values.

Every draw goes through the same engine as `evaluate`, on the leading array axis; no
Python loop runs per draw. Draws are made in chunks, each from its own seeded stream,
so a rerun with the same seed gives the same figures and memory stays bounded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import Any

import numpy as np

from .engine import Flows, Inputs, Mode, Values, cash_flows, compile_case
from .errors import SibCaseError
from .figures import Metrics
from .labels import input_label
from .metrics import TOL, irr_many, key_figures, over_draws
from .model import MAX_LEVEL, MAX_MONEY, Case, Dist, point

DEFAULT_DRAWS = 10_000
MAX_DRAWS = 1_000_000  # 32 bytes kept a draw (4 figures): 32 MB at most, beside the chunk's work
DEFAULT_SEED = 20261127
CHUNK = 20_000  # draws a chunk: fixed, so a seed always gives the same streams
PERCENTILES = (5, 50, 95)


@dataclass(frozen=True)
class UncertainInput:
    path: str  # as in error messages: outcomes[0].effect
    words: tuple[str, ...]  # for people (labels.input_label): what it is, then the outcome and item
    dist: Dist
    lo: float  # the field's valid range, which draws are kept inside
    hi: float

    @property
    def label(self) -> str:
        """In English, for the JSON: "employment: level with the programme"."""
        return input_label(self.words, "en")

    @cached_property
    def _ends(self) -> tuple[float, float]:
        """The tornado's low and high: the stated ends, else the 5th and 95th percentiles
        (from one seeded sample, taken once)."""
        if self.dist.low is not None and self.dist.high is not None:
            return self.dist.low, self.dist.high
        draws = sample_dist(self.dist, 20_001, np.random.default_rng(0), self.lo, self.hi)
        p5, p95 = np.quantile(draws, [0.05, 0.95])
        return float(p5), float(p95)

    @property
    def low(self) -> float:
        return self._ends[0]

    @property
    def high(self) -> float:
        return self._ends[1]


def uncertain_inputs(case: Case) -> list[UncertainInput]:
    """Every input of the case given as a distribution, in file order."""
    found: list[UncertainInput] = []

    def visit(path: str, words: tuple[str, ...], value: Any, lo: float, hi: float) -> None:
        if isinstance(value, Dist):
            found.append(UncertainInput(path, words, value, lo, hi))

    visit(
        "programme_cost.per_participant", ("per_participant",), case.programme_cost.per_participant, 0, np.inf
    )
    for o, outcome in enumerate(case.outcomes):
        top = 1 if outcome.measure == "share" else MAX_LEVEL
        for key in ("baseline", "with_programme", "effect"):
            visit(f"outcomes[{o}].{key}", (key, outcome.name), getattr(outcome, key), 0, top)
        for key in ("deadweight", "attribution", "optimism_bias"):
            visit(f"outcomes[{o}].{key}", (key, outcome.name), getattr(outcome, key), 0, 1)
        for k, item in enumerate(outcome.savings):
            base = f"outcomes[{o}].savings[{k}]"
            for key in ("amount", "municipal_tax_on"):
                visit(f"{base}.{key}", (key, outcome.name, item.name), getattr(item, key), 0, np.inf)
            visit(f"{base}.cashable", ("cashable", outcome.name, item.name), item.cashable, 0, 1)
    return found


def sample_dist(dist: Dist, n: int, rng: np.random.Generator, lo: float, hi: float) -> np.ndarray:
    """n draws of a distribution, kept inside [lo, hi] (normal and lognormal are truncated
    there by redrawing what falls outside); never above MAX_MONEY, the largest amount a
    case may state."""
    hi = min(hi, MAX_MONEY)
    if dist.dist == "uniform":
        assert dist.low is not None
        assert dist.high is not None
        return rng.uniform(dist.low, dist.high, n)
    if dist.dist == "triangular":
        assert dist.low is not None
        assert dist.mode is not None
        assert dist.high is not None
        return rng.triangular(dist.low, dist.mode, dist.high, n)
    if dist.dist == "pert":  # Beta on [low, high] with mean (low + 4 mode + high) / 6
        assert dist.low is not None
        assert dist.mode is not None
        assert dist.high is not None
        width = dist.high - dist.low
        alpha = 1 + 4 * (dist.mode - dist.low) / width
        beta = 1 + 4 * (dist.high - dist.mode) / width
        return dist.low + width * rng.beta(alpha, beta, n)

    def one(size: int) -> np.ndarray:
        if dist.dist == "normal":
            assert dist.mean is not None
            assert dist.sd is not None
            return rng.normal(dist.mean, dist.sd, size)
        assert dist.median is not None
        assert dist.sigma is not None
        return dist.median * np.exp(rng.normal(0.0, dist.sigma, size))

    out = one(n)
    for _ in range(100):
        outside = (out < lo) | (out > hi)
        if not outside.any():
            return out
        out[outside] = one(int(outside.sum()))
    return np.clip(out, lo, hi)  # a range so narrow that redrawing stalls: clip the rest


def sample(inputs: list[UncertainInput], n: int, rng: np.random.Generator) -> Values:
    return {u.path: sample_dist(u.dist, n, rng, u.lo, u.hi) for u in inputs}


# ---- Monte Carlo ----------------------------------------------------------------


def _with_irr(flows: Flows, inputs: Inputs) -> dict[str, np.ndarray]:
    """The key figures and the investor's IRR, a value a draw."""
    return {**key_figures(flows, inputs), "investor_irr": irr_many(flows.investor_net)}


def how_sure(case: Case, mode: Mode | None = None) -> Simulation | None:
    """The default seeded Monte Carlo where the case gives ranges; None where it gives none."""
    return simulate(case, mode=mode) if uncertain_inputs(case) else None


def _json(value: Any) -> Any:
    """A result dataclass (or what it holds) as JSON-ready data, fields in order."""
    if hasattr(value, "to_json"):
        return value.to_json()
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: _json(getattr(value, f.name)) for f in fields(value) if f.repr}
    if isinstance(value, tuple | list):
        return [_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class Percentiles:
    p5: float
    p50: float
    p95: float

    @classmethod
    def of(cls, values: np.ndarray) -> Percentiles:
        p5, p50, p95 = (float(v) for v in np.percentile(values, PERCENTILES))
        return cls(p5, p50, p95)


@dataclass(frozen=True)
class Simulation:
    """A Monte Carlo run: what `sib-case simulate` reports (its JSON, fields in order)."""

    case: str
    scenario: str | None  # the case file's named scenario it is run on (None: the case as written)
    currency: str
    financing: Mode
    draws: int
    seed: int
    uncertain_inputs: tuple[str, ...]
    probability_municipal_gain: float
    municipal_npv_percentiles: Percentiles
    net_municipal_gain_percentiles: Percentiles
    municipal_npv_mean: float
    break_even_year_distribution: dict[str, float]  # "2031" or "never" -> share of draws
    probability_investor_recovers_capital: float | None
    investor_irr_percentiles: Percentiles | None
    share_without_investor_irr: float | None
    expected_outcome_payments: float
    municipal_npv: np.ndarray = field(repr=False)  # one a draw, for the histogram

    def to_json(self) -> dict[str, Any]:
        return {f.name: _json(getattr(self, f.name)) for f in fields(self) if f.repr}


def simulate(
    case: Case,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    mode: Mode | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> Simulation:
    """Joint draws of every uncertain input (independent of each other), evaluated at once
    on the draws axis, chunk by chunk."""
    if not 1 <= draws <= MAX_DRAWS:
        raise SibCaseError(f"a simulation takes 1 to {MAX_DRAWS:,} draws, got {draws:,}")
    if seed < 0:
        raise SibCaseError(f"a simulation's seed is a whole number of at least 0, got {seed}")
    financing: Mode = mode or case.mode
    inputs = uncertain_inputs(case)
    years = np.arange(case.case.start_year, case.case.start_year + case.case.horizon)
    # kept a draw: what percentiles and means need; counted: the rest
    npvs, gains, payments, irrs = [], [], [], []
    breaking = np.zeros(len(years) + 1, dtype=np.int64)  # draws breaking even each year; last: never
    recovered = 0
    done = 0
    chunk_index = 0
    while done < draws:
        size = min(CHUNK, draws - done)
        rng = np.random.default_rng([seed, chunk_index])
        compiled = compile_case(case, sample(inputs, size, rng) if inputs else None)
        figures = over_draws(compiled, financing, np.ones(size), _with_irr)
        npvs.append(figures["municipal_npv"])
        gains.append(figures["net_municipal_gain"])
        payments.append(figures["total_outcome_payments"])
        when = figures["break_even_year"]
        index = np.where(np.isnan(when), len(years), when - years[0]).astype(np.int64)
        breaking += np.bincount(index, minlength=len(years) + 1)
        if financing == "sib":
            recovered += int(np.count_nonzero(figures["investor_net_gain"] >= -TOL))
            irrs.append(figures["investor_irr"])
        done += size
        chunk_index += 1
        if on_progress:
            on_progress(size)
    municipal_npv = np.concatenate(npvs)
    distribution = {
        str(int(year)) if i < len(years) else "never": float(n / draws)
        for i, (year, n) in enumerate(zip([*years, None], breaking, strict=True))
        if n
    }
    irr_values = np.concatenate(irrs) if irrs else np.array([])
    defined = irr_values[~np.isnan(irr_values)]
    return Simulation(
        case=case.case.name,
        scenario=case.scenario,
        currency=case.case.currency,
        financing=financing,
        draws=draws,
        seed=seed,
        uncertain_inputs=tuple(u.path for u in inputs),
        probability_municipal_gain=float(np.mean(municipal_npv > 0)),
        municipal_npv_percentiles=Percentiles.of(municipal_npv),
        net_municipal_gain_percentiles=Percentiles.of(np.concatenate(gains)),
        municipal_npv_mean=float(np.mean(municipal_npv)),
        break_even_year_distribution=distribution,
        probability_investor_recovers_capital=recovered / draws if financing == "sib" else None,
        investor_irr_percentiles=Percentiles.of(defined) if len(defined) else None,
        share_without_investor_irr=float(np.mean(np.isnan(irr_values))) if irrs else None,
        expected_outcome_payments=float(np.mean(np.concatenate(payments))),
        municipal_npv=municipal_npv,
    )


# ---- sensitivity -------------------------------------------------------------


@dataclass(frozen=True)
class InputSensitivity:
    """One uncertain input at its low and at its high value, the others at their points."""

    name: str  # its path in the case
    label: str
    point: float
    low: float
    high: float
    municipal_npv_low: float
    municipal_npv_high: float
    break_even_year_low: int | None
    break_even_year_high: int | None
    switching_value: float | None  # where the municipal NPV changes sign; None if nowhere
    source: str | None
    words: tuple[str, ...] = field(default=(), repr=False)  # the label's parts (labels.input_label)
    share: bool = field(default=False, repr=False)  # a share (shown as a percentage), not an amount or rate


@dataclass(frozen=True)
class Sensitivity:
    """A tornado: the inputs sorted by how far they move the municipal NPV."""

    case: str
    scenario: str | None
    currency: str
    financing: Mode
    base_municipal_npv: float
    base_break_even_year: int | None
    inputs: tuple[InputSensitivity, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "case": self.case,
            "scenario": self.scenario,
            "currency": self.currency,
            "financing": self.financing,
            "base": {"municipal_npv": self.base_municipal_npv, "break_even_year": self.base_break_even_year},
            "inputs": _json(self.inputs),
        }


def sensitivity(case: Case, mode: Mode | None = None) -> Sensitivity:
    """Each uncertain input at its low and high value, the others at their points: the
    municipal NPV and break-even year each way, and the switching value, all in one engine
    call for the tornado and one per step of the switching-value search."""
    financing: Mode = mode or case.mode
    inputs = uncertain_inputs(case)
    base_inputs = compile_case(case)
    base = key_figures(cash_flows(base_inputs, financing), base_inputs)
    base_npv = float(base["municipal_npv"][0])
    rows: list[InputSensitivity] = []
    if inputs:
        k = len(inputs)
        # draw 2i is input i at its low, 2i + 1 at its high; every other input at its point
        values = {u.path: np.full(2 * k, point(u.dist)) for u in inputs}
        for i, u in enumerate(inputs):
            values[u.path][2 * i] = u.low
            values[u.path][2 * i + 1] = u.high
        compiled = compile_case(case, values)
        figures = over_draws(compiled, financing, np.ones(2 * k))
        switching = _switching_values(case, financing, inputs, base_npv)
        npv_at, year_at = figures["municipal_npv"], figures["break_even_year"]
        rows = [
            InputSensitivity(
                name=u.path,
                label=u.label,
                words=u.words,
                share=u.hi == 1,  # kept between 0 and 1: a share of participants, or a share
                point=point(u.dist),
                low=u.low,
                high=u.high,
                municipal_npv_low=float(npv_at[2 * i]),
                municipal_npv_high=float(npv_at[2 * i + 1]),
                break_even_year_low=_year(year_at[2 * i]),
                break_even_year_high=_year(year_at[2 * i + 1]),
                switching_value=switching[i],
                source=u.dist.source,
            )
            for i, u in enumerate(inputs)
        ]
        rows.sort(key=lambda row: -abs(row.municipal_npv_high - row.municipal_npv_low))
    return Sensitivity(
        case=case.case.name,
        scenario=case.scenario,
        currency=case.case.currency,
        financing=financing,
        base_municipal_npv=base_npv,
        base_break_even_year=_year(base["break_even_year"][0]),
        inputs=tuple(rows),
    )


def _year(value: float) -> int | None:
    return None if np.isnan(value) else int(value)


SWITCH_POINTS = 64
SWITCH_STEPS = 4  # each step narrows the bracket 65-fold


def _switching_values(
    case: Case, mode: Mode, inputs: list[UncertainInput], base_npv: float
) -> list[float | None]:
    """For each input alone, the value nearest its point at which the municipal NPV
    changes sign, searched over the input's valid range (for money: up to 10x the point
    and the stated high); None where the sign does not change there."""
    k = len(inputs)
    ranges = []
    for u in inputs:
        top = u.hi if np.isfinite(u.hi) else max(10 * abs(point(u.dist)), 2 * u.high, 1.0)
        ranges.append((u.lo, top))
    # scan each input's range at SWITCH_POINTS + 1 points, all inputs in one call
    grids = [np.linspace(lo, hi, SWITCH_POINTS + 1) for lo, hi in ranges]
    npvs = _npv_one_at_a_time(case, mode, inputs, grids)
    result: list[float | None] = []
    brackets: list[tuple[float, float] | None] = []
    for i, u in enumerate(inputs):
        grid, values = grids[i], npvs[i]
        sign = values >= 0
        flips = np.flatnonzero(sign[1:] != sign[:-1])
        if not len(flips):
            brackets.append(None)
            continue
        nearest = flips[np.argmin(np.abs(grid[flips] - point(u.dist)))]
        brackets.append((float(grid[nearest]), float(grid[nearest + 1])))
    for _ in range(SWITCH_STEPS):
        active = [i for i in range(k) if brackets[i] is not None]
        if not active:
            break
        grids = [
            np.array([point(inputs[i].dist)])
            if (b := brackets[i]) is None
            else np.linspace(b[0], b[1], SWITCH_POINTS + 2)
            for i in range(k)
        ]
        npvs = _npv_one_at_a_time(case, mode, inputs, grids)
        for i in active:
            sign = npvs[i] >= 0
            flips = np.flatnonzero(sign[1:] != sign[:-1])
            if len(flips):
                j = int(flips[0])
                brackets[i] = (float(grids[i][j]), float(grids[i][j + 1]))
    for i in range(k):
        bracket = brackets[i]
        result.append(None if bracket is None else (bracket[0] + bracket[1]) / 2)
    return result


def _npv_one_at_a_time(
    case: Case, mode: Mode, inputs: list[UncertainInput], grids: list[np.ndarray]
) -> list[np.ndarray]:
    """Municipal NPV with input i set to each value of grids[i], the others at their points."""
    total = sum(len(g) for g in grids)
    values = {u.path: np.full(total, point(u.dist)) for u in inputs}
    start = 0
    for u, grid in zip(inputs, grids, strict=True):
        values[u.path][start : start + len(grid)] = grid
        start += len(grid)
    compiled = compile_case(case, values)
    result = over_draws(compiled, mode, np.ones(total))["municipal_npv"]
    out, start = [], 0
    for grid in grids:
        out.append(result[start : start + len(grid)])
        start += len(grid)
    return out


# ---- scenarios -----------------------------------------------------------------


@dataclass(frozen=True)
class ScenarioResult:
    name: str | None  # None: the case as written
    financing: Mode
    metrics: Metrics
    fund: str | None = None  # the municipality's own fund whose loan "sib" is, if it is one

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "financing": self.financing,
            "fund": self.fund,
            "metrics": self.metrics.to_json(),
        }


@dataclass(frozen=True)
class Scenarios:
    case: str
    currency: str
    scenarios: tuple[ScenarioResult, ...]

    def to_json(self) -> dict[str, Any]:
        return {"case": self.case, "currency": self.currency, "scenarios": _json(self.scenarios)}


def evaluate_scenarios(path: str | Any, mode: Mode | None = None) -> Scenarios:
    """The case as written and under each of its scenarios, each at its point values."""
    from .loader import load_case
    from .result import evaluate_mode

    base = load_case(path)
    rows = []
    for name in [None, *base.scenarios]:  # None: the case as written
        case = base if name is None else load_case(path, name)
        financing: Mode = mode or case.mode
        metrics = evaluate_mode(compile_case(case), financing).metrics
        rows.append(ScenarioResult(name, financing, metrics, case.fund if financing == "sib" else None))
    return Scenarios(base.case.name, base.case.currency, tuple(rows))
