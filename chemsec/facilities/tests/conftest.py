"""Facility fixtures: a restricted plant of Meridian, a national authority it shares with,
the demo inventory imported into it, and a quantitative risk register whose line takes
its P_I from a protection diagram (Case A)."""

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


RISK_THREAT = {
    "name": "Insider",
    "adversary_type": "insider",
    "goals": ["release_sabotage"],
    "likelihood": 2,
    "likelihood_rationale": "None on record.",
}


@pytest.fixture
def diagram(plant, alice):
    from chemsec.protection.services import diagram_create
    from chemsec.science.tests.cases import case_a

    return diagram_create(
        facility=plant, actor=alice, name="Case A", document=case_a(), p_neutralisation=0.8
    )


@pytest.fixture
def scenario(plant, alice):
    from chemsec.facilities.services import scenario_create, threat_create

    threat = threat_create(
        organisation=plant.organisation, actor=alice, facility=plant, **RISK_THREAT
    )
    return scenario_create(
        facility=plant,
        actor=alice,
        name="Chlorine sabotage",
        threat=threat,
        goal="release_sabotage",
        area=plant.areas.create(name="Chlorine store"),
    )


@pytest.fixture
def assessment(plant, alice):
    from chemsec.facilities.selectors import matrix_for
    from chemsec.facilities.services import assessment_create

    return assessment_create(
        facility=plant,
        actor=alice,
        name="SVA",
        method="quantitative",
        matrix=matrix_for(plant.organisation),
    )


@pytest.fixture
def linked(assessment, scenario, diagram, alice):
    from chemsec.facilities.services import entry_set

    return entry_set(
        assessment=assessment,
        scenario=scenario,
        actor=alice,
        p_attack=0.3,
        protection_diagram=diagram,
        p_interruption=None,
        p_neutralisation=0.8,
        consequence=100,
    )
