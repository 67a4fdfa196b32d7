"""Every user-facing label, in English and Danish, in one table.

`label(key, lang)` looks a label up; `{name}` placeholders are filled by the caller.
"""

from __future__ import annotations

import os
from typing import Literal

Lang = Literal["en", "da"]
LANGS: tuple[Lang, ...] = ("en", "da")

# key: (English, Danish)
LABELS: dict[str, tuple[str, str]] = {
    # yearly columns
    "year": ("Year", "År"),
    "participants": ("Participants entering", "Nye deltagere"),
    "programme_cost": ("Programme cost", "Indsatsudgift"),
    "investor_capital": ("Investor capital", "Investorkapital"),
    "outcome_payments": ("Outcome payments", "Resultatbetalinger"),
    "guarantee_payments": ("Guarantee payments", "Garantibetalinger"),
    "transaction_costs_municipal": ("Transaction costs (municipal)", "Transaktionsomkostninger (kommunen)"),
    "savings_municipal": ("Municipal savings (cashable)", "Kommunale besparelser (kontante)"),
    "savings_public": ("Public savings (all)", "Offentlige besparelser (alle)"),
    "municipal_net": ("Municipal net", "Kommunens netto"),
    "municipal_cumulative": ("Cumulative", "Akkumuleret"),
    "municipal_discounted_cumulative": ("Discounted cumulative", "Akkumuleret, tilbagediskonteret"),
    "investor_net": ("Investor net", "Investors netto"),
    # short headers for the terminal's yearly table (a space becomes a line break)
    "short.participants": ("Entrants", "Nye"),
    "short.programme_cost": ("Programme", "Indsats"),
    "short.investor_capital": ("Capital", "Kapital"),
    "short.outcome_payments": ("Payments", "Betalinger"),
    "short.guarantee_payments": ("Guarantee", "Garanti"),
    "short.transaction_costs_municipal": ("Trans. costs", "Trans. omk."),
    "short.savings_municipal": ("Savings mun.", "Bespar. kommune"),
    "short.savings_public": ("Savings all", "Bespar. alle"),
    "short.municipal_net": ("Net mun.", "Netto kommune"),
    "short.municipal_cumulative": ("Cumulative", "Akkumuleret"),
    "short.municipal_discounted_cumulative": ("Disc. cum.", "Disk. akk."),
    "short.investor_net": ("Investor", "Investor"),
    # metrics
    "break_even_year": ("Break-even year", "Break-even-år"),
    "discounted_break_even_year": ("Break-even year (discounted)", "Break-even-år (tilbagediskonteret)"),
    "net_municipal_gain": ("Net municipal gain", "Kommunens nettogevinst"),
    "municipal_npv": ("Municipal NPV", "Kommunens nutidsværdi (NPV)"),
    "public_net_gain": ("Public-sector net gain", "Offentlig nettogevinst"),
    "public_npv": ("Public-sector NPV", "Offentlig nutidsværdi (NPV)"),
    "total_outcome_payments": ("Outcome payments", "Resultatbetalinger"),
    "total_programme_cost": ("Programme cost", "Indsatsudgift"),
    "total_transaction_costs": ("Transaction costs (all payers)", "Transaktionsomkostninger (alle betalere)"),
    "total_transaction_costs_municipal": (
        "Transaction costs (municipal)",
        "Transaktionsomkostninger (kommunen)",
    ),
    "total_investor_capital": ("Investor capital", "Investorkapital"),
    "total_guarantee_payments": ("Guarantee payments", "Garantibetalinger"),
    "total_savings_municipal": ("Municipal savings (cashable)", "Kommunale besparelser (kontante)"),
    "total_savings_public": ("Public savings (all)", "Offentlige besparelser (alle)"),
    "benefit_cost_ratio": ("Benefit-cost ratio (municipal)", "Gevinst-omkostningsforhold (kommunen)"),
    "investor_irr": ("Investor IRR", "Investors interne rente (IRR)"),
    "investor_multiple": ("Investor money multiple", "Investors pengemultipel"),
    "investor_net_gain": ("Investor net gain", "Investors nettogevinst"),
    "break_even_effect_municipal": ("Break-even effect, municipality", "Break-even-effekt, kommunen"),
    "break_even_effect_investor": ("Break-even effect, investor", "Break-even-effekt, investor"),
    "net_municipal_gain_if_no_effect": (
        "Net municipal gain if the effect is zero",
        "Kommunens nettogevinst uden effekt",
    ),
    "municipal_npv_if_no_effect": (
        "Municipal NPV if the effect is zero",
        "Kommunens nutidsværdi uden effekt",
    ),
    "participants_total": ("Participants", "Deltagere"),
    "cost_per_unit": ("Cost per attributable unit", "Pris pr. henførbar enhed"),
    "total_units": ("Attributable units", "Henførbare enheder"),
    # words and phrases
    "sib": ("SIB", "Social effektinvestering"),
    "self": ("Self-financed", "Egenfinansieret"),
    "financing": ("Financing", "Finansiering"),
    "short.sib": ("SIB", "SIB"),
    "short.self": ("Self", "Egen"),
    "compare_thousands": (
        "Amounts in thousands of each case's currency.",
        "Beløb i tusinder af sagens valuta.",
    ),
    "case": ("Case", "Sag"),
    "error": ("Error", "Fejl"),
    "invalid": ("invalid", "ugyldig"),
    "never": ("never", "aldrig"),
    "none": ("-", "-"),
    "key_figures": ("Key figures", "Nøgletal"),
    "cash_flows": ("Yearly cash flows", "Årlige pengestrømme"),
    "constant_prices": (
        "constant {year} prices, {currency}; discount rate {rate}",
        "faste {year}-priser, {currency}; diskonteringsrente {rate}",
    ),
    "own_mode": ("* the case's own financing mode", "* sagens egen finansieringsform"),
    "thousands": ("1,000 {currency}", "1.000 {currency}"),
    "total": ("Total", "I alt"),
    "left_out": (
        "Left out to fit the terminal: {columns} (see --format json).",
        "Udeladt for at passe til terminalen: {columns} (se --format json).",
    ),
    "times_effect": ("{value} x effect", "{value} x effekten"),
    "no_payment_rules": (
        "The case has no payment rules: under a SIB the investor would be paid nothing.",
        "Sagen har ingen betalingsregler: ved en social effektinvestering fik investor intet.",
    ),
    "metric": ("Metric", "Nøgletal"),
    "value": ("Value", "Værdi"),
    "assumption": ("Assumption", "Forudsætning"),
    "source": ("Source", "Kilde"),
    "valid": ("ok", "ok"),
    "invalid_count": ("{bad} of {total} case file(s) invalid", "{bad} af {total} sagsfil(er) er ugyldige"),
    # charts and reports
    "chart_title": ("Cumulative municipal net cash flow", "Kommunens akkumulerede nettopengestrøm"),
    "chart_axis": ("Cumulative net ({currency})", "Akkumuleret netto ({currency})"),
    "chart_break_even": ("break-even {year}", "break-even {year}"),
    "report_title": ("Business case", "Business case"),
    "generated_by": ("Made with sib-case {version}", "Lavet med sib-case {version}"),
    # compare: short headers for the terminal table (\n breaks the line)
    "compare.participants": ("Partici-\npants", "Delta-\ngere"),
    "compare.total_programme_cost": ("Programme\ncost", "Indsats-\nudgift"),
    "compare.total_outcome_payments": ("Outcome\npayments", "Resultat-\nbetalinger"),
    "compare.net_municipal_gain": ("Net mun.\ngain", "Netto-\ngevinst"),
    "compare.municipal_npv": ("Municipal\nNPV", "Nutids-\nværdi"),
    "compare.break_even_year": ("Break-\neven", "Break-\neven"),
    "compare.investor_irr": ("Investor\nIRR", "Investor\nIRR"),
    "compare.benefit_cost_ratio": ("Benefit-\ncost", "Gevinst/\nomk."),
    "compare.break_even_effect_municipal": ("Break-even\neffect", "Break-even-\neffekt"),
    # compare
    "compare_title": ("Cases compared", "Sammenligning af sager"),
    "comparing": ("Evaluating cases", "Beregner sager"),
    "failed_count": (
        "{bad} of {total} case(s) could not be evaluated",
        "{bad} af {total} sag(er) kunne ikke beregnes",
    ),
}


def label(key: str, lang: Lang = "en") -> str:
    """The label for `key` in `lang`; the key itself where none exists."""
    entry = LABELS.get(key)
    if entry is None:
        return key
    return entry[LANGS.index(lang)]


def default_lang() -> Lang:
    """Danish where the environment's locale is Danish, else English."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "da" if value.lower().startswith("da") else "en"
    return "en"
