"""The assistance API for each persona, through the same services as the pages."""

import pytest

from chemsec.assistance.models import AssistanceRequest

pytestmark = pytest.mark.django_db
BASE = "/api/v1/assistance"


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_it_files_a_request_and_returns_matches(personas, content):
    response = _post(
        personas["alice"],
        f"{BASE}/requests",
        {"title": "Shutdown contractors", "need": "Contractors wander the plant during shutdown."},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["confidentiality"] == "restricted" and body["status"] == "received"
    assert body["matches"] and all(m["reasons"] for m in body["matches"])
    urns = [m["urn"] for m in body["matches"]]
    assert "urn:chemsec:practice:contractor-and-temporary-staff-security" in urns


def test_it_previews_matches_for_members_only(personas, content):
    need = {"need": "Nobody checks the fence around our terminal."}
    urns = [m["urn"] for m in _post(personas["bob"], f"{BASE}/match", need).json()]
    assert "urn:chemsec:practice:perimeter-definition-and-barriers" in urns
    assert _post(personas["anonymous"], f"{BASE}/match", need).status_code == 401


def test_it_refuses_filing_by_a_viewer_and_invalid_codes(personas):
    assert (
        _post(personas["bob"], f"{BASE}/requests", {"title": "T", "need": "N"}).status_code == 403
    )
    bad = _post(personas["alice"], f"{BASE}/requests", {"title": "T", "need": "N", "stage": "x"})
    assert bad.status_code == 422
    assert AssistanceRequest.objects.count() == 0


def test_it_answers_404_to_those_who_may_not_see(personas, secretariat_clients, filed):
    url = f"{BASE}/requests/{filed.pk}"
    assert personas["alice"].get(url).status_code == 200
    assert personas["bob"].get(url).status_code == 404
    assert personas["charlie"].get(url).status_code == 404
    assert personas["anonymous"].get(url).status_code == 401
    assert secretariat_clients["rita"].get(url).status_code == 200
    listed = {r["id"] for r in personas["charlie"].get(f"{BASE}/requests").json()}
    assert str(filed.pk) not in listed
    assert str(filed.pk) in {
        r["id"] for r in secretariat_clients["victor"].get(f"{BASE}/requests").json()
    }


def test_it_triages_through_the_api(personas, secretariat_clients, filed, expert):
    rita = secretariat_clients["rita"]
    url = f"{BASE}/requests/{filed.pk}"
    assert _post(personas["alice"], f"{url}/triage", {"status": "closed"}).status_code == 403
    assert _post(personas["charlie"], f"{url}/triage", {"status": "closed"}).status_code == 404
    body = _post(rita, f"{url}/triage", {"status": "in_progress", "note": "Accepted."}).json()
    assert body["status"] == "in_progress" and body["notes"][0]["text"] == "Accepted."
    assert _post(rita, f"{url}/triage", {"status": "received"}).status_code == 422
    assigned = _post(rita, f"{url}/assignments", {"expert": "erin", "role": "Lead"})
    assert assigned.status_code == 201
    assert _post(personas["alice"], f"{url}/assignments", {"expert": "erin"}).status_code == 403
    outcome = _post(rita, f"{url}/outcomes", {"text": "Register in place."})
    assert outcome.status_code == 201 and outcome.json()["draft_proposal"] == ""
    note = _post(personas["alice"], f"{url}/notes", {"text": "Thanks."})
    assert note.status_code == 201
    detail = personas["alice"].get(url).json()
    assert [a["expert"] for a in detail["assignments"]] == ["erin"]
    assert len(detail["notes"]) == 2 and len(detail["outcomes"]) == 1


def test_it_lists_experts_for_the_secretariat_only(personas, secretariat_clients, expert):
    assert secretariat_clients["rita"].get(f"{BASE}/experts").json()[0]["username"] == "erin"
    assert personas["alice"].get(f"{BASE}/experts").status_code == 403
    assert personas["anonymous"].get(f"{BASE}/experts").status_code == 401
