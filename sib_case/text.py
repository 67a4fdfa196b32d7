r"""Case text made inert where it is written: shown as what it is, never run as a terminal
escape, a spreadsheet formula, markup or a tag.

A case file's texts (its name, municipality, outcome and savings item names, categories,
sources, scenario names) are data. Each function here makes one kind of text safe for one
kind of output; renderers call them on case text only, never on the code's own labels,
numbers or formulas. Ordinary text (letters, digits, punctuation, spaces, tabs,
newlines) comes out unchanged, except where a function says so.

The conventions, one for each place text goes:

- terminal (`printable`): every control character (C0 but tab and newline, DEL, C1) and
  every character no file can hold (a lone surrogate, U+FFFE, U+FFFF) is shown as its
  Python escape, `\x1b` for ESC, `\ud800` for a surrogate. Backslashes already in the
  text stay as they are: this is for reading, not for reading back.
- XML files, xlsx and docx (`xml_safe`): the same escapes, which also cover every
  character XML 1.0 forbids (C0 but tab, newline and carriage return; surrogates; U+FFFE
  and U+FFFF). A carriage return is escaped too, since XML would turn it into a newline.
- CSV (`csv_cell`): the escapes above, then OWASP's rule for CSV injection: a cell that
  begins with `=`, `+`, `-`, `@`, tab or carriage return gets a single quote `'` in front
  (https://owasp.org/www-community/attacks/CSV_Injection), so a spreadsheet shows the
  text and runs nothing. Only text cells go through it: numbers the code writes (-12.5)
  stay numbers.
- Markdown (`markdown_text`): the escapes above, newlines as spaces, and a backslash in
  front of what would make the text active or escape what follows: backslash, backtick,
  `<` (raw HTML, autolinks), `]` where a link, an image or a link definition goes on
  (`](`, `][`, `]:`; a bracket alone, as in `outcomes[0]`, stays) and `&` where it
  starts an entity (`&lt;`, `&#60;`). Emphasis (`*`, `_`) is left: it changes how text
  looks, not what it does. Table pipes are `render.markdown.md_table`'s to escape.
- a chart (`drawable`): the control characters and what no file can hold as spaces (no
  font has a glyph for them), and runs of white space (tabs, newlines) as one space.
- JSON (`json_text`): `json.dumps` escapes C0 itself; DEL, C1 and lone surrogates are
  written as `\u` escapes as well, so the text holds no raw control character.
"""

from __future__ import annotations

import re

# Control characters (C0 but tab and newline, DEL, C1) and what no UTF-8 file or XML
# document can hold (lone surrogates, U+FFFE, U+FFFF).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# In JSON text: what json.dumps(ensure_ascii=False) leaves raw of the above.
_JSON_RAW = re.compile("[\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Where a spreadsheet reads a cell as a formula (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MARKDOWN = re.compile(r"[\\`<]|\](?=[(\[:])|&(?=#?\w+;)")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    r"""Text for the terminal: control characters shown escaped, tab and newline kept.

    >>> printable("\x1b[31mred\x1b[0m")
    '\\x1b[31mred\\x1b[0m'
    >>> printable("bell\x07, CSI\x9b, tab\tnewline\n")
    'bell\\x07, CSI\\x9b, tab\tnewline\n'
    >>> printable("Housing First for hjemløse unge")
    'Housing First for hjemløse unge'
    """
    return _CONTROL.sub(_escaped, text)


def xml_safe(text: str) -> str:
    r"""Text for an XML file (xlsx, docx): every character XML 1.0 forbids, and the other
    control characters, shown escaped as `printable` shows them; tab and newline kept.

    >>> xml_safe("a\x00b\x0cc\rd\ufffe")
    'a\\x00b\\x0cc\\x0dd\\ufffe'
    >>> xml_safe("a]]>b<!--c")
    'a]]>b<!--c'
    """
    return printable(text)


def csv_cell(text: str) -> str:
    r"""A text cell for CSV: control characters escaped, and a cell a spreadsheet would
    read as a formula (it begins with =, +, -, @, tab or carriage return) prefixed with a
    single quote, as OWASP describes for CSV injection. A carriage return is escaped
    first, so it never starts a cell.

    >>> print(csv_cell('=HYPERLINK("http://x","y")'))
    '=HYPERLINK("http://x","y")
    >>> print(csv_cell("-2+3"), csv_cell("@SUM(A1)"), csv_cell("\rx"))
    '-2+3 '@SUM(A1) \x0dx
    >>> csv_cell("Small reference case")
    'Small reference case'
    """
    text = printable(text)
    return "'" + text if text.startswith(FORMULA_START) else text


def markdown_text(text: str) -> str:
    r"""Case text inside Markdown (a heading, a sentence, a table cell): control characters
    escaped, newlines as spaces, and a backslash before what would make HTML, a link, an
    image, a code span or an entity, or escape what follows.

    >>> print(markdown_text("<script>x</script> ![a](http://x) `b` &lt; a\\b"))
    \<script>x\</script> ![a\](http://x) \`b\` \&lt; a\\b
    >>> print(markdown_text("[x]: http://x, [y][z], outcomes[0]"))
    [x\]: http://x, [y\][z], outcomes[0]
    >>> print(markdown_text("\x1b[31mred"))
    \x1b[31mred
    >>> markdown_text("Børn & Unge: cash_benefit *1*")
    'Børn & Unge: cash_benefit *1*'
    """
    # Escaped for Markdown first, then the control characters: Markdown reads the
    # backslash of \x1b as itself (one before a letter escapes nothing).
    return printable(_MARKDOWN.sub(lambda m: "\\" + m.group(), text.replace("\n", " ")))


def drawable(text: str) -> str:
    r"""Text to draw in a chart: control characters as spaces, white space folded.

    >>> drawable("a\x1b[31m b\tc\n\x9bd")
    'a [31m b c d'
    """
    return " ".join(_CONTROL.sub(" ", text).split())


def json_text(dumped: str) -> str:
    r"""JSON text (from json.dumps with ensure_ascii=False) with DEL, C1 controls and lone
    surrogates written as \u escapes: the same data, no raw control character.

    >>> json_text('{"name": "a\x9bb"}')
    '{"name": "a\\u009bb"}'
    """
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)
