"""The note of a version loaded from the reference content (issue 11): stored as a code,
shown in the reader's language (in English marked lang="en" until the catalogue has it),
never as a sentence stored in English; versions stored before with the English sentence
read the same, and a note someone typed is shown as typed."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from chemsec.compendium.content import LOADED_NOTE, version_note
from chemsec.compendium.models import PracticeVersion
from chemsec.compendium.tests.test_translations import URN, translated  # noqa: F401

pytestmark = pytest.mark.django_db
ENGLISH = "Loaded from the reference content."


def _page(client, language, name, **kwargs):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(reverse(f"compendium:{name}", kwargs=kwargs)).content.decode()


def _shown_in(language):
    with translation.override(language):
        return str(version_note(LOADED_NOTE))


def test_a_loaded_version_notes_a_code_shown_in_the_reader_language(translated, client):  # noqa: F811
    version = PracticeVersion.objects.get(practice__urn=URN)
    assert version.note == LOADED_NOTE
    for language in ("fr", "es", "ru", "zh-hans"):
        detail = _page(client, language, "practice", urn=URN)
        page = _page(client, language, "version", urn=URN, number=version.number)
        shown = _shown_in(language)
        assert shown != ENGLISH  # translated, or English marked as such
        assert shown in detail and shown in page
        assert LOADED_NOTE not in detail and LOADED_NOTE not in page
        for html in (detail, page):  # the English sentence only ever inside its lang mark
            assert not re.search(r'(?<!lang="en" dir="ltr")>\s*' + re.escape(ENGLISH), html)
    assert ENGLISH in _page(client, "en", "practice", urn=URN)


def test_versions_stored_before_read_the_same_and_typed_notes_stay(translated, client):  # noqa: F811
    PracticeVersion.objects.filter(practice__urn=URN).update(note=ENGLISH)
    assert _shown_in("fr") in _page(client, "fr", "practice", urn=URN)
    PracticeVersion.objects.filter(practice__urn=URN).update(note="Révision du glossaire")
    assert "<td>Révision du glossaire</td>" in _page(client, "fr", "practice", urn=URN)


def test_the_api_gives_the_note_as_text_not_its_code(translated, client):  # noqa: F811
    answer = client.get(f"/api/v1/compendium/practices/{URN}").json()
    assert [v["note"] for v in answer["versions"]] == [ENGLISH]
