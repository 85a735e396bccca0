"""Road maps in the reader's language (issue 11): an action drawn from a gap is stored as a
code with its parameters, shown in whoever reads it's language, with the question it closes
from the framework's translations (or marked English where there is none); actions written
before, in the language of whoever drew the road map, are read the same way."""

import importlib

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import override

from chemsec.compendium.models import Translation
from chemsec.compendium.tests.test_translations import _overlays
from chemsec.compendium.translations import translations_sync
from chemsec.frameworks.models import Assessment, RoadMapAction
from chemsec.frameworks.tests.test_translated_questions import Q01_EN, Q01_FR, ot_cyber  # noqa: F401

pytestmark = pytest.mark.django_db


def _drawn(personas, framework, language):
    """Alice, reading in `language`, answers two questions of the OT framework with gaps
    (one translated into French and Arabic, one not) and draws the road map."""
    alice = personas["alice"]
    alice.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    alice.post(reverse("frameworks:assessment_start"), {"framework": framework.pk})
    assessment = Assessment.objects.get()
    for section, code in (("OT-01", "OT-01.1"), ("OT-02", "OT-02.1")):
        data = {"section": section, f"{code}__value": "1"}
        alice.post(reverse("frameworks:answers", args=[assessment.pk]), data)
    alice.post(reverse("frameworks:roadmap_generate", args=[assessment.pk]))
    return alice, assessment


def _page(client, assessment, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(reverse("frameworks:roadmap", args=[assessment.pk])).content.decode()


def test_an_action_drawn_in_english_reads_in_french_with_its_question(ot_cyber, personas):  # noqa: F811
    alice, assessment = _drawn(personas, ot_cyber, "en")
    action = assessment.roadmap.actions.get(question__code="OT-01.1")
    assert (action.title_code, action.title_params) == ("close_gap", {"code": "OT-01.1"})
    assert action.description == ""  # the question is not copied in anyone's language
    # A question without a French translation is shown in English, marked so.
    other = assessment.roadmap.actions.get(question__code="OT-02.1").question
    Translation.objects.filter(urn=other.urn, language="fr").delete()
    french = _page(alice, assessment, "fr")
    assert "Combler la lacune relative à OT-01.1" in french
    assert "Close the gap on" not in french
    assert Q01_FR in french and Q01_EN not in french
    assert '<span lang="en" dir="ltr">' + escape(other.text) + "</span>" in french


def test_an_action_drawn_in_french_reads_in_spanish_and_russian(ot_cyber, personas):  # noqa: F811
    alice, assessment = _drawn(personas, ot_cyber, "fr")
    spanish = _page(alice, assessment, "es")
    with override("es"):  # no title typed: the framework's, in Spanish, and the organisation
        assert f"<h1>Hoja de ruta: {escape(assessment.shown_title)}</h1>" in spanish
    assert "<title>Feuille de route" not in spanish  # drawn in French, read in Spanish
    assert "Subsanar la deficiencia en OT-01.1" in _page(alice, assessment, "es")
    assert "Устранить пробел по пункту OT-01.1" in _page(alice, assessment, "ru")
    assert assessment.roadmap.actions.get(question__code="OT-01.1").title == (
        "Close the gap on OT-01.1"
    )


def test_editing_keeps_the_code_unless_the_title_is_changed(ot_cyber, personas):  # noqa: F811
    alice, assessment = _drawn(personas, ot_cyber, "fr")
    action = assessment.roadmap.actions.get(question__code="OT-01.1")
    url = reverse("frameworks:action_edit", args=[assessment.pk, action.pk])
    form = alice.get(url).content.decode()
    assert 'value="Combler la lacune relative à OT-01.1"' in form
    data = {"title": "Combler la lacune relative à OT-01.1", "priority": "high"}
    data |= {"status": "planned", "progress": "10", "practices_text": ""}
    alice.post(url, data)
    action.refresh_from_db()
    assert action.title_code == "close_gap" and action.progress == 10
    alice.post(url, data | {"title": "Inventorier les automates"})
    action.refresh_from_db()
    assert (action.title, action.title_code, action.title_params) == (
        "Inventorier les automates",
        "",
        {},
    )


def test_actions_written_before_are_read_in_the_reader_language(ot_cyber, personas):  # noqa: F811
    """Rows stored as text in the writer's language (French here) with the question's
    English copied: the data migration maps them; a typed title is kept as it is."""
    alice, assessment = _drawn(personas, ot_cyber, "en")
    first = assessment.roadmap.actions.get(question__code="OT-01.1")
    second = assessment.roadmap.actions.get(question__code="OT-02.1")
    RoadMapAction.objects.filter(pk=first.pk).update(
        title="Combler la lacune relative à OT-01.1",
        title_code="",
        title_params={},
        description=first.question.text,
    )
    RoadMapAction.objects.filter(pk=second.pk).update(title="Audit VPN", title_code="")
    migration = importlib.import_module("chemsec.frameworks.migrations.0005_action_title_code")
    migration.to_codes(apps, None)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.title, first.title_code, first.description) == (
        "Close the gap on OT-01.1",
        "close_gap",
        "",
    )
    assert (second.title, second.title_code) == ("Audit VPN", "")
    russian = _page(alice, assessment, "ru")
    assert "Устранить пробел по пункту OT-01.1" in russian and "Audit VPN" in russian


def test_the_campaign_dashboard_shows_section_titles_in_the_reader_language(
    campaign, sam_client, framework
):
    """The heat map, the region table and the chart head their columns with the sections'
    titles: French where the framework is translated, English marked so where it is not."""
    translations_sync(list(_overlays()))
    licensing = framework.sections.get(urn__endswith=":licensing")
    Translation.objects.filter(urn=licensing.urn, language="fr").delete()
    sam_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    page = sam_client.get(reverse("frameworks:campaign", args=[campaign.pk])).content.decode()
    legislation = "Législation et mise en œuvre de la Convention"
    assert page.count(f'class="fw-section-head">{legislation} <span') == 2
    assert "Capacités nationales en matière de sûreté chimique" in page
    assert "Legislation and Convention implementation" not in page
    marked = f'<span lang="en" dir="ltr">{escape(licensing.title)}</span> <span class="small">'
    assert page.count(marked) == 2


def test_the_api_gives_the_title_and_the_question_not_empty_fields(ot_cyber, personas):  # noqa: F811
    alice, assessment = _drawn(personas, ot_cyber, "fr")
    answer = alice.get(f"/api/v1/assessments/{assessment.pk}/roadmap").json()
    first = next(a for a in answer["actions"] if a["title"].endswith("OT-01.1"))
    assert first["title"] == "Combler la lacune relative à OT-01.1"  # the reader's language
    assert Q01_FR in first["description"]
    assert answer["title"].startswith("Feuille de route")
