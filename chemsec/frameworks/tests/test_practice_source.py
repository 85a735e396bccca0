"""One source of practices: gap suggestions and road maps offer the compendium's published
entries (as assistance does), not the raw content files."""

import pytest

from chemsec.compendium.models import Practice
from chemsec.compendium.services import (
    practice_supersede,
    practice_withdraw,
    proposal_approve,
    proposal_create,
)
from chemsec.core.models import ContentItem
from chemsec.frameworks.analysis import assessment_gaps
from chemsec.frameworks.roadmaps import roadmap_generate
from chemsec.frameworks.services import AnswerInput, answers_save

pytestmark = pytest.mark.django_db
LINKED = "urn:chemsec:practice:national-implementing-legislation"  # linked to NC-01.1


@pytest.fixture
def answered(assessment, alice):
    answers_save(
        actor=alice,
        assessment=assessment,
        answers=[AnswerInput("NC-01.1", "1"), AnswerInput("NC-01.2", "yes")],
    )
    return assessment


def _linked_suggestions(assessment):
    gaps, _semantic = assessment_gaps(assessment, semantic=False)
    return {s.urn: s for g in gaps for s in g.suggestions}


def _reviewed_practice(author, reviewer):
    """A new entry written by a member and approved by a secretariat reviewer."""
    data = {
        "title": "Model national implementing legislation, reviewed in 2026",
        "summary": "A reviewed template of the national law that implements the Convention.",
        "body": "## What\nThe template, with notes on each article.\n",
        "keywords": ["legislation", "implementation"],
        "stages": ["manufacture"],
        "audiences": ["government"],
        "measure_types": ["legal_regulatory"],
        "threats": ["theft_diversion"],
        "facility_scale": ["large"],
    }
    return proposal_approve(user=reviewer, proposal=proposal_create(user=author, data=data))


def test_a_withdrawn_practice_is_not_offered_by_gaps_or_road_maps(answered, alice, sam):
    assert LINKED in _linked_suggestions(answered)
    practice_withdraw(user=sam, practice=Practice.objects.get(urn=LINKED), reason="Outdated.")
    assert LINKED not in _linked_suggestions(answered)
    roadmap = roadmap_generate(actor=alice, assessment=answered)
    assert all(LINKED not in action.practices for action in roadmap.actions.all())


def test_a_reviewer_approved_practice_is_offered_by_gaps_and_road_maps(answered, alice, sam):
    replacement = _reviewed_practice(alice, sam)
    assert not ContentItem.objects.filter(urn=replacement.urn).exists()  # only in the compendium
    practice_supersede(user=sam, practice=Practice.objects.get(urn=LINKED), replacement=replacement)
    suggestions = _linked_suggestions(answered)
    assert LINKED not in suggestions
    offered = suggestions[replacement.urn]
    assert offered.title == replacement.title
    assert offered.reasons == ["Linked to question NC-01.1 in the framework."]
    roadmap = roadmap_generate(actor=alice, assessment=answered)
    action = roadmap.actions.get(question__code="NC-01.1")
    assert action.practices == [replacement.urn]


def test_a_reviewed_change_shows_its_new_title(answered, alice, sam):
    practice = Practice.objects.get(urn=LINKED)
    data = {
        name: getattr(practice, name)
        for name in ("summary", "body", "keywords", "stages", "audiences", "measure_types",
                     "threats", "facility_scale")
    } | {"title": "National implementing legislation (revised)"}  # fmt: skip
    proposal_approve(user=sam, proposal=proposal_create(user=alice, data=data, practice=practice))
    assert _linked_suggestions(answered)[LINKED].title == (
        "National implementing legislation (revised)"
    )
