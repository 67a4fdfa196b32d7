"""`sib-case schema`, `templates` and `init`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from sib_case import load_case
from sib_case.cli import app
from sib_case.starter import template_names

ROOT = Path(__file__).parent.parent
SCHEMA = json.loads((ROOT / "case.schema.json").read_text(encoding="utf-8"))
CASE_FILES = sorted(
    [
        *(p for p in (ROOT / "cases").rglob("*.yaml") if ".results." not in p.name),
        *(ROOT / "templates").glob("*.yaml"),
        *(ROOT / "tests" / "reference").glob("*.yaml"),
    ]
)


def as_json(data: Any) -> Any:
    """YAML data as JSON would hold it: mapping keys (years) become text."""
    if isinstance(data, dict):
        return {str(k): as_json(v) for k, v in data.items()}
    if isinstance(data, list):
        return [as_json(v) for v in data]
    return data


def test_committed_schema_is_what_the_command_prints() -> None:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == SCHEMA, "regenerate: sib-case schema -o case.schema.json --force"


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_schema_accepts_every_shipped_case_and_template(path: Path) -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    data = as_json(yaml.safe_load(path.read_text(encoding="utf-8")))
    errors = [e.message for e in jsonschema.Draft202012Validator(SCHEMA).iter_errors(data)]
    assert errors == []


def test_schema_refuses_an_unknown_key() -> None:
    data = as_json(yaml.safe_load((ROOT / "tests" / "reference" / "small.yaml").read_text()))
    data["outcomes"][0]["atribution"] = 0.8
    errors = [e.message for e in jsonschema.Draft202012Validator(SCHEMA).iter_errors(data)]
    assert errors == ["Additional properties are not allowed ('atribution' was unexpected)"]


def test_templates_command_lists_every_template() -> None:
    result = CliRunner().invoke(app, ["templates"])
    assert result.exit_code == 0
    listed = [line.split()[0] for line in result.stdout.splitlines()]
    assert listed == template_names()
    assert len(listed) >= 5


@pytest.mark.parametrize("template", template_names())
def test_init_from_every_template_writes_a_valid_case(template: str, tmp_path: Path) -> None:
    target = tmp_path / "new.yaml"
    result = CliRunner().invoke(
        app,
        [
            "init",
            str(target),
            "--template",
            template,
            "--name",
            "Ny sag",
            "--municipality",
            "Køge Kommune",
            "--participants",
            "50",
            "--financing",
            "self",
        ],
    )
    assert result.exit_code == 0, result.stderr
    case = load_case(target)
    assert case.case.name == "Ny sag"
    assert case.case.municipality == "Køge Kommune"
    assert sum(c.participants for c in case.cohorts) == 50
    assert case.financing.mode == "self"
    assert target.read_text().startswith("# yaml-language-server: $schema=")
    assert (tmp_path / "case.schema.json").exists()


def test_init_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "mine.yaml"
    target.write_text("my own work")
    result = CliRunner().invoke(app, ["init", str(target)])
    assert result.exit_code == 1
    assert result.stderr == f"{target}: already exists; use --force to overwrite it\n"
    assert target.read_text() == "my own work"


def test_init_unknown_template(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["init", str(tmp_path / "x.yaml"), "--template", "nope"])
    assert result.exit_code == 1
    assert result.stderr.startswith("no template named 'nope'; templates: ")


def test_init_answers_that_do_not_fit(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["init", str(tmp_path / "x.yaml"), "--years", "1"])
    assert result.exit_code == 1
    assert result.stderr.startswith("the answers do not fit the template:\n")


def test_init_asks_in_one_language_and_asks_again_until_an_answer_fits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sib_case.cli._interactive", lambda: True)
    target = tmp_path / "stress.yaml"
    # template: a typo, then health by its number in the list; participants: 0 and text, then
    # 40; years: 1 is too short for the template (cohorts to 2028, a lump sum in 2029: 4 years),
    # then 6; financing: a typo, then self-financing in Danish words
    answers = "\n".join(
        ["helth", "4", "Stressforløb i Køge", "Køge Kommune", "Forløb for sygemeldte med stress",
         "0", "mange", "40", "1", "6", "sip", "egen"]
    )  # fmt: skip
    result = CliRunner().invoke(app, ["init", str(target), "--lang", "da"], input=answers + "\n")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Skabelon" in out
    assert "Template" not in out
    assert "Stressforløb for sygemeldte med stress" in out  # the templates, described in Danish
    assert result.stderr.count("angiv en af:") == 2  # the template and the financing, asked again
    assert "  4  health " in out
    assert "angiv en af: sei, egen, sib, self; fik 'sip'" in result.stderr
    assert "angiv et helt tal fra 1 til 1000000, fik '0'" in result.stderr
    assert "angiv et helt tal fra 1 til 1000000, fik 'mange'" in result.stderr
    assert "angiv et helt tal fra 4 til 100, fik '1'" in result.stderr  # cohorts to 2028, paid 2029
    assert out.rstrip().endswith(f"sib-case memo {target} -o notat.docx --lang da")
    case = load_case(target)
    assert case.case.name == "Stressforløb i Køge"
    assert case.case.description == "Forløb for sygemeldte med stress"
    assert sum(c.participants for c in case.cohorts) == 40
    assert case.case.horizon == 6
    assert case.financing.mode == "self"
    text = target.read_text(encoding="utf-8")
    assert "EN:" not in text
    assert "DA:" not in text
    assert "TEMPLATE" not in text
