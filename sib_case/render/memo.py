"""The council memo: a case's business case in plain words, as Markdown or as a Word file.

A finance officer pastes the section into a memo to the city council unchanged, so every
sentence is a template in LABELS (English and Danish) filled from the figures. Both formats
come from one list of blocks, so the Word file says exactly what the Markdown says.

The blocks hold plain text, case text (names, sources, categories) in it as written; each
writer makes it inert for its format as it writes: Markdown escapes what Markdown would
read (text.markdown_text; the templates' own words hold no Markdown), Word shows what XML
cannot hold escaped (text.xml_safe) and keeps the document's title within the 255
characters a core property holds.

>>> from sib_case import evaluate, load_case
>>> from sib_case.render.memo import render_memo_markdown
>>> text = render_memo_markdown(evaluate(load_case("cases/dk-employment.yaml")), "da")  # doctest: +SKIP
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..figures import Metrics
from ..formats import money, number, percent
from ..labels import LABELS, LANGS, Lang, commissioner_words, label, unit
from ..metrics import TOL
from ..model import (
    Case,
    FixedSchedule,
    Outcome,
    RateCard,
    ReturnBands,
    RuleBase,
    SavingsShare,
    Tiers,
    judged_outcome,
    point,
)
from ..result import ModeResult, Result
from ..text import markdown_text, xml_safe
from .markdown import key_figures_markdown

if TYPE_CHECKING:
    from ..uncertainty import Simulation

CHART_WIDTH_CM = 15.0
# Fixed, so the same result gives the same Word file byte for byte.
DOCX_DATE = datetime(2025, 1, 1)
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
DOCX_LANGUAGE = {"en": "en-GB", "da": "da-DK"}
PROPERTY_LIMIT = 255  # characters in a Word core property (python-docx refuses more)


# The memo as blocks, each rendered by both writers.
@dataclass(frozen=True)
class Heading:
    level: int  # 1: the memo section's title, 2: its parts
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str
    lead: str = ""  # a bold lead-in, such as "Proposed: social impact bond (SIB)."


@dataclass(frozen=True)
class Bullet:
    text: str
    children: tuple[str, ...] = ()


@dataclass(frozen=True)
class Bullets:
    items: tuple[Bullet, ...]


@dataclass(frozen=True)
class Table:
    markdown: str  # the key figures as a Markdown table; Word gets the same cells


@dataclass(frozen=True)
class Chart:
    alt: str


Block = Heading | Paragraph | Bullets | Table | Chart


@dataclass(frozen=True)
class _Words:
    """Sentence templates and number formats for one language and currency."""

    lang: Lang
    currency: str

    def t(self, key: str, /, **values: Any) -> str:
        template = commissioner_words(LABELS["memo." + key][LANGS.index(self.lang)], self.lang)
        for name, value in values.items():
            if isinstance(value, str) and value.endswith("."):
                # "410.000 kr." ends a sentence with one full stop, not two
                template = template.replace("{" + name + "}.", "{" + name + "}")
        return template.format(**values)

    def money(self, value: float) -> str:
        return money(value, self.currency, self.lang)

    def share(self, value: float) -> str:
        """A share as a percentage with as few decimals as it needs (at most two): 80 %, 8,16 %."""
        return percent(value, self.lang, _decimals(value * 100))

    def points(self, value: float) -> str:
        """A change in a share, in percentage points: 12 procentpoint."""
        return self.t("points", value=number(value * 100, self.lang, _decimals(value * 100)))

    def level(self, value: float, outcome: Outcome) -> str:
        """An outcome's level: a share as a percentage, a rate as a number per participant."""
        if outcome.measure == "share":
            return self.share(value)
        return f"{self.decimal(value)} {self.t(f'per.{outcome.per}')}"

    def change(self, value: float, outcome: Outcome) -> str:
        """A change in an outcome's level: percentage points of a share, or a rate's change."""
        return self.points(value) if outcome.measure == "share" else self.level(value, outcome)

    def effect_share(self, value: float) -> str:
        """A break-even effect's share as a whole percentage, or with one decimal where the
        whole number would say 0 % or 100 % for a value that is neither."""
        whole = round(value * 100)
        exact = abs(value * 100 - whole) < 1e-9
        return percent(value, self.lang, 0 if exact or whole not in (0, 100) else 1)

    def decimal(self, value: float) -> str:
        return number(value, self.lang, _decimals(value))

    def join(self, items: Sequence[str], word: str = "and") -> str:
        if len(items) <= 1:
            return "".join(items)
        return self.t(word, rest=", ".join(items[:-1]), last=items[-1])

    def quoted(self, text: str) -> str:
        return self.t("quoted", text=text)

    def period(self, first: int, last: int) -> str:
        return str(first) if first == last else self.t("period", first=first, last=last)

    def lag(self, years: int) -> str:
        return self.t("lag.0") if years == 0 else self.t("lag.1") if years == 1 else self.t("lag.n", n=years)


def _decimals(value: float) -> int:
    for decimals in (0, 1):
        if abs(round(value, decimals) - value) < 1e-9:
            return decimals
    return 2


# ---------------------------------------------------------------- public API


def render_memo_markdown(
    result: Result, lang: Lang = "en", chart_file: str | None = None, simulation: Simulation | None = None
) -> str:
    """The council-memo section as Markdown; with `chart_file`, the chart is shown after the
    key figures as `![alt](chart_file)`; with `simulation`, how sure the result is."""
    md = markdown_text
    lines: list[str] = []
    for block in memo_blocks(result, lang, chart_file is not None, simulation):
        if isinstance(block, Heading):
            lines.append("#" * (block.level + 1) + " " + md(block.text))
        elif isinstance(block, Paragraph):
            text = _md_start(md(block.text))
            lead = f"**{md(block.lead)}**" if block.lead else ""
            lines.append(" ".join(part for part in (lead, text) if part))
        elif isinstance(block, Bullets):
            lines.append(
                "\n".join(
                    "\n".join(
                        [f"- {_md_start(md(item.text))}", *(f"  - {_md_start(md(c))}" for c in item.children)]
                    )
                    for item in block.items
                )
            )
        elif isinstance(block, Table):
            lines.append(block.markdown)
        else:
            lines.append(f"![{block.alt}]({chart_file})")
    return "\n\n".join(lines) + "\n"


def render_memo_docx(
    result: Result, lang: Lang = "en", chart_png: bytes | None = None, simulation: Simulation | None = None
) -> bytes:
    """The same memo section as a Word document: headings, paragraphs, bullet lists, the key
    figures as a Word table (header row bold) and the chart picture (15 cm wide) if given.
    The same result gives the same bytes: dates and author are fixed."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    document = docx.Document()
    normal = document.styles["Normal"].element.get_or_add_rPr()
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), DOCX_LANGUAGE[lang])
    normal.append(language)  # spelling and hyphenation in the memo's language

    x = xml_safe
    title = ""
    for block in memo_blocks(result, lang, chart_png is not None, simulation):
        if isinstance(block, Heading):
            document.add_heading(x(block.text), level=block.level)
            title = title or x(block.text)
        elif isinstance(block, Paragraph):
            paragraph = document.add_paragraph()
            if block.lead:
                paragraph.add_run(x(block.lead)).bold = True
            if block.text:
                paragraph.add_run(x(" " + block.text if block.lead else block.text))
        elif isinstance(block, Bullets):
            for item in block.items:
                document.add_paragraph(x(item.text), style="List Bullet")
                for child in item.children:
                    document.add_paragraph(x(child), style="List Bullet 2")
        elif isinstance(block, Table):
            cells, right = markdown_table_cells(block.markdown)
            table = document.add_table(rows=len(cells), cols=len(cells[0]))
            table.style = "Table Grid"
            for r, row in enumerate(cells):
                for c, text in enumerate(row):
                    paragraph = table.cell(r, c).paragraphs[0]
                    paragraph.add_run(text).bold = r == 0
                    if right[c]:
                        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif chart_png is not None:
            document.add_picture(io.BytesIO(chart_png), width=Cm(CHART_WIDTH_CM))
            document.inline_shapes[-1]._inline.docPr.set("descr", block.alt)

    properties = document.core_properties
    properties.author = properties.last_modified_by = "sib-case"
    properties.title = title if len(title) <= PROPERTY_LIMIT else title[: PROPERTY_LIMIT - 1] + "…"
    properties.language = DOCX_LANGUAGE[lang]
    properties.comments = label("generated_by", lang).format(version=__version__)
    properties.created = properties.modified = DOCX_DATE
    properties.revision = 1
    out = io.BytesIO()
    document.save(out)
    return _fixed_zip_dates(out.getvalue())


def memo_files(
    result: Result, output: Path, fmt: str, lang: Lang = "en", simulation: Simulation | None = None
) -> dict[Path, str | bytes]:
    """The files of a memo: a Word file with the chart inside, or Markdown with the chart
    beside it as NAME-chart.png."""
    from .chart import render_chart

    png = render_chart(result, "png", lang)
    if fmt == "docx":
        return {output: render_memo_docx(result, lang, png, simulation)}
    chart = output.with_name(output.stem + "-chart.png")
    return {chart: png, output: render_memo_markdown(result, lang, chart.name, simulation)}


def _md_start(text: str) -> str:
    """Text that Markdown would read as a list, a heading or a quote where it starts, escaped."""
    if text[:1] in ("*", "-", "+", "#", ">"):
        return "\\" + text
    ordered = re.match(r"\d{1,9}(?=[.)](\s|$))", text)  # "1. " or "1) " starts an ordered list
    return text[: ordered.end()] + "\\" + text[ordered.end() :] if ordered else text


def markdown_table_cells(markdown: str) -> tuple[list[list[str]], list[bool]]:
    """The cells of a table written by `md_table` (header first), and which columns are
    right-aligned."""
    lines = markdown.strip().splitlines()

    def cells(line: str) -> list[str]:
        return [cell.replace("\\|", "|") for cell in line.strip()[2:-2].split(" | ")]

    right = [rule.endswith(":") for rule in cells(lines[1])]
    return [cells(lines[0]), *(cells(line) for line in lines[2:])], right


def _fixed_zip_dates(data: bytes) -> bytes:
    """The Word file with every zip member dated alike (python-docx stamps the clock time)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(item.filename))
    return out.getvalue()


# ---------------------------------------------------------------- the memo's content


def memo_blocks(
    result: Result, lang: Lang = "en", chart: bool = False, simulation: Simulation | None = None
) -> list[Block]:
    """The memo section, block by block: title, basis, summary, how sure (from the Monte
    Carlo `simulation`, where the case gives ranges), key figures, chart, assumptions."""
    info = result.case.case
    w = _Words(lang, info.currency)
    basis = w.t(
        "basis",
        year=info.price_year or info.start_year,
        currency=unit(info.currency, lang),
        rate=percent(info.discount_rate, lang),
    )
    if result.case.scenario is not None:
        basis = (
            basis.rstrip(".") + "; " + label("scenario_shown", lang).format(name=result.case.scenario) + "."
        )
    if info.municipality:
        basis = w.t("municipality", municipality=info.municipality) + " " + basis
    blocks: list[Block] = [
        Heading(1, w.t("title", name=info.name)),
        Paragraph(basis),
        Heading(2, w.t("summary")),
        Paragraph(_intro(result, w)),
    ]
    explained = False  # what break-even means is said once, at its first mention
    for mode_result, role in ((result.primary, "proposed"), (result.alternative, "alternative")):
        lead = w.t("lead", role=w.t(f"role.{role}"), mode=w.t(f"mode.{mode_result.mode}"))
        sentences = _mode_sentences(result.case, mode_result, w, explained)
        explained = explained or (
            mode_result.metrics.break_even_year is not None and not _never_negative(mode_result)
        )
        blocks.append(Paragraph(" ".join(sentences), lead=lead))
    blocks.append(Paragraph(" ".join(_comparison(result, w)), lead=w.t("compare.lead")))
    if simulation is not None and simulation.uncertain_inputs:
        blocks.append(Paragraph(_how_sure(simulation, w), lead=w.t("sure.lead")))
    blocks += [
        Heading(2, label("key_figures", lang)),
        Table(key_figures_markdown(result, lang)),
        Paragraph(label("own_mode", lang)),
    ]
    if chart:
        blocks.append(Chart(label("chart_title", lang)))
    blocks += _assumptions(result, w)
    return blocks


def _how_sure(simulation: Simulation, w: _Words) -> str:
    """The Monte Carlo probability of a municipal gain and the range that holds 90 % of
    the municipal NPV."""
    npv = simulation.municipal_npv_percentiles
    return w.t(
        "sure",
        n=len(simulation.uncertain_inputs),
        draws=number(simulation.draws, w.lang),
        seed=simulation.seed,
        probability=w.effect_share(simulation.probability_municipal_gain),
        mode=w.t(f"mode.{simulation.financing}"),
        p5=w.money(npv.p5),
        p50=w.money(npv.p50),
        p95=w.money(npv.p95),
    )


def _intro(result: Result, w: _Words) -> str:
    case, metrics = result.case, result.primary.metrics
    intakes = sorted(c.year for c in case.cohorts)
    if len(intakes) == 1:
        cohorts = w.t("cohorts.one", year=intakes[0])
    elif intakes[0] == intakes[-1]:
        cohorts = w.t("cohorts.same_year", n=len(intakes), year=intakes[0])
    else:
        cohorts = w.t("cohorts.many", n=len(intakes), first=intakes[0], last=intakes[-1])
    years = case.years
    return " ".join(
        [
            w.t(
                "intro",
                participants=number(metrics.participants, w.lang),
                cohorts=cohorts,
                cost=w.money(metrics.total_programme_cost),
            ),
            w.t(
                "savings",
                period=w.period(years[0], years[-1]),
                savings=w.money(metrics.total_savings_municipal),
                public=w.money(metrics.total_savings_public),
            ),
        ]
    )


def _mode_sentences(case: Case, mode_result: ModeResult, w: _Words, explained: bool) -> list[str]:
    """What the municipality pays, gains and risks under one financing mode; under the SIB,
    what the investor earns too."""
    m, mode = mode_result.metrics, mode_result.mode
    sentences: list[str] = []
    capital = m.total_investor_capital or 0.0
    if mode == "sib":
        sentences.append(
            w.t("sib.finance", capital=w.money(capital), payments=w.money(m.total_outcome_payments))
        )
    else:
        sentences.append(w.t("self.finance", cost=w.money(m.total_programme_cost)))
    tc = m.total_transaction_costs_municipal
    after = w.t(f"after.{mode}.tc", tc=w.money(tc)) if round(tc) else w.t(f"after.{mode}")
    net = m.net_municipal_gain
    sentences.append(
        w.t(
            "net.gain" if net >= 0 else "net.loss",
            after=after,
            net=w.money(abs(net)),
            npv=w.money(m.municipal_npv),
        )
    )
    if _never_negative(mode_result):
        # "breaks even in the first year" would say the municipality was behind before it
        sentences.append(w.t("never_negative", year=m.break_even_year))
    elif m.break_even_year is not None:
        sentences.append(w.t("break_even.again" if explained else "break_even", year=m.break_even_year))
    else:
        sentences.append(w.t("no_break_even", year=case.years[-1]))
    sentences.append(_effect_sentence("robust", m.break_even_effect_municipal, w, _no_effect(m)))
    if mode == "sib" and capital > 0:
        sentences += _investor_sentences(m, w)
    return sentences


def _never_negative(mode_result: ModeResult) -> bool:
    """The cumulative municipal net is at or above zero in every year."""
    return bool(mode_result.years.municipal_cumulative.min() >= -TOL)


def _no_effect(m: Metrics) -> bool:
    """The case as stated achieves no attributable unit: multiplying its effect does nothing."""
    return all(abs(units) <= TOL for units in m.total_units.values())


def _effect_sentence(prefix: str, effect: float | None, w: _Words, no_effect: bool = False) -> str:
    """How much of the assumed effect a party needs to break even."""
    if effect is None and no_effect:  # "not even with 100 times the effect" would be true, and empty
        return w.t(f"{prefix}.no_effect")
    if effect is None:
        return w.t(f"{prefix}.never")
    if effect <= 1e-9:
        return w.t(f"{prefix}.zero")
    if effect <= 1:
        return w.t(f"{prefix}.below", share=w.effect_share(effect))
    return w.t(f"{prefix}.above", share=w.effect_share(effect - 1))


def _investor_sentences(m: Metrics, w: _Words) -> list[str]:
    guarantee = m.total_guarantee_payments or 0.0
    gain = m.investor_net_gain or 0.0
    key = "investor." + ("gain" if gain >= 0 else "loss") + ("" if m.investor_irr is not None else ".no_irr")
    sentences = [
        w.t(
            key,
            receipts=w.money(m.total_outcome_payments + guarantee),
            multiple=number(m.investor_multiple or 0.0, w.lang, 2),
            amount=w.money(abs(gain)),
            irr=percent(m.investor_irr, w.lang) if m.investor_irr is not None else "",
        )
    ]
    if round(guarantee):
        sentences.append(w.t("investor.guarantee", amount=w.money(guarantee)))
    sentences.append(_effect_sentence("investor", m.break_even_effect_investor, w, _no_effect(m)))
    return sentences


def _comparison(result: Result, w: _Words) -> list[str]:
    """What the SIB costs (net result against self-financing) and what it buys (the loss
    the municipality no longer carries if the effect fails)."""
    sib, own = result.by_mode["sib"].metrics, result.by_mode["self"].metrics
    sib_net, self_net = sib.net_municipal_gain, own.net_municipal_gain
    diff = round(self_net) - round(sib_net)
    figures = {"sib": w.money(sib_net), "self": w.money(self_net)}
    if diff > 0:
        sentences = [w.t("compare.costs", diff=w.money(diff), **figures)]
    elif diff < 0:
        sentences = [w.t("compare.gains", diff=w.money(-diff), **figures)]
    else:
        sentences = [w.t("compare.same", sib=figures["sib"])]
    # With no effect there are no savings, so these are losses (or zero).
    sib_loss = max(0.0, -sib.net_municipal_gain_if_no_effect)
    self_loss = max(0.0, -own.net_municipal_gain_if_no_effect)
    risk = round(self_loss) - round(sib_loss)
    losses = {"sib": w.money(sib_loss), "self": w.money(self_loss)}
    guarantee = result.case.financing.guarantee
    if risk > 0 and guarantee is not None:  # the guarantor carries part of it, not the investor alone
        name = guarantee.guarantor.strip() or w.t("guarantor")
        sentences.append(w.t("risk.guaranteed", diff=w.money(risk), guarantor=name, **losses))
    elif risk > 0:
        sentences.append(w.t("risk", diff=w.money(risk), **losses))
    else:
        sentences.append(w.t("risk.none", **losses))
    return sentences


# ---------------------------------------------------------------- assumptions


def _assumptions(result: Result, w: _Words) -> list[Block]:
    case = result.case
    metrics = result.primary.metrics
    blocks: list[Block] = [
        Heading(2, w.t("assumptions")),
        Paragraph(w.t("assumptions.intro")),
        Paragraph(
            " ".join(s for s in [_target_group(case, w), _as_run(case, w), _programme_cost(case, w)] if s),
            lead=w.t("target_group"),
        ),
        Paragraph("", lead=w.t("outcomes")),
        Bullets(tuple(_outcome(o, metrics.total_units.get(o.name, 0.0), w) for o in case.outcomes)),
        Paragraph("", lead=w.t("transaction_costs")),
    ]
    costs = tuple(Bullet(_transaction_cost(cost, w)) for cost in case.transaction_costs)
    blocks.append(Bullets(costs) if costs else Paragraph(w.t("no_transaction_costs")))
    blocks += [
        Paragraph("", lead=w.t("payment_rules")),
        Bullets(tuple(Bullet(s) for s in _financing(case, w))),
    ]
    return blocks


def _target_group(case: Case, w: _Words) -> str:
    participants = number(sum(c.participants for c in case.cohorts), w.lang)
    if len(case.cohorts) == 1 and case.cohorts[0].effect_scale == 1:
        return w.t("group.one", participants=participants, year=case.cohorts[0].year)
    cohorts = [
        w.t("group.cohort", participants=number(c.participants, w.lang), year=c.year)
        if c.effect_scale == 1
        else w.t(
            "group.cohort_scaled",
            participants=number(c.participants, w.lang),
            year=c.year,
            scale=w.share(c.effect_scale),
        )
        for c in case.cohorts
    ]
    return w.t("group.many", participants=participants, cohorts=w.join(cohorts))


def _as_run(case: Case, w: _Words) -> str:
    """What differs from the plan as the programme runs: recruitment and a termination."""
    sentences = []
    short = [c for c in case.cohorts if c.recruited is not None]
    if short:
        planned, recruited = sum(c.participants for c in short), sum(c.recruited or 0 for c in short)
        key = "shortfall.scale" if case.financing.on_shortfall == "scale" else "shortfall.keep"
        sentences.append(w.t(key, recruited=number(recruited, w.lang), planned=number(planned, w.lang)))
    if (stop := case.termination) is not None:
        dropped = [c for c in case.cohorts if c.year > stop.year]
        sentences.append(w.t("termination", year=stop.year, cohorts=number(len(dropped), w.lang)))
        if stop.settle:
            sentences.append(w.t("termination.settle", year=stop.year))
    return " ".join(sentences)


def _programme_cost(case: Case, w: _Words) -> str:
    cost = case.programme_cost
    spread = (
        w.t("spread.one")
        if len(cost.spread) == 1
        else w.t("spread.many", n=len(cost.spread), shares=w.join([w.share(s) for s in cost.spread]))
    )
    fixed = w.t("fixed", amounts=_amounts_by_year(cost.fixed, w)) if any(cost.fixed.values()) else ""
    return w.t("cost", per=w.money(point(cost.per_participant)), spread=spread, fixed=fixed)


def _amounts_by_year(amounts: dict[int, float], w: _Words) -> str:
    """DKK 500,000 in 2026; DKK 60,000 a year in 2026-2032, DKK 420,000 in all; or a list."""
    years = sorted(amounts)
    total = sum(amounts.values())
    if len(years) == 1:
        return w.t("amount_in", amount=w.money(amounts[years[0]]), year=years[0])
    if years == list(range(years[0], years[-1] + 1)) and len({amounts[y] for y in years}) == 1:
        return w.t(
            "amounts.even",
            amount=w.money(amounts[years[0]]),
            period=w.period(years[0], years[-1]),
            total=w.money(total),
        )
    listed = w.join([w.t("amount_in", amount=w.money(amounts[y]), year=y) for y in years])
    return w.t("amounts.list", amounts=listed, total=w.money(total))


def _outcome(outcome: Outcome, units: float, w: _Words) -> Bullet:
    name = outcome.name
    unit = w.t("default_unit") if outcome.unit == type(outcome).model_fields["unit"].default else outcome.unit
    delta = w.change(outcome.improvement, outcome)
    if outcome.baseline is not None and outcome.with_programme is not None:
        first = w.t(
            "levels",
            name=name,
            unit=unit,
            baseline=w.level(point(outcome.baseline), outcome),
            with_programme=w.level(point(outcome.with_programme), outcome),
            lower=w.t("lower") if outcome.better == "lower" else "",
            delta=delta,
        )
    elif outcome.deadweight is not None and point(outcome.deadweight):
        assert outcome.effect is not None
        first = w.t(
            "gross",
            name=name,
            unit=unit,
            effect=w.change(point(outcome.effect), outcome),
            deadweight=w.share(point(outcome.deadweight)),
            delta=delta,
        )
    else:
        first = w.t("gross.no_deadweight", name=name, unit=unit, delta=delta)
    sentences = [first]
    if point(outcome.attribution) < 1:
        sentences.append(w.t("attribution.part", share=w.share(point(outcome.attribution))))
    else:
        sentences.append(w.t("attribution.all"))
    if point(outcome.optimism_bias) > 0:
        sentences.append(w.t("bias", share=w.share(point(outcome.optimism_bias))))
    else:
        sentences.append(w.t("bias.none"))
    net = w.change(outcome.net_improvement, outcome)
    if outcome.target:
        sentences.append(w.t("net_improvement.target", delta=net, target=w.change(outcome.target, outcome)))
    else:
        sentences.append(w.t("net_improvement", delta=net))
    if overrides := outcome.overrides():
        sentences.append(
            w.t("overrides", items=w.join([_override(c, y, v, outcome, w) for c, y, v in overrides]))
        )
    sentences.append(w.t("profile", shares=", ".join(w.share(p) for p in outcome.profile)))
    sentences.append(w.t("units", units=number(units, w.lang, 1), unit=unit))
    return Bullet(" ".join(sentences), tuple(_saving(item, w) for item in outcome.savings))


def _override(cohort: str | None, year: int | None, levels: Any, outcome: Outcome, w: _Words) -> str:
    """One stated level: for a cohort, a year since intake, or both, e.g. cohort 1: 1.42 with it."""
    who = [w.quoted(cohort)] if cohort is not None else []
    if year is not None:
        who.append(w.t("override.year", year=year))
    stated = [
        w.t(
            f"override.{key}",
            value=w.level(getattr(levels, key), outcome)
            if key != "effect"
            else w.change(levels.effect, outcome),
        )
        for key in ("baseline", "with_programme", "effect")
        if getattr(levels, key) is not None
    ]
    return f"{', '.join(who)}: {w.join(stated)}"


def _saving(item: Any, w: _Words) -> str:
    held = {holder: share for holder, share in item.shares.items() if share > 0}
    if len(held) == 1:
        shares = w.t("all_to", holder=w.t(f"holder.{next(iter(held))}"))
    else:
        shares = w.join(
            [w.t("share_to", share=w.share(s), holder=w.t(f"holder.{h}")) for h, s in held.items()]
        )
    return w.t(
        "saving",
        name=item.name,
        amount=w.money(item.unit_amount),
        shares=shares,
        cashable=w.share(point(item.cashable)),
        lag=w.t("saving.lag", lag=w.lag(item.lag)) if item.lag else "",
        source=item.source or w.t("no_source"),
    )


def _transaction_cost(cost: Any, w: _Words) -> str:
    return w.t(
        "transaction_cost",
        category=cost.category,
        amounts=_amounts_by_year(cost.amounts, w),
        payer=w.t(f"holder.{cost.payer}"),
        under=w.t(f"under.{cost.under}"),
        source=cost.source or w.t("no_source"),
    )


def _financing(case: Case, w: _Words) -> list[str]:
    """The SIB's payment rules in words, then the caps, protection and guarantee."""
    fin = case.financing
    settlement = fin.settlement_year or case.years[-1]
    items = [
        w.t("capital.upfront", year=case.years[0]) if fin.capital == "upfront" else w.t("capital.as_needed")
    ]
    if not fin.payments:
        items.append(label("no_payment_rules", w.lang))
    items += [_rule(rule, case, w) for rule in fin.payments]
    for payer in fin.payers:
        most = w.t("co_payer.max", amount=w.money(payer.max)) if payer.max is not None else ""
        items.append(w.t("co_payer", name=w.quoted(payer.name), share=w.share(payer.share), most=most))
    for grant in case.grants:
        items.append(
            w.t(
                "grant",
                name=w.quoted(grant.name),
                payer=w.t(f"holder.{grant.payer}"),
                amounts=_amounts_by_year(grant.amounts, w),
                under=w.t(f"under.{grant.under}"),
            )
        )
    if caps := _caps(fin.cap, w):
        items.append(w.t("common_cap", caps=caps))
    if fin.capital_protection > 0:
        key = "protection" if fin.protection_of == "receipts" else "protection.principal"
        items.append(w.t(key, share=w.share(fin.capital_protection), year=settlement))
    else:
        items.append(w.t("protection.none"))
    if fin.guarantee is not None:
        g = fin.guarantee
        items.append(
            w.t(
                "guarantee",
                guarantor=g.guarantor or w.t("guarantor"),
                share=w.share(g.share),
                max=w.t("guarantee.max", amount=w.money(g.max)) if g.max is not None else "",
                year=settlement,
            )
        )
    return items


def _rule(rule: RuleBase, case: Case, w: _Words) -> str:
    kind = w.t(f"rule.{getattr(rule, 'type', '')}")
    title = w.t("rule.named", kind=kind, name=rule.name) if rule.name else kind
    conditions = _conditions(rule, case, w)
    if isinstance(rule, RateCard):
        text = w.t(
            "rate_card",
            title=title,
            price=w.money(rule.price),
            outcome=w.quoted(rule.outcome),
            lag=w.lag(rule.lag),
        )
    elif isinstance(rule, SavingsShare):
        holders = w.join([w.t(f"holder.{h}") for h in rule.of])
        text = w.t(
            "savings_share" if rule.of == ["municipality"] else "savings_share.holders",
            holders=holders,
            title=title,
            share=w.share(rule.share),
            of=w.t("savings_share.of", outcomes=w.join([w.quoted(o) for o in rule.outcomes]))
            if rule.outcomes
            else "",
            lag=w.lag(rule.lag),
            waterfall=w.t(
                "waterfall",
                hurdle=w.share(rule.hurdle)
                if rule.hurdle is not None
                else w.t("interest_a_year", rate=w.share(rule.hurdle_rate or 0.0)),
                then=w.share(rule.then_share),
            )
            if rule.then_share is not None
            else "",
        )
    elif isinstance(rule, FixedSchedule):
        text = w.t(
            "fixed_rule", title=title, amounts=_amounts_by_year(rule.amounts, w), conditions=conditions
        )
        conditions = ""  # said already: a fixed schedule is due only on success
    elif isinstance(rule, ReturnBands):
        outcome = case.outcomes[case.outcome_index(rule.outcome)]
        bands = [
            w.t("band", rate=w.share(b.rate), threshold=_threshold(rule.by, b.at_least, outcome, w))
            for b in rule.bands
        ]
        minimum = (
            w.t("bands.minimum", rate=w.share(rule.minimum_rate), years=rule.minimum_years)
            if rule.minimum_rate is not None
            else ""
        )
        text = w.t(
            "bands",
            title=title,
            outcome=w.quoted(rule.outcome),
            bands=w.join(bands),
            minimum=minimum,
            principal=w.share(rule.principal),
            below=w.share(rule.principal_below),
            year=rule.redemption or case.financing.settlement_year or case.years[-1],
        )
    else:
        assert isinstance(rule, Tiers)
        outcome = case.outcomes[case.outcome_index(rule.outcome)]
        steps = [
            w.t(
                "tier.amount", amount=w.money(t.amount), threshold=_threshold(rule.by, t.at_least, outcome, w)
            )
            if t.amount is not None
            else w.t(
                "tier.price",
                price=w.money(t.price or 0.0),
                threshold=_threshold(rule.by, t.at_least, outcome, w),
            )
            for t in rule.tiers
        ]
        paid = (
            w.t("tiers.paid_in", year=rule.year)
            if rule.lump_sums
            else w.t("tiers.paid_lag", lag=w.lag(rule.lag))
        )
        text = w.t(
            "tiers",
            title=title,
            outcome=w.quoted(rule.outcome),
            steps=w.join(steps),
            paid=paid,
            judged=w.t(f"judged.{rule.judged}"),
        )
    if conditions:
        text += w.t("success", conditions=conditions)
    if caps := _caps(rule.cap, w):
        text += w.t("cap", caps=caps)
    return text


def _conditions(rule: RuleBase, case: Case, w: _Words) -> str:
    own = getattr(rule, "outcome", None)
    parts = []
    for c in rule.success:
        outcome = case.outcomes[case.outcome_index(judged_outcome(rule, c) or "")]
        threshold = _threshold(c.scale, c.needed, outcome, w)
        if c.outcome in (None, own):
            parts.append(w.t(f"condition.{c.judged}.own", threshold=threshold))
        else:
            parts.append(w.t(f"condition.{c.judged}", outcome=w.quoted(c.outcome or ""), threshold=threshold))
    return w.join(parts, "or")


def _threshold(scale: str, value: float, outcome: Outcome, w: _Words) -> str:
    """A threshold in words: a share of the target, a change against the baseline, a level."""
    key = "share_of_target" if scale == "share_of_target" else f"{scale}.{outcome.better}"
    shown = w.decimal(value) if scale == "level" and outcome.measure == "rate" else w.share(value)
    return w.t(f"threshold.{key}", value=shown)


def _caps(cap: Any, w: _Words) -> str:
    parts: list[str] = []
    if cap.total is not None:
        parts.append(w.t("cap.total", amount=w.money(cap.total)))
    if cap.multiple is not None:
        parts.append(w.t("cap.multiple", multiple=w.decimal(cap.multiple)))
    if cap.annual_return is not None:
        parts.append(w.t("cap.annual_return", rate=percent(cap.annual_return, w.lang)))
    if cap.per_year is not None:
        parts.append(w.t("cap.per_year", amount=w.money(cap.per_year)))
    total = [p for p in parts if p]  # a yearly cap limits each year, not the total: it is not "lower"
    lowest = w.t("cap.lowest") if len(total) - (cap.per_year is not None) > 1 else ""
    return w.join(parts) + lowest
