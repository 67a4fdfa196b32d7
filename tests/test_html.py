"""The self-contained HTML report (sib_case.render.html).

Golden files: tests/golden/html_small_{en,da}.html hold the report of
tests/reference/small.yaml with the chart's <svg> block replaced by a placeholder (the
chart, its layout and its text, is tested in tests/test_chart.py) and the version replaced
by VERSION. After a deliberate change, regenerate them and read
the diff (tests/conftest.py):

    SIB_CASE_REGEN_GOLDEN=1 python -m pytest
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from sib_case import Result, __version__, evaluate, load_case
from sib_case.labels import Lang
from sib_case.render.html import render_html

HERE = Path(__file__).parent
SMALL = HERE / "reference" / "small.yaml"
CASES = sorted(p for p in (HERE.parent / "cases").rglob("*.yaml") if ".results." not in p.name)
SVG_BLOCK = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
SVG_PLACEHOLDER = "<svg><!-- the chart: see tests/test_chart.py --></svg>"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
EXTERNAL = [
    r"https?://",
    r"\bsrc\s*=",
    r"""\bhref\s*=\s*(?!["']#)""",  # only links within the page: href="#..."
    r"@import",
    r"""url\(\s*(?!["']?#)""",  # only the chart's own clip paths: url(#...)
    r"<link\b",
    r"<script\b",
    r"<iframe\b",
    r"@font-face",
]


def comparable(page: str) -> str:
    """The page with its one chart replaced by a placeholder and its version by VERSION."""
    page, charts = SVG_BLOCK.subn(SVG_PLACEHOLDER, page)
    assert charts == 1
    return page.replace(f"sib-case {__version__}", "sib-case VERSION")


@pytest.fixture(scope="module")
def small() -> Result:
    return evaluate(load_case(SMALL))


@pytest.fixture(scope="module")
def pages(small: Result) -> dict[str, str]:
    return {lang: render_html(small, lang) for lang in ("en", "da")}


@pytest.mark.parametrize("lang", ["en", "da"])
def test_small_case_matches_golden_file(pages: dict[str, str], lang: Lang, golden: Any) -> None:
    # Layout and wording; the figures are asserted by hand in tests/test_reference.py.
    golden(f"html_small_{lang}.html", comparable(pages[lang]))


def test_danish_formats(pages: dict[str, str]) -> None:
    page = pages["da"]
    assert '<html lang="da">' in page
    # net municipal gain 450,000 and if the effect is zero -30,000 (tests/test_reference.py),
    # shown as the loss it is
    assert '<td class="primary">450.000 kr.</td>' in page
    assert 'Kommunens nettotab, hvis effekten udebliver</th><td class="primary neg">30.000 kr.' in page
    assert "diskonteringsrente 5,0\xa0%" in page  # the case's 5 % discount rate, no-break space
    assert "1.080.000" in page  # total municipal savings, tests/test_reference.py
    assert "Lavet med sib-case" in page


def test_english_formats(pages: dict[str, str]) -> None:
    page = pages["en"]
    assert '<html lang="en">' in page
    assert '<td class="primary">DKK 450,000</td>' in page
    assert "discount rate 5.0%" in page
    assert "1,080,000" in page
    assert f"Made with sib-case {__version__}" in page


def test_chart_is_inline_svg(pages: dict[str, str]) -> None:
    for page in pages.values():
        (svg,) = SVG_BLOCK.findall(page)
        assert svg.startswith('<svg width="')
        root = svg[: svg.index(">")]
        assert root.count(' role="img"') == 1
        assert root.count(" aria-label=") == 1
        assert "xmlns" not in root  # the HTML parser supplies the SVG namespace
        assert "<?xml" not in page
        assert "<!DOCTYPE svg" not in page
    assert "Akkumuleret netto (kr.)" in pages["da"]
    assert 'aria-label="Kommunens akkumulerede nettopengestrøm: Small reference case"' in pages["da"]


class TagChecker(HTMLParser):
    """Fails on any element closed out of order or left open."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.open[-1:] or 'nothing'} at {self.getpos()}")
        else:
            self.open.pop()


@pytest.mark.slow
@pytest.mark.parametrize("case_file", [SMALL, *CASES], ids=["small", *(c.stem for c in CASES)])
@pytest.mark.parametrize("lang", ["en", "da"])
def test_self_contained_and_well_formed(case_file: Path, lang: Lang) -> None:
    page = render_html(evaluate(load_case(case_file)), lang)
    for pattern in EXTERNAL:
        assert not re.search(pattern, page, re.IGNORECASE), pattern
    checker = TagChecker()
    checker.feed(page)
    checker.close()
    assert checker.errors == []
    assert checker.open == []
    assert page.startswith("<!DOCTYPE html>\n")


def test_case_text_is_escaped(tmp_path: Path) -> None:
    text = SMALL.read_text(encoding="utf-8")
    text = text.replace("name: Small reference case", "name: '<b>Tom & Jerry''s \"SIB\"</b> $5 $6'")
    text = text.replace("municipality: Testby", "municipality: '<i>Ærø</i>'")
    case_file = tmp_path / "hostile.yaml"
    case_file.write_text(text, encoding="utf-8")
    page = render_html(evaluate(load_case(case_file)))
    assert "<b>" not in page
    assert "<i>" not in page
    assert "<h1>&lt;b&gt;Tom &amp; Jerry&#x27;s &quot;SIB&quot;&lt;/b&gt; $5 $6</h1>" in page
    assert "&lt;i&gt;Ærø&lt;/i&gt;: constant 2026 prices" in page


def test_large_amounts_in_thousands(tmp_path: Path) -> None:
    """Amounts too wide for an A4 page go to thousands. The small case with 10,000
    participants a cohort instead of 10: the hand calculation of tests/test_reference.py
    times 1,000, except the fixed 10,000 programme cost and 30,000 set-up cost."""
    text = SMALL.read_text(encoding="utf-8").replace("participants: 10\n", "participants: 10000\n")
    case_file = tmp_path / "large.yaml"
    case_file.write_text(text, encoding="utf-8")
    page = render_html(evaluate(load_case(case_file)), "da")
    assert "Årlige pengestrømme: Social effektinvestering (1.000 kr.)" in page
    # 2026: 10,000 entrants (not scaled), programme cost 10,000 x 10,000 + 10,000 =
    # 100,010,000, municipal savings 108,000,000, cumulative 108,000,000 - 30,000
    row_2026 = re.search(r'<tr><th scope="row">2026</th>(.*?)</tr>', page)
    assert row_2026 is not None
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", row_2026.group(1))
    assert cells[0] == "10.000"
    assert cells[1] == "100.010"
    assert cells[6] == "108.000"
    assert cells[9] == "107.970"
    # key figures stay in full: 1,080,000,000 savings - 600,000,000 payments - 30,000
    assert "479.970.000 kr." in page
