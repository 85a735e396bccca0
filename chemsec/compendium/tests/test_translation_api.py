"""The API in the reader's language (issue 11): practices and framework questions answer with
their translated texts when asked (``?lang=`` or Accept-Language), with ``language`` and the
translation's status; English stays the default; the OpenAPI schema says so."""

from __future__ import annotations

import pytest

from chemsec.compendium.content import practices_sync
from chemsec.compendium.translations import translations_sync
from chemsec.content.reader import DEFAULT_ROOT, read_content_file

pytestmark = pytest.mark.django_db
PRACTICE = "urn:chemsec:practice:waste-chain-of-custody"
QUESTION = "urn:chemsec:framework:ot-cyber:v1:asset-inventory:q01"


def _objects(path):
    return list(read_content_file(DEFAULT_ROOT / path, root=DEFAULT_ROOT).objects)


@pytest.fixture
def translated(db):
    from chemsec.frameworks.sync import sync_frameworks

    practices_sync(_objects("compendium/waste-and-end-of-life.yaml"))
    sync_frameworks(_objects("frameworks/ot-cyber.yaml"))
    overlays = []
    for language in ("fr", "ar"):
        overlays += _objects(f"translations/{language}/compendium/waste-and-end-of-life.yaml")
        overlays += _objects(f"translations/{language}/frameworks/ot-cyber.yaml")
    translations_sync(overlays)


def _french(language):
    from chemsec.compendium.models import Translation

    return Translation.objects.get(urn=PRACTICE, language=language)


def test_a_practice_is_english_by_default(translated, client):
    body = client.get(f"/api/v1/compendium/practices/{PRACTICE}").json()
    assert body["language"] == "en" and body["translation"] is None
    from chemsec.compendium.models import Practice

    assert body["title"] == Practice.objects.get(urn=PRACTICE).title


@pytest.mark.parametrize("how", ["query", "header"])
def test_a_practice_in_french_carries_the_translation_and_its_status(translated, client, how):
    url = f"/api/v1/compendium/practices/{PRACTICE}"
    if how == "query":
        body = client.get(url + "?lang=fr").json()
    else:
        body = client.get(url, headers={"accept-language": "fr"}).json()
    row = _french("fr")
    assert body["title"] == row.fields["title"] and body["body"] == row.fields["body"]
    assert body["language"] == "fr"
    assert body["translation"] == {
        "status": "draft", "reviewed_by": None, "reviewed_on": None, "stale": False,
        "source_version": row.source_version,
    }  # fmt: skip


def test_lang_en_asks_for_the_english_whatever_the_header(translated, client):
    body = client.get(
        f"/api/v1/compendium/practices/{PRACTICE}?lang=en", headers={"accept-language": "fr"}
    ).json()
    assert body["language"] == "en" and body["translation"] is None


def test_an_unknown_language_is_refused(translated, client):
    response = client.get(f"/api/v1/compendium/practices/{PRACTICE}?lang=xx")
    assert response.status_code == 422


def test_search_hits_come_titled_in_the_language_asked_for(translated, client):
    body = client.get("/api/v1/compendium/search?q=waste&lang=fr&limit=50").json()
    hit = next(h for h in body["results"] if h["urn"] == PRACTICE)
    assert hit["title"] == _french("fr").fields["title"]
    assert hit["language"] == "fr" and hit["translation"]["status"] == "draft"
    english = client.get("/api/v1/compendium/search?q=waste&limit=50").json()
    hit = next(h for h in english["results"] if h["urn"] == PRACTICE)
    assert hit["language"] == "en" and hit["translation"] is None


def test_framework_questions_come_in_arabic_when_asked(translated, client):
    from chemsec.compendium.models import Translation
    from chemsec.frameworks.models import Framework

    framework = Framework.objects.get(urn="urn:chemsec:framework:ot-cyber:v1")
    body = client.get(f"/api/v1/frameworks/{framework.pk}?lang=ar").json()
    question = next(q for s in body["sections"] for q in s["questions"] if q["urn"] == QUESTION)
    row = Translation.objects.get(urn=QUESTION, language="ar")
    assert question["text"] == row.fields["text"]
    assert question["language"] == "ar" and question["translation"]["status"] == row.status
    assert body["language"] == "ar"
    listed = client.get("/api/v1/frameworks?lang=ar").json()
    assert {f["language"] for f in listed if f["urn"] == framework.urn} == {"ar"}
    english = client.get(f"/api/v1/frameworks/{framework.pk}").json()
    question = next(q for s in english["sections"] for q in s["questions"] if q["urn"] == QUESTION)
    assert question["language"] == "en" and question["translation"] is None


def test_the_openapi_schema_describes_lang_and_translation(client):
    schema = client.get("/api/v1/openapi.json").json()
    components = schema["components"]["schemas"]
    assert set(components["TranslationOut"]["properties"]) == {
        "status", "reviewed_by", "reviewed_on", "stale", "source_version",
    }  # fmt: skip
    for name in ("PracticeOut", "HitOut", "CourseOut", "ModuleOut"):
        assert {"language", "translation"} <= set(components[name]["properties"]), name
    practice = schema["paths"]["/api/v1/compendium/practices/{urn}"]["get"]
    assert any(p["name"] == "lang" for p in practice["parameters"])
