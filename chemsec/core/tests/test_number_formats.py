"""Large numbers are grouped by thousands in every UN language, as CLDR's decimal patterns
do (#,##0.###), each with its language's separators."""

from __future__ import annotations

import pytest
from django.utils import formats, translation
from hypothesis import given
from hypothesis import strategies as st

LANGUAGES = ["ar", "en", "es", "fr", "ru", "zh-hans"]


def _grouped(value: int, language: str) -> str:
    with translation.override(language):
        return str(formats.number_format(value, use_l10n=True, force_grouping=True))


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_million_is_grouped_by_thousands(language: str) -> None:
    text = _grouped(1_234_567, language)
    separator = text[1]
    assert not separator.isdigit(), text
    assert text == separator.join(["1", "234", "567"])


@pytest.mark.parametrize("language", LANGUAGES)
@given(value=st.integers(min_value=0, max_value=10**15))
def test_grouping_keeps_every_digit_in_order(language: str, value: int) -> None:
    text = _grouped(value, language)
    assert "".join(c for c in text if c.isdigit()) == str(value)
    groups = [g for g in "".join(c if c.isdigit() else " " for c in text).split()]
    assert all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_decimal_symbol_is_cldrs_for_latin_digits(language: str) -> None:
    # Babel carries CLDR: the decimal symbol each language uses with Latin digits, which
    # is how ChemSec writes numbers (Arabic included).
    from babel.numbers import get_decimal_symbol

    locale = {"zh-hans": "zh_Hans"}.get(language, language)
    with translation.override(language):
        text = str(formats.number_format(1234.5, 1, use_l10n=True))
    assert text.endswith(get_decimal_symbol(locale, numbering_system="latn") + "5"), text
