"""Starting a new case from a template: list the templates, fill in the few answers a
municipality knows at once, keep every comment of the template."""

from __future__ import annotations

import re
from pathlib import Path

from .errors import SibCaseError
from .labels import Lang, say


class TemplateError(SibCaseError):
    """An unknown template, or answers that do not fit one."""


def _folder() -> Path:
    """The templates: installed inside the package, or at the top of a checkout."""
    installed = Path(__file__).resolve().parent / "templates"
    return installed if installed.is_dir() else Path(__file__).resolve().parent.parent / "templates"


def template_names() -> list[str]:
    return sorted(p.stem for p in _folder().glob("*.yaml"))


def template_text(name: str) -> str:
    path = _folder() / f"{name}.yaml"
    if not path.is_file():
        raise TemplateError(say("msg.no_template", name=name, templates=", ".join(template_names())))
    return path.read_text(encoding="utf-8")


def describe(name: str, lang: Lang = "en") -> str:
    """What the template is for, in the reader's language (the label table's words; the
    template's own description is case text, in the template's language)."""
    from .labels import LABELS, label
    from .loader import load_case

    if f"template.{name}" in LABELS:
        return label(f"template.{name}", lang)
    description = load_case(_folder() / f"{name}.yaml").case.description.strip()
    return description.split(". ")[0].rstrip(".") + "." if description else ""


def shortest_horizon(name: str) -> int:
    """The fewest years a case from the template can run: at least to its last cohort's
    intake, and long enough for its dated payments (tried, as the loader judges them)."""
    from .loader import load_case

    case = load_case(_folder() / f"{name}.yaml")
    text = template_text(name)
    for years in range(max(c.year for c in case.cohorts) - case.case.start_year + 1, case.case.horizon):
        try:
            check(fill(text, years=years), name)
        except TemplateError:
            continue
        return years
    return case.case.horizon


def fill(
    text: str,
    name: str | None = None,
    municipality: str | None = None,
    participants: int | None = None,
    years: int | None = None,
    financing: str | None = None,
    description: str | None = None,
    lang: Lang | None = None,
) -> str:
    """The template's text with the answers put in. The participants are shared over the
    template's cohorts in its proportions. With `description`, it replaces the template's.
    With `lang`, the template's bilingual comments keep that language's half, and its
    banner says what the new file is."""
    lines = text.splitlines(keepends=True)
    if lines and lines[0].startswith("# yaml-language-server: $schema="):
        lines[0] = "# yaml-language-server: $schema=case.schema.json\n"  # written beside the new case
    section = ""
    counts = [int(m.group(1)) for m in re.finditer(r"^    participants: (\d+)\s*$", text, re.M)]
    shares = _split(participants, counts) if participants is not None and counts else counts
    cohort = 0
    for i, line in enumerate(lines):
        top = re.match(r"^(\w+):", line)
        if top:
            section = top.group(1)
        if section == "case" and name is not None and re.match(r"^  name: ", line):
            lines[i] = f"  name: {_quote(name)}\n"
        elif section == "case" and municipality is not None and re.match(r"^  municipality: ", line):
            lines[i] = f"  municipality: {_quote(municipality)}\n"
        elif section == "case" and years is not None and re.match(r"^  horizon: \d+", line):
            lines[i] = re.sub(r"\d+", str(years), line, count=1)
        elif section == "cohorts" and re.match(r"^    participants: \d+\s*$", line) and cohort < len(shares):
            lines[i] = f"    participants: {shares[cohort]}\n"
            cohort += 1
        elif section == "financing" and financing is not None and re.match(r"^  mode: (sib|self)", line):
            lines[i] = re.sub(r"(sib|self)", financing, line, count=1)
    out = "".join(lines)
    if description is not None:
        out = _replace_description(out, description)
    return _one_language(out, lang) if lang is not None else out


def _replace_description(text: str, description: str) -> str:
    """The case's description (a folded block or one line under `case:`) as the user's."""
    block = re.compile(r"^  description: (?:>-?|\|-?)?\n(?:^    .*\n)*|^  description: .*\n", re.M)
    return block.sub(lambda _: f"  description: {_quote(description)}\n", text, count=1)


def _one_language(text: str, lang: Lang) -> str:
    """The template's comments in one language: of "DA: ... / EN: ..." the half in `lang`
    (a continuation line follows its block's language); its banner (the comment lines before
    the first key) replaced by what the file is and what is left to do."""
    from .labels import label

    keep = "DA:" if lang == "da" else "EN:"
    out: list[str] = []
    lines = text.splitlines(keepends=True)
    first_key = next((i for i, line in enumerate(lines) if re.match(r"^\w", line)), len(lines))
    head = [line for line in lines[:first_key] if line.startswith("# yaml-language-server")]
    out += head + [f"# {line}\n" for line in label("init.banner", lang).splitlines()] + ["\n"]
    current = keep
    for line in lines[first_key:]:
        found = re.match(r"^(\s*)(.*?)#\s?(.*)$", line.rstrip("\n"))
        if not found or "'" in found.group(2) or '"' in found.group(2):
            out.append(line)  # no comment, or a # inside a quoted value: kept as it is
            continue
        indent, code, comment = found.groups()
        parts = re.split(r"\s*/\s*(?=(?:DA|EN):)", comment)
        halves: dict[str, str] = {}
        for part in parts:
            tag = part[:3] if part[:3] in ("DA:", "EN:") else current  # untagged: the block goes on
            halves[tag] = (halves.get(tag, "") + " " + part.removeprefix(tag).strip()).strip()
            current = tag
        chosen = halves.get(keep)
        if code.strip():
            out.append(f"{indent}{code.rstrip()}" + (f"  # {chosen}" if chosen else "") + "\n")
        elif chosen:
            out.append(f"{indent}# {chosen}\n")
    return "".join(out)


def _split(total: int, counts: list[int]) -> list[int]:
    """`total` shared in the proportions of `counts`, whole people, every cohort at least 1."""
    if total < len(counts):
        raise TemplateError(say("msg.too_few", n=len(counts), got=total))
    weight = sum(counts)
    shares = [max(1, total * c // weight) for c in counts]
    shares[-1] += total - sum(shares)
    return shares


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def check(text: str, name: str) -> None:
    """Refuse a filled template that is not a valid case, with the loader's messages."""
    from .errors import CaseFileError
    from .loader import _careful_load, parse_case

    try:
        data, lines = _careful_load(text, name)
        parse_case(data, lines, name)
    except CaseFileError as err:
        raise TemplateError("\n".join([say("msg.do_not_fit"), *err.messages()])) from None


def new_case(
    file: Path,
    template: str,
    name: str | None = None,
    municipality: str | None = None,
    participants: int | None = None,
    years: int | None = None,
    financing: str | None = None,
    description: str | None = None,
    lang: Lang | None = None,
) -> dict[Path, str]:
    """The files a new case needs: the filled template, and the JSON Schema beside it
    (that the case's first line points editors at) unless one is there already."""
    import json

    from .model import json_schema

    if description is None and lang is not None:  # never the template's own: it describes its example
        from .labels import label

        description = label("init.describe_me", lang)
    filled = fill(
        template_text(template), name, municipality, participants, years, financing, description, lang
    )
    check(filled, str(file))
    files: dict[Path, str] = {file: filled}
    schema = file.parent / "case.schema.json"
    if not schema.exists():
        files[schema] = json.dumps(json_schema(), indent=2, ensure_ascii=False)
    return files


def template_default(template: str, key: str) -> str:
    """A template's own answer to a question of `init` (name, municipality, horizon)."""
    found = re.search(rf"^  {key}: (.*)$", template_text(template), re.M)
    return found.group(1).strip().strip('"') if found else ""
