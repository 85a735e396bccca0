"""Threat zones around a facility as GeoJSON and KML, for QGIS or Google Earth (pure).

A zone is a circle of the endpoint distance around the release point (what 40 CFR 68.30
counts people in), and, where a model drew one, the footprint of one wind direction,
turned to the bearing the wind blows towards. Coordinates are WGS 84 longitude/latitude;
a point at (east, north) metres from the site is placed along the great circle of that
bearing and length on the sphere of the ellipsoid's radius of curvature in that bearing
at the site. Within 40 km of a site up to 80 degrees of latitude its distance from the
site is within 0.01 % of the WGS 84 geodesic (a test checks it against Vincenty's
formula; coordinates are rounded to 1e-7 degree, about 1 cm), far below what the
estimate itself can claim. Pure module.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from chemsec.science.inputs import InputError
from chemsec.science.plume import finite

WGS84_A = 6_378_137.0
WGS84_E2 = 6.69437999014e-3
CIRCLE_VERTICES = 96


@dataclass(frozen=True)
class Zone:
    """A circle (``radius_m``) or a footprint (``outline``: (x, half-width) pairs in metres)."""

    name: str
    kind: str
    radius_m: float | None = None
    outline: tuple[tuple[float, float], ...] = ()
    properties: dict[str, Any] = field(default_factory=dict)


def check_site(latitude: object, longitude: object) -> tuple[float, float]:
    lat, lon = finite(latitude, "latitude"), finite(longitude, "longitude")
    if not -90.0 < lat < 90.0:
        raise InputError("latitude", "must be between -90 and 90 (exclusive)", "out_of_range")
    if not -180.0 <= lon <= 180.0:
        raise InputError("longitude", "must be between -180 and 180", "out_of_range")
    return lat, lon


def _to_lon_lat(lat: float, lon: float, east_m: float, north_m: float) -> tuple[float, float]:
    """The point ``east_m``, ``north_m`` from the site along a great circle of the sphere
    whose radius is the ellipsoid's radius of curvature at the site in that bearing
    (Euler: 1/R = cos^2(bearing)/M + sin^2(bearing)/N)."""
    phi = math.radians(lat)
    w = math.sqrt(1.0 - WGS84_E2 * math.sin(phi) ** 2)
    meridional, prime_vertical = WGS84_A * (1.0 - WGS84_E2) / w**3, WGS84_A / w
    theta = math.atan2(east_m, north_m)  # bearing, clockwise from north
    radius = 1.0 / (math.cos(theta) ** 2 / meridional + math.sin(theta) ** 2 / prime_vertical)
    delta = math.hypot(east_m, north_m) / radius
    phi2 = math.asin(
        math.sin(phi) * math.cos(delta) + math.cos(phi) * math.sin(delta) * math.cos(theta)
    )
    dlon = math.atan2(
        math.sin(theta) * math.sin(delta) * math.cos(phi),
        math.cos(delta) - math.sin(phi) * math.sin(phi2),
    )
    return round(lon + math.degrees(dlon), 7), round(math.degrees(phi2), 7)


def circle_ring(lat: float, lon: float, radius_m: float) -> list[tuple[float, float]]:
    """A closed ring of (lon, lat) around the site, counter-clockwise (GeoJSON's outer ring)."""
    ring = []
    for i in range(CIRCLE_VERTICES):
        angle = 2 * math.pi * i / CIRCLE_VERTICES
        ring.append(_to_lon_lat(lat, lon, radius_m * math.cos(angle), radius_m * math.sin(angle)))
    return [*ring, ring[0]]


def footprint_ring(
    lat: float, lon: float, outline: Sequence[tuple[float, float]], bearing_deg: float
) -> list[tuple[float, float]]:
    """The footprint (x downwind, half-width) turned so that x points to ``bearing_deg``
    (clockwise from north, where the wind blows towards); a closed, counter-clockwise ring."""
    theta = math.radians(bearing_deg)
    down = (math.sin(theta), math.cos(theta))  # (east, north) of the wind's direction
    left = (-down[1], down[0])  # 90 degrees counter-clockwise of it
    side = [(x, w) for x, w in outline]
    points = [(x, -w) for x, w in side] + [(x, w) for x, w in reversed(side)]
    ring = [
        _to_lon_lat(lat, lon, x * down[0] + y * left[0], x * down[1] + y * left[1])
        for x, y in points
    ]
    return [*ring, ring[0]]


def _geometry(zone: Zone, lat: float, lon: float, bearing_deg: float) -> dict[str, Any]:
    if zone.radius_m is not None:
        ring = circle_ring(lat, lon, zone.radius_m)
    else:
        ring = footprint_ring(lat, lon, zone.outline, bearing_deg)
    return {"type": "Polygon", "coordinates": [[list(p) for p in ring]]}


def geojson(
    site_name: str,
    latitude: float,
    longitude: float,
    zones: Sequence[Zone],
    *,
    bearing_deg: float = 90.0,
    properties: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A FeatureCollection: the site (a point), then each zone (a polygon)."""
    lat, lon = check_site(latitude, longitude)
    bearing = finite(bearing_deg, "bearing") % 360.0
    features: list[dict[str, Any]] = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"name": site_name, "kind": "site", **(properties or {})},
        }
    ]
    for zone in zones:
        if zone.radius_m is None and not zone.outline:
            continue
        extra = {"wind_towards_deg": bearing} if zone.radius_m is None else {}
        features.append(
            {
                "type": "Feature",
                "geometry": _geometry(zone, lat, lon, bearing),
                "properties": {
                    "name": zone.name,
                    "kind": zone.kind,
                    "radius_m": zone.radius_m,
                    **extra,
                    **zone.properties,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def kml(collection: dict[str, Any], title: str) -> str:
    """The same features as KML 2.2 (Google Earth): points and polygons with their names."""
    styles = (
        '<Style id="zone"><LineStyle><color>ff1e26b3</color><width>2</width></LineStyle>'
        "<PolyStyle><color>40c3c7f6</color></PolyStyle></Style>"
    )
    marks = []
    for feature in collection["features"]:
        props, geometry = feature["properties"], feature["geometry"]
        data = "".join(
            f'<Data name="{escape(str(k))}"><value>{escape(str(v))}</value></Data>'
            for k, v in props.items()
            if v is not None and k != "name"
        )
        if geometry["type"] == "Point":
            lon, lat = geometry["coordinates"]
            shape = f"<Point><coordinates>{lon},{lat},0</coordinates></Point>"
            style = ""
        else:
            ring = " ".join(f"{x},{y},0" for x, y in geometry["coordinates"][0])
            shape = (
                "<Polygon><outerBoundaryIs><LinearRing><coordinates>"
                f"{ring}</coordinates></LinearRing></outerBoundaryIs></Polygon>"
            )
            style = "<styleUrl>#zone</styleUrl>"
        marks.append(
            f"<Placemark><name>{escape(str(props.get('name', '')))}</name>{style}"
            f"<ExtendedData>{data}</ExtendedData>{shape}</Placemark>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
        f"<name>{escape(title)}</name>{styles}{''.join(marks)}</Document></kml>\n"
    )


def dumps(collection: dict[str, Any]) -> str:
    return json.dumps(collection, indent=2, ensure_ascii=False)


def estimate_zones(result: dict[str, Any]) -> list[Zone]:
    """The zones of a stored consequence result (``protection.consequences.estimate``).

    The circle of the distance that leads, the tables' and the model's circles when they
    differ from it, and the model's one-direction footprint.
    """
    zones: list[Zone] = []
    lead = result.get("distance_to_endpoint_m")
    basis = result.get("distance_basis", "model")
    if lead:
        zones.append(Zone("endpoint distance", "threat-zone", float(lead), (), {"basis": basis}))
    tables = result.get("oca") or {}
    if tables.get("available") and tables.get("distance_m") and basis != "oca":
        zones.append(
            Zone(
                "EPA OCA reference tables",
                "oca-circle",
                float(tables["distance_m"]),
                (),
                {"table": tables["table"]["id"], "verification": tables["verification"]},
            )
        )
    model = result.get("model_distance_to_endpoint_m", lead)
    if model and basis == "oca":
        zones.append(Zone("model estimate", "model-circle", float(model), (), {}))
    outline = tuple((float(x), float(w)) for x, w in result.get("footprint_outline") or ())
    if outline:
        zones.append(Zone("footprint, one wind direction", "footprint", None, outline, {}))
    return zones


# --- the offline map: a server-drawn SVG, no tiles and no JavaScript -----------------------

MAP_SIZE = 480
MAP_MARGIN = 24
LEGEND_LINE = 18
NICE_STEPS = (1.0, 2.0, 2.5, 5.0)
ZONE_STYLES = {
    # kind -> stroke, dash, fill; each kind also differs by its dash, not colour alone
    "threat-zone": ("#b3261e", "", "#f6c7c3"),
    "oca-circle": ("#1d4e89", "8 4", "none"),
    "model-circle": ("#5f6b76", "2 3", "none"),
    "oca-circle-lead": ("#b3261e", "", "#f6c7c3"),
    "footprint": ("#8a4b00", "", "#f3d9b1"),
}


@dataclass(frozen=True)
class MapText:
    """The map's words (English by default; the portal passes the reader's language).

    ``zones`` names each zone kind in the legend; ``%(name)s`` placeholders are filled here.
    """

    title: str = "Threat zones around %(site)s"
    desc: str = (
        "Map of %(site)s at latitude %(lat)s, longitude %(lon)s: %(zones)s. "
        "North is up; the scale bar shows %(scale)s."
    )
    site: str = "site"
    north: str = "N"
    ring: str = "distance ring"
    scale: str = "North is up; scale bar %(d)s"
    rings: str = "Dotted distance rings every %(d)s around the site (black dot)"
    zones: tuple[tuple[str, str], ...] = (
        ("threat-zone", "endpoint distance"),
        ("oca-circle", "EPA OCA reference tables"),
        ("model-circle", "model estimate"),
        ("footprint", "footprint, one wind direction"),
    )
    rtl: bool = False
    # How a distance is written in the visible labels (the portal writes it in the
    # reader's language, "4,5 км"); coordinates keep the dot whatever this does.
    length: Callable[[float], str] = field(default=lambda m: distance_label(m))


def distance_label(metres: float) -> str:
    """'850 m', '1.2 km', '12 km': always with a dot, whatever the locale."""
    if metres < 1000:
        return f"{metres:.0f} m"
    km = metres / 1000
    return f"{km:.1f} km" if km < 10 else f"{km:.0f} km"


def nice_length(metres: float) -> float:
    """The largest 1, 2, 2.5 or 5 times a power of ten not above ``metres``."""
    if not metres > 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(metres))
    return max(step * power for step in NICE_STEPS if step * power <= metres)


def _reach_m(zone: Zone) -> float:
    if zone.radius_m is not None:
        return zone.radius_m
    return max((math.hypot(x, w) for x, w in zone.outline), default=0.0)


def map_svg(
    site_name: str,
    latitude: float,
    longitude: float,
    zones: Sequence[Zone],
    *,
    bearing_deg: float = 90.0,
    words: MapText | None = None,
    size: int = MAP_SIZE,
    labels: bool = True,
) -> str:
    """The zones around the site, north up, in the site's local plane (metres east and
    north; at these distances the plane is within 0.01 % of the ground, see the module's
    note), with distance rings, a scale bar, a north arrow and a legend. The geometry is
    the same in every language (``direction="ltr"``); the legend runs right to left in a
    right-to-left language. ``""`` when no zone has a reach. Without ``labels`` the drawing
    has no text and no legend (a document sets ``map_captions`` beside it)."""
    from chemsec.science.svg import _ident, _open_svg, _text

    words = words or MapText()
    lat, lon = check_site(latitude, longitude)
    bearing = math.radians(finite(bearing_deg, "bearing") % 360.0)
    drawn = [z for z in zones if _reach_m(z) > 0]
    if not drawn:
        return ""
    reach = max(_reach_m(z) for z in drawn)
    centre = size / 2
    scale = (size / 2 - MAP_MARGIN) / (reach * 1.08)

    def at(east: float, north: float) -> tuple[float, float]:
        return centre + east * scale, centre - north * scale

    names = dict(words.zones)
    legend = [(z, names.get(z.kind, z.name)) for z in drawn]
    zone_text = "; ".join(f"{name} {words.length(_reach_m(z))}" for z, name in legend)
    bar_m = nice_length(reach / 2)
    desc = words.desc % {
        "site": site_name,
        "lat": f"{lat:.5f}",
        "lon": f"{lon:.5f}",
        "zones": zone_text,
        "scale": words.length(bar_m),
    }
    ident = _ident("map", desc)
    height = size + (MAP_MARGIN + LEGEND_LINE * len(legend) if labels else 0)
    parts = [
        _open_svg(size, height, ident),
        f'<title id="{ident}-title">{escape(words.title % {"site": site_name})}</title>',
        f'<desc id="{ident}-desc">{escape(desc)}</desc>',
        f'<rect x="0" y="0" width="{size}" height="{size}" fill="#fbfbf8" stroke="#5f6b76"/>',
    ]
    # distance rings: up to four, at a round step, under the zones; their labels go on top
    # of the zones (drawn under them, the zones' tint left 2:1 contrast), on a light halo
    step = nice_length(reach / 3)
    rings = [step * k for k in range(1, 5) if step * k <= reach * 1.05]
    ring_labels = []
    for metres in rings:
        r = metres * scale
        parts.append(
            f'<circle class="map-ring" cx="{centre:.1f}" cy="{centre:.1f}" r="{r:.1f}" '
            'fill="none" stroke="#9aa5b1" stroke-width="1" stroke-dasharray="1 3"/>'
        )
        ring_labels.append(
            f'<text x="{centre + 3:.1f}" y="{centre - r - 3:.1f}" font-size="10" '
            'fill="#4a5561" stroke="#fbfbf8" stroke-width="3" paint-order="stroke">'
            f"{words.length(metres)}</text>"
        )
    for zone in sorted(drawn, key=_reach_m, reverse=True):
        stroke, dash, fill = ZONE_STYLES.get(zone.kind, ("#000000", "", "none"))
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        opacity = ' fill-opacity="0.55"' if fill != "none" else ""
        common = f'fill="{fill}"{opacity} stroke="{stroke}" stroke-width="2"{dashes}'
        if zone.radius_m is not None:
            parts.append(
                f'<circle class="map-zone map-{zone.kind}" cx="{centre:.1f}" cy="{centre:.1f}" '
                f'r="{zone.radius_m * scale:.1f}" {common}/>'
            )
            continue
        down = (math.sin(bearing), math.cos(bearing))
        left = (-down[1], down[0])
        side = [(x, -w) for x, w in zone.outline] + [(x, w) for x, w in reversed(zone.outline)]
        points = " ".join(
            "{:.1f},{:.1f}".format(*at(x * down[0] + y * left[0], x * down[1] + y * left[1]))
            for x, y in side
        )
        parts.append(f'<polygon class="map-zone map-{zone.kind}" points="{points}" {common}/>')
    parts.extend(ring_labels)
    # the site
    parts.append(
        f'<circle class="map-site" cx="{centre:.1f}" cy="{centre:.1f}" r="4" fill="#000"/>'
        + _text(centre + 7, centre + 14, words.site, width=size / 2 - MAP_MARGIN, size=11)
    )
    # north arrow, top right
    nx, ny = size - MAP_MARGIN - 6, MAP_MARGIN + 4
    parts.append(
        f'<g class="map-north"><polygon points="{nx:.1f},{ny:.1f} {nx - 7:.1f},{ny + 22:.1f} '
        f'{nx:.1f},{ny + 16:.1f} {nx + 7:.1f},{ny + 22:.1f}" fill="#000"/>'
        f'<text x="{nx:.1f}" y="{ny + 36:.1f}" text-anchor="middle" font-weight="bold">'
        f"{escape(words.north)}</text></g>"
    )
    # scale bar, bottom left
    bx, by, bar = MAP_MARGIN, size - MAP_MARGIN, bar_m * scale
    parts.append(
        f'<g class="map-scale"><rect x="{bx}" y="{by - 4}" width="{bar / 2:.1f}" height="4" '
        f'fill="#000"/><rect x="{bx + bar / 2:.1f}" y="{by - 4}" width="{bar / 2:.1f}" '
        f'height="4" fill="#fff" stroke="#000"/><text x="{bx}" y="{by - 8}" font-size="11">'
        f"0</text>"
        f'<text x="{bx + bar:.1f}" y="{by - 8}" font-size="11" text-anchor="middle">'
        f"{words.length(bar_m)}</text></g>"
    )
    # legend, under the map
    room = size - 2 * MAP_MARGIN - 28
    for i, (zone, name) in enumerate(legend if labels else []):
        stroke, dash, fill = ZONE_STYLES.get(zone.kind, ("#000000", "", "none"))
        y = size + MAP_MARGIN / 2 + LEGEND_LINE * i
        sx = size - MAP_MARGIN - 20 if words.rtl else MAP_MARGIN
        tx = MAP_MARGIN if words.rtl else MAP_MARGIN + 28
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<rect x="{sx}" y="{y:.1f}" width="20" height="10" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="2"{dashes}/>'
            + _text(
                tx,
                y + 9,
                f"{name}: {words.length(_reach_m(zone))}",
                width=room,
                rtl=words.rtl,
                size=11,
            )
        )
    parts.append("</svg>")
    drawing = "".join(parts)
    return drawing if labels else _TEXT_RE.sub("", drawing)


_TEXT_RE = re.compile(r"<text\b[^>]*>.*?</text>", re.DOTALL)


def map_captions(zones: Sequence[Zone], words: MapText | None = None) -> list[str]:
    """What the labels of ``map_svg`` say, as lines (a PDF sets them under the drawing)."""
    words = words or MapText()
    drawn = [z for z in zones if _reach_m(z) > 0]
    if not drawn:
        return []
    reach = max(_reach_m(z) for z in drawn)
    names = dict(words.zones)
    lines = [f"{names.get(z.kind, z.name)}: {words.length(_reach_m(z))}" for z in drawn]
    return [
        *lines,
        words.scale % {"d": words.length(nice_length(reach / 2))},
        words.rings % {"d": words.length(nice_length(reach / 3))},
    ]
