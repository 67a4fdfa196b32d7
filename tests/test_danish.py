"""Under --lang da no output of any command holds an English label or a snake_case field name.

Every command and format runs on every shipped case and template with its free texts
replaced by neutral ones (test_memo.neutral_texts), so what is left is the program's own
wording; JSON is for programs and exempt, as is the workbook's case-file sheet (the file's
own keys, as written)."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from test_memo import neutral_texts

from sib_case import load_case
from sib_case.cli import app

ROOT = Path(__file__).parent.parent
CASES = sorted(
    [
        *(p for p in (ROOT / "cases").rglob("*.yaml") if ".results." not in p.name),
        *(ROOT / "templates").glob("*.yaml"),
    ]
)
ENGLISH = re.compile(
    r"\b(the|and|of|is|with|per|payment|payments|municipality|programme|savings|cohort|cohorts|year|years|"
    r"effect|capital|investor's|break even|not|none|never|total|net|cost|costs|units|rate card|share|"
    r"outcome|outcomes|financing|self-financed|value|values|due|paid|cap|caps)\b",
    re.IGNORECASE,
)
SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")
ALLOWED = ("sib-case", "zz", "SIB", "NPV", "IRR", "break-even", "Monte Carlo", "seed")


def leaks(text: str) -> list[str]:
    """English words and snake_case names in a Danish output (case text is 'zz...')."""
    for word in ALLOWED:
        text = text.replace(word, " ")
    text = re.sub(r"measured: \{after_intake: \d+\}", " ", text)  # a case-file key, quoted as written
    text = re.sub(r"\S*/\S+", " ", text)  # file paths (the test's temporary folders)
    text = re.sub(r"--[a-z-]+", " ", text)  # the command's options, named as typed
    text = re.sub(r"\b\w+(\[\d+\])?(\.\w+(\[\d+\])?)+:", " ", text)  # a place in the file: its own keys
    return sorted({m.group(0) for m in ENGLISH.finditer(text)} | {m.group(0) for m in SNAKE.finditer(text)})


@pytest.fixture(scope="module")
def neutral(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("neutral")
    files = {}
    for path in CASES:
        if path.parent.name == "templates":  # Danish texts already, and a discount preset
            files[path.stem] = path
            continue
        case = neutral_texts(load_case(path))
        data = case.model_dump(exclude_defaults=True)  # year keys stay whole numbers
        for i, investor in enumerate(data.get("financing", {}).get("investors", [])):
            investor["name"] = f"zz{i}"  # investors' names must differ
        target = folder / f"{path.stem}.yaml"
        target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        files[path.stem] = target
    return files


def run(*args: Any) -> Any:
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, (args, result.stderr)
    return result


def texts_of(path: Path) -> str:
    """The words a reader sees in a written file."""
    if path.suffix == ".docx":
        import docx

        document = docx.Document(str(path))
        cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    if path.suffix == ".xlsx":
        import openpyxl

        book = openpyxl.load_workbook(path)
        words = list(book.sheetnames)
        for sheet in book.worksheets[:4]:  # not the case file: the file's own keys
            words += [
                c.value
                for r in sheet.iter_rows()
                for c in r
                if isinstance(c.value, str) and c.value[:1] != "="
            ]
        return "\n".join(words)
    if path.suffix == ".html":
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"<style>.*?</style>", " ", text, flags=re.S)
        return re.sub(r"<[^>]+>", " ", text)
    return path.read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("name", [p.stem for p in CASES])
def test_every_command_speaks_danish(name: str, neutral: dict[str, Path], tmp_path: Path) -> None:
    case = neutral[name]
    da = ("--lang", "da")
    outputs = {
        "evaluate": run("evaluate", case, *da).stdout,
        "evaluate md": run("evaluate", case, "-f", "markdown", *da).stdout,
        "evaluate csv": run("evaluate", case, "-f", "csv", *da).stdout,
        "explain": run("explain", case, *da).stdout,
        "explain year": run("explain", case, "--year", load_case(case).case.start_year + 1, *da).stdout,
        "sensitivity": run("sensitivity", case, *da).stdout,
        "sensitivity md": run("sensitivity", case, "-f", "markdown", *da).stdout,
        "simulate": run("simulate", case, "--draws", 200, *da).stdout,
        "validate": run("validate", case, *da).stdout + run("validate", case, *da).stderr,
    }
    if load_case(case).scenarios:
        outputs["scenarios"] = run("scenarios", case, *da).stdout
    for suffix in ("html", "xlsx", "md", "docx"):
        out = tmp_path / f"out.{suffix}"
        command = "memo" if suffix in ("md", "docx") else "evaluate"
        written = run(command, case, "-o", out, *da)
        assert "wrote" not in written.stderr
        outputs[f"{command} {suffix}"] = texts_of(out)
    for scenario in load_case(case).scenarios:  # a scenario's name is case text
        outputs = {k: v.replace(scenario, " ") for k, v in outputs.items()}
    found = {what: leaks(text) for what, text in outputs.items()}
    assert not any(found.values()), {k: v for k, v in found.items() if v}


@pytest.mark.slow
def test_settle_track_compare_and_templates_speak_danish(neutral: dict[str, Path], tmp_path: Path) -> None:
    da = ("--lang", "da")
    employment = ROOT / "cases" / "dk-employment.yaml"  # its results file names its cohorts
    outputs = {
        "settle": run("settle", employment, "--year", 2028, *da).stdout,
        "settle md": run("settle", employment, "--year", 2028, "-f", "markdown", *da).stdout,
        "track": run("track", employment, *da).stdout,
        "compare": run("compare", *neutral.values(), *da).stdout,
        "compare csv": run("compare", *neutral.values(), "-f", "csv", *da).stdout,
        "templates": run("templates", *da).stdout,
    }
    for suffix in ("xlsx", "docx"):
        out = tmp_path / f"settle.{suffix}"
        run("settle", employment, "--year", 2028, "-o", out, *da)
        outputs[f"settle {suffix}"] = texts_of(out)
    cleaned = {
        k: v.replace("hold 1", " ").replace("hold 2", " ").replace("hold 3", " ") for k, v in outputs.items()
    }
    for text in load_case(employment).outcomes[0].name, load_case(employment).case.name:
        cleaned = {k: v.replace(text, " ") for k, v in cleaned.items()}
    found = {what: leaks(text) for what, text in cleaned.items()}
    assert not any(found.values()), {k: v for k, v in found.items() if v}


@pytest.mark.parametrize(
    "args",
    [
        ("evaluate",),
        ("evaluate", "x.yaml", "--bogus"),
        ("evaluate", "x.yaml", "-f", "pdfx"),
        ("evaluate", "x.yaml", "y.yaml"),
        ("simulate", "x.yaml", "--draws", "many"),
        ("simulate", "x.yaml", "--draws", "0"),
        ("settle", "x.yaml"),
        ("explain", "x.yaml", "--year"),
        ("nocommand",),
    ],
)
def test_usage_errors_speak_danish(args: tuple[str, ...]) -> None:
    """Click's own messages, a mistyped command line's, follow --lang (or the locale)."""
    danish = CliRunner().invoke(app, [*args, "--lang", "da"], prog_name="sib-case")
    assert danish.exit_code == 2
    assert "Fejl: " in danish.stderr, danish.stderr
    assert "Usage" not in danish.stderr
    assert not leaks(danish.stderr), danish.stderr
    english = CliRunner().invoke(
        app, list(args), prog_name="sib-case", env={"LANG": "en_GB.UTF-8", "LC_ALL": ""}
    )
    assert "Error: " in english.stderr
    located = CliRunner().invoke(
        app, list(args), prog_name="sib-case", env={"LANG": "da_DK.UTF-8", "LC_ALL": ""}
    )
    assert "Fejl: " in located.stderr


def _help_texts() -> list[str]:
    """Every command's and option's help, as inspect.cleandoc gives it."""
    import inspect

    import click

    texts = []
    for command in [app, *app.commands.values()]:
        texts += [inspect.cleandoc(command.help)] if command.help else []
        texts += [p.help for p in command.params if isinstance(p, click.Option) and p.help]
    return list(dict.fromkeys(texts))


def test_every_help_text_has_its_danish() -> None:
    from sib_case.labels import HELP_DA

    missing = [text for text in _help_texts() if text not in HELP_DA]
    assert not missing, missing
    assert not set(HELP_DA) - set(_help_texts())  # no Danish left over from a text since changed


@pytest.mark.parametrize("command", [(), *[(name,) for name in sorted(app.commands)]], ids=" ".join)
def test_help_speaks_danish(command: tuple[str, ...]) -> None:
    """`--help` under a Danish locale (or --lang da) gives the command's help in Danish, its
    options' too, and the group's list of commands; English still in English."""
    from sib_case.labels import HELP_DA

    danish = CliRunner().invoke(  # the locale: not every command has --lang
        app, [*command, "--help"], prog_name="sib-case", env={"LANG": "da_DK.UTF-8", "LC_ALL": ""}
    )
    assert danish.exit_code == 0, danish.output
    english = CliRunner().invoke(
        app, [*command, "--help"], prog_name="sib-case", env={"LANG": "en_GB.UTF-8", "LC_ALL": ""}
    )
    flat_da, flat_en = " ".join(danish.stdout.split()), " ".join(english.stdout.split())
    for text in _help_texts():
        first = " ".join(text.split()[:6])  # a text's start survives Click's wrapping
        if first in flat_en:
            assert first not in flat_da or first == " ".join(HELP_DA[text].split()[:6]), first
            assert " ".join(HELP_DA[text].split()[:6]) in flat_da
    assert "Usage" not in danish.stdout
    assert not re.search(r"\b(TEXT|INTEGER|PATH)\b", danish.stdout)  # TEKST, HELTAL, STI


def test_a_lang_before_the_command_is_the_commands() -> None:
    """`sib-case --lang da validate CASE` speaks Danish, as `validate CASE --lang da` does."""
    case = str(Path(__file__).parent.parent / "cases" / "dk-employment.yaml")
    english = {"LANG": "en_GB.UTF-8", "LC_ALL": ""}
    before = CliRunner().invoke(app, ["--lang", "da", "validate", case], env=english)
    after = CliRunner().invoke(app, ["validate", case, "--lang", "da"], env=english)
    assert before.exit_code == after.exit_code == 0
    assert before.stderr == after.stderr
    assert ": bemærk: " in before.stderr


def test_every_number_the_command_takes_is_whole() -> None:
    """CLICK_DA says "er ikke et helt tal" for Click's 'is not a valid {number_type}'."""
    import click

    for command in app.commands.values():
        for param in command.params:
            if isinstance(param.type, click.types._NumberParamTypeBase):
                assert isinstance(param.type, click.types.IntParamType), (command.name, param.name)


def test_leaks_finds_english_and_field_names() -> None:
    assert leaks("Kommunens netto: 3.918.466 kr.") == []
    assert leaks("Municipal net") == ["net"]
    assert leaks("programme_cost 12") == ["programme_cost"]
    assert io  # the module's imports are the test helpers'
