"""QA item 10: the facility chemicals page's Reason is a sentence in the reader's language
("Listed on CFATS A-02 and EU I-02", the lists joined as the language joins them), and a
threshold with a minimum concentration that left rows out says which rows it counts
(hydrogen peroxide: only rows of at least 35 % count towards the CFATS theft threshold)."""

from __future__ import annotations

import re

from django.utils import translation

from chemsec.facilities.texts import chemical_reason_html
from chemsec.science.thresholds import Row, aggregate

LISTED = [
    {"list": "CFATS", "entry": "A-02", "urn": "urn:chemsec:list:cfats:A-02"},
    {"list": "EU", "entry": "I-02", "urn": "urn:chemsec:list:eu:I-02"},
]


def _peroxide(*concentrations: float) -> dict[str, object]:
    rows = [
        Row("7722-84-1", "hydrogen peroxide", "7722-84-1", "", 1000.0, c, "store", LISTED)
        for c in concentrations
    ]
    (chemical,) = aggregate(rows)
    return chemical


def _text(chemical: dict[str, object], language: str) -> str:
    with translation.override(language):
        return re.sub(r"<[^>]+>", "", str(chemical_reason_html(chemical)))


def test_the_reason_starts_with_the_lists_as_a_sentence() -> None:
    text = _text(_peroxide(50.0), "en")
    assert text.startswith("Listed on CFATS A-02 and EU I-02; 1,102 lb is at or above")
    assert "counting only" not in text  # no row was left out


def test_a_concentration_floor_that_left_rows_out_says_which_rows_count() -> None:
    chemical = _peroxide(50.0, 8.0)
    assert chemical["total_lb"] > chemical["thresholds"][0]["quantity_lb"]  # type: ignore[index]
    text = _text(chemical, "en")
    assert "1,102 lb, counting only the rows of at least 35 % concentration, is at or above" in (
        text
    )


def test_the_lists_are_joined_as_the_readers_language_joins_them() -> None:
    assert "CFATS A-02 et EU I-02" in _text(_peroxide(50.0), "fr")
    assert "CFATS A-02 وEU I-02" in _text(_peroxide(50.0), "ar")  # CLDR: "{0} و{1}"
