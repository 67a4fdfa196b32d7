"""A good case file's data, read quickly and exactly as PyYAML reads it.

PyYAML (YAML 1.1, in C where it is built) is the reference: the careful road of the
loader uses it, with every line, to report problems. Building Python objects through it
costs 1.4 to 2.5 ms for a worked case, which bounds `compare` and `portfolio` over many
files. yaml-rs (Rust, YAML 1.2) builds the same data in 0.14 to 0.27 ms, but the two YAMLs
read some plain words differently (`yes`, `010`, `1:30`, `-.5`, dates), and yaml-rs accepts
a few things PyYAML refuses. So yaml-rs is asked only when the text holds none of the marks
on which they can part (looking for them takes about 0.26 ms a benchmark file), and its
answer is kept only if no word in it is one YAML 1.1 reads as something else; otherwise
PyYAML reads the file.
tests/test_fastyaml.py holds the two equal on every YAML file of the project, on each
difference its fuzzing found, and by fuzzing.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import yaml
import yaml_rs


class SafeLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """PyYAML's safe loader (in C where it is built), reading 1e6 and 2.5E-3 as the
    numbers they plainly are (YAML 1.1 wants a dot and a signed exponent: 1.0e+6)."""


SafeLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)[eE][-+]?[0-9]+$"),
    list("-+0123456789."),
)
SCALARS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}

# Marks on which YAML 1.1 and 1.2, or PyYAML and yaml-rs, can part (found by the fuzzing
# in tests/test_fastyaml.py), looked for outside whole-line comments (a line whose first
# mark is # holds no value, or is inside a text). Each is looked for the cheapest way that
# finds every instance, if also some harmless ones: substrings first.
_MARKS = (
    "<<",  # a merge key
    "\\",  # an escape
    "-.",  # a sign before a number's dot: -.5 is text in YAML 1.1
    "+.",
    "\n---",  # a document marker or a directive
    "\n...",
    "\n%",
)
# A node's start: after a space, a line break, a bracket or a comma. The patterns below
# look for their rarer mark first and then behind it for the start: quicker than the other
# way round, as spaces are many.
_B = r"[\s\[{,]"
_RARE = re.compile(rf"{_B}[!?*@`]")  # a tag, complex key, alias, reserved mark at a node's start
_START = re.compile(  # _1, -_1, ._1, -._1, :x, .iNf at a node's start
    rf"_(?:(?<={_B}_)|(?<={_B}[-+.]_)|(?<={_B}[-+]\._))|:(?<={_B}:)|\.(?<={_B}\.)(?:[iI][nN][fF]|[nN][aA][nN])"
)
_EXPONENT = re.compile(r"[eE](?<=[0-9.][eE])[-+]?[0-9]*_")  # 1e_1: a number in yaml-rs, text in 1.1
_ZERO_NUMBER = re.compile(  # a word 0... at a node's start: 010 is 8 in YAML 1.1, 10 in 1.2
    rf"0(?:(?<={_B}0)|(?<={_B}[-+]0))[0-9_a-zA-Z][0-9a-zA-Z_]*(?=[ ]*(?:$|[,\]}}]|[ ]#|:(?:\s|$)))", re.M
)
# A list or mapping in brackets is read alike only if it is a simple one: numbers, words
# and quoted texts without escapes, nested at most once; [1, , 2], {a: 0:?} and [|] are not.
_NUMBER = r"[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
_WORD = r"[^\W\d_](?:[^,\[\]{}:#'\"!&*?|>%@`\n]*[^,\[\]{}:#'\"!&*?|>%@`\s])?"  # a letter first
_ATOM = rf"(?:{_NUMBER}|{_WORD}|'[^'\n]*'|\"[^\"\\\n]*\")"


def _flow(item: str) -> str:
    """A list or a mapping in brackets of items, each followed by a comma or the end."""
    key = rf"(?:{_NUMBER}|{_WORD})"
    return rf"\[(?:\s*{item}\s*(?:,|(?=\])))*\s*\]|\{{(?:\s*{key}:\s+{item}\s*(?:,|(?=\}})))*\s*\}}"


_FLOW = re.compile(r"[\[{]")


@functools.cache
def _simple_flow() -> re.Pattern[str]:
    """Compiled when first needed: it takes some milliseconds, a case file's reading does not."""
    return re.compile(_flow(rf"(?:{_ATOM}|{_flow(_ATOM)})"))


_BLOCK_MARK = re.compile(rf"[|>](?<={_B}[|>])")
_BLOCK_HEAD = re.compile(r"[|>][-+0-9]*[ ]*(?:#[^\n]*)?\n")
_COMMENT_LINE = re.compile(r"^[ ]*#.*$", re.MULTILINE)
# Anywhere: a tab, a character PyYAML refuses or breaks lines at (NEL, LS, PS), a byte
# order mark inside the text
_ODD_CHARACTER = re.compile(
    "[\\x00-\\x09\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\u2028\\u2029\\ud800-\\udfff\\ufeff\\ufffe\\uffff]"
)


def _may_differ(text: str, code: str) -> bool:
    """Whether the text (`code`: the text without its comment lines, after a line break)
    holds a mark on which the two readers can part."""
    return (
        "\r" in text  # a line break the guards below do not look at
        or "\\" in text  # an escape, even on a line that looks like a comment
        or not text.endswith("\n")  # yaml-rs keeps a last block text's line break
        or "}:" in code  # a mapping as a key: yaml-rs fails on it
        or "]:" in code
        or any(mark in code for mark in _MARKS)
        or _EXPONENT.search(code) is not None
        or (len(text) >= 999 and max(map(len, text.split("\n"))) >= 999)  # nesting PyYAML refuses
        or (("!" in code or "?" in code or "*" in code) and _RARE.search(code) is not None)
        or _START.search(code) is not None
        or _ZERO_NUMBER.search(code) is not None
        or any(not _simple_flow().match(code, m.start()) for m in _FLOW.finditer(code))
        or any(_odd_block(code, m.start()) for m in _BLOCK_MARK.finditer(code))
        or _ODD_CHARACTER.search(text) is not None
    )


def _odd_block(code: str, at: int) -> bool:
    """Whether a | or > at a node's start is other than a plain block scalar's head: one
    with a stated indentation, keeping chomping (+), an empty one (the next line not
    indented under the line of the mark), or no head at all ([|])."""
    head = _BLOCK_HEAD.match(code, at)
    if head is None or any(c in head.group() for c in "+0123456789"):
        return True
    start = code.rfind("\n", 0, at) + 1
    indent = _SPACES.match(code, start).end() - start  # type: ignore[union-attr]
    first = _SPACES.match(code, head.end()).end()  # type: ignore[union-attr]
    return first - head.end() <= indent or code[first : first + 1] in ("\n", "")


_SPACES = re.compile(" *")


# What YAML 1.1 reads as something other than text, by a word's first character
_TYPED = {
    first: [regex for tag, regex in rules if tag != "tag:yaml.org,2002:str"]
    for first, rules in SafeLoader.yaml_implicit_resolvers.items()
    if first
}


class _Fallback(Exception):
    """The fast road met something only the careful road reports well."""


def _mapping(loader: Any, node: yaml.MappingNode) -> dict[Any, Any]:
    result: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
            raise _Fallback
        key = loader.construct_object(key_node)
        if key in result:
            raise _Fallback
        result[key] = loader.construct_object(value_node, deep=True)
    return result


class _PlainLoader(SafeLoader):
    """Plain values, mappings and lists only; anything else falls back."""


_PlainLoader.yaml_constructors = {
    **{tag: yaml.constructor.SafeConstructor.yaml_constructors[tag] for tag in SCALARS},
    "tag:yaml.org,2002:seq": lambda loader, node: [loader.construct_object(n, deep=True) for n in node.value],
    "tag:yaml.org,2002:map": _mapping,
}


def load(text: str) -> Any:
    """The data of a well-formed file of plain values, mappings and lists without anchors
    (so no alias can expand), as PyYAML's safe loader gives it; None for anything else,
    for the careful road to read and explain."""
    code = "\n" + _COMMENT_LINE.sub("", text)
    if "&" in code:
        return None
    data = by_yaml_rs(text, code)
    if data is not None:
        return data
    try:
        return yaml.load(text, Loader=_PlainLoader)  # a safe loader, narrowed further
    except (yaml.YAMLError, _Fallback, RecursionError):
        return None


def by_yaml_rs(text: str, code: str) -> Any:
    """yaml-rs's data for the text, where it is sure to be PyYAML's; else None."""
    if _may_differ(text, code):
        return None
    try:
        data = yaml_rs.loads(text, parse_datetime=False)
    except (yaml_rs.YAMLDecodeError, RecursionError, TypeError):
        return None  # PyYAML says what, or reads what yaml-rs would not
    return data if _as_in_yaml_1_1(data) else None


def _as_in_yaml_1_1(data: Any) -> bool:
    """Whether PyYAML would have built the same: only mappings with plain keys, lists, and
    plain values, and no text that YAML 1.1 reads as a number, truth value, date or null.
    (Written for speed: it looks at every value of every file.)"""
    stack = [data]
    while stack:
        value = stack.pop()
        kind = type(value)
        if kind is str:
            if _typed(value):
                return False
        elif kind is dict:
            for key in value:
                if type(key) is str:
                    if _typed(key):
                        return False
                elif type(key) not in _KEYS or key != key:  # nan: PyYAML keeps one
                    return False  # a null key: yaml-rs reads an empty one, PyYAML refuses it
            stack.extend(value.values())
        elif kind is list:
            stack.extend(value)
        elif kind not in _PLAIN:
            return False  # a date, a time, a set: the careful road says what
    return True


_PLAIN = {int, float, bool, type(None)}
_KEYS = {int, float, bool}


def _typed(text: str) -> bool:
    rules = _TYPED.get(text[:1])
    return rules is not None and any(rule.match(text) for rule in rules)
