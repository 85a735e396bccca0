"""Facility writes: sites, areas, contacts, sharing, threats, scenarios and risk registers.

Inventory imports are in `chemsec.facilities.inventory`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

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
from chemsec.protection.models import ProtectionDiagram, ProtectionDiagramVersion
from chemsec.protection.selectors import diagrams_visible_to

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
    """Rate one scenario in a register (created the first time, updated after).

    With ``protection_diagram`` (one of the facility's diagrams the actor may see), P_I is
    the EASI P(I) of the diagram's latest version and any typed P_I is ignored.
    """
    if scenario.facility_id != assessment.facility_id:
        raise ValueError("The scenario belongs to another facility.")
    entry = RiskEntry.objects.filter(assessment=assessment, scenario=scenario).first()
    action = AuditAction.UPDATE if entry else AuditAction.CREATE
    entry = entry or RiskEntry(assessment=assessment, scenario=scenario)
    return _entry_save(entry, actor, action, fields)


@transaction.atomic
def entry_update(*, entry: RiskEntry, actor: User, **fields: Any) -> RiskEntry:
    """Change a register line's ratings or diagram link (its scenario stays)."""
    fields.pop("scenario", None)
    return _entry_save(entry, actor, AuditAction.UPDATE, fields)


@transaction.atomic
def entry_recompute(*, entry: RiskEntry, actor: User) -> RiskEntry:
    """Take P_I again from the linked diagram's latest version."""
    if entry.protection_diagram is None:
        raise ValidationError({"protection_diagram": _("No protection diagram is linked.")})
    return _entry_save(
        entry, actor, AuditAction.UPDATE, {"protection_diagram": entry.protection_diagram}
    )


@transaction.atomic
def entry_delete(*, entry: RiskEntry, actor: User) -> None:
    """Remove a line from a register, with its measures."""
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=entry,
        organisation=entry.assessment.facility.organisation,
        changes={"scenario": entry.scenario.name, "measures": entry.measures.count()},
    )
    entry.delete()


def _entry_save(entry: RiskEntry, actor: User, action: str, fields: dict[str, Any]) -> RiskEntry:
    # Saving with a diagram takes its latest version; without the key, the link stays as is.
    relink = "protection_diagram" in fields
    diagram = fields.pop("protection_diagram", None)
    for key, value in fields.items():
        setattr(entry, key, value)
    if relink:
        _link_diagram(entry, diagram, actor)
    _check_method(entry)
    entry.full_clean()
    entry.save()
    changes = _jsonable(fields)
    if diagram is not None:
        changes |= {
            "protection_diagram": str(diagram.pk),
            "diagram_version": entry.p_interruption_basis["version"],
            "p_interruption": entry.p_interruption,
        }
    audit_record(
        actor=actor,
        action=action,
        obj=entry,
        organisation=entry.assessment.facility.organisation,
        changes=changes,
    )
    return entry


def _link_diagram(entry: RiskEntry, diagram: ProtectionDiagram | None, actor: User) -> None:
    """P_I from the diagram's latest version (EASI, most vulnerable path), or unlink."""
    entry.protection_diagram = diagram
    if diagram is None:
        entry.diagram_version = None
        entry.p_interruption_basis = {}
        return
    if diagram.facility_id != entry.assessment.facility_id:
        raise ValidationError(
            {"protection_diagram": _("The protection diagram belongs to another facility.")}
        )
    if not diagrams_visible_to(actor).filter(pk=diagram.pk).exists():
        raise ValidationError({"protection_diagram": _("No such protection diagram.")})
    version = diagram.versions.order_by("-number").first()
    if version is None:
        raise ValidationError({"protection_diagram": _("The diagram has no saved version.")})
    entry.diagram_version = version
    entry.p_interruption_basis = diagram_basis(version)
    entry.p_interruption = entry.p_interruption_basis["p_interruption"]


def diagram_basis(version: ProtectionDiagramVersion) -> dict[str, Any]:
    """The EASI evaluation of one diagram version, as a register keeps it."""
    from chemsec.facilities.diagram_changes import path_summary
    from chemsec.protection.evaluation import evaluate

    found = evaluate(version.document, version.p_neutralisation)
    return path_summary(found.result) | {
        "diagram_id": str(version.diagram_id),
        "diagram": version.name,
        "version": version.number,
    }


def _check_method(entry: RiskEntry) -> None:
    if entry.assessment.method == RiskMethod.QUANTITATIVE:
        needed = ("p_attack", "p_interruption", "p_neutralisation", "consequence")
    else:
        needed = (
            "inherent_likelihood",
            "inherent_consequence",
            "current_likelihood",
            "current_consequence",
        )
        if entry.protection_diagram is not None:
            raise ValidationError(
                {"protection_diagram": _("Only a quantitative risk takes P_I from a diagram.")}
            )
    missing = [name for name in needed if getattr(entry, name) is None]
    if missing:
        raise ValidationError(
            {name: "This rating is needed by the assessment's method." for name in missing}
        )


@transaction.atomic
def measure_create(*, entry: RiskEntry, actor: User, title: str, **fields: Any) -> Measure:
    measure = Measure(entry=entry, title=title, **fields)
    return _measure_save(measure, actor, AuditAction.CREATE, {"title": title, **fields})


@transaction.atomic
def measure_update(*, measure: Measure, actor: User, **fields: Any) -> Measure:
    for key, value in fields.items():
        setattr(measure, key, value)
    return _measure_save(measure, actor, AuditAction.UPDATE, fields)


@transaction.atomic
def measure_delete(*, measure: Measure, actor: User) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=measure,
        organisation=measure.entry.assessment.facility.organisation,
        changes={"title": measure.title, "scenario": measure.entry.scenario.name},
    )
    measure.delete()


def _measure_save(measure: Measure, actor: User, action: str, changes: dict[str, Any]) -> Measure:
    measure.full_clean()
    _check_protection_changes(measure)
    measure.save()
    audit_record(
        actor=actor,
        action=action,
        obj=measure,
        organisation=measure.entry.assessment.facility.organisation,
        changes=_jsonable(changes),
    )
    return measure


def _check_protection_changes(measure: Measure) -> None:
    """Changes need a quantitative risk linked to a diagram, and must name its elements."""
    from chemsec.facilities.diagram_changes import apply_changes, parse_changes
    from chemsec.facilities.inputs import InputError

    changes = parse_changes(measure.protection_changes)
    if not changes:
        return
    entry = measure.entry
    if entry.assessment.method != RiskMethod.QUANTITATIVE or entry.diagram_version is None:
        raise ValidationError(
            {
                "protection_changes": _(
                    "Link the risk to a protection diagram before proposing changes to it."
                )
            }
        )
    try:
        apply_changes(entry.diagram_version.document, changes)
    except InputError as exc:
        raise ValidationError({"protection_changes": str(exc)}) from exc
    measure.protection_changes = [c.as_json() for c in changes]


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
