"""Denied-party matching across romanisation systems.

One Cyrillic name is written in Latin letters differently by the Library of Congress
(ALA-LC), the US and UK geographic-names boards (BGN/PCGN 1947), machine-readable passports
(ICAO Doc 9303, Part 3, 2015 table) and German usage (Duden); Arabic names have several
English and French spellings. A list entry in one system must be found from a customer
written in another. The tables below are the systems' published letter tables for Russian
(without ALA-LC's tie marks; the passports' table has no diacritics), applied to common
Russian given names, patronymics and surnames; the entries are built for the test and name
nobody.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from chemsec.sanctions.matching import ListIndex, Party, romanisation_keys, screen

_SOFT = set("аеёиоуыэюяъьй")
_COMMON = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "з": "z", "и": "i", "к": "k",
           "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
           "у": "u", "ф": "f", "ъ": "", "ь": ""}  # fmt: skip
TABLES = {
    "icao-9303": {**_COMMON, "е": "e", "ё": "e", "ж": "zh", "й": "i", "х": "kh", "ц": "ts",
                  "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "ie", "ы": "y", "э": "e",
                  "ю": "iu", "я": "ia"},
    "ala-lc": {**_COMMON, "е": "e", "ё": "ë", "ж": "zh", "й": "ĭ", "х": "kh", "ц": "ts",
               "ч": "ch", "ш": "sh", "щ": "shch", "ы": "y", "э": "ė", "ю": "iu", "я": "ia"},
    "bgn-pcgn": {**_COMMON, "е": "e", "ё": "ë", "ж": "zh", "й": "y", "х": "kh", "ц": "ts",
                 "ч": "ch", "ш": "sh", "щ": "shch", "ы": "y", "э": "e", "ю": "yu", "я": "ya"},
    "duden": {**_COMMON, "в": "w", "е": "e", "ё": "jo", "ж": "sch", "з": "s", "й": "i",
              "х": "ch", "ц": "z", "ч": "tsch", "ш": "sch", "щ": "schtsch", "ы": "y",
              "э": "e", "ю": "ju", "я": "ja"},
}  # fmt: skip


def romanise(text: str, system: str) -> str:
    """Cyrillic to Latin by one system's table, with its positional rules (BGN/PCGN "ye"
    and "yë" at the start of a word and after vowels; Duden "je", "j" for й before a vowel
    or at the end, -ий/-ый as -i/-y, "o" for ё after hushing consonants, "ss" for с between
    vowels)."""
    words = []
    for word in text.lower().split():
        out = ""
        for i, ch in enumerate(word):
            prev = word[i - 1] if i else ""
            nxt = word[i + 1] if i + 1 < len(word) else ""
            start_or_soft = not prev or prev in _SOFT
            if system == "bgn-pcgn" and ch in "её" and start_or_soft:
                out += "ye" if ch == "е" else "yë"
            elif system == "duden" and ch == "е" and start_or_soft:
                out += "je"
            elif system == "duden" and ch == "й":
                out += "" if not nxt and prev in "иы" else ("j" if not nxt or nxt in _SOFT else "i")
            elif system == "duden" and ch == "ё" and prev in "жчшщ":
                out += "o"
            elif system == "duden" and ch == "с" and prev in _SOFT and nxt in _SOFT and prev:
                out += "ss"
            else:
                out += TABLES[system].get(ch, ch)
        words.append(out.capitalize())
    return " ".join(words)


def test_the_tables_give_the_spellings_each_system_publishes():
    assert romanise("Хрущёв", "bgn-pcgn") == "Khrushchëv"
    assert romanise("Хрущёв", "icao-9303") == "Khrushchev"
    assert romanise("Хрущёв", "duden") == "Chruschtschow"
    assert romanise("Юрий", "icao-9303") == "Iurii"
    assert romanise("Юрий", "bgn-pcgn") == "Yuriy"
    assert romanise("Юрий", "ala-lc") == "Iuriĭ"
    assert romanise("Юрий", "duden") == "Juri"
    assert romanise("Сергей Зайцев", "duden") == "Sergej Saizew"
    assert romanise("Евгений", "bgn-pcgn") == "Yevgeniy"


GIVEN = ("Иван", "Юрий", "Сергей", "Евгений", "Фёдор", "Александр", "Дмитрий", "Николай",
         "Алексей", "Михаил", "Владимир", "Андрей")  # fmt: skip
PATRONYMIC = ("Петрович", "Сергеевич", "Николаевич", "Михайлович", "Фёдорович", "Юрьевич")
SURNAME = ("Сидоровский", "Щербаков", "Хрущёв", "Жуков", "Кузнецов", "Чайковский",
           "Соловьёв", "Воробьёв", "Ковалёв", "Яковлев", "Зайцев", "Шевченко")  # fmt: skip
SYSTEMS = ("cyrillic", *TABLES)


def spelled(name: str, system: str) -> str:
    return name if system == "cyrillic" else romanise(name, system)


@settings(max_examples=80, deadline=None)
@given(
    given_name=st.sampled_from(GIVEN),
    patronymic=st.one_of(st.none(), st.sampled_from(PATRONYMIC)),
    surname=st.sampled_from(SURNAME),
    systems=st.lists(st.sampled_from(SYSTEMS), min_size=2, max_size=2, unique=True),
)
def test_a_russian_name_is_found_whatever_system_wrote_it(given_name, patronymic, surname, systems):
    name = " ".join(p for p in (given_name, patronymic, surname) if p)
    listed, customer = systems
    index = ListIndex([Party("entry", (spelled(name, listed),), "person")])
    found = screen(Party("customer", (spelled(name, customer),), "person"), index)
    assert [m.key for m in found] == ["entry"], (spelled(name, listed), spelled(name, customer))


@settings(max_examples=60, deadline=None)
@given(
    first=st.tuples(st.sampled_from(GIVEN), st.sampled_from(SURNAME)),
    second=st.tuples(st.sampled_from(GIVEN), st.sampled_from(SURNAME)),
    systems=st.lists(st.sampled_from(tuple(TABLES)), min_size=2, max_size=2, unique=True),
)
def test_another_person_is_not_a_match_across_systems(first, second, systems):
    if first[0] == second[0] or first[1] == second[1]:
        return
    index = ListIndex([Party("entry", (romanise(" ".join(first), systems[0]),), "person")])
    customer = Party("customer", (romanise(" ".join(second), systems[1]),), "person")
    assert screen(customer, index) == []


# Common romanisations of Arabic names (English, French, scholarly; the article written
# al-, el-, at-, ar- or joined), as they appear on lists and in passports.
ARABIC = [
    ("Hassan Karim al-Tawil", ["Hasan Kareem Al-Taweel", "Hasan Karim at-Tawil",
                               "Hassane Karim El Taouil"]),
    ("Muhammad Yusuf Abd al-Rahman", ["Mohammed Youssef Abdul Rahman",
                                      "Mohamed Yousef Abdelrahman", "Muhammad Yusuf Abdulrahman",
                                      "Mohammad Jusuf Abd ar-Rahman"]),
    ("Khalid Husayn al-Qadhafi", ["Khaled Hussein Gaddafi", "Khalid Hussain Kadhafi",
                                  "Chalid Hussein al-Gaddafi"]),
]  # fmt: skip


def test_arabic_names_are_found_in_their_common_romanisations():
    for listed, variants in ARABIC:
        index = ListIndex([Party("entry", (listed,), "person")])
        for variant in variants:
            found = screen(Party("customer", (variant,), "person"), index)
            assert [m.key for m in found] == ["entry"], variant


def test_the_key_folds_what_systems_spell_differently():
    assert romanisation_keys("Iwan") & romanisation_keys("Ivan")
    assert romanisation_keys("Petrowitsch") & romanisation_keys("Petrovich")
    assert romanisation_keys("Saizew") & romanisation_keys("Zaytsev")
    assert romanisation_keys("Chruschtschow") & romanisation_keys("Khrushchev")
    assert not romanisation_keys("Petrov") & romanisation_keys("Ivanov")
