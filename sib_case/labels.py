"""Every user-facing label, in one table (English now; Danish joins in the same table)."""

from __future__ import annotations

LABELS: dict[str, str] = {
    # yearly columns
    "year": "Year",
    "participants": "Participants",
    "programme_cost": "Programme cost",
    "investor_capital": "Investor capital",
    "outcome_payments": "Outcome payments",
    "guarantee_payments": "Guarantee payments",
    "transaction_costs_municipal": "Transaction costs (municipal)",
    "savings_municipal": "Municipal savings (cashable)",
    "savings_public": "Public savings (all)",
    "municipal_net": "Municipal net",
    "municipal_cumulative": "Cumulative",
    "municipal_discounted_cumulative": "Discounted cumulative",
    "investor_net": "Investor net",
    # short headers for the terminal's yearly table
    "short.participants": "Entrants",
    "short.programme_cost": "Programme",
    "short.investor_capital": "Capital",
    "short.outcome_payments": "Payments",
    "short.guarantee_payments": "Guarantee",
    "short.transaction_costs_municipal": "Trans. costs",
    "short.savings_municipal": "Savings mun.",
    "short.savings_public": "Savings all",
    "short.municipal_net": "Net mun.",
    "short.municipal_cumulative": "Cumulative",
    "short.municipal_discounted_cumulative": "Disc. cum.",
    "short.investor_net": "Investor",
    "thousands": "1,000 {currency}",
    "total": "Total",
    "left_out": "Left out to fit the terminal: {columns} (see --format json).",
    # metrics
    "break_even_year": "Break-even year",
    "discounted_break_even_year": "Break-even year (discounted)",
    "net_municipal_gain": "Net municipal gain",
    "municipal_npv": "Municipal NPV",
    "public_net_gain": "Public-sector net gain",
    "public_npv": "Public-sector NPV",
    "total_outcome_payments": "Outcome payments",
    "total_programme_cost": "Programme cost",
    "total_transaction_costs": "Transaction costs (all payers)",
    "benefit_cost_ratio": "Benefit-cost ratio (municipal)",
    "investor_irr": "Investor IRR",
    "investor_multiple": "Investor money multiple",
    "investor_net_gain": "Investor net gain",
    "break_even_effect_municipal": "Break-even effect, municipality",
    "break_even_effect_investor": "Break-even effect, investor",
    "net_municipal_gain_if_no_effect": "Net municipal gain if the effect is zero",
    # words
    "sib": "SIB",
    "self": "Self-financed",
    "never": "never",
    "none": "-",
    "key_figures": "Key figures",
    "cash_flows": "Yearly cash flows",
    "constant_prices": "constant {year} prices, {currency}; discount rate {rate}",
}


def label(key: str) -> str:
    return LABELS.get(key, key)
