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


def test_arabic_keeps_djangos_separators_apart() -> None:
    # The thousands separator must differ from the decimal one, or 1.234 would be ambiguous.
    with translation.override("ar"):
        assert formats.get_format("THOUSAND_SEPARATOR") != formats.get_format("DECIMAL_SEPARATOR")
