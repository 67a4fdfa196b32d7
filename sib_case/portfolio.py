"""A fund's or a municipality's view over many deals (`sib-case portfolio`).

Every case is evaluated under its own financing, and its yearly flows are put on one
basis before anything is added up: one currency (foreign ones only at rates the user
states, never silently), one price year (through a price index for each currency), and,
for the municipalities' present value, one base year and one discount rate. The fund's
flows are the sums of its deals' investor flows (capital drawn out, payments received
back) by calendar year, so its IRR is the IRR of the summed flows and its totals are the
sums of the deals' own figures times their conversion factors.

Capital outstanding is, deal by deal, the capital drawn less what has come back, never
below zero, until the deal's last year; what is still outstanding then is written off
in that year. A group (by municipality, investor, policy area or start year) adds up its
deals the same way; a deal with several named investors is split between them as the
deal's own investor allocation splits it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .errors import SibCaseError
from .labels import say

if TYPE_CHECKING:
    from .engine import Mode

GROUPINGS = ("municipality", "investor", "policy_area", "start_year")
DEFAULT_DISCOUNT_RATE = 0.035
NOT_NAMED = "—"  # a deal that names no municipality, investor or policy area


class PortfolioError(SibCaseError):
    """Cases that cannot be put on one basis as asked: a currency without a rate, a price
    year no index covers."""


@dataclass(frozen=True)
class PriceIndex:
    """Annual index values for one currency's prices (2015 = 100, say)."""

    name: str
    currency: str
    values: dict[int, float]
    source: str = ""
    published: str = ""
    title: tuple[str, str] = ("", "")  # what it is, in English and Danish

    def factor(self, from_year: int, to_year: int) -> float:
        """What one unit of `from_year`'s prices is worth in `to_year`'s."""
        missing = [y for y in (from_year, to_year) if y not in self.values]
        if missing:
            covered = f"{min(self.values)}-{max(self.values)}"
            raise PortfolioError(
                say(
                    "portfolio.index_gap",
                    index=self.name,
                    years=", ".join(map(str, missing)),
                    covered=covered,
                )
            )
        return self.values[to_year] / self.values[from_year]


@cache
def price_index_presets() -> dict[str, PriceIndex]:
    from .presets import price_indices

    return {
        name: PriceIndex(
            name=name,
            currency=str(entry["currency"]),
            values={int(y): float(v) for y, v in entry["values"].items()},
            source=" ".join(str(entry.get("source", "")).split()),
            published=str(entry.get("published", "")),
            title=(str(entry["name"]), str(entry.get("name_da") or entry["name"])),
        )
        for name, entry in price_indices().items()
    }


def price_index(name_or_file: str) -> PriceIndex:
    """A preset by name, or an index of one's own from a YAML file with the preset's keys
    (currency, values: {year: value}, source)."""
    presets = price_index_presets()
    if name_or_file in presets:
        return presets[name_or_file]
    path = Path(name_or_file)
    if not path.is_file():
        raise PortfolioError(say("portfolio.no_index", name=name_or_file, presets=", ".join(presets)))
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        values = {int(y): float(v) for y, v in data["values"].items()}
        if not values or not all(math.isfinite(v) and v > 0 for v in values.values()):
            raise ValueError("every value must be a number above 0")
        if not (
            isinstance(data["currency"], str) and len(data["currency"]) == 3 and data["currency"].isalpha()
        ):
            raise ValueError("currency must be a three-letter code")
        return PriceIndex(
            name=str(data.get("name") or path.name),
            currency=str(data["currency"]).upper(),
            values=values,
            source=str(data.get("source", "")),
            published=str(data.get("published", "")),
            title=(str(data.get("name") or path.name),) * 2,
        )
    except (yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as err:
        raise PortfolioError(say("portfolio.bad_index", file=path, problem=str(err))) from err


@dataclass(frozen=True)
class Basis:
    """What every figure is put on: a currency, a price year, a base year and a rate for
    present values, the exchange rates stated and the price index of each currency."""

    currency: str
    price_year: int
    base_year: int
    discount_rate: float
    rates: dict[str, float] = field(default_factory=dict)  # 1 unit of the key = value units of `currency`
    indices: dict[str, PriceIndex] = field(default_factory=dict)  # by currency

    def factor(self, currency: str, price_year: int, file: str) -> float:
        """The factor that puts an amount of `currency` in `price_year` prices on the basis:
        first repriced in its own currency, then converted at the stated rate."""
        rate = 1.0 if currency == self.currency else self.rates.get(currency)
        if rate is None:
            raise PortfolioError(say("portfolio.no_rate", currency=currency, to=self.currency, file=file))
        if price_year == self.price_year:
            return rate
        index = self.indices.get(currency)
        if index is None:
            raise PortfolioError(
                say(
                    "portfolio.no_index_for",
                    currency=currency,
                    year=price_year,
                    to=self.price_year,
                    file=file,
                )
            )
        return index.factor(price_year, self.price_year) * rate

    def to_json(self) -> dict[str, Any]:
        return {
            "currency": self.currency,
            "price_year": self.price_year,
            "base_year": self.base_year,
            "discount_rate": self.discount_rate,
            "rates": dict(self.rates),
            "indices": {
                c: {"name": i.name, "source": i.source, "published": i.published}
                for c, i in self.indices.items()
            },
        }


@dataclass(frozen=True)
class DealFlows:
    """One case as the portfolio holds it: its own figures (case currency and prices)
    and what they are on the basis (times `factor`)."""

    file: str
    name: str
    municipality: str
    policy_area: str
    start_year: int
    currency: str
    price_year: int
    financing: Mode
    years: np.ndarray  # calendar years of the case
    drawn: np.ndarray  # investor capital drawn, by year (own currency and prices)
    received: np.ndarray  # what the investors receive, by year
    municipal_net: np.ndarray
    committed: float  # the investors' commitment (stated amounts, else the capital drawn)
    investors: tuple[tuple[str, float, np.ndarray, np.ndarray], ...]  # name, committed, drawn, received
    ends: int = 0  # the deal's last payment year: what is still outstanding then is written off
    fund: str | None = None  # the municipality's own fund that lends to it, if one does
    case: Any = field(
        default=None, repr=False, compare=False
    )  # the case as loaded, if kept (the simulation reloads it)
    factor: float = 1.0


def deal_flows(path: Path) -> DealFlows:
    """A case file evaluated under its own financing, as the portfolio holds it."""
    from .engine import cash_flows, compile_case
    from .investors import allocate
    from .loader import load_case

    case = load_case(path)
    mode = case.mode
    inputs = compile_case(case)
    flows = cash_flows(inputs, mode)  # the flows alone: a portfolio needs no break-even search
    drawn = np.asarray(flows.investor_capital[0], dtype=float)
    received = np.asarray(flows.investor_net[0], dtype=float) + drawn
    stated = case.financing.investors if mode == "sib" else []  # self-financed: no investor commits
    committed = sum(i.amount for i in stated) if stated else float(drawn.sum())
    if stated:
        allocation = allocate(case, drawn[None, :], received[None, :])
        investors = tuple(
            (i.name, i.amount, allocation.capital[0, k], allocation.receipts[0, k])
            for k, i in enumerate(stated)
        )
    elif drawn.any() or received.any():
        investors = ((case.financing.investor or NOT_NAMED, committed, drawn, received),)
    else:
        investors = ()
    info = case.case
    return DealFlows(
        file=str(path),
        name=info.name,
        municipality=info.municipality or NOT_NAMED,
        policy_area=case.deal.policy_sector[0] if case.deal.policy_sector else NOT_NAMED,
        start_year=info.start_year,
        currency=info.currency,
        price_year=info.price_year or info.start_year,
        financing=mode,
        years=np.asarray(inputs.years, dtype=int),
        drawn=drawn,
        received=received,
        municipal_net=np.asarray(flows.municipal_net[0], dtype=float),
        committed=float(committed),
        investors=investors,
        ends=min(case.financing.settlement_year or 9999, info.start_year + info.horizon - 1),
        fund=case.fund,
        case=case,
    )


@dataclass(frozen=True)
class Totals:
    """A group of deals added up on the basis, by calendar year and in all."""

    deals: int
    years: np.ndarray
    committed: np.ndarray  # capital committed, in the year a deal's capital is first drawn
    drawn: np.ndarray
    received: np.ndarray
    outstanding: np.ndarray  # at the end of each year
    written_off: np.ndarray  # capital still outstanding when a deal ends
    municipal_net: np.ndarray | None  # None for a group of investors: a municipality is not split
    base_year: int
    discount_rate: float

    @property
    def net(self) -> np.ndarray:
        return self.received - self.drawn

    @property
    def capital_committed(self) -> float:
        return float(self.committed.sum())

    @property
    def capital_drawn(self) -> float:
        return float(self.drawn.sum())

    @property
    def total_received(self) -> float:
        return float(self.received.sum())

    @property
    def multiple(self) -> float | None:
        return self.total_received / self.capital_drawn if self.capital_drawn > 0 else None

    @property
    def irr(self) -> float | None:
        from .metrics import irr

        return irr(self.net) if self.capital_drawn > 0 else None

    @property
    def peak_outstanding(self) -> tuple[float, int | None]:
        if not len(self.outstanding) or self.outstanding.max() <= 0:
            return 0.0, None
        at = int(np.argmax(self.outstanding))
        return float(self.outstanding[at]), int(self.years[at])

    @property
    def municipal_net_gain(self) -> float | None:
        return None if self.municipal_net is None else float(self.municipal_net.sum())

    @property
    def municipal_npv(self) -> float | None:
        """The municipalities' net, discounted (or compounded) to the base year."""
        if self.municipal_net is None:
            return None
        factors = (1 + self.discount_rate) ** -(self.years - self.base_year).astype(float)
        return float(self.municipal_net @ factors)

    def to_json(self) -> dict[str, Any]:
        peak, peak_year = self.peak_outstanding
        return {
            "deals": self.deals,
            "capital_committed": self.capital_committed,
            "capital_drawn": self.capital_drawn,
            "received": self.total_received,
            "written_off": float(self.written_off.sum()),
            "multiple": self.multiple,
            "irr": self.irr,
            "peak_outstanding": peak,
            "peak_outstanding_year": peak_year,
            "municipal_net_gain": self.municipal_net_gain,
            "municipal_npv": self.municipal_npv,
            "years": [
                {
                    "year": int(y),
                    "committed": float(self.committed[t]),
                    "drawn": float(self.drawn[t]),
                    "received": float(self.received[t]),
                    "net": float(self.net[t]),
                    "outstanding": float(self.outstanding[t]),
                    "written_off": float(self.written_off[t]),
                    "municipal_net": None if self.municipal_net is None else float(self.municipal_net[t]),
                }
                for t, y in enumerate(self.years)
            ],
        }


def _placed(years: np.ndarray, first: int, values: np.ndarray) -> np.ndarray:
    out = np.zeros(len(years))
    out[first - int(years[0]) : first - int(years[0]) + len(values)] = values
    return out


# a deal, or an investor's part of one: committed, drawn, received
Part = tuple[DealFlows, float, np.ndarray, np.ndarray]


def _rows(part: Part, years: np.ndarray) -> np.ndarray:
    """A deal's (or an investor's part's) rows by calendar year on the basis: committed,
    drawn, received, outstanding, written off, and the deal's municipal net."""
    deal, owed, out, back = part
    rows = np.zeros((6, len(years)))
    first = int(deal.years[0])
    rows[1], rows[2] = _placed(years, first, out * deal.factor), _placed(years, first, back * deal.factor)
    if owed > 0:
        when = int(np.argmax(rows[1] > 0)) if rows[1].any() else first - int(years[0])
        rows[0, when] = owed * deal.factor
    left = np.maximum(np.cumsum(rows[1] - rows[2]), 0.0)
    last = (deal.ends or first + len(deal.years) - 1) - int(years[0])
    left[last + 1 :] = 0.0
    rows[4, last] = left[last]
    left[last] = 0.0
    rows[3] = left
    rows[5] = _placed(years, first, deal.municipal_net * deal.factor)
    return rows


def add_up(
    parts: Iterable[tuple[Part, np.ndarray]], years: np.ndarray, basis: Basis, municipal_too: bool = True
) -> Totals:
    """Deals (or investors' parts of deals), each with its rows (_rows), added up by
    calendar year on the basis; with `municipal_too`, the deals' municipal net as well (not
    for a group of investors: a municipality is not split between them)."""
    total = np.zeros((6, len(years)))
    deals = set()
    for part, rows in parts:
        deals.add(part[0].file)
        total += rows
    committed, drawn, received, outstanding, written_off, municipal = total
    return Totals(
        deals=len(deals),
        years=years,
        committed=committed,
        drawn=drawn,
        received=received,
        outstanding=outstanding,
        written_off=written_off,
        municipal_net=municipal if municipal_too else None,
        base_year=basis.base_year,
        discount_rate=basis.discount_rate,
    )


@dataclass(frozen=True)
class Portfolio:
    basis: Basis
    deals: list[DealFlows]
    totals: Totals
    groups: dict[str, dict[str, Totals]]  # grouping: its value (a municipality, ...): totals
    errors: list[str]  # the files that could not be evaluated, with why
    fund_capital: float | None = None  # a fund's own capital (a municipality's fund, say)

    @property
    def fund_balance(self) -> np.ndarray | None:
        """The fund's money at the end of each year: its capital, less what it has lent,
        plus what has come back (and can be lent again)."""
        if self.fund_capital is None:
            return None
        funded = [d for d in self.deals if d.fund is not None]
        if not funded:  # the portfolio is the fund's: every deal draws on it
            return self.fund_capital + np.cumsum(self.totals.net)
        years = self.totals.years
        net = np.zeros(len(years))
        for d in funded:
            net += _placed(years, int(d.years[0]), (d.received - d.drawn) * d.factor)
        return self.fund_capital + np.cumsum(net)

    def to_json(self) -> dict[str, Any]:
        return {
            "basis": self.basis.to_json(),
            "totals": self.totals.to_json(),
            "groups": {g: {k: t.to_json() for k, t in by.items()} for g, by in self.groups.items()},
            "deals": [
                {
                    "file": d.file,
                    "name": d.name,
                    "municipality": d.municipality,
                    "policy_area": d.policy_area,
                    "start_year": d.start_year,
                    "currency": d.currency,
                    "price_year": d.price_year,
                    "financing": d.financing,
                    "factor": d.factor,
                    "capital_committed": d.committed * d.factor,
                    "capital_drawn": float(d.drawn.sum()) * d.factor,
                    "received": float(d.received.sum()) * d.factor,
                    "municipal_net_gain": float(d.municipal_net.sum()) * d.factor,
                }
                for d in self.deals
            ],
            "errors": self.errors,
            "fund": None
            if (balance := self.fund_balance) is None
            else {
                "capital": self.fund_capital,
                "balance": [
                    {"year": int(y), "balance": float(b)}
                    for y, b in zip(self.totals.years, balance, strict=True)
                ],
                "lowest_balance": float(balance.min()),
                "lowest_balance_year": int(self.totals.years[int(np.argmin(balance))]),
            },
        }


def make_basis(
    deals: list[DealFlows],
    currency: str | None = None,
    price_year: int | None = None,
    base_year: int | None = None,
    discount_rate: float = DEFAULT_DISCOUNT_RATE,
    rates: dict[str, float] | None = None,
    indices: Iterable[PriceIndex] | None = None,
) -> Basis:
    """The basis asked for, with defaults from the deals: the currency most of them use,
    the latest price year among them, the price year as the base year, and for each
    currency the preset price index of that currency unless one is named."""
    counts = Counter(d.currency for d in deals)
    chosen = (currency or (counts.most_common(1)[0][0] if counts else "DKK")).upper()
    rates = {k.upper(): v for k, v in (rates or {}).items()}
    if chosen in rates:
        raise PortfolioError(say("portfolio.own_rate", currency=chosen))
    unused = sorted(set(rates) - set(counts))
    if unused:
        raise PortfolioError(say("portfolio.unused_rate", currencies=", ".join(unused)))
    by_currency = {i.currency: i for i in price_index_presets().values()}
    by_currency.update({i.currency: i for i in indices or ()})
    year = price_year or max((d.price_year for d in deals), default=2024)
    return Basis(
        currency=chosen,
        price_year=year,
        base_year=base_year or year,
        discount_rate=discount_rate,
        rates=rates,
        indices={c: i for c, i in by_currency.items() if c in counts},
    )


def portfolio(
    deals: list[DealFlows], basis: Basis, errors: list[str] | None = None, fund_capital: float | None = None
) -> Portfolio:
    """The deals put on the basis and added up, in all and by each grouping."""
    placed = [_on_basis(d, basis) for d in deals]
    if not placed:
        raise PortfolioError(say("portfolio.empty"))
    years = np.arange(min(int(d.years[0]) for d in placed), max(int(d.years[-1]) for d in placed) + 1)

    def with_rows(part: Part) -> tuple[Part, np.ndarray]:
        return part, _rows(part, years)

    wholes = [with_rows((d, d.committed, d.drawn, d.received)) for d in placed]
    groups: dict[str, dict[str, Totals]] = {}
    for grouping in GROUPINGS:
        members: dict[str, list[tuple[Part, np.ndarray]]] = {}
        for d, whole in zip(placed, wholes, strict=True):
            if grouping == "investor":
                for name, owed, out, back in d.investors:
                    members.setdefault(name, []).append(with_rows((d, owed, out, back)))
            else:
                members.setdefault(str(getattr(d, grouping)), []).append(whole)
        by_investor = grouping == "investor"
        groups[grouping] = {k: add_up(v, years, basis, not by_investor) for k, v in sorted(members.items())}
    return Portfolio(basis, placed, add_up(wholes, years, basis), groups, errors or [], fund_capital)


def _on_basis(deal: DealFlows, basis: Basis) -> DealFlows:
    from dataclasses import replace

    return replace(deal, factor=basis.factor(deal.currency, deal.price_year, deal.file))


def _deal_or_error(path: Path) -> DealFlows | str:
    """A file as a deal, without its case (which workers would have to send back), or why not."""
    from dataclasses import replace

    try:
        return replace(deal_flows(path), case=None)
    except SibCaseError as err:
        return "\n".join(err.messages())


def _a_deal(made: DealFlows | str) -> bool:
    return isinstance(made, DealFlows)


def load_deals(
    files: list[Path], on_done: Callable[[], None] | None = None, cache: bool = True
) -> tuple[list[DealFlows], list[str]]:
    """Every file as a deal (many shared out over the cores; with `cache`, a file's deal
    taken from the last run over it where the file is unchanged); a broken one is listed
    with its error, the rest go on."""
    from .batch import map_files

    made = map_files(_deal_or_error, files, on_done, _a_deal if cache else None)
    return [d for d in made if isinstance(d, DealFlows)], [e for e in made if isinstance(e, str)]


# ---- how sure: the portfolio's Monte Carlo ---------------------------------------------


@dataclass(frozen=True)
class PortfolioSimulation:
    """The fund's figures over joint draws of every deal's uncertain inputs: the deals
    independent of each other, or, with `shared_effect`, every deal's effects also scaled
    by one factor a draw (lognormal, median 1, that sigma), the same for all deals."""

    draws: int
    seed: int
    shared_effect: float | None
    probability_recovers_capital: float | None  # None where no draw lends anything
    multiple: Any  # uncertainty.Percentiles
    irr: Any | None
    share_without_irr: float
    municipal_net_gain: Any

    def to_json(self) -> dict[str, Any]:
        def p(value: Any) -> Any:
            return None if value is None else dict(value.__dict__)

        return {
            "draws": self.draws,
            "seed": self.seed,
            "shared_effect": self.shared_effect,
            "probability_recovers_capital": self.probability_recovers_capital,
            "multiple": p(self.multiple),
            "irr": p(self.irr),
            "share_without_irr": self.share_without_irr,
            "municipal_net_gain": p(self.municipal_net_gain),
        }


def simulate_portfolio(
    p: Portfolio, draws: int, seed: int, shared_effect: float | None = None
) -> PortfolioSimulation:
    """Every deal drawn `draws` times (its own uncertain inputs, its own random stream),
    put on the basis and added up draw by draw."""
    from .engine import cash_flows, compile_case
    from .metrics import TOL, irr_many
    from .uncertainty import CHUNK, MAX_DRAWS, Percentiles, sample, uncertain_inputs

    if not 1 <= draws <= MAX_DRAWS:
        raise PortfolioError(say("portfolio.draws", most=MAX_DRAWS, got=draws))
    if shared_effect is not None and not 0 <= shared_effect <= 2:
        raise PortfolioError(say("portfolio.shared", got=shared_effect))
    from .loader import load_case

    years = p.totals.years
    cases = [d.case if d.case is not None else load_case(d.file) for d in p.deals]
    uncertain = [uncertain_inputs(c) for c in cases]
    drawn_all, received_all, municipal_all, irrs = [], [], [], []
    done, chunk = 0, 0
    while done < draws:
        size = min(CHUNK, draws - done)
        shared = np.ones(size)
        if shared_effect:
            shared = np.random.default_rng([seed, chunk, 0]).lognormal(0.0, shared_effect, size)
        net = np.zeros((size, len(years)))
        drawn, received, municipal = np.zeros(size), np.zeros(size), np.zeros(size)
        for k, deal in enumerate(p.deals, 1):
            rng = np.random.default_rng([seed, chunk, k])
            inputs = uncertain[k - 1]
            compiled = compile_case(cases[k - 1], sample(inputs, size, rng) if inputs else None)
            flows = cash_flows(compiled, deal.financing, shared)
            at = int(deal.years[0]) - int(years[0])
            span = slice(at, at + len(deal.years))
            capital = np.broadcast_to(flows.investor_capital, (size, len(deal.years))) * deal.factor
            back = np.broadcast_to(flows.investor_net, (size, len(deal.years))) * deal.factor + capital
            net[:, span] += back - capital
            drawn += capital.sum(axis=1)
            received += back.sum(axis=1)
            municipal += (
                np.broadcast_to(flows.municipal_net, (size, len(deal.years))).sum(axis=1) * deal.factor
            )
        drawn_all.append(drawn)
        received_all.append(received)
        municipal_all.append(municipal)
        irrs.append(irr_many(net))
        done += size
        chunk += 1
    drawn_d, received_d = np.concatenate(drawn_all), np.concatenate(received_all)
    irr_d = np.concatenate(irrs)
    defined = irr_d[~np.isnan(irr_d)]
    lent = drawn_d > 0  # a draw in which no capital is drawn has no multiple and nothing to get back
    return PortfolioSimulation(
        draws=draws,
        seed=seed,
        shared_effect=shared_effect or None,
        probability_recovers_capital=float(np.mean(received_d[lent] >= drawn_d[lent] - TOL))
        if lent.any()
        else None,
        multiple=Percentiles.of(received_d[lent] / drawn_d[lent]) if lent.any() else None,
        irr=Percentiles.of(defined) if len(defined) else None,
        share_without_irr=float(np.mean(np.isnan(irr_d))),
        municipal_net_gain=Percentiles.of(np.concatenate(municipal_all)),
    )
