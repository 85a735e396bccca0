"""Translated reference content (issue 11, item 3): the overlays load, a reader in French sees
the French practice with its status and a link to the English, a stale translation says so,
and a secretariat reviewer marks it reviewed or approves a correction, audited."""

from functools import lru_cache

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from chemsec.compendium.content import practices_sync
from chemsec.compendium.models import Practice, Translation
from chemsec.compendium.services import proposal_approve, proposal_create
from chemsec.compendium.tests.conftest import proposal_data
from chemsec.compendium.translations import translation_review, translations_sync
from chemsec.content.reader import DEFAULT_ROOT
from chemsec.core.models import AuditEntry
from chemsec.core.policy import Denied

pytestmark = pytest.mark.django_db
URN = "urn:chemsec:practice:waste-chain-of-custody"


@lru_cache(maxsize=1)
def _overlays():
    from chemsec.content.reader import iter_objects, read_content_tree

    return tuple(o for o in iter_objects(read_content_tree()) if o.kind == "translation")


@lru_cache(maxsize=1)
def _waste_practices():
    from chemsec.content.reader import read_content_file

    return read_content_file(DEFAULT_ROOT / "compendium" / "waste-and-end-of-life.yaml").objects


@pytest.fixture
def translated(db):
    """The waste practices (the sample overlays translate two of them) and every overlay."""
    practices_sync(list(_waste_practices()))
    translations_sync(list(_overlays()))
    return Translation.objects.get(urn=URN, language="fr")


def _page(client, language, query=""):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(reverse("compendium:practice", args=[URN]) + query).content.decode()


def test_it_loads_the_french_and_arabic_overlays(translated):
    assert translated.kind == "practice" and translated.status == "draft"
    assert translated.fields["title"] == "Chaîne de traçabilité des déchets chimiques"
    languages = set(Translation.objects.values_list("language", flat=True))
    assert {"fr", "ar"} <= languages
    kinds = set(Translation.objects.values_list("kind", flat=True))
    assert {"practice", "framework", "framework-section", "framework-question"} <= kinds


def test_a_reader_in_french_sees_the_french_entry_flagged_unreviewed(translated, client):
    page = _page(client, "fr")
    assert "Chaîne de traçabilité des déchets chimiques" in page
    assert 'lang="fr"' in page and "?original=en" in page
    english = _page(client, "fr", "?original=en")
    assert "Chain of custody for chemical waste" in english
    assert "Chaîne de traçabilité" not in english.split("<h1", 1)[1].split("</h1>")[0]
    assert "Chaîne de traçabilité" not in _page(client, "en")


def test_a_changed_english_source_marks_the_translation_stale(translated, client):
    Practice.objects.filter(urn=URN).update(version=2)
    page = _page(client, "ar")
    assert "سلسلة الحيازة للنفايات الكيميائية" in page
    french = _page(client, "fr")
    with translation.override("fr"):
        notice = gettext("Translated from English version %(n)s; the English has changed since.")
    assert notice != notice.replace("%(n)s", "")  # the catalogue keeps the number's place
    words = " ".join(escape(notice % {"n": 1}).split())  # the page wraps lines; a NBSP too
    assert words in " ".join(french.split())


def test_a_reviewer_marks_it_reviewed_audited(translated, reviewer, alice):
    with pytest.raises(Denied):
        translation_review(user=alice, translation=translated)
    Practice.objects.filter(urn=URN).update(version=3)
    done = translation_review(user=reviewer, translation=translated)
    assert done.status == "reviewed" and done.reviewer_name and done.reviewed_on
    assert done.source_version == 3
    assert AuditEntry.objects.filter(object_id=str(done.pk), action="update").exists()


def test_reloading_an_unchanged_file_keeps_the_review(translated, reviewer):
    translation_review(user=reviewer, translation=translated)
    translations_sync(list(_overlays()))
    assert Translation.objects.get(pk=translated.pk).status == "reviewed"


def test_an_approved_correction_updates_the_translation_not_the_english(
    translated, reviewer, alice
):
    english = Practice.objects.get(urn=URN)
    data = proposal_data(
        title="Chaîne de traçabilité des déchets chimiques dangereux",
        language="fr",
        translation_of=english,
    )
    proposal = proposal_create(user=alice, data=data, note="Titre plus précis.")
    result = proposal_approve(user=reviewer, proposal=proposal)
    translated.refresh_from_db()
    assert result.pk == english.pk and Practice.objects.get(urn=URN).title == english.title
    assert translated.fields["title"] == data["title"] and translated.status == "reviewed"
    assert not Practice.objects.filter(language="fr").exists()
