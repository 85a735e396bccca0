"""The API's rule list in the reader's language: titles and descriptions through the rules'
translatable messages (rule_texts.py) in the language of ``?lang=`` or Accept-Language, as
gettext gives them under that language; codes, URNs and citations as they are."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation
from django.utils.translation import trans_real

from chemsec.supplychain.rule_texts import RULE_TEXTS, rule_description, rule_title
from chemsec.supplychain.rulebook import current_rulebook
from chemsec.supplychain.tests.test_pages import client_for

pytestmark = pytest.mark.django_db
URL = "/api/v1/supplychain/rules"


def listed(user, query: str = "", **headers: str) -> dict[str, dict]:
    response = client_for(user).get(URL + query, **headers)
    assert response.status_code == 200
    return {row["code"]: row for row in response.json()}


def expected(language: str) -> dict[str, tuple[str, str]]:
    """Each rule's title and description as gettext gives them in `language`."""
    with translation.override(language):
        return {
            rule.code: (rule_title(rule.code, rule.title).text,
                        rule_description(rule.code, rule.description).text)
            for rule in current_rulebook().rules
        }  # fmt: skip


@pytest.mark.parametrize(
    ("query", "headers", "language"),
    [
        ("?lang=ar", {}, "ar"),
        ("?lang=fr", {}, "fr"),
        ("", {"HTTP_ACCEPT_LANGUAGE": "ar"}, "ar"),
        ("", {"HTTP_ACCEPT_LANGUAGE": "fr-FR,fr;q=0.9"}, "fr"),
        ("?lang=fr", {"HTTP_ACCEPT_LANGUAGE": "ar"}, "fr"),  # ?lang= wins
    ],
    ids=["query-ar", "query-fr", "header-ar", "header-fr", "query-over-header"],
)
def test_titles_and_descriptions_are_gettexts_in_the_language_asked(
    alice, query, headers, language
):
    english = listed(alice, "?lang=en")
    rows = listed(alice, query, **headers)
    assert rows.keys() == english.keys() == {rule.code for rule in current_rulebook().rules}
    texts = expected(language)
    for code, row in rows.items():
        assert (row["title"], row["description"]) == texts[code]
        assert row["language"] == (language if row["title"] != english[code]["title"] else "en")
        for same in ("code", "urn", "citation", "snoozable", "total", "precision"):
            assert row[same] == english[code][same]
    urns = {rule.code: rule.urn for rule in current_rulebook().rules}
    assert {code: row["urn"] for code, row in rows.items()} == urns
    assert all(urn.startswith("urn:") for urn in urns.values())


def test_english_is_the_rule_files_text(alice):
    rows = listed(alice)
    for rule in current_rulebook().rules:
        row = rows[rule.code]
        assert (row["title"], row["language"]) == (rule.title, "en")
        assert " ".join(row["description"].split()) == " ".join(rule.description.split())


@pytest.fixture
def french_title() -> Iterator[tuple[str, str]]:
    """A French title for one rule in the running process's catalogue (the lead adds the
    real ones to the .po files): proves the answer goes through gettext in French."""
    code = next(code for code in RULE_TEXTS if code in {r.code for r in current_rulebook().rules})
    with translation.override(None):
        msgid = str(RULE_TEXTS[code].title)
    key = f"supply-chain rule\x04{msgid}"
    catalogue = trans_real.translation("fr")._catalog._catalogs[0]
    missing = object()
    before = catalogue.get(key, missing)
    catalogue[key] = "Titre de test en français"
    try:
        yield code, catalogue[key]
    finally:
        if before is missing:
            del catalogue[key]
        else:
            catalogue[key] = before


def test_a_translated_title_is_served_in_french_and_not_in_arabic(alice, french_title):
    code, french = french_title
    fr = listed(alice, "?lang=fr")[code]
    assert (fr["title"], fr["language"]) == (french, "fr")
    assert listed(alice, "", HTTP_ACCEPT_LANGUAGE="fr")[code]["title"] == french
    ar = listed(alice, "?lang=ar")[code]
    assert ar["title"] != french and ar["code"] == fr["code"] and ar["urn"] == fr["urn"]
    assert listed(alice, "?lang=en")[code]["title"] != french


def test_an_unknown_language_is_refused(alice):
    response = client_for(alice).get(URL + "?lang=xx")
    assert response.status_code == 422
