"""Demo records: Meridian's two sites, and Riverside Plant's inventory, threats and scenarios."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from chemsec.core.models import Organisation, User
from chemsec.facilities.models import Facility, InventorySnapshot, Scenario, ThreatProfile

DEMO_INVENTORY = Path(__file__).resolve().parent / "demo_inventory.csv"
PLANT = "Meridian Riverside Plant"
AUTHORITY = "National Authority of Arcadia"
OPERATOR = "Meridian Chemicals"

# Meridian's two sites (fictional, in the user-assigned country XA).
FACILITIES = [
    ("Meridian Riverside Plant", "manufacturing", -1.2921, 36.8219, "urban", 42000),
    ("Meridian Harbour Terminal", "storage", -4.0435, 39.6682, "suburban", 8500),
]


def populate() -> list[str]:
    lines = _facilities()
    plant = Facility.objects.filter(name=PLANT).first()
    authority = Organisation.objects.filter(name=AUTHORITY).first()
    admin = User.objects.filter(username="meridian-admin").first()
    analyst = User.objects.filter(username="arcadia-admin").first()
    if plant is None or authority is None or admin is None or analyst is None:
        return lines
    with transaction.atomic():
        _share(plant, authority, admin)
        _contacts(plant, admin)
        snapshot = _inventory(plant, admin)
    national, insider = _threats(plant, authority, analyst, admin)
    scenarios = _scenarios(plant, admin, national, insider)
    return [
        *lines,
        "",
        f"{PLANT}: inventory snapshot ({snapshot.row_count} rows, "
        f"{snapshot.error_count} with errors, {len(snapshot.chemicals)} chemicals of interest) "
        f"and {len(scenarios)} scenarios; shared with {AUTHORITY}.",
    ]


def _facilities() -> list[str]:
    """Meridian's sites, registered by its admin (once)."""
    from chemsec.facilities.services import facility_create

    operator = Organisation.objects.filter(name=OPERATOR).first()
    admin = User.objects.filter(username="meridian-admin").first()
    if operator is None or admin is None:
        return []
    for name, kind, lat, lon, density, population in FACILITIES:
        if not Facility.objects.filter(organisation=operator, name=name).exists():
            facility_create(
                organisation=operator,
                name=name,
                actor=admin,
                facility_type=kind,
                country=operator.country,
                latitude=lat,
                longitude=lon,
                population_density=density,
                nearby_population=population,
                operating_hours="24/7",
            )
    return ["", f"{operator.name} operates: " + ", ".join(f[0] for f in FACILITIES)]


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
    from chemsec.facilities.inventory import inventory_import_local

    existing = plant.snapshots.filter(filename=DEMO_INVENTORY.name).first()
    if existing is not None:
        return existing
    return inventory_import_local(
        facility=plant, actor=admin, path=str(DEMO_INVENTORY), label="Demo inventory"
    )


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
    snapshot = plant.snapshots.first()
    names = {c["key"]: c["name"] for c in snapshot.chemicals} if snapshot else {}
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
