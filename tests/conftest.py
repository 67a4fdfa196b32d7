"""Shared test setup: the fast/full split, the Hypothesis profiles and the golden files.

How to run
----------
    python -m pytest                         the fast tests (slow ones deselected), a few
                                             Hypothesis examples a property
    python -m pytest --all                   everything, Hypothesis at its full count (CI)
    SIB_CASE_TESTS=full python -m pytest     the same as --all
    python -m pytest -m "slow or not slow"   the same as --all
    python -m pytest -m slow                 only the slow tests

The full Hypothesis count goes with every run that selects the slow tests (--all,
SIB_CASE_TESTS=full, or a -m that names `slow` other than as `not slow`).

Slow tests carry `@pytest.mark.slow` (registered in pyproject.toml, whose addopts give
`-m "not slow"`): the matplotlib charts (tornado and histogram, PNG/SVG), Word files, the HTML page of every
case, and the workbook recalculated by `formulas`. The properties (tests/test_properties.py)
run in both, at 10 examples each in the fast run and 50 in the full run (the profiles
below; `--hypothesis-profile` overrides them).

Golden files
------------
tests/golden/ holds outputs written by the code itself, compared by the `golden` fixture:
text exactly, JSON by layout and wording exactly and numbers to the cent (money) or to
1e-9 relative (everything else). Their numbers are not checked there but against hand
calculations (tests/test_reference.py and the others). After a deliberate change to an
output, regenerate every golden file with ONE switch and read the diff:

    SIB_CASE_REGEN_GOLDEN=1 python -m pytest
    git diff tests/golden

Under the switch only the golden tests run (every test using the fixture is marked
`golden`, slow or not); `python -m pytest -m golden` runs them without writing.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from sib_case.figures import COLUMNS, METRICS

GOLDEN = Path(__file__).parent / "golden"
FULL = os.environ.get("SIB_CASE_TESTS", "").lower() == "full"
REGENERATE = os.environ.get("SIB_CASE_REGEN_GOLDEN", "") not in ("", "0")

# Hypothesis: a few examples a property in the fast run, the full count in the full run.
# No deadline: a case's first evaluation compiles and caches, so timings vary.
QUIET = [HealthCheck.too_slow]  # drawing a whole case takes a while; that is no fault
settings.register_profile("fast", max_examples=10, deadline=None, suppress_health_check=QUIET)
settings.register_profile("full", max_examples=50, deadline=None, suppress_health_check=QUIET)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--all",
        action="store_true",
        default=False,
        help="run the slow tests too, with Hypothesis at its full count (as SIB_CASE_TESTS=full)",
    )


DEFAULT_SELECTION = "not slow"  # the -m of the addopts in pyproject.toml


def pytest_configure(config: pytest.Config) -> None:
    chosen = config.option.markexpr
    asks_for_slow = chosen != DEFAULT_SELECTION and re.search(r"(?<!not )\bslow\b", chosen) is not None
    full = FULL or config.getoption("--all") or asks_for_slow
    if chosen == DEFAULT_SELECTION:  # no -m of the user's own
        if REGENERATE:
            config.option.markexpr = "golden"  # every golden test, slow or not
        elif full:
            config.option.markexpr = ""  # every test
    if not config.getoption("hypothesis_profile", None):  # an explicit --hypothesis-profile wins
        settings.load_profile("full" if full else "fast")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that compare with a golden file are marked `golden`, so -m golden finds them."""
    for item in items:
        if "golden" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.golden)


# ---- golden files ----------------------------------------------------------------------

# A number in JSON text; masked out for the layout comparison.
NUMBER = re.compile(r"-?\b\d+(?:\.\d+)?(?:[eE][-+]?\d+)?\b")
CENT = 0.005  # money agrees to the cent
RELATIVE = 1e-9  # other figures (ratios, rates, effects, units) to 1e-9 relative
MONEY = {name for name, f in (*METRICS.items(), *COLUMNS.items()) if f.kind == "money"}


def _same_json(actual: Any, expected: Any, where: str, money: bool = False) -> None:
    """The same structure (keys in order, types, strings, ints, nulls exactly); floats to the
    cent where they are money (a money figure, or a per-outcome mapping of one), else to
    RELATIVE."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), where
        assert list(actual) == list(expected), where
        for key, value in expected.items():
            _same_json(actual[key], value, f"{where}.{key}", money or key in MONEY)
    elif isinstance(expected, list):
        assert isinstance(actual, list), where
        assert len(actual) == len(expected), where
        for i, value in enumerate(expected):
            _same_json(actual[i], value, f"{where}[{i}]", money)
    elif isinstance(expected, float):
        assert type(actual) is float, f"{where}: {actual!r}, expected {expected!r}"
        if money:
            assert math.isclose(actual, expected, abs_tol=CENT), f"{where}: {actual!r}, expected {expected!r}"
        else:
            assert math.isclose(actual, expected, rel_tol=RELATIVE, abs_tol=1e-12), (
                f"{where}: {actual!r}, expected {expected!r}"
            )
    else:  # str, int, bool, None
        assert type(actual) is type(expected), f"{where}: {actual!r}, expected {expected!r}"
        assert actual == expected, where


def compare_golden(name: str, actual: str) -> None:
    """`actual` against tests/golden/NAME (or, under SIB_CASE_REGEN_GOLDEN=1, written there)."""
    path = GOLDEN / name
    if REGENERATE:
        path.write_text(actual, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    if path.suffix != ".json":
        assert actual == expected
        return
    # Layout and wording: the text with every number masked must be the same ...
    assert NUMBER.sub("#", actual) == NUMBER.sub("#", expected)
    # ... and the numbers the same to the cent (money) or to 1e-9 relative.
    _same_json(json.loads(actual), json.loads(expected), name)


@pytest.fixture
def golden() -> Callable[[str, str], None]:
    """`golden(name, text)`: compare text with tests/golden/NAME (see the module's docstring)."""
    return compare_golden


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test keeps batch results (sib_case.cache) in a folder of its own, empty at its
    start: never in the user's cache folder, and never one test's results in another's."""
    monkeypatch.setenv("SIB_CASE_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
