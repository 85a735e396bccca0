"""A chemical's name written in another UN language (issue 11): a name equal, after
NFKC and case folding, to one of an entry's names in the lists' names files
(``cwc_names.csv``) resolves to that entry's chemical when the entry is one chemical,
and the row says whose name it read, in which language, and the standing of that text.
Families never resolve from a name. Every shipped name of every language is tried."""

from __future__ import annotations

import subprocess
import sys
import unicodedata

import pytest

from chemsec.screening.engine import names as engine_names
from chemsec.screening.engine.core import screen
from chemsec.screening.engine.lists import LIST_FILES, ListEntry, load_list
from chemsec.screening.list_names import EntryName, shipped_names

ENTRIES: dict[str, ListEntry] = {e.urn: e for code in LIST_FILES for e in load_list(code)}


def _one_chemical(entry: ListEntry) -> bool:
    return entry.row_type != "family" and bool(entry.cas or entry.smiles)


SHIPPED = sorted(
    (name.lang, text, urn)
    for (urn, _), name in shipped_names().items()
    for text in name.names
    if urn in ENTRIES
)
CHEMICAL_NAMES = [s for s in SHIPPED if _one_chemical(ENTRIES[s[2]])]
# Families' texts in another language: their names, if a file gives any, and their titles.
FAMILY_TEXTS = sorted(
    {(lang, text, urn) for lang, text, urn in SHIPPED if ENTRIES[urn].row_type == "family"}
    | {
        (name.lang, name.title, urn)
        for (urn, _), name in shipped_names().items()
        if urn in ENTRIES and ENTRIES[urn].row_type == "family"
    }
)


def _id(case: tuple[str, str, str]) -> str:
    lang, _, urn = case
    return f"{lang}-{urn.removeprefix('urn:chemsec:list:')}-{CHEMICAL_NAMES.index(case)}"


def _note(result: object) -> dict[str, object] | None:
    for note in getattr(result, "notes", []):
        if getattr(note, "code", None) == "list_name_other_language":
            return dict(note.params)
    return None


def test_every_language_has_names_of_single_chemicals_to_try() -> None:
    assert {lang for lang, _, _ in CHEMICAL_NAMES} == {"ar", "es", "fr", "ru", "zh"}
    assert len(CHEMICAL_NAMES) >= 100


@pytest.mark.parametrize("case", CHEMICAL_NAMES, ids=_id)
def test_a_shipped_name_resolves_to_its_entrys_chemical_and_says_so(
    case: tuple[str, str, str],
) -> None:
    lang, text, urn = case
    entry = ENTRIES[urn]
    (result,) = screen(text, use_opsin=False)
    assert result.identity.resolved_by == "name (list data)"
    assert result.identity.cas == (entry.cas or None)
    note = _note(result)
    if text.lower() in {n.lower() for n in entry.names}:
        # Also one of the entry's English names ("PFIB", "BZ", "Thiodiglycol"): read as
        # that, first, and the row needs no note.
        assert note is None
        return
    assert note is not None
    assert (note["lang"], note["list"], note["entry"]) == (lang, entry.list, entry.code)
    assert note["status"] == shipped_names()[(urn, lang)].status
    if entry.row_type == "exemption":  # the chemical the entry exempts: not matched by it
        assert result.status in ("clear", "matched", "unresolved")
    else:
        assert result.status == "matched"
        assert (entry.list, entry.code) in {(m.list, m.entry) for m in result.matches}


@pytest.mark.parametrize(
    ("written", "cas", "lang"),
    [
        ("PHOSGÈNE", "75-44-5", "fr"),  # upper case
        ("  phosgène  ", "75-44-5", "fr"),  # surrounding spaces
        ("Ｐｈｏｓｇèｎｅ", "75-44-5", "fr"),  # full-width letters (NFKC)
        (unicodedata.normalize("NFD", "Phosgène"), "75-44-5", "fr"),  # decomposed è
        ("ТРИЭТАНОЛАМИН", "102-71-6", "ru"),  # Cyrillic upper case
        ("ثلاثي  إيثانول   أمين", "102-71-6", "ar"),  # runs of spaces
        ("pfib", "382-21-8", None),  # an English list name too: read as that, first
        ("ＰＦＩＢ", "382-21-8", "zh"),  # full-width: only the Chinese row's "PFIB" (NFKC)
    ],
)
def test_names_are_compared_after_nfkc_and_case_folding(
    written: str, cas: str, lang: str | None
) -> None:
    (result,) = screen(written, use_opsin=False)
    assert result.identity.cas == cas
    note = _note(result)
    assert (note or {}).get("lang") == lang


@pytest.mark.parametrize("case", FAMILY_TEXTS, ids=lambda c: f"{c[0]}-{c[2][-4:]}")
def test_a_familys_name_never_resolves(case: tuple[str, str, str]) -> None:
    _, text, _ = case
    assert engine_names.other_language_name(text) is None
    (result,) = screen(text, use_opsin=False)
    assert _note(result) is None
    assert result.identity.resolved_by != "name (list data)"


def test_a_name_two_chemicals_share_names_neither(monkeypatch: pytest.MonkeyPatch) -> None:
    def rows(urn: str, text: str) -> tuple[tuple[str, str], EntryName]:
        return (urn, "fr"), EntryName(urn, "fr", text, (text,), "translated-unreviewed", "x", "")

    cwc = "urn:chemsec:list:cwc:"
    fake = dict([rows(f"{cwc}3B06", "Trichlorure"), rows(f"{cwc}2B07", "Trichlorure")])
    fake.update([rows(f"{cwc}3A01", "Phosgène")])
    monkeypatch.setattr("chemsec.screening.list_names.shipped_names", lambda: fake)
    engine_names.other_language_names.cache_clear()
    try:
        assert engine_names.other_language_name("trichlorure") is None
        found = engine_names.other_language_name("phosgène")
        assert found is not None and found.entry.cas == "75-44-5"
    finally:
        engine_names.other_language_names.cache_clear()


def test_english_list_names_are_read_first_and_unchanged() -> None:
    phosgene, carbonyl = screen(["Phosgene", "carbonyl dichloride"], use_opsin=False)
    assert phosgene.identity.cas == carbonyl.identity.cas == "75-44-5"
    assert _note(phosgene) is None and _note(carbonyl) is None


def test_the_engine_stays_pure_and_a_cas_number_does_not_load_the_names() -> None:
    code = (
        "import sys\n"
        "from chemsec.screening.engine import screen\n"
        "screen(['7782-50-5'], use_opsin=False)\n"
        "assert 'chemsec.screening.list_names' not in sys.modules\n"
        "(r,) = screen(['Phosgène'], use_opsin=False)\n"
        "assert r.identity.cas == '75-44-5', r\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
