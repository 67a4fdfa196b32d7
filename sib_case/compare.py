"""Many cases at once: find the case files, evaluate each under its own financing mode,
keep going past broken ones, convert their money to one currency at stated rates, sort by
a metric.

Amounts in different currencies are never ranked together: sorting by an amount needs
every case in one currency, their own or converted at a rate given for each (`convert`).

>>> parse_rates(["GBP=8.7", "usd=6,9"])
{'GBP': 8.7, 'USD': 6.9}
"""

from __future__ import annotations

import glob
import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from .errors import SibCaseError
from .figures import METRICS, SCALARS, Metrics
from .labels import say
from .result import CaseInfo, evaluate_mode

if TYPE_CHECKING:
    from .engine import Flows
    from .model import Case, Grant, TransactionCost


class CompareError(SibCaseError):
    """Paths that name no case file, an unknown metric to sort by, or a rate that cannot
    be used."""


class CurrencyError(CompareError):
    """Amounts in several currencies where one is needed: `missing` are the currencies
    that need a rate into `currency`."""

    def __init__(self, message: str, missing: list[str], currency: str) -> None:
        super().__init__(message)
        self.missing, self.currency = missing, currency


CapitalBasis = Literal["investor", "sib_alternative"]


@dataclass(frozen=True)
class CompareRow:
    file: str
    info: CaseInfo | None = None  # None when the case is broken
    metrics: Metrics | None = None
    error: str | None = None
    # The investor's capital; for a self-financed case, the capital its SIB would need.
    capital: float | None = None
    into: str | None = None  # the common currency its amounts are converted to (None: not converted)
    rate: float = 1.0  # one unit of the case's currency in `into`

    @property
    def name(self) -> str:
        return self.info.name if self.info is not None and self.info.name else Path(self.file).stem

    @property
    def currency(self) -> str | None:
        """The case's own currency (None when the case is broken)."""
        return self.info.currency if self.info is not None else None

    @property
    def shown_currency(self) -> str | None:
        """The currency of the row's amounts: the common one where converted."""
        return self.into or self.currency

    @property
    def capital_basis(self) -> CapitalBasis | None:
        if self.info is None:
            return None
        return "investor" if self.info.financing == "sib" else "sib_alternative"

    def figure(self, name: str) -> Any:
        """A metric as the row shows it: an amount in `shown_currency`, anything else as is."""
        value = self.metrics[name] if self.metrics is not None else None
        if value is not None and METRICS[name].kind == "money" and not METRICS[name].per_outcome:
            return value * self.rate
        return value

    @property
    def shown_capital(self) -> float | None:
        return None if self.capital is None else self.capital * self.rate

    def case_json(self) -> dict[str, Any]:
        """The "case" object of the JSON contract; only the file when the case is broken."""
        return self.info.to_json() if self.info is not None else {"file": self.file}

    def to_json(self) -> dict[str, Any]:
        """One item of `compare --format json`: the case and its metrics as `evaluate` gives
        them (the case's own currency), its capital and, where converted, the amounts in the
        common currency with the rate used."""
        if self.metrics is None:
            return {"case": self.case_json(), "error": self.error}
        out: dict[str, Any] = {
            "case": self.case_json(),
            "metrics": self.metrics.to_json(),
            "capital": self.capital,
            "capital_basis": self.capital_basis,
        }
        if self.into is not None:
            out["converted"] = {
                "currency": self.into,
                "rate": self.rate,
                "capital": self.shown_capital,
                "metrics": {f.name: self.figure(f.name) for f in MONEY},
            }
        return out


MONEY = tuple(f for f in SCALARS if f.kind == "money")
"""The metrics that are amounts: what a rate converts."""


def find_cases(paths: Iterable[str], sort_by: str | None = None) -> list[Path]:
    """Files as given; folders give every *.yaml and *.yml inside (not below); globs
    expand. Each path must name at least one file; `sort_by` must name a metric."""
    from .loader import case_of_results

    check_sort_key(sort_by)
    found: list[Path] = []
    missing: list[str] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            inside = sorted(
                p
                for p in path.iterdir()
                if p.suffix.lower() in (".yaml", ".yml") and p.is_file() and case_of_results(p) is None
            )
            found.extend(inside) if inside else missing.append(
                f"{given}: no *.yaml or *.yml files in this folder"
            )
        elif glob.has_magic(given):
            matched = sorted(
                Path(p)
                for p in glob.glob(given, recursive=True)
                if Path(p).is_file() and case_of_results(p) is None
            )
            found.extend(matched) if matched else missing.append(f"{given}: {say('msg.no_match')}")
        else:
            found.append(path)  # a missing file is reported as that case's error
    if missing:
        raise CompareError("\n".join(missing))
    return list(dict.fromkeys(found))  # each file once, in order


def evaluate_file(path: Path) -> CompareRow:
    from .engine import compile_case
    from .loader import load_case
    from .result import case_info

    try:
        case = load_case(path)
        inputs = compile_case(case)
        mode = case.mode  # a loan from the municipality's own fund runs as a SIB
        result = evaluate_mode(inputs, mode)
        capital = result.metrics.total_investor_capital if mode == "sib" else sib_capital(case, result.flows)
    except SibCaseError as err:
        return CompareRow(str(path), error="\n".join(err.messages()))
    except Exception as err:  # one broken file never stops the batch; say it as the CLI would
        return CompareRow(
            str(path), error=f"{path}: internal error ({type(err).__name__}: {err}); please report it"
        )
    return CompareRow(str(path), case_info(case, str(path), mode), result.metrics, capital=capital)


def sib_capital(case: Case, flows: Flows) -> float:
    """The capital a self-financed case's SIB would draw, from the case and its flows under
    either mode: the programme cost less the grants that count under a SIB, plus the
    transaction costs the investor pays, over the years. It is the SIB's investor capital
    of `engine.cash_flows` (`evaluate`'s alternative), worked out without running the SIB's
    payment rules, which would cost compare a sixth more time a self-financed case
    (tests/test_compare.py holds the two equal on every shipped case and template)."""
    from .timeline import by_year

    start, horizon = case.case.start_year, case.case.horizon

    def under_sib(items: Iterable[Grant | TransactionCost]) -> np.ndarray:
        years = [by_year(i.amounts, start, horizon) for i in items if i.under in ("both", "sib")]
        return np.sum(years, axis=0) if years else np.zeros(horizon)

    programme = flows.programme_cost[0]  # the same under both modes
    granted = np.minimum(under_sib(case.grants), programme)
    paid_by_investor = under_sib(c for c in case.transaction_costs if c.payer == "investor")
    return float((programme - granted).sum() + paid_by_investor.sum())


def _a_good_row(row: CompareRow) -> bool:
    return isinstance(row, CompareRow) and row.error is None


def compare_cases(
    files: list[Path],
    sort_by: str | None = None,
    on_done: Callable[[], None] | None = None,
    rates: Mapping[str, float] | None = None,
    currency: str | None = None,
    cache: bool = True,
) -> list[CompareRow]:
    """Evaluate every file (with `cache`, a file's row taken from the last run over it
    where the file is unchanged); broken ones become rows with an error. With `rates` or a
    `currency`, every case's amounts are converted to one currency (see `convert`); then
    the rows are sorted by `sort_by` if given."""
    from .batch import map_files

    rows = map_files(evaluate_file, files, on_done, _a_good_row if cache else None)
    if rates or currency:
        rows = convert(rows, rates or {}, currency)
    return sort_rows(rows, sort_by)


def check_sort_key(metric: str | None) -> None:
    if metric is not None and (metric not in METRICS or METRICS[metric].per_outcome):
        names = ", ".join(sorted(f.name for f in SCALARS))
        raise CompareError(say("msg.cannot_sort", name=metric, names=names))


def sort_rows(rows: list[CompareRow], metric: str | None) -> list[CompareRow]:
    """Largest first by `metric`; cases without the figure (or broken) last. An amount is
    ranked only where every case's amounts are in one currency (their own or converted);
    rates, years and ratios are ranked whatever the currencies."""
    if metric is None:
        return rows
    check_sort_key(metric)
    if METRICS[metric].kind == "money" and len(shown := currencies(rows)) > 1:
        common = default_currency(rows)
        raise CurrencyError(
            say("msg.mixed_sort", name=metric, found=_counted(shown)),
            [c for c in shown if c != common],
            common,
        )

    def key(row: CompareRow) -> tuple[int, float]:
        value = row.figure(metric)
        return (0, -float(value)) if isinstance(value, int | float) else (1, 0.0)

    return sorted(rows, key=key)


def currencies(rows: Iterable[CompareRow]) -> Counter[str]:
    """How many cases show their amounts in each currency, most used first (broken cases
    have none)."""
    found = Counter(row.shown_currency for row in rows if row.shown_currency is not None)
    return Counter(dict(sorted(found.items(), key=lambda item: (-item[1], item[0]))))


def default_currency(rows: Iterable[CompareRow]) -> str:
    """The currency most cases use (DKK among equals, else the first by code); DKK when no
    case has one."""
    found = currencies(rows)
    if not found:
        return "DKK"
    most = max(found.values())
    tied = sorted(c for c, n in found.items() if n == most)
    return "DKK" if "DKK" in tied else tied[0]


def _counted(found: Counter[str]) -> str:
    """DKK (9), GBP (2), USD (2)"""
    return ", ".join(f"{code} ({n})" for code, n in found.items())


def convert(
    rows: list[CompareRow], rates: Mapping[str, float], currency: str | None = None
) -> list[CompareRow]:
    """Every case's amounts in `currency` (default: the one most cases use), at `rates`:
    how many units of `currency` one unit of each other currency is worth. Every other
    currency a case uses needs a rate, and every rate must be for one a case uses: nothing
    is converted by a guess, nothing given is ignored.

    >>> rows = [CompareRow("a.yaml"), CompareRow("b.yaml")]  # broken cases: no currency
    >>> convert(rows, {}, "DKK") == [replace(r, into="DKK") for r in rows]
    True
    """
    common = currency or default_currency(rows)
    used = currencies(rows)
    if common in rates:
        raise CompareError(say("msg.rate_for_common", currency=common))
    if unused := sorted(set(rates) - set(used)):
        raise CompareError(say("msg.rate_unused", currencies=", ".join(unused), found=_counted(used) or "-"))
    if missing := [c for c in used if c != common and c not in rates]:
        raise CurrencyError(
            say("msg.rate_missing", missing=", ".join(missing), currency=common, found=_counted(used)),
            missing,
            common,
        )
    return [
        row if row.info is None else replace(row, into=common, rate=rates.get(row.info.currency, 1.0))
        for row in rows
    ]


def parse_rates(given: Iterable[str]) -> dict[str, float]:
    """Rates written CUR=X (X units of the common currency to one CUR; a decimal point or
    comma), once a currency."""
    rates: dict[str, float] = {}
    for text in given:
        code, _, amount = text.partition("=")
        try:
            code = currency_code(code)
            value = (
                float(amount.strip().replace(",", ".")) if amount.count(",") + amount.count(".") <= 1 else 0.0
            )
        except (CompareError, ValueError):
            value = 0.0
        if not (math.isfinite(value) and value > 0):
            raise CompareError(say("msg.rate_form", given=text))
        if code in rates:
            raise CompareError(say("msg.rate_twice", currency=code))
        rates[code] = value
    return rates


def currency_code(given: str) -> str:
    """A currency as its three-letter code, in capitals."""
    code = given.strip().upper()
    if len(code) != 3 or not code.isascii() or not code.isalpha():
        raise CompareError(say("msg.currency_code", given=given))
    return code
