"""Consequence estimates on a map: the GeoJSON and KML exports of an estimate whose facility
has coordinates (the core world's facility has none, and its estimate's exports are 404)."""

from __future__ import annotations

from typing import Any

from tests.contract.expectations import ONLY_OWNER, obj, op, page

ACCESS = {
    # Alpha's restricted site with coordinates, and an estimate on it: its owner only.
    "oca_facility": ONLY_OWNER | {"export": {"owner"}},
    "oca_estimate": ONLY_OWNER | {"export": {"owner"}},
}

PAGES = {
    "protection:estimate_geojson": page(
        obj("estimate_id", "export"), params={"estimate_id": "oca_estimate"}
    ),
    "protection:estimate_kml": page(
        obj("estimate_id", "export"), params={"estimate_id": "oca_estimate"}
    ),
}

OPERATIONS = {
    "estimate_map": op(obj("estimate_id", "export"), params={"estimate_id": "oca_estimate"}),
}


def build(world: Any) -> None:
    from chemsec.facilities.services import facility_create
    from chemsec.protection.services import consequence_estimate_create

    owner, m = world.users["owner"], world.marker
    site = facility_create(
        organisation=world.orgs["alpha"], actor=owner, name=m("ZZSECRET-OCASITE", {"owner"}),
        facility_type="storage", country="XA", population_density="urban",
        latitude=51.4545, longitude=-2.5879,
    )  # fmt: skip
    world.objects["oca_facility"] = site
    world.objects["oca_estimate"] = consequence_estimate_create(
        facility=site, actor=owner, cas="7782-50-5", quantity_kg=907, phase="liquefied_gas",
        release_scenario="worst", terrain="urban",
        chemical_name=m("ZZSECRET-OCAESTIMATE", {"owner"}),
    )  # fmt: skip
