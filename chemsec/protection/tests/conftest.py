"""Fixtures: Meridian's plant, Case A of the notes as a diagram, a national authority."""

from __future__ import annotations

import pytest

from chemsec.core.choices import OrganisationKind, Role
from chemsec.science.tests.cases import case_a


@pytest.fixture
def plant(alice, meridian):
    from chemsec.facilities.services import facility_create

    return facility_create(
        organisation=meridian,
        name="Meridian Riverside Plant",
        actor=alice,
        facility_type="manufacturing",
        country="XA",
        population_density="urban",
    )


@pytest.fixture
def diagram(plant, alice):
    from chemsec.protection.services import diagram_create

    return diagram_create(
        facility=plant, actor=alice, name="Case A", document=case_a(), p_neutralisation=0.8
    )


@pytest.fixture
def authority(db):
    from chemsec.core.models import Organisation

    return Organisation.objects.create(
        name="National Authority of Arcadia",
        slug="arcadia",
        kind=OrganisationKind.NATIONAL_AUTHORITY,
        country="XA",
    )


@pytest.fixture
def inspector(make_user, authority):
    """A national-authority admin whose organisation the facility data is shared with."""
    return make_user("inspector", authority, Role.ADMIN)


@pytest.fixture
def inspector_client(inspector):
    from django.test import Client

    client = Client()
    client.force_login(inspector)
    return client


@pytest.fixture
def shared_with_authority(plant, diagram, alice, authority):
    from chemsec.core.services import object_share

    object_share(obj=plant, actor=alice, organisations=[authority])
    object_share(obj=diagram, actor=alice, organisations=[authority])
    return diagram
