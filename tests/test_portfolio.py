"""`sib-case portfolio`: the fund's totals are the sums of its deals' own figures on one
basis, and its IRR is the IRR of the summed flows (issue 13).

Reference values: every deal's own yearly flows come from `evaluate -f json` of its case
file; the conversion factors are worked by hand from the price index presets
(sib_case/presets/price_index.yaml) and the stated rates; the IRR of the summed flows is
numpy-financial's, computed here independently of sib_case.metrics."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import numpy_financial as npf
import pytest
from click.testing import CliRunner

from sib_case.cli import app
from sib_case.portfolio import (
    PortfolioError,
    PriceIndex,
    load_deals,
    make_basis,
    portfolio,
    price_index,
    simulate_portfolio,
)

ROOT = Path(__file__).parent.parent
DANISH = [
    ROOT / "cases" / f"{n}.yaml" for n in ("dk-children-families", "dk-employment", "dk-youth-homelessness")
]
SHIPPED = sorted(
    p
    for folder in ("cases", "cases/published")
    for p in (ROOT / folder).glob("*.yaml")
    if ".results." not in p.name
)
RATES = {"GBP": 8.7, "AUD": 4.5, "USD": 6.9}  # stated by the test: DKK for one unit
# Indices for the currencies without a preset: made up by the test, only so that every
# shipped case can be put on 2024 prices; the sums below do not depend on them.
OWN_INDICES = [
    PriceIndex("test-aud", "AUD", {y: 100 + 2 * (y - 2010) for y in range(2005, 2031)}),
    PriceIndex("test-usd", "USD", {y: 100 + 3 * (y - 2010) for y in range(2005, 2031)}),
]


def own_json(path: Path) -> dict:
    result = CliRunner().invoke(app, ["evaluate", str(path), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def shipped() -> tuple:
    deals, errors = load_deals(SHIPPED)
    assert not errors
    basis = make_basis(deals, "DKK", 2024, 2024, 0.035, RATES, OWN_INDICES)
    return portfolio(deals, basis), {str(p): own_json(p) for p in SHIPPED}


def test_factors_by_hand() -> None:
    deals, _ = load_deals([DANISH[0], ROOT / "cases" / "intl-reoffending.yaml"])
    held = portfolio(deals, make_basis(deals, "DKK", 2024, rates={"GBP": 8.7}))
    by_file = {Path(d.file).name: d.factor for d in held.deals}
    # dk-children-families is in 2019 prices: dk-cpi 2024 / 2019 = 118.8 / 103.0
    assert by_file["dk-children-families.yaml"] == pytest.approx(118.8 / 103.0, rel=1e-12)
    # intl-reoffending: GBP in 2010 prices, repriced with uk-cpi then at 8.7 DKK a pound
    assert by_file["intl-reoffending.yaml"] == pytest.approx(133.9 / 89.4 * 8.7, rel=1e-12)


def test_totals_are_the_sums_of_the_deals_own_figures(shipped: tuple) -> None:
    held, own = shipped
    t = held.totals
    drawn, received, municipal = (np.zeros(len(t.years)) for _ in range(3))
    for deal in held.deals:
        data = own[deal.file]
        for row in data["years"]:
            at = row["year"] - int(t.years[0])
            drawn[at] += row["investor_capital"] * deal.factor
            received[at] += (row["investor_net"] + row["investor_capital"]) * deal.factor
            municipal[at] += row["municipal_net"] * deal.factor
        assert (data["metrics"]["total_investor_capital"] or 0.0) == pytest.approx(
            float(deal.drawn.sum()), abs=1e-6
        )
    assert t.drawn == pytest.approx(drawn, abs=1e-4)
    assert t.received == pytest.approx(received, abs=1e-4)
    assert t.municipal_net == pytest.approx(municipal, abs=1e-4)
    assert t.capital_drawn == pytest.approx(
        sum((own[d.file]["metrics"]["total_investor_capital"] or 0.0) * d.factor for d in held.deals),
        rel=1e-12,
    )
    assert t.municipal_net_gain == pytest.approx(
        sum(own[d.file]["metrics"]["net_municipal_gain"] * d.factor for d in held.deals), rel=1e-12
    )
    # the fund's IRR is the IRR of the summed flows, and its multiple their ratio
    assert t.irr == pytest.approx(npf.irr(received - drawn), abs=1e-9)
    assert t.multiple == pytest.approx(received.sum() / drawn.sum(), rel=1e-12)
    # the municipalities' present value: each year's net discounted to 2024 at 3.5 %
    factors = 1.035 ** -(t.years - 2024.0)
    assert t.municipal_npv == pytest.approx(float(municipal @ factors), rel=1e-12)


def test_groups_add_up_to_the_whole(shipped: tuple) -> None:
    held, _ = shipped
    for grouping in ("municipality", "policy_area", "start_year"):
        parts = held.groups[grouping].values()
        assert sum(p.capital_drawn for p in parts) == pytest.approx(held.totals.capital_drawn, rel=1e-12)
        assert sum(p.municipal_net_gain for p in parts) == pytest.approx(
            held.totals.municipal_net_gain, rel=1e-12
        )
    investors = held.groups["investor"].values()
    assert sum(p.capital_drawn for p in investors) == pytest.approx(held.totals.capital_drawn, rel=1e-9)
    assert sum(p.total_received for p in investors) == pytest.approx(held.totals.total_received, rel=1e-9)


def test_outstanding_by_hand() -> None:
    """dk-employment alone: capital drawn less received, year by year, never below zero."""
    deals, _ = load_deals([DANISH[1]])
    held = portfolio(deals, make_basis(deals))
    data = own_json(DANISH[1])
    left, expected = 0.0, []
    for row in data["years"]:
        left = max(left + row["investor_capital"] - (row["investor_net"] + row["investor_capital"]), 0.0)
        expected.append(left)
    expected[-1] = 0.0  # what is left when the deal ends is written off in its last year
    assert held.totals.outstanding == pytest.approx(expected, abs=1e-6)
    peak, year = held.totals.peak_outstanding
    assert peak == pytest.approx(max(expected))
    assert year == data["years"][int(np.argmax(expected))]["year"]
    # capital is committed in the year it is first drawn: 7,090,000 (the sum of the draws)
    assert held.totals.committed[0] == pytest.approx(7_090_000)


def test_never_converted_without_a_stated_rate() -> None:
    deals, _ = load_deals([DANISH[1], ROOT / "cases" / "intl-reoffending.yaml"])
    with pytest.raises(
        PortfolioError,
        match=r"intl-reoffending\.yaml is in GBP, the portfolio in DKK: give the rate with --rate GBP=X",
    ):
        portfolio(deals, make_basis(deals))
    with pytest.raises(PortfolioError, match="a rate is given for SEK, which no case uses"):
        make_basis(deals, rates={"GBP": 8.7, "SEK": 0.65})
    usd, _ = load_deals([ROOT / "cases" / "published" / "rikers-able.yaml"])
    with pytest.raises(PortfolioError, match="no price index for USD; name one with --index"):
        portfolio(usd, make_basis(usd, "DKK", 2024, rates={"USD": 6.9}))
    with pytest.raises(PortfolioError, match=r"has no value for 2001 \(it covers 2010-2024\)"):
        price_index("dk-cpi").factor(2001, 2024)


def test_the_simulation_without_uncertainty_is_the_point_result(tmp_path: Path) -> None:
    deals, _ = load_deals([ROOT / "tests" / "reference" / "small.yaml"])
    held = portfolio(deals, make_basis(deals))
    for shared in (None, 0.0):
        sim = simulate_portfolio(held, 50, 1, shared)
        assert sim.multiple.p5 == pytest.approx(held.totals.multiple)
        assert sim.multiple.p95 == pytest.approx(held.totals.multiple)
        assert sim.probability_recovers_capital == (1.0 if held.totals.multiple >= 1 else 0.0)
    # a shared factor spreads the fund's outcome; the same seed gives the same figures
    spread = simulate_portfolio(held, 2000, 7, 0.4)
    assert spread.multiple.p5 < held.totals.multiple < spread.multiple.p95
    assert simulate_portfolio(held, 2000, 7, 0.4) == spread


def test_command_writes_every_format(tmp_path: Path) -> None:
    args = ["portfolio", *map(str, DANISH), "--draws", "200"]
    made = CliRunner().invoke(app, [*args, "-f", "json"])
    assert made.exit_code == 0, made.stderr
    data = json.loads(made.stdout)
    assert data["basis"]["currency"] == "DKK"
    assert data["basis"]["price_year"] == 2024
    assert set(data["groups"]) == {"municipality", "investor", "policy_area", "start_year"}
    assert 0 <= data["simulation"]["probability_recovers_capital"] <= 1
    for suffix in ("csv", "md", "xlsx", "png", "svg", "txt"):
        out = tmp_path / f"p.{suffix}"
        result = CliRunner().invoke(app, [*args, "-o", str(out)])
        assert result.exit_code == 0, result.stderr
        assert out.stat().st_size > 100
    table = CliRunner().invoke(app, [*args, "--lang", "da"], env={"COLUMNS": "80"})
    assert "Fondens interne rente" in table.stdout
    assert "…" not in table.stdout


def test_command_refuses_what_it_cannot_do() -> None:
    mixed = ["portfolio", str(DANISH[1]), str(ROOT / "cases" / "intl-reoffending.yaml")]
    result = CliRunner().invoke(app, mixed)
    assert result.exit_code == 1
    assert "give the rate with --rate GBP=X" in result.stderr
    assert "Traceback" not in result.stderr
    for bad in (["--rate", "GBP"], ["--rate", "GBP=-1"], ["--discount-rate", "lots"]):
        result = CliRunner().invoke(app, [*mixed, *bad])
        assert result.exit_code == 1, result.stderr
        assert "Traceback" not in result.stderr
    result = CliRunner().invoke(app, [*mixed, "--rate", "GBP=8,7", "--discount-rate", "3,5%", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["basis"]["rates"] == {"GBP": 8.7}


def test_danish_output_has_no_english() -> None:
    from test_danish import leaks

    for fmt in ("table", "markdown", "csv"):
        result = CliRunner().invoke(
            app,
            ["portfolio", *map(str, DANISH), "--draws", "100", "-f", fmt, "--lang", "da"],
            env={"COLUMNS": "120"},
        )
        assert result.exit_code == 0, result.stderr
        text = result.stdout
        for deal in load_deals(DANISH)[0]:  # case text: the municipalities' names
            text = text.replace(deal.municipality, " ")
        assert not leaks(text), (fmt, leaks(text))


def write(tmp_path: Path, name: str, data: dict) -> Path:
    import yaml

    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_a_self_financed_case_commits_no_capital(tmp_path: Path) -> None:
    """A self-financed case that names investors (for its SIB beside) has none in a portfolio."""
    import yaml

    data = yaml.safe_load((ROOT / "cases" / "published" / "utah-preschool.yaml").read_text(encoding="utf-8"))
    data["financing"]["mode"] = "self"
    deals, _ = load_deals([write(tmp_path, "utah-self.yaml", data)])
    held = portfolio(deals, make_basis(deals))
    assert held.totals.capital_committed == 0
    assert held.totals.capital_drawn == 0
    assert held.groups["investor"] == {}
    sim = simulate_portfolio(held, 20, 1)  # nothing lent: nothing to get back, no multiple
    assert sim.probability_recovers_capital is None
    assert sim.multiple is None
    result = CliRunner().invoke(app, ["portfolio", str(DANISH[2]), "--draws", "20", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["simulation"]["multiple"] is None


def test_a_fund_writes_off_when_its_repayment_years_end() -> None:
    from dataclasses import replace

    from sib_case.portfolio import deal_flows

    youth = ROOT / "cases" / "dk-youth-homelessness.yaml"
    loan = load_case_of(youth, "investeringsfond")
    fund = replace(deal_flows(youth), **loan)
    held = portfolio([fund, *load_deals([DANISH[1]])[0]], make_basis([fund]), fund_capital=10e6)
    at = {int(y): t for t, y in enumerate(held.totals.years)}
    assert held.totals.written_off[at[2032]] == pytest.approx(7_300_000 - 2_960_894.25, abs=0.01)
    alone = portfolio([fund], make_basis([fund])).totals
    assert alone.outstanding[2032 - 2026] == 0  # written off, no longer outstanding
    assert alone.outstanding[2031 - 2026] == pytest.approx(7_300_000 - 2_960_894.25 + 597_622.05, abs=0.01)
    # the fund's balance follows the fund's own loan, not dk-employment's outside investor
    assert held.fund_balance[at[2028]] == pytest.approx(10e6 - 7_300_000)


def load_case_of(path: Path, scenario: str) -> dict:
    """The fund's loan of a scenario as DealFlows fields (its flows, its end, its fund)."""
    from sib_case import load_case
    from sib_case.result import evaluate, to_dict

    case = load_case(path, scenario)
    rows = to_dict(evaluate(case))["years"]
    return {
        "drawn": np.array([r["investor_capital"] for r in rows]),
        "received": np.array([r["investor_net"] + r["investor_capital"] for r in rows]),
        "ends": case.financing.settlement_year,
        "fund": case.fund,
    }


def test_bad_indices_rates_and_markup_are_refused_or_kept_as_text(tmp_path: Path) -> None:
    bad = tmp_path / "nan.yaml"
    bad.write_text("currency: DKK\nvalues: {2019: .nan, 2024: 118.8}\n", encoding="utf-8")
    with pytest.raises(PortfolioError, match="every value must be a number above 0"):
        price_index(str(bad))
    deals, _ = load_deals([DANISH[1]])
    with pytest.raises(PortfolioError, match="a rate is given for DKK, the portfolio's own currency"):
        make_basis(deals, rates={"DKK": 2.0})
    import yaml

    data = yaml.safe_load(DANISH[1].read_text(encoding="utf-8"))
    data["case"]["municipality"] = "![x](http://x) <b>bold</b>\nnew line"
    path = write(tmp_path, "markup.yaml", data)
    result = CliRunner().invoke(app, ["portfolio", str(path), str(DANISH[0]), "-f", "markdown"])
    assert result.exit_code == 0, result.stderr
    assert "\\<b>" in result.stdout  # escaped: shown as text, never HTML
    assert "![x](" not in result.stdout
