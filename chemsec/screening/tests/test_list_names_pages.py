"""The control lists, a list entry, screening results and the API show an entry's name in
the reader's language with what that text is; the English, where there is no name, is
marked lang="en"."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse
from django.utils import translation

from chemsec.screening.presenters import name_status_label

pytestmark = pytest.mark.django_db

CWC = "urn:chemsec:list:cwc:"


def _label(language: str, status: str | None) -> str:
    with translation.override(language):
        return html.escape(str(name_status_label(status)))


def _page(client, url: str, language: str, **params: str) -> str:
    response = client.get(url, params, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def test_a_french_reader_sees_schedule_3_in_french_marked_as_translated_here(client):
    body = _page(client, reverse("screening:lists"), "fr", list="CWC", q="3A01")
    assert "Phosgène : dichlorure de carbonyle" in body
    assert _label("fr", "translated-unreviewed") in body
    assert "name-status-translated-unreviewed" in body


def test_readers_find_entries_by_their_name_in_their_language(client):
    lists = reverse("screening:lists")
    french = _page(client, lists, "fr", q="phosgène carbonyle")
    assert "Phosgène : dichlorure de carbonyle" in french
    chinese = _page(client, lists, "zh-hans", q="三氯化砷")
    assert "2B07</a>" in chinese
    # Another language's words do not find it: the search reads the reader's language only.
    assert "2B07</a>" not in _page(client, lists, "fr", q="三氯化砷")
    api = client.get("/api/v1/screening/lists/entries", {"q": "хлорциан", "lang": "ru"}).json()
    assert [item["code"] for item in api["items"]] == ["3A02"]


def test_an_arabic_reader_sees_arabic_names_and_the_english_where_there_is_none(client):
    lists = reverse("screening:lists")
    assert "الفوسجين: ثنائي كلوريد الكربونيل" in _page(client, lists, "ar", list="CWC", q="3A01")
    # 1A01 has no Arabic name in ChemSec: its English is marked so, left to right.
    body = _page(client, lists, "ar", list="CWC", q="1A01")
    assert (
        '<bdi class="chem-name" lang="en" dir="ltr"><span class="nobr">O-Alkyl</span> '
        "(&lt;=C10, incl. cycloalkyl) alkyl"
    ) in body


def test_a_chinese_reader_sees_the_official_text_with_its_badge(client):
    body = _page(client, reverse("screening:lists"), "zh-hans", list="CWC", q="1A07")
    assert "石房蛤毒素" in body and "name-status-official" in body
    assert _label("zh-hans", "official") in body
    # Schedule 2 in Chinese was read only in an unofficial copy: marked unreviewed.
    body = _page(client, reverse("screening:lists"), "zh-hans", list="CWC", q="2B07")
    assert "三氯化砷" in body and "name-status-translated-unreviewed" in body


def test_an_entry_page_shows_where_its_official_text_was_read(client):
    url = reverse("screening:list_entry", args=[f"{CWC}NOTE-3"])
    body = _page(client, url, "ru")
    assert "Приводимые ниже списки включают токсичные химикаты" in body
    assert "https://docs.cntd.ru/document/565208618" in body
    assert _label("ru", "official") in body
    # The English the engine screens against stays on the page, marked English.
    assert '<bdi class="chem-name" lang="en" dir="ltr">The following Schedules list toxic' in body


def test_a_french_reader_sees_the_official_national_text_of_a_note(client):
    body = _page(client, reverse("screening:list_entry", args=[f"{CWC}NOTE-3"]), "fr")
    assert "Les tableaux ci-après énumèrent des produits chimiques toxiques" in html.unescape(body)
    assert _label("fr", "official-national") in body and "parl.ca/Content/Bills" in body


def test_an_entry_page_lists_its_names_in_the_other_languages(client):
    body = _page(client, reverse("screening:list_entry", args=[f"{CWC}3A01"]), "en")
    for text in ("Phosgène : dichlorure de carbonyle", "光气:碳酰二氯", "Фосген: карбонилдихлорид"):
        assert text in body
    assert 'lang="ar" dir="rtl">الفوسجين' in body


def test_an_unknown_entry_is_not_found(client):
    url = reverse("screening:list_entry", args=[f"{CWC}9Z99"])
    assert client.get(url).status_code == 404


def test_a_screening_result_titles_its_match_in_the_readers_language(client):
    client.cookies["django_language"] = "fr"
    response = client.post(reverse("screening:index"), {"identifiers": "75-44-5", "lists": ["cwc"]})
    body = response.content.decode()
    assert "Phosgène : dichlorure de carbonyle" in body
    assert _label("fr", "translated-unreviewed") in body


def test_a_match_on_a_named_example_shows_its_familys_chinese_title_and_status(client):
    client.cookies["django_language"] = "zh-hans"
    response = client.post(
        reverse("screening:index"), {"identifiers": "676-97-1", "lists": ["cwc"]}
    )
    body = response.content.decode()
    assert "含有一个磷原子并有一个甲基" in body
    assert _label("zh-hans", "translated-unreviewed") in body


# --- API ---


def _entry(body: dict, urn: str) -> dict:
    return next(item for item in body["items"] if item["urn"] == urn)


def test_the_api_gives_the_name_language_and_status_and_keeps_the_english(client):
    body = client.get("/api/v1/screening/lists/entries?list=CWC&q=3A01&lang=fr").json()
    phosgene = _entry(body, f"{CWC}3A01")
    assert phosgene["title"] == "Phosgene: Carbonyl dichloride"  # the list's own English
    assert phosgene["name"] == {
        "language": "fr",
        "text": "Phosgène : dichlorure de carbonyle",
        "names": ["Phosgène", "Dichlorure de carbonyle"],
        "status": "translated-unreviewed",
        "source": phosgene["name"]["source"],
        "verification": None,
    }


def test_the_api_reads_accept_language_when_no_lang_is_given(client):
    body = client.get(
        "/api/v1/screening/lists/entries?list=CWC&q=2B07", HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).json()
    name = _entry(body, f"{CWC}2B07")["name"]
    assert (name["language"], name["text"]) == ("zh", "三氯化砷")
    assert name["status"] == "translated-unreviewed"  # read only in an unofficial copy
    assert "天天文库" in name["source"] and name["verification"]


def test_the_api_entry_falls_back_to_english_with_no_status(client):
    url = f"/api/v1/screening/lists/entries/{CWC}NOTE-3"
    russian = client.get(url + "?lang=ru").json()["name"]
    assert russian["language"] == "ru" and russian["status"] == "official"
    arabic = client.get(url + "?lang=ar").json()["name"]
    assert arabic["language"] == "en" and arabic["status"] is None and arabic["source"] is None
    assert arabic["text"].startswith("The following Schedules list toxic chemicals")


def test_the_api_entry_of_an_unknown_urn_is_404(client):
    assert client.get(f"/api/v1/screening/lists/entries/{CWC}9Z99").status_code == 404
