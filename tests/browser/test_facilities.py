"""The risk register page in a real browser: the heat map renders, with text in its cells."""

import pytest
from playwright.sync_api import expect

from chemsec.facilities.services import (
    area_create,
    facility_create,
    scenario_create,
    threat_create,
)
from chemsec.risk.selectors import matrix_for
from chemsec.risk.services import assessment_create, entry_set

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_renders_the_heat_map_on_the_risk_register(page, alice, meridian):
    plant = facility_create(
        organisation=meridian, name="Riverside", actor=alice, facility_type="storage", country="XA"
    )
    threat = threat_create(
        organisation=meridian, actor=alice, facility=plant, name="Insider",
        adversary_type="insider", goals=["release_sabotage"], likelihood=2,
        likelihood_rationale="None on record.",
    )  # fmt: skip
    area = area_create(facility=plant, name="Chlorine store", actor=alice)
    scenario = scenario_create(
        facility=plant, actor=alice, name="Chlorine sabotage", threat=threat,
        goal="release_sabotage", area=area,
    )  # fmt: skip
    assessment = assessment_create(
        facility=plant, actor=alice, name="Matrix review", method="qualitative",
        matrix=matrix_for(meridian),
    )  # fmt: skip
    entry_set(
        assessment=assessment, scenario=scenario, actor=alice, inherent_likelihood=4,
        inherent_consequence=5, current_likelihood=3, current_consequence=5,
    )  # fmt: skip
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, "alice")
    page.goto(f"/facilities/{plant.pk}/risk/{assessment.pk}/")
    heat_map = page.locator("table.heat-map")
    expect(heat_map).to_be_visible()
    expect(heat_map.locator("tbody tr")).to_have_count(5)
    cell = heat_map.locator("td.level-high", has_text="Chlorine sabotage")
    expect(cell).to_have_count(1)
    expect(cell).to_contain_text("High")
    assert not [e for e in errors if "Content Security Policy" in e]
