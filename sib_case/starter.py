"""Starting a new case from a template: list the templates, fill in the few answers a
municipality knows at once, keep every comment of the template."""

from __future__ import annotations

import re
from pathlib import Path

from .errors import SibCaseError


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
        raise TemplateError(f"no template named '{name}'; templates: {', '.join(template_names())}")
    return path.read_text(encoding="utf-8")


def describe(name: str) -> str:
    """The first sentence of the template's description."""
    from .loader import load_case

    description = load_case(_folder() / f"{name}.yaml").case.description.strip()
    return description.split(". ")[0].rstrip(".") + "." if description else ""


def fill(
    text: str,
    name: str | None = None,
    municipality: str | None = None,
    participants: int | None = None,
    years: int | None = None,
    financing: str | None = None,
) -> str:
    """The template's text with the answers put in; comments stay as they are. The
    participants are shared over the template's cohorts in its proportions."""
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
    return "".join(lines)


def _split(total: int, counts: list[int]) -> list[int]:
    """`total` shared in the proportions of `counts`, whole people, every cohort at least 1."""
    if total < len(counts):
        raise TemplateError(f"participants must be at least {len(counts)} (one a cohort), got {total}")
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
        raise TemplateError("\n".join(["the answers do not fit the template:", *err.messages()])) from None


def new_case(
    file: Path,
    template: str,
    name: str | None = None,
    municipality: str | None = None,
    participants: int | None = None,
    years: int | None = None,
    financing: str | None = None,
) -> dict[Path, str]:
    """The files a new case needs: the filled template, and the JSON Schema beside it
    (that the case's first line points editors at) unless one is there already."""
    import json

    from .model import json_schema

    filled = fill(template_text(template), name, municipality, participants, years, financing)
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
