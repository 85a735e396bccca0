"""The lists page's search finds entries by what the page shows, never by hidden columns."""

from __future__ import annotations

import re

import pytest

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
