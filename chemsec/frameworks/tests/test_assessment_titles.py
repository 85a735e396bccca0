"""An assessment no one titled stores no title (issue 11): it is shown as the framework's
title in the reader's language with the organisation, on every page that names it and in
the API; a title someone typed is shown as typed; titles stored before as the English
default become empty."""

from __future__ import annotations

import importlib
import re

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from chemsec.compendium.models import Translation
from chemsec.frameworks.models import ASSESSMENT_TITLE, Assessment
from chemsec.frameworks.roadmaps import roadmap_generate
from chemsec.frameworks.services import assessment_start
from chemsec.frameworks.tests.test_translated_questions import ot_cyber  # noqa: F401

pytestmark = pytest.mark.django_db

FR_TITLE = "Auto-évaluation de la cybersécurité des technologies opérationnelles (OT)"
AR_TITLE = "التقييم الذاتي للأمن السيبراني للتكنولوجيا التشغيلية"


def _expected(language: str, framework_title: str, organisation: str) -> str:
    with translation.override(language):
        return translation.gettext(ASSESSMENT_TITLE) % {
            "framework": framework_title,
            "organisation": organisation,
        }


def _get(client, url, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def untitled(ot_cyber, alice, meridian):  # noqa: F811
    with translation.override("fr"):  # whoever starts it reads French: nothing depends on it
        return assessment_start(actor=alice, organisation=meridian, framework=ot_cyber)


def test_an_untitled_assessment_stores_no_text(untitled):
    assert Assessment.objects.get(pk=untitled.pk).title == ""


@pytest.mark.parametrize(("language", "framework_title"), [("ar", AR_TITLE), ("fr", FR_TITLE)])
def test_the_pages_show_the_framework_title_in_the_readers_language(
    untitled, personas, language, framework_title
):
    title = Translation.objects.get(urn=untitled.framework.urn, language=language).fields["title"]
    assert title.startswith(framework_title)
    expected = escape(_expected(language, title, "Meridian Chemicals"))
    client = personas["alice"]
    for name in ("frameworks:assessment", "frameworks:results", "frameworks:submit"):
        page = _get(client, reverse(name, args=[untitled.pk]), language)
        assert expected in page, name
        heading = re.search(r"<h1>(.*?)</h1>", page, re.S)
        assert heading is not None and untitled.framework.title not in heading.group(1), name
    assert expected in _get(client, reverse("frameworks:index"), language)
    detail = _get(client, reverse("frameworks:assessment", args=[untitled.pk]), language)
    assert f">{escape(title)}</a> (v1)" in detail  # the framework named in the facts too


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_road_map_is_titled_in_the_readers_language(untitled, alice, personas, language):
    roadmap_generate(actor=alice, assessment=untitled)
    title = Translation.objects.get(urn=untitled.framework.urn, language=language).fields["title"]
    with translation.override(language):
        expected = translation.gettext("Road map: %(title)s") % {
            "title": _expected(language, title, "Meridian Chemicals")
        }
    page = _get(personas["alice"], reverse("frameworks:roadmap", args=[untitled.pk]), language)
    assert f"<h1>{escape(expected)}</h1>" in page


def test_an_untranslated_framework_title_is_marked_english(untitled, personas):
    Translation.objects.filter(urn=untitled.framework.urn, language="fr").delete()
    page = _get(personas["alice"], reverse("frameworks:assessment", args=[untitled.pk]), "fr")
    marked = f'<span lang="en" dir="ltr">{escape(untitled.framework.title)}</span>'
    with translation.override("fr"):
        message = escape(translation.gettext(ASSESSMENT_TITLE))
    heading = message % {"framework": marked, "organisation": "Meridian Chemicals"}
    assert f"<h1>{heading}</h1>" in page


def test_a_typed_title_is_shown_as_typed(ot_cyber, alice, meridian, personas):  # noqa: F811
    typed = assessment_start(
        actor=alice, organisation=meridian, framework=ot_cyber, title="Auto-évaluation 2026"
    )
    page = _get(personas["alice"], reverse("frameworks:assessment", args=[typed.pk]), "ar")
    assert "<h1>Auto-évaluation 2026</h1>" in page


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_api_gives_the_title_in_the_language_asked(untitled, personas, language):
    response = personas["alice"].get(
        f"/api/v1/assessments/{untitled.pk}", HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 200
    title = Translation.objects.get(urn=untitled.framework.urn, language=language).fields["title"]
    assert response.json()["title"] == _expected(language, title, "Meridian Chemicals")


def test_the_migration_empties_titles_equal_to_the_english_default(
    untitled,
    ot_cyber,  # noqa: F811
    alice,
    meridian,
):
    english = f"{ot_cyber.title} · {meridian.name}"
    typed = assessment_start(
        actor=alice, organisation=meridian, framework=ot_cyber, title="Our own title"
    )
    Assessment.objects.filter(pk=untitled.pk).update(title=english)
    migration = importlib.import_module(
        "chemsec.frameworks.migrations.0006_assessment_title_composed"
    )
    migration.clear_defaults(apps, None)
    assert Assessment.objects.get(pk=untitled.pk).title == ""
    assert Assessment.objects.get(pk=typed.pk).title == "Our own title"
    with translation.override("en"):
        assert str(Assessment.objects.get(pk=untitled.pk)) == english  # the audit's name
