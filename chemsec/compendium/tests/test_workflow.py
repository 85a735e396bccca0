"""The living compendium: propose, comment, approve, version 2 with a diff, withdraw."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from chemsec.compendium.models import Practice, Proposal
from chemsec.compendium.search import search_practices
from chemsec.compendium.services import (
    comment_add,
    practice_supersede,
    proposal_approve,
    proposal_create,
)
from chemsec.compendium.tests.conftest import proposal_data
from chemsec.core.models import AuditEntry
from chemsec.core.policy import Denied

pytestmark = pytest.mark.django_db


def _form(data):
    form = {k: v for k, v in data.items() if k != "keywords"}
    form["keywords"] = ", ".join(data["keywords"])
    form["language"] = "en"
    return form


def test_it_runs_the_whole_life_of_an_entry_through_the_pages(personas, reviewer_client):
    alice = personas["alice"]
    response = alice.post(reverse("compendium:propose"), _form(proposal_data()))
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and proposal.status == "open"
    alice.post(reverse("compendium:comment", args=[proposal.pk]), {"text": "Ready for review."})
    reviewer_client.post(reverse("compendium:comment", args=[proposal.pk]), {"text": "Looks good"})
    assert proposal.comments.count() == 2
    reviewer_client.post(reverse("compendium:approve", args=[proposal.pk]), {"note": "ok"})
    practice = Practice.objects.get(title=proposal.title)
    assert practice.version == 1 and practice.status == "published"
    assert search_practices("tamper seal audits reagent cabinets")[0].urn == practice.urn

    change = _form(proposal_data(body="## What\nNumbered seals, checked monthly.\n"))
    alice.post(reverse("compendium:propose_change", args=[practice.urn]), change)
    second = Proposal.objects.filter(practice=practice).get()
    reviewer_client.post(reverse("compendium:approve", args=[second.pk]), {})
    practice.refresh_from_db()
    assert practice.version == 2 and practice.versions.count() == 2
    page = alice.get(reverse("compendium:version", args=[practice.urn, 2])).content.decode()
    assert "<del>Numbered seals on each cabinet.</del>" in page
    assert "<ins>Numbered seals, checked monthly.</ins>" in page

    reviewer_client.post(reverse("compendium:withdraw", args=[practice.urn]), {"reason": "Dup."})
    practice.refresh_from_db()
    assert practice.status == "withdrawn" and practice.withdrawn_reason == "Dup."
    assert practice.urn not in [h.urn for h in search_practices("tamper seal audits")]
    detail = personas["anonymous"].get(reverse("compendium:practice", args=[practice.urn]))
    assert "Withdrawn:" in detail.content.decode()
    trail = AuditEntry.objects.order_by("sequence")
    actions = list(trail.filter(object_id=str(practice.pk)).values_list("action", flat=True))
    assert actions == ["create", "approve", "approve"]  # v1, v2 and the withdrawal
    v2 = trail.filter(object_id=str(practice.pk), action="approve").first()
    assert v2.changes["version"] == [1, 2]
    assert v2.changes["body"][1] == "## What\nNumbered seals, checked monthly."
    decided = trail.filter(object_type="compendium.proposal", action="approve")
    assert decided.count() == 2
    assert decided.first().changes["status"] == ["open", "approved"]
    assert trail.filter(object_type="compendium.practiceversion", action="create").count() == 2
    assert trail.filter(object_type="compendium.comment", action="create").count() == 2


def test_it_keeps_drafts_to_their_author_and_reviewers(personas, draft, reviewer_client):
    url = reverse("compendium:proposal", args=[draft.pk])
    assert personas["alice"].get(url).status_code == 200
    assert reviewer_client.get(url).status_code == 200
    assert personas["bob"].get(url).status_code == 404  # a colleague does not see it
    assert personas["charlie"].get(url).status_code == 404
    assert personas["anonymous"].get(url).status_code == 302
    comment_url = reverse("compendium:comment", args=[draft.pk])
    assert personas["charlie"].post(comment_url, {"text": "hi"}).status_code == 404


def test_it_lets_only_reviewers_approve_and_withdraw(personas, draft, practices):
    # The author sees the draft but may not decide it (403); the others may not see it (404).
    for name, status in (("alice", 403), ("bob", 404), ("charlie", 404)):
        response = personas[name].post(reverse("compendium:approve", args=[draft.pk]), {})
        assert response.status_code == status, name
    draft.refresh_from_db()
    assert draft.status == "open"
    urn = practices.first().urn
    for name in ("alice", "charlie"):  # entries are public: seen, but not theirs to withdraw
        url = reverse("compendium:withdraw", args=[urn])
        assert personas[name].post(url, {"reason": "x"}).status_code == 403
    with pytest.raises(Denied):
        proposal_approve(user=draft.created_by, proposal=draft)


def test_it_supersedes_an_entry_and_audits_it(practices, reviewer, client):
    old, new = practices[0], practices[1]
    practice_supersede(user=reviewer, practice=old, replacement=new)
    old.refresh_from_db()
    assert old.status == "superseded" and old.superseded_by == new
    page = client.get(reverse("compendium:practice", args=[old.urn])).content.decode()
    assert "Superseded by" in page and new.title in page
    assert AuditEntry.objects.filter(object_id=str(old.pk), action="approve").exists()


def test_it_refuses_proposals_from_people_outside_the_network(make_user):
    loner = make_user("loner")
    with pytest.raises(Denied):
        proposal_create(user=loner, data=proposal_data())


def test_it_rejects_a_proposal_with_a_note(draft, reviewer_client, reviewer):
    reviewer_client.post(reverse("compendium:reject", args=[draft.pk]), {"note": "Too narrow."})
    draft.refresh_from_db()
    assert draft.status == "rejected" and draft.review_note == "Too narrow."
    with pytest.raises(ValidationError):
        comment_add(user=reviewer, proposal=draft, text="")
