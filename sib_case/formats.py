"""Numbers, money, shares and metrics as text in English or Danish.

Danish: 1.234.567 kr. (4.700.000 GBP), 3,5 %, 1,30 gange kapitalen. English: DKK 1,234,567 (or £1,234,567),
3.5%, 1.30x.
Money goes through Babel (currency symbols and their place), imported on first use.
Plain numbers and percentages, which a table prints by the hundred, are made here with
Babel's symbols and rounding for the two languages (half to even, on the number's decimal
text): the same text as Babel's `format_decimal` and `format_percent` (checked against
Babel in tests/test_formats.py), without loading Babel's locale data, which costs a
table about a tenth of its start-up.
"""

from __future__ import annotations

import decimal
from functools import cache
from typing import Any

from .labels import Lang, label, unit

LOCALE = {"en": "en", "da": "da"}  # the language alone: same symbols, fewer locale files to load
# Babel's (CLDR's) decimal and group symbols, swapped in for Python's "." and ",".
SEPARATORS = {"en": str.maketrans({}), "da": str.maketrans({".": ",", ",": "."})}
PERCENT_SIGN = {"en": "%", "da": "\xa0%"}


@cache
def _babel() -> Any:
    from babel import numbers

    return numbers


def _grouped(value: decimal.Decimal, decimals: int, lang: Lang) -> str:
    """A decimal rounded half to even to `decimals` places, grouped by thousands."""
    with decimal.localcontext() as context:
        context.prec = max(28, value.adjusted() + decimals + 2)  # room for every digit
        rounded = value.quantize(decimal.Decimal(1).scaleb(-decimals), rounding=decimal.ROUND_HALF_EVEN)
    return f"{rounded:,.{decimals}f}".translate(SEPARATORS[lang])


def number(value: float, lang: Lang = "en", decimals: int = 0) -> str:
    """1.234.567 (da) or 1,234,567 (en); no minus zero."""
    text = _grouped(decimal.Decimal(str(value)), decimals, lang)
    return text[1:] if text.startswith("-") and not any(c in "123456789" for c in text) else text


def money(value: float | None, currency: str, lang: Lang = "en") -> str:
    """1.234.567 kr. or 4.700.000 GBP (da: the code after the amount, as Danish accounts
    write a foreign currency), DKK 1,234,567 or £1,234,567 (en)."""
    if value is None:
        return label("none", lang)
    if lang == "da":
        return f"{number(round(value), lang)} {unit(currency, lang)}"
    babel = _babel()
    symbol = babel.get_currency_symbol(currency, locale=LOCALE[lang])
    pattern = "¤#,##0" if len(symbol) == 1 else ("#,##0 ¤" if lang == "da" else "¤ #,##0")
    text: str = babel.format_currency(
        round(value), currency, format=pattern, locale=LOCALE[lang], currency_digits=False
    )
    return text.replace("-0", "0") if round(value) == 0 else text


def rounded_money(value: float, currency: str, lang: Lang = "en") -> str:
    """Money as a memo writes it in running text: 3,2 mio. kr. / DKK 3.2 million from a
    million (whole millions from 100 million), 850.000 kr. to the thousand from 10,000, and
    smaller amounts to the krone."""
    size = abs(value)
    if size < 10_000:
        return money(value, currency, lang)
    if size < 999_500:
        return money(round(value, -3), currency, lang)
    millions = number(size / 1e6, lang, 1 if size < 99_950_000 else 0)
    sign = "-" if value < 0 else ""
    if lang == "da":
        return f"{sign}{millions} mio. {'kr.' if currency == 'DKK' else currency}"
    symbol = _babel().get_currency_symbol(currency, locale=LOCALE[lang])
    return f"{sign}{symbol}{millions} million" if len(symbol) == 1 else f"{sign}{currency} {millions} million"


def percent(value: float, lang: Lang = "en", decimals: int = 1) -> str:
    """3,5 % (da) or 3.5% (en)."""
    return _grouped(decimal.Decimal(str(value)).scaleb(2), decimals, lang) + PERCENT_SIGN[lang]


def figure_text(
    kind: str, value: Any, lang: Lang = "en", currency: str | None = None, compact: bool = False
) -> str:
    """A figure's value as text by its kind (see figures.Figure): money bare (or with
    `currency`), years, a rate as a percentage, the multiple as 1.30x, effects as
    0.43 x effect."""
    if kind == "year":
        return str(value) if value is not None else label("never", lang)
    if value is None:
        return label("none", lang)
    if kind == "money":
        return money(value, currency, lang) if currency else number(value, lang)
    if kind == "rate":
        return percent(value, lang)
    if kind == "multiple":
        return label("times_short" if compact else "times_capital", lang).format(value=number(value, lang, 2))
    if kind == "effect":
        share = percent(value, lang, 0)
        return share if compact else label("of_effect", lang).format(value=share)
    if kind == "count":
        return number(value, lang)
    return number(value, lang, 2)
