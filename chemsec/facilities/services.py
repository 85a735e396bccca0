"""Facility writes: sites, areas, contacts, sharing, threats, scenarios and risk registers.

Inventory imports are in `chemsec.facilities.inventory`.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from chemsec.core.audit import audit_record
from chemsec.core.choices import AuditAction, Confidentiality
from chemsec.core.models import Organisation, User
from chemsec.core.services import object_share
from chemsec.facilities.models import (
    Area,
    EmergencyContact,
    Facility,
    Measure,
    OrganisationMatrix,
    RiskAssessment,
    RiskEntry,
    RiskMethod,
    Scenario,
    ThreatProfile,
)

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


def _save(obj: Any, actor: User | None, action: str = AuditAction.CREATE, **changes: Any) -> Any:
    obj.full_clean()
    obj.save()
    audit_record(actor=actor, action=action, obj=obj, changes=_jsonable(changes), **_org(obj))
    return obj


def _org(obj: Any) -> dict[str, Any]:
    facility = getattr(obj, "facility", None)
    return {"organisation": facility.organisation} if facility is not None else {}


def _jsonable(changes: dict[str, Any]) -> dict[str, Any]:
    return {
        k: v if isinstance(v, (int, float, str, bool, list, type(None))) else str(v)
        for k, v in changes.items()
    }


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


@transaction.atomic
def assessment_create(
    *, facility: Facility, actor: User, name: str, method: str, matrix: dict[str, Any]
) -> RiskAssessment:
    assessment = RiskAssessment(
        facility=facility,
        name=name,
        method=method,
        matrix=matrix if method == RiskMethod.QUALITATIVE else {},
        created_by=actor,
    )
    return _save(assessment, actor, name=name, method=method)


@transaction.atomic
def entry_set(
    *, assessment: RiskAssessment, scenario: Scenario, actor: User, **fields: Any
) -> RiskEntry:
    """Rate one scenario in a register (created the first time, updated after)."""
    if scenario.facility_id != assessment.facility_id:
        raise ValueError("The scenario belongs to another facility.")
    entry = RiskEntry.objects.filter(assessment=assessment, scenario=scenario).first()
    action = AuditAction.UPDATE if entry else AuditAction.CREATE
    entry = entry or RiskEntry(assessment=assessment, scenario=scenario)
    for key, value in fields.items():
        setattr(entry, key, value)
    _check_method(entry)
    entry.full_clean()
    entry.save()
    audit_record(
        actor=actor,
        action=action,
        obj=entry,
        organisation=assessment.facility.organisation,
        changes=_jsonable(fields),
    )
    return entry


def _check_method(entry: RiskEntry) -> None:
    from django.core.exceptions import ValidationError

    if entry.assessment.method == RiskMethod.QUANTITATIVE:
        needed = ("p_attack", "p_interruption", "p_neutralisation", "consequence")
    else:
        needed = (
            "inherent_likelihood",
            "inherent_consequence",
            "current_likelihood",
            "current_consequence",
        )
    missing = [name for name in needed if getattr(entry, name) is None]
    if missing:
        raise ValidationError(
            {name: "This rating is needed by the assessment's method." for name in missing}
        )


@transaction.atomic
def measure_create(*, entry: RiskEntry, actor: User, title: str, **fields: Any) -> Measure:
    measure = Measure(entry=entry, title=title, **fields)
    measure.full_clean()
    measure.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=measure,
        organisation=entry.assessment.facility.organisation,
        changes=_jsonable({"title": title, **fields}),
    )
    return measure


@transaction.atomic
def matrix_save(
    *, organisation: Organisation, actor: User, data: dict[str, Any], based_on: str
) -> OrganisationMatrix:
    """Keep an organisation's own copy of the risk matrix (validated before saving)."""
    from chemsec.facilities.matrices import to_lookup
    from chemsec.facilities.risk import validate_matrix

    try:
        validate_matrix(to_lookup(data))
    except (KeyError, TypeError, ValueError) as exc:
        from django.core.exceptions import ValidationError

        raise ValidationError({"data": f"The matrix is not valid: {exc}"}) from exc
    matrix, created = OrganisationMatrix.objects.update_or_create(
        organisation=organisation, defaults={"data": data, "based_on": based_on}
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=matrix,
        organisation=organisation,
        changes={"based_on": based_on},
    )
    return matrix
