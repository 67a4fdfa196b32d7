"""The templates in templates/, the starting points `sib-case init --template NAME FILE` copies:
each is a complete, valid case that evaluates under both financing modes, whose scenarios load,
that an editor can check against case.schema.json, and that explains itself: every key
commented in Danish and English, a one-sentence Danish description first."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from sib_case import evaluate, load_case
from sib_case.uncertainty import sensitivity, simulate, uncertain_inputs

ROOT = Path(__file__).parent.parent
TEMPLATES = sorted((ROOT / "templates").glob("*.yaml"))
SCHEMA_LINE = "# yaml-language-server: $schema=../case.schema.json"
AREAS = {"employment", "children-families", "homelessness-housing", "crime-reoffending", "health"}
SCENARIOS = ("pessimistisk", "optimistisk")

# Common Danish words, and English words that never occur in Danish text: a description's
# first sentence must have some of the first and none of the second.
DANISH_WORDS = {"og", "for", "med", "til", "af", "der", "en", "et", "i", "på", "som", "når", "efter", "hvert"}
ENGLISH_WORDS = {"the", "and", "of", "with", "which", "who", "paid", "people", "support"}

templates = pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.stem)


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads((ROOT / "case.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def as_json(value: Any) -> Any:
    """The YAML data as JSON would have it: mapping keys are strings (YAML reads the year keys
    of `amounts: {2026: ...}` as integers)."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return value


def first_sentence(text: str) -> str:
    """The first sentence as `sib-case templates` shows it: up to the first '. '."""
    return text.strip().split(". ")[0].rstrip(".") + "."


def test_every_area_has_a_template() -> None:
    assert {p.stem for p in TEMPLATES} >= AREAS


@templates
def test_first_line_points_editors_at_the_schema(path: Path) -> None:
    assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE


@templates
def test_short_enough_to_read(path: Path) -> None:
    assert 80 <= len(path.read_text(encoding="utf-8").splitlines()) <= 200


@templates
def test_validates_against_the_json_schema(path: Path, validator: jsonschema.Draft202012Validator) -> None:
    data = as_json(yaml.safe_load(path.read_text(encoding="utf-8")))
    errors = sorted(validator.iter_errors(data), key=lambda e: e.json_path)
    assert not errors, "\n".join(f"{e.json_path}: {e.message}" for e in errors)


@templates
def test_evaluates_under_both_financing_modes(path: Path) -> None:
    case = load_case(path)
    assert case.financing.mode == "sib"
    for mode in ("sib", "self"):
        metrics = evaluate(case, mode).primary.metrics
        assert math.isfinite(metrics.municipal_npv)
        assert math.isfinite(metrics.public_npv)
        assert metrics.total_programme_cost > 0
        assert metrics.total_savings_municipal > 0


@templates
def test_the_sib_is_a_real_deal(path: Path) -> None:
    """Paid on outcomes, capped, and every transaction cost says when it arises."""
    case = load_case(path)
    financing = case.financing
    assert financing.payments
    caps = [financing.cap, *(rule.cap for rule in financing.payments)]
    assert any(cap.model_dump(exclude_none=True) for cap in caps)
    metrics = evaluate(case, "sib").primary.metrics
    assert metrics.total_outcome_payments > 0
    assert metrics.investor_irr is not None
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert raw["transaction_costs"]
    assert all(cost.get("under") in ("sib", "self", "both") for cost in raw["transaction_costs"])


@templates
def test_scenarios_put_the_uncertain_inputs_at_the_ends_of_their_ranges(path: Path) -> None:
    case = load_case(path)
    assert set(SCENARIOS) <= set(case.scenarios)
    uncertain = {u.path: u for u in uncertain_inputs(case)}
    assert 2 <= len(uncertain) <= 4
    npv = {}
    for name in case.scenarios:
        overrides = case.scenarios[name]
        if name in SCENARIOS:
            assert set(overrides) == set(uncertain), name
            for key, value in overrides.items():
                assert value in (uncertain[key].low, uncertain[key].high), (name, key)
        npv[name] = evaluate(load_case(path, scenario=name), "self").primary.metrics.municipal_npv
    # Self-financed, the municipality bears every effect and saving itself, so the ends order the NPV.
    base = evaluate(case, "self").primary.metrics.municipal_npv
    assert npv["pessimistisk"] < base < npv["optimistisk"]


@templates
def test_every_distribution_says_where_its_range_comes_from(path: Path) -> None:
    inputs = uncertain_inputs(load_case(path))
    assert inputs  # every template gives ranges (see above)
    for found in inputs:
        assert found.dist.source.strip(), found.path


@templates
def test_simulate_and_sensitivity_run(path: Path) -> None:
    case = load_case(path)
    simulation = simulate(case, draws=500)
    assert 0 <= simulation.probability_municipal_gain <= 1
    tornado = sensitivity(case)
    assert tornado.base_municipal_npv == pytest.approx(evaluate(case).primary.metrics.municipal_npv)
    assert {i.name for i in tornado.inputs} == {u.path for u in uncertain_inputs(case)}


@templates
def test_a_danish_one_sentence_description_and_a_placeholder_municipality(path: Path) -> None:
    info = load_case(path).case
    assert info.municipality == "Kommunens navn"
    first = first_sentence(info.description)
    assert first[0].isupper()
    assert len(first.split()) >= 8, first  # a whole sentence, not cut at an abbreviation
    assert len(first) <= 130, first  # short enough for the `sib-case templates` list
    words = set(re.findall(r"[a-zæøå]+", first.lower()))
    assert words & DANISH_WORDS, first
    assert not words & ENGLISH_WORDS, first


@templates
def test_every_key_is_commented_in_danish_and_english(path: Path) -> None:
    """Each line of YAML carries a comment (at its end, or the comment lines right above it)
    with a Danish (DA:) and an English (EN:) part. Lines of a block scalar are text, not keys."""
    lines = path.read_text(encoding="utf-8").splitlines()
    missing = []
    block_indent: int | None = None  # inside a block scalar (description: >-) deeper than this
    above: list[str] = []  # the comment lines just above the current line
    keys = 0
    for number, line in enumerate(lines[1:], start=2):
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        if block_indent is not None and (not stripped or indent > block_indent):
            continue
        block_indent = None
        if not stripped:
            above = []
            continue
        if stripped.startswith("#"):
            above.append(stripped)
            continue
        keys += 1
        inline = line.split(" #", 1)[1] if " #" in line else ""
        comment = inline or " ".join(above)
        if "DA:" not in comment or "EN:" not in comment:
            missing.append(f"{path.name}:{number}: {stripped}")
        if re.search(r":\s*[>|][-+]?\s*(#.*)?$", line):
            block_indent = indent
        above = []
    assert keys >= 20  # the template's lines of YAML were read
    assert not missing, "lines without a DA:/EN: comment:\n" + "\n".join(missing)
