"""Loading case files: every kind of bad file gets its exact message, no traceback."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from sib_case import CaseFileError, load_case
from sib_case.loader import MAX_BYTES

BAD = Path(__file__).parent / "bad_cases"

# The exact messages, as `sib-case validate` prints them ({dir} is the folder given).
EXPECTED = {
    "alias_bomb.yaml": [
        "{dir}/alias_bomb.yaml:1: more than 50,000 values after expanding aliases; refused",
    ],
    "bad_mode.yaml": [
        "{dir}/bad_mode.yaml:35: financing.mode: must be one of 'sib', 'self' or 'fund', got 'sibb'",
    ],
    "bad_rule_type.yaml": [
        "{dir}/bad_rule_type.yaml:37: financing.payments[0]: type must be one of 'rate_card', 'savings_share', 'fixed', 'tiers', 'return_bands', got 'rate_cards'",
    ],
    "binary.yaml": [
        "{dir}/binary.yaml: is a binary file, not a YAML case file",
    ],
    "dist_extra_parameter.yaml": [
        "{dir}/dist_extra_parameter.yaml:20: outcomes[0].with_programme: a uniform distribution takes low and high; mode does not belong",
    ],
    "dist_low_not_below_high.yaml": [
        "{dir}/dist_low_not_below_high.yaml:20: outcomes[0].with_programme: low must be below high, got low 0.6 and high 0.35",
    ],
    "dist_missing_parameter.yaml": [
        "{dir}/dist_missing_parameter.yaml:20: outcomes[0].with_programme: a triangular distribution takes low, mode and high; mode missing",
    ],
    "dist_mode_outside_range.yaml": [
        "{dir}/dist_mode_outside_range.yaml:20: outcomes[0].with_programme: mode must lie between low (0.35) and high (0.6), got 0.7",
    ],
    "dist_negative_money.yaml": [
        "{dir}/dist_negative_money.yaml:26: outcomes[0].savings[0].amount: low must be at least 0, got -10000",
    ],
    "dist_sd_not_positive.yaml": [
        "{dir}/dist_sd_not_positive.yaml:20: outcomes[0].with_programme: sd must be greater than 0, got 0",
    ],
    "dist_share_above_one.yaml": [
        "{dir}/dist_share_above_one.yaml:20: outcomes[0].with_programme: high must be between 0 and 1, got 1.2 (a share of participants; for a count or rate per participant, add measure: rate)",
    ],
    "dist_sigma_not_positive.yaml": [
        "{dir}/dist_sigma_not_positive.yaml:26: outcomes[0].savings[0].amount: sigma must be greater than 0, got -0.2",
    ],
    "dist_unknown_kind.yaml": [
        "{dir}/dist_unknown_kind.yaml:20: outcomes[0].with_programme.dist: must be one of 'uniform', 'triangular', 'pert', 'normal' or 'lognormal', got 'beta'",
    ],
    "dist_unknown_parameter.yaml": [
        "{dir}/dist_unknown_parameter.yaml:20: outcomes[0].with_programme.hihg: unknown key 'hihg'; did you mean 'high'?",
    ],
    "dist_without_kind.yaml": [
        "{dir}/dist_without_kind.yaml:20: outcomes[0].with_programme.dist: is required",
    ],
    "discount_rate_percent.yaml": [
        "{dir}/discount_rate_percent.yaml:6: case.discount_rate: must be between -0.5 and 1, got 5 (write a percentage as a fraction: 3.5 % is 0.035)",
    ],
    "duplicate_key.yaml": [
        "{dir}/duplicate_key.yaml:6: case.horizon: duplicate key 'horizon'; each key may appear once",
    ],
    "effect_out_of_range.yaml": [
        "{dir}/effect_out_of_range.yaml:20: outcomes[0].with_programme: must be between 0 and 1, got 1.4 (a share of participants; for a count or rate per participant, add measure: rate)",
    ],
    "empty.yaml": [
        "{dir}/empty.yaml: is empty; a case file needs at least case:, cohorts:, outcomes: and financing:",
    ],
    "horizon_text.yaml": [
        "{dir}/horizon_text.yaml:5: case.horizon: must be a whole number, got 'five'",
    ],
    "missing_financing.yaml": [
        "{dir}/missing_financing.yaml:1: financing: is required",
    ],
    "negative_price.yaml": [
        "{dir}/negative_price.yaml:39: financing.payments[0].price: must be at least 0, got -50000",
    ],
    "not_a_mapping.yaml": [
        "{dir}/not_a_mapping.yaml:1: a case file must be a mapping of keys (case:, cohorts:, ...)",
    ],
    "profile_out_of_range.yaml": [
        "{dir}/profile_out_of_range.yaml:22: outcomes[0].profile[2]: must be between 0 and 1, got 2.0 (write a percentage as a fraction: 3.5 % is 0.035)",
    ],
    "python_tag.yaml": [
        "{dir}/python_tag.yaml:2: case.name: the tag !!python/object/apply:os.system is not allowed; only plain YAML values are",
    ],
    "rule_unknown_key.yaml": [
        "{dir}/rule_unknown_key.yaml:42: financing.payments[0].pricee: unknown key 'pricee'; did you mean 'price'?",
    ],
    "scenario_not_a_mapping.yaml": [
        "{dir}/scenario_not_a_mapping.yaml:42: scenarios.pessimistic: must be a mapping (key: value lines), got 0.35",
    ],
    "several_errors.yaml": [
        "{dir}/several_errors.yaml:9: cohorts[0].participants: must be greater than 0, got -3",
        "{dir}/several_errors.yaml:11: cohorts[1].participants: must be greater than 0, got -3",
        "{dir}/several_errors.yaml:17: outcomes[0]: give either baseline and with_programme, or effect (and deadweight), not both",
    ],
    "shares_not_one.yaml": [
        "{dir}/shares_not_one.yaml:27: outcomes[0].savings[0].shares: must sum to 1, got 0.9",
    ],
    "syntax_error.yaml": [
        "{dir}/syntax_error.yaml:3: not valid YAML: did not find expected ',' or ']'",
    ],
    "unknown_currency.yaml": [  # any ISO 4217 code Babel knows (AUD, SEK, ...); DKR is no code
        "{dir}/unknown_currency.yaml:7: case.currency: must be an ISO 4217 currency code in capitals, such as DKK, EUR, GBP, USD or AUD, got 'DKR'",
    ],
    "unknown_holder.yaml": [
        "{dir}/unknown_holder.yaml:27: outcomes[0].savings[0].shares.municipal: key must be one of 'municipality', 'region', 'state' or 'other', got 'municipal'",
    ],
    "unknown_key.yaml": [
        "{dir}/unknown_key.yaml:21: outcomes[0].atribution: unknown key 'atribution'; did you mean 'attribution'?",
    ],
    "unknown_outcome.yaml": [
        "{dir}/unknown_outcome.yaml:38: financing.payments[0].outcome: no outcome named 'employmnt'; outcomes are: employment",
    ],
    "year_outside.yaml": [
        "{dir}/year_outside.yaml:32: transaction_costs[0].amounts.2036: year must be between 2026 and 2030 (start_year and horizon), got 2036",
    ],
}


def test_every_bad_case_file_has_an_expectation() -> None:
    assert sorted(p.name for p in BAD.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_case_file_gives_its_exact_message(name: str) -> None:
    with pytest.raises(CaseFileError) as caught:
        load_case(BAD / name)
    assert caught.value.messages() == [m.format(dir=BAD) for m in EXPECTED[name]]


def test_hostile_yaml_is_refused_within_a_second() -> None:
    start = time.perf_counter()
    for name in ("alias_bomb.yaml", "python_tag.yaml", "binary.yaml"):
        with pytest.raises(CaseFileError):
            load_case(BAD / name)
    assert time.perf_counter() - start < 5  # generous: the point is "no hang", not speed


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("a: " + "[" * 5000 + "]" * 5000 + "\n")
    with pytest.raises(CaseFileError, match="nest"):  # PyYAML 6.0.4+ has its own depth limit
        load_case(path)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(CaseFileError, match="no such file"):
        load_case(tmp_path / "nope.yaml")
    with pytest.raises(CaseFileError, match="is a folder"):
        load_case(tmp_path)


def test_oversized_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text("# " + "x" * MAX_BYTES + "\n")
    with pytest.raises(CaseFileError, match="larger than"):
        load_case(path)


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("case:\n  name: K\u00f8ge\n".encode("latin-1"))
    with pytest.raises(CaseFileError) as caught:
        load_case(path)
    assert caught.value.messages() == [f"{path}:2: is not UTF-8 text; save the case file as UTF-8"]


def test_merge_keys_and_complex_keys_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "merge.yaml"
    path.write_text("base: &b {x: 1}\ncase:\n  <<: *b\n? [a, b]\n: 1\n")
    with pytest.raises(CaseFileError) as caught:
        load_case(path)
    assert caught.value.messages() == [
        f"{path}:3: case: merge keys (<<) are not supported; write the keys out",
        f"{path}:4: a key must be a plain word or number",
    ]


def test_reference_case_loads() -> None:
    case = load_case(Path(__file__).parent / "reference" / "small.yaml")
    assert case.case.name == "Small reference case"
    assert case.outcomes[0].improvement == pytest.approx(0.3)  # 0.5 - 0.2


def test_levels_and_gross_effect_reduce_to_the_same_improvement() -> None:
    from sib_case.model import Outcome

    levels = Outcome(name="work", baseline=0.2, with_programme=0.5, profile=[1.0])
    gross = Outcome(name="work", effect=0.5, deadweight=0.4, profile=[1.0])
    lower = Outcome(name="crime", baseline=0.6, with_programme=0.3, better="lower", profile=[1.0])
    assert levels.improvement == pytest.approx(0.3)  # 0.5 - 0.2
    assert gross.improvement == pytest.approx(0.3)  # 0.5 x (1 - 0.4)
    assert lower.improvement == pytest.approx(0.3)  # 0.6 - 0.3, lower is better


def test_fast_and_careful_roads_agree() -> None:
    """A good file is read by the C parser without line bookkeeping; the careful reader
    (used to report problems) must give the very same case."""
    from sib_case.loader import _careful_load, _fast_load, _read_text, parse_case

    root = Path(__file__).parent.parent
    for path in [
        *sorted(p for p in (root / "cases").rglob("*.yaml") if ".results." not in p.name),
        root / "tests" / "reference" / "small.yaml",
    ]:
        text = _read_text(path)
        fast = _fast_load(text)
        assert fast is not None, path
        careful, lines = _careful_load(text, str(path))
        assert fast == careful
        assert load_case(path) == parse_case(careful, lines, str(path))


def test_a_scenario_validated_on_the_base_case_is_the_scenario_validated_whole() -> None:
    """The fast road validates a scenario again only where it changes the case: the sections
    it leaves as they were are the base case's, validated already. That must give the very
    case (or the very refusal) a whole validation gives, also for a fund's loan, whose
    financing the validation transforms, and for a scenario that breaks a whole-case check."""
    import yaml

    from sib_case.loader import _fast_case, _fast_load, _overridden, _read_text, _reusing

    root = Path(__file__).parent.parent
    youth = yaml.safe_load((root / "cases" / "dk-youth-homelessness.yaml").read_text())
    as_fund = {**youth, "financing": {**youth["financing"], "mode": "fund"}}
    as_fund["scenarios"] = {
        **youth["scenarios"],
        "later": {"case.start_year": 2040},
        "no grants": {"grants": None},  # a field the base leaves out, set to null: refused
    }
    files = [
        *sorted(p for p in (root / "cases").rglob("*.yaml") if ".results." not in p.name),
        *sorted((root / "templates").glob("*.yaml")),
        *sorted((root / "tests" / "scenario_cases").glob("*.yaml")),
    ]
    datas = [_fast_load(_read_text(p)) for p in files] + [as_fund]
    tried = refused = 0
    for data in datas:
        case = _fast_case(data)
        for name in case.scenarios if case is not None else ():
            changed = _overridden(data, name)
            whole = _fast_case(changed)
            assert _fast_case(_reusing(changed, data, case)) == whole, name
            tried += 1
            refused += whole is None
    fund = _fast_case(as_fund)
    assert fund is not None
    assert fund.fund
    assert tried > 30
    assert refused >= 5  # the broken scenarios of tests/scenario_cases, 'later' and 'no grants'


def test_anchors_take_the_careful_road(tmp_path: Path) -> None:
    text = (Path(__file__).parent / "reference" / "small.yaml").read_text()
    text = text.replace("    profile: [0.5, 1.0, 1.0]", "    profile: &ramp [0.5, 1.0, 1.0]")
    path = tmp_path / "anchored.yaml"
    path.write_text(text)
    from sib_case.loader import _fast_load

    assert _fast_load(text) is None
    assert load_case(path).outcomes[0].profile == [0.5, 1.0, 1.0]


def test_a_year_key_in_quotes_is_the_year_it_spells(tmp_path: Path) -> None:
    """issue 13: yaml.safe_dump writes the year keys of data that came from JSON in quotes
    ('2027': 1000). They mean the year; a year given both ways is refused."""
    import yaml

    from sib_case.result import evaluate, to_dict

    root = Path(__file__).parent.parent / "cases"
    data = yaml.safe_load((root / "dk-employment.yaml").read_text(encoding="utf-8"))
    data["programme_cost"]["fixed"] = {2027: 1000.0}
    data["transaction_costs"][0]["amounts"] = {
        str(y): v for y, v in data["transaction_costs"][0]["amounts"].items()
    }
    bare, quoted = tmp_path / "bare.yaml", tmp_path / "quoted.yaml"
    bare.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    data["programme_cost"]["fixed"] = {"2027": 1000.0}
    quoted.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert "'2027': 1000" in quoted.read_text(encoding="utf-8")
    assert to_dict(evaluate(load_case(quoted))) == to_dict(evaluate(load_case(bare)))

    data["programme_cost"]["fixed"] = {"2027": 1000.0, 2027: 5.0}
    twice = tmp_path / "twice.yaml"
    twice.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(CaseFileError, match=r"programme_cost\.fixed: year 2027 is given twice"):
        load_case(twice)
    data["programme_cost"]["fixed"] = {"x2027": 1000.0}
    twice.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(CaseFileError, match=r"key must be a whole number, got 'x2027'"):
        load_case(twice)


def test_a_scenario_leaves_the_data_it_was_applied_to_as_it_was() -> None:
    """apply_scenario copies only along the overridden paths: the case as written (which
    shares the rest) is never changed by a scenario."""
    import copy

    import yaml

    from sib_case.loader import apply_scenario

    path = Path(__file__).parent.parent / "cases" / "dk-youth-homelessness.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    before = copy.deepcopy(data)
    for name in data["scenarios"]:
        changed, _ = apply_scenario(data, {}, str(path), name)
        assert changed != data
    assert data == before
