"""The lists page's search finds entries by what the page shows, never by hidden columns."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chemsec.screening.engine.cas import cas_from_digits
from chemsec.screening.selectors import SEARCHED_FIELDS, _catalogue, catalogue_entries


def _visible_text(entry: dict[str, object]) -> str:
    return " ".join(
        " ".join(map(str, v)) if isinstance(v, list) else str(v or "")
        for k, v in entry.items()
        if k in SEARCHED_FIELDS
    ).lower()


def _entries() -> list[dict[str, object]]:
    return [entry for item in _catalogue() for entry in item["entries"]]


def _note_only_words() -> list[tuple[str, str]]:
    """(urn, word) where the word is in the entry's curation notes and nowhere in what any
    entry shows (the search matches substrings), so a search for it should find nothing."""
    entries = _entries()
    visible = "\n".join(_visible_text(e) for e in entries)
    pairs = []
    for entry in entries:
        for word in set(re.findall(r"[a-z]{6,}", str(entry.get("notes") or "").lower())):
            if word not in visible:
                pairs.append((str(entry["urn"]), word))
    return sorted(pairs)[:10]


def test_the_lists_hold_notes_with_words_shown_nowhere_else() -> None:
    # Guards the next test against passing vacuously on data without notes.
    assert _note_only_words()


@pytest.mark.parametrize(("urn", "word"), _note_only_words())
def test_a_word_only_in_the_hidden_notes_finds_nothing(urn: str, word: str) -> None:
    assert catalogue_entries(word) == []


@pytest.mark.parametrize("urn", [str(e["urn"]) for e in _entries() if e.get("cas")][:8])
def test_an_entry_is_found_by_its_cas_and_code(urn: str) -> None:
    entry = next(e for e in _entries() if e["urn"] == urn)
    by_cas = {e["urn"] for e in catalogue_entries(str(entry["cas"]))}
    by_code = {e["urn"] for e in catalogue_entries(str(entry["code"]), str(entry["list"]))}
    assert urn in by_cas and urn in by_code


def _cas_entries() -> list[dict[str, object]]:
    return [e for e in _entries() if e.get("cas")]


@pytest.mark.parametrize("urn", [str(e["urn"]) for e in _cas_entries()])
def test_an_entry_is_found_by_its_cas_however_screening_accepts_it_written(urn: str) -> None:
    # Screening reads a digit run (or spaced groups, or typographic dashes) whose check
    # digit holds as that CAS number: the lists page finds what screening would match.
    entry = next(e for e in _entries() if e["urn"] == urn)
    cas = str(entry["cas"])
    head, middle, check = cas.split("-")
    expected = [e["urn"] for e in catalogue_entries(cas)]
    assert urn in expected
    for written in (
        head + middle + check,
        f" {head}{middle}{check} ",
        f"{head} {middle} {check}",
        f"{head}\u2013{middle}\u2013{check}",
        f"{head}\u2011{middle}\u2011{check}",
        *([f"0{head}-{middle}-{check}"] if len(head) < 7 else []),  # screening's reading
    ):
        assert [e["urn"] for e in catalogue_entries(written)] == expected, written


@given(st.from_regex(r"[1-9][0-9]{4,9}", fullmatch=True))
@settings(max_examples=50, deadline=None)
def test_a_digit_run_is_searched_as_cas_only_when_its_check_digit_holds(digits: str) -> None:
    cas = cas_from_digits(digits)
    found = catalogue_entries(digits)
    if cas is not None:
        assert found == catalogue_entries(cas)
    else:  # searched as written (a code or a number in an entry's text)
        assert all(digits in _visible_text(e) for e in found)
