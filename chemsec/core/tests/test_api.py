"""The API: one error shape, tokens, pagination and every persona on every endpoint."""

import pytest

from chemsec.core.services import token_create, token_revoke

pytestmark = pytest.mark.django_db


def _bearer(user, scope="read"):
    _token, secret = token_create(user=user, name="t", scope=scope)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_it_answers_401_in_the_error_shape_to_anonymous_callers(client):
    body = client.get("/api/v1/me").json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == "unauthenticated" and body["error"]["message"]


def test_it_authenticates_with_a_token_and_refuses_revoked_ones(client, alice):
    token, secret = token_create(user=alice, name="ci", scope="read")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get("/api/v1/me", **headers).json()["username"] == "alice"
    token_revoke(token=token, actor=alice)
    response = client.get("/api/v1/me", **headers)
    assert response.status_code == 401 and "revoked" in response.json()["error"]["message"]


def test_it_never_falls_back_to_anonymous_on_a_bad_token(client):
    response = client.get("/api/v1/content", HTTP_AUTHORIZATION="Bearer cs_nope_nope")
    assert response.status_code == 401


def test_it_stores_only_the_hash_of_a_token(alice):
    token, secret = token_create(user=alice, name="ci", scope="read")
    assert secret not in (token.key_hash, token.prefix) and len(token.key_hash) == 64


def test_it_refuses_writes_with_a_read_only_token(client, alice, restricted_job):
    response = client.post(f"/api/v1/jobs/{restricted_job.pk}/retry", **_bearer(alice, "read"))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    response = client.post(f"/api/v1/jobs/{restricted_job.pk}/retry", **_bearer(alice, "write"))
    assert response.status_code == 200 and response.json()["status"] == "succeeded"


def test_it_answers_422_with_field_errors(personas):
    response = personas["alice"].post(
        "/api/v1/tokens", {"name": "", "scope": "everything"}, content_type="application/json"
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    fields = {detail["field"] for detail in error["details"]}
    assert {"body.payload.name", "body.payload.scope"} <= fields


def test_it_shows_a_new_token_secret_once_and_only_to_a_session(personas, client, alice):
    response = personas["alice"].post(
        "/api/v1/tokens", {"name": "laptop", "scope": "read"}, content_type="application/json"
    )
    assert response.status_code == 201 and response.json()["secret"].startswith("cs_")
    listed = personas["alice"].get("/api/v1/tokens").json()
    assert "secret" not in listed[0]
    again = client.post(
        "/api/v1/tokens",
        {"name": "x", "scope": "read"},
        content_type="application/json",
        **_bearer(alice, "write"),
    )
    assert again.status_code == 403


@pytest.mark.parametrize(
    ("persona", "status"), [("alice", 200), ("bob", 404), ("charlie", 404), ("anonymous", 401)]
)
def test_it_shows_a_restricted_job_only_to_its_owner(personas, restricted_job, persona, status):
    response = personas[persona].get(f"/api/v1/jobs/{restricted_job.pk}")
    assert response.status_code == status
    if status == 404:
        assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(("persona", "count"), [("alice", 1), ("bob", 0), ("charlie", 0)])
def test_it_lists_only_visible_jobs(personas, restricted_job, persona, count):
    body = personas[persona].get("/api/v1/jobs").json()
    assert body["count"] == count


@pytest.mark.parametrize(
    ("persona", "status"), [("alice", 200), ("bob", 404), ("charlie", 404), ("anonymous", 401)]
)
def test_it_lets_only_the_owner_retry(personas, restricted_job, persona, status):
    assert personas[persona].post(f"/api/v1/jobs/{restricted_job.pk}/retry").status_code == status


@pytest.mark.parametrize(
    ("persona", "status"), [("alice", 200), ("bob", 403), ("charlie", 200), ("anonymous", 401)]
)
def test_it_shows_the_audit_log_to_admins_only(personas, persona, status):
    assert personas[persona].get("/api/v1/audit").status_code == status


def test_it_scopes_the_audit_log_to_the_admins_organisation(personas, alice, meridian, northgate):
    from chemsec.core.audit import audit_record

    audit_record(actor=alice, action="update", obj=meridian)
    audit_record(actor=None, action="update", obj=northgate)
    alices = personas["alice"].get("/api/v1/audit").json()["items"]
    charlies = personas["charlie"].get("/api/v1/audit").json()["items"]
    assert {e["organisation"] for e in alices} == {"Meridian Chemicals"}
    assert {e["organisation"] for e in charlies} == {"Northgate Distribution"}


def test_it_shows_the_whole_audit_log_to_secretariat_admins(
    make_user, secretariat, alice, meridian, northgate, client
):
    from chemsec.core.audit import audit_record
    from chemsec.core.choices import Role

    audit_record(actor=alice, action="update", obj=meridian)
    audit_record(actor=None, action="update", obj=northgate)
    client.force_login(make_user("sam", secretariat, Role.ADMIN))
    organisations = {e["organisation"] for e in client.get("/api/v1/audit").json()["items"]}
    assert {"Meridian Chemicals", "Northgate Distribution"} <= organisations


@pytest.mark.parametrize(
    ("persona", "status"), [("alice", 200), ("bob", 200), ("charlie", 200), ("anonymous", 401)]
)
def test_it_lists_organisations_to_members_of_the_network(personas, persona, status):
    assert personas[persona].get("/api/v1/organisations").status_code == status


def test_it_paginates_lists(personas, meridian):
    from chemsec.core.models import Organisation

    for i in range(60):
        Organisation.objects.create(name=f"Org {i:02}", slug=f"org-{i}", kind="other")
    first = personas["alice"].get("/api/v1/organisations").json()
    second = personas["alice"].get("/api/v1/organisations?page=2").json()
    assert first["count"] == 62 and len(first["items"]) == 50 and len(second["items"]) == 12


def test_it_serves_reference_content_to_anyone(client):
    from chemsec.core.models import ContentItem

    ContentItem.objects.create(
        urn="urn:chemsec:test:a",
        kind="test",
        version=1,
        data={"title": "A"},
        checksum="x",
        source_file="t.yaml",
    )
    assert client.get("/api/v1/content?kind=test").json()["count"] == 1
    assert client.get("/api/v1/content/urn:chemsec:test:a").json()["data"] == {"title": "A"}
    assert client.get("/api/v1/content/urn:chemsec:test:zzz").status_code == 404


def test_it_publishes_openapi_and_docs(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["info"]["title"] == "ChemSec API" and "/api/v1/jobs/{job_id}" in spec["paths"]
    assert client.get("/api/v1/docs").status_code == 200
