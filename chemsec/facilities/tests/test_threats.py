"""Threat profiles (owned by an authority or a facility) and scenarios, by persona."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from chemsec.core.models import AuditEntry
from chemsec.facilities.models import Scenario, ThreatProfile
from chemsec.facilities.services import area_create, scenario_create, threat_create, threat_share

pytestmark = pytest.mark.django_db

THREAT = {
    "name": "Criminal outsiders",
    "adversary_type": "outsider",
    "capabilities": "Vehicles and hand tools",
    "goals": ["theft_diversion"],
    "likelihood": 3,
    "likelihood_rationale": "Regional thefts; nothing specific.",
}


@pytest.fixture
def national(authority, nadia):
    return threat_create(organisation=authority, actor=nadia, **THREAT)


@pytest.fixture
def insider(plant, alice):
    return threat_create(
        organisation=plant.organisation,
        actor=alice,
        facility=plant,
        **{**THREAT, "name": "Insider", "adversary_type": "insider", "goals": ["release_sabotage"]},
    )


def test_it_refuses_a_threat_without_known_goals(authority, nadia):
    with pytest.raises(ValidationError):
        threat_create(organisation=authority, actor=nadia, **{**THREAT, "goals": ["mayhem"]})
    with pytest.raises(ValidationError):
        threat_create(organisation=authority, actor=nadia, **{**THREAT, "likelihood": 6})


def test_it_shares_an_authoritys_threat_with_a_facilitys_operator(national, nadia, plant, personas):
    url = reverse("facilities:threat_detail", args=[national.pk])
    assert personas["alice"].get(url).status_code == 404
    threat_share(threat=national, actor=nadia, facilities=[plant])
    assert personas["alice"].get(url).status_code == 200
    assert personas["charlie"].get(url).status_code == 404
    assert AuditEntry.objects.filter(object_id=str(national.pk), action="share").exists()


def test_it_shares_from_the_threat_page(clients, national, shared_plant):
    url = reverse("facilities:threat_detail", args=[national.pk])
    response = clients["nadia"].post(url, {"facilities": [str(shared_plant.pk)]})
    assert response.status_code == 302
    assert national.shared_with_organisations.filter(pk=shared_plant.organisation_id).exists()


@pytest.mark.parametrize(("persona", "status"), [("alice", 302), ("bob", 403), ("charlie", 302)])
def test_it_lets_contributors_write_threat_profiles_for_their_organisation(
    personas, persona, status
):
    data = {**THREAT, "capability_level": 3, "intent_level": 2}
    response = personas[persona].post(reverse("facilities:threats"), data)
    assert response.status_code == status
    assert ThreatProfile.objects.filter(name=THREAT["name"]).count() == (status == 302)


@pytest.mark.parametrize(
    ("persona", "count"), [("alice", 1), ("bob", 0), ("charlie", 0), ("nadia", 1)]
)
def test_it_lists_only_visible_threats_by_api(clients, insider, national, persona, count):
    assert len(clients[persona].get("/api/v1/threats").json()) == count


def test_it_refuses_the_threat_api_to_anonymous_callers(personas):
    assert personas["anonymous"].get("/api/v1/threats").status_code == 401
    assert personas["anonymous"].get(reverse("facilities:threats")).status_code == 302


def test_it_creates_a_threat_by_api(personas):
    response = personas["alice"].post("/api/v1/threats", THREAT, content_type="application/json")
    assert response.status_code == 201 and response.json()["goals"] == ["theft_diversion"]
    assert response.json()["organisation"] == "Meridian Chemicals"


def test_it_needs_an_asset_for_a_scenario(plant, alice, insider):
    with pytest.raises(ValidationError):
        scenario_create(
            facility=plant, actor=alice, name="No asset", threat=insider, goal="release_sabotage"
        )


@pytest.mark.parametrize(
    ("persona", "status"),
    [("alice", 200), ("nadia", 200), ("bob", 404), ("charlie", 404), ("anonymous", 302)],
)
def test_it_shows_scenarios_to_those_who_may_see_the_facility(
    clients, shared_plant, persona, status
):
    assert (
        clients[persona].get(reverse("facilities:scenarios", args=[shared_plant.pk])).status_code
        == status
    )


def test_it_builds_scenarios_from_chemicals_areas_and_shared_threats(
    personas, imported, national, nadia, alice
):
    plant = imported.facility
    threat_share(threat=national, actor=nadia, facilities=[plant])
    area = plant.areas.get(name="Warehouse B")
    url = reverse("facilities:scenarios", args=[plant.pk])
    response = personas["alice"].post(
        url,
        {
            "name": "Theft of thionyl chloride",
            "threat": str(national.pk),
            "goal": "theft_diversion",
            "chemical_key": "7719-09-7",
            "area": str(area.pk),
        },
    )
    assert response.status_code == 302
    scenario = Scenario.objects.get()
    assert scenario.chemical_name == "Thionyl chloride" and scenario.area == area
    assert "Thionyl chloride @ Warehouse B" in personas["alice"].get(url).content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("alice", 201), ("nadia", 403), ("bob", 404), ("charlie", 404), ("anonymous", 401)],
)
def test_it_adds_scenarios_by_api_only_for_editors(
    clients, shared_plant, alice, insider, persona, status
):
    area = area_create(facility=shared_plant, actor=alice, name="Chlorine store")
    payload = {
        "name": "Sabotage",
        "threat_id": str(insider.pk),
        "goal": "release_sabotage",
        "area_id": str(area.pk),
    }
    url = f"/api/v1/facilities/{shared_plant.pk}/scenarios"
    assert (
        clients[persona].post(url, payload, content_type="application/json").status_code == status
    )
    listing = clients[persona].get(url)
    assert listing.status_code == (200 if status in (201, 403) else status)
