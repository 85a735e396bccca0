"""English shown on a page in another language is marked as English (issue 11): a practice
or a framework question without a translation keeps its English text, in an element with
lang="en" dir="ltr", so that screen readers read it as English and it is laid out left to
right on a right-to-left page."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from chemsec.compendium.content import practices_sync
from chemsec.compendium.models import Practice, Translation
from chemsec.compendium.translations import translations_sync
from chemsec.content.reader import DEFAULT_ROOT, read_content_file

pytestmark = pytest.mark.django_db
PRACTICE = "urn:chemsec:practice:waste-chain-of-custody"
QUESTION = "urn:chemsec:framework:ot-cyber:v1:asset-inventory:q01"


def _objects(path):
    return list(read_content_file(DEFAULT_ROOT / path, root=DEFAULT_ROOT).objects)


@pytest.fixture
def arabic(db):
    """The waste practices and the OT framework with their Arabic overlays, less the
    translations of one practice and one question."""
    from chemsec.frameworks.sync import sync_frameworks

    practices_sync(_objects("compendium/waste-and-end-of-life.yaml"))
    sync_frameworks(_objects("frameworks/ot-cyber.yaml"))
    translations_sync(
        _objects("translations/ar/compendium/waste-and-end-of-life.yaml")
        + _objects("translations/ar/frameworks/ot-cyber.yaml")
    )
    Translation.objects.filter(urn__in=[PRACTICE, QUESTION]).delete()


def _get(client, language, url):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_an_untranslated_practice_is_english_marked_on_an_arabic_page(arabic, client):
    practice = Practice.objects.get(urn=PRACTICE)
    html = _get(client, "ar", reverse("compendium:practice", args=[PRACTICE]))
    assert f'<h1 lang="en" dir="ltr">{escape(practice.title)}</h1>' in html
    assert '<article class="practice-body" lang="en" dir="ltr">' in html
    english = _get(client, "en", reverse("compendium:practice", args=[PRACTICE]))
    assert f"<h1>{escape(practice.title)}</h1>" in english


def test_search_marks_the_hits_left_in_english(arabic, client):
    html = _get(client, "ar", reverse("compendium:index") + "?q=waste")
    practice = Practice.objects.get(urn=PRACTICE)
    assert f' lang="en" dir="ltr">{escape(practice.title)}</a>' in html
    # The other waste practices have their Arabic overlay: the hits among them show it.
    hits = [t for t in Translation.objects.filter(language="ar", kind="practice") if t.urn in html]
    assert hits, "no translated practice among the hits"
    for translated in hits:
        assert f">{escape(translated.fields['title'])}</a>" in html


def test_an_untranslated_question_is_english_marked_on_an_arabic_page(arabic, client):
    from chemsec.frameworks.models import Framework, Question

    framework = Framework.objects.get(urn="urn:chemsec:framework:ot-cyber:v1")
    question = Question.objects.get(urn=QUESTION)
    html = _get(client, "ar", reverse("frameworks:framework", args=[framework.pk]))
    assert f'<span lang="en" dir="ltr">{escape(question.text)}</span>' in html
    assert "<title>" in html and "<title><span" not in html
    english = _get(client, "en", reverse("frameworks:framework", args=[framework.pk]))
    assert f"<p>{escape(question.text)}</p>" in english
