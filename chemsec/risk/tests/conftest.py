"""Risk fixtures: the facilities app's plant, authority and personas, a scenario, and a
quantitative risk register whose line takes its P_I from a protection diagram (Case A)."""

# ruff: noqa: F811 - fixtures taken from the facilities tests are parameters here

from __future__ import annotations

import pytest

from chemsec.facilities.tests.conftest import (  # noqa: F401 - fixtures and helpers shared
    DEMO_CSV,
    authority,
    clients,
    imported,
    nadia,
    plant,
    shared_plant,
    upload,
)

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
    from chemsec.facilities.services import area_create, scenario_create, threat_create

    threat = threat_create(
        organisation=plant.organisation, actor=alice, facility=plant, **RISK_THREAT
    )
    return scenario_create(
        facility=plant,
        actor=alice,
        name="Chlorine sabotage",
        threat=threat,
        goal="release_sabotage",
        area=area_create(facility=plant, actor=alice, name="Chlorine store"),
    )


@pytest.fixture
def assessment(plant, alice):
    from chemsec.risk.selectors import matrix_for
    from chemsec.risk.services import assessment_create

    return assessment_create(
        facility=plant,
        actor=alice,
        name="SVA",
        method="quantitative",
        matrix=matrix_for(plant.organisation),
    )


@pytest.fixture
def linked(assessment, scenario, diagram, alice):
    from chemsec.risk.services import entry_set

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
