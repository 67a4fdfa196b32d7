"""Every figure sib-case reports, once: the metrics of a financing mode and the yearly
columns, each with its kind, its labels and the views it appears in.

The two dataclasses below are the registry. Each field is one figure; its metadata is a
`Figure` (kind, English and Danish label, a short header). The field order is the order
of the JSON contract. Renderers, the workbook, compare, explain and the tests read the
figures from here, so adding one is a field here plus the line that computes it
(`metrics.key_figures` for a metric, `result.year_columns` for a yearly column).

>>> METRICS["municipal_npv"].kind
'money'
>>> METRICS["investor_irr"].text(0.0512, "da")
'5,1 %'
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace
from typing import Any, Literal

import numpy as np

from .labels import Lang, case_words

Kind = Literal["money", "year", "rate", "multiple", "ratio", "effect", "count", "units"]
Langs = tuple[str, str]  # (English, Danish)


@dataclass(frozen=True)
class Figure:
    """One metric or yearly column: what it is and how people see it."""

    name: str
    kind: Kind
    labels: Langs
    short: Langs | None = None  # a column header where room is short ("\n" breaks a line)
    per_outcome: bool = False  # a mapping outcome name -> value, not one number
    cumulative: bool = False  # a yearly running total: no sum in a totals row
    sum_of: str | None = None  # a metric that is a yearly column summed over the years: that column
    optional: bool = False  # a yearly column people see only where it is not zero (JSON has it always)
    as_loss: bool = False  # shown as the loss it is: its label names a loss, its text is -value

    def label(self, lang: Lang = "en") -> str:
        return case_words(self.labels[lang == "da"], lang)

    def header(self, lang: Lang = "en") -> str:
        return case_words((self.short or self.labels)[lang == "da"], lang)

    def text(self, value: Any, lang: Lang = "en", currency: str | None = None, compact: bool = False) -> str:
        """The value as people read it: money (with `currency` if given), years, IRR as a
        percentage, the multiple as 1.30x, effects as 43% of the expected effect; `compact`
        for a table's cell, where the label says the rest (1,30 gange, 43 %)."""
        from .formats import figure_text

        if self.as_loss and isinstance(value, int | float):
            value = -value
        return figure_text(self.kind, value, lang, currency, compact)

    def value(self, raw: Any) -> Any:
        """A computed value as the JSON contract holds it: nan becomes None, -0.0 becomes
        0.0, years and counts become int."""
        if self.per_outcome:
            return raw
        if raw is None:
            return None
        raw = float(raw)
        if math.isnan(raw):
            return None
        if self.kind in ("year", "count"):
            return int(raw)
        return 0.0 if raw == 0 else raw


def _figure(kind: Kind, en: str, da: str, short: Langs | None = None, **flags: Any) -> Any:
    """A dataclass field that carries its Figure (its name is filled in from the field)."""
    return field(metadata={"figure": Figure("", kind, (en, da), short, **flags)})


@dataclass(frozen=True)
class Metrics:
    """The key figures of one financing mode: the "metrics" object of the JSON contract.
    None where a figure does not exist (no break-even year, no investor, no IRR)."""

    break_even_year: int | None = _figure(
        "year",
        "Break-even year",
        "Tilbagebetalingsår (break-even)",
        ("Break-\neven", "Tilbage-\nbetalingsår"),
    )
    discounted_break_even_year: int | None = _figure(
        "year", "Break-even year (discounted)", "Tilbagebetalingsår (break-even, diskonteret)"
    )
    net_municipal_gain: float = _figure(
        "money",
        "Net municipal gain",
        "Kommunens nettogevinst",
        ("Net mun.\ngain", "Netto-\ngevinst"),
        sum_of="municipal_net",
    )
    municipal_npv: float = _figure(
        "money", "Municipal NPV", "Kommunens nutidsværdi (NPV)", ("Municipal\nNPV", "Nutids-\nværdi")
    )
    public_net_gain: float = _figure(
        "money", "Public-sector net gain", "Nettogevinst for den samlede offentlige sektor"
    )
    public_npv: float = _figure(
        "money", "Public-sector NPV", "Nutidsværdi for den samlede offentlige sektor (NPV)"
    )
    total_outcome_payments: float = _figure(
        "money",
        "Outcome payments",
        "Resultatbetalinger",
        ("Outcome\npayments", "Resultat-\nbetalinger"),
        sum_of="outcome_payments",
    )
    total_programme_cost: float = _figure(
        "money",
        "Programme cost",
        "Indsatsudgift",
        ("Programme\ncost", "Indsats-\nudgift"),
        sum_of="programme_cost",
    )
    total_transaction_costs: float = _figure(
        "money", "Transaction costs (all payers)", "Transaktionsomkostninger (alle betalere)"
    )
    benefit_cost_ratio: float | None = _figure(
        "ratio",
        "Benefit-cost ratio (municipal)",
        "Gevinst pr. udgiftskrone (kommunen)",
        ("Benefit-\ncost", "Gevinst pr.\nudgiftskr."),
    )
    investor_irr: float | None = _figure(
        "rate", "Investor IRR", "Investors interne rente (IRR)", ("Investor\nIRR", "Investor\nIRR")
    )
    investor_irr_roots: int | None = _figure(
        "count", "Investor IRRs (roots)", "Investors interne renter (rødder)"
    )
    investor_multiple: float | None = _figure(
        "multiple", "Investor money multiple", "Investors tilbagebetaling"
    )
    investor_net_gain: float | None = _figure(
        "money", "Investor net gain", "Investors nettogevinst", sum_of="investor_net"
    )
    break_even_effect_municipal: float | None = _figure(
        "effect",
        "Break-even effect, municipality",
        "Effekt, der skal til for break-even, kommunen",
        ("Break-even\neffect", "Break-even-\neffekt"),
    )
    break_even_effect_investor: float | None = _figure(
        "effect", "Break-even effect, investor", "Effekt, der skal til for break-even, investor"
    )
    total_investor_capital: float | None = _figure(
        "money", "Investor capital", "Investorkapital", sum_of="investor_capital"
    )
    total_guarantee_payments: float = _figure(
        "money", "Guarantee payments", "Garantibetalinger", sum_of="guarantee_payments"
    )
    total_outcome_payments_others: float = _figure(
        "money",
        "Outcome payments by other payers",
        "Resultatbetalinger fra andre betalere",
        sum_of="outcome_payments_others",
    )
    total_grants: float = _figure(
        "money", "Grants to the programme", "Tilskud til indsatsen", sum_of="grants"
    )
    total_transaction_costs_municipal: float = _figure(
        "money",
        "Transaction costs (municipal)",
        "Transaktionsomkostninger (kommunen)",
        sum_of="transaction_costs_municipal",
    )
    total_savings_municipal: float = _figure(
        "money",
        "Municipal savings (cashable)",
        "Kommunale besparelser (kontante)",
        sum_of="savings_municipal",
    )
    total_savings_public: float = _figure(
        "money", "Public savings (all)", "Offentlige besparelser (alle)", sum_of="savings_public"
    )
    participants: int = _figure(
        "count", "Participants", "Deltagere", ("Partici-\npants", "Delta-\ngere"), sum_of="participants"
    )
    net_municipal_gain_if_no_effect: float = _figure(
        "money",
        "Municipal net loss if the effect fails",
        "Kommunens nettotab, hvis effekten udebliver",
        as_loss=True,
    )
    municipal_npv_if_no_effect: float = _figure(
        "money",
        "Municipal loss (NPV) if the effect fails",
        "Kommunens tab (nutidsværdi), hvis effekten udebliver",
        as_loss=True,
    )
    total_units: dict[str, float] = _figure(
        "units", "Attributable units", "Enheder, der kan tilskrives indsatsen", per_outcome=True
    )
    cost_per_unit: dict[str, float | None] = _figure(
        "money",
        "Cost per attributable unit",
        "Pris pr. enhed, der kan tilskrives indsatsen",
        per_outcome=True,
    )

    def __getitem__(self, name: str) -> Any:
        """A figure by name, for code that walks the registry (`metrics[figure.name]`)."""
        return getattr(self, name)

    def to_json(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def of(cls, values: dict[str, Any]) -> Metrics:
        """From computed values (numpy scalars, nan for none), one a figure."""
        return cls(**{f.name: f.value(values[f.name]) for f in METRICS.values()})


@dataclass(frozen=True)
class Years:
    """The yearly flows of one financing mode, one array a column: the "years" rows of
    the JSON contract. Costs and payments are positive in their own columns; nets are
    signed."""

    year: np.ndarray = _figure("year", "Year", "År")
    participants: np.ndarray = _figure(
        "count", "Participants entering", "Nye deltagere", ("Entrants", "Nye\ndeltagere")
    )
    programme_cost: np.ndarray = _figure("money", "Programme cost", "Indsatsudgift", ("Programme", "Indsats"))
    investor_capital: np.ndarray = _figure(
        "money", "Investor capital", "Investorkapital", ("Capital", "Kapital")
    )
    outcome_payments: np.ndarray = _figure(
        "money", "Outcome payments", "Resultatbetalinger", ("Payments", "Betalinger")
    )
    guarantee_payments: np.ndarray = _figure(
        "money", "Guarantee payments", "Garantibetalinger", ("Guarantee", "Garanti")
    )
    outcome_payments_others: np.ndarray = _figure(
        "money",
        "Outcome payments by other payers",
        "Resultatbetalinger fra andre betalere",
        ("Paid by others", "Betalt af andre"),
        optional=True,
    )
    grants: np.ndarray = _figure(
        "money", "Grants to the programme", "Tilskud til indsatsen", ("Grants", "Tilskud"), optional=True
    )
    transaction_costs_municipal: np.ndarray = _figure(
        "money",
        "Transaction costs (municipal)",
        "Transaktionsomkostninger (kommunen)",
        ("Trans. costs", "Trans. omk."),
    )
    savings_municipal: np.ndarray = _figure(
        "money",
        "Municipal savings (cashable)",
        "Kommunale besparelser (kontante)",
        ("Savings mun.", "Bespar. kommune"),
    )
    savings_public: np.ndarray = _figure(
        "money", "Public savings (all)", "Offentlige besparelser (alle)", ("Savings all", "Bespar. alle")
    )
    municipal_net: np.ndarray = _figure(
        "money", "Municipal net", "Kommunens netto", ("Net mun.", "Netto kommune")
    )
    municipal_cumulative: np.ndarray = _figure(
        "money", "Cumulative", "Akkumuleret", ("Cumulative", "Akkumuleret"), cumulative=True
    )
    municipal_discounted_cumulative: np.ndarray = _figure(
        "money",
        "Discounted cumulative",
        "Akkumuleret, diskonteret",
        ("Disc. cum.", "Disk. akk."),
        cumulative=True,
    )
    investor_net: np.ndarray = _figure("money", "Investor net", "Investors netto", ("Investor", "Investor"))

    def __getitem__(self, name: str) -> np.ndarray:
        return np.asarray(getattr(self, name))

    def shown(self) -> list[str]:
        """The columns people see: every column, less the optional ones that are zero."""
        return [c for c, f in COLUMNS.items() if not f.optional or np.any(self[c])]

    def total(self, name: str) -> float | None:
        """The column's sum over the years; None for a running total."""
        return None if COLUMNS[name].cumulative else float(np.sum(self[name]))

    def rows(self) -> list[dict[str, float | int]]:
        """The "years" list of the JSON contract: one mapping a year."""
        columns = [(f, self[f.name]) for f in (YEAR, *COLUMNS.values())]
        return [{f.name: f.value(values[t]) for f, values in columns} for t in range(len(self.year))]


def _registry(cls: type) -> dict[str, Figure]:
    out = {}
    for f in fields(cls):
        entry: Figure = f.metadata["figure"]
        out[f.name] = replace(entry, name=f.name)
    return out


METRICS: dict[str, Figure] = _registry(Metrics)
"""Every metric, in the order of the JSON contract."""
_YEARLY = _registry(Years)
YEAR = _YEARLY.pop("year")
COLUMNS: dict[str, Figure] = _YEARLY
"""Every yearly column after `year`, in the order of the JSON contract."""


def _view(*names: str) -> tuple[Figure, ...]:
    return tuple(METRICS[name] for name in names)


# The metrics each view shows, in its order.
KEY_FIGURES = _view(
    "break_even_year",
    "discounted_break_even_year",
    "net_municipal_gain",
    "municipal_npv",
    "public_npv",
    "total_programme_cost",
    "total_outcome_payments",
    "total_transaction_costs",
    "benefit_cost_ratio",
    "investor_irr",
    "investor_multiple",
    "investor_net_gain",
    "break_even_effect_municipal",
    "break_even_effect_investor",
    "net_municipal_gain_if_no_effect",
)
COMPARE = _view(
    "participants",
    "total_programme_cost",
    "total_outcome_payments",
    "net_municipal_gain",
    "municipal_npv",
    "break_even_year",
    "investor_irr",
    "benefit_cost_ratio",
    "break_even_effect_municipal",
)
SCENARIOS = _view(
    "break_even_year",
    "net_municipal_gain",
    "municipal_npv",
    "total_outcome_payments",
    "investor_irr",
    "investor_multiple",
    "break_even_effect_municipal",
    "net_municipal_gain_if_no_effect",
)
SCALARS = tuple(f for f in METRICS.values() if not f.per_outcome)
"""The metrics that are one number each (explain, sort keys, the workbook's rows)."""
