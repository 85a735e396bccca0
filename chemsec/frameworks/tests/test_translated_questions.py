"""Framework questions in the reader's language (issue 11, item 3): the shipped French and
Arabic overlays of the OT cyber framework's first section, with their status, and answers
stored against the same question whatever the language they were given in."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from chemsec.compendium.tests.test_translations import _overlays
from chemsec.compendium.translations import translations_sync
from chemsec.content.reader import read_content_file
from chemsec.frameworks.models import Assessment, Framework
from chemsec.frameworks.sync import sync_frameworks
from chemsec.frameworks.tests.conftest import CONTENT, publish_linked_practices

pytestmark = pytest.mark.django_db
Q01_FR = "inventaire des systèmes OT de contrôle, de sécurité"
Q01_EN = "How complete and current is the inventory of control"


@pytest.fixture
def ot_cyber(db):
    sync_frameworks(read_content_file(CONTENT / "ot-cyber.yaml").objects)
    framework = Framework.objects.get(urn="urn:chemsec:framework:ot-cyber:v1")
    publish_linked_practices(framework)
    translations_sync(list(_overlays()))
    return framework


def _get(client, url, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(url).content.decode()


def test_a_reader_sees_the_questions_in_french_or_arabic_with_the_status(ot_cyber, client):
    url = reverse("frameworks:framework", args=[ot_cyber.pk])
    french = _get(client, url, "fr")
    assert Q01_FR in french and Q01_EN not in french and "?original=en" in french
    assert "Inventaire des systèmes de contrôle de procédé" in french
    assert "OT-02" in french  # an untranslated section stays in English
    assert "جرد أنظمة التحكم في العمليات" in _get(client, url, "ar")
    assert Q01_EN in _get(client, url + "?original=en", "fr")
    assert Q01_EN in _get(client, url, "en")


def test_an_answer_given_in_french_is_stored_against_the_same_question(ot_cyber, personas):
    alice = personas["alice"]
    alice.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    alice.post(reverse("frameworks:assessment_start"), {"framework": ot_cyber.pk})
    assessment = Assessment.objects.get()
    page = alice.get(reverse("frameworks:assessment", args=[assessment.pk])).content.decode()
    assert Q01_FR in page
    data = {"section": "OT-01", "OT-01.1__value": "3"}
    alice.post(reverse("frameworks:answers", args=[assessment.pk]), data)
    answer = assessment.answers.get()
    assert answer.question.urn == "urn:chemsec:framework:ot-cyber:v1:asset-inventory:q01"


def test_scores_and_gaps_show_the_questions_in_the_reader_language_and_mark_the_english(
    ot_cyber, personas
):
    """The Russian crawl found the results page in English throughout (section titles,
    questions, suggested practices), unmarked."""
    alice = personas["alice"]
    alice.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    alice.post(reverse("frameworks:assessment_start"), {"framework": ot_cyber.pk})
    assessment = Assessment.objects.get()
    alice.post(
        reverse("frameworks:answers", args=[assessment.pk]),
        {"section": "OT-01", "OT-01.1__value": "1"},
    )
    page = alice.get(reverse("frameworks:results", args=[assessment.pk])).content.decode()
    assert Q01_FR in page and Q01_EN not in page
    assert "Inventaire des systèmes de contrôle de procédé" in page
    remote = ot_cyber.sections.get(code="OT-02").title
    assert '<th scope="row">OT-02 Accès à distance</th>' in page
    assert "<title>OT-02 Accès à distance:" in page  # the chart's bar too
    assert f"OT-02 {escape(remote)}" not in page
    _assert_practices_in_french_or_marked_english(page)


def test_the_practices_linked_to_questions_are_in_french_or_marked_english(ot_cyber, client):
    french = _get(client, reverse("frameworks:framework", args=[ot_cyber.pk]), "fr")
    _assert_practices_in_french_or_marked_english(french)


def _assert_practices_in_french_or_marked_english(page: str) -> None:
    """Each linked practice is titled by its French translation where the compendium has
    one (no language mark), else by its English title marked lang="en"."""
    from chemsec.compendium.models import Practice, Translation

    links = re.findall(r'<a href="/compendium/entries/([^"/]+)/?"([^>]*)>([^<]*)</a>', page)
    assert links
    for urn, attrs, text in links:
        french = Translation.objects.filter(urn=urn, language="fr").first()
        if french is not None and french.fields.get("title"):
            assert (attrs, text) == ("", escape(french.fields["title"])), urn
        else:
            assert attrs == ' lang="en" dir="ltr"', urn
            assert text == escape(Practice.objects.get(urn=urn).title)


def test_a_read_only_answer_is_shown_by_its_label_in_the_reader_language():
    """The crawl found the stored code ("partial") on the read-only answers."""
    from django.utils import translation

    from chemsec.frameworks.views.assessments import _answer_label

    with translation.override("fr"):
        assert _answer_label("partial") == "Partiellement"
        assert _answer_label("na") != "na" and _answer_label("3") != "3"
        assert _answer_label("12.5") == "12.5"  # a number answer, as given
