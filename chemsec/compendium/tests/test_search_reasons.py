"""Why a search hit matched: kept as codes with parameters and written in the reader's
language, the facet's name and values translated (issue 11)."""

from __future__ import annotations

import pytest
from django.utils import translation

from chemsec.compendium.search import search

pytestmark = pytest.mark.django_db


def _facet(language: str) -> str:
    with translation.override(language):
        gettext = translation.gettext
        return gettext("%(facet)s: %(values)s") % {
            "facet": gettext("Threat"),
            "values": gettext("Insider"),
        }


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_hits_reasons_are_codes_written_in_the_readers_language(practices, language):
    with translation.override(language):
        result = search("background checks", filters={"threat": ["insider"]}, limit=3)
    hit = result.hits[0]
    assert {"code": "search_facet", "params": {"facet": "threat", "values": ["insider"]}} in (
        hit.reason_codes
    )
    assert _facet(language) in hit.reasons
    assert _facet(language) != _facet("en")
    assert "Threat: Insider" not in hit.reasons


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_search_api_gives_the_reasons_in_the_language_asked(client, practices, language):
    response = client.get(
        "/api/v1/compendium/search",
        {"q": "background checks", "threat": "insider", "lang": language},
    )
    assert response.status_code == 200
    assert _facet(language) in response.json()["results"][0]["reasons"]
