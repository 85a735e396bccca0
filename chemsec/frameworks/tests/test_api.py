"""The frameworks API: the same services as the pages, the same personas."""

import pytest

from chemsec.frameworks.models import Assessment

pytestmark = pytest.mark.django_db

JSON = "application/json"


def test_it_lists_frameworks_for_everyone(personas, framework):
    for client in personas.values():
        assert client.get("/api/v1/frameworks").json()[0]["urn"] == framework.urn


def test_it_runs_an_assessment_through_the_api(personas, framework):
    alice = personas["alice"]
    created = alice.post(
        "/api/v1/assessments", {"framework_id": str(framework.pk)}, content_type=JSON
    )
    assert created.status_code == 201
    aid = created.json()["id"]
    answers = {
        "answers": [
            {"code": "NC-01.1", "value": "2"},
            {"code": "NC-01.2", "value": "no", "confidential": True},
        ]
    }
    assert (
        alice.put(f"/api/v1/assessments/{aid}/answers", answers, content_type=JSON).status_code
        == 200
    )
    bad = alice.put(
        f"/api/v1/assessments/{aid}/answers",
        {"answers": [{"code": "NC-01.1", "value": "7"}]},
        content_type=JSON,
    )
    assert bad.status_code == 422
    scores = alice.get(f"/api/v1/assessments/{aid}/scores").json()
    assert scores[0]["code"] == "NC-01" and scores[0]["score"] == 1.0  # (2x3 + 0x3) / 6
    gaps = alice.get(f"/api/v1/assessments/{aid}/gaps").json()
    assert [g["code"] for g in gaps["gaps"]] == ["NC-01.2", "NC-01.1"]
    assert gaps["gaps"][0]["suggestions"][0]["reasons"]
    assert alice.post(f"/api/v1/assessments/{aid}/roadmap").status_code == 201
    assert alice.post(f"/api/v1/assessments/{aid}/submit").json()["status"] == "submitted"
    for name, expected in {"bob": 404, "charlie": 404, "anonymous": 401}.items():
        client = personas[name]
        assert client.get(f"/api/v1/assessments/{aid}").status_code == expected
        assert client.get(f"/api/v1/assessments/{aid}/gaps").status_code == expected
        assert client.get(f"/api/v1/assessments/{aid}/roadmap").status_code == expected
        assert client.post(f"/api/v1/assessments/{aid}/submit").status_code == expected


def test_it_edits_road_map_actions_through_the_api(personas, framework):
    alice = personas["alice"]
    aid = alice.post(
        "/api/v1/assessments", {"framework_id": str(framework.pk)}, content_type=JSON
    ).json()["id"]
    alice.post(f"/api/v1/assessments/{aid}/roadmap")
    base = f"/api/v1/assessments/{aid}/roadmap/actions"
    created = alice.post(
        base, {"title": "Train customs officers", "priority": "high"}, content_type=JSON
    )
    assert created.status_code == 201
    action = created.json()["id"]
    patched = alice.patch(
        f"{base}/{action}", {"progress": 50, "status": "in_progress"}, content_type=JSON
    )
    assert patched.json()["progress"] == 50 and patched.json()["title"] == "Train customs officers"
    assert (
        personas["charlie"]
        .patch(f"{base}/{action}", {"progress": 5}, content_type=JSON)
        .status_code
        == 404
    )
    assert alice.delete(f"{base}/{action}").status_code == 204


def test_it_keeps_campaigns_to_the_secretariat_and_invitees(
    personas, sam_client, framework, meridian
):
    body = {
        "title": "API campaign",
        "framework_id": str(framework.pk),
        "invited": [str(meridian.pk)],
        "deadline": "2026-12-31",
        "reminder_days": [7],
    }
    assert personas["alice"].post("/api/v1/campaigns", body, content_type=JSON).status_code == 403
    created = sam_client.post("/api/v1/campaigns", body, content_type=JSON)
    assert created.status_code == 201
    cid = created.json()["id"]
    assert [c["id"] for c in personas["alice"].get("/api/v1/campaigns").json()] == [cid]
    assert personas["charlie"].get("/api/v1/campaigns").json() == []
    assert personas["anonymous"].get("/api/v1/campaigns").status_code == 401
    # Invitees see the campaign but may not run it; others do not know it exists.
    for name, expected in {"alice": 403, "bob": 403, "charlie": 404}.items():
        assert personas[name].get(f"/api/v1/campaigns/{cid}/dashboard").status_code == expected
    assert sam_client.get(f"/api/v1/campaigns/{cid}/dashboard").json()["statuses"] == {
        "Meridian Chemicals": "Not started"
    }
    response = personas["alice"].post(
        "/api/v1/assessments", {"campaign_id": cid}, content_type=JSON
    )
    assert response.status_code == 201 and Assessment.objects.get().campaign_id is not None
    assert (
        personas["charlie"]
        .post("/api/v1/assessments", {"campaign_id": cid}, content_type=JSON)
        .status_code
        == 404
    )
