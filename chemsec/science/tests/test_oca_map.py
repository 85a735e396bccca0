"""Threat zones as GeoJSON and KML: on the map where they belong, readable by GIS tools."""

from __future__ import annotations

import itertools
import json
import math
import xml.etree.ElementTree as ET

import pytest

from chemsec.cli import main
from chemsec.science import oca_map
from chemsec.science.inputs import InputError

SITE = (51.5, -0.12)


def geodesic_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """WGS 84 geodesic length by Vincenty's inverse formula (1975)."""
    a, f = 6_378_137.0, 1 / 298.257223563
    b = a * (1 - f)
    u1 = math.atan((1 - f) * math.tan(math.radians(lat1)))
    u2 = math.atan((1 - f) * math.tan(math.radians(lat2)))
    big_l = lam = math.radians(lon2 - lon1)
    for _ in range(200):
        sin_sigma = math.hypot(
            math.cos(u2) * math.sin(lam),
            math.cos(u1) * math.sin(u2) - math.sin(u1) * math.cos(u2) * math.cos(lam),
        )
        cos_sigma = math.sin(u1) * math.sin(u2) + math.cos(u1) * math.cos(u2) * math.cos(lam)
        sigma = math.atan2(sin_sigma, cos_sigma)
        sin_alpha = math.cos(u1) * math.cos(u2) * math.sin(lam) / sin_sigma
        cos2_alpha = 1 - sin_alpha**2
        cos_2sm = cos_sigma - 2 * math.sin(u1) * math.sin(u2) / cos2_alpha if cos2_alpha else 0.0
        c = f / 16 * cos2_alpha * (4 + f * (4 - 3 * cos2_alpha))
        previous = lam
        lam = big_l + (1 - c) * f * sin_alpha * (
            sigma + c * sin_sigma * (cos_2sm + c * cos_sigma * (-1 + 2 * cos_2sm**2))
        )
        if abs(lam - previous) < 1e-12:
            break
    u_sq = cos2_alpha * (a**2 - b**2) / b**2
    big_a = 1 + u_sq / 16384 * (4096 + u_sq * (-768 + u_sq * (320 - 175 * u_sq)))
    big_b = u_sq / 1024 * (256 + u_sq * (-128 + u_sq * (74 - 47 * u_sq)))
    d_sigma = (
        big_b
        * sin_sigma
        * (
            cos_2sm
            + big_b
            / 4
            * (
                cos_sigma * (-1 + 2 * cos_2sm**2)
                - big_b / 6 * cos_2sm * (-3 + 4 * sin_sigma**2) * (-3 + 4 * cos_2sm**2)
            )
        )
    )
    return b * big_a * (sigma - d_sigma)


def signed_area(ring: list[list[float]]) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in itertools.pairwise(ring)) / 2


@pytest.mark.parametrize("latitude", [0.0, 51.5, -70.0, 80.0])
@pytest.mark.parametrize("radius", [160.0, 1931.0, 40_000.0])
def test_a_circle_lies_at_its_radius_around_the_site(latitude, radius):
    ring = oca_map.circle_ring(latitude, SITE[1], radius)
    assert ring[0] == ring[-1] and len(ring) == oca_map.CIRCLE_VERTICES + 1
    for lon, lat in ring[:-1]:
        assert geodesic_m(latitude, SITE[1], lat, lon) == pytest.approx(radius, rel=1e-4)
    assert signed_area([list(p) for p in ring]) > 0  # counter-clockwise (RFC 7946)


def test_a_footprint_points_where_the_wind_blows():
    outline = [(0.0, 0.0), (500.0, 50.0), (1000.0, 0.0)]
    north = oca_map.footprint_ring(*SITE, outline, 0.0)
    tip = max(north, key=lambda p: p[1])
    assert tip[0] == pytest.approx(SITE[1], abs=1e-6)
    assert geodesic_m(*SITE, tip[1], tip[0]) == pytest.approx(1000.0, rel=1e-4)
    east = oca_map.footprint_ring(*SITE, outline, 90.0)
    assert max(p[0] for p in east) > SITE[1] and signed_area([list(p) for p in east]) > 0


def test_geojson_and_kml_hold_the_site_and_each_zone():
    zones = [
        oca_map.Zone("endpoint distance", "threat-zone", 1931.0, (), {"basis": "oca"}),
        oca_map.Zone("footprint", "footprint", None, ((0.0, 0.0), (900.0, 40.0), (1800.0, 0.0))),
    ]
    collection = oca_map.geojson("Plant", *SITE, zones, bearing_deg=45.0)
    kinds = [f["properties"]["kind"] for f in collection["features"]]
    assert kinds == ["site", "threat-zone", "footprint"]
    assert collection["features"][0]["geometry"]["coordinates"] == [SITE[1], SITE[0]]
    assert collection["features"][2]["properties"]["wind_towards_deg"] == 45.0
    json.loads(oca_map.dumps(collection))
    text = oca_map.kml(collection, "Plant & <zones>").split("\n", 1)[1]
    root = ET.fromstring(text)  # noqa: S314 - our own output, not untrusted input
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    assert root.find("k:Document/k:name", ns).text == "Plant & <zones>"
    assert len(root.findall(".//k:Placemark", ns)) == 3
    assert len(root.findall(".//k:Polygon", ns)) == 2


@pytest.mark.parametrize(("lat", "lon"), [(90.0, 0.0), (0.0, 181.0), (math.nan, 0.0)])
def test_a_site_off_the_globe_is_refused(lat, lon):
    with pytest.raises(InputError):
        oca_map.geojson("x", lat, lon, [])


def test_a_stored_estimate_gives_its_zones():
    result = {
        "distance_to_endpoint_m": 1931.2,
        "distance_basis": "oca",
        "model_distance_to_endpoint_m": 1817.0,
        "oca": {"available": True, "distance_m": 1931.2, "table": {"id": "t"},
                "verification": "verified-secondary"},
        "footprint_outline": [[0.0, 0.0], [1000.0, 30.0], [1817.0, 0.0]],
    }  # fmt: skip
    kinds = [z.kind for z in oca_map.estimate_zones(result)]
    assert kinds == ["threat-zone", "model-circle", "footprint"]


def test_chemsec_oca_writes_geojson_and_kml(capsys):
    base = ["oca", "--release-rate", "37", "--endpoint", "1", "--latitude", "40.0",
            "--longitude", "-75.0"]  # fmt: skip
    assert main([*base, "--format", "geojson"]) == 0
    collection = json.loads(capsys.readouterr().out)
    circle = collection["features"][1]
    assert circle["properties"]["distance_mi"] == 0.2
    assert circle["properties"]["method"] == "EPA OCA reference tables"
    assert main([*base, "--format", "kml"]) == 0
    assert "<kml" in capsys.readouterr().out
    assert main(["oca", "--release-rate", "37", "--endpoint", "1", "--format", "kml"]) == 2
    assert "--latitude" in capsys.readouterr().err


# --- the offline map (server-drawn SVG) ------------------------------------------------------

SVG_NS = "{http://www.w3.org/2000/svg}"
MAP_ZONES = [
    oca_map.Zone("endpoint distance", "threat-zone", 3200.0),
    oca_map.Zone("EPA OCA reference tables", "oca-circle", 1931.0),
    oca_map.Zone("footprint", "footprint", None, ((0.0, 0.0), (1500.0, 180.0), (3200.0, 0.0))),
]


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, not untrusted input


def _scale_px_per_m(root: ET.Element) -> float:
    """Pixels per metre, from the largest zone circle (3,200 m)."""
    circles = [c for c in root.iter(f"{SVG_NS}circle") if "map-threat-zone" in c.get("class", "")]
    return float(circles[0].get("r", "0")) / 3200.0


def test_the_offline_map_draws_site_rings_zones_scale_and_north():
    root = _parse(oca_map.map_svg("Riverside", *SITE, MAP_ZONES))
    assert root.get("role") == "img" and root.get("direction") == "ltr"
    classes = [e.get("class", "") for e in root.iter()]
    assert "map-site" in classes and "map-north" in classes and "map-scale" in classes
    assert classes.count("map-ring") >= 2
    assert any("map-oca-circle" in c for c in classes) and any(
        "map-footprint" in c for c in classes
    )
    per_m = _scale_px_per_m(root)
    oca = next(c for c in root.iter(f"{SVG_NS}circle") if "map-oca-circle" in c.get("class", ""))
    assert float(oca.get("r", "0")) == pytest.approx(1931.0 * per_m, abs=0.06)
    # the scale bar is as long as its label says, on the zones' scale
    bar = next(g for g in root.iter(f"{SVG_NS}g") if g.get("class") == "map-scale")
    rects = bar.findall(f"{SVG_NS}rect")
    length_px = sum(float(r.get("width", "0")) for r in rects)
    label = [t.text for t in bar.findall(f"{SVG_NS}text")][-1] or ""
    value, unit = label.split()
    metres = float(value) * (1000.0 if unit == "km" else 1.0)
    assert length_px == pytest.approx(metres * per_m, abs=0.15)  # two halves, each to 0.1 px
    assert "N" in "".join(t.text or "" for t in root.iter(f"{SVG_NS}text"))


def test_the_footprint_points_where_the_wind_blows():
    """Wind towards the east (90 degrees): the footprint's far end is right of the site."""
    for bearing, (dx_sign, dy_sign) in ((90.0, (1, 0)), (0.0, (0, -1)), (180.0, (0, 1))):
        root = _parse(oca_map.map_svg("S", *SITE, MAP_ZONES, bearing_deg=bearing))
        poly = next(
            p for p in root.iter(f"{SVG_NS}polygon") if "map-footprint" in p.get("class", "")
        )
        points = [tuple(map(float, p.split(","))) for p in (poly.get("points") or "").split()]
        centre = oca_map.MAP_SIZE / 2
        tip = points[len(points) // 2 - 1]  # the last outline point on the first side
        assert (tip[0] - centre) * dx_sign >= 0 and (tip[1] - centre) * dy_sign >= 0
        assert abs(tip[0] - centre) + abs(tip[1] - centre) > 100


@pytest.mark.parametrize("metres, text", [(850, "850 m"), (1200, "1.2 km"), (12345, "12 km")])
def test_distances_are_written_with_dots(metres, text):
    assert oca_map.distance_label(metres) == text


@pytest.mark.parametrize("value", [0.7, 1.0, 3.3, 99.0, 1234.0, 38000.0])
def test_the_scale_step_is_round_and_never_above_the_length(value):
    step = oca_map.nice_length(value)
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert step <= value and any(math.isclose(mantissa, s) for s in (1, 2, 2.5, 5))
    assert step > value / 2.5


def test_right_to_left_keeps_the_geometry_and_translates_the_labels():
    words = oca_map.MapText(
        site="الموقع",
        north="ش",
        zones=(
            ("threat-zone", "مسافة نقطة النهاية"),
            ("oca-circle", "جداول"),
            ("footprint", "أثر"),
        ),
        rtl=True,
    )
    ltr = _parse(oca_map.map_svg("S", *SITE, MAP_ZONES))
    rtl = _parse(oca_map.map_svg("S", *SITE, MAP_ZONES, words=words))
    assert rtl.get("direction") == "ltr"

    def shapes(root: ET.Element) -> list[tuple[str | None, ...]]:
        return [
            (e.get("cx"), e.get("r"), e.get("points"))
            for e in root.iter()
            if e.tag in (f"{SVG_NS}circle", f"{SVG_NS}polygon")
        ]

    assert shapes(ltr) == shapes(rtl)
    texts = [t for t in rtl.iter(f"{SVG_NS}text") if t.get("direction") == "rtl"]
    assert any("مسافة نقطة النهاية: 3.2 km" in (t.text or "") for t in texts)
    assert "ش" in [t.text for t in rtl.iter(f"{SVG_NS}text")]


def test_no_zone_no_map_and_bad_sites_are_refused():
    assert oca_map.map_svg("S", *SITE, []) == ""
    with pytest.raises(InputError):
        oca_map.map_svg("S", 91.0, 0.0, MAP_ZONES)
    with pytest.raises(InputError):
        oca_map.map_svg("S", 10.0, math.nan, MAP_ZONES)


def test_without_labels_the_map_has_no_text_and_its_captions_say_it():
    bare = oca_map.map_svg("S", *SITE, MAP_ZONES, labels=False)
    root = _parse(bare)
    assert not list(root.iter(f"{SVG_NS}text"))
    assert any("map-north" in (e.get("class") or "") for e in root.iter())
    lines = oca_map.map_captions(MAP_ZONES)
    assert "endpoint distance: 3.2 km" in lines and "EPA OCA reference tables: 1.9 km" in lines
    # the bar of the labelled drawing: half the 3.2 km reach, down to a round 1 km
    assert "North is up; scale bar 1.0 km" in lines
    labelled = _parse(oca_map.map_svg("S", *SITE, MAP_ZONES))
    bar = next(g for g in labelled.iter(f"{SVG_NS}g") if g.get("class") == "map-scale")
    assert [t.text for t in bar.findall(f"{SVG_NS}text")][-1] == "1.0 km"
    assert oca_map.map_captions([]) == []


def _luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of #rrggbb."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _over(top: str, opacity: float, bottom: str) -> str:
    """A fill at ``opacity`` over ``bottom``, as the eye sees it (#rrggbb)."""
    mix = [
        round(opacity * int(top[i : i + 2], 16) + (1 - opacity) * int(bottom[i : i + 2], 16))
        for i in (1, 3, 5)
    ]
    return "#" + "".join(f"{c:02x}" for c in mix)


def test_the_distance_labels_are_drawn_over_the_zones_on_a_halo_with_aa_contrast():
    """axe's "needs review" contrast finding: drawn before the half-transparent zones, the
    ring labels were tinted by them (2:1 on a threat zone). They come after every zone, on a
    halo of the map's background, at 4.5:1 or more against the halo and against the zone
    colours laid over that background (WCAG 1.4.3)."""
    root = _parse(oca_map.map_svg("Riverside", *SITE, MAP_ZONES))
    order = list(root.iter())
    zones = [i for i, e in enumerate(order) if "map-zone" in e.get("class", "")]
    labels = [  # the rings' distances (the scale bar's, in 11 px, lies outside the zones)
        e for e in order
        if e.tag == f"{SVG_NS}text" and e.get("font-size") == "10" and "m" in (e.text or "")
    ]  # fmt: skip
    assert len(labels) >= 2 and zones
    assert all(order.index(label) > max(zones) for label in labels)
    background = "#fbfbf8"
    for label in labels:
        assert label.get("paint-order") == "stroke" and label.get("stroke") == background
        ink = _luminance(label.get("fill", "#000000"))
        for under in [background, *(fill for _s, _d, fill in oca_map.ZONE_STYLES.values())]:
            if under == "none":
                continue
            mixed = background if under == background else _over(under, 0.55, background)
            light, dark = sorted([ink, _luminance(mixed)], reverse=True)
            assert (light + 0.05) / (dark + 0.05) >= 4.5, (label.text, under)
