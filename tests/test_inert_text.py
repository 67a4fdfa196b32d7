"""Case text is inert (issue 9, item 2): whatever a case's texts hold, every output shows
them and none runs them. No spreadsheet formula, no terminal escape, no Rich markup, no
HTML tag, no Markdown link, and no character that breaks a workbook or a Word file.

One hostile case, built from tests/reference/small.yaml: its name, municipality,
description, outcome name and unit, savings item name and source, transaction-cost category
and source, the distributions' sources, a payment rule's name, the guarantor and a
scenario's name hold formula starts (`=HYPERLINK(...)`, `+1+1`, `-2+3`, `@SUM(A1)`, a
leading tab or carriage return), terminal escapes (SGR colours, an OSC title with BEL),
Rich markup (`[/x]`, `[bold]`), XML and HTML (`a]]>b<!--c`, `<script>`), a Markdown link,
a 300-character run, and every control character a YAML double-quoted string can carry
(C0 from NUL, DEL, C1). The loader takes them all as data; it refuses lone surrogates
(tested below). The conventions are sib_case.text's; its examples run here as tests.
"""

from __future__ import annotations

import csv
import doctest
import io
import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

import sib_case.text
from sib_case.cli import app
from sib_case.text import FORMULA_START, csv_cell, json_text, markdown_text, printable, xml_safe

ROOT = Path(__file__).parent.parent
SMALL = ROOT / "tests" / "reference" / "small.yaml"

# Every control character: C0 (with NUL, tab, newline and carriage return), DEL and C1.
CONTROLS = "".join(chr(c) for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)])
# What no output may hold raw: C0 but tab and newline, DEL, C1.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
FORMULA = '=HYPERLINK("http://x","y")'
ANSI = "\x1b[31mred\x1b[0m"
OSC = "\x1b]0;title\x07"
SCRIPT = "<script>alert(1)</script>"
LINK = "[click](http://x.example)"
LONG = "L" * 300
PIECES = [
    FORMULA,
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\tcmd",
    "\rx",
    ANSI,
    OSC,
    "[/x]",
    "[bold]b[/bold]",
    "a]]>b<!--c",
    SCRIPT,
    LINK,
    "a|b\\|c",
]
MARK = "HOSTILE"  # in every hostile text, so it can be found in an output

# Each text field of the case, with what it holds: the pieces in turn, each field
# starting with one (a formula start where it has one), the name all of them.
NAME = FORMULA + "".join(PIECES[1:]) + CONTROLS + MARK + LONG


def _text(i: int) -> str:
    return PIECES[i % len(PIECES)] + MARK + PIECES[(i + 6) % len(PIECES)] + CONTROLS[1:9] + "\x1b\x9b"


OUTCOME = "+1+1" + MARK + "[/x]" + ANSI + CONTROLS[1:]
SCENARIO = FORMULA + MARK + "[/x]" + ANSI
SCENARIO_ID = "scenario-key-0"  # written as the scenario's key; replaced by SCENARIO in the YAML text


def hostile_data() -> dict[str, Any]:
    data = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
    data["case"] |= {"name": NAME, "municipality": "@SUM(A1)" + MARK + OSC, "description": _text(5)}
    outcome = data["outcomes"][0]
    outcome |= {
        "name": OUTCOME,
        "unit": "-2+3" + MARK + "[bold]b[/bold]",
        "with_programme": {"dist": "triangular", "low": 0.35, "mode": 0.5, "high": 0.6, "source": _text(0)},
    }
    outcome["savings"][0] |= {"name": "-2+3" + MARK + ANSI + "a|b\\|c", "source": "\tcmd" + MARK + SCRIPT}
    data["programme_cost"]["per_participant"] = {
        "dist": "pert",
        "low": 16000,
        "mode": 20000,
        "high": 30000,
        "source": "@SUM(A1)" + MARK,
    }
    data["transaction_costs"][0] |= {"category": "@SUM(A1)" + MARK + OSC + "[/x]", "source": "\rx" + MARK}
    data["financing"]["payments"][0] |= {"outcome": OUTCOME, "name": FORMULA + MARK + "[bold]b[/bold]"}
    data["financing"]["guarantee"] = {"share": 0.5, "guarantor": "=1+1" + MARK + LINK + "a]]>b<!--c"}
    data["scenarios"] = {SCENARIO_ID: {"outcomes[0].with_programme": 0.4}}
    return data


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile case as a file: YAML double-quoted strings with escapes (\\x1b, \\0 ...)."""
    text = yaml.safe_dump(hostile_data(), allow_unicode=False, sort_keys=False, width=10**6)
    text = text.replace(f"{SCENARIO_ID}:", json.dumps(SCENARIO) + ":", 1)  # JSON is YAML here
    path = tmp_path_factory.mktemp("hostile") / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: str | Path, columns: int = 200, env: dict[str, str] | None = None) -> Result:
    result = CliRunner(env={"COLUMNS": str(columns), **(env or {})}).invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 0, result.output
    return result


def no_raw_control(text: str, where: str) -> None:
    found = RAW_CONTROL.search(text)
    assert found is None, (
        f"{where}: raw {found.group()!r} at {found.start()}: {text[max(0, found.start() - 40) :][:80]!r}"
    )


def test_the_hostile_case_loads_as_data(hostile: Path) -> None:
    from sib_case import load_case

    case = load_case(hostile)
    assert case.case.name == NAME  # every control character, as data
    assert case.outcomes[0].name == OUTCOME
    assert list(case.scenarios) == [SCENARIO]


# ---- sib_case.text --------------------------------------------------------------------


def test_the_examples_in_sib_case_text_hold() -> None:
    failed, tried = doctest.testmod(sib_case.text)
    assert tried >= 10
    assert failed == 0


def test_printable_escapes_every_control_and_nothing_else() -> None:
    shown = printable(CONTROLS)
    assert not RAW_CONTROL.search(shown)
    assert "\t" in shown  # kept
    assert "\n" in shown
    for escape in ("\\x1b", "\\x0d", "\\x9b", "\\x00", "\\x7f"):
        assert escape in shown
    ordinary = "Housing First for hjemløse unge (Aarhus), 5 % - “quoted” \\ [x] <y> & €"
    assert printable(ordinary) == ordinary
    assert xml_safe(ordinary) == ordinary
    assert printable("\ud800\ufffe\uffff") == "\\ud800\\ufffe\\uffff"


def test_xml_safe_text_goes_into_xml() -> None:
    from xml.etree import ElementTree

    text = xml_safe(CONTROLS + "\ud800\ufffe").replace("&", "&amp;").replace("<", "&lt;")
    element = ElementTree.fromstring("<t>" + text + "</t>")
    assert element.text is not None
    assert "\\x00" in element.text


@pytest.mark.parametrize("start", FORMULA_START)
def test_csv_cell_follows_owasp(start: str) -> None:
    cell = csv_cell(start + "1+1")
    assert not cell.startswith(FORMULA_START)
    assert cell.startswith("'") or start == "\r"  # a carriage return is escaped instead: \x0d
    assert csv_cell("Small reference case") == "Small reference case"
    assert csv_cell("a=1") == "a=1"  # only the start counts


def test_markdown_text_leaves_ordinary_text() -> None:
    for text in ["Small reference case", "unknown_key", "outcomes[0].atribution", "Børn & Unge", "5 * 3"]:
        assert markdown_text(text) == text


def test_json_text_is_the_same_data() -> None:
    data = {"name": CONTROLS + "\ufffe"}
    dumped = json_text(json.dumps(data, ensure_ascii=False))
    assert not RAW_CONTROL.search(dumped)
    assert json.loads(dumped) == data


# ---- the terminal ---------------------------------------------------------------------

TERMINAL = [
    ["evaluate"],
    ["scenarios"],
    ["sensitivity"],
    ["simulate", "--draws", "200"],
    ["explain"],
    ["explain", "--year", "2027"],
    ["explain", "--year", "2026"],
    ["validate"],
]


@pytest.mark.parametrize("command", TERMINAL, ids=" ".join)
@pytest.mark.parametrize("columns", [80, 200])
def test_the_terminal_shows_case_text_escaped(hostile: Path, command: list[str], columns: int) -> None:
    args: list[str | Path] = [command[0], hostile, *command[1:]]
    result = run(*args, columns=columns)
    no_raw_control(result.stdout, "stdout")
    no_raw_control(result.stderr, "stderr")
    if command[0] not in ("validate", "simulate") and command != ["explain"]:
        assert MARK in result.stdout.replace("\n", "").replace("│", "")
    if command[0] in ("evaluate", "scenarios", "sensitivity"):
        assert "\\x1b[31mred" in result.stdout.replace("\n", "").replace("│ ", "").replace(" │", "")
    if command[0] != "explain":  # a table: Rich fits it to the width
        assert max(len(line) for line in result.stdout.splitlines()) <= columns


def test_the_compare_table_is_not_markup(hostile: Path) -> None:
    result = run("compare", hostile, SMALL, columns=80)
    no_raw_control(result.stdout, "stdout")
    assert "=HYPERL" in result.stdout  # the name, as written (cut to the column's width)


@pytest.mark.parametrize("command", [["evaluate"], ["scenarios"], ["sensitivity"], ["compare"]], ids=" ".join)
def test_in_colour_the_only_escapes_are_richs_own(hostile: Path, command: list[str]) -> None:
    # In a terminal Rich styles with SGR sequences (ESC [ ... m); the case's own escapes
    # (a colour, an OSC window title ending in BEL) never reach it.
    result = run(command[0], hostile, columns=120, env={"FORCE_COLOR": "1", "TERM": "xterm-256color"})
    assert "\x1b[" in result.stdout  # in colour indeed
    assert ANSI not in result.stdout
    assert "\x1b]" not in result.stdout
    assert "\x07" not in result.stdout
    no_raw_control(re.sub(r"\x1b\[[0-9;]*m", "", result.stdout), "stdout without Rich's styles")


# ---- CSV ------------------------------------------------------------------------------


def is_number(cell: str, lang: str) -> bool:
    try:
        float(cell.replace(",", ".") if lang == "da" else cell)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("lang", ["en", "da"])
@pytest.mark.parametrize("command", ["evaluate", "compare"])
def test_csv_cells_never_start_a_formula(hostile: Path, command: str, lang: str) -> None:
    reoffending = ROOT / "cases" / "intl-reoffending.yaml"  # negative figures: numbers stay numbers
    extra = (
        [SMALL, reoffending, ROOT / "tests" / "bad_cases" / "unknown_key.yaml"]
        if command == "compare"
        else []
    )
    result = CliRunner(env={"COLUMNS": "200"}).invoke(
        app, [command, str(hostile), *map(str, extra), "-f", "csv", "--lang", lang]
    )
    assert result.exit_code == (1 if command == "compare" else 0), result.output  # compare: one bad case
    no_raw_control(result.stdout, "csv")
    rows = list(csv.reader(io.StringIO(result.stdout), delimiter=";" if lang == "da" else ","))
    negatives = 0
    for row in rows:
        for cell in row:
            if cell.startswith(FORMULA_START):
                assert is_number(cell, lang), cell
                negatives += 1
    if command == "compare":
        assert negatives > 0  # the reoffending case's losses, written as numbers: -4363600
        names = [row[1] for row in rows[1:]]
        assert csv_cell(NAME) in names
        assert names[0].startswith("'=HYPERLINK")


# ---- XLSX -----------------------------------------------------------------------------


def case_fragments() -> list[str]:
    """Bits of case text a formula must not contain."""
    return [MARK, "HYPERLINK", "SUM(A1)", "+1+1", "-2+3", "cmd"]


def check_workbook(data: bytes, own_formulas: set[str]) -> Any:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    texts = 0
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    assert ws.title in own_formulas, f"{ws.title}!{cell.coordinate}: {cell.value}"
                    assert not any(bit in str(cell.value) for bit in case_fragments()), cell.value
                elif isinstance(cell.value, str):
                    texts += 1
                    assert not RAW_CONTROL.search(cell.value), (ws.title, cell.coordinate)
                    assert len(cell.value) <= 32_767
                    if cell.value.startswith(("=", "+", "-", "@")):
                        assert cell.quotePrefix, (ws.title, cell.coordinate)  # stays text when edited
    assert texts
    return book


def test_the_workbook_holds_case_text_as_text(hostile: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.xlsx"
    run("evaluate", hostile, "-o", out)
    book = check_workbook(out.read_bytes(), {"Inputs", "Years SIB", "Years self-financed", "Key figures"})
    assumptions = {row[0].value: row[1] for row in book["Case file"].iter_rows(min_row=3)}
    name = assumptions["case.name"]
    assert name.data_type == "s"
    assert name.value == xml_safe(NAME)
    assert assumptions["outcomes[0].savings[0].name"].value.startswith("-2+3")
    assert assumptions["transaction_costs[0].category"].value.startswith("@SUM(A1)")
    assert assumptions["outcomes[0].savings[0].source"].value.startswith("\tcmd")
    assert any(str(path).startswith("scenarios.=HYPERLINK") for path in assumptions)
    labels = [row[0].value for row in book["Years SIB"].iter_rows(min_row=4)]
    assert "Units: " + xml_safe(OUTCOME) in labels  # an outcome's name heads its row, as text
    assert book.properties.title == xml_safe(NAME)
    with zipfile.ZipFile(out) as archive:  # the sheets as written: no formula of the case's text
        sheets = "".join(
            archive.read(n).decode("utf-8") for n in archive.namelist() if "worksheets/sheet" in n
        )
        strings = archive.read("xl/sharedStrings.xml").decode("utf-8")
    assert "<f>HYPERLINK" not in sheets
    assert "&lt;script&gt;" in strings


def test_the_compare_workbook_holds_case_text_as_text(hostile: Path, tmp_path: Path) -> None:
    out = tmp_path / "c.xlsx"
    CliRunner().invoke(
        app,
        ["compare", str(hostile), str(SMALL), str(ROOT / "tests/bad_cases/unknown_key.yaml"), "-o", str(out)],
    )
    book = check_workbook(out.read_bytes(), set())
    names = [row[1].value for row in book["cases"].iter_rows(min_row=2)]
    assert xml_safe(NAME) in names
    assert "Small reference case" in names


@pytest.mark.slow
def test_an_excel_engine_reads_the_names_as_text(hostile: Path, tmp_path: Path) -> None:
    """The `formulas` package (an Excel engine) recalculates the workbook: the case's
    texts stay texts and the figures are the JSON's."""
    import formulas

    out = tmp_path / "x.xlsx"
    run("evaluate", hostile, "-o", out)
    solution = formulas.ExcelModel().loads(str(out)).finish().calculate()
    values = {key.split("]")[-1]: value for key, value in solution.items()}
    metrics = json.loads(run("evaluate", hostile, "-f", "json").stdout)["metrics"]
    import openpyxl

    sheet = openpyxl.load_workbook(out)["Key figures"]
    row = next(r for r in sheet.iter_rows(min_row=4) if r[0].value == "Municipal NPV")[0].row
    npv = values[f"KEY FIGURES'!B{row}"]
    assert float(npv.value[0, 0]) == pytest.approx(metrics["municipal_npv"], abs=0.01)


# ---- Word -----------------------------------------------------------------------------


@pytest.mark.slow
def test_the_memo_opens_in_word_and_shows_the_text(hostile: Path, tmp_path: Path) -> None:
    import docx

    out = tmp_path / "memo.docx"
    run("memo", hostile, "-o", out)
    document = docx.Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    assert xml_safe(NAME) in text
    assert "\\x1b[31mred" in text
    assert "=HYPERLINK" in text
    assert SCRIPT in text
    no_raw_control(text, "docx")
    title = document.core_properties.title
    assert len(title) <= 255
    assert title.endswith("…")


# ---- Markdown -------------------------------------------------------------------------


def markdown_html(text: str) -> str:
    """Markdown as a CommonMark renderer with GFM tables and raw HTML on makes it."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table").render(text)


def check_markdown(text: str) -> None:
    no_raw_control(text, "markdown")
    page = markdown_html(text)
    assert "<script" not in page  # no raw HTML from the case
    assert "<!--" not in page
    assert "<a " not in page  # no link from the case
    assert re.findall(r"<img [^>]*>", page) in (
        [],
        ['<img src="memo-chart.png" alt="Cumulative municipal net cash flow" />'],
    )
    assert "&lt;script&gt;" in page or SCRIPT not in text.replace("\\", "")
    for table in re.findall(r"<table>.*?</table>", page, re.S):  # every row as wide as the head
        rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
        widths = {len(re.findall(r"<t[hd][ >]", row)) for row in rows}
        assert len(widths) == 1, widths


MARKDOWN = [
    ["evaluate"],
    ["scenarios"],
    ["sensitivity"],
    ["simulate", "--draws", "200"],
]


@pytest.mark.parametrize("command", MARKDOWN, ids=" ".join)
def test_markdown_escapes_case_text(hostile: Path, command: list[str]) -> None:
    result = run(command[0], hostile, *command[1:], "-f", "markdown")
    check_markdown(result.stdout)
    if command[0] != "simulate":
        assert "\\x1b[31mred" in markdown_html(result.stdout)  # shown, escaped


def test_compare_markdown_escapes_case_text(hostile: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "compare",
            str(hostile),
            str(SMALL),
            str(ROOT / "tests/bad_cases/unknown_key.yaml"),
            "-f",
            "markdown",
        ],
    )
    check_markdown(result.stdout)
    assert "outcomes[0].atribution" in result.stdout  # ordinary brackets stay as written


@pytest.mark.slow
def test_the_memo_in_markdown_escapes_case_text(hostile: Path, tmp_path: Path) -> None:
    out = tmp_path / "memo.md"
    run("memo", hostile, "-o", out)
    text = out.read_text(encoding="utf-8")
    check_markdown(text)
    page = markdown_html(text)
    assert "=HYPERLINK" in page
    assert "\\x1b[31mred" in page
    assert "[click](http://x.example)" in page  # the guarantor's "link", as text


# ---- HTML -----------------------------------------------------------------------------


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.comments: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.mark.slow
def test_html_escapes_a_hostile_name(hostile: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.html"
    run("evaluate", hostile, "-o", out)
    page = out.read_text(encoding="utf-8")
    parsed = Tags()
    parsed.feed(page)
    assert "script" not in parsed.tags
    assert not parsed.comments
    assert SCRIPT not in page
    assert "<!--c" not in page
    assert "&lt;script&gt;" in page
    shown = "".join(parsed.text)
    assert printable(NAME) in shown  # the whole name, shown as written (controls escaped)
    no_raw_control(page, "html")  # the chart in it too


# ---- JSON and the rest ----------------------------------------------------------------


@pytest.mark.parametrize(
    "command", [["evaluate"], ["scenarios"], ["sensitivity"], ["simulate", "--draws", "200"]], ids=" ".join
)
def test_json_keeps_the_text_exactly(hostile: Path, command: list[str]) -> None:
    result = run(command[0], hostile, *command[1:], "-f", "json")
    no_raw_control(result.stdout, "json")
    data = json.loads(result.stdout)
    if command[0] == "evaluate":
        assert data["case"]["name"] == NAME
    else:
        assert data["case"] == NAME


def test_compare_json_keeps_the_text_exactly(hostile: Path) -> None:
    result = run("compare", hostile, "-f", "json")
    no_raw_control(result.stdout, "json")
    assert json.loads(result.stdout)[0]["case"]["name"] == NAME


def test_export_indigo_is_json(hostile: Path) -> None:
    result = run("export-indigo", hostile)
    # C0 is escaped by json.dumps; DEL and C1 are the CLI's to escape (text.json_text).
    assert not re.search("[\x00-\x08\x0b-\x1f]", result.stdout)
    assert MARK in json.dumps(json.loads(result.stdout))


@pytest.mark.slow
def test_charts_draw_hostile_text(hostile: Path, tmp_path: Path) -> None:
    for command, name in [
        ("chart", "c.svg"),
        ("chart", "c.png"),
        ("sensitivity", "t.svg"),
        ("simulate", "h.svg"),
    ]:
        out = tmp_path / name
        run(command, hostile, "-o", out)
        if name.endswith(".svg"):
            from xml.etree import ElementTree

            ElementTree.parse(out)  # well-formed XML: no raw tag, no forbidden character
            no_raw_control(out.read_text(encoding="utf-8"), name)


# ---- what YAML can write but the loader refuses ------------------------------------------


def test_a_lone_surrogate_is_refused_with_its_line(tmp_path: Path) -> None:
    text = SMALL.read_text(encoding="utf-8").replace("name: Small reference case", 'name: "a\\ud800b"')
    path = tmp_path / "surrogate.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", str(path)])
    assert result.exit_code == 1
    assert f"{path}:2:" in result.stderr


def test_noncharacters_are_shown_escaped(tmp_path: Path) -> None:
    text = SMALL.read_text(encoding="utf-8").replace(
        "name: Small reference case", 'name: "=a\\uFFFEb\\uFFFF"'
    )
    path = tmp_path / "nonchar.yaml"
    path.write_text(text, encoding="utf-8")
    assert "=a\\ufffeb\\uffff" in run("evaluate", path).stdout
    out = tmp_path / "n.xlsx"
    run("evaluate", path, "-o", out)
    check_workbook(out.read_bytes(), {"Inputs", "Years SIB", "Years self-financed", "Key figures"})
