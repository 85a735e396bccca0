"""The list readers on files in the official shapes, and the matcher on names that vary as
real ones do (transliteration, legal forms, word order, identifiers, countries)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chemsec.sanctions.formats import ListFormatError, read_list
from chemsec.sanctions.matching import ListIndex, Party, Settings, screen

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def read(name: str):
    return read_list((FIXTURES / name).read_bytes(), name)


def test_each_official_format_is_recognised_with_its_date():
    assert [(read(n).source, read(n).version[:10]) for n in (
        "us-csl.json", "un-consolidated-v1.xml", "eu-fsf.xml", "uk-sanctions-list.xml"
    )] == [("us_csl", "2026-11-01"), ("un", "2026-11-02"), ("eu", "2026-11-03"),
           ("uk", "2026-11-04")]  # fmt: skip


def test_the_csl_json_and_csv_exports_give_the_same_entries():
    as_json, as_csv = read("us-csl.json").entries, read("us-csl.csv").entries
    assert [e.fingerprint() for e in as_json] == [e.fingerprint() for e in as_csv]
    okafor = as_json[1]
    assert okafor.kind == "person" and okafor.countries == ("ng",)
    assert [(i.kind, i.number, i.country) for i in okafor.identifiers] == [
        ("Passport", "A99887766", "ng")
    ]


def test_un_names_parts_aliases_original_script_and_country_names_become_codes():
    ivan, star = read("un-consolidated-v1.xml").entries
    assert ivan.names == ("IVAN PETROVICH SIDOROVSKY", "Иван Петрович Сидоровский",
                          "Ivan Sidorovski")  # fmt: skip
    assert ivan.countries == ("ru",) and star.countries == ("kp",)
    assert star.kind == "organisation" and "NSPTC" in star.names


def test_eu_and_uk_entries():
    reagents, person = read("eu-fsf.xml").entries
    assert reagents.key == "EU.9001.01" and reagents.identifiers[0].number == "HRB 999901"
    assert person.kind == "person" and person.countries == ("tr",)
    solvents, tawil = read("uk-sanctions-list.xml").entries
    assert solvents.names == ("BALTIC SOLVENTS LIMITED", "BALTSOL")
    assert tawil.names[0] == "Hassan Karim AL-TAWIL" and tawil.countries == ("sy",)


def test_a_changed_entry_changes_its_fingerprint_and_an_unchanged_one_keeps_it():
    old = {e.key: e.fingerprint() for e in read("un-consolidated-v1.xml").entries}
    new = {e.key: e.fingerprint() for e in read("un-consolidated-v2.xml").entries}
    assert old["XXi.901"] == new["XXi.901"] and old["XXe.902"] != new["XXe.902"]


@pytest.mark.parametrize("data", [
    b"<!DOCTYPE x [<!ENTITY a 'b'>]><CONSOLIDATED_LIST/>", b"<other/>", b"{}", b"not a list",
])  # fmt: skip
def test_other_files_are_refused(data):
    with pytest.raises(ListFormatError):
        read_list(data, "x.bin")


@pytest.fixture(scope="module")
def index():
    parties = []
    for name in ("us-csl.json", "un-consolidated-v1.xml", "eu-fsf.xml", "uk-sanctions-list.xml"):
        for e in read(name).entries:
            parties.append(Party(f"{name}:{e.key}", e.names, e.kind, e.countries,
                                 tuple(i.number for i in e.identifiers), e.addresses))  # fmt: skip
    return ListIndex(parties)


def keys(query: Party, index: ListIndex) -> list[str]:
    return [m.key.split(":", 1)[1] for m in screen(query, index)]


@pytest.mark.parametrize(("names", "kind", "country", "expected"), [
    (("Ivan Sidorovsky",), "person", "ru", "XXi.901"),  # shorter form of the name
    (("Иван Сидоровский",), "person", "", "XXi.901"),  # Cyrillic query
    (("Caspian Fine Reagents",), "organisation", "de", "EU.9001.01"),  # legal form dropped
    (("Каспийские Реактивы",), "organisation", "", "EU.9001.01"),
    (("Baltic Solvents Ltd",), "organisation", "lv", "EXA0001"),  # Ltd for Limited
    (("Chukwuemeka Okafor",), "person", "ng", "f0e1d2c3b4a5968778695a4b3c2d1e0f00000002"),
    (("Meridian Specialty Chemicals Company Limited",), "organisation", "cn",
     "f0e1d2c3b4a5968778695a4b3c2d1e0f00000001"),
])  # fmt: skip
def test_listed_parties_are_found_under_the_forms_their_names_take(
    index, names, kind, country, expected
):
    query = Party("q", names, kind, (country,) if country else ())
    assert expected in keys(query, index)


@pytest.mark.parametrize("names", [
    ("Caspian Sea Logistics GmbH",), ("Baltic Paints Limited",), ("Meridian Hotels Ltd",),
    ("John Smith",), ("Northern Lights Bakery",), ("Ivan Petrov",),
])  # fmt: skip
def test_names_that_share_only_common_or_legal_words_are_not_raised(index, names):
    assert keys(Party("q", names, "organisation"), index) == []


def test_an_identifier_raises_and_a_country_mismatch_lowers_the_score(index):
    by_number = screen(Party("q", ("Lagos Imports",), "person", (), ("A 998 877 66",)), index)
    assert by_number and by_number[0].score >= 0.9
    assert ("identifier_match", 0.0, "A99887766") in by_number[0].adjustments
    same = screen(Party("q", ("Ivan Sidorovsky",), "person", ("ru",)), index)[0]
    elsewhere = screen(Party("q", ("Ivan Sidorovsky",), "person", ("fr",)), index, Settings(0))
    other = next(m for m in elsewhere if m.key.endswith("XXi.901"))
    assert other.score == pytest.approx(same.score - 0.2, abs=1e-6)


def test_the_match_says_which_names_matched_which(index):
    match = screen(Party("q", ("Иван Сидоровский",), "person"), index)[0]
    data = match.as_dict()
    assert data["names"]["query"] == "Иван Сидоровский"
    assert data["names"]["candidate"] in ("IVAN PETROVICH SIDOROVSKY", "Ivan Sidorovski",
                                          "Иван Петрович Сидоровский")  # fmt: skip
    assert any(part[0] and part[1] for part in data["names"]["parts"])


@settings(max_examples=15, deadline=None)
@given(
    st.sampled_from(
        [
            "Caspian Fine Reagents GmbH",
            "Baltic Solvents Limited",
            "Northern Star Precursor Trading Corporation",
        ]
    ),
    st.sampled_from([str.upper, str.lower, str.title, lambda s: "  ".join(s.split())]),
)
def test_case_and_spacing_never_change_the_score(index, name, transform):
    plain = screen(Party("q", (name,), "organisation"), index)
    varied = screen(Party("q", (transform(name),), "organisation"), index)
    assert [(m.key, round(m.score, 6)) for m in plain] == [
        (m.key, round(m.score, 6)) for m in varied
    ]
    assert plain, name
