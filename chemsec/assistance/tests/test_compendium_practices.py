"""Matching proposes the compendium's published entries: reviewed drafts in, withdrawn out."""

import pytest

from chemsec.assistance.matching import match_practices, section_by_urn, section_practices
from chemsec.assistance.services import outcome_record
from chemsec.compendium.models import Practice, Proposal
from chemsec.compendium.services import (
    practice_supersede,
    practice_withdraw,
    proposal_approve,
    proposal_create,
)
from chemsec.core.models import ContentItem

pytestmark = pytest.mark.django_db
SECTION = "urn:chemsec:framework:facility-security:v1:rbps-05"


def _publish(author, reviewer, **data):
    entry = {
        "title": "Checking the seals of bulk rail tank cars at the siding",
        "summary": "Inspect and log the numbered seals of every rail tank car before it is "
        "unloaded at the siding, and hold any car whose seal does not match the waybill.",
        "body": "## What\nSeal numbers checked against the waybill on arrival.\n",
        "keywords": ["rail", "tank car", "seal", "siding", "waybill"],
        "stages": ["transport"],
        "audiences": ["facility_operator"],
        "measure_types": ["transport_security"],
        "threats": ["theft_diversion"],
        "facility_scale": ["large"],
        **data,
    }
    return proposal_approve(user=reviewer, proposal=proposal_create(user=author, data=entry))


def test_it_proposes_a_practice_published_through_the_review_workflow(content, alice, reviewer):
    practice = _publish(alice, reviewer)
    assert not ContentItem.objects.filter(urn=practice.urn).exists()  # not from the content files
    found = match_practices(
        need="Rail tank cars arrive at our siding and nobody compares their seals with the "
        "waybill before unloading."
    )
    [match] = [m for m in found if m.urn == practice.urn]
    assert match.title == practice.title and match.stages == ["transport"]


def test_it_never_proposes_a_withdrawn_practice_even_when_a_section_links_it(content, reviewer):
    linked = section_practices(section_by_urn(SECTION))[0]
    need = "Drivers leave loaded tankers parked at roadside cafés overnight."
    assert linked in [m.urn for m in match_practices(need=need, framework_section=SECTION)]
    practice_withdraw(user=reviewer, practice=Practice.objects.get(urn=linked), reason="Outdated.")
    found = match_practices(need=need, framework_section=SECTION, limit=30)
    assert found and linked not in [m.urn for m in found]


def test_a_section_link_to_a_superseded_practice_proposes_its_replacement(content, alice, reviewer):
    linked = section_practices(section_by_urn(SECTION))[0]
    replacement = _publish(alice, reviewer, title="Secure parking on long road journeys")
    practice_supersede(
        user=reviewer, practice=Practice.objects.get(urn=linked), replacement=replacement
    )
    found = {m.urn: m for m in match_practices(need="Lorry parking", framework_section=SECTION)}
    assert linked not in found
    assert any(r["code"] == "framework_section" for r in found[replacement.urn].reasons)


def test_a_draft_from_an_outcome_relates_only_to_practices_still_published(
    content, filed, reviewer
):
    withdrawn = filed.matches[0]["urn"]
    practice_withdraw(user=reviewer, practice=Practice.objects.get(urn=withdrawn), reason="Gone.")
    outcome, _message = outcome_record(
        user=reviewer, request=filed, text="Keys moved to a locked cabinet.", make_draft=True
    )
    related = Proposal.objects.get(pk=outcome.draft_proposal).related_urns
    assert related and withdrawn not in related
    assert related == [m["urn"] for m in filed.matches[1:3]]
