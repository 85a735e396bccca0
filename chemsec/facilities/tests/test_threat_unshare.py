"""Revoking a threat share is refused while the recipient's scenarios still use the threat.

A scenario shows its threat's name and ratings to everyone who sees its facility, so a
revocation under a scenario would not cut what the recipient sees.
"""

import pytest
from django.urls import reverse

from chemsec.core.models import AuditEntry
from chemsec.facilities import threat_services as ts
from chemsec.facilities.services import (
    area_create,
    facility_share,
    scenario_create,
    threat_create,
    threat_share,
)

pytestmark = pytest.mark.django_db
THREAT = {
    "name": "National DBT 2026",
    "adversary_type": "insider",
    "goals": ["release_sabotage"],
    "likelihood": 4,
    "likelihood_rationale": "Intelligence assessment.",
}


@pytest.fixture
def national(authority, nadia, plant):
    """An authority's threat profile shared with Meridian, the plant's operator."""
    threat = threat_create(organisation=authority, actor=nadia, **THREAT)
    threat_share(threat=threat, actor=nadia, facilities=[plant])
    return threat


@pytest.fixture
def used(national, plant, alice):
    """Meridian's scenario built on the shared threat."""
    area = area_create(facility=plant, actor=alice, name="Chlorine store")
    return scenario_create(
        facility=plant,
        actor=alice,
        name="Insider opens the chlorine valve",
        threat=national,
        goal="release_sabotage",
        area=area,
    )


def _revoke(client, threat, organisation):
    url = reverse("facilities:threat_unshare", args=[threat.pk])
    return client.post(url, {"organisation": organisation.pk}, follow=True)


def test_it_refuses_to_revoke_while_the_recipients_scenarios_use_the_threat(
    clients, national, used, meridian
):
    response = _revoke(clients["nadia"], national, meridian)
    body = response.content.decode()
    assert "1 scenario at the recipient&#x27;s facilities uses this threat profile" in body
    # nadia may not see Meridian's plant: the count, but not the scenario's name
    assert used.name not in body
    assert national.shared_with_organisations.filter(pk=meridian.pk).exists()
    assert not AuditEntry.objects.filter(object_id=str(national.pk), action="unshare").exists()
    detail = reverse("facilities:threat_detail", args=[national.pk])
    assert clients["alice"].get(detail).status_code == 200


def test_it_names_the_blocking_scenarios_the_revoker_may_see(
    clients, national, used, plant, alice, authority, meridian
):
    facility_share(facility=plant, actor=alice, organisations=[authority])
    body = _revoke(clients["nadia"], national, meridian).content.decode()
    assert f"{used.name} (Riverside Plant)" in body
    assert national.shared_with_organisations.filter(pk=meridian.pk).exists()


def test_it_revokes_once_no_scenario_uses_the_threat(clients, national, used, plant, meridian):
    alices = clients["alice"]
    ts.scenario_delete(scenario=used, actor=used.created_by)
    body = _revoke(clients["nadia"], national, meridian).content.decode()
    assert "Share revoked" in body
    assert not national.shared_with_organisations.filter(pk=meridian.pk).exists()
    assert alices.get(reverse("facilities:threat_detail", args=[national.pk])).status_code == 404
    scenarios = alices.get(reverse("facilities:scenarios", args=[plant.pk])).content.decode()
    assert THREAT["name"] not in scenarios


def test_only_an_organisation_share_of_another_operator_blocks(
    national, used, nadia, alice, meridian, northgate
):
    national.shared_with_users.add(alice)
    assert list(ts.threat_unshare_blockers(national, [meridian])) == [used]
    assert not ts.threat_unshare_blockers(national, [northgate]).exists()
    ts.threat_unshare(threat=national, actor=nadia, users=[alice])  # a person's share: no scenario
    assert not national.shared_with_users.filter(pk=alice.pk).exists()
