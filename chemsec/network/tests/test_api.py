"""The network API for each persona, through the same services as the pages."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
BASE = "/api/v1/network"


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_directory_is_public_and_filtered(network, personas):
    everyone = personas["anonymous"].get(f"{BASE}/members").json()
    assert sorted(m["name"] for m in everyone) == [
        "Meridian Chemicals",
        "National Authority of Arcadia",
    ]
    authorities = (
        personas["anonymous"].get(f"{BASE}/members", {"kind": "national_authority"}).json()
    )
    assert [m["country"] for m in authorities] == ["KE"]
    assert personas["anonymous"].get(f"{BASE}/coverage").status_code == 401


def test_a_meeting_shows_each_persona_what_it_may_see(committee, alice, dana, charlie):
    url = f"{BASE}/meetings/{committee['meeting'].pk}"
    as_alice = _client(alice).get(url).json()
    assert [i["title"] for i in as_alice["items"]] == ["Work programme"]
    assert [a["text"] for a in as_alice["actions"]] == ["Survey members"]
    as_dana = _client(dana).get(url).json()
    assert len(as_dana["items"]) == 2 and len(as_dana["decisions"]) == 2
    assert _client(charlie).get(url).status_code == 404
    assert Client().get(url).status_code == 401


def test_owners_update_their_actions_and_applications_go_to_the_secretariat(
    committee, alice, charlie, northgate
):
    actions = _client(alice).get(f"{BASE}/committees/{committee['committee'].pk}/actions").json()
    (mine,) = actions
    answer = _client(alice).post(
        f"{BASE}/actions/{mine['id']}/status", {"status": "done"}, content_type="application/json"
    )
    assert answer.status_code == 200 and answer.json()["status"] == "done"
    applied = _client(charlie).post(
        f"{BASE}/applications",
        {"stages": ["distribution"], "focal_point_name": "Hanna"},
        content_type="application/json",
    )
    assert applied.status_code == 201 and applied.json()["status"] == "applied"
    decision = _client(charlie).post(
        f"{BASE}/members/{applied.json()['id']}/decision", {"approve": True},
        content_type="application/json",
    )  # fmt: skip
    assert decision.status_code == 403
