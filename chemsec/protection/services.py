"""Protection writes: diagrams (versioned), consequence estimates, site plan exports."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from chemsec.core.audit import audit_record
from chemsec.core.choices import AuditAction, Confidentiality
from chemsec.core.models import User
from chemsec.facilities.models import Facility
from chemsec.protection import consequences
from chemsec.protection.evaluation import check_p_neutralisation, evaluate
from chemsec.protection.models import (
    ConsequenceEstimate,
    ProtectionDiagram,
    ProtectionDiagramVersion,
    SitePlanExport,
)
from chemsec.protection.selectors import scenario_is_known
from chemsec.science.inputs import InputError
from chemsec.screening.engine.cas import normalise_cas


def _check_scenario(facility: Facility, scenario_id: uuid.UUID | None) -> None:
    if not scenario_is_known(facility, scenario_id):
        raise InputError("scenario_id", "is not one of this facility's scenarios")


def _keep_version(diagram: ProtectionDiagram, actor: User | None) -> None:
    version = ProtectionDiagramVersion(
        diagram=diagram,
        number=diagram.version,
        name=diagram.name,
        document=diagram.document,
        p_neutralisation=diagram.p_neutralisation,
        p_interruption=diagram.p_interruption,
        created_by=actor,
    )
    version.full_clean()
    version.save()


@transaction.atomic
def diagram_create(
    *,
    facility: Facility,
    actor: User,
    name: str,
    document: dict[str, Any],
    p_neutralisation: float = 1.0,
    scenario_id: uuid.UUID | None = None,
) -> ProtectionDiagram:
    """Store a new diagram; restricted, because it maps the facility's weak points.

    Raises InputError (naming the field) before anything is written.
    """
    p_n = check_p_neutralisation(p_neutralisation)
    found = evaluate(document, p_n)
    _check_scenario(facility, scenario_id)
    diagram = ProtectionDiagram(
        organisation=facility.organisation,
        created_by=actor,
        confidentiality=Confidentiality.RESTRICTED,
        facility=facility,
        name=name,
        document=document,
        p_neutralisation=p_n,
        scenario_id=scenario_id,
        p_interruption=found.result.p_interruption,
    )
    diagram.full_clean()
    diagram.save()
    _keep_version(diagram, actor)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=diagram, changes={"name": name})
    return diagram


@transaction.atomic
def diagram_update(
    *,
    diagram: ProtectionDiagram,
    actor: User,
    name: str,
    document: dict[str, Any],
    p_neutralisation: float,
    scenario_id: uuid.UUID | None = None,
) -> ProtectionDiagram:
    """Save a new version of the diagram; earlier versions are kept."""
    p_n = check_p_neutralisation(p_neutralisation)
    found = evaluate(document, p_n)
    _check_scenario(diagram.facility, scenario_id)
    before = diagram.p_interruption
    diagram.name = name
    diagram.document = document
    diagram.p_neutralisation = p_n
    diagram.scenario_id = scenario_id
    diagram.p_interruption = found.result.p_interruption
    diagram.version = F("version") + 1  # type: ignore[assignment]
    diagram.full_clean(exclude=["version"])
    diagram.save()
    diagram.refresh_from_db()
    _keep_version(diagram, actor)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=diagram,
        changes={
            "version": diagram.version,
            "p_interruption": [before, diagram.p_interruption],
        },
    )
    return diagram


@transaction.atomic
def diagram_delete(*, diagram: ProtectionDiagram, actor: User) -> None:
    audit_record(actor=actor, action=AuditAction.DELETE, obj=diagram, changes={})
    diagram.delete()


ESTIMATE_FIELDS = (
    "cas", "quantity_kg", "phase", "diked_area_m2", "release_scenario", "terrain",
    "population_density_per_km2",
)  # fmt: skip


def _density_from_profile(facility: Facility, inputs: dict[str, Any]) -> None:
    """Use the facility profile's density when none was entered, and say so."""
    profile = consequences.facility_density(facility)
    if inputs["population_density_per_km2"] is None and profile is not None:
        inputs["population_density_per_km2"] = profile
        inputs["population_density_source"] = "facility profile"


@transaction.atomic
def consequence_estimate_create(
    *,
    facility: Facility,
    actor: User,
    cas: str,
    quantity_kg: float,
    phase: str,
    release_scenario: str,
    terrain: str,
    chemical_name: str = "",
    diked_area_m2: float | None = None,
    population_density_per_km2: float | None = None,
    endpoint_value: float | None = None,
    endpoint_unit: str = "mg/m3",
    scenario_id: uuid.UUID | None = None,
) -> ConsequenceEstimate:
    """Run an RMP scenario and keep its inputs and result; restricted by default."""
    inputs = {
        "cas": _checked_cas(cas),
        "chemical_name": chemical_name,
        "quantity_kg": quantity_kg,
        "phase": phase,
        "diked_area_m2": diked_area_m2,
        "release_scenario": release_scenario,
        "terrain": terrain,
        "population_density_per_km2": population_density_per_km2,
        "endpoint_value": endpoint_value,
        "endpoint_unit": endpoint_unit,
    }
    _density_from_profile(facility, inputs)
    _check_scenario(facility, scenario_id)
    result = consequences.estimate(inputs)
    estimate = ConsequenceEstimate(
        organisation=facility.organisation,
        created_by=actor,
        confidentiality=Confidentiality.RESTRICTED,
        facility=facility,
        scenario_id=scenario_id,
        chemical_name=chemical_name or result["substance"]["name"],
        inputs=inputs,
        result=result,
        **{k: inputs[k] for k in ESTIMATE_FIELDS},
    )
    estimate.full_clean()
    estimate.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=estimate,
        changes={"cas": estimate.cas, "scenario": release_scenario},
    )
    return estimate


def _checked_cas(cas: str) -> str:
    """The canonical CAS number; a wrong check digit (a typing error) is refused for every
    caller (page, API) with the screening engine's rule, before any lookup."""
    canonical = normalise_cas(cas)
    if canonical is None:
        message = _(
            "%(cas)s is not a valid CAS number: its check digit (the last digit) does not "
            "match the digits before it. Check the number for a typing error."
        )
        raise InputError("cas", message % {"cas": cas.strip()})
    return canonical


@transaction.atomic
def consequence_estimate_delete(*, estimate: ConsequenceEstimate, actor: User) -> None:
    audit_record(actor=actor, action=AuditAction.DELETE, obj=estimate, changes={})
    estimate.delete()


@transaction.atomic
def site_plan_export_create(*, facility: Facility, actor: User) -> SitePlanExport:
    """Generate the plan's PDF as the actor may see it, keep it, and audit the export."""
    from chemsec.protection.pdf import plan_pdf
    from chemsec.protection.plan import build_plan

    plan = build_plan(facility=facility, user=actor)
    export = SitePlanExport(
        organisation=facility.organisation,
        created_by=actor,
        confidentiality=Confidentiality.RESTRICTED,
        facility=facility,
        marking=plan.marking,
        pdf=plan_pdf(plan),
        sections=[{"title": s.title} for s in plan.sections],
    )
    export.full_clean()
    export.save()
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=export,
        organisation=facility.organisation,
        changes={"facility": str(facility.pk), "format": "pdf", "event": "generated"},
    )
    return export


def access_record(*, obj: Any, actor: User, action: str, fmt: str) -> None:
    """Every view of the plan and every download of an export leaves an audit entry."""
    audit_record(actor=actor, action=action, obj=obj, changes={"format": fmt})
