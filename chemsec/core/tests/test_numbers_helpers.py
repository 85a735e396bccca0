"""chemsec.core.numbers: figures in visible text as the reader's language writes them."""

import pytest
from django.utils import translation

from chemsec.core import numbers


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "criterion 1.68, curves to 1,999 m, 12,000 nodes, 50%"),
        ("fr", "criterion 1,68, curves to 1\xa0999 m, 12\xa0000 nodes, 50%"),
        ("ar", "criterion 1.68, curves to 1,999 m, 12,000 nodes, 50%"),
    ],
)
def test_fill_writes_each_placeholders_number_in_the_language(language, expected):
    template = "criterion %(c).2f, curves to %(end).0f m, %(n)s nodes, 50%%"
    with translation.override(language):
        assert numbers.fill(template, {"c": 1.675, "end": 1999.4, "n": 12000}) == expected


def test_fill_rounds_half_up_as_the_english_text_reads():
    with translation.override("ru"):
        assert numbers.number(190352.84, 0) == "190\xa0353"
        assert numbers.number(0.125, 2) == "0,13"


def test_fill_refuses_what_percent_formatting_refuses():
    with pytest.raises(KeyError):
        numbers.fill("%(missing).2f", {})
    with pytest.raises(TypeError):
        numbers.fill("%(c).2f", {"c": "not a number"})


def test_stored_english_quantities_are_rewritten_and_other_text_kept():
    with translation.override("ru"):
        text = numbers.localise_quantities("1.2 mi (1,931 m); < 100 m; 40 CFR 68.22")
    assert text.startswith("1,2 ") and "(1\xa0931 " in text and text.endswith("40 CFR 68.22")


def test_significant_digits_keep_the_value_and_mark_the_decimal():
    with translation.override("fr"):
        assert numbers.significant(0.0087) == "0,0087"
        assert numbers.significant(8.66666, 3) == "8,67"


def test_a_signed_figure_keeps_its_sign_ahead_in_arabic():
    with translation.override("ar"):
        assert numbers.signed(0.01634, 4) == "\u200e+0.0163"
    with translation.override("fr"):
        assert numbers.signed(-0.5, 1) == "-0,5"
