"""Revoking a share of a facility or a threat profile: the former recipient gets a 404."""

import pytest
from django.urls import reverse

from chemsec.core.models import AuditEntry
from chemsec.facilities.services import facility_share, threat_create, threat_share

pytestmark = pytest.mark.django_db
THREAT = {
    "name": "Criminal outsiders",
    "adversary_type": "outsider",
    "goals": ["theft_diversion"],
    "likelihood": 3,
    "likelihood_rationale": "Regional thefts.",
}


@pytest.fixture
def shared_with_charlie(plant, alice, charlie):
    facility_share(facility=plant, actor=alice, users=[charlie])
    return plant


def _unshare(client, facility, **share):
    return client.post(reverse("facilities:unshare", args=[facility.pk]), share)


def test_it_revokes_a_named_persons_share_and_they_get_404(personas, shared_with_charlie, charlie):
    detail = reverse("facilities:detail", args=[shared_with_charlie.pk])
    assert personas["charlie"].get(detail).status_code == 200
    response = _unshare(personas["alice"], shared_with_charlie, user=charlie.pk)
    assert response.status_code == 302
    assert personas["charlie"].get(detail).status_code == 404
    assert (
        personas["charlie"].get(f"/api/v1/facilities/{shared_with_charlie.pk}").status_code == 404
    )
    entry = AuditEntry.objects.get(object_id=str(shared_with_charlie.pk), action="unshare")
    assert entry.changes == {"shared_with_users": [["charlie"], []]}


def test_it_revokes_an_authoritys_share_and_its_members_get_404(clients, shared_plant, authority):
    detail = reverse("facilities:detail", args=[shared_plant.pk])
    assert clients["nadia"].get(detail).status_code == 200
    assert _unshare(clients["alice"], shared_plant, organisation=authority.pk).status_code == 302
    assert clients["nadia"].get(detail).status_code == 404
    assert clients["alice"].get(detail).status_code == 200  # the owner keeps it


def test_it_lists_shares_with_a_revoke_button_for_those_who_may_share(
    personas, shared_with_charlie, bob, alice
):
    facility_share(facility=shared_with_charlie, actor=alice, users=[bob])
    detail = reverse("facilities:detail", args=[shared_with_charlie.pk])
    action = reverse("facilities:unshare", args=[shared_with_charlie.pk])
    alices = personas["alice"].get(detail).content.decode()
    assert alices.count(f'action="{action}"') == 2  # charlie and bob
    assert 'aria-label="Revoke the share with charlie"' in alices
    bobs = personas["bob"].get(detail).content.decode()
    assert "charlie" in bobs and action not in bobs


@pytest.mark.parametrize(
    ("persona", "status"), [("bob", 403), ("charlie", 404), ("anonymous", 302)]
)
def test_it_lets_only_those_who_may_share_revoke(
    personas, shared_plant, authority, alice, bob, persona, status
):
    facility_share(facility=shared_plant, actor=alice, users=[bob])  # bob reads, may not share
    response = _unshare(personas[persona], shared_plant, organisation=authority.pk)
    assert response.status_code == status
    assert shared_plant.shared_with_organisations.filter(pk=authority.pk).exists()


def test_it_refuses_to_revoke_a_share_that_does_not_exist(personas, plant, northgate):
    response = _unshare(personas["alice"], plant, organisation=northgate.pk)
    assert response.status_code == 302
    follow = personas["alice"].get(response["Location"]).content.decode()
    assert "That share does not exist" in follow
    assert not AuditEntry.objects.filter(object_id=str(plant.pk), action="unshare").exists()


@pytest.mark.parametrize(
    ("persona", "status"), [("alice", 200), ("bob", 403), ("charlie", 404), ("anonymous", 401)]
)
def test_it_revokes_shares_by_api(clients, shared_plant, authority, alice, bob, persona, status):
    facility_share(facility=shared_plant, actor=alice, users=[bob])
    url = f"/api/v1/facilities/{shared_plant.pk}/unshare"
    body = {"organisation_ids": [str(authority.pk)]}
    response = clients[persona].post(url, body, content_type="application/json")
    assert response.status_code == status
    still_shared = shared_plant.shared_with_organisations.filter(pk=authority.pk).exists()
    assert still_shared == (status != 200)
    if status == 200:
        assert clients["nadia"].get(f"/api/v1/facilities/{shared_plant.pk}").status_code == 404


def test_it_answers_422_when_the_api_revokes_an_unknown_share(personas, plant, northgate):
    url = f"/api/v1/facilities/{plant.pk}/unshare"
    body = {"organisation_ids": [str(northgate.pk)]}
    response = personas["alice"].post(url, body, content_type="application/json")
    assert response.status_code == 422


def test_it_revokes_a_threat_share_and_the_operator_gets_404(clients, authority, nadia, plant):
    national = threat_create(organisation=authority, actor=nadia, **THREAT)
    threat_share(threat=national, actor=nadia, facilities=[plant])
    detail = reverse("facilities:threat_detail", args=[national.pk])
    assert clients["alice"].get(detail).status_code == 200
    assert f'action="{reverse("facilities:threat_unshare", args=[national.pk])}"' in (
        clients["nadia"].get(detail).content.decode()
    )
    assert (
        clients["alice"]
        .post(
            reverse("facilities:threat_unshare", args=[national.pk]),
            {"organisation": plant.organisation_id},
        )
        .status_code
        == 403
    )  # alice reads a shared threat; she may not unshare it
    response = clients["nadia"].post(
        reverse("facilities:threat_unshare", args=[national.pk]),
        {"organisation": plant.organisation_id},
    )
    assert response.status_code == 302
    assert clients["alice"].get(detail).status_code == 404
    assert AuditEntry.objects.filter(object_id=str(national.pk), action="unshare").exists()
