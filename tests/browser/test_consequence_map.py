"""The consequence estimate's map in a real browser, in English and in Arabic: the offline
SVG (no tiles, no script needed) and, with a tile source configured, the Leaflet map."""

from __future__ import annotations

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from chemsec.facilities.services import facility_create
from chemsec.protection.services import consequence_estimate_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A one-pixel PNG: a tile source that needs no server (the page allows data: images).
BLANK_TILE = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8"
    "z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


@pytest.fixture
def estimate(alice, meridian):
    plant = facility_create(
        organisation=meridian, name="Riverside", actor=alice, facility_type="storage",
        country="XA", latitude=51.4545, longitude=-2.5879,
    )  # fmt: skip
    return consequence_estimate_create(
        facility=plant, actor=alice, cas="7782-50-5", quantity_kg=907, phase="liquefied_gas",
        release_scenario="worst", terrain="urban", chemical_name="Chlorine",
    )  # fmt: skip


def _open(browser, live_server, locale: str, estimate):
    context = browser.new_context(base_url=live_server.url, locale=locale)
    page = context.new_page()
    page.set_default_timeout(15_000)
    # signed in by the fields' names, not their labels: the labels are translated
    page.goto("/login/")
    page.locator("input[name='username']").fill("alice")
    page.locator("input[name='password']").fill("correct-horse-battery")
    page.locator("input[name='password']").press("Enter")
    page.wait_for_load_state()
    page.goto(f"/protection/consequences/{estimate.pk}/")
    return context, page


@pytest.mark.parametrize("locale", ["en-GB", "ar"])
def test_the_offline_map_draws(browser, live_server, estimate, locale):
    context, page = _open(browser, live_server, locale, estimate)
    try:
        figure = page.locator("#oca-map-fallback svg")
        expect(figure).to_be_visible()
        box = figure.bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 200
        zone = page.locator("#oca-map-fallback circle.map-threat-zone")
        zone_box = zone.bounding_box()
        assert zone_box is not None and zone_box["width"] > 100  # the circle really drawn
        expect(page.locator("#oca-map-fallback .map-north")).to_be_visible()
        expect(page.locator("#oca-map-fallback .map-scale")).to_be_visible()
        assert page.locator("#oca-map-fallback .map-ring").count() >= 2
        assert page.locator("html").get_attribute("dir") == ("rtl" if locale == "ar" else "ltr")
        # the geometry does not mirror: the north arrow stays at the right
        north = page.locator("#oca-map-fallback .map-north").bounding_box()
        assert north is not None and north["x"] > box["x"] + box["width"] / 2
        expect(page.locator("a[href$='map.geojson']")).to_be_visible()
    finally:
        context.close()


@pytest.mark.parametrize("locale", ["en-GB", "ar"])
def test_with_tiles_configured_leaflet_draws_the_zones(browser, live_server, estimate, locale):
    errors: list[str] = []
    with override_settings(CHEMSEC_MAP_TILES=BLANK_TILE):
        context, page = _open(browser, live_server, locale, estimate)
        page.on("pageerror", lambda error: errors.append(str(error)))
        try:
            expect(page.locator("#oca-map.leaflet-container")).to_be_visible()
            expect(page.locator("#oca-map .leaflet-overlay-pane path").first).to_be_visible()
            assert page.locator("#oca-map .leaflet-overlay-pane path").count() >= 2
            expect(page.locator("#oca-map .leaflet-control-scale")).to_be_visible()
            expect(page.locator("#oca-map-fallback")).to_be_hidden()
            assert page.locator("#oca-map").get_attribute("dir") == "ltr"
        finally:
            context.close()
    assert not errors
