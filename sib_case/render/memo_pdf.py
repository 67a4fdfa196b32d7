"""The council memo as a PDF, typeset by Typst (the `typst` package bundles the compiler and
its fonts: no system library, 0.1 s a memo; chosen over reportlab, fpdf2 and WeasyPrint on
install, start-up and looks).

The memo's blocks (render.memo) go to the template as JSON data, never spliced into Typst
markup, so case text (`*`, `#`, `$`, `@` in a name) is shown as written and cannot act as
markup. Only the fonts Typst bundles are used, so every machine sets the same pages.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from .. import __version__
from ..labels import Lang, label
from ..text import printable
from .memo import Bullets, Chart, Heading, Paragraph, Risks, Table, memo_blocks

FONT = "Libertinus Serif"  # bundled with Typst
CHART_FILE = "chart.png"

# A4, the page number in the footer; labels wrap at their spaces and are never hyphenated;
# tables split across pages with their header repeated; the chart floats to the top or
# bottom of a page, so text fills the page before it.
TEMPLATE = r"""
#let d = json(bytes(sys.inputs.data))
#set document(title: d.title, author: "sib-case")
#set page(paper: "a4", margin: (x: 20mm, top: 20mm, bottom: 22mm),
  footer: context {
    set text(8pt, fill: luma(90))
    d.generated
    h(1fr)
    d.page.replace("{page}", str(counter(page).get().first())).replace("{pages}", str(counter(page).final().first()))
  })
#set text(font: d.font, lang: d.lang, size: d.size * 1pt, hyphenate: false)
#set par(justify: false, leading: 0.6em, spacing: 0.9em)
#show heading.where(level: 1): set text(size: 16pt)
#show heading.where(level: 2): set text(size: 12.5pt)
#show heading: set block(above: 1.3em, below: 0.7em)
#let cell(t) = text(size: 9pt, t)
#for b in d.blocks {
  if b.k == "h" {
    heading(level: b.level, b.text)
  } else if b.k == "p" {
    par(if b.lead != "" { strong(b.lead) + " " } + b.text)
  } else if b.k == "ul" {
    list(..b.items.map(i => [#i.text #if i.children.len() > 0 { list(..i.children) }]))
  } else if b.k == "table" {
    block(breakable: true, table(
      columns: b.columns.map(c => if c == "auto" { auto } else { 1fr }),
      align: b.align.map(a => if a == "r" { right } else { left }),
      inset: (x: 4pt, y: 3pt),
      stroke: (x: none, y: 0.4pt + luma(180)),
      fill: (_, y) => if y == 0 { luma(232) },
      table.header(..b.header.map(h => cell(strong(h)))),
      ..b.rows.enumerate().map(((i, r)) => r.map(c => cell(if i == b.rows.len() - 1 and b.total { strong(c) } else { c }))).flatten(),
    ))
  } else if b.k == "img" {
    place(auto, float: true, clearance: 1em, figure(image(b.path, width: 150mm, alt: b.alt)))
  }
}
#context [#metadata(here().position()) <end>]
"""
SIZES = (10.5, 10.0, 9.5)  # points: the text is set smaller where a last page would hold a few lines
LAST_PAGE_AT_LEAST = 0.3  # of the page's height: a last page filled less than this is set again


def render_memo_pdf(
    result: Any, lang: Lang = "en", chart_png: bytes | None = None, risks: Risks | None = None
) -> bytes:
    """The memo's blocks, typeset on A4 pages: the same words as the Markdown and Word files."""
    import typst

    blocks = memo_blocks(result, lang, chart_png is not None, risks)
    title = next((b.text for b in blocks if isinstance(b, Heading)), "")
    data = {
        "title": printable(title),
        "lang": lang,
        "font": FONT,
        "page": label("page_of", lang),
        "generated": label("generated_by", lang).format(version=__version__),
        "blocks": [_block(b) for b in blocks],
    }
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        if chart_png is not None:
            (root / CHART_FILE).write_bytes(chart_png)
        main = str(root / "memo.typ")
        Path(main).write_text(TEMPLATE, encoding="utf-8")
        for size in SIZES:  # the first size whose last page is not nearly empty (or the smallest)
            inputs = {"data": json.dumps({**data, "size": size}, ensure_ascii=False)}
            end = json.loads(
                typst.query(
                    main,
                    "<end>",
                    field="value",
                    one=True,
                    root=str(root),
                    ignore_system_fonts=True,
                    sys_inputs=inputs,
                )
            )
            if end["page"] == 1 or _filled(end) >= LAST_PAGE_AT_LEAST:
                break
        made: bytes = typst.compile(
            main, root=str(root), ignore_system_fonts=True, sys_inputs=inputs, timestamp=0
        )
    return made


def _filled(position: dict[str, Any]) -> float:
    """How far down its page the memo ends (0 at the top, 1 at the bottom of A4)."""
    y = position["y"]  # typst's length as text, "431.2pt"
    return float(str(y).removesuffix("pt")) / 842.0


def _block(block: Any) -> dict[str, Any]:
    """One block as the template's data: text as text (case text printable, never markup)."""
    p = printable
    if isinstance(block, Heading):
        return {"k": "h", "level": block.level, "text": p(block.text)}
    if isinstance(block, Paragraph):
        return {"k": "p", "lead": p(block.lead), "text": p(block.text)}
    if isinstance(block, Bullets):
        return {
            "k": "ul",
            "items": [{"text": p(i.text), "children": [p(c) for c in i.children]} for i in block.items],
        }
    if isinstance(block, Table):
        label_column = block.align.startswith("l")
        return {
            "k": "table",
            "header": [p(h) for h in block.header],
            "rows": [[p(c) for c in row] for row in block.rows],
            "align": list(block.align),
            # a label column takes the room it needs (up to its longest word at least), the
            # figures share the rest; a table of figures alone spreads evenly
            "columns": [
                "1fr" if label_column else "auto",
                *(["auto" if label_column else "1fr"] * (len(block.header) - 1)),
            ],
            "total": block.total,
        }
    assert isinstance(block, Chart)
    return {"k": "img", "path": CHART_FILE, "alt": p(block.alt)}
