"""Demo records: Meridian Riverside Plant's inventory, threats, scenarios and risk register."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.db import transaction

from chemsec.core.models import Organisation, User
from chemsec.facilities.models import (
    Facility,
    InventorySnapshot,
    RiskMethod,
    Scenario,
    ThreatProfile,
)

DEMO_INVENTORY = Path(__file__).resolve().parent / "demo_inventory.csv"
PLANT = "Meridian Riverside Plant"
AUTHORITY = "National Authority of Arcadia"


def populate() -> list[str]:
    plant = Facility.objects.filter(name=PLANT).first()
    authority = Organisation.objects.filter(name=AUTHORITY).first()
    admin = User.objects.filter(username="meridian-admin").first()
    analyst = User.objects.filter(username="arcadia-admin").first()
    if plant is None or authority is None or admin is None or analyst is None:
        return []
    with transaction.atomic():
        _share(plant, authority, admin)
        _contacts(plant, admin)
        snapshot = _inventory(plant, admin)
    national, insider = _threats(plant, authority, analyst, admin)
    scenarios = _scenarios(plant, admin, national, insider)
    _register(plant, admin, scenarios)
    return [
        "",
        f"{PLANT}: inventory snapshot ({snapshot.row_count} rows, "
        f"{snapshot.error_count} with errors, {len(snapshot.chemicals)} chemicals of interest), "
        f"{len(scenarios)} scenarios and a risk "
        f"register; shared with {AUTHORITY}.",
    ]


# Fictional people; the numbers use a reserved, unassigned range.
CONTACTS = [
    ("Site security manager (duty)", "Security manager", "+000 555 0100"),
    ("Shift supervisor, control room", "Operations", "+000 555 0101"),
]


def _contacts(plant: Facility, admin: User) -> None:
    from chemsec.facilities.services import contact_create

    for name, role, phone in CONTACTS:
        if not plant.emergency_contacts.filter(name=name).exists():
            contact_create(facility=plant, actor=admin, name=name, role=role, phone=phone)


def _share(plant: Facility, authority: Organisation, admin: User) -> None:
    from chemsec.facilities.services import facility_share

    if not plant.shared_with_organisations.filter(pk=authority.pk).exists():
        facility_share(facility=plant, actor=admin, organisations=[authority])


def _inventory(plant: Facility, admin: User) -> InventorySnapshot:
    from chemsec.facilities.inventory import inventory_import

    existing = plant.snapshots.filter(filename=DEMO_INVENTORY.name).first()
    if existing is not None:
        return existing
    snapshot = InventorySnapshot.objects.create(
        facility=plant, label="Demo inventory", filename=DEMO_INVENTORY.name, created_by=admin
    )
    return inventory_import(snapshot=snapshot, path=str(DEMO_INVENTORY))


def _threats(
    plant: Facility, authority: Organisation, analyst: User, admin: User
) -> tuple[ThreatProfile, ThreatProfile]:
    from chemsec.facilities.services import threat_create, threat_share

    national = ThreatProfile.objects.filter(
        organisation=authority, name="Organised criminal outsiders"
    ).first()
    if national is None:
        national = threat_create(
            organisation=authority,
            actor=analyst,
            name="Organised criminal outsiders",
            adversary_type="outsider",
            actors="Organised criminal groups seeking saleable or misusable chemicals",
            capabilities="Small team, vehicles, hand tools, some knowledge of site routines",
            capability_level=3,
            intent_level=3,
            goals=["theft_diversion"],
            likelihood=3,
            likelihood_rationale=(
                "Thefts from industrial sites in the region in the last three years; "
                "no specific threat to this site."
            ),
        )
        threat_share(threat=national, actor=analyst, facilities=[plant])
    insider = ThreatProfile.objects.filter(facility=plant, name="Disgruntled insider").first()
    if insider is None:
        insider = threat_create(
            organisation=plant.organisation,
            actor=admin,
            facility=plant,
            name="Disgruntled insider",
            adversary_type="insider",
            actors="An employee or contractor with authorised access",
            capabilities=(
                "Knows the process and the control system; authorised access to operating areas"
            ),
            capability_level=4,
            intent_level=2,
            goals=["release_sabotage", "cyber_attack"],
            likelihood=2,
            likelihood_rationale=(
                "No incident on record; personnel surety programme in place, "
                "contractor vetting partial."
            ),
        )
    return national, insider


SCENARIOS = [
    (
        "Theft of thionyl chloride from Warehouse B",
        "national",
        "theft_diversion",
        "7719-09-7",
        "Warehouse B",
    ),
    (
        "Sabotage of the chlorine store",
        "insider",
        "release_sabotage",
        "7782-50-5",
        "Chlorine store",
    ),
    (
        "Cyber attack on the ammonia tank controls",
        "insider",
        "cyber_attack",
        "7664-41-7",
        "Tank farm",
    ),
]


def _scenarios(
    plant: Facility, admin: User, national: ThreatProfile, insider: ThreatProfile
) -> list[Scenario]:
    from chemsec.facilities.services import scenario_create

    threats = {"national": national, "insider": insider}
    names = (
        {c["key"]: c["name"] for c in plant.snapshots.first().chemicals}
        if plant.snapshots.exists()
        else {}
    )
    out = []
    for name, threat, goal, key, area in SCENARIOS:
        found = plant.scenarios.filter(name=name).first()
        out.append(
            found
            or scenario_create(
                facility=plant,
                actor=admin,
                name=name,
                threat=threats[threat],
                goal=goal,
                chemical_key=key,
                chemical_name=names.get(key, key),
                area=plant.areas.filter(name=area).first(),
            )
        )
    return out


RATINGS = [(0.3, 0.476, 0.8, 60), (0.2, 0.35, 0.8, 95), (0.15, 0.2, 0.6, 80)]


def _register(plant: Facility, admin: User, scenarios: list[Scenario]) -> None:
    from chemsec.facilities.selectors import matrix_for
    from chemsec.facilities.services import assessment_create, entry_set, measure_create

    if plant.risk_assessments.exists():
        return
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
