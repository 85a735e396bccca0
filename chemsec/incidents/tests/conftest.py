"""Fixtures for the incident tests: Meridian (alice admin, bob viewer, carol contributor,
rita reviewer), Northgate (charlie), a national authority (olga), and a theft of hydrogen
peroxide (CAS 7722-84-1, Regulation (EU) 2019/1148 Annex I) at Meridian's plant."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from chemsec.core.choices import OrganisationKind, Role


@pytest.fixture
def carol(make_user, meridian):
    return make_user("carol", meridian, Role.CONTRIBUTOR)


@pytest.fixture
def rita(make_user, meridian):
    return make_user("rita", meridian, Role.REVIEWER)


@pytest.fixture
def authority(db):
    from chemsec.core.models import Organisation

    return Organisation.objects.create(
        name="National Contact Point", slug="ncp", kind=OrganisationKind.NATIONAL_AUTHORITY,
        country="XA",
    )  # fmt: skip


@pytest.fixture
def officer(make_user, authority):
    return make_user("olga", authority, Role.CONTRIBUTOR)


@pytest.fixture
def plant(alice, meridian):
    from chemsec.facilities.services import facility_create

    return facility_create(
        organisation=meridian, name="Riverside Plant", actor=alice, facility_type="manufacturing",
        country="XA",
    )  # fmt: skip


@pytest.fixture
def theft(alice, meridian, plant):
    from chemsec.incidents.services import chemical_add, incident_record

    incident = incident_record(
        actor=alice, organisation=meridian, facility=plant, kind="theft",
        title="Drums missing from store B", detected_at=timezone.now() - dt.timedelta(hours=2),
        place="Store B", immediate_actions="Store locked; police called.",
        shareable_summary="Two drums of an oxidiser taken from a locked store.",
    )  # fmt: skip
    chemical_add(actor=alice, incident=incident, name="Hydrogen peroxide 50 %",
                 cas="7722-84-1", quantity=Decimal("60"), unit="kg")  # fmt: skip
    incident.refresh_from_db()
    return incident
