"""Incident API: record, add a chemical (the clock starts), report to the authority, and
the refusals (404 for those who may not see it, 403 for a colleague who may not report)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_record_chemical_report(alice, authority, officer):
    client = _client(alice)
    created = client.post("/api/v1/incidents", {"kind": "disappearance", "title": "Short count"},
                          content_type="application/json")  # fmt: skip
    assert created.status_code == 201, created.content
    incident_id = created.json()["id"]
    assert created.json()["seconds_left"] is None
    added = client.post(f"/api/v1/incidents/{incident_id}/chemicals",
                        {"name": "Hydrogen peroxide", "cas": "7722-84-1", "quantity": "25"},
                        content_type="application/json")  # fmt: skip
    assert added.status_code == 201
    got = client.get(f"/api/v1/incidents/{incident_id}").json()
    assert 86000 < got["seconds_left"] <= 86400 and not got["overdue"]
    reported = client.post(
        f"/api/v1/incidents/{incident_id}/report",
        {"authority": authority.slug},
        content_type="application/json",
    )
    assert reported.status_code == 201
    report_id = reported.json()["report_id"]
    seen = _client(officer).get(f"/api/v1/supplychain/reports/{report_id}")
    assert seen.status_code == 200 and seen.json()["kind"] == "disappearance"
    assert seen.json()["body"]["incident"]["chemicals"][0]["quantity"] == "25.000"
    stix = client.get(f"/api/v1/incidents/{incident_id}/stix")
    assert stix.json()["type"] == "bundle"
    misp = client.get(f"/api/v1/incidents/{incident_id}/misp").json()["Event"]
    assert misp["Tag"][0]["name"].startswith("tlp:") and "Attribute" in misp


def test_refusals(theft, bob, charlie, carol, alice, authority):
    from chemsec.core.writes import write_share

    assert Client().get(f"/api/v1/incidents/{theft.pk}").status_code == 401
    for user in (bob, charlie):
        assert _client(user).get(f"/api/v1/incidents/{theft.pk}").status_code == 404
        assert _client(user).get(f"/api/v1/incidents/{theft.pk}/misp").status_code == 404
        assert _client(user).get("/api/v1/incidents").json() == []
    write_share(theft, actor=alice, users=[carol])
    refused = _client(carol).post(
        f"/api/v1/incidents/{theft.pk}/report",
        {"authority": authority.slug},
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert (
        _client(bob)
        .post("/api/v1/incidents", {"kind": "theft", "title": "x"}, content_type="application/json")
        .status_code
        == 403
    )
