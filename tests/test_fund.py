"""A municipality's own fund (financing mode `fund`, sib_case/fund.py): the fund lends
the programme its cost, the department repays a share of its cashable savings in the
repayment years, never more than the loan with interest, and the rest is written off.

Reference values by hand from the case's own yearly columns (`evaluate -f json`): the
repayment is the share times the municipality's cashable savings of each repayment year;
the department and the fund together are the self-financed municipality."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import yaml
from click.testing import CliRunner

from sib_case import CaseFileError, load_case
from sib_case.cli import app
from sib_case.portfolio import load_deals, make_basis, portfolio
from sib_case.result import evaluate, to_dict

ROOT = Path(__file__).parent.parent
YOUTH = ROOT / "cases" / "dk-youth-homelessness.yaml"


def years(case: object, mode: str | None = None) -> list[dict]:
    return to_dict(evaluate(case, mode))["years"]  # type: ignore[arg-type]


def test_the_department_repays_its_share_of_the_savings_in_the_repayment_years() -> None:
    loan = load_case(YOUTH, "investeringsfond")
    assert loan.fund == "Kommunens sociale investeringsfond (illustrativt)"
    assert loan.financing.investor == loan.fund
    rows = years(loan)
    for row in rows:  # share 0.75 of the cashable municipal savings, 2029-2032 only
        due = 0.75 * row["savings_municipal"] if 2029 <= row["year"] <= 2032 else 0.0
        assert row["outcome_payments"] == pytest.approx(due, abs=1e-6), row["year"]
    assert rows[3]["outcome_payments"] == pytest.approx(0.75 * 1_177_100.1)  # 2029: 882,825.08
    capital = sum(r["investor_capital"] for r in rows)
    repaid = sum(r["outcome_payments"] for r in rows)
    assert capital == pytest.approx(7_300_000)
    assert repaid == pytest.approx(2_960_894.25, abs=0.01)  # 0.75 x (1,177,100 + ... + 796,829)
    assert repaid < capital  # the fund writes off the rest: 4,339,105.75


def test_department_and_fund_together_are_the_self_financed_municipality() -> None:
    loan = load_case(YOUTH, "investeringsfond")
    own = years(loan, "self")
    for fund_row, self_row in zip(years(loan), own, strict=True):
        together = fund_row["municipal_net"] + fund_row["investor_net"]
        assert together == pytest.approx(self_row["municipal_net"], abs=1e-6)


def test_the_loan_never_repays_more_than_capital_with_interest(tmp_path: Path) -> None:
    data = yaml.safe_load(YOUTH.read_text(encoding="utf-8"))
    data["financing"]["mode"] = "fund"
    data["financing"]["fund"].update({"share": 1.0, "repay_from": 2029, "repay_years": 4, "interest": 0.02})
    data["outcomes"][0]["savings"][0]["amount"] = 5_000_000  # savings far above the loan
    path = tmp_path / "rich.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    rows = years(load_case(path))
    paid = np.array([r["outcome_payments"] for r in rows])
    drawn = np.array([r["investor_capital"] for r in rows])
    discount = 1.02 ** -np.arange(len(rows))
    assert paid @ discount == pytest.approx(drawn @ discount, rel=1e-9)  # repaid with 2 % interest, no more
    # all of it in 2029, the first repayment year: the 2026-2028 draws grown at 2 % a year
    assert paid[3] == pytest.approx(3_250_000 * 1.02**3 + 2_362_500 * 1.02**2 + 1_687_500 * 1.02)
    assert paid[:3].sum() == 0
    assert paid[4:].sum() == pytest.approx(0, abs=1e-6)  # never more than is outstanding


def test_mode_fund_needs_its_terms(tmp_path: Path) -> None:
    data = yaml.safe_load(YOUTH.read_text(encoding="utf-8"))
    data["financing"]["mode"] = "fund"
    del data["financing"]["fund"]
    data.pop("scenarios")
    path = tmp_path / "bare.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(CaseFileError, match=r"mode: fund needs the fund's terms under financing.fund"):
        load_case(path)


def test_outputs_name_the_fund() -> None:
    result = CliRunner().invoke(
        app, ["evaluate", str(YOUTH), "--scenario", "investeringsfond", "--lang", "da"]
    )
    assert result.exit_code == 0, result.stderr
    assert "Lån fra egen fond" in result.stdout
    assert "kommunens egen fond" in result.stdout
    plain = CliRunner().invoke(app, ["evaluate", str(YOUTH), "--lang", "da"])
    assert "Lån fra egen fond" not in plain.stdout  # the case as written is a SIB beside self-financing
    scenarios = CliRunner().invoke(app, ["scenarios", str(YOUTH), "-f", "json"])
    assert '"investeringsfond"' in scenarios.stdout


def test_portfolio_follows_the_fund_balance() -> None:
    deals, _ = load_deals([YOUTH])
    loan = load_case(YOUTH, "investeringsfond")
    rows = years(loan)
    # the portfolio of the fund's one loan: its capital less what it lends, plus what comes back
    from dataclasses import replace

    from sib_case.portfolio import deal_flows

    deal = deal_flows(YOUTH)
    fund_deal = replace(
        deal,
        drawn=np.array([r["investor_capital"] for r in rows]),
        received=np.array([r["investor_net"] + r["investor_capital"] for r in rows]),
    )
    held = portfolio([fund_deal], make_basis([fund_deal]), fund_capital=40e6)
    expected = 40e6 + np.cumsum([r["investor_net"] for r in rows])
    assert held.fund_balance == pytest.approx(expected)
    assert held.fund_balance[2] == pytest.approx(40e6 - 7_300_000)  # all lent by 2028, nothing back yet
    assert deals  # the case loads as a portfolio deal as written (self-financed)


def test_the_public_sector_bears_the_programme_as_when_self_financed() -> None:
    """The fund is public money: for the public sector as a whole, a loan from it is the
    programme's cost, as self-financed (the repayments are transfers inside it)."""
    loan = to_dict(evaluate(load_case(YOUTH, "investeringsfond")))
    assert loan["metrics"]["public_npv"] == pytest.approx(loan["alternative"]["public_npv"], rel=1e-12)
    sib = to_dict(evaluate(load_case(YOUTH, "social effektinvestering")))
    assert sib["metrics"]["public_npv"] != pytest.approx(
        sib["alternative"]["public_npv"]
    )  # a SIB's investor is not


def test_windows_that_repay_nothing_are_refused(tmp_path: Path) -> None:
    data = yaml.safe_load(YOUTH.read_text(encoding="utf-8"))
    data.pop("scenarios")
    data["financing"]["mode"] = "fund"
    data["financing"]["fund"]["repay_from"] = 2050
    path = tmp_path / "late.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(CaseFileError, match=r"repay_from 2050 lies outside the case's years 2026-2035"):
        load_case(path)
    data["financing"]["mode"] = "sib"
    data["financing"]["payments"] = [
        {"type": "savings_share", "share": 0.5, "savings_from": 2032, "savings_to": 2028}
    ]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(CaseFileError, match=r"savings_from \(2032\) must not come after savings_to \(2028\)"):
        load_case(path)


def test_the_fund_loan_in_words() -> None:
    """The outputs of a fund-financed case name the fund's loan where a SIB's would name the
    SIB, and never touch a {placeholder} or a key path."""
    from sib_case.labels import fund_words

    assert fund_words("Investor finansierer; betaler kommunen investor {payments}", "da") == (
        "Fonden finansierer; betaler kommunen fonden {payments}"
    )
    assert fund_words("{investor} and financing.investors", "en") == "{investor} and financing.investors"
    for lang, words in (
        ("en", ("SIB", "social impact bond", "investor")),
        ("da", ("effektinvestering", "SEI")),
    ):
        out = CliRunner().invoke(
            app, ["evaluate", str(YOUTH), "--scenario", "investeringsfond", "-f", "markdown", "--lang", lang]
        )
        assert out.exit_code == 0, out.stderr
        body = out.stdout.split("\n", 3)[-1]
        assert not [w for w in words if w in body], (lang, [w for w in words if w in body])


def test_scenarios_name_each_loan_in_its_own_words(tmp_path: Path) -> None:
    """The scenarios table of a case whose columns are a SIB and a fund's loan labels the
    loan rows both ways; with only a fund's loan beside self-financing, the fund's way."""
    both = CliRunner().invoke(app, ["scenarios", str(YOUTH), "-f", "markdown"])
    assert "| Investor IRR / Fund IRR |" in both.stdout
    danish = CliRunner().invoke(app, ["scenarios", str(YOUTH), "-f", "markdown", "--lang", "da"])
    assert "| Investors interne rente (IRR) / Fondens interne rente (IRR) |" in danish.stdout
    made = CliRunner().invoke(app, ["scenarios", str(YOUTH), "-f", "json"])
    funds = {s["name"]: s["fund"] for s in json.loads(made.stdout)["scenarios"]}
    assert funds == {
        None: None,
        "pessimistisk": None,
        "optimistisk": None,
        "social effektinvestering": None,
        "investeringsfond": load_case(YOUTH, "investeringsfond").fund,
    }
    data = yaml.safe_load(YOUTH.read_text(encoding="utf-8"))
    del data["scenarios"]["social effektinvestering"]
    only_fund = tmp_path / "fund.yaml"
    only_fund.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    fund = CliRunner().invoke(app, ["scenarios", str(only_fund), "-f", "markdown"])
    assert "| Fund IRR |" in fund.stdout
    assert "Investor IRR" not in fund.stdout


def test_the_memo_gives_the_whole_municipality_too(tmp_path: Path) -> None:
    """The memo's headline figures are the repaying department's; its comparison ends with
    the municipality as a whole: department and fund together are self-financing, and the
    fund writes off what it does not get back (5.21 m - 4.34 m = 0.87 m, by the JSON)."""
    result = to_dict(evaluate(load_case(YOUTH, "investeringsfond")))
    sib, own = result["metrics"], result["alternative"]  # the fund's loan; self-financing beside it
    assert own["financing"] == "self"
    assert sib["net_municipal_gain"] + sib["investor_net_gain"] == pytest.approx(own["net_municipal_gain"])
    memo = tmp_path / "memo.md"
    made = CliRunner().invoke(
        app, ["memo", str(YOUTH), "--scenario", "investeringsfond", "-o", str(memo), "--lang", "da"]
    )
    assert made.exit_code == 0, made.stderr
    assert (
        "For kommunen som helhed, forvaltning og fond tilsammen, er resultatet det samme som ved"
        " egenfinansiering, 874.000 kr.: det, fonden ikke får tilbage, 4,3 mio. kr., afskrives i fonden."
    ) in memo.read_text(encoding="utf-8")
