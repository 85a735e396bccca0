"""The framework library and road maps name things in the reader's language (QA): a
framework's audience by its label, not its stored code; a road-map action's practices by
their titles (translated where the practice is), linked, on the page and in the PDF; a
practice the compendium does not hold stays as written, marked."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from chemsec.compendium.models import Practice, Translation
from chemsec.core.writes import unaudited
from chemsec.frameworks.models import RoadMap
from chemsec.frameworks.roadmaps import roadmap_action_save
from chemsec.frameworks.services import AnswerInput, answers_save

pytestmark = pytest.mark.django_db

LEGISLATION = "urn:chemsec:practice:national-implementing-legislation"
TITLE_AR = "تشريعات التنفيذ الوطنية (عنوان للاختبار)"


def _get(client, url, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_library_cards_name_the_audience_in_the_readers_language(client, framework, language):
    html = _get(client, reverse("frameworks:index"), language).content.decode()
    with translation.override(language):
        label = translation.gettext("National authority")
        audience = translation.gettext("Audience")
    assert f"{escape(audience)}: {escape(label)}" in html
    assert "for state" not in html and " state</p>" not in html


@pytest.fixture
def roadmap(personas, assessment, alice):
    answers_save(actor=alice, assessment=assessment, answers=[AnswerInput("NC-01.1", "1")])
    personas["alice"].post(reverse("frameworks:roadmap_generate", args=[assessment.pk]))
    roadmap = RoadMap.objects.get(assessment=assessment)
    action = roadmap.actions.get()
    assert action.practices == [LEGISLATION]
    practices = [LEGISLATION, "urn:chemsec:practice:no-such-practice"]
    roadmap_action_save(
        actor=alice, roadmap=roadmap, action=action, fields={"practices": practices}
    )
    practice = Practice.objects.get(urn=LEGISLATION)
    with unaudited("test fixture: a practice's Arabic title"):
        Translation.objects.create(
            urn=LEGISLATION,
            language="ar",
            kind="practice",
            fields={"title": TITLE_AR},
            source_version=practice.version,
            status="draft",
        )
    return roadmap


@pytest.mark.parametrize("language", ["en", "ar", "fr"])
def test_road_map_practices_are_titled_and_linked(personas, roadmap, language):
    url = reverse("frameworks:roadmap", args=[roadmap.assessment_id])
    html = _get(personas["alice"], url, language).content.decode()
    english = Practice.objects.get(urn=LEGISLATION).title
    link = reverse("compendium:practice", kwargs={"urn": LEGISLATION})
    if language == "ar":
        assert f'<a href="{link}">{escape(TITLE_AR)}</a>' in html
    elif language == "fr":  # no French translation: the English title, marked so
        assert f'<a href="{link}" lang="en" dir="ltr">{escape(english)}</a>' in html
    else:
        assert f'<a href="{link}">{escape(english)}</a>' in html
    with translation.override(language):
        missing = translation.gettext("not in the compendium")
    assert (
        f'<span class="unresolved" dir="ltr">no-such-practice</span> '
        f'<span class="small">({escape(missing)})</span>'
    ) in html
    assert "national-implementing-legislation</a>" not in html


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_road_map_pdf_names_practices_by_title(personas, roadmap, language):
    from pypdf import PdfReader

    url = reverse("frameworks:roadmap_export", args=[roadmap.assessment_id, "pdf"])
    body = _get(personas["alice"], url, language).content
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    text = " ".join(text.split())
    if language == "en":
        title = Practice.objects.get(urn=LEGISLATION).title
        assert " ".join(title.split()[:2]) in text
    assert "national-implementing-legislation" not in text
    assert "no-such-practice" in text


@pytest.mark.parametrize("page", ["framework", "results"])
def test_a_question_s_linked_practices_are_titled_in_the_reader_s_language(
    personas, roadmap, assessment, page
):
    """QA: the framework page and an assessment's results listed linked practices by their
    English titles on Arabic pages although the compendium had them in Arabic."""
    url = (
        reverse("frameworks:framework", args=[assessment.framework.pk])
        if page == "framework"
        else reverse("frameworks:results", args=[assessment.pk])
    )
    arabic = _get(personas["alice"], url, "ar").content.decode()
    english_title = Practice.objects.get(urn=LEGISLATION).title
    assert escape(TITLE_AR) in arabic
    assert f">{escape(english_title)}<" not in arabic
    english = _get(personas["alice"], url, "en").content.decode()
    assert escape(english_title) in english and escape(TITLE_AR) not in english
