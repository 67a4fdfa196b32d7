"""Numbers, money, shares and metrics as text in English or Danish, by Babel.

Danish: 1.234.567 kr., 3,5 %, 1,30x. English: DKK 1,234,567 (or £1,234,567), 3.5%, 1.30x.
Babel is imported on first use, so start-up stays fast.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from .labels import Lang, label

LOCALE = {"en": "en", "da": "da"}  # the language alone: same symbols, fewer locale files to load


@cache
def _babel() -> Any:
    from babel import numbers

    return numbers


def number(value: float, lang: Lang = "en", decimals: int = 0) -> str:
    """1.234.567 (da) or 1,234,567 (en); no minus zero."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    text: str = _babel().format_decimal(value, format=pattern, locale=LOCALE[lang])
    return text[1:] if text.startswith("-") and not any(c in "123456789" for c in text) else text


def money(value: float | None, currency: str, lang: Lang = "en") -> str:
    """1.234.567 kr. (da), DKK 1,234,567 or £1,234,567 (en)."""
    if value is None:
        return label("none", lang)
    babel = _babel()
    symbol = babel.get_currency_symbol(currency, locale=LOCALE[lang])
    pattern = "¤#,##0" if len(symbol) == 1 else ("#,##0 ¤" if lang == "da" else "¤ #,##0")
    text: str = babel.format_currency(
        round(value), currency, format=pattern, locale=LOCALE[lang], currency_digits=False
    )
    return text.replace("-0", "0") if round(value) == 0 else text


def percent(value: float, lang: Lang = "en", decimals: int = 1) -> str:
    """3,5 % (da) or 3.5% (en)."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + ("\xa0%" if lang == "da" else "%")
    text: str = _babel().format_percent(value, format=pattern, locale=LOCALE[lang])
    return text


def figure_text(kind: str, value: Any, lang: Lang = "en", currency: str | None = None) -> str:
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
        return number(value, lang, 2) + "x"
    if kind == "effect":
        return label("times_effect", lang).format(value=number(value, lang, 2))
    if kind == "count":
        return number(value, lang)
    return number(value, lang, 2)
