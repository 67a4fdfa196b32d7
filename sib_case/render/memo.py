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
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..engine import savings_items
from ..figures import Metrics
from ..formats import money, number, percent, rounded_money
from ..labels import Lang, label, unit
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
from .markdown import key_figures_rows, md_table

if TYPE_CHECKING:
    from ..uncertainty import Scenarios, Sensitivity, Simulation

CHART_WIDTH_CM = 15.0
MARGIN_CM = 2.0  # the Word memo's left and right page margins
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
    """A table as plain text cells (each writer makes case text inert for its format)."""

    header: list[str]
    rows: list[list[str]]
    align: str  # a letter a column: l(eft) or r(ight)
    total: bool = False  # the last row is the totals


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
        template = label("memo." + key, self.lang)  # in the commissioner's words (and a fund's)
        for name, value in values.items():
            if isinstance(value, str) and value.endswith("."):
                # "410.000 kr." ends a sentence with one full stop, not two
                template = template.replace("{" + name + "}.", "{" + name + "}")
        return template.format(**values)

    def money(self, value: float) -> str:
        """An amount as stated (an input: a price, a rate, a cost)."""
        return money(value, self.currency, self.lang)

    def amount(self, value: float) -> str:
        """A result as a memo writes it in its text: 3,2 mio. kr."""
        return rounded_money(value, self.currency, self.lang)

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
    result: Result, lang: Lang = "en", chart_file: str | None = None, risks: Risks | None = None
) -> str:
    """The council memo as Markdown; with `chart_file`, the chart is shown after the key
    figures as `![alt](chart_file)`; with `risks`, the Monte Carlo, scenarios and tornado."""
    md = markdown_text
    lines: list[str] = []
    for block in memo_blocks(result, lang, chart_file is not None, risks):
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
            lines.append(
                md_table([md(h) for h in block.header], [[md(c) for c in r] for r in block.rows], block.align)
            )
        else:
            lines.append(f"![{block.alt}]({chart_file})")
    return "\n\n".join(lines) + "\n"


def render_memo_docx(
    result: Result, lang: Lang = "en", chart_png: bytes | None = None, risks: Risks | None = None
) -> bytes:
    """The same memo section as a Word document: headings, paragraphs, bullet lists, the key
    figures as a Word table (header row bold) and the chart picture (15 cm wide) if given.
    The same result gives the same bytes: dates and author are fixed."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)  # A4, as Danish memos are
    section.left_margin = section.right_margin = Cm(MARGIN_CM)
    normal = document.styles["Normal"].element.get_or_add_rPr()
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), DOCX_LANGUAGE[lang])
    normal.append(language)  # spelling and hyphenation in the memo's language

    x = xml_safe
    title = ""
    for block in memo_blocks(result, lang, chart_png is not None, risks):
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
            _docx_table(document, block)
        elif chart_png is not None:
            document.add_picture(io.BytesIO(chart_png), width=Cm(CHART_WIDTH_CM))
            document.inline_shapes[-1]._inline.docPr.set("descr", block.alt)

    properties = document.core_properties
    properties.author = properties.last_modified_by = "sib-case"
    properties.title = title if len(title) <= PROPERTY_LIMIT else title[: PROPERTY_LIMIT - 1] + "…"
    properties.language = DOCX_LANGUAGE[lang]
    properties.comments = label("generated_by", lang).format(version=__version__)
    properties.created = properties.modified = memo_date()
    properties.revision = 1
    out = io.BytesIO()
    document.save(out)
    return _fixed_zip_dates(out.getvalue())


def memo_files(
    result: Result, output: Path, fmt: str, lang: Lang = "en", risks: Risks | None = None
) -> dict[Path, str | bytes]:
    """The files of a memo: a Word file with the chart inside, or Markdown with the chart
    beside it as NAME-chart.png."""
    from .chart import render_chart

    png = render_chart(result, "png", lang)
    if fmt == "pdf":
        from .memo_pdf import render_memo_pdf

        return {output: render_memo_pdf(result, lang, png, risks)}
    if fmt == "docx":
        return {output: render_memo_docx(result, lang, png, risks)}
    chart = chart_beside(output)
    return {chart: png, output: render_memo_markdown(result, lang, chart.name, risks)}


def chart_beside(output: Path) -> Path:
    """Where a Markdown memo's chart goes: beside it, as NAME-chart.png."""
    return output.with_name(output.stem + "-chart.png")


def _md_start(text: str) -> str:
    """Text that Markdown would read as a list, a heading or a quote where it starts, escaped."""
    if text[:1] in ("*", "-", "+", "#", ">"):
        return "\\" + text
    ordered = re.match(r"\d{1,9}(?=[.)](\s|$))", text)  # "1. " or "1) " starts an ordered list
    return text[: ordered.end()] + "\\" + text[ordered.end() :] if ordered else text


def memo_date() -> datetime:
    """The memo's date: today, or SOURCE_DATE_EPOCH where it is set (reproducible builds)."""
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).replace(tzinfo=None)
    today = date.today()
    return datetime(today.year, today.month, today.day)


def _docx_table(document: Any, block: Table) -> None:
    """A table that reads in print: 9 pt, A4's width, a label column wide enough for its
    labels and the figures sharing the rest, the header repeated on each page, no row split
    across pages, and the totals row bold."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    cells = [block.header, *block.rows]
    columns = len(block.header)
    table = document.add_table(rows=len(cells), cols=columns)
    table.style = "Table Grid"
    table.autofit = False
    width = 21.0 - 2 * MARGIN_CM
    # a label column takes half the width (less where many figures need room); a year column 1.4 cm
    first = min(width * 0.5, width - 2.6 * (columns - 1)) if block.align.startswith("l") else 1.4
    widths = [first, *([(width - first) / (columns - 1)] * (columns - 1))] if columns > 1 else [width]
    for c, column in enumerate(table.columns):  # the grid, which LibreOffice and Word lay out by
        column.width = Cm(widths[c])
    size = Pt(9 if columns < 6 else 8)
    last = len(cells) - 1
    for r, row in enumerate(cells):
        properties = table.rows[r]._tr.get_or_add_trPr()
        for tag in ("w:cantSplit", *(("w:tblHeader",) if r == 0 else ())):
            element = OxmlElement(tag)
            element.set(qn("w:val"), "true")
            properties.append(element)
        row_cells = table.rows[r].cells  # once a row: table.cell() walks the whole grid each call
        for c, text in enumerate(row):
            cell = row_cells[c]
            cell.width = Cm(widths[c])
            paragraph = cell.paragraphs[0]
            run = paragraph.add_run(xml_safe(text))
            run.bold = r == 0 or (block.total and r == last)
            run.font.size = size
            if block.align[c] == "r":
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


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


@dataclass(frozen=True)
class Risks:
    """What the memo's risk section reads beside the result: the Monte Carlo, the case's
    scenarios and the tornado (each None where the case has none)."""

    simulation: Simulation | None = None
    scenarios: Scenarios | None = None
    sensitivity: Sensitivity | None = None


def memo_blocks(
    result: Result, lang: Lang = "en", chart: bool = False, risks: Risks | None = None
) -> list[Block]:
    """The memo (a Danish sagsfremstilling), block by block: title and basis; summary;
    recommendation (a placeholder); background and the parties; the economics (the yearly
    budget table under both financing modes, by committee or budget area, the key figures,
    the chart); the risks (who carries the loss, how sure, the scenarios, the tornado and
    the switching values); the assumptions and their sources."""
    info = result.case.case
    risks = risks or Risks()
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
    if result.case.fund is not None:
        basis = basis.rstrip(".") + "; " + label("fund_shown", lang).format(name=result.case.fund) + "."
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
    blocks += [Heading(2, w.t("recommendation")), Paragraph(w.t("recommendation.placeholder"))]
    blocks += _background(result, w)
    blocks += _economics(result, w, chart)
    blocks += _risks(result, w, risks)
    blocks += _assumptions(result, w)
    return blocks


def _background(result: Result, w: _Words) -> list[Block]:
    """What the case is about (its description), who takes part and the parties to the deal."""
    case = result.case
    blocks: list[Block] = []
    if case.case.description.strip():
        blocks.append(Paragraph(case.case.description.strip()))
    if parties := _parties(case, w):
        blocks.append(Paragraph(parties, lead=w.t("parties")))
    return [Heading(2, w.t("background")), *blocks] if blocks else []


def _parties(case: Case, w: _Words) -> str:
    """The investor (or investors) and the guarantor by name, where the case names them."""
    fin = case.financing
    sentences = []
    names = [i.name for i in fin.investors] or ([fin.investor] if fin.investor else [])
    if names:
        sentences.append(w.t("parties.investor", names=w.join(names), n=len(names)))
    elif fin.mode == "sib" or fin.payments:
        sentences.append(w.t("parties.no_investor"))
    if fin.guarantee is not None and fin.guarantee.guarantor:
        sentences.append(w.t("parties.guarantor", name=fin.guarantee.guarantor))
    return " ".join(sentences)


def _economics(result: Result, w: _Words, chart: bool) -> list[Block]:
    """The budget section (økonomiafsnit): the municipal net year by year under both modes
    (which years are negative), by committee or budget area, the key figures and the chart."""
    from ..areas import by_area

    lang = w.lang
    sib, own = result.by_mode["sib"], result.by_mode["self"]
    scale, scale_key = (1e6, "millions") if _largest(result) >= 100e6 else (1e3, "thousands")
    kroner = unit(result.case.case.currency, lang)
    shown = label(scale_key, lang).format(currency=kroner)
    blocks: list[Block] = [Heading(2, w.t("economics")), Paragraph(w.t("economics.intro", unit=shown))]
    negatives = [
        w.t(f"negative.{m.mode}", years=w.join(_spans(_negative_years(m), w)))
        for m in (sib, own)
        if _negative_years(m)
    ]
    if negatives:
        blocks.append(Paragraph(" ".join(negatives)))
    blocks.append(_budget_table(result, w, scale))
    areas = by_area(result.primary.flows, result.inputs)
    if areas:
        blocks.append(Paragraph(_who_pays(areas, result.primary.mode, w), lead=w.t("areas.lead")))
        blocks.append(_area_table(result, w, scale))
    if any(item.income_tax or item.municipal_tax_on is not None for _, _, item in savings_items(result.case)):
        blocks.append(Paragraph(w.t("equalisation")))
    blocks += [
        Paragraph("", lead=label("key_figures", lang)),
        Table(*key_figures_rows(result, lang), "l" + "r" * len(result.modes)),
        Paragraph(label("own_mode", lang)),
    ]
    if chart:
        blocks.append(Chart(label("chart_title", lang)))
    return blocks


def _largest(result: Result) -> float:
    """The largest yearly amount the budget table shows."""
    return max(
        float(abs(m.years[c]).max())
        for m in result.modes
        for c in ("savings_municipal", "outcome_payments", "municipal_net")
    )


def _negative_years(mode: ModeResult) -> list[int]:
    return [int(y) for y, v in zip(mode.years.year, mode.years.municipal_net, strict=True) if round(v) < 0]


def _spans(years: list[int], w: _Words) -> list[str]:
    """Years as runs: [2026, 2030, 2031, 2032] -> ["2026", "2030-2032"] (as w.period writes)."""
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return [w.period(r[0], r[-1]) for r in runs]


def _budget_table(result: Result, w: _Words, scale: float) -> Table:
    """Year by year, in thousands (or millions): the municipality's cashable savings, what it
    pays under the SIB (outcome payments and transaction costs), its net under the SIB and
    under self-financing, and the totals."""
    sib, own = result.by_mode["sib"], result.by_mode["self"]
    digits = 1 if scale >= 1e6 else 0
    columns = [
        ("budget.savings", sib.years.savings_municipal),
        ("budget.payments", sib.years.outcome_payments - sib.years.outcome_payments_others),
        ("budget.tc_sib", sib.years.transaction_costs_municipal),
        ("budget.net_sib", sib.years.municipal_net),
        (
            "budget.cost_self",
            own.years.programme_cost - own.years.grants + own.years.transaction_costs_municipal,
        ),
        ("budget.net_self", own.years.municipal_net),
    ]
    header = [w.t("budget.year"), *(w.t(key) for key, _ in columns)]
    rows = [
        [str(int(year)), *(number(float(values[t]) / scale, w.lang, digits) for _, values in columns)]
        for t, year in enumerate(sib.years.year)
    ]
    rows.append(
        [
            label("total", w.lang),
            *(number(float(values.sum()) / scale, w.lang, digits) for _, values in columns),
        ]
    )
    return Table(header, rows, "r" * len(header), total=True)


def _area_table(result: Result, w: _Words, scale: float) -> Table:
    from .markdown import area_rows

    made = area_rows(result, w.lang, scale)
    assert made is not None
    _, head, rows = made
    return Table(head, rows, "r" * len(head), total=True)


def _who_pays(areas: list[Any], mode: str, w: _Words) -> str:
    """Each committee's savings and costs over the period, the one that pays first."""
    items = [
        w.t(
            "areas.item",
            area=a.name or label("area_unnamed", w.lang),
            costs=w.amount(float(a.costs.sum())),
            savings=w.amount(float(a.savings.sum())),
            net=w.amount(float(a.net.sum())),
        )
        for a in sorted(areas, key=lambda a: -float(a.costs.sum()))
    ]
    return w.t("areas.intro", mode=w.t(f"mode.{mode}")) + " " + " ".join(items)


def _risks(result: Result, w: _Words, risks: Risks) -> list[Block]:
    """Who carries the loss if the effect fails; how sure the result is; the scenarios side
    by side; the tornado with the switching values."""
    blocks: list[Block] = [
        Heading(2, w.t("risks")),
        Paragraph(_who_carries(result, w), lead=w.t("carries.lead")),
    ]
    simulation = risks.simulation
    if simulation is not None and simulation.uncertain_inputs:
        blocks.append(Paragraph(_how_sure(simulation, w), lead=w.t("sure.lead")))
    if risks.scenarios is not None and len(risks.scenarios.scenarios) > 1:
        blocks += [
            Paragraph(
                w.t("scenarios.intro", unit=unit(result.case.case.currency, w.lang)),
                lead=w.t("scenarios.lead"),
            ),
            _scenario_table(risks.scenarios, w),
        ]
    if risks.sensitivity is not None and risks.sensitivity.inputs:
        blocks += [
            Paragraph(_switching(risks.sensitivity, result, w), lead=w.t("tornado.lead")),
            _tornado_table(risks.sensitivity, w),
        ]
    return blocks


def _who_carries(result: Result, w: _Words) -> str:
    """If the effect fails altogether: what the investor loses (and the guarantor covers), and
    what the municipality loses under the SIB and under self-financing."""
    fin = result.case.financing
    sib, own = result.by_mode["sib"].metrics, result.by_mode["self"].metrics
    sib_loss = max(0.0, -sib.net_municipal_gain_if_no_effect)
    self_loss = max(0.0, -own.net_municipal_gain_if_no_effect)
    sentences = []
    if fin.payments:
        failed = result.by_mode["sib"].no_effect  # the engine's flows with every effect zero
        capital = float(failed.investor_capital[0].sum())
        lost = max(0.0, -float(failed.investor_net[0].sum()))
        covered = float(failed.guarantee_payments[0].sum())
        investor = (
            w.join([i.name for i in fin.investors])
            if fin.investors
            else (fin.investor or w.t("the_investor"))
        )
        sentences.append(
            w.t("carries.investor", investor=investor, loss=w.amount(lost), capital=w.amount(capital))
        )
        if round(covered) and fin.guarantee is not None:
            name = fin.guarantee.guarantor or w.t("guarantor")
            sentences.append(w.t("carries.guarantor", guarantor=name, amount=w.amount(covered)))
    sentences.append(w.t("carries.municipality", sib=w.amount(sib_loss), self=w.amount(self_loss)))
    return " ".join(sentences)


def _scenario_table(scenarios: Scenarios, w: _Words) -> Table:
    from ..figures import SCENARIOS

    names = [w.t("scenario_base") if s.name is None else s.name for s in scenarios.scenarios]
    header = [label("metric", w.lang), *names]
    rows = [
        [
            f.label(w.lang),
            *(f.text(s.metrics[f.name], w.lang, compact=True) for s in scenarios.scenarios),
        ]
        for f in SCENARIOS
    ]
    return Table(header, rows, "l" + "r" * len(names))


def _tornado_table(data: Sensitivity, w: _Words) -> Table:
    from ..labels import input_label

    header = [
        w.t("tornado.input"),
        w.t("tornado.low"),
        w.t("tornado.high"),
        w.t("tornado.npv_low"),
        w.t("tornado.npv_high"),
        w.t("tornado.switching"),
    ]
    rows = [
        [
            input_label(row.words, w.lang),
            _input_value(row.low, row, w),
            _input_value(row.high, row, w),
            w.amount(row.municipal_npv_low),
            w.amount(row.municipal_npv_high),
            _input_value(row.switching_value, row, w)
            if row.switching_value is not None
            else label("none", w.lang),
        ]
        for row in data.inputs
    ]
    return Table(header, rows, "lrrrrr")


def _input_value(value: float, row: Any, w: _Words) -> str:
    """An uncertain input's value as it reads: a share as a percentage (13,7 %), a rate's
    level as a number, an amount to the krone."""
    return percent(value, w.lang, 1) if row.share else number(value, w.lang, 0 if abs(value) >= 100 else 3)


def _switching(data: Sensitivity, result: Result, w: _Words) -> str:
    """The inputs that move the municipal NPV most, and where it turns negative."""
    from ..labels import input_label

    top = data.inputs[0]
    sentences = [
        w.t(
            "tornado.top",
            input=input_label(top.words, w.lang),
            low=w.amount(min(top.municipal_npv_low, top.municipal_npv_high)),
            high=w.amount(max(top.municipal_npv_low, top.municipal_npv_high)),
        )
    ]
    switching = [row for row in data.inputs if row.switching_value is not None]
    if switching:
        items = [
            w.t(
                "tornado.switch",
                input=input_label(r.words, w.lang),
                value=_input_value(r.switching_value or 0.0, r, w),
                point=_input_value(r.point, r, w),
            )
            for r in switching
        ]
        sentences.append(w.t("tornado.switching_intro") + " " + w.join(items) + ".")
    else:
        sentences.append(w.t("tornado.no_switching"))
    return " ".join(sentences)


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
        p5=w.amount(npv.p5),
        p50=w.amount(npv.p50),
        p95=w.amount(npv.p95),
    )


def _intro(result: Result, w: _Words) -> str:
    case, metrics = result.inputs.case, result.primary.metrics  # as run: the cohorts the figures count
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
                cost=w.amount(metrics.total_programme_cost),
            ),
            w.t(
                "savings",
                period=w.period(years[0], years[-1]),
                savings=w.amount(metrics.total_savings_municipal),
                public=w.amount(metrics.total_savings_public),
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
            w.t("sib.finance", capital=w.amount(capital), payments=w.amount(m.total_outcome_payments))
        )
    else:
        sentences.append(w.t("self.finance", cost=w.amount(m.total_programme_cost)))
    tc = m.total_transaction_costs_municipal
    after = w.t(f"after.{mode}.tc", tc=w.amount(tc)) if round(tc) else w.t(f"after.{mode}")
    net = m.net_municipal_gain
    sentences.append(
        w.t(
            "net.gain" if net >= 0 else "net.loss",
            after=after,
            net=w.amount(abs(net)),
            npv=w.amount(m.municipal_npv),
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
            receipts=w.amount(m.total_outcome_payments + guarantee),
            multiple=number(m.investor_multiple or 0.0, w.lang, 2),
            amount=w.amount(abs(gain)),
            irr=percent(m.investor_irr, w.lang) if m.investor_irr is not None else "",
        )
    ]
    if round(guarantee):
        sentences.append(w.t("investor.guarantee", amount=w.amount(guarantee)))
    sentences.append(_effect_sentence("investor", m.break_even_effect_investor, w, _no_effect(m)))
    return sentences


def _comparison(result: Result, w: _Words) -> list[str]:
    """What the SIB costs (net result against self-financing) and what it buys (the loss
    the municipality no longer carries if the effect fails)."""
    if not result.case.financing.payments:  # no contract yet: nothing to weigh the SIB by
        return [label("no_payment_rules", w.lang)]
    sib, own = result.by_mode["sib"].metrics, result.by_mode["self"].metrics
    sib_net, self_net = sib.net_municipal_gain, own.net_municipal_gain
    diff = round(self_net) - round(sib_net)
    figures = {"sib": w.amount(sib_net), "self": w.amount(self_net)}
    if diff > 0:
        sentences = [w.t("compare.costs", diff=w.amount(diff), **figures)]
    elif diff < 0:
        sentences = [w.t("compare.gains", diff=w.amount(-diff), **figures)]
    else:
        sentences = [w.t("compare.same", sib=figures["sib"])]
    # With no effect there are no savings, so these are losses (or zero).
    sib_loss = max(0.0, -sib.net_municipal_gain_if_no_effect)
    self_loss = max(0.0, -own.net_municipal_gain_if_no_effect)
    risk = round(self_loss) - round(sib_loss)
    losses = {"sib": w.amount(sib_loss), "self": w.amount(self_loss)}
    guarantee = result.case.financing.guarantee
    if risk > 0 and guarantee is not None:  # the guarantor carries part of it, not the investor alone
        name = guarantee.guarantor.strip() or w.t("guarantor")
        sentences.append(w.t("risk.guaranteed", diff=w.amount(risk), guarantor=name, **losses))
    elif risk > 0:
        sentences.append(w.t("risk", diff=w.amount(risk), **losses))
    else:
        sentences.append(w.t("risk.none", **losses))
    if result.case.fund is not None:  # the fund is the municipality's own money
        fund_net = sib.investor_net_gain or 0.0
        if round(fund_net) < 0:
            sentences.append(w.t("fund.whole_loss", self=figures["self"], loss=w.amount(-fund_net)))
        else:
            sentences.append(w.t("fund.whole_gain", self=figures["self"], gain=w.amount(fund_net)))
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
        key = "termination.one" if len(dropped) == 1 else "termination"
        sentences.append(w.t(key, year=stop.year, cohorts=number(len(dropped), w.lang)))
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
