"""List-entry names in the other UN languages: the names files are checked where they are
read (a wrong row names its file and line), and the shipped names are the ones their
sources printed."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chemsec.screening.engine.lists import load_list
from chemsec.screening.list_names import (
    COLUMNS,
    NAME_LANGUAGES,
    NAME_STATUSES,
    ListNamesError,
    coverage,
    list_urns,
    load_names,
    names_files,
    shipped_names,
    title_for,
)

CWC = "urn:chemsec:list:cwc:"
HEADER = ",".join(COLUMNS)
GOOD = f"{CWC}3A01,fr,Phosgène : dichlorure de carbonyle,Phosgène,translated-unreviewed,here,"


def _file(tmp_path: Path, *rows: str, name: str = "cwc_names_test.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _error(path: Path) -> str:
    with pytest.raises(ListNamesError) as caught:
        load_names([path])
    return str(caught.value)


def test_a_good_file_loads_with_its_names_split(tmp_path):
    names = load_names([_file(tmp_path, GOOD)])
    name = names[(f"{CWC}3A01", "fr")]
    assert name.title == "Phosgène : dichlorure de carbonyle"
    assert name.names == ("Phosgène",) and name.status == "translated-unreviewed"


@pytest.mark.parametrize(
    ("row", "says"),
    [
        (f"{CWC}9Z99,fr,Rien,,translated-unreviewed,here,", "unknown entry"),
        (f"{CWC}3A01,fr,Phosgène,,approved,here,", "status 'approved'"),
        (f"{CWC}3A01,fr,Phosgène,,translated-unreviewed,,", "no source"),
        (f"{CWC}3A01,de,Phosgen,,translated-unreviewed,here,", "language 'de'"),
        (f"{CWC}3A01,en,Phosgene,,translated-unreviewed,here,", "language 'en'"),
        (f"{CWC}3A01,fr,,,translated-unreviewed,here,", "title"),
        (f"{CWC}3A01,fr,Phosgène,,official,https://example.org/annexe,", "verified"),
        (f"{CWC}3A01,fr,Phosgène,,translated-unreviewed,here", "cells"),
    ],
    ids=[
        "unknown-urn",
        "bad-status",
        "missing-source",
        "other-language",
        "english",
        "empty-title",
        "official-unverified",
        "short-row",
    ],
)
def test_a_bad_row_is_refused_with_its_file_and_line(tmp_path, row, says):
    message = _error(_file(tmp_path, GOOD.replace("3A01", "3A02"), row))
    assert message.startswith("cwc_names_test.csv:3: ")
    assert says in message


def test_a_quoted_cell_over_two_lines_keeps_the_next_rows_line(tmp_path):
    # A spreadsheet export quotes a cell with a line break; the bad row after it is on line 4.
    two_lines = f'{CWC}3A02,fr,"Chlorure\nde cyanogène",,translated-unreviewed,here,'
    message = _error(_file(tmp_path, two_lines, f"{CWC}3A03,fr,X,,reviewed?,here,"))
    assert message.startswith("cwc_names_test.csv:4: ")


def test_a_second_name_for_the_same_entry_and_language_names_both_lines(tmp_path):
    message = _error(_file(tmp_path, GOOD, GOOD.replace("Phosgène :", "Phosgène:")))
    assert message.startswith("cwc_names_test.csv:3: ")
    assert "cwc_names_test.csv:2" in message


def test_a_file_saved_by_a_spreadsheet_program_with_a_byte_order_mark_loads(tmp_path):
    path = tmp_path / "cwc_names_excel.csv"
    path.write_bytes(("\ufeff" + HEADER + "\r\n" + GOOD + "\r\n").encode("utf-8"))
    assert (f"{CWC}3A01", "fr") in load_names([path])


def test_a_wrong_header_is_refused_on_line_one(tmp_path):
    path = tmp_path / "cwc_names_x.csv"
    path.write_text("urn,language,title\n", encoding="utf-8")
    assert _error(path).startswith("cwc_names_x.csv:1: the header must be")


ROW = st.fixed_dictionaries(
    {
        "urn": st.sampled_from([f"{CWC}3A01", f"{CWC}2B07", f"{CWC}NOTE-3", f"{CWC}0Z00"]),
        "lang": st.sampled_from([*NAME_LANGUAGES, "en", "zh-hans", ""]),
        "title": st.text(st.characters(exclude_categories=("Cs",)), max_size=12),
        "status": st.sampled_from([*NAME_STATUSES, "reviewed", ""]),
        "source": st.sampled_from(["", "https://example.org/annex", "translated here"]),
        "verification": st.sampled_from(["", "two copies agree"]),
    }
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(row=ROW)
def test_any_row_is_either_loaded_as_written_or_refused_with_its_line(tmp_path, row):
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # as a spreadsheet program writes it: CRLF, CR quoted
    writer.writerow(COLUMNS)
    writer.writerow(
        [
            row["urn"],
            row["lang"],
            row["title"],
            "",
            row["status"],
            row["source"],
            row["verification"],
        ]
    )
    path = tmp_path / "cwc_names_prop.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    title = row["title"].strip()
    valid = (
        row["urn"] in list_urns()
        and row["lang"] in NAME_LANGUAGES
        and row["status"] in NAME_STATUSES
        and title
        and row["source"]
        and (row["status"] == "translated-unreviewed" or row["verification"])
    )
    if valid:
        loaded = load_names([path])[(row["urn"], row["lang"])]
        assert loaded.title == title and loaded.status == row["status"]
    else:
        assert _error(path).startswith("cwc_names_prop.csv:2: ")


# --- the shipped names ---


def test_the_shipped_names_file_loads_and_every_official_text_says_where_it_was_read():
    assert [p.name for p in names_files()] == ["cwc_names.csv"]
    names = shipped_names()
    assert names, "no names shipped"
    for name in names.values():
        assert name.source
        if name.official:
            assert name.verification, name.urn


def test_the_english_list_is_untouched_by_the_names():
    # The names are an overlay: the CWC rows keep their English text, which is what the
    # engine matches on (a Chinese or French name is not resolved by the engine).
    phosgene = next(e for e in load_list("CWC") if e.urn == f"{CWC}3A01")
    assert phosgene.text == "Phosgene: Carbonyl dichloride"
    assert phosgene.names == ("Phosgene", "Carbonyl dichloride", "CG")


def test_the_official_texts_are_the_ones_their_sources_printed():
    names = shipped_names()
    # The Russian text of section B's introduction (docs.cntd.ru, the 2020 consolidated text).
    note = names[(f"{CWC}NOTE-3", "ru")]
    assert note.status == "official" and "docs.cntd.ru/document/565208618" in note.source
    assert note.title.startswith("Приводимые ниже списки включают токсичные химикаты")
    assert note.title.endswith("эти списки не составляют определения химического оружия.")
    # Schedule 2 in Chinese, as copied: arsenic trichloride and the fonofos exemption. Read only
    # in an unofficial copy, so the status claims no more than that.
    assert names[(f"{CWC}2B07", "zh")].title == "三氯化砷"
    assert names[(f"{CWC}2B07", "zh")].status == "translated-unreviewed"
    # Saxitoxin as the OPCW's Chinese and French texts of the Verification Annex name it.
    saxitoxin = names[(f"{CWC}1A07", "zh")]
    assert saxitoxin.status == "official" and saxitoxin.title == "石房蛤毒素"
    assert "opcw.org/zh-hans" in saxitoxin.source
    assert names[(f"{CWC}1A07", "fr")].status == "official"
    fonofos = names[(f"{CWC}2B04:exemption:944-22-9", "zh")]
    assert fonofos.names == ("地虫磷", "二硫代乙基膦酸-S-苯基乙酯")
    # The French text as the Parliament of Canada's bill reproduces it.
    french = names[(f"{CWC}NOTE-3", "fr")]
    assert french.status == "official-national" and "parl.ca" in french.source
    assert french.title.startswith("Les tableaux ci-après énumèrent des produits chimiques")
    # Spain's National Authority's wording of the dialkyl note.
    dialkyl = names[(f"{CWC}NOTE-1", "es")]
    assert dialkyl.status == "official-national" and "industria.gob.es" in dialkyl.source
    assert "todas las combinaciones posibles" in dialkyl.title


def test_a_name_pairs_its_common_and_systematic_names_as_the_english_does():
    # "Phosgene: Carbonyl dichloride" -> two names; a translation keeps both, in that order.
    english = {e.urn: e for code in ("CWC",) for e in load_list(code)}
    for (urn, lang), name in shipped_names().items():
        entry = english[urn]
        if (
            entry.row_type in ("individual", "example", "member", "exemption")
            and ": " in entry.text
        ):
            assert len(name.names) >= 2, (urn, lang, name.names)


def test_an_examples_title_is_its_familys_name():
    # The engine titles a match on a named example with the family's title.
    family = title_for(f"{CWC}2B04:example:676-97-1", "zh")
    assert family is not None and family.urn == f"{CWC}2B04"
    assert title_for(f"{CWC}2B04:example:676-97-1", None) is None


def test_coverage_counts_every_language_and_status():
    counts = coverage()
    assert set(counts) == set(NAME_LANGUAGES)
    # Chinese Schedule 2 was read only in an unofficial copy: unreviewed (docs/translations.md).
    assert counts["zh"]["official"] == 1 and counts["ru"]["official"] == 1
    assert counts["fr"]["official"] == 1
    assert counts["es"]["official-national"] == 2 and counts["fr"]["official-national"] == 2
    assert "official" not in counts["ar"]  # no Arabic text could be read (docs/translations.md)
    assert sum(sum(c.values()) for c in counts.values()) == len(shipped_names())
