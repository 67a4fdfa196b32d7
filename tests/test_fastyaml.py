"""The quick reader (sib_case/fastyaml.py) gives PyYAML's data, or leaves the file to it.

yaml-rs (YAML 1.2) reads a good case file in about a tenth of PyYAML's time, but the two
YAMLs part on some words and marks. The reader asks yaml-rs only when the text holds none
of those marks and keeps its answer only if it holds no word YAML 1.1 types differently.
Held here: on every YAML file of the project, on the differences the fuzzing below found
(each kept as an example), and by fuzzing texts, dumped data and block texts. The
reference is always PyYAML's own safe loader, with the case loader's one addition (1e6).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from sib_case import fastyaml
from sib_case.loader import load_case

ROOT = Path(__file__).parent.parent
FUZZ = settings(max_examples=settings().max_examples * 100)  # 1,000 fast, 5,000 in the full run


def pyyaml(text: str) -> tuple[bool, Any]:
    """(read, data) as PyYAML's safe loader gives them; data is None when it refuses."""
    try:
        return True, yaml.load(text, Loader=fastyaml.SafeLoader)
    except yaml.YAMLError:
        return False, None


def plain(text: str) -> Any:
    """The data as the loader's PyYAML road (plain values only) gives it, or None."""
    try:
        return yaml.load(text, Loader=fastyaml._PlainLoader)
    except (yaml.YAMLError, fastyaml._Fallback):
        return None


def agrees(text: str) -> None:
    """Whatever yaml-rs is trusted with, it reads as PyYAML does: the same values of the
    same types (repr tells 1 from 1.0 and True, which == does not)."""
    quick = fastyaml.by_yaml_rs(text, "\n" + fastyaml._COMMENT_LINE.sub("", text))
    if quick is None or "&" in text:
        return
    read, data = pyyaml(text)
    assert read, f"yaml-rs read what PyYAML refuses: {text!r} -> {quick!r}"
    assert repr(quick) == repr(data), f"{text!r}: yaml-rs {quick!r}, PyYAML {data!r}"


def project_yaml() -> list[Path]:
    return sorted(
        p for folder in ("cases", "templates", "sib_case", "tests") for p in (ROOT / folder).rglob("*.yaml")
    )


def test_every_yaml_file_of_the_project_reads_as_pyyaml_reads_it() -> None:
    checked = 0
    for path in project_yaml():
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            continue  # the binary bad case: the loader refuses it before any YAML
        agrees(text)
        if "&" not in text:  # an anchor sends the file down the careful road
            assert repr(fastyaml.load(text)) == repr(plain(text)), path
        checked += 1
    assert checked > 50


def test_the_worked_cases_take_the_quick_road() -> None:
    """The speed is real only if ordinary files get it: every worked case and template
    (comments, a folded description, lists and mappings in brackets) is read by yaml-rs."""
    files = [p for p in (ROOT / "cases").glob("*.yaml") if ".results." not in p.name]
    files += sorted((ROOT / "templates").glob("*.yaml"))
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert fastyaml.by_yaml_rs(text, "\n" + fastyaml._COMMENT_LINE.sub("", text)) is not None, path
        assert load_case(path) is not None


# Each a difference between yaml-rs and PyYAML found by the fuzzing below (or by reading
# the two specifications); the reader must leave every one to PyYAML.
DIFFERENCES = [
    "a: yes\n",  # true in 1.1, text in 1.2
    "a: On\n",
    "a: 010\n",  # 8 in 1.1, 10 in 1.2
    "a: 0o17\n",  # text in 1.1, 15 in 1.2
    "a: 0O0\n",
    "a: 08\n",
    "a: _0\n",  # text in 1.1; yaml-rs reads 0
    "a: 1:30\n",  # 90 in 1.1 (base 60)
    "a: 12:30:00\n",
    "a: -.5\n",  # text in 1.1
    "a: 2027-01-01\n",  # a date in both, but the case loader builds it only the careful way
    "a: =\n",  # a value key in 1.1, refused
    ": 1\n",  # an empty key: yaml-rs reads null, PyYAML refuses
    "? [1, 2]\n: 3\n",  # a complex key
    "{?: }\n",
    "{a: :0}\n",
    "{a: 0:?}\n",
    "{a: ,0:}\n",
    "[|]\n",
    "a: >\n",  # an empty block: '' in 1.1, a line break in yaml-rs
    ">\n",
    "a: |+\n  x\n\n",
    "a: |2\n   x\n",
    "a: 1\n---\nb: 2\n",  # two documents: yaml-rs gives a list
    "a: !!python/object:os.system x\n",
    "a: !!str 5\n",
    "a: \x07\n",  # PyYAML refuses a control character
    "a: x\x85y\n",  # a line break in 1.1 only
    "a: x\u2028y\n",
    "a:\t1\n",
    'a: "\\x41"\n',
    "a: <<\n",
    "'2027': 1\n",  # a year in quotes: PyYAML reads the text too, but it is left to it
    # found by a review's search (hundreds of thousands of generated texts):
    "a: 1e_1\n",  # yaml-rs reads 10.0
    "- 1E-_3\n",
    "a: ._1\n",  # yaml-rs reads 0.1
    "a: .iNf\n",  # yaml-rs ignores the case of .inf and .nan
    ".Nan: x\n",
    "a: 010\r\n",  # a carriage return hid the guards' line ends
    "#\ra: 010\n",
    "a: 1\r---\rb: 2\r",
    "a: |\n \r\n",
    "a: |\n  x",  # a last block text without a line break: yaml-rs adds one
    '"\n#\\ud83d\\ude00"\n',  # an escape on a line that looks like a comment
    ".nan: 1\n.nan: 2\n",  # PyYAML keeps one nan key
    "- " * 1000 + "x\n",  # PyYAML refuses 1,000 levels
    "{a: {}}:\n",  # yaml-rs fails with a TypeError
]


@pytest.mark.parametrize("text", DIFFERENCES)
def test_a_known_difference_is_left_to_pyyaml(text: str) -> None:
    assert fastyaml.by_yaml_rs(text, "\n" + fastyaml._COMMENT_LINE.sub("", text)) is None
    assert repr(fastyaml.load(text)) == repr(plain(text))


def test_a_case_file_with_a_difference_still_loads_as_pyyaml_reads_it(tmp_path: Path) -> None:
    """A word PyYAML types (yes) or a year in quotes sends the file down PyYAML's road, and
    the case comes out as before."""
    text = (ROOT / "tests" / "reference" / "small.yaml").read_text(encoding="utf-8")
    plain = tmp_path / "plain.yaml"
    plain.write_text(text, encoding="utf-8")
    odd = tmp_path / "odd.yaml"
    odd.write_text(text + "# yes\nscenarios: {later: {case.name: 'yes'}}\n", encoding="utf-8")
    assert load_case(odd).scenarios == {"later": {"case.name": "yes"}}
    assert load_case(odd).model_copy(update={"scenarios": {}}) == load_case(plain)


ALPHABET = "0123456789.-+_:eExobyntfFTNYO~=!*&?#'\" []{},%<>|@`\\\t\nabc æø\u00a0\u2028\x85é"
TOKEN = st.text(alphabet="0123456789.-+_:eExobyntfFTNYO~=!*&?#'\" []{},%<\\\t", max_size=8)


@FUZZ
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_any_text_reads_alike(text: str) -> None:
    agrees(text)


@FUZZ
@given(
    st.lists(
        st.tuples(
            st.one_of(st.sampled_from(["a", "b", "2027", "'x'", "yes", "1", "c d"]), TOKEN),
            st.sampled_from([": ", ":", ":  ", ": - ", ":\n  - "]),
            TOKEN,
        ),
        min_size=1,
        max_size=4,
    ),
    st.booleans(),
)
def test_keys_and_values_read_alike(lines: list[tuple[str, str, str]], flow: bool) -> None:
    if flow:
        agrees("{" + ", ".join(f"{k}{s.strip() and ': '}{v}" for k, s, v in lines) + "}\n")
    else:
        agrees("".join(f"{k}{s}{v}\n" for k, s, v in lines))


SCALAR = st.one_of(
    st.text(alphabet=ALPHABET, max_size=12),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
)
DATA = st.recursive(
    SCALAR,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.one_of(st.text(alphabet=ALPHABET, max_size=6), st.integers(0, 3000)), inner, max_size=4
        ),
    ),
    max_leaves=20,
)


@FUZZ
@given(DATA, st.sampled_from([True, False, None]), st.sampled_from([5, 20, 80]), st.booleans())
def test_dumped_data_reads_alike(data: Any, flow: bool | None, width: int, unicode: bool) -> None:
    """As a tool writes a case from data (yaml.safe_dump in every style)."""
    agrees(yaml.safe_dump(data, default_flow_style=flow, width=width, allow_unicode=unicode))


@FUZZ
@given(
    st.integers(0, 2),
    st.sampled_from(["|", ">", "|-", ">-", "|+", ">2", "| #c", "> "]),
    st.lists(st.tuples(st.integers(0, 6), st.text(alphabet="ab #:-'\"\t\\|>0", max_size=8)), max_size=5),
    st.booleans(),
)
def test_block_texts_read_alike(indent: int, head: str, lines: list[tuple[int, str]], after: bool) -> None:
    text = " " * indent + "k:\n" if indent else ""
    text += " " * indent + "a: " + head + "\n" + "".join(" " * n + t + "\n" for n, t in lines)
    agrees(text + (" " * indent + "b: 1\n" if after else ""))
