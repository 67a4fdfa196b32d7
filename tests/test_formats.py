"""Numbers and percentages are made without Babel's formatter (for start-up speed): they
must read exactly as Babel's `format_decimal` and `format_percent` make them, the
independent reference, for any value, in both languages."""

from __future__ import annotations

import pytest
from babel import numbers as babel
from hypothesis import given
from hypothesis import strategies as st

from sib_case.formats import number, percent

PERCENT = {"en": "%", "da": "\xa0%"}
values = st.one_of(
    st.floats(min_value=-1e15, max_value=1e15, allow_nan=False),
    st.integers(-(10**15), 10**15),
    st.sampled_from([0.5, 1.5, 2.5, -0.5, 1.005, 1.015, 2.675, 0.125, -0.0, 1e-9, 999.9995, 12345.5]),
)


def by_babel(value: float, lang: str, decimals: int) -> str:
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    text: str = babel.format_decimal(value, format=pattern, locale=lang)
    return text[1:] if text.startswith("-") and not any(c in "123456789" for c in text) else text


@given(value=values, decimals=st.integers(0, 4), lang=st.sampled_from(["en", "da"]))
def test_number_reads_as_babel_writes_it(value: float, decimals: int, lang: str) -> None:
    assert number(value, lang, decimals) == by_babel(value, lang, decimals)  # type: ignore[arg-type]


@given(
    value=st.floats(min_value=-1e6, max_value=1e6, allow_nan=False) | st.sampled_from([0.035, 0.0455, 0.046]),
    decimals=st.integers(0, 3),
    lang=st.sampled_from(["en", "da"]),
)
def test_percent_reads_as_babel_writes_it(value: float, decimals: int, lang: str) -> None:
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + PERCENT[lang]
    assert percent(value, lang, decimals) == babel.format_percent(value, format=pattern, locale=lang)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "text"),
    [
        (1234567.0, "da", 0, "1.234.567"),
        (1234567.0, "en", 0, "1,234,567"),
        (-0.4, "da", 0, "0"),  # no minus zero
        (2.5, "en", 0, "2"),  # half to even
        (1.015, "en", 2, "1.02"),  # on the decimal text 1.015, not the binary 1.01499...
        (10.0**30, "en", 2, "1,000,000,000,000,000,000,000,000,000,000.00"),
    ],
)
def test_number_examples(value: float, lang: str, decimals: int, text: str) -> None:
    assert number(value, lang, decimals) == text  # type: ignore[arg-type]


def test_percent_examples() -> None:
    assert percent(0.035, "da") == "3,5\xa0%"
    assert percent(0.035, "en") == "3.5%"


def test_any_iso_currency_is_formatted_by_babel() -> None:
    # issue 10: an Australian social benefit bond is in AUD; Babel writes A$ in English.
    # issue 12: Danish writes a foreign currency by its code after the amount, as Danish
    # accounts do (4.700.000 GBP, not £4.700.000), and kroner as kr.
    from sib_case.formats import money

    assert money(1_234_567, "AUD", "en") == "A$ 1,234,567"
    assert money(1_234_567, "AUD", "da") == "1.234.567 AUD"
    assert money(4_700_000, "GBP", "da") == "4.700.000 GBP"
    assert money(-1_234_567, "SEK", "da") == "-1.234.567 SEK"
    assert money(-850_000.4, "DKK", "da") == "-850.000 kr."


def test_labels_name_a_commissioner_that_is_not_a_municipality() -> None:
    """A state commissioner: the code's words say "state", the case's text stays as written."""
    from sib_case.figures import METRICS
    from sib_case.labels import label, speaking_of
    from sib_case.model import CaseInfo

    class Stated:
        case = CaseInfo(name="Municipality of X", commissioner="state", start_year=2026, horizon=1)

    with speaking_of(Stated):
        assert METRICS["municipal_npv"].label("en") == "State NPV"
        assert METRICS["net_municipal_gain"].label("da") == "Statens nettogevinst"
        assert label("memo.holder.municipality", "da") == "staten"
    assert METRICS["municipal_npv"].label("en") == "Municipal NPV"  # outside the block, as before
    assert Stated.case.name == "Municipality of X"


def test_a_placeholder_named_after_the_municipality_is_left_alone() -> None:
    from sib_case.labels import commissioner_words, speaking_of
    from sib_case.model import CaseInfo

    class Stated:
        case = CaseInfo(name="x", commissioner="state", start_year=2026, horizon=1)

    with speaking_of(Stated):
        assert commissioner_words("Municipality: {municipality}", "en") == "State: {municipality}"


def test_a_break_even_year_never_below_zero_says_so() -> None:
    """tests/reference/small.yaml under the SIB: the cumulative municipal net is never below
    zero (test_reference.py), so the table says so rather than naming 2026; self-financed it
    turns in 2027. The JSON keeps the year (the contract's meaning)."""
    from pathlib import Path

    from sib_case import evaluate, load_case
    from sib_case.figures import METRICS

    result = evaluate(load_case(Path(__file__).parent / "reference" / "small.yaml"))
    figure = METRICS["break_even_year"]
    assert result.primary.text(figure) == "never below zero"
    assert result.primary.text(figure, "da") == "aldrig under nul"
    assert result.primary.metrics.break_even_year == 2026
    assert result.alternative.text(figure) == "2027"
