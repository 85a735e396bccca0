"""Facilities are restricted: only the owner's admins, the creator and named sharers see them."""

import pytest
from django.urls import reverse

from chemsec.core.services import object_share
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
