"""Demo records: Riverside Plant's risk register, its chlorine-store line taking P(I) from
the protection demo's diagram, and two measures (one with changes to that diagram)."""

from __future__ import annotations

from datetime import date

from chemsec.core.models import User
from chemsec.facilities.demo import PLANT, SCENARIOS
from chemsec.facilities.models import Facility, Scenario
from chemsec.protection.demo import CCTV_CHANGES, DIAGRAM_NAME, MEASURE, SCENARIO
from chemsec.protection.models import ProtectionDiagram
from chemsec.risk.models import Measure, RiskEntry, RiskMethod
from chemsec.risk.selectors import matrix_for
from chemsec.risk.services import (
    assessment_create,
    entry_set,
    entry_update,
    measure_create,
    measure_update,
)

RATINGS = [(0.3, 0.476, 0.8, 60), (0.2, 0.35, 0.8, 95), (0.15, 0.2, 0.6, 80)]


def populate() -> list[str]:
    plant = Facility.objects.filter(name=PLANT).first()
    admin = User.objects.filter(username="meridian-admin").first()
    scenarios = [s for name, *_rest in SCENARIOS for s in _scenario(plant, name)]
    if plant is None or admin is None or len(scenarios) != len(SCENARIOS):
        return ["Risk demo skipped: the Meridian demo facility or its scenarios are missing."]
    lines = []
    if not plant.risk_assessments.exists():
        _register(plant, admin, scenarios)
        lines.append(f"{PLANT}: a risk register rating {len(scenarios)} scenarios")
    diagram = ProtectionDiagram.objects.filter(facility=plant, name=DIAGRAM_NAME).first()
    if diagram is not None:
        lines += _link_register(diagram, admin)
    return lines


def _scenario(plant: Facility | None, name: str) -> list[Scenario]:
    return list(plant.scenarios.filter(name=name)[:1]) if plant is not None else []


def _register(plant: Facility, admin: User, scenarios: list[Scenario]) -> None:
    assessment = assessment_create(
        facility=plant,
        actor=admin,
        name="Security vulnerability assessment 2026",
        method=RiskMethod.QUANTITATIVE,
        matrix=matrix_for(plant.organisation),
    )
    entries = [
        entry_set(
            assessment=assessment,
            scenario=s,
            actor=admin,
            p_attack=pa,
            p_interruption=pi,
            p_neutralisation=pn,
            consequence=c,
        )
        for s, (pa, pi, pn, c) in zip(scenarios, RATINGS, strict=True)
    ]
    measure_create(
        entry=entries[0],
        actor=admin,
        title="Intrusion detection and locked cages in Warehouse B",
        practice_urns=["urn:chemsec:practice:key-and-lock-control"],
        rbps_topics=[2, 4, 6],
        owner="Site security manager",
        cost=18000,
        due_date=date(2027, 3, 31),
        status="planned",
        proposed_p_interruption=0.8,
    )
    measure_create(
        entry=entries[1],
        actor=admin,
        title="Two-person rule and CCTV at the chlorine store",
        rbps_topics=[7, 12],
        owner="Operations manager",
        cost=9000,
        due_date=date(2027, 1, 31),
        status="proposed",
        proposed_p_interruption=0.6,
    )


def _link_register(diagram: ProtectionDiagram, admin: User) -> list[str]:
    """Let the register take the chlorine store's P(I) from the diagram, and its measure's
    what-if from changes to the diagram, as an assessor would (once)."""
    entry = RiskEntry.objects.filter(
        scenario__facility=diagram.facility, scenario__name=SCENARIO
    ).first()
    if entry is None or entry.protection_diagram_id == diagram.pk:
        return []
    entry_update(entry=entry, actor=admin, protection_diagram=diagram)
    measure = Measure.objects.filter(entry=entry, title=MEASURE).first()
    if measure is not None:
        measure_update(measure=measure, actor=admin, protection_changes=CCTV_CHANGES)
    return [f"Risk register: {SCENARIO} takes P(I) from the diagram"]
