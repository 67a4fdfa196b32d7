"""Uncertainty (sib_case/uncertainty.py): distributions, scenarios, one-at-a-time sensitivity
and Monte Carlo, checked against `evaluate`, against analytic figures of each distribution,
against numpy-financial, and through the command line the way users run it.

tests/reference/small_uncertain.yaml is tests/reference/small.yaml (hand-computed in
tests/test_reference.py) with three inputs given as distributions whose point values are the
plain values, and two scenarios:
  programme_cost.per_participant    PERT(16,000, 20,000, 30,000)     point 20,000 (mode)
  outcomes[0].with_programme         triangular(0.35, 0.5, 0.6)       point 0.5 (mode)
  outcomes[0].savings[0].amount      uniform(120,000, 180,000)        point 150,000 (midpoint)
  pessimistic: with_programme 0.35, amount 120,000
  optimistic:  with_programme 0.6, per_participant 16,000

Under the SIB the municipal NPV of that case is linear in the units of effect and in the
saving per unit (tests/test_reference.py):
  NPV(w, A) = (w - 0.2) / 0.3 x (A / 150,000 x PV_SAVINGS - PV_PAYMENTS) - 30,000
where w is with_programme, A the saving per unit; the programme cost is the investor's.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import numpy_financial as npf
import pytest
import yaml
from click.testing import CliRunner

from sib_case import Case, CaseFileError, evaluate, load_case
from sib_case import uncertainty as uncertainty_module
from sib_case.cli import app
from sib_case.figures import COLUMNS
from sib_case.metrics import irr, irr_many, npv_at
from sib_case.model import Dist
from sib_case.uncertainty import (
    UncertainInput,
    evaluate_scenarios,
    sample_dist,
    sensitivity,
    simulate,
    uncertain_inputs,
)

ROOT = Path(__file__).parent.parent
SMALL = ROOT / "tests" / "reference" / "small.yaml"
UNCERTAIN = ROOT / "tests" / "reference" / "small_uncertain.yaml"
SCENARIO_CASES = ROOT / "tests" / "scenario_cases"
UNCERTAIN_ARG = "tests/reference/small_uncertain.yaml"  # as a user types it, from the project root

# tests/test_reference.py: the municipal savings and outcome payments of small.yaml, discounted at 5 %
D = [1, 1.05, 1.05**2, 1.05**3, 1.05**4]
PV_SAVINGS = 108_000 + 324_000 / D[1] + 432_000 / D[2] + 216_000 / D[3]
PV_PAYMENTS = 60_000 / D[1] + 180_000 / D[2] + 240_000 / D[3] + 120_000 / D[4]

N = 200_000  # draws for the statistical checks
PATHS = ["programme_cost.per_participant", "outcomes[0].with_programme", "outcomes[0].savings[0].amount"]


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Run the command from the project's root with a stable width, as a user would."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)

    def invoke(*args: str):  # type: ignore[no-untyped-def]
        return CliRunner().invoke(app, list(args))

    return invoke


def with_overrides(tmp_path: Path, overrides: dict[str, Any], source: Path = UNCERTAIN) -> Case:
    """The case file with some inputs set to plain values: written as a scenario of a copy of
    the file and loaded through `load_case(path, scenario)`, as a user's scenario would be."""
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["scenarios"] = {"probe": overrides}
    path = tmp_path / "probe.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return load_case(path, "probe")


def normal_pdf(z: float) -> float:
    """Standard normal density."""
    return math.exp(-z * z / 2) / math.sqrt(2 * math.pi)


def normal_cdf(z: float) -> float:
    """Standard normal distribution function, through the error function."""
    return 0.5 * (1 + math.erf(z / math.sqrt(2)))


# ---- 1. every distribution at a point: simulate is evaluate ------------------------------


@pytest.mark.parametrize("mode", ["sib", "self"])
def test_simulating_a_case_without_distributions_reproduces_evaluate(mode: str) -> None:
    """No input is uncertain, so every draw is the point case and every figure of the
    simulation is the figure `evaluate` gives."""
    case = load_case(SMALL)
    metrics = evaluate(case, mode).primary.metrics  # type: ignore[arg-type]
    sim = simulate(case, draws=500, mode=mode)  # type: ignore[arg-type]
    assert sim.uncertain_inputs == ()
    assert sim.draws == 500
    assert sim.financing == mode
    # municipal NPV 438,544 (SIB) and 603,818 (self-financed) are both above 0
    assert metrics.municipal_npv > 0
    assert sim.probability_municipal_gain == 1.0
    for p in ("p5", "p50", "p95"):
        assert getattr(sim.municipal_npv_percentiles, p) == pytest.approx(metrics.municipal_npv, rel=1e-12)
        assert getattr(sim.net_municipal_gain_percentiles, p) == pytest.approx(
            metrics.net_municipal_gain, rel=1e-12
        )
    assert sim.municipal_npv_mean == pytest.approx(metrics.municipal_npv, rel=1e-12)
    # break-even 2026 under the SIB, 2027 self-financed (tests/test_reference.py)
    assert sim.break_even_year_distribution == {str(metrics.break_even_year): 1.0}
    assert sim.break_even_year_distribution == {"2026" if mode == "sib" else "2027": 1.0}
    # 600,000 under the SIB, nothing self-financed
    assert sim.expected_outcome_payments == pytest.approx(metrics.total_outcome_payments, rel=1e-12, abs=1e-9)
    if mode == "sib":
        # vectorised solver against numpy-financial's
        assert sim.investor_irr_percentiles is not None
        for p in ("p5", "p50", "p95"):
            assert getattr(sim.investor_irr_percentiles, p) == pytest.approx(metrics.investor_irr, rel=1e-9)
        assert metrics.investor_net_gain == pytest.approx(190_000)  # tests/test_reference.py
        assert sim.probability_investor_recovers_capital == 1.0
        assert sim.share_without_investor_irr == 0.0
    else:
        assert sim.probability_investor_recovers_capital is None
        assert sim.investor_irr_percentiles is None
        assert sim.share_without_investor_irr is None


def test_point_values_of_the_distributions_are_the_plain_values() -> None:
    uncertain = load_case(UNCERTAIN)
    assert uncertain.programme_cost.per_participant.point == 20_000  # type: ignore[union-attr]  # PERT mode
    assert uncertain.outcomes[0].with_programme.point == 0.5  # type: ignore[union-attr]  # triangular mode
    assert uncertain.outcomes[0].savings[0].amount.point == 150_000  # type: ignore[union-attr]  # midpoint
    plain, spread = evaluate(load_case(SMALL)), evaluate(uncertain)
    assert spread.primary.metrics == plain.primary.metrics
    assert spread.alternative.metrics == plain.alternative.metrics
    for name in ("year", *COLUMNS):
        assert np.array_equal(spread.primary.years[name], plain.primary.years[name]), name


def test_uncertain_inputs_are_listed_in_file_order() -> None:
    inputs = uncertain_inputs(load_case(UNCERTAIN))
    assert [u.path for u in inputs] == PATHS
    assert [u.dist.dist for u in inputs] == ["pert", "triangular", "uniform"]
    assert [(u.lo, u.hi) for u in inputs] == [(0, math.inf), (0, 1), (0, math.inf)]  # each field's range
    assert uncertain_inputs(load_case(SMALL)) == []


# ---- 2. the draws of each distribution, against analytic figures ---------------------------
#
# Tolerances are five standard errors of N draws: sd / sqrt(N) for a mean; for the q-quantile
# sqrt(q (1 - q) / N) / f(x_q), the asymptotic spread of a sample quantile (f the density there).


def draws(dist: Dist, lo: float = 0.0, hi: float = math.inf, seed: int = 1) -> np.ndarray:
    return sample_dist(dist, N, np.random.default_rng(seed), lo, hi)


def assert_mean(values: np.ndarray, mean: float, sd: float) -> None:
    assert abs(values.mean() - mean) < 5 * sd / math.sqrt(len(values))


def assert_quantile(values: np.ndarray, q: float, expected: float, density: float) -> None:
    assert abs(np.quantile(values, q) - expected) < 5 * math.sqrt(q * (1 - q) / len(values)) / density


def assert_share(hits: np.ndarray, p: float) -> None:
    assert abs(hits.mean() - p) < 5 * math.sqrt(p * (1 - p) / len(hits))


def test_uniform_draws() -> None:
    a, b = 120_000.0, 180_000.0
    values = draws(Dist(dist="uniform", low=a, high=b))
    assert values.min() >= a
    assert values.max() <= b
    # uniform: mean (a + b) / 2, sd (b - a) / sqrt(12), quantile a + q (b - a), density 1 / (b - a)
    assert_mean(values, (a + b) / 2, (b - a) / math.sqrt(12))
    for q in (0.05, 0.5, 0.95):
        assert_quantile(values, q, a + q * (b - a), 1 / (b - a))


def test_triangular_draws() -> None:
    a, m, b = 0.35, 0.5, 0.6
    values = draws(Dist(dist="triangular", low=a, mode=m, high=b), 0, 1)
    assert values.min() >= a
    assert values.max() <= b
    # triangular (e.g. Evans, Hastings & Peacock, Statistical Distributions, ch. 40):
    # mean (a + m + b) / 3, variance (a² + b² + m² - ab - am - bm) / 18; F(m) = (m - a) / (b - a);
    # below the mode x_q = a + sqrt(q (b - a)(m - a)), density 2 (x - a) / ((b - a)(m - a));
    # above it x_q = b - sqrt((1 - q)(b - a)(b - m)), density 2 (b - x) / ((b - a)(b - m))
    sd = math.sqrt((a * a + b * b + m * m - a * b - a * m - b * m) / 18)
    assert_mean(values, (a + m + b) / 3, sd)
    at_mode = (m - a) / (b - a)  # 0.6
    for q in (0.05, 0.5, 0.95):
        if q < at_mode:
            x = a + math.sqrt(q * (b - a) * (m - a))
            density = 2 * (x - a) / ((b - a) * (m - a))
        else:
            x = b - math.sqrt((1 - q) * (b - a) * (b - m))
            density = 2 * (b - x) / ((b - a) * (b - m))
        assert_quantile(values, q, x, density)


def test_pert_draws() -> None:
    a, m, b = 16_000.0, 20_000.0, 30_000.0
    values = draws(Dist(dist="pert", low=a, mode=m, high=b))
    assert values.min() >= a
    assert values.max() <= b
    # PERT = a + (b - a) Beta(alpha, beta), alpha = 1 + 4 (m - a)/(b - a), beta = 1 + 4 (b - m)/(b - a)
    # (Vose, Risk Analysis, 3rd ed., §9.1): mean (a + 4m + b) / 6 = 21,000;
    # Beta variance alpha beta / ((alpha + beta)² (alpha + beta + 1)), alpha + beta = 6
    alpha, beta = 1 + 4 * (m - a) / (b - a), 1 + 4 * (b - m) / (b - a)
    sd = (b - a) * math.sqrt(alpha * beta / (36 * 7))
    assert (a + 4 * m + b) / 6 == 21_000
    assert_mean(values, 21_000, sd)


def test_symmetric_pert_median() -> None:
    values = draws(Dist(dist="pert", low=0.0, mode=0.5, high=1.0), 0, 1)
    # symmetric PERT on [0, 1] is Beta(3, 3): median 0.5, density there
    # 0.5² x 0.5² / B(3, 3) = (1/16) / (1/30) = 1.875; mean 0.5, sd sqrt(9 / (36 x 7))
    assert_quantile(values, 0.5, 0.5, 1.875)
    assert_mean(values, 0.5, math.sqrt(9 / 252))


def test_normal_draws() -> None:
    mean, sd = 0.5, 0.1
    values = draws(Dist(dist="normal", mean=mean, sd=sd), 0, 1)
    # truncated to [0, 1], five sd either side: the mass cut off (5.7e-7) is far below the tolerance
    assert values.min() >= 0
    assert values.max() <= 1
    assert_mean(values, mean, sd)
    # P5 = mean - z sd with z = 1.6449 (the normal's 95th percentile), density phi(z) / sd
    z = 1.6448536269514722
    assert_quantile(values, 0.05, mean - z * sd, normal_pdf(z) / sd)
    assert_quantile(values, 0.95, mean + z * sd, normal_pdf(z) / sd)
    assert_quantile(values, 0.5, mean, normal_pdf(0) / sd)


def test_lognormal_draws() -> None:
    median, sigma = 150_000.0, 0.25
    values = draws(Dist(dist="lognormal", median=median, sigma=sigma))
    assert values.min() > 0
    # lognormal with median m, log-sd s: P50 = m, density there 1 / (m s sqrt(2 pi)),
    # mean m exp(s² / 2), variance m² exp(s²)(exp(s²) - 1)
    assert_quantile(values, 0.5, median, 1 / (median * sigma * math.sqrt(2 * math.pi)))
    sd = median * math.sqrt(math.exp(sigma**2) * (math.exp(sigma**2) - 1))
    assert_mean(values, median * math.exp(sigma**2 / 2), sd)


def test_normal_near_the_edge_is_truncated_not_clipped() -> None:
    mu, s = 0.95, 0.1
    values = draws(Dist(dist="normal", mean=mu, sd=s), 0, 1)
    assert values.max() <= 1
    assert values.min() >= 0
    assert (values == 1).mean() < 1e-3  # redrawn, not piled up at the bound as clipping would
    # normal truncated to [lo, hi] (Johnson, Kotz & Balakrishnan, Continuous Univariate
    # Distributions vol. 1, §10.1), phi and Phi the standard normal density and distribution
    # function, alpha = (lo - mu)/s, beta = (hi - mu)/s, Z = Phi(beta) - Phi(alpha):
    #   mean = mu + s (phi(alpha) - phi(beta)) / Z
    #   variance = s² [1 + (alpha phi(alpha) - beta phi(beta)) / Z - ((phi(alpha) - phi(beta)) / Z)²]
    alpha, beta = (0 - mu) / s, (1 - mu) / s
    z = normal_cdf(beta) - normal_cdf(alpha)
    mean = mu + s * (normal_pdf(alpha) - normal_pdf(beta)) / z
    variance = s**2 * (
        1
        + (alpha * normal_pdf(alpha) - beta * normal_pdf(beta)) / z
        - ((normal_pdf(alpha) - normal_pdf(beta)) / z) ** 2
    )
    assert mean == pytest.approx(0.8990, abs=1e-4)  # well below 0.95: the top is cut off
    assert_mean(values, mean, math.sqrt(variance))
    # share of draws above the untruncated mean: (Phi(beta) - Phi(0)) / Z
    assert_share(values > mu, (normal_cdf(beta) - 0.5) / z)


def test_lognormal_share_stays_inside_zero_and_one() -> None:
    values = draws(Dist(dist="lognormal", median=0.5, sigma=1.0), 0, 1)
    assert values.max() <= 1
    assert values.min() > 0


def test_tornado_ends_stated_or_percentiles() -> None:
    """The tornado uses a stated low and high; a normal has none, so its 5th and 95th percentiles."""
    uniform = UncertainInput("x", ("effect", "x"), Dist(dist="uniform", low=0.3, high=0.4), 0, 1)
    assert (uniform.low, uniform.high) == (0.3, 0.4)
    normal = UncertainInput("x", ("effect", "x"), Dist(dist="normal", mean=0.5, sd=0.1), 0, 1)
    z, n = 1.6448536269514722, 20_001  # the quantiles come from 20,001 draws
    tolerance = 5 * math.sqrt(0.05 * 0.95 / n) / (normal_pdf(z) / 0.1)
    assert normal.low == pytest.approx(0.5 - z * 0.1, abs=tolerance)
    assert normal.high == pytest.approx(0.5 + z * 0.1, abs=tolerance)


# ---- the simulation's own figures, against the model worked by hand ---------------------


def test_simulated_figures_match_their_expectations() -> None:
    """NPV(w, A) (module docstring) is linear in w and in A, which are drawn independently,
    so E[NPV] = NPV(E[w], E[A]); payments are 600,000 x (w - 0.2) / 0.3; the investor
    recovers its capital 20 P + 10,000 (P the cost per participant) when payments reach it."""
    n = 100_000
    sim = simulate(load_case(UNCERTAIN), draws=n, seed=3)
    a, m, b = 0.35, 0.5, 0.6
    mean_w = (a + m + b) / 3  # triangular mean
    sd_w = math.sqrt((a * a + b * b + m * m - a * b - a * m - b * m) / 18)
    expected_npv = (mean_w - 0.2) / 0.3 * (PV_SAVINGS - PV_PAYMENTS) - 30_000  # E[A] = 150,000
    assert sim.municipal_npv_mean == pytest.approx(float(sim.municipal_npv.mean()), rel=1e-12)
    assert abs(sim.municipal_npv_mean - expected_npv) < 5 * sim.municipal_npv.std() / math.sqrt(n)
    payments_sd = 600_000 / 0.3 * sd_w
    expected_payments = 600_000 * (mean_w - 0.2) / 0.3
    assert abs(sim.expected_outcome_payments - expected_payments) < 5 * payments_sd / math.sqrt(n)
    for p in (5, 50, 95):
        assert getattr(sim.municipal_npv_percentiles, f"p{p}") == pytest.approx(
            float(np.percentile(sim.municipal_npv, p)), rel=1e-12
        )
    # NPV rises with w and with A; at the lowest draws (w 0.35, A 120,000) it is still
    # 0.5 x (0.8 PV_SAVINGS - PV_PAYMENTS) - 30,000 = 104,772 (the pessimistic scenario): always > 0
    assert sim.probability_municipal_gain == 1.0
    # P(recover) = E over P of 1 - F_tri(w*(P)), w*(P) = 0.2 + 0.3 (20 P + 10,000) / 600,000,
    # integrated over the PERT(16,000, 20,000, 30,000) density (Beta(15/7, 27/7)) by the midpoint rule
    lo, hi = 16_000.0, 30_000.0
    alpha, beta = 15 / 7, 27 / 7
    log_b = math.lgamma(alpha) + math.lgamma(beta) - math.lgamma(alpha + beta)
    k = 20_000
    u = (np.arange(k) + 0.5) / k
    density = np.exp((alpha - 1) * np.log(u) + (beta - 1) * np.log1p(-u) - log_b)
    w_star = 0.2 + 0.3 * (20 * (lo + (hi - lo) * u) + 10_000) / 600_000
    below = np.where(
        w_star <= m, (w_star - a) ** 2 / ((b - a) * (m - a)), 1 - (b - w_star) ** 2 / ((b - a) * (b - m))
    )
    p_recover = float(np.mean((1 - np.clip(below, 0, 1)) * density))
    got = sim.probability_investor_recovers_capital
    assert got is not None
    assert abs(got - p_recover) < 5 * math.sqrt(p_recover * (1 - p_recover) / n)


# ---- 3. seeds and chunks -----------------------------------------------------------------


def test_same_seed_same_figures_other_seed_other_figures() -> None:
    case = load_case(UNCERTAIN)
    first, again, other = (simulate(case, 2_000, seed) for seed in (7, 7, 8))
    assert first.to_json() == again.to_json()
    assert np.array_equal(first.municipal_npv, again.municipal_npv)
    assert other.seed == 8
    assert other.municipal_npv_percentiles != first.municipal_npv_percentiles
    assert not np.array_equal(other.municipal_npv, first.municipal_npv)


def test_simulate_command_is_reproducible(run) -> None:  # type: ignore[no-untyped-def]
    args = ["simulate", UNCERTAIN_ARG, "--draws", "2000", "-f", "json"]
    first, again = run(*args, "--seed", "42"), run(*args, "--seed", "42")
    other = run(*args, "--seed", "43")
    assert first.exit_code == 0, first.stderr
    assert first.stdout == again.stdout
    assert other.stdout != first.stdout
    assert json.loads(first.stdout)["seed"] == 42
    # without --seed, the default seed: the same figures every time too
    assert run(*args).stdout == run(*args).stdout
    assert json.loads(run(*args).stdout)["seed"] == uncertainty_module.DEFAULT_SEED


def test_draws_beyond_one_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(uncertainty_module, "CHUNK", 1_000)
    case = load_case(UNCERTAIN)
    progress: list[int] = []
    first = simulate(case, 3_500, seed=11, on_progress=progress.append)
    again = simulate(case, 3_500, seed=11)
    assert progress == [1_000, 1_000, 1_000, 500]
    assert len(first.municipal_npv) == 3_500
    assert first.draws == 3_500
    assert first.to_json() == again.to_json()
    assert np.array_equal(first.municipal_npv, again.municipal_npv)
    # chunk k draws from its own stream, seeded by (seed, k): a run of one chunk is the first
    # chunk of a longer run, and the chunks differ from each other
    assert np.array_equal(simulate(case, 1_000, seed=11).municipal_npv, first.municipal_npv[:1_000])
    assert not np.array_equal(first.municipal_npv[:1_000], first.municipal_npv[1_000:2_000])
    assert first.probability_investor_recovers_capital is not None
    assert sum(first.break_even_year_distribution.values()) == pytest.approx(1)


# ---- 4. the vectorised IRR against numpy-financial -------------------------------------


def assert_irr_matches_numpy_financial(flows: np.ndarray) -> None:
    got = irr_many(flows)
    expected = np.array([npf.irr(row) for row in flows])
    assert np.array_equal(np.isnan(got), np.isnan(expected))
    defined = ~np.isnan(expected)
    assert np.abs(got[defined] - expected[defined]).max() <= 1e-10


@pytest.mark.parametrize("horizon", [2, 5, 12])
def test_irr_many_matches_numpy_financial_on_conventional_streams(horizon: int) -> None:
    """Outflows first, then inflows (one sign change): exactly one IRR."""
    rng = np.random.default_rng(horizon)
    streams = 1_000
    outflow_years = rng.integers(1, horizon, streams)
    sign = np.where(np.arange(horizon)[None, :] < outflow_years[:, None], -1.0, 1.0)
    flows = sign * rng.uniform(10, 1_000, (streams, horizon))
    assert_irr_matches_numpy_financial(flows)


def test_irr_many_on_random_streams_takes_the_root_consistent_with_the_net_gain() -> None:
    rng = np.random.default_rng(5)
    flows = rng.uniform(-100, 100, (2_000, 5))
    got = irr_many(flows)
    one_by_one = np.array([np.nan if (r := irr(row)) is None else r for row in flows])
    assert np.array_equal(np.isnan(got), np.isnan(one_by_one))
    defined = ~np.isnan(got)
    assert defined.sum() > 500
    assert np.abs(got[defined] - one_by_one[defined]).max() <= 1e-10
    # never a negative IRR beside a gain, nor a positive one beside a loss
    assert ((got[defined] >= 0) == (flows[defined].sum(axis=1) >= 0)).all()
    # an invest-then-receive stream (one sign change, outflow first): numpy-financial's root
    signs = np.sign(flows)
    invest_first = ((signs[:, 1:] != signs[:, :-1]).sum(axis=1) == 1) & (flows[:, 0] < 0)
    assert invest_first.sum() > 100
    expected = np.array([npf.irr(row) for row in flows[invest_first]])
    assert np.abs(got[invest_first] - expected).max() <= 1e-10
    # a receive-then-invest stream has a root, but no IRR a return could be: none
    receive_first = ((signs[:, 1:] != signs[:, :-1]).sum(axis=1) == 1) & (flows[:, 0] > 0)
    assert np.isnan(got[receive_first]).all()


def test_irr_many_takes_the_root_nearest_zero_when_two_cells_tie() -> None:
    # -100 x² + 199 x - 93 = -100 (x - 0.75)(x - 1.24) with x = 1 + r: IRRs -0.25 and 0.24;
    # numpy-financial (and irr_many's docstring) take the one nearest 0
    flows = np.array([[-100.0, 199.0, -93.0]])
    assert npf.irr(flows[0]) == pytest.approx(0.24)
    assert irr_many(flows)[0] == pytest.approx(0.24, abs=1e-10)


def test_irr_many_gives_no_irr_where_every_root_contradicts_the_net_gain() -> None:
    # -100 (x - 1.11)(x - 1.14) = -100 x² + 225 x - 126.54 with x = 1 + r: IRRs 0.11 and
    # 0.14, both positive, beside a net loss of 1.54: no IRR tells the truth about it
    flows = np.array([[-100.0, 225.0, -126.54]])
    assert npf.irr(flows[0]) == pytest.approx(0.11)
    assert np.isnan(irr_many(flows)[0])
    assert irr(flows[0]) is None


def test_a_gain_never_comes_with_a_negative_irr() -> None:
    # issue 10: a - + + + + - - stream (millions) with roots -34.8 % and +178.4 % and a net
    # gain of 4.48 m; numpy-financial takes the root nearest zero, -34.8 %
    flows = np.array([-1.0, 1.584, 2.856, 0.518, 2.851, -1.004, -1.328]) * 1e6
    assert npf.irr(flows) == pytest.approx(-0.3479, abs=1e-4)
    rate = irr(flows)
    assert rate == pytest.approx(1.7841, abs=1e-4)  # the other root of the same polynomial
    assert npv_at(flows, rate) == pytest.approx(0, abs=1e-3)  # NPV at the rate: zero, by hand
    assert irr_many(flows[None, :])[0] == pytest.approx(rate, abs=1e-10)
    # and the stream is flagged as having both roots (the metric investor_irr_roots counts them)
    from sib_case.metrics import irr_roots

    assert irr_roots(flows) == [pytest.approx(-0.3479, abs=1e-4), pytest.approx(1.7841, abs=1e-4)]
    assert irr_roots(np.array([-1.0, 0.5, 0.7])) == [pytest.approx(float(npf.irr([-1.0, 0.5, 0.7])))]


# ---- 5. sensitivity ------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["sib", "self"])
def test_sensitivity_agrees_with_evaluate(tmp_path: Path, mode: str) -> None:
    case = load_case(UNCERTAIN)
    data = sensitivity(case, mode)  # type: ignore[arg-type]
    metrics = evaluate(case, mode).primary.metrics  # type: ignore[arg-type]
    assert data.financing == mode
    assert data.base_municipal_npv == pytest.approx(metrics.municipal_npv, rel=1e-12)
    assert data.base_break_even_year == metrics.break_even_year
    rows = {row.name: row for row in data.inputs}
    assert sorted(rows) == sorted(PATHS)
    # stated ends of each distribution (small_uncertain.yaml)
    assert (rows[PATHS[0]].low, rows[PATHS[0]].high) == (16_000, 30_000)
    assert (rows[PATHS[1]].low, rows[PATHS[1]].high) == (0.35, 0.6)
    assert (rows[PATHS[2]].low, rows[PATHS[2]].high) == (120_000, 180_000)
    for row in data.inputs:
        assert row.point == {PATHS[0]: 20_000, PATHS[1]: 0.5, PATHS[2]: 150_000}[row.name]
        for end in ("low", "high"):
            probe = evaluate(with_overrides(tmp_path, {row.name: getattr(row, end)}), mode).primary.metrics  # type: ignore[arg-type]
            assert getattr(row, f"municipal_npv_{end}") == pytest.approx(probe.municipal_npv, rel=1e-12)
            assert getattr(row, f"break_even_year_{end}") == probe.break_even_year
    swings = [abs(row.municipal_npv_high - row.municipal_npv_low) for row in data.inputs]
    assert swings == sorted(swings, reverse=True)


@pytest.mark.parametrize("mode", ["sib", "self"])
def test_switching_values_turn_the_municipal_npv(tmp_path: Path, mode: str) -> None:
    data = sensitivity(load_case(UNCERTAIN), mode)  # type: ignore[arg-type]
    found = 0
    for row in data.inputs:
        value = row.switching_value
        if value is None:
            continue
        found += 1

        def npv_at(v: float, name: str = row.name) -> float:
            return evaluate(with_overrides(tmp_path, {name: v}), mode).primary.metrics.municipal_npv  # type: ignore[arg-type]

        assert npv_at(value) == pytest.approx(0, abs=1)  # currency units
        step = 1e-3 * abs(value)
        assert npv_at(value - step) * npv_at(value + step) < 0
    # under the SIB the cost per participant is the investor's: only effect and saving can turn it;
    # self-financed, all three can
    assert found == (2 if mode == "sib" else 3)


def test_switching_values_worked_by_hand() -> None:
    """From NPV(w, A) in the module docstring, setting it to 0 with the other input at its point."""
    rows = {row.name: row for row in sensitivity(load_case(UNCERTAIN), "sib").inputs}
    w_switch = 0.2 + 0.3 * 30_000 / (PV_SAVINGS - PV_PAYMENTS)  # 0.2192, cf. break_even_effect_municipal
    a_switch = 150_000 * (PV_PAYMENTS + 30_000) / PV_SAVINGS  # 83,888
    assert rows[PATHS[1]].switching_value == pytest.approx(w_switch, abs=1e-8)
    assert rows[PATHS[2]].switching_value == pytest.approx(a_switch, abs=1e-2)
    # the investor carries the programme cost: the municipality's NPV does not move with it
    cost = rows[PATHS[0]]
    assert cost.municipal_npv_low == cost.municipal_npv_high
    assert cost.switching_value is None
    # NPV at the low and high saving per unit, by hand
    saving = rows[PATHS[2]]
    assert saving.municipal_npv_low == pytest.approx(0.8 * PV_SAVINGS - PV_PAYMENTS - 30_000)
    assert saving.municipal_npv_high == pytest.approx(1.2 * PV_SAVINGS - PV_PAYMENTS - 30_000)


def test_sensitivity_of_a_case_without_distributions() -> None:
    data = sensitivity(load_case(SMALL))
    assert data.inputs == ()
    assert data.base_municipal_npv == pytest.approx(PV_SAVINGS - PV_PAYMENTS - 30_000)
    assert data.base_break_even_year == 2026
    assert data.to_json()["inputs"] == []
    assert data.to_json()["base"] == {"municipal_npv": data.base_municipal_npv, "break_even_year": 2026}


def test_sensitivity_json_shape(run) -> None:  # type: ignore[no-untyped-def]
    result = run("sensitivity", UNCERTAIN_ARG, "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"case", "scenario", "currency", "financing", "base", "inputs"}
    assert set(data["base"]) == {"municipal_npv", "break_even_year"}
    assert len(data["inputs"]) == 3
    for row in data["inputs"]:
        assert {"name", "low", "high", "municipal_npv_low", "municipal_npv_high", "switching_value"} <= set(
            row
        )
    assert data == json.loads(json.dumps(sensitivity(load_case(UNCERTAIN)).to_json()))


# ---- 6. scenarios --------------------------------------------------------------------------


def test_a_scenario_applies_its_overrides() -> None:
    pessimistic = load_case(UNCERTAIN, "pessimistic")
    assert pessimistic.outcomes[0].with_programme == 0.35
    assert pessimistic.outcomes[0].savings[0].amount == 120_000
    assert isinstance(pessimistic.programme_cost.per_participant, Dist)  # untouched: still the PERT
    assert [u.path for u in uncertain_inputs(pessimistic)] == ["programme_cost.per_participant"]
    optimistic = load_case(UNCERTAIN, "optimistic")
    assert optimistic.outcomes[0].with_programme == 0.6
    assert optimistic.programme_cost.per_participant == 16_000
    assert isinstance(optimistic.outcomes[0].savings[0].amount, Dist)


def test_scenarios_base_first_then_each_scenario() -> None:
    data = evaluate_scenarios(UNCERTAIN)
    assert data.case == "Small reference case with uncertainty"
    assert [s.name for s in data.scenarios] == [
        None,
        "pessimistic",
        "optimistic",
    ]  # None: the case as written
    base, pessimistic, optimistic = data.scenarios
    assert base.metrics == evaluate(load_case(UNCERTAIN)).primary.metrics
    assert pessimistic.metrics == evaluate(load_case(UNCERTAIN, "pessimistic")).primary.metrics
    assert optimistic.metrics == evaluate(load_case(UNCERTAIN, "optimistic")).primary.metrics
    # by hand (tests/test_reference.py: savings 1,080,000, payments 600,000, set-up 30,000):
    # pessimistic: half the units (0.15 / 0.3), 0.8 of the saving per unit
    assert pessimistic.metrics.net_municipal_gain == pytest.approx(0.5 * (0.8 * 1_080_000 - 600_000) - 30_000)
    assert pessimistic.metrics.total_outcome_payments == pytest.approx(300_000)
    # optimistic: 4/3 of the units (0.4 / 0.3); the cost per participant is the investor's
    assert optimistic.metrics.net_municipal_gain == pytest.approx(4 / 3 * (1_080_000 - 600_000) - 30_000)
    assert optimistic.metrics.total_outcome_payments == pytest.approx(800_000)
    assert optimistic.metrics.total_investor_capital == pytest.approx(20 * 16_000 + 10_000)
    # the JSON of `sib-case scenarios`
    assert data.to_json() == {
        "case": "Small reference case with uncertainty",
        "currency": "DKK",
        "scenarios": [
            {"name": s.name, "financing": s.financing, "fund": None, "metrics": s.metrics.to_json()}
            for s in data.scenarios
        ],
    }


def test_unknown_scenario_lists_the_scenarios() -> None:
    with pytest.raises(CaseFileError) as caught:
        load_case(UNCERTAIN, "realistic")
    # line 41: `scenarios:` in small_uncertain.yaml
    assert caught.value.messages() == [
        f"{UNCERTAIN}:41: no scenario named 'realistic'; scenarios: pessimistic, optimistic"
    ]
    with pytest.raises(CaseFileError) as caught:
        load_case(SMALL, "pessimistic")
    assert caught.value.messages() == [
        f"{SMALL}: no scenario named 'pessimistic'; scenarios: none in this file"
    ]


# Files valid as written but not under one of their scenarios (so not in tests/bad_cases/,
# which are loaded without a scenario): each is small.yaml with a `scenarios:` block appended
# from line 41. The message points at the scenario's entry.
SCENARIO_PROBLEMS = {
    ("scenario_unknown_path.yaml", "broken"): [
        "{dir}/scenario_unknown_path.yaml:46: scenarios.broken.outcomes[5].effect: no such place in the case; write a path like outcomes[0].effect",
    ],
    ("scenario_invalid_value.yaml", "too_good"): [
        "{dir}/scenario_invalid_value.yaml:44: outcomes[0].with_programme: must be between 0 and 1, got 1.4 (a share of participants; for a count or rate per participant, add measure: rate) (in scenario 'too_good')",
    ],
    ("scenario_misspelt_key.yaml", "optimistic"): [
        "{dir}/scenario_misspelt_key.yaml:43: outcomes[0].with_programm: unknown key 'with_programm'; did you mean 'with_programme'? (in scenario 'optimistic')",
    ],
    ("scenario_bad_distribution.yaml", "narrow"): [
        "{dir}/scenario_bad_distribution.yaml:43: outcomes[0].with_programme: low must be below high, got low 0.6 and high 0.35 (in scenario 'narrow')",
    ],
}


@pytest.mark.parametrize(("name", "scenario"), sorted(SCENARIO_PROBLEMS))
def test_bad_scenario_gives_its_exact_message(name: str, scenario: str) -> None:
    expected = [m.format(dir=SCENARIO_CASES) for m in SCENARIO_PROBLEMS[(name, scenario)]]
    with pytest.raises(CaseFileError) as caught:
        load_case(SCENARIO_CASES / name, scenario)
    assert caught.value.messages() == expected
    # a file is valid only if every scenario is: loading it as written says the same
    with pytest.raises(CaseFileError) as as_written:
        load_case(SCENARIO_CASES / name)
    assert as_written.value.messages() == expected


def test_every_scenario_case_has_an_expectation() -> None:
    assert sorted(p.name for p in SCENARIO_CASES.glob("*.yaml")) == sorted(n for n, _ in SCENARIO_PROBLEMS)


def test_scenario_may_set_a_year_the_file_gives(tmp_path: Path) -> None:
    case = with_overrides(tmp_path, {"programme_cost.fixed.2026": 20_000}, SMALL)
    assert case.programme_cost.fixed == {2026: 20_000}


def test_scenario_may_add_a_year(tmp_path: Path) -> None:
    case = with_overrides(tmp_path, {"programme_cost.fixed.2027": 5_000}, SMALL)
    assert case.programme_cost.fixed == {2026: 10_000, 2027: 5_000}


def test_a_scenario_named_base_is_not_silently_replaced(tmp_path: Path) -> None:
    text = UNCERTAIN.read_text(encoding="utf-8") + "  base:\n    outcomes[0].with_programme: 0.45\n"
    path = tmp_path / "named_base.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        data = evaluate_scenarios(path)
    except CaseFileError as refused:
        refusal = str(refused)  # refusing the reserved name, with a message, would be a fix too
    else:
        names = [s.name for s in data.scenarios]
        assert len(names) == len(set(names))
        npvs = [s.metrics.municipal_npv for s in data.scenarios]
        assert evaluate(load_case(path, "base")).primary.metrics.municipal_npv in npvs
        return
    assert "'base'" in refusal


# ---- 8. the commands -------------------------------------------------------------------------

TITLES = {
    "simulate": {"en": "Monte Carlo simulation", "da": "Monte Carlo-simulering"},
    "sensitivity": {"en": "Sensitivity of the municipal NPV", "da": "Følsomhed af kommunens nutidsværdi"},
    "scenarios": {"en": "Scenarios", "da": "Scenarier"},
}


@pytest.mark.parametrize("command", ["simulate", "sensitivity", "scenarios"])
@pytest.mark.parametrize("fmt", ["table", "json", "markdown"])
@pytest.mark.parametrize("lang", ["en", "da"])
def test_uncertainty_commands_run(run, command: str, fmt: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    extra = ["--draws", "2000"] if command == "simulate" else []
    result = run(command, UNCERTAIN_ARG, *extra, "-f", fmt, "--lang", lang)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    if fmt == "json":
        assert json.loads(result.stdout)["case"] == "Small reference case with uncertainty"
    else:
        assert f"{TITLES[command][lang]}: Small reference case with uncertainty" in result.stdout


def test_scenarios_markdown_by_hand(run) -> None:  # type: ignore[no-untyped-def]
    out = run("scenarios", UNCERTAIN_ARG, "-f", "markdown", "--lang", "en").stdout
    assert "| Metric | base case (as written) | pessimistic | optimistic |" in out
    # net municipal gain 450,000 / 102,000 / 610,000, see test_scenarios_base_first_then_each_scenario
    assert "450,000" in out
    assert "102,000" in out
    assert "610,000" in out


def test_sensitivity_in_danish_formats_numbers_the_danish_way(run) -> None:  # type: ignore[no-untyped-def]
    out = run("sensitivity", UNCERTAIN_ARG, "-f", "markdown", "--lang", "da").stdout
    assert "| employment: cash benefit: beløb pr. enhed | 120.000 | 180.000 |" in out
    assert "| employment: niveau med indsatsen | 35,0\xa0% | 60,0\xa0% |" in out  # a share as a percentage


def test_evaluate_with_a_scenario_differs_from_the_case_as_written(run) -> None:  # type: ignore[no-untyped-def]
    base = json.loads(run("evaluate", UNCERTAIN_ARG, "-f", "json").stdout)["metrics"]
    result = run("evaluate", UNCERTAIN_ARG, "-f", "json", "--scenario", "optimistic")
    assert result.exit_code == 0, result.stderr
    optimistic = json.loads(result.stdout)["metrics"]
    assert base["net_municipal_gain"] == pytest.approx(450_000)  # tests/test_reference.py
    assert optimistic["net_municipal_gain"] == pytest.approx(610_000)  # 4/3 x 480,000 - 30,000
    assert optimistic["municipal_npv"] > base["municipal_npv"]
    assert optimistic == evaluate(load_case(UNCERTAIN, "optimistic")).primary.metrics.to_json()


def test_simulate_with_a_scenario(run) -> None:  # type: ignore[no-untyped-def]
    """Pessimistic fixes effect and saving; only the cost per participant (the investor's under
    the SIB) is left uncertain, so the municipal NPV is the same in every draw."""
    result = run("simulate", UNCERTAIN_ARG, "--scenario", "pessimistic", "--draws", "1000", "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["uncertain_inputs"] == ["programme_cost.per_participant"]
    npv = evaluate(load_case(UNCERTAIN, "pessimistic")).primary.metrics.municipal_npv
    assert npv == pytest.approx(0.5 * (0.8 * PV_SAVINGS - PV_PAYMENTS) - 30_000)  # by hand
    assert data["municipal_npv_percentiles"] == pytest.approx({"p5": npv, "p50": npv, "p95": npv}, rel=1e-12)
    # payments 300,000 never cover capital of at least 20 x 16,000 + 10,000 = 330,000
    assert data["probability_investor_recovers_capital"] == 0.0


def test_validate_checks_every_scenario(run) -> None:  # type: ignore[no-untyped-def]
    good = run("validate", UNCERTAIN_ARG)
    assert good.exit_code == 0, good.stderr
    assert good.stdout == f"{UNCERTAIN_ARG}: ok\n"
    bad = "tests/scenario_cases/scenario_invalid_value.yaml"
    result = run("validate", bad)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"{bad}:44: outcomes[0].with_programme: must be between 0 and 1, got 1.4 (a share of participants; for a count or rate per participant, add measure: rate) (in scenario 'too_good')\n"
        "1 of 1 case files invalid\n"
    )


def test_unknown_scenario_through_the_command(run) -> None:  # type: ignore[no-untyped-def]
    result = run("evaluate", UNCERTAIN_ARG, "--scenario", "realistic")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"{UNCERTAIN_ARG}:41: no scenario named 'realistic'; scenarios: pessimistic, optimistic\n"
    )


def test_memo_says_how_sure_from_the_simulation() -> None:
    """A case with ranges gets a "how sure" paragraph whose figures are simulate's own (as the
    memo rounds amounts in its text)."""
    from sib_case.formats import rounded_money
    from sib_case.render.memo import Risks, render_memo_markdown
    from sib_case.uncertainty import simulate as run_simulation

    case = load_case(UNCERTAIN)
    result = evaluate(case)
    simulation = run_simulation(case, mode=result.primary.mode)  # as `sib-case memo` runs it
    memo = render_memo_markdown(result, "da", risks=Risks(simulation))
    npv = simulation.municipal_npv_percentiles
    assert "**Hvor sikkert er resultatet?** Sagen angiver et spænd for 3 af forudsætningerne." in memo
    assert f"mellem {rounded_money(npv.p5, 'DKK', 'da')} og {rounded_money(npv.p95, 'DKK', 'da')}" in memo
    assert "Hvor sikkert" not in render_memo_markdown(result, "da")  # no simulation, no paragraph
    small = evaluate(load_case(SMALL))
    plain = render_memo_markdown(small, "da", risks=Risks(run_simulation(load_case(SMALL), draws=500)))
    assert "Hvor sikkert" not in plain  # no ranges: nothing to be unsure of


@pytest.mark.slow  # writes the memo's chart (PNG) beside it
def test_memo_command_says_how_sure_for_a_case_with_ranges(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`sib-case memo` runs the Monte Carlo the memo's "how sure" paragraph reports: the
    simulation's defaults, under the case's own financing mode."""
    from sib_case.formats import rounded_money

    memo = tmp_path / "memo.md"
    result = run("memo", UNCERTAIN_ARG, "-o", str(memo), "--lang", "da")
    assert result.exit_code == 0, result.stderr
    text = memo.read_text(encoding="utf-8")
    npv = simulate(load_case(UNCERTAIN)).municipal_npv_percentiles
    assert "**Hvor sikkert er resultatet?** Sagen angiver et spænd for 3 af forudsætningerne." in text
    assert f"mellem {rounded_money(npv.p5, 'DKK', 'da')} og {rounded_money(npv.p95, 'DKK', 'da')}" in text
    plain = tmp_path / "plain.md"
    assert run("memo", "tests/reference/small.yaml", "-o", str(plain), "--lang", "da").exit_code == 0
    assert "Hvor sikkert" not in plain.read_text(encoding="utf-8")  # no ranges, no paragraph
