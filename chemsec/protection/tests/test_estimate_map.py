"""The estimate's map: the offline SVG around the facility's coordinates, the tiled map when
the deployment configures tiles, and the GeoJSON and KML exports (audited, need-to-know)."""

from __future__ import annotations

import json
import math
import xml.etree.ElementTree as ET

import pytest
from django.test import override_settings
from django.urls import reverse

from chemsec.core.models import AuditEntry
from chemsec.protection.models import ConsequenceEstimate
from chemsec.protection.tests.test_consequences import CHLORINE

pytestmark = pytest.mark.django_db

SITE = (51.4545, -2.5879)
TILES = "https://tiles.example.org/{z}/{x}/{y}.png"


def _located(plant, alice):
    from chemsec.facilities.services import facility_update

    return facility_update(facility=plant, actor=alice, latitude=SITE[0], longitude=SITE[1])


@pytest.fixture
def estimate(personas, plant, alice):
    _located(plant, alice)
    response = personas["alice"].post(reverse("protection:estimate_new", args=[plant.pk]), CHLORINE)
    assert response.status_code == 302, response.content.decode()[:2000]
    return ConsequenceEstimate.objects.get()


def test_the_page_draws_the_offline_map_and_links_the_exports(personas, estimate):
    body = personas["alice"].get(reverse("protection:estimate", args=[estimate.pk])).content
    text = body.decode()
    assert 'class="map-north"' in text and 'class="map-scale"' in text and "map-ring" in text
    assert "Threat zones around Meridian Riverside Plant" in text
    assert reverse("protection:estimate_geojson", args=[estimate.pk]) in text
    assert reverse("protection:estimate_kml", args=[estimate.pk]) in text
    # no tile server configured: no script, no tiles, the site's own policy
    assert "leaflet.js" not in text and "oca-map-data" not in text


def test_without_coordinates_the_page_says_so(personas, plant):
    response = personas["alice"].post(reverse("protection:estimate_new", args=[plant.pk]), CHLORINE)
    estimate = ConsequenceEstimate.objects.get()
    text = personas["alice"].get(response["Location"]).content.decode()
    assert "This facility has no coordinates" in text and "map-north" not in text
    url = reverse("protection:estimate_geojson", args=[estimate.pk])
    assert personas["alice"].get(url).status_code == 404


def test_the_geojson_export_is_the_zones_around_the_site(personas, estimate):
    url = reverse("protection:estimate_geojson", args=[estimate.pk])
    response = personas["alice"].get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/geo+json"
    )
    assert "attachment" in response["Content-Disposition"]
    collection = json.loads(response.content)
    site, *zones = collection["features"]
    assert site["geometry"] == {"type": "Point", "coordinates": [SITE[1], SITE[0]]}
    lead = next(z for z in zones if z["properties"]["kind"] == "threat-zone")
    ring = lead["geometry"]["coordinates"][0]
    assert ring[0] == ring[-1] and len(ring) > 50
    # the circle's radius is the distance that leads (equirectangular check, 0.5 %)
    lon, lat = ring[0]
    east = math.radians(lon - SITE[1]) * 6_371_000 * math.cos(math.radians(SITE[0]))
    north = math.radians(lat - SITE[0]) * 6_371_000
    leading = estimate.result["distance_to_endpoint_m"]
    assert math.hypot(east, north) == pytest.approx(leading, rel=0.005)
    assert AuditEntry.objects.filter(action="export", object_id=str(estimate.pk)).count() == 1


def test_the_kml_export_opens_in_google_earth(personas, estimate):
    response = personas["alice"].get(reverse("protection:estimate_kml", args=[estimate.pk]))
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    ns = "{http://www.opengis.net/kml/2.2}"
    assert root.tag == f"{ns}kml"
    assert root.findall(f".//{ns}Point") and root.findall(f".//{ns}Polygon")


@pytest.mark.parametrize(
    ("persona", "status"), [("bob", 404), ("charlie", 404), ("anonymous", 302)]
)
def test_the_exports_are_need_to_know(personas, estimate, persona, status):
    for name in ("protection:estimate_geojson", "protection:estimate_kml"):
        assert personas[persona].get(reverse(name, args=[estimate.pk])).status_code == status
    assert not AuditEntry.objects.filter(action="export", object_id=str(estimate.pk)).exists()


@override_settings(CHEMSEC_MAP_TILES=TILES)
def test_with_tiles_configured_the_page_loads_leaflet_and_allows_only_that_tile_server(
    personas, estimate
):
    response = personas["alice"].get(reverse("protection:estimate", args=[estimate.pk]))
    text = response.content.decode()
    assert "vendor/leaflet/leaflet.js" in text and 'id="oca-map-data"' in text
    assert "map-north" in text  # the offline map stays, for print and without script
    policy = response["Content-Security-Policy"]
    assert "img-src 'self' data: https://tiles.example.org;" in policy
    assert "script-src 'self';" in policy  # nothing else loosened
    start = text.index('id="oca-map-data"')
    data = json.loads(text[text.index(">", start) + 1 : text.index("</script>", start)])
    assert data["tiles"] == TILES and data["geojson"]["type"] == "FeatureCollection"


def test_in_arabic_the_map_keeps_its_geometry_and_dots(personas, estimate):
    url = reverse("protection:estimate", args=[estimate.pk])
    english = personas["alice"].get(url).content.decode()
    arabic = personas["alice"].get(url, HTTP_ACCEPT_LANGUAGE="ar").content.decode()

    def svg(text: str) -> str:
        start = text.index("<svg", text.index('id="oca-map-fallback"'))
        return text[start : text.index("</svg>", start) + 6]

    def shapes(markup: str) -> list[tuple[str | None, ...]]:
        root = ET.fromstring(markup)  # noqa: S314 - our own output
        return [
            (e.get("r"), e.get("points"))
            for e in root.iter()
            if e.get("class", "").startswith("map-")
        ]

    assert 'dir="rtl"' in arabic[:400]
    assert shapes(svg(english)) == shapes(svg(arabic))
    assert 'direction="ltr"' in svg(arabic)
    assert "٫" not in svg(arabic)  # no Arabic decimal separator in the drawing's numbers


def test_the_site_plan_shows_the_map_and_its_pdf_sets_the_labels_as_text(personas, estimate):
    import io

    from pypdf import PdfReader

    plant = estimate.facility
    page = personas["alice"].get(reverse("protection:plan", args=[plant.pk])).content.decode()
    assert "map-north" in page and "Threat zones around" in page
    response = personas["alice"].post(reverse("protection:plan_generate", args=[plant.pk]))
    pdf = personas["alice"].get(response.url).content
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Dotted distance rings every" in " ".join(text.split())
    assert "North is up; scale bar" in " ".join(text.split())


def test_the_api_exports_the_same_map(personas, estimate):
    url = f"/api/v1/protection/consequences/{estimate.pk}/map"
    geo = personas["alice"].get(url)
    assert geo.status_code == 200 and geo["Content-Type"].startswith("application/geo+json")
    page = personas["alice"].get(reverse("protection:estimate_geojson", args=[estimate.pk]))
    assert json.loads(geo.content) == json.loads(page.content)
    kml = personas["alice"].get(url, {"format": "kml"})
    assert kml.status_code == 200 and b"<kml" in kml.content
    assert personas["alice"].get(url, {"format": "shp"}).status_code == 422
    assert personas["bob"].get(url).status_code == 404
