"""A date and time reads in the reader's language in every UN language (issue 11): Django's
Arabic formats have no date-and-time format, so pages fell back to the English 'N j, Y, P'
("ديسمبر 7, 2026, 12:54 م", month first, Latin commas)."""

import datetime as dt

import pytest
from django.utils import formats, translation

MOMENT = dt.datetime(2026, 12, 7, 12, 54)


@pytest.mark.parametrize("language", ["ar", "es", "fr", "ru", "zh-hans"])
def test_no_language_uses_the_english_default(language: str) -> None:
    with translation.override(language):
        shown = formats.date_format(MOMENT, "DATETIME_FORMAT")
        english = formats.date_format(MOMENT, "N j, Y, P")
    assert shown != english


def test_arabic_puts_the_day_first_with_arabic_commas() -> None:
    with translation.override("ar"):
        shown = formats.date_format(MOMENT, "DATETIME_FORMAT")
        december = formats.date_format(MOMENT, "F")
    assert shown.startswith(f"7 {december}\u060c 2026\u060c 12:54") and "," not in shown
