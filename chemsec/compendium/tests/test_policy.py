"""The compendium asks the policy: each write service refuses, called directly, whoever may not
act (whatever the caller checked), saves nothing around the audited write path, and every API
answer has a declared schema."""

import pytest
from django.contrib.auth.models import AnonymousUser

from chemsec.api import api
from chemsec.compendium.models import Comment, Practice, Proposal
from chemsec.compendium.services import (
    comment_add,
    practice_supersede,
    practice_withdraw,
    proposal_approve,
    proposal_create,
    proposal_reject,
    proposal_update,
)
from chemsec.compendium.tests.conftest import proposal_data
from chemsec.core.models import AuditEntry
from chemsec.core.policy import Denied, NotVisible, can
from chemsec.core.writes import UnauditedWrite

pytestmark = pytest.mark.django_db
KEY = "urn:chemsec:practice:key-and-lock-control"


def test_its_tests_run_with_strict_writes(draft):
    draft.title = "Changed behind the audit trail"
    with pytest.raises(UnauditedWrite):
        draft.save()
    with pytest.raises(UnauditedWrite):
        Comment(proposal=draft, text="x").save()


def test_only_members_of_the_network_propose(make_user):
    for outsider in (AnonymousUser(), make_user("loner")):
        with pytest.raises(Denied):
            proposal_create(user=outsider, data=proposal_data())
    assert not Proposal.objects.exists()


def test_drafts_are_changed_and_commented_by_their_author_and_reviewers_only(
    draft, alice, bob, charlie, reviewer
):
    for other in (bob, charlie):  # they may not know the draft exists
        with pytest.raises(NotVisible):
            proposal_update(user=other, proposal=draft, data={"title": "Taken over"})
        with pytest.raises(NotVisible):
            comment_add(user=other, proposal=draft, text="hello")
    proposal_update(user=alice, proposal=draft, data={"title": "Quarterly seal audits"})
    comment_add(user=reviewer, proposal=draft, text="Fine.")
    draft.refresh_from_db()
    assert draft.title == "Quarterly seal audits" and draft.comments.count() == 1
    entry = AuditEntry.objects.filter(object_id=str(draft.pk), action="update").get()
    assert entry.changes == {
        "title": ["Quarterly tamper-seal audits on reagent cabinets", "Quarterly seal audits"]
    }


def test_only_reviewers_decide_drafts(draft, alice, charlie, reviewer):
    for service in (proposal_approve, proposal_reject):
        with pytest.raises(Denied):  # the author sees the draft but may not decide it
            service(user=alice, proposal=draft, note="mine")
        with pytest.raises(NotVisible):
            service(user=charlie, proposal=draft, note="theirs")
    draft.refresh_from_db()
    assert draft.status == "open"
    rejected = proposal_reject(user=reviewer, proposal=draft, note="Too narrow.")
    assert rejected.status == "rejected"
    entry = AuditEntry.objects.filter(object_id=str(draft.pk), action="update").get()
    assert entry.changes["status"] == ["open", "rejected"]
    assert entry.changes["review_note"] == ["", "Too narrow."]


def test_only_reviewers_withdraw_or_supersede_entries(practices, alice, charlie, reviewer):
    key, other = Practice.objects.get(urn=KEY), practices.exclude(urn=KEY).first()
    for person in (alice, charlie):  # entries are public: seen, but not theirs to change
        with pytest.raises(Denied):
            practice_withdraw(user=person, practice=key, reason="Mine now.")
        with pytest.raises(Denied):
            practice_supersede(user=person, practice=key, replacement=other)
    key.refresh_from_db()
    assert key.status == "published"
    practice_supersede(user=reviewer, practice=key, replacement=other)
    entry = AuditEntry.objects.filter(object_id=str(key.pk), action="approve").get()
    assert entry.changes == {
        "status": ["published", "superseded"],
        "superseded_by": [None, str(other.pk)],
    }


def test_the_policy_and_the_lists_agree(draft, alice, bob, reviewer):
    assert can(alice, "proposal.change", draft) and not can(alice, "proposal.decide", draft)
    assert not can(bob, "proposal.view", draft)
    assert can(reviewer, "proposal.decide", draft) and can(reviewer, "compendium.review", None)
    for user in (alice, bob, reviewer):
        listed = Proposal.objects.visible_to(user).filter(pk=draft.pk).exists()
        assert listed == can(user, "proposal.view", draft)


def test_a_reference_keeps_its_keys_through_the_api(personas, reviewer_client):
    references = [{"title": "Seal guide", "year": 2021}, {"title": "Plain"}]
    payload = proposal_data() | {"references": references}
    created = personas["alice"].post(
        "/api/v1/compendium/proposals", payload, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    url = f"/api/v1/compendium/proposals/{created.json()['id']}/approve"
    approved = reviewer_client.post(url, {}, content_type="application/json").json()
    assert approved["references"] == references  # no null publisher or url added
    assert approved["translation_of"] is None and approved["superseded_by"] is None


def test_every_compendium_operation_documents_its_answer():
    schema = api.get_openapi_schema()
    operations = [
        (path, method, operation)
        for path, methods in schema["paths"].items()
        if "/compendium/" in path
        for method, operation in methods.items()
    ]
    assert len(operations) == 8
    for path, method, operation in operations:
        answer = operation["responses"][next(iter(operation["responses"]))]
        media = answer.get("content", {}).get("application/json", {})
        assert media.get("schema"), f"{method.upper()} {path} has no documented response"
