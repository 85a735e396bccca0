"""Gaps with suggested practices: by the question's links and by meaning, each with a reason."""

import pytest
from django.urls import reverse

from chemsec.frameworks.analysis import assessment_gaps
from chemsec.frameworks.services import AnswerInput, answers_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(assessment, alice):
    answers_save(
        actor=alice,
        assessment=assessment,
        answers=[AnswerInput("NC-01.1", "1"), AnswerInput("NC-01.2", "yes")],
    )
    return assessment


def test_it_suggests_linked_and_similar_practices_with_reasons(answered):
    gaps, semantic = assessment_gaps(answered)
    assert semantic and [g.question.code for g in gaps] == ["NC-01.1"]
    suggestions = {s.urn: s.reasons for s in gaps[0].suggestions}
    linked = suggestions["urn:chemsec:practice:national-implementing-legislation"]
    assert linked == ["Linked to question NC-01.1 in the framework."]
    assert suggestions["urn:chemsec:practice:national-outreach-to-industry"] == [
        "semantic similarity 0.50"
    ]


def test_the_similar_practices_read_the_stored_question_as_english(answered):
    """The analysis sends the question as stored, in English (the page shows its
    translation), whatever the reader's language: the English model then ranks it."""
    from django.utils import translation

    from chemsec.frameworks.tests.conftest import asked_languages

    with translation.override("ar"):
        assessment_gaps(answered)
    assert asked_languages and set(asked_languages) == {"en"}


def test_it_falls_back_to_links_and_says_so(personas, answered, monkeypatch):
    # Without the embedding weights (a plain `pip install chemsec`) meaning-based search is off.
    from chemsec.compendium import search

    monkeypatch.setattr(search, "semantic_status", lambda: (False, "weights not installed"))
    url = reverse("frameworks:results", args=[answered.pk])
    gaps, semantic = assessment_gaps(answered)
    assert not semantic and len(gaps[0].suggestions) == 1
    page = personas["alice"].get(url)
    assert "meaning-based search is not available" in page.content.decode()


def test_it_draws_the_score_chart_as_accessible_svg(personas, answered):
    body = personas["alice"].get(reverse("frameworks:results", args=[answered.pk])).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in body
    assert 'data-section="NC-01" data-score="2.5"' in body  # (1 x 3 + 4 x 3) / 6
    assert "<title>NC-01 Legislation and Convention implementation: 2.5 / 4</title>" in body
