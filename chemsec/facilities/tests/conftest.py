"""Facility fixtures: a restricted plant of Meridian, a national authority it shares with,
and the demo inventory imported into it."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chemsec.core.choices import OrganisationKind, Role

DEMO_CSV = Path(__file__).resolve().parent.parent / "demo_inventory.csv"


def upload(text: str | bytes, name: str = "inventory.csv") -> SimpleUploadedFile:
    body = text.encode("utf-8") if isinstance(text, str) else text
    return SimpleUploadedFile(name, body, content_type="text/csv")


@pytest.fixture
def plant(alice, meridian):
    from chemsec.facilities.services import facility_create

    return facility_create(
        organisation=meridian,
        name="Riverside Plant",
        actor=alice,
        facility_type="manufacturing",
        country="XA",
    )


@pytest.fixture
def authority(db):
    from chemsec.core.models import Organisation

    return Organisation.objects.create(
        name="National Authority of Arcadia",
        slug="arcadia",
        kind=OrganisationKind.NATIONAL_AUTHORITY,
        country="XA",
        region="africa",
    )


@pytest.fixture
def nadia(make_user, authority):
    return make_user("nadia", authority, Role.CONTRIBUTOR)


@pytest.fixture
def shared_plant(plant, alice, authority):
    from chemsec.facilities.services import facility_share

    facility_share(facility=plant, actor=alice, organisations=[authority])
    return plant


@pytest.fixture
def imported(plant, alice):
    from chemsec.facilities.inventory import inventory_import_start

    snapshot, _job = inventory_import_start(
        facility=plant, actor=alice, upload=upload(DEMO_CSV.read_bytes(), "demo_inventory.csv")
    )
    return snapshot


@pytest.fixture
def clients(personas, nadia):
    from django.test import Client

    client = Client()
    client.force_login(nadia)
    return {**personas, "nadia": client}
