"""Demo records: a protection diagram and a chlorine consequence estimate for Riverside."""

from __future__ import annotations

from typing import Any

from chemsec.core.models import User
from chemsec.facilities.models import Facility
from chemsec.protection.models import ConsequenceEstimate, ProtectionDiagram
from chemsec.protection.services import consequence_estimate_create, diagram_create

PLANT = "Meridian Riverside Plant"
DIAGRAM_NAME = "Chlorine store: site perimeter to cylinder store"
# The risk demo links this diagram to the register line of SCENARIO and gives MEASURE these
# changes to it: cameras watching the yard and the roll-up door raise the chance of
# detecting an adversary there.
SCENARIO = "Sabotage of the chlorine store"
MEASURE = "Two-person rule and CCTV at the chlorine store"
CCTV_CHANGES = [
    {"layer": "Protected area", "element": "Move to building", "p_detection": 0.5},
    {"layer": "Building", "element": "Roll-up door", "p_detection": 0.9},
]


def _element(name: str, p_d: float, delay: float, location: str = "B") -> dict[str, Any]:
    return {"name": name, "p_detection": p_d, "location": location, "delay_mean": delay}


# Fictional values of the kind a site survey yields; sd left out, so EASI takes 0.3 x mean.
DIAGRAM: dict[str, Any] = {
    "p_communication": 0.95,
    "response": {"mean": 300, "sd": 90},
    "layers": [
        {"name": "Perimeter", "elements": [
            _element("Perimeter fence", 0.5, 15), _element("Vehicle gate", 0.2, 25)]},
        {"name": "Protected area", "elements": [_element("Move to building", 0.0, 12)]},
        {"name": "Building", "elements": [
            _element("Personnel door", 0.9, 90), _element("Roll-up door", 0.7, 120)]},
        {"name": "Inner area", "elements": [
            _element("Inner door", 0.9, 90), _element("Inner wall", 0.5, 180, "M")]},
        {"name": "Target", "elements": [_element("Task at target", 0.0, 120)]},
    ],
}  # fmt: skip


def populate() -> list[str]:
    plant = Facility.objects.filter(name=PLANT).first()
    admin = User.objects.filter(username="meridian-admin").first()
    if plant is None or admin is None:
        return ["Protection demo skipped: the Meridian demo facility is missing."]
    lines = []
    if not ProtectionDiagram.objects.filter(facility=plant, name=DIAGRAM_NAME).exists():
        diagram = diagram_create(
            facility=plant, actor=admin, name=DIAGRAM_NAME, document=DIAGRAM, p_neutralisation=0.8
        )
        lines.append(f"Protection diagram for {PLANT}: P(I) {diagram.p_interruption:.3f}")
    if not ConsequenceEstimate.objects.filter(facility=plant, cas="7782-50-5").exists():
        estimate = consequence_estimate_create(
            facility=plant,
            actor=admin,
            chemical_name="Chlorine",
            cas="7782-50-5",
            quantity_kg=907.0,
            phase="liquefied_gas",
            release_scenario="worst",
            terrain="urban",
            population_density_per_km2=3000.0,
        )
        distance = estimate.result["distance_to_endpoint"]
        lines.append(f"Chlorine worst case at {PLANT}: endpoint reached at {distance}")
    return lines
