"""Read a case file safely and turn it into a `Case`, or into located problems.

Safety: only standard YAML tags, no duplicate keys, a bound on the number of nodes
(so an alias bomb fails fast), a bound on the file size, and no binary input.
Every problem names the file, the line, the field path and what is allowed.
"""

from __future__ import annotations

import difflib
import stat
import types
import typing
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Tag, ValidationError

from .deal import parse_path as _parse_path
from .errors import CaseFileError, Problem
from .fastyaml import SCALARS as _SCALARS
from .fastyaml import SafeLoader as _SafeLoader
from .fastyaml import load as _fast_load
from .labels import say
from .model import SANITY, Case, check_case

MAX_BYTES = 5_000_000
MAX_NODES = 50_000
Loc = tuple[str | int, ...]


_constructor = yaml.constructor.SafeConstructor()


def load_case(path: str | Path, scenario: str | None = None) -> Case:
    """Load and validate one case file, with a named scenario's overrides applied if
    given; raise CaseFileError with every problem found. A file is valid only if every
    scenario in it gives a valid case too, so a broken scenario is found before it is used.

    A good file takes the fast road (fastyaml, no line bookkeeping); any problem
    sends it down the careful road, which finds every problem and its line.
    """
    name = str(path)
    text = _read_text(path)
    if len(text) > SCAN_FROM:
        _count_values(text, name)
    if scenario is None:
        data = _fast_load(text)
        case = _fast_case(data)
        if case is not None and all(
            _fast_case(_reusing(_overridden(data, s), data, case)) for s in case.scenarios
        ):
            return case
    data, lines = _careful_load(text, name)
    if scenario is not None:
        return _scenario_case(data, lines, name, scenario)
    case = parse_case(data, lines, name)
    problems: list[Problem] = []
    for each in case.scenarios:
        try:
            _scenario_case(data, lines, name, each)
        except CaseFileError as err:
            problems += err.problems
    if problems:
        raise CaseFileError(problems)
    return case


def _fast_case(data: Any) -> Case | None:
    """The case, if the data is a good one; None for the careful road to explain why not."""
    if not isinstance(data, dict):
        return None
    try:
        case = Case.model_validate(data)
    except ValidationError:
        return None
    return None if check_case(case) else case


def _overridden(data: Any, scenario: str) -> Any:
    try:
        return apply_scenario(data, {}, "", scenario)[0]
    except CaseFileError:
        return None


def _reusing(changed: Any, data: dict[str, Any], case: Case) -> Any:
    """A scenario's data, with each section (and each item of a list of them) it leaves as it
    was replaced by the base case's own, validated already: pydantic takes a model as it is
    (they are frozen, so they can be shared), and runs the whole case's checks again. A fund
    loan's financing and transaction costs are the base case's as transformed, so are not reused."""
    if not isinstance(changed, dict):
        return changed
    transformed = ("financing", "transaction_costs") if case.fund else ()
    out = dict(changed)
    for key, value in changed.items():
        if key not in Case.model_fields or key in transformed:
            continue
        if key not in data:
            continue  # the scenario adds it (a null, say): validated as it is
        old, done = data[key], getattr(case, key)
        if value is old:
            out[key] = done
        elif type(value) is list and type(old) is list and type(done) is list and len(done) == len(old):
            out[key] = [done[i] if i < len(old) and v is old[i] else v for i, v in enumerate(value)]
    return out


def _scenario_case(data: Any, lines: dict[Loc, int], name: str, scenario: str) -> Case:
    data, lines = apply_scenario(data, lines, name, scenario)
    try:
        return parse_case(data, lines, name).as_scenario(scenario)
    except CaseFileError as err:
        raise CaseFileError(
            [replace(p, message=p.message + say("err.in_scenario", name=scenario)) for p in err.problems]
        ) from None


def notices_of(path: str | Path) -> list[str]:
    """What the model leaves out of a valid case file (model.notices), as messages."""
    from .model import notices

    if (case_path := case_of_results(path)) is not None:
        case = load_case(case_path)
        return results_notes(path, load_results(path, case), case)
    return [f"{path}: {say('note')}: {_dotted(loc)}: {message}" for loc, message in notices(load_case(path))]


def check_file(path: str | Path) -> list[str]:
    """Every problem of a case file and of each of its scenarios, as messages; none if
    the file is good. A results file (NAME.results.yaml) is checked against its case."""
    try:
        if (case_path := case_of_results(path)) is not None:
            load_results(path, load_case(case_path))
        else:
            load_case(path)
    except CaseFileError as err:
        return err.messages()
    return []


def apply_scenario(data: Any, lines: dict[Loc, int], name: str, scenario: str) -> tuple[Any, dict[Loc, int]]:
    """The case data with a scenario's overrides (`input path: value`) applied; each
    overridden value takes the line of its scenario entry, so problems point there."""
    scenarios = data.get("scenarios") if isinstance(data, dict) else None
    if not isinstance(scenarios, dict) or scenario not in scenarios:
        known = (
            ", ".join(map(str, scenarios))
            if isinstance(scenarios, dict) and scenarios
            else "none in this file"
        )
        line = lines.get(("scenarios",))
        raise CaseFileError([Problem(name, line, "", f"no scenario named '{scenario}'; scenarios: {known}")])
    overrides = scenarios[scenario]
    where: Loc = ("scenarios", scenario)
    if not isinstance(overrides, dict):
        raise CaseFileError(
            [Problem(name, lines.get(where), _dotted(where), "must be a mapping of input path: value")]
        )
    data = dict(data)  # copied only along the overridden paths (_find copying)
    lines = dict(lines)
    problems = []
    for key, value in overrides.items():
        loc = _parse_path(str(key))
        parent = _find(data, loc[:-1], copying=True) if loc else None
        leaf = loc[-1] if loc else None
        if isinstance(parent, dict) and isinstance(leaf, str) and leaf.isdigit():
            leaf = int(leaf)  # a year key, as in programme_cost.fixed.2026
        in_list = isinstance(parent, list) and isinstance(leaf, int) and 0 <= leaf < len(parent)
        if leaf is not None and (in_list or isinstance(parent, dict)):
            parent[leaf] = value  # type: ignore[index]
        else:
            problems.append(
                Problem(
                    name,
                    lines.get((*where, key)),
                    _dotted((*where, key)),
                    "no such place in the case; write a path like outcomes[0].effect",
                )
            )
            continue
        line = lines.get((*where, key))
        for known_loc in [k for k in lines if k[: len(loc)] == loc]:
            del lines[known_loc]
        if line is not None and leaf is not None:
            lines[(*loc[:-1], leaf)] = line
    if problems:
        raise CaseFileError(problems)
    return data, lines


def _find(data: Any, loc: Loc, copying: bool = False) -> Any:
    """The value at `loc`, or None. With `copying`, every mapping and list on the way is
    replaced by a copy of itself first, so that the value can be changed without changing
    the data it was copied from (which shares everything off the way)."""
    for part in loc:
        if isinstance(data, dict) and part in data:
            key: Any = part
        elif isinstance(data, dict) and isinstance(part, str) and part.isdigit() and int(part) in data:
            key = int(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            key = part
        else:
            return None
        if copying and isinstance(data[key], dict | list):
            data[key] = type(data[key])(data[key])
        data = data[key]
    return data


def parse_case(data: Any, lines: dict[Loc, int], name: str = "<case>") -> Case:
    if not isinstance(data, dict):
        raise CaseFileError([Problem(name, 1, "", say("err.not_mapping"))])
    try:
        case = Case.model_validate(data)
    except ValidationError as err:
        raise CaseFileError([_problem(name, lines, e) for e in err.errors(include_url=False)]) from None
    issues = check_case(case)
    if issues:
        raise CaseFileError([Problem(name, _line(lines, loc), _dotted(loc), msg) for loc, msg in issues])
    return case


def _read_text(path: str | Path) -> str:
    """The file's text, or a clear error for anything that is not a short UTF-8 text file."""
    name = str(path)
    p = Path(path)

    def fail(message: str, line: int | None = None) -> CaseFileError:
        return CaseFileError([Problem(name, line, "", message)])

    try:
        mode = p.stat().st_mode  # before opening: opening a FIFO would wait for a writer
    except FileNotFoundError:
        raise fail(say("msg.no_file")) from None
    except OSError as err:
        raise fail(say("err.cannot_read", why=err.strerror or err)) from None
    if stat.S_ISDIR(mode):
        raise fail(say("err.folder"))
    if not stat.S_ISREG(mode):
        raise fail(say("err.not_regular"))
    try:
        with p.open("rb") as fh:
            raw = fh.read(MAX_BYTES + 1)  # at most this much, whatever the file claims to be
    except OSError as err:
        raise fail(say("err.cannot_read", why=err.strerror or err)) from None
    if len(raw) > MAX_BYTES:
        raise fail(say("err.too_big", mb=MAX_BYTES // 1_000_000))
    if b"\0" in raw:
        raise fail(say("err.binary"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise fail(say("err.not_utf8"), line) from None
    if not text.strip():
        raise fail(say("err.empty_file"))
    return text


SCAN_FROM = 100_000  # characters: a larger file is counted before it is read as data


def _count_values(text: str, name: str) -> None:
    """Refuse a file with more than MAX_NODES values as soon as the parser meets the one
    too many, before any of it is built (a large file would take seconds to build only to
    be refused). Aliases count here once; the careful road counts their expansion."""
    count = 0
    try:
        for event in yaml.parse(text, Loader=_SafeLoader):
            if isinstance(event, yaml.ScalarEvent | yaml.AliasEvent):
                count += 1
                if count > MAX_NODES:
                    line = event.start_mark.line + 1 if event.start_mark else None
                    message = f"more than {MAX_NODES:,} values; a case file is far smaller"
                    raise CaseFileError([Problem(name, line, "", message)])
    except yaml.YAMLError:
        return  # the careful road reports it, with its line


def _careful_load(text: str, name: str) -> tuple[Any, dict[Loc, int]]:
    """Data and the line of every path; every problem reported with its line."""

    def fail(message: str, line: int | None = None) -> CaseFileError:
        return CaseFileError([Problem(name, line, "", message)])

    try:
        node = yaml.compose(text, Loader=_SafeLoader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        raise fail(
            say("err.not_yaml", problem=err.problem or err.context), mark.line + 1 if mark else None
        ) from None
    except yaml.reader.ReaderError as err:  # a character YAML does not allow, by its place in the text
        line = text[: err.position].count("\n") + 1
        code = err.character if isinstance(err.character, int) else ord(err.character)
        raise fail(say("err.control", code=f"{code:04X}"), line) from None
    except yaml.YAMLError as err:
        raise fail(say("err.not_yaml", problem=err)) from None
    except RecursionError:
        raise fail(say("err.too_deep")) from None
    if node is None:
        raise fail(say("err.empty_file"))
    builder = _Builder(name)
    try:
        data = builder.build(node, ())
    except RecursionError:
        raise fail(say("err.nested")) from None
    if builder.problems:
        raise CaseFileError(builder.problems)
    return data, builder.lines


class _Builder:
    """Plain Python data from a YAML node tree, refusing anything but standard tags."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.lines: dict[Loc, int] = {}
        self.problems: list[Problem] = []
        self.nodes = 0

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            line = node.start_mark.line + 1
            raise CaseFileError(
                [
                    Problem(
                        self.name,
                        line,
                        "",
                        say("err.alias_bomb", n=f"{MAX_NODES:,}"),
                    )
                ]
            )
        self.lines.setdefault(loc, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            if node.tag != "tag:yaml.org,2002:map":
                return self._bad_tag(node, loc)
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self._add(key_node, loc, "merge keys (<<) are not supported; write the keys out")
                    continue
                if not isinstance(key_node, yaml.ScalarNode):
                    self._add(key_node, loc, "a key must be a plain word or number")
                    continue
                key = self.build(key_node, loc)
                if key in result:
                    self._add(key_node, (*loc, key), say("err.duplicate_key", key=key))
                    continue
                self.lines[(*loc, key)] = key_node.start_mark.line + 1
                result[key] = self.build(value_node, (*loc, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                return self._bad_tag(node, loc)
            return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
        if node.tag not in _SCALARS:
            return self._bad_tag(node, loc)
        # the tag's own constructor, not construct_object, which keeps every node it built
        return yaml.constructor.SafeConstructor.yaml_constructors[node.tag](_constructor, node)

    def _bad_tag(self, node: yaml.Node, loc: Loc) -> None:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        self._add(node, loc, say("err.tag", tag=tag))
        return None

    def _add(self, node: yaml.Node, loc: Loc, message: str) -> None:
        self.problems.append(Problem(self.name, node.start_mark.line + 1, _dotted(loc), message))


# ---- from pydantic's errors to plain messages ------------------------------------


def _dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int) and not out.endswith(("fixed", "amounts")):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _line(lines: dict[Loc, int], loc: Loc) -> int | None:
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


def _walk(loc: Loc, root: type[BaseModel] = Case) -> tuple[Loc, type[BaseModel] | None, Any]:
    """Drop the union tags pydantic puts in a location; return the clean path, the model
    that holds its last key (for "did you mean") and the type expected there."""
    clean: list[str | int] = []
    here: Any = root
    holder: type[BaseModel] | None = None
    for part in loc:
        if part == "[key]":
            continue
        here = _unwrap(here)
        members = _union_members(here)
        if members is not None:
            tagged = {_tag(m): m for m in members}
            if part in tagged:
                here = tagged[part]
                continue
            here = None
        if isinstance(here, type) and issubclass(here, BaseModel):
            holder = here
            field = here.model_fields.get(str(part))
            here = (
                typing.Annotated[field.annotation, *field.metadata]
                if field and field.metadata
                else (field.annotation if field else None)
            )
        elif typing.get_origin(here) is list:
            here = typing.get_args(here)[0]
        elif typing.get_origin(here) is dict:
            here = typing.get_args(here)[1]
        else:
            here = None
        clean.append(part)
    return tuple(clean), holder, here


def _bounds(tp: Any) -> dict[str, float]:
    """The numeric bounds (ge, gt, le, lt) declared on a type, through Optional and Annotated."""
    found: dict[str, float] = {}
    if typing.get_origin(tp) is typing.Annotated:
        for meta in (*tp.__metadata__, *(m for f in tp.__metadata__ for m in getattr(f, "metadata", []))):
            for bound in ("ge", "gt", "le", "lt"):
                if getattr(meta, bound, None) is not None:
                    found[bound] = getattr(meta, bound)
        found.update({k: v for k, v in _bounds(typing.get_args(tp)[0]).items() if k not in found})
    for member in _union_members(tp) or ():
        found.update(_bounds(member))
    return found


def _range_message(bounds: dict[str, float], value: Any) -> str:
    lo = bounds.get("ge", bounds.get("gt"))
    hi = bounds.get("le", bounds.get("lt"))
    if hi is not None and lo is not None and hi >= SANITY and isinstance(value, int | float):
        # only the side that was crossed: "at least 0", or "at most 1,000,000,000,000"
        bounds = {k: v for k, v in bounds.items() if (k in ("le", "lt")) == (value > hi)}
        return _range_message(bounds, value)
    if "ge" in bounds and "le" in bounds:
        rule = say("err.between", lo=f"{lo:g}", hi=f"{hi:g}")
    elif lo is not None and hi is None:
        rule = say("err.at_least", lo=f"{lo:g}") if "ge" in bounds else say("err.greater", lo=f"{lo:g}")
    elif hi is not None and lo is None:
        rule = say("err.at_most", hi=f"{hi:,.10g}") if "le" in bounds else say("err.less", hi=f"{hi:,.10g}")
    else:
        rule = say("err.from_to", lo=f"{lo:g}", hi=f"{hi:g}")
    hint = ""
    if hi == 1 and isinstance(value, int | float) and 2 <= value <= 100:
        hint = say("err.percent_hint")
    return say("err.must_be", expected=rule, got=_kind(value)) + hint


def _unwrap(tp: Any) -> Any:
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    members = _union_members(tp)
    if members is not None:
        real = [m for m in members if m is not type(None)]
        if len(real) == 1:
            return _unwrap(real[0])
    return tp


def _union_members(tp: Any) -> tuple[Any, ...] | None:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return typing.get_args(tp)
    return None


def _tag(member: Any) -> Any:
    """The tag pydantic puts in a location for a union member: a `Tag`, or a model's `type`."""
    if typing.get_origin(member) is typing.Annotated:
        for meta in member.__metadata__:
            if isinstance(meta, Tag):
                return meta.tag
    model = _unwrap(member)
    if isinstance(model, type) and issubclass(model, BaseModel) and "type" in model.model_fields:
        return typing.get_args(model.model_fields["type"].annotation)[0]
    return None


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return say("err.bool", value=str(value).lower())
    if isinstance(value, dict):
        return say("err.a_mapping")
    if isinstance(value, list):
        return say("err.a_list")
    if value is None:
        return say("err.nothing")
    return repr(value) if isinstance(value, str) else str(value)


_EXPECTED = {  # pydantic's error type -> what the field wants, a label key
    "int_type": "err.a_whole_number",
    "int_parsing": "err.a_whole_number",
    "float_type": "err.a_number",
    "float_parsing": "err.a_number",
    "string_type": "err.text",
    "bool_type": "err.true_false",
    "dict_type": "err.a_mapping_lines",
    "model_type": "err.a_mapping_lines",
    "list_type": "err.a_list_lines",
    "int_from_float": "err.a_whole_number",
}


def _message(err: Any, holder: type[BaseModel] | None, key: str | int | None, expected: Any) -> str:
    kind = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return say("err.required")
    if kind == "extra_forbidden":
        allowed = sorted(holder.model_fields) if holder else []
        close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
        hint = (
            say("err.did_you_mean", close=close[0])
            if close
            else say("err.allowed_keys", keys=", ".join(allowed))
        )
        return say("err.unknown_key", key=key, hint=hint)
    if kind in _EXPECTED:
        return say("err.must_be", expected=say(_EXPECTED[kind]), got=_kind(value))
    if kind == "literal_error":
        return say(
            "err.one_of",
            expected=str(ctx.get("expected", "")).replace(" or ", say("err.or")),
            got=_kind(value),
        )
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        tags = ctx.get("expected_tags", "")
        got = ctx.get("tag")
        return say("err.type_one_of", tags=tags) + (say("err.type_got", got=got) if got is not None else "")
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        return _range_message(_bounds(expected) or ctx, value)
    if kind == "too_short":
        return say("err.at_least_items", n=ctx.get("min_length", 1))
    if kind == "too_long":
        return say("err.at_most_items", n=ctx.get("max_length"), got=ctx.get("actual_length"))
    if kind == "finite_number":
        return say("err.finite", got=_kind(value))
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    return str(err["msg"])


def _problem(name: str, lines: dict[Loc, int], err: Any, root: type[BaseModel] = Case) -> Problem:
    loc, holder, expected = _walk(tuple(err["loc"]), root)
    key = loc[-1] if loc else None
    if "[key]" in err["loc"]:
        return Problem(
            name, _line(lines, loc), _dotted(loc), say("err.key", message=_message(err, holder, key, None))
        )
    return Problem(name, _line(lines, loc), _dotted(loc), _message(err, holder, key, expected))


def results_path(case_path: str | Path) -> Path:
    """Where a case's results file is by default: NAME.results.yaml beside NAME.yaml."""
    p = Path(case_path)
    return p.with_name(p.stem + ".results.yaml")


def case_of_results(path: str | Path) -> Path | None:
    """The case a results file (NAME.results.yaml) is beside, NAME.yaml; None for a file
    that is not a results file."""
    p = Path(path)
    return p.with_name(p.name.replace(".results.", ".", 1)) if ".results." in p.name else None


def located(path: str | Path, loc: Loc) -> str:
    """A place in a YAML file as a message begins: FILE:LINE: field (FILE: field where the
    line is not known)."""
    _, lines = _careful_load(_read_text(path), str(path))
    line = _line(lines, loc)
    return f"{path}:{line}: {_dotted(loc)}" if line is not None else f"{path}: {_dotted(loc)}"


def results_notes(path: str | Path, results: Any, case: Case) -> list[str]:
    """What a valid results file leaves to the case's assumptions (results.missing_measurements),
    as messages with their lines."""
    from .results import missing_measurements

    notes = missing_measurements(results, case)
    _, lines = _careful_load(_read_text(path), str(path))
    out = []
    for loc, message in notes:
        line = _line(lines, loc)
        out.append(
            f"{path}{f':{line}' if line is not None else ''}: {say('note')}: {_dotted(loc)}: {message}"
        )
    return out


def load_results(path: str | Path, case: Case) -> Any:
    """A results file, validated on its own and against its case (results.check_results);
    CaseFileError with every problem, each with its line."""
    from .results import ResultsFile, check_results

    name = str(path)
    data, lines = _careful_load(_read_text(path), name)
    if not isinstance(data, dict):
        raise CaseFileError([Problem(name, 1, "", say("err.results_not_mapping"))])
    try:
        results = ResultsFile.model_validate(data)
    except ValidationError as err:
        raise CaseFileError(
            [_problem(name, lines, e, ResultsFile) for e in err.errors(include_url=False)]
        ) from None
    issues = check_results(results, case)
    if issues:
        raise CaseFileError([Problem(name, _line(lines, loc), _dotted(loc), msg) for loc, msg in issues])
    return results
