"""The settlement statement as people read it: a terminal table, Markdown, JSON, an xlsx
workbook or a docx document. Case text (rule names) is shown escaped (text.printable,
text.markdown_text, text.xml_safe) and written to cells as text (render.xlsx.put_text)."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from ..explain import condition_line, rests_on, rule_title
from ..formats import money, number, percent
from ..labels import Lang, label
from ..model import FixedSchedule, RateCard, SavingsShare
from ..settle import Statement
from ..text import markdown_text, printable

Row = tuple[str, float, str]  # a figure's name, its value and the value as text


def _rows(statement: Statement, lang: Lang) -> list[tuple[str, list[Row], list[str]]]:
    """(rule heading, [figures], [why lines]) for each rule."""

    def m(x: float) -> str:
        return money(x, statement.currency, lang)

    def amount(key: str, value: float) -> Row:
        return label(key, lang), value, m(value)

    out = []
    result = statement.result
    assert result is not None
    sib, inputs = result.by_mode["sib"], result.inputs
    t = inputs.case.years.index(statement.year)
    for r, line in enumerate(statement.rules):
        heading = rule_title(line.type, line.name, lang)
        figures = [
            amount("settle.due_before_caps", line.due_before_caps),
            amount("settle.due_now", line.due_now),
            amount("settle.paid_before", line.paid_before),
        ]
        if line.units is not None:
            figures.insert(0, (label("settle.units", lang), line.units, number(line.units, lang, 2)))
        if line.cap_room_left is not None:
            figures.append(amount("settle.room_left", line.cap_room_left))
        why = _how(line, inputs.case.financing.payments[r], statement, lang)
        why += rests_on(sib, inputs, r, t, lang) if line.due_now or line.due_before_caps else []
        if line.due_before_caps > line.due_now + 0.005:  # why less is due now than the rule made due
            key = "settle.after_settlement" if statement.year > statement.settlement_year else "settle.cut"
            why.append(
                label(key, lang).format(
                    year=statement.settlement_year, amount=m(line.due_before_caps - line.due_now)
                )
            )
        outcomes = {o.name: o for o in inputs.case.outcomes}
        why += [_left_out(c, line, outcomes, lang) for c in line.not_paid]
        if line.cap_limit is not None and line.cap_room_left is not None:
            why.append(
                label("settle.how_room", lang).format(
                    limit=m(line.cap_limit),
                    paid=m(line.cap_limit - line.cap_room_left),
                    year=statement.year,
                    room=m(line.cap_room_left),
                )
            )
        if line.paid_by_year:
            years = "; ".join(f"{y}: {m(v)}" for y, v in line.paid_by_year.items())
            why.append(label("settle.how_before", lang).format(years=years))
        out.append((heading, figures, why))
    return out


def _how(line: Any, rule: Any, statement: Statement, lang: Lang) -> list[str]:
    """How what a rule makes due this year arises from its terms, where one line can say it."""
    due = line.due_before_caps
    if not due:
        return []

    def m(x: float) -> str:
        return money(x, statement.currency, lang)

    if isinstance(rule, RateCard) and line.units is not None:
        text = label("settle.how_rate", lang).format(
            units=number(line.units, lang, 2), price=m(rule.price), due=m(due)
        )
    elif isinstance(rule, SavingsShare) and not rule.waterfall and rule.share > 0:
        text = label("settle.how_share", lang).format(
            share=percent(rule.share, lang), savings=m(due / rule.share), due=m(due)
        )
    elif isinstance(rule, FixedSchedule) and rule.amounts.get(statement.year):
        amount = rule.amounts[statement.year]
        text = label("settle.how_fixed", lang).format(
            amount=m(amount), year=statement.year, share=percent(due / amount, lang), due=m(due)
        )
    else:
        return []
    return [f"{label('settle.due_before_caps', lang)}: {text}"]


def _depth(line: str) -> int:
    """How deep a why line is nested (two spaces a level)."""
    return (len(line) - len(line.lstrip(" "))) // 2


def _left_out(cohort: dict[str, Any], line: Any, outcomes: dict[str, Any], lang: Lang) -> str:
    """Why a cohort with results by now is not paid under the rule this year."""
    named = cohort["cohort"] != str(cohort["intake"])
    who = f"{printable(cohort['cohort'])} ({cohort['intake']})" if named else str(cohort["intake"])
    if cohort["passes"] == "pooled":
        return label("settle.waits", lang).format(cohort=who, year=line.paid_in)
    reasons = "; ".join(
        condition_line(outcomes[c["outcome"]], c["judged"], c["scale"], c["achieved"], c["needed"], lang)
        for c in cohort["conditions"]
        if not c["met"]
    )
    return label("settle.fails", lang).format(cohort=who, reasons=reasons)


def _totals(statement: Statement, lang: Lang) -> list[Row]:
    """The statement's totals, each shown where it applies."""
    rows = [
        ("settle.protection", statement.capital_protection or None),
        ("settle.guarantee", statement.guarantee or None),
        ("settle.common_room_left", statement.common_cap_room_left),
        ("settle.total_due", statement.due_now),
        ("settle.contract_before", statement.contract_before),
        ("settle.made_before", statement.made_before),
    ]
    return [
        (label(key, lang), value, money(value, statement.currency, lang))
        for key, value in rows
        if value is not None
    ]


def _title(statement: Statement, lang: Lang) -> str:
    title = label("settle.title", lang).format(year=statement.year, case=statement.case)
    if statement.scenario is not None:
        title += " (" + label("scenario_shown", lang).format(name=statement.scenario) + ")"
    return title


def _notes(statement: Statement, lang: Lang) -> list[str]:
    """What follows the totals: whether this is the contract's last payment date, and how the
    room under the cap on all payments arises, where the case has one."""
    notes = []
    if statement.year == statement.settlement_year:
        notes.append(label("settle.last_date", lang).format(year=statement.year))
    limit, left = statement.common_cap_limit, statement.common_cap_room_left
    if limit is not None and left is not None:
        notes.append(
            label("settle.how_room", lang).format(
                limit=money(limit, statement.currency, lang),
                paid=money(limit - left, statement.currency, lang),
                year=statement.year,
                room=money(left, statement.currency, lang),
            )
        )
    return notes


def _warnings(statement: Statement, lang: Lang) -> list[str]:
    def m(x: float) -> str:
        return money(x, statement.currency, lang)

    return [
        label("settle.differs", lang).format(year=y, made=m(made), due=m(due))
        for y, made, due in statement.differences
    ]


def render_settle(statement: Statement, fmt: str, lang: Lang = "en") -> Any:
    """The statement as a Rich renderable (table), Markdown or JSON text, or the bytes of
    an xlsx workbook or a docx document."""
    if fmt == "json":
        return json.dumps(statement.to_json(), indent=2, ensure_ascii=False) + "\n"
    rows, totals = _rows(statement, lang), _totals(statement, lang)
    if fmt == "xlsx":
        return _xlsx(statement, rows, totals, lang)
    if fmt == "docx":
        return _docx(statement, rows, totals, lang)
    if fmt == "markdown":
        parts = [f"# {markdown_text(_title(statement, lang))}"]
        for heading, figures, why in rows:
            parts.append(f"## {markdown_text(heading)}")
            parts.append("\n".join(f"- {name}: {text}" for name, _, text in figures))
            if why:
                parts.append(
                    "\n".join(f"{'  ' * _depth(line)}- {markdown_text(line.strip())}" for line in why)
                )
        parts.append("\n".join(f"- **{name}: {text}**" for name, _, text in totals))
        parts += [f"- {markdown_text(line)}" for line in _notes(statement, lang)]
        parts += [f"> {markdown_text(w)}" for w in _warnings(statement, lang)]
        return "\n\n".join(parts) + "\n"
    blocks: list[Any] = [Text(printable(_title(statement, lang)), "bold")]
    for heading, figures, why in rows:
        table = Table(title=printable(heading), title_justify="left", show_header=False)
        table.add_column("")
        table.add_column("", justify="right", no_wrap=True)
        for name, _, text in figures:
            table.add_row(name, text)
        blocks.append(table)
        blocks += [Text(printable(line), "dim") for line in why]
    summary = Table(show_header=False)
    summary.add_column("")
    summary.add_column("", justify="right", no_wrap=True)
    for name, _, text in totals:
        summary.add_row(Text(name, "bold"), Text(text, "bold"))
    blocks.append(summary)
    blocks += [Text(printable(line), "dim") for line in _notes(statement, lang)]
    blocks += [Text(printable(w), "yellow") for w in _warnings(statement, lang)]
    return Group(*blocks)


def _xlsx(statement: Statement, rows: list[Any], totals: list[Row], lang: Lang) -> bytes:
    """One sheet: the title, each rule's figures (amounts as numbers) and why, the totals.
    Case text is written as text (render.xlsx.put_text), never as a formula."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    from .xlsx import put_text

    book = Workbook()
    sheet = book.active
    sheet.title = label("settle.sheet", lang)
    sheet.column_dimensions["A"].width = 60
    sheet.column_dimensions["B"].width = 18
    put_text(sheet.cell(row=1, column=1), _title(statement, lang)).font = Font(bold=True, size=13)
    row = 3
    for heading, figures, why in rows:
        put_text(sheet.cell(row=row, column=1), heading).font = Font(bold=True)
        row += 1
        for name, value, _ in figures:
            put_text(sheet.cell(row=row, column=1), name)
            cell = sheet.cell(row=row, column=2, value=value)
            cell.number_format = "#,##0.00" if name == label("settle.units", lang) else "#,##0"
            row += 1
        for line in why:
            put_text(sheet.cell(row=row, column=1), line)
            row += 1
        row += 1
    for name, value, _ in totals:
        put_text(sheet.cell(row=row, column=1), name).font = Font(bold=True)
        sheet.cell(row=row, column=2, value=value).number_format = "#,##0"
        row += 1
    for line in _notes(statement, lang) + _warnings(statement, lang):
        put_text(sheet.cell(row=row, column=1), line)
        row += 1
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _docx(statement: Statement, rows: list[Any], totals: list[Row], lang: Lang) -> bytes:
    """A Word document: the title, each rule's figures as a table and its why as bullets,
    the totals. Case text is XML-safe (text.xml_safe)."""
    import io

    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from ..text import xml_safe
    from .memo import DOCX_LANGUAGE, PROPERTY_LIMIT

    document = docx.Document()
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), DOCX_LANGUAGE[lang])
    document.styles["Normal"].element.get_or_add_rPr().append(language)  # proofing in its language
    title = xml_safe(_title(statement, lang))
    properties = document.core_properties
    properties.author = properties.last_modified_by = "sib-case"
    properties.title = title[:PROPERTY_LIMIT]
    properties.language = DOCX_LANGUAGE[lang]
    document.add_heading(title, level=1)
    for heading, figures, why in rows:
        document.add_heading(xml_safe(heading), level=2)
        table = document.add_table(rows=0, cols=2)
        for name, _, text in figures:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = xml_safe(name), text
        for line in why:
            document.add_paragraph(xml_safe(line.strip()), style="List Bullet")
    table = document.add_table(rows=0, cols=2)
    for name, _, text in totals:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = name, text
        for cell in cells:
            for run in cell.paragraphs[0].runs:
                run.bold = True
    for line in _notes(statement, lang) + _warnings(statement, lang):
        document.add_paragraph(xml_safe(line))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
