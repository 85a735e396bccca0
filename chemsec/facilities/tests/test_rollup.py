"""The national roll-up: facilities sharing with an authority, tiers, chemicals, top risks,
its threat assessment, exports (audit-logged); and the facility profile pages by persona."""

import pytest
from django.urls import reverse

from chemsec.core.models import AuditEntry
from chemsec.facilities.models import Area, EmergencyContact, Facility
from chemsec.facilities.services import threat_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def national(authority, nadia):
    return threat_create(
        organisation=authority,
        actor=nadia,
        name="Organised crime",
        adversary_type="outsider",
        actors="Criminal groups",
        goals=["theft_diversion"],
        likelihood=3,
        likelihood_rationale="Regional thefts.",
        intent_level=4,
    )


def test_it_rolls_up_only_facilities_that_share_with_the_authority(
    clients, imported, alice, authority, national
):
    from chemsec.facilities.services import facility_share

    page = clients["nadia"].get(reverse("facilities:rollup")).content.decode()
    assert "Riverside Plant" not in page and "Organised crime" in page
    facility_share(facility=imported.facility, actor=alice, organisations=[authority])
    page = clients["nadia"].get(reverse("facilities:rollup")).content.decode()
    assert "Riverside Plant" in page and "Thionyl chloride" in page
    assert "No needs assessment yet." in page or "Capacity gaps" in page


def test_it_offers_no_rollup_to_those_outside_an_authority(clients, shared_plant):
    page = clients["alice"].get(reverse("facilities:rollup")).content.decode()
    assert "Riverside Plant" not in page.split("<main")[1].split("National roll-up")[-1]
    assert (
        clients["alice"].get(reverse("facilities:rollup_export", args=["csv"])).status_code == 404
    )
    assert clients["anonymous"].get(reverse("facilities:rollup")).status_code == 302
    assert clients["alice"].get("/api/v1/facilities-rollup").status_code == 404
    assert clients["anonymous"].get("/api/v1/facilities-rollup").status_code == 401


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_exports_the_rollup_and_records_the_export(
    clients, shared_plant, imported, authority, fmt
):
    response = clients["nadia"].get(reverse("facilities:rollup_export", args=[fmt]))
    assert response.status_code == 200 and response["Content-Disposition"].endswith(f'.{fmt}"')
    if fmt == "csv":
        assert "Riverside Plant" in response.content.decode() and ",1," in response.content.decode()
    assert AuditEntry.objects.filter(action="export", object_id=str(authority.pk)).exists()


def test_it_serves_the_rollup_by_api(clients, shared_plant, imported, national):
    body = clients["nadia"].get("/api/v1/facilities-rollup").json()
    assert body["facilities"][0]["tier"] == 1 and body["threats"][0]["name"] == "Organised crime"
    assert body["tiers"] == {"1": 1}


@pytest.mark.parametrize(
    ("persona", "status"), [("alice", 200), ("bob", 403), ("charlie", 200), ("anonymous", 302)]
)
def test_it_lets_contributors_open_the_registration_page(personas, persona, status):
    assert personas[persona].get(reverse("facilities:create")).status_code == status


def test_it_registers_a_restricted_facility_from_the_page(personas, meridian):
    response = personas["alice"].post(
        reverse("facilities:create"),
        {
            "organisation": str(meridian.pk),
            "name": "East Works",
            "facility_type": "storage",
            "country": "xa",
        },
    )
    facility = Facility.objects.get(name="East Works")
    assert (
        response.status_code == 302
        and facility.confidentiality == "restricted"
        and facility.country == "XA"
    )
    bad = personas["charlie"].post(
        reverse("facilities:create"),
        {
            "organisation": str(meridian.pk),
            "name": "Sneaky",
            "facility_type": "storage",
            "country": "XA",
        },
    )
    assert bad.status_code == 200 and not Facility.objects.filter(name="Sneaky").exists()


@pytest.mark.parametrize(
    ("persona", "status"), [("alice", 302), ("nadia", 403), ("bob", 404), ("charlie", 404)]
)
def test_it_lets_only_editors_change_the_profile_areas_and_contacts(
    clients, shared_plant, persona, status
):
    pk = shared_plant.pk
    edit = clients[persona].post(
        reverse("facilities:edit", args=[pk]),
        {"name": "Renamed", "facility_type": "manufacturing", "country": "XA"},
    )
    area = clients[persona].post(reverse("facilities:area_add", args=[pk]), {"name": "Tank farm"})
    contact = clients[persona].post(
        reverse("facilities:contact_add", args=[pk]), {"name": "Duty officer"}
    )
    assert {edit.status_code, area.status_code, contact.status_code} == {status}
    assert Area.objects.filter(name="Tank farm").exists() == (persona == "alice")
    assert EmergencyContact.objects.filter(name="Duty officer").exists() == (persona == "alice")


def test_it_shares_with_an_authority_and_named_people_from_the_page(
    clients, plant, authority, nadia, bob
):
    url = reverse("facilities:share", args=[plant.pk])
    assert clients["bob"].post(url, {"authority": str(authority.pk)}).status_code == 404
    response = clients["alice"].post(url, {"authority": str(authority.pk), "usernames": "bob"})
    assert response.status_code == 302
    assert clients["nadia"].get(reverse("facilities:detail", args=[plant.pk])).status_code == 200
    assert clients["bob"].get(reverse("facilities:detail", args=[plant.pk])).status_code == 200
    assert AuditEntry.objects.filter(action="share", object_id=str(plant.pk)).exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("alice", 200), ("nadia", 200), ("bob", 404), ("charlie", 404), ("anonymous", 401)],
)
def test_it_serves_a_facility_by_api_to_those_who_may_see(clients, shared_plant, persona, status):
    assert clients[persona].get(f"/api/v1/facilities/{shared_plant.pk}").status_code == status
    listing = clients[persona].get("/api/v1/facilities")
    assert listing.status_code == (401 if persona == "anonymous" else 200)


@pytest.mark.parametrize(
    ("persona", "status"), [("alice", 200), ("nadia", 403), ("bob", 404), ("charlie", 404)]
)
def test_it_shares_by_api_only_for_the_owners_admins(
    clients, shared_plant, authority, persona, status
):
    url = f"/api/v1/facilities/{shared_plant.pk}/share"
    body = {"organisation_ids": [str(authority.pk)], "usernames": ["bob"]}
    assert clients[persona].post(url, body, content_type="application/json").status_code == status


def test_it_registers_by_api_only_in_ones_own_organisation(personas, meridian):
    body = {
        "organisation_id": str(meridian.pk),
        "name": "X",
        "facility_type": "storage",
        "country": "XA",
    }
    assert (
        personas["charlie"]
        .post("/api/v1/facilities", body, content_type="application/json")
        .status_code
        == 403
    )
    assert (
        personas["bob"]
        .post("/api/v1/facilities", body, content_type="application/json")
        .status_code
        == 403
    )


def test_it_populates_the_demo_idempotently(make_user, meridian, authority):
    from chemsec.core.choices import Role
    from chemsec.facilities.demo import populate
    from chemsec.facilities.models import InventorySnapshot, Scenario, ThreatProfile
    from chemsec.facilities.services import facility_create

    admin = make_user("meridian-admin", meridian, Role.ADMIN)
    analyst = make_user("arcadia-admin", authority, Role.ADMIN)
    facility_create(
        organisation=meridian,
        name="Meridian Riverside Plant",
        actor=admin,
        facility_type="manufacturing",
        country="XA",
    )
    assert populate() and populate()
    plant = Facility.objects.get(name="Meridian Riverside Plant")
    assert InventorySnapshot.objects.filter(facility=plant).count() == 1
    assert Scenario.objects.filter(facility=plant).count() == 3
    assert (
        ThreatProfile.objects.filter(organisation__name="National Authority of Arcadia").count()
        == 1
    )
    assert plant.shared_with_organisations.filter(name="National Authority of Arcadia").exists()
    assessment = plant.risk_assessments.get()
    assert assessment.entries.count() == 3
    from django.test import Client

    client = Client()
    client.force_login(admin)
    page = client.get(reverse("facilities:register", args=[plant.pk, assessment.pk]))
    text = page.content.decode()
    assert "Intrusion detection and locked cages" in text and "RBPS 2" in text
    assert "key-and-lock-control" in text
    client.force_login(analyst)
    rollup_page = client.get(reverse("facilities:rollup")).content.decode()
    assert "Meridian Riverside Plant" in rollup_page
    assert "Sabotage of the chlorine store" in rollup_page


def test_it_lists_facilities_in_a_fixed_number_of_queries(personas, alice, meridian):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from chemsec.facilities.services import facility_create

    def listed(n):
        facility_create(
            organisation=meridian,
            name=f"Site {n}",
            actor=alice,
            facility_type="storage",
            country="XA",
        )
        with CaptureQueriesContext(connection) as queries:
            page = personas["alice"].get(reverse("facilities:index"))
        assert page.content.decode().count("Site ") == n + 1
        return len(queries)

    one = listed(0)
    for n in range(1, 4):
        listed(n)
    assert listed(4) == one <= 15
