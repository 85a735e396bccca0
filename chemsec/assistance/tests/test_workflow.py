"""The request workflow, the secretariat's visibility rule, matching reasons and drafts."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chemsec.assistance.matching import match_practices
from chemsec.assistance.models import AssistanceRequest
from chemsec.assistance.reasons import reason, render_all
from chemsec.assistance.services import (
    expert_assign,
    expert_profile_save,
    outcome_record,
    request_triage,
)
from chemsec.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_it_lets_the_secretariat_see_every_request_but_only_reviewers_change_them(
    alice, bob, charlie, reviewer, make_user, secretariat, filed
):
    viewer = make_user("victor", secretariat)
    visible = AssistanceRequest.objects.visible_to
    assert list(visible(alice)) == [filed]
    assert list(visible(bob)) == [] and list(visible(charlie)) == []
    assert list(visible(reviewer)) == [filed] and list(visible(viewer)) == [filed]
    assert list(visible(reviewer, "change")) == [filed]
    assert list(visible(viewer, "change")) == []
    # Deleting and sharing stay with the requesting organisation.
    assert list(visible(reviewer, "delete")) == [] and list(visible(alice, "delete")) == [filed]


def test_it_moves_a_request_through_received_in_progress_delivered_closed(reviewer, filed):
    for status in ("in_progress", "delivered", "closed"):
        request_triage(user=reviewer, request=filed, status=status)
    filed.refresh_from_db()
    assert filed.status == "closed"
    changes = AuditEntry.objects.filter(object_id=str(filed.pk), action="update")
    assert sorted(e.changes["status"][1] for e in changes) == ["closed", "delivered", "in_progress"]


def test_it_refuses_skipping_or_reopening_steps(reviewer, filed):
    with pytest.raises(ValidationError):
        request_triage(user=reviewer, request=filed, status="delivered")
    request_triage(user=reviewer, request=filed, status="closed")
    with pytest.raises(ValidationError):
        request_triage(user=reviewer, request=filed, status="in_progress")


def test_it_refuses_triage_by_the_requester(alice, filed):
    with pytest.raises(PermissionDenied):
        request_triage(user=alice, request=filed, status="closed")


def test_it_assigns_an_expert_once(reviewer, filed, expert):
    expert_assign(user=reviewer, request=filed, expert=expert, role="Lead")
    with pytest.raises(ValidationError):
        expert_assign(user=reviewer, request=filed, expert=expert)


def test_it_keeps_expert_profiles_through_the_secretariat(reviewer, alice, make_user):
    erin = make_user("erin")
    profile = expert_profile_save(
        user=reviewer, expert=erin, competencies=["transport_security"], languages=["EN", " es"]
    )
    assert profile.languages == ["en", "es"] and profile.availability == "available"
    with pytest.raises(PermissionDenied):
        expert_profile_save(user=alice, expert=erin, competencies=[], languages=[])


def test_it_returns_ranked_matches_with_reasons(content):
    found = match_practices(
        need="Drivers leave loaded tankers parked at roadside cafés overnight.",
        stage="transport",
        framework_section="urn:chemsec:framework:facility-security:v1:rbps-05",
    )
    urns = [m.urn for m in found]
    assert "urn:chemsec:practice:en-route-stops-and-secure-parking" in urns
    assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)
    reasons = [r for m in found for r in m.reasons]
    section = "urn:chemsec:framework:facility-security:v1:rbps-05"
    assert reason("framework_section", urn=section, code="RBPS-05") in reasons
    assert reason("same_stage", stage="transport") in reasons
    assert all(m.reasons and m.title for m in found)
    shown = " | ".join(r.text for r in render_all(reasons))  # English by default
    assert "Linked to framework section RBPS-05" in shown and "Same stage: Transport" in shown


def test_it_turns_an_outcome_into_a_draft_compendium_entry(reviewer, filed, content):
    outcome, message = outcome_record(
        user=reviewer,
        request=filed,
        text="A cylinder register with daily counts was set up. Keys moved to a locked cabinet.",
        make_draft=True,
    )
    assert outcome.draft_proposal and "draft" in message
    from chemsec.compendium.models import Proposal

    proposal = Proposal.objects.get(pk=outcome.draft_proposal)
    assert proposal.stages == ["storage"] and proposal.measure_types == ["physical_protection"]
    assert "chlorine store" not in proposal.body  # the restricted need stays out of the draft
