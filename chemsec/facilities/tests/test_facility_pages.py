"""Facilities are restricted: only the owner's admins, the creator and named sharers see them."""

import pytest
from django.urls import reverse

from chemsec.core.models import AuditEntry
from chemsec.core.services import object_share
from chemsec.facilities.models import Area, EmergencyContact, Facility
from chemsec.facilities.services import facility_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def plant(alice, meridian):
    return facility_create(
        organisation=meridian,
        name="Riverside Plant",
        actor=alice,
        facility_type="manufacturing",
        country="XA",
    )


def test_it_starts_restricted_and_audits_the_creation(plant):
    from chemsec.core.models import AuditEntry

    assert plant.confidentiality == "restricted"
    assert AuditEntry.objects.filter(object_id=str(plant.pk), action="create").exists()


@pytest.mark.parametrize(
    ("persona", "status"), [("alice", 200), ("bob", 404), ("charlie", 404), ("anonymous", 302)]
)
def test_it_shows_a_facility_only_to_those_who_need_to_know(personas, plant, persona, status):
    assert (
        personas[persona].get(reverse("facilities:detail", args=[plant.pk])).status_code == status
    )


def test_it_lists_only_visible_facilities(personas, plant):
    assert "Riverside Plant" in personas["alice"].get(reverse("facilities:index")).content.decode()
    assert (
        "Riverside Plant" not in personas["bob"].get(reverse("facilities:index")).content.decode()
    )


def test_it_opens_to_a_national_authority_it_is_shared_with(personas, plant, alice, northgate):
    object_share(obj=plant, actor=alice, organisations=[northgate])
    assert personas["charlie"].get(reverse("facilities:detail", args=[plant.pk])).status_code == 200
    assert personas["bob"].get(reverse("facilities:detail", args=[plant.pk])).status_code == 404


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

    make_user("meridian-admin", meridian, Role.ADMIN)
    make_user("arcadia-admin", authority, Role.ADMIN)
    assert populate() and populate()
    assert Facility.objects.filter(organisation=meridian).count() == 2
    plant = Facility.objects.get(name="Meridian Riverside Plant")
    assert InventorySnapshot.objects.filter(facility=plant).count() == 1
    assert Scenario.objects.filter(facility=plant).count() == 3
    assert (
        ThreatProfile.objects.filter(organisation__name="National Authority of Arcadia").count()
        == 1
    )
    assert plant.shared_with_organisations.filter(name="National Authority of Arcadia").exists()


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
