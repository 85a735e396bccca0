"""Security findings that cut across apps: each test failed before its fix (issue 9).

The audit trail's need-to-know redaction, former members' access, and `Cache-Control` on
restricted responses, checked through real pages and the API as each persona.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client

from chemsec.core.choices import Role
from chemsec.core.writes import unaudited

pytestmark = pytest.mark.django_db


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- The audit trail shows only what the reader may see --------------------------------


@pytest.fixture
def sara(make_user, secretariat):
    """A secretariat admin: reads the whole trail, but may not see restricted facilities."""
    return make_user("sara", secretariat, Role.ADMIN)


@pytest.fixture
def hidden_plant(alice, meridian):
    from chemsec.facilities.services import area_create, facility_create

    plant = facility_create(
        organisation=meridian,
        name="Hidden Plant",
        actor=alice,
        facility_type="manufacturing",
        country="XA",
    )
    area_create(facility=plant, name="Chlorine store", actor=alice)
    return plant


SECRETS = ("Hidden Plant", "Chlorine store")


def _facility_items(body: dict) -> list[dict]:
    return [item for item in body["items"] if item["object_type"].startswith("facilities.")]


def test_the_secretariat_sees_the_kind_and_action_of_restricted_entries_not_their_content(
    sara, hidden_plant
):
    client = _signed_in(sara)
    page = client.get("/audit/").content.decode()
    assert not [secret for secret in SECRETS if secret in page]
    assert "facilities.facility" in page and "facilities.area" in page
    body = client.get("/api/v1/audit").json()
    assert not [secret for secret in SECRETS if secret in json.dumps(body)]
    items = _facility_items(body)
    assert {item["object_type"] for item in items} == {"facilities.facility", "facilities.area"}
    for item in items:
        assert item["redacted"] and item["object_repr"] == "" and item["action"] == "create"
        assert item["changes"] and set(item["changes"].values()) == {"[redacted]"}


def test_the_owners_admin_still_reads_the_entries_in_full(alice, hidden_plant):
    client = _signed_in(alice)
    assert all(secret in client.get("/audit/").content.decode() for secret in SECRETS)
    items = _facility_items(client.get("/api/v1/audit").json())
    assert items and not any(item["redacted"] for item in items)


def test_entries_about_a_deleted_object_stay_redacted_for_outsiders(sara, alice, hidden_plant):
    from chemsec.core.writes import write_delete

    write_delete(hidden_plant, actor=alice)  # the area goes with it
    outsider = _signed_in(sara).get("/api/v1/audit").json()
    assert not [secret for secret in SECRETS if secret in json.dumps(outsider)]
    # The entries' organisation is Meridian, which alice administers: she reads them in full.
    owner = _signed_in(alice).get("/api/v1/audit").json()
    assert all(secret in json.dumps(owner) for secret in SECRETS)


# --- Former members keep nothing they created --------------------------------------------


@pytest.fixture
def fred(make_user, meridian):
    """A contributor of Meridian who will be removed from it."""
    return make_user("fred", meridian, Role.CONTRIBUTOR)


@pytest.fixture
def freds_plant(fred, meridian):
    from chemsec.facilities.services import facility_create

    return facility_create(
        organisation=meridian,
        name="Fred's Plant",
        actor=fred,
        facility_type="storage",
        country="XA",
    )


def _bearer(user) -> dict[str, str]:
    from chemsec.core.services import token_create

    _token, secret = token_create(user=user, name="laptop", scope="write")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def _leave_every_organisation(user) -> None:
    from chemsec.core.models import Membership

    Membership.objects.filter(user=user).delete()


def test_a_former_member_loses_what_they_created_on_the_pages(fred, freds_plant):
    client = _signed_in(fred)
    detail, edit = f"/facilities/{freds_plant.pk}/", f"/facilities/{freds_plant.pk}/edit/"
    assert client.get(detail).status_code == 200
    _leave_every_organisation(fred)
    assert client.get(detail).status_code == 404
    assert client.post(edit, {"name": "Mine still"}).status_code == 404
    assert "Fred&#x27;s Plant" not in client.get("/facilities/").content.decode()


def test_a_former_member_loses_what_they_created_with_their_token(fred, freds_plant):
    bearer, api = _bearer(fred), Client()
    url = f"/api/v1/facilities/{freds_plant.pk}"
    assert api.get(url, **bearer).status_code == 200
    _leave_every_organisation(fred)
    assert api.get(url, **bearer).status_code == 404
    share = api.post(
        f"{url}/share",
        {"organisation_ids": [], "usernames": ["fred"]},
        content_type="application/json",
        **bearer,
    )
    assert share.status_code == 404
    assert api.get("/api/v1/facilities", **bearer).json() == []


def test_a_creator_who_moved_to_another_organisation_loses_the_old_ones_objects(
    fred, freds_plant, northgate
):
    from chemsec.core.models import Membership

    _leave_every_organisation(fred)
    Membership.objects.create(user=fred, organisation=northgate, role=Role.ADMIN)
    assert _signed_in(fred).get(f"/facilities/{freds_plant.pk}/").status_code == 404


def test_network_content_needs_a_current_membership(fred, charlie, northgate):
    from chemsec.core.choices import Confidentiality
    from chemsec.core.tests.factories import make_job

    job = make_job(
        kind="core.audit_verify",
        organisation=northgate,
        created_by=charlie,
        confidentiality=Confidentiality.NETWORK,
        status="succeeded",
    )
    bearer, api = _bearer(fred), Client()
    assert api.get(f"/api/v1/jobs/{job.pk}", **bearer).status_code == 200
    _leave_every_organisation(fred)
    assert api.get(f"/api/v1/jobs/{job.pk}", **bearer).status_code == 404
    assert _signed_in(fred).get(f"/jobs/{job.pk}/").status_code == 404


# --- Nothing restricted is kept by a browser or proxy cache -------------------------------

NO_STORE = "no-store, private"


def test_pages_for_signed_in_people_are_not_stored(alice):
    response = _signed_in(alice).get("/jobs/")
    assert response.status_code == 200 and response["Cache-Control"] == NO_STORE


def test_api_responses_are_not_stored_whoever_asks(alice):
    assert _signed_in(alice).get("/api/v1/me")["Cache-Control"] == NO_STORE
    assert Client().get("/api/v1/me", **_bearer(alice))["Cache-Control"] == NO_STORE
    anonymous = Client().get("/api/v1/me")  # even a refusal
    assert anonymous.status_code == 401 and anonymous["Cache-Control"] == NO_STORE


def test_file_downloads_are_not_stored(alice, meridian, settings, tmp_path):
    from django.core.files.base import ContentFile

    from chemsec.core.choices import Confidentiality
    from chemsec.core.tests.factories import make_job

    settings.MEDIA_ROOT = tmp_path
    job = make_job(
        kind="core.audit_verify",
        organisation=meridian,
        created_by=alice,
        confidentiality=Confidentiality.RESTRICTED,
        status="succeeded",
    )
    with unaudited("test fixture: a finished job's result file"):
        job.result_file.save("result.csv", ContentFile(b"cas,name\n"), save=True)
    response = _signed_in(alice).get(f"/jobs/{job.pk}/result/")
    assert response.status_code == 200 and response["Cache-Control"] == NO_STORE


def test_static_files_stay_cacheable(alice):
    response = _signed_in(alice).get("/static/chemsec/chemsec.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
