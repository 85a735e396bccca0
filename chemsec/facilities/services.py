"""Facility writes: sites, areas, contacts, sharing, threats and scenarios.

Inventory imports are in `chemsec.facilities.inventory`; risk registers in `chemsec.risk`.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from chemsec.core.audit import audit_record
from chemsec.core.choices import AuditAction, Confidentiality
from chemsec.core.models import Organisation, User
from chemsec.core.services import object_share
from chemsec.facilities.auditing import jsonable
from chemsec.facilities.models import Area, EmergencyContact, Facility, Scenario, ThreatProfile

FACILITY_FIELDS = (
    "name",
    "facility_type",
    "country",
    "latitude",
    "longitude",
    "operating_hours",
    "nearby_population",
    "population_density",
    "emergency_contact",
)


def record(
    obj: Any,
    actor: User | None,
    action: str,
    organisation: Organisation | None,
    changes: dict[str, Any],
) -> None:
    """One audit-trail entry for a facility write, filed under the organisation it concerns
    (None: the object's own)."""
    audit_record(actor=actor, action=action, obj=obj, organisation=organisation, changes=changes)


def _save(obj: Any, actor: User | None, action: str = AuditAction.CREATE, **changes: Any) -> Any:
    obj.full_clean()
    obj.save()
    values = {key: jsonable(value) for key, value in changes.items()}
    facility = getattr(obj, "facility", None)
    record(obj, actor, action, facility.organisation if facility is not None else None, values)
    return obj


@transaction.atomic
def facility_create(
    *, organisation: Organisation, name: str, actor: User | None = None, **fields: Any
) -> Facility:
    """Register a site; it starts restricted, because its vulnerabilities are need-to-know."""
    fields.setdefault("confidentiality", Confidentiality.RESTRICTED)
    facility = Facility(organisation=organisation, name=name, created_by=actor, **fields)
    return _save(facility, actor, name=name)


@transaction.atomic
def facility_update(*, facility: Facility, actor: User, **fields: Any) -> Facility:
    changed = {}
    for key, value in fields.items():
        if key in FACILITY_FIELDS and getattr(facility, key) != value:
            changed[key] = value
            setattr(facility, key, value)
    if not changed:
        return facility
    return _save(facility, actor, AuditAction.UPDATE, **changed)


@transaction.atomic
def facility_share(
    *,
    facility: Facility,
    actor: User,
    organisations: list[Organisation] | None = None,
    users: list[User] | None = None,
) -> Facility:
    """Share a site with a national authority or named people; read-only, audit-logged."""
    object_share(obj=facility, actor=actor, organisations=organisations, users=users)
    return facility


@transaction.atomic
def area_create(*, facility: Facility, name: str, actor: User, description: str = "") -> Area:
    return _save(Area(facility=facility, name=name, description=description), actor, name=name)


@transaction.atomic
def area_get_or_create(*, facility: Facility, name: str, actor: User | None) -> Area:
    existing = facility.areas.filter(name__iexact=name).first()
    if existing is not None:
        return existing
    return _save(Area(facility=facility, name=name), actor, name=name)


@transaction.atomic
def contact_create(
    *, facility: Facility, actor: User, name: str, **fields: Any
) -> EmergencyContact:
    contact = EmergencyContact(facility=facility, name=name, **fields)
    return _save(contact, actor, name=name)


@transaction.atomic
def threat_create(
    *, organisation: Organisation, actor: User, facility: Facility | None = None, **fields: Any
) -> ThreatProfile:
    """A design-basis threat profile; restricted, as threat assessments are need-to-know."""
    fields.setdefault("confidentiality", Confidentiality.RESTRICTED)
    threat = ThreatProfile(organisation=organisation, created_by=actor, facility=facility, **fields)
    return _save(threat, actor, name=threat.name, likelihood=threat.likelihood)


@transaction.atomic
def threat_share(
    *, threat: ThreatProfile, actor: User, facilities: list[Facility]
) -> ThreatProfile:
    """Share an authority's threat profile with facilities: with their operators, read-only."""
    operators = list({f.organisation_id: f.organisation for f in facilities}.values())
    object_share(obj=threat, actor=actor, organisations=operators)
    return threat


@transaction.atomic
def scenario_create(
    *, facility: Facility, actor: User, name: str, threat: ThreatProfile, goal: str, **fields: Any
) -> Scenario:
    scenario = Scenario(
        facility=facility, name=name, threat=threat, goal=goal, created_by=actor, **fields
    )
    return _save(scenario, actor, name=name, goal=goal, threat=threat.name)
