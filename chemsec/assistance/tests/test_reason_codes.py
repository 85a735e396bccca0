"""Match reasons are stored as codes with parameters and written out in the reader's language
(issue 11): a request filed in one language reads in another; the API gives code, parameters
and text in the language asked; reasons stored as text before the codes are read back into
codes from any of the site's languages, the others kept as written with their language."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import formats, translation
from django.utils.html import escape

from chemsec.assistance.models import AssistanceRequest
from chemsec.assistance.reasons import reason, render
from chemsec.assistance.services import request_file
from chemsec.core.writes import unaudited

pytestmark = pytest.mark.django_db

SECTION = "urn:chemsec:framework:facility-security:v1:rbps-05"
STAGE = "Same stage: %(stage)s"
LINKED = "Linked to framework section %(code)s %(title)s"
BASE = "/api/v1/assistance"


@pytest.fixture
def tankers(content, alice, meridian):
    """Filed by someone reading French: what is stored does not depend on it."""
    with translation.override("fr"):
        return request_file(
            user=alice,
            organisation=meridian,
            title="Tankers",
            need="Drivers leave loaded tankers parked at roadside cafés overnight.",
            stage="transport",
            framework_section=SECTION,
        )


def _in(language: str, message: str, **params: str) -> str:
    with translation.override(language):
        return translation.gettext(message) % {k: translation.gettext(v) for k, v in params.items()}


def test_the_reasons_are_stored_as_codes_whatever_the_filers_language(tankers):
    reasons = [r for m in tankers.matches for r in m["reasons"]]
    assert reason("framework_section", urn=SECTION, code="RBPS-05") in reasons
    assert reason("same_stage", stage="transport") in reasons
    assert all(isinstance(r, dict) and r.get("code") for r in reasons)


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_request_page_shows_the_reasons_in_the_readers_language(tankers, alice, language):
    client = Client()
    client.force_login(alice)
    client.cookies["django_language"] = language
    page = client.get(reverse("assistance:detail", args=[tankers.pk])).content.decode()
    stage = _in(language, STAGE, stage="Transport")
    assert stage != STAGE % {"stage": "Transport"}  # the catalogue has it
    assert escape(stage) in page
    with translation.override(language):
        linked = translation.gettext(LINKED).split("%(title)s")[0] % {"code": "RBPS-05"}
    assert escape(linked) in page
    assert "Same stage: Transport" not in page and "Linked to framework section" not in page


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_preview_shows_the_reasons_in_the_readers_language(content, alice, language):
    client = Client()
    client.force_login(alice)
    client.cookies["django_language"] = language
    need = {"title": "Tankers", "need": "Loaded tankers parked overnight at roadside cafés."}
    response = client.post(
        reverse("assistance:file"),
        {**need, "stage": "transport", "priority": "normal", "preview": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert escape(_in(language, STAGE, stage="Transport")) in response.content.decode()
    assert not AssistanceRequest.objects.exists()


@pytest.mark.parametrize(
    ("query", "headers", "language"),
    [("?lang=ar", {}, "ar"), ("", {"HTTP_ACCEPT_LANGUAGE": "fr"}, "fr"), ("?lang=en", {}, "en")],
    ids=["lang-ar", "accept-fr", "lang-en"],
)
def test_the_api_gives_code_params_and_text_in_the_language_asked(
    tankers, personas, query, headers, language
):
    response = personas["alice"].get(f"{BASE}/requests/{tankers.pk}{query}", **headers)
    assert response.status_code == 200
    reasons = [r for m in response.json()["matches"] for r in m["reason_codes"]]
    stage = next(r for r in reasons if r["code"] == "same_stage")
    assert stage == {
        "code": "same_stage",
        "params": {"stage": "transport"},
        "text": _in(language, STAGE, stage="Transport"),
        "language": "",
    }
    match = next(m for m in response.json()["matches"] if stage in m["reason_codes"])
    assert match["reasons"] == [r["text"] for r in match["reason_codes"]]


def test_the_match_api_answers_in_the_language_asked(content, personas):
    need = {"need": "Loaded tankers parked overnight at roadside cafés.", "stage": "transport"}
    response = personas["alice"].post(
        f"{BASE}/match?lang=fr", need, content_type="application/json"
    )
    assert response.status_code == 200
    texts = [r["text"] for m in response.json() for r in m["reason_codes"]]
    assert _in("fr", STAGE, stage="Transport") in texts


def test_a_search_reason_reads_in_the_readers_language():
    similarity = {"code": "search_similarity", "params": {"value": 0.8312}}
    terms = {"code": "search_terms", "params": {"terms": ["fence", "gate"]}}
    for language, separator in (("fr", ", "), ("ar", "\u060c ")):
        with translation.override(language):
            message = translation.gettext("semantic similarity %(value).2f")  # number localised
            value = formats.number_format(0.8312, 2, use_l10n=True)
            assert render(similarity).text == message.replace("%(value).2f", value)
            words = translation.gettext("matches %(terms)s") % {"terms": f"fence{separator}gate"}
            assert render(terms).text == words


def test_a_facet_reason_names_the_facet_and_its_values_in_the_readers_language():
    from chemsec.compendium.search import reason_text

    entry = {"code": "search_facet", "params": {"facet": "stage", "values": ["storage", "waste"]}}
    with translation.override("fr"):
        gettext = translation.gettext
        expected = gettext("%(facet)s: %(values)s") % {
            "facet": gettext("Life-cycle stage"),
            "values": f"{gettext('Storage')}, {gettext('Waste')}",
        }
        assert reason_text(entry) == expected
        assert gettext("Storage") in expected and "Storage" not in expected


def _old(language: str, *reasons: tuple[str, dict[str, str]]) -> list[str]:
    return [_in(language, message, **params) for message, params in reasons]


def test_the_migration_reads_text_reasons_of_any_language_back_into_codes(alice, meridian):
    migration = importlib.import_module("chemsec.assistance.migrations.0002_match_reason_codes")
    french = _old(
        "fr",
        (STAGE, {"stage": "Storage"}),
        ("Same measure type: %(type)s", {"type": "Physical protection"}),
        ("Matches the terms of the need", {}),
    )
    with translation.override("fr"):
        french.append(translation.gettext("matches %(terms)s") % {"terms": "clôture, portail"})
        french.append(translation.gettext("semantic similarity %(value).2f") % {"value": 0.8312})
    french.append("Une raison écrite à la main")
    arabic = _old("ar", (STAGE, {"stage": "Transport"}))
    with translation.override("ar"):
        arabic.append(translation.gettext(LINKED) % {"code": "RBPS-05", "title": "النقل"})
    arabic.append("سبب لا رمز له")
    rows = {}
    with unaudited("test: requests as filed before the codes"):
        for name, reasons, section in (("fr", french, ""), ("ar", arabic, SECTION)):
            rows[name] = AssistanceRequest.objects.create(
                organisation=meridian,
                title=name,
                need="A need.",
                framework_section=section,
                matches=[{"urn": "urn:chemsec:practice:x", "title": "X", "reasons": reasons}],
            )
        untouched = AssistanceRequest.objects.create(
            organisation=meridian,
            title="new",
            need="A need.",
            matches=[{"urn": "urn:chemsec:practice:x", "reasons": [reason("need_terms")]}],
        )
    migration.to_codes(apps, None)
    stored = {name: AssistanceRequest.objects.get(pk=row.pk) for name, row in rows.items()}
    assert stored["fr"].matches[0]["reasons"] == [
        reason("same_stage", stage="storage"),
        reason("same_measure_type", measure_type="physical_protection"),
        reason("need_terms"),
        reason("search_terms", terms=["clôture", "portail"]),
        reason("search_similarity", value=0.83),
        {"text": "Une raison écrite à la main", "language": "fr"},
    ]
    assert stored["fr"].matches[0]["title"] == "X"  # the rest of the match as it was
    assert stored["ar"].matches[0]["reasons"] == [
        reason("same_stage", stage="transport"),
        reason("framework_section", urn=SECTION, code="RBPS-05"),
        {"text": "سبب لا رمز له", "language": "ar"},
    ]
    assert AssistanceRequest.objects.get(pk=untouched.pk).matches == untouched.matches
    # The text kept reads as written, marked with its language; the codes in the reader's.
    with translation.override("fr"):
        kept = render(stored["ar"].matches[0]["reasons"][2])
        assert (kept.code, kept.text, kept.language) == (None, "سبب لا رمز له", "ar")
        assert render(stored["ar"].matches[0]["reasons"][0]).text == _in(
            "fr", STAGE, stage="Transport"
        )
