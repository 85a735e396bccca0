"""The adversary sequence diagram editor in a real browser: add an element, save, reload."""

import pytest
from playwright.sync_api import expect

from chemsec.facilities.services import facility_create
from chemsec.protection.services import diagram_create

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CASE_A = {
    "p_communication": 0.95,
    "response": {"mean": 300, "sd": 90},
    "layers": [
        {"name": layer, "elements": [
            {"name": name, "p_detection": pd, "location": "B", "delay_mean": mu,
             "delay_sd": 0.3 * mu}
        ]}
        for layer, name, pd, mu in [
            ("Perimeter", "Cross perimeter fence", 0.0, 10),
            ("Protected area", "Move to building", 0.0, 12),
            ("Building", "Penetrate door", 0.9, 90),
            ("Inner area", "Move to inner area", 0.0, 10),
            ("Vault", "Penetrate inner door", 0.9, 90),
            ("Target", "Task at target", 0.0, 120),
        ]
    ],
}  # fmt: skip


def test_it_adds_an_element_in_the_editor_and_shows_the_new_result(page, alice, meridian):
    plant = facility_create(
        organisation=meridian, name="Riverside", actor=alice, facility_type="storage", country="XA"
    )
    diagram = diagram_create(facility=plant, actor=alice, name="Case A", document=CASE_A)
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    sign_in(page, "alice")
    page.goto(f"/protection/diagrams/{diagram.pk}/")
    expect(page.get_by_test_id("p-interruption")).to_have_text("0.476041")

    page.goto(f"/protection/diagrams/{diagram.pk}/edit/")
    building = page.locator("fieldset.asd-layer").nth(2)
    building.get_by_role("button", name="Add element").click()
    building = page.locator("fieldset.asd-layer").nth(2)  # the editor redraws the layer
    row = building.locator(".asd-element").nth(1)
    row.locator("input.asd-name").fill("Side window")
    row.locator("input.asd-pd").fill("0.2")
    row.locator("input.asd-mean").fill("30")
    page.get_by_role("button", name="Save and evaluate").click()

    expect(page.get_by_role("heading", name="Case A")).to_be_visible()
    page.reload()
    expect(page.locator(".protection-path")).to_contain_text("Side window")
    value = float(page.get_by_test_id("p-interruption").inner_text())
    assert value < 0.476041
    expect(page.locator(".protection-svg svg")).to_have_count(1)
    expect(page.locator(".protection-svg svg")).to_contain_text("most vulnerable path")
    assert not [e for e in errors if "Content Security Policy" in e]
