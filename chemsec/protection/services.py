"""Protection writes: diagrams (versioned), consequence estimates, the site plan and its
exports.

Every service asks the policy first ("diagram.*", "estimate.*", "facility.export",
"plan_export.download") and writes through `chemsec.core.writes`: each record written is
one audit entry, {field: [old, new]}; each view of the restricted plan and each export or
download of it one entry too. A GET never stores anything: the plan's PDF is stored only
when someone asks for it to be kept (`site_plan_export_create`, a POST).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from chemsec.core.choices import Confidentiality
from chemsec.core.models import User
from chemsec.core.policy import Actor, require
from chemsec.core.writes import write_create, write_delete, write_export, write_update, write_view
from chemsec.facilities.models import Facility
from chemsec.protection import consequences
from chemsec.protection.dependents import DIAGRAM_DEPENDENTS
from chemsec.protection.evaluation import check_p_neutralisation, evaluate, export_document
from chemsec.protection.models import (
    ConsequenceEstimate,
    ProtectionDiagram,
    ProtectionDiagramVersion,
    SitePlanExport,
)
from chemsec.protection.selectors import scenario_is_known
from chemsec.science.inputs import InputError
from chemsec.screening.engine.cas import normalise_cas

if TYPE_CHECKING:
    from chemsec.protection.plan import Plan


def _check_scenario(facility: Facility, scenario_id: uuid.UUID | None) -> None:
    if not scenario_is_known(facility, scenario_id):
        raise InputError("scenario_id", "is not one of this facility's scenarios")


def _keep_version(diagram: ProtectionDiagram, actor: Actor) -> None:
    version = ProtectionDiagramVersion(
        diagram=diagram,
        number=diagram.version,
        name=diagram.name,
        document=diagram.document,
        p_neutralisation=diagram.p_neutralisation,
        p_interruption=diagram.p_interruption,
        created_by=actor if isinstance(actor, User) else None,
    )
    write_create(version, actor=actor)


@transaction.atomic
def diagram_create(
    *,
    facility: Facility,
    actor: Actor,
    name: str,
    document: dict[str, Any],
    p_neutralisation: float = 1.0,
    scenario_id: uuid.UUID | None = None,
) -> ProtectionDiagram:
    """Store a new diagram; restricted, because it maps the facility's weak points.

    Raises InputError (naming the field) before anything is written.
    """
    require(actor, "diagram.create", facility)
    p_n = check_p_neutralisation(p_neutralisation)
    found = evaluate(document, p_n)
    _check_scenario(facility, scenario_id)
    diagram = ProtectionDiagram(
        organisation=facility.organisation,
        confidentiality=Confidentiality.RESTRICTED,
        facility=facility,
        name=name,
        document=document,
        p_neutralisation=p_n,
        scenario_id=scenario_id,
        p_interruption=found.result.p_interruption,
    )
    write_create(diagram, actor=actor)
    _keep_version(diagram, actor)
    return diagram


@transaction.atomic
def diagram_update(
    *,
    diagram: ProtectionDiagram,
    actor: Actor,
    name: str,
    document: dict[str, Any],
    p_neutralisation: float,
    scenario_id: uuid.UUID | None = None,
) -> ProtectionDiagram:
    """Save a new version of the diagram; earlier versions are kept."""
    require(actor, "diagram.change", diagram)
    p_n = check_p_neutralisation(p_neutralisation)
    found = evaluate(document, p_n)
    _check_scenario(diagram.facility, scenario_id)
    # The row is locked until the transaction ends: two saves make two numbered versions.
    current = (
        ProtectionDiagram.objects.select_for_update()
        .filter(pk=diagram.pk)
        .values_list("version", flat=True)
        .get()
    )
    values = {
        "name": name,
        "document": document,
        "p_neutralisation": p_n,
        "scenario_id": scenario_id,
        "p_interruption": found.result.p_interruption,
        "version": current + 1,
    }
    write_update(diagram, actor=actor, values=values)
    _keep_version(diagram, actor)
    return diagram


@transaction.atomic
def diagram_delete(*, diagram: ProtectionDiagram, actor: Actor) -> None:
    """Delete a diagram; its versions go with it (its delete entry records it), and each
    record linked to it is unlinked first, audited."""
    require(actor, "diagram.delete", diagram)
    for unlink in DIAGRAM_DEPENDENTS:
        unlink(diagram, actor)
    write_delete(diagram, actor=actor)


@transaction.atomic
def diagram_export(*, diagram: ProtectionDiagram, actor: Actor) -> dict[str, Any]:
    """The diagram as `chemsec easi` reads it; each export audited."""
    require(actor, "diagram.export", diagram)
    write_export(diagram, actor=actor, fmt="json")
    return export_document(diagram.document, diagram.p_neutralisation)


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
    actor: Actor,
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
    endpoint_purpose: str = "rmp",
) -> ConsequenceEstimate:
    """Run an RMP scenario and keep its inputs and result; restricted by default."""
    require(actor, "estimate.create", facility)
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
        "endpoint_purpose": endpoint_purpose or "rmp",
    }
    _density_from_profile(facility, inputs)
    _check_scenario(facility, scenario_id)
    result = consequences.estimate(inputs)
    estimate = ConsequenceEstimate(
        organisation=facility.organisation,
        confidentiality=Confidentiality.RESTRICTED,
        facility=facility,
        scenario_id=scenario_id,
        chemical_name=chemical_name or result["substance"]["name"],
        inputs=inputs,
        result=result,
        **{k: inputs[k] for k in ESTIMATE_FIELDS},
    )
    return write_create(estimate, actor=actor)


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
def consequence_estimate_delete(*, estimate: ConsequenceEstimate, actor: Actor) -> None:
    require(actor, "estimate.delete", estimate)
    write_delete(estimate, actor=actor)


MAP_FORMATS = ("geojson", "kml")


@transaction.atomic
def consequence_estimate_map_export(
    *, estimate: ConsequenceEstimate, actor: Actor, fmt: str
) -> str | None:
    """The estimate's site and threat zones as GeoJSON or KML (for QGIS, Google Earth);
    None when the facility has no coordinates. Each export audited."""
    from chemsec.protection.presenters import estimate_geojson
    from chemsec.science import oca_map

    require(actor, "estimate.export", estimate)
    if fmt not in MAP_FORMATS:
        raise InputError("format", f"must be geojson or kml, not {fmt!r}", "unknown_choice")
    collection = estimate_geojson(estimate)
    if collection is None:
        return None
    write_export(estimate, actor=actor, fmt=fmt)
    if fmt == "geojson":
        return oca_map.dumps(collection)
    return oca_map.kml(collection, f"{estimate.facility.name}: {estimate.chemical_name}")


@transaction.atomic
def site_plan_read(*, facility: Facility, actor: User) -> Plan:
    """The plan as the reader may see it; a view of a restricted site is audited."""
    from chemsec.protection.plan import build_plan

    require(actor, "facility.view", facility)
    plan = build_plan(facility=facility, user=actor)
    write_view(facility, actor=actor)
    return plan


@transaction.atomic
def site_plan_render(*, facility: Facility, actor: User) -> bytes:
    """The plan's PDF as the reader may see it, made now and not kept (a GET stores
    nothing); the export is audited once, on the site."""
    from chemsec.protection.pdf import plan_pdf
    from chemsec.protection.plan import build_plan

    require(actor, "facility.export", facility)
    pdf = plan_pdf(build_plan(facility=facility, user=actor))
    write_export(facility, actor=actor, fmt="pdf")
    return pdf


@transaction.atomic
def site_plan_export_create(*, facility: Facility, actor: User) -> SitePlanExport:
    """Generate the plan's PDF as the actor may see it, keep it as issued, and audit the
    export once (its creation, then "export")."""
    from chemsec.protection.pdf import plan_pdf
    from chemsec.protection.plan import build_plan

    require(actor, "facility.export", facility)
    plan = build_plan(facility=facility, user=actor)
    export = SitePlanExport(
        organisation=facility.organisation,
        confidentiality=Confidentiality.RESTRICTED,
        facility=facility,
        marking=plan.marking,
        pdf=plan_pdf(plan),
        sections=[{"title": s.title} for s in plan.sections],
    )
    write_create(export, actor=actor)
    write_export(export, actor=actor, fmt="pdf")
    return export


@transaction.atomic
def site_plan_download(*, export: SitePlanExport, actor: Actor) -> bytes:
    """A stored plan, for a reader who sees it (or made it) and may still export its site
    now: a share revoked since takes the download with it. Each download audited."""
    require(actor, "plan_export.download", export)
    write_export(export, actor=actor, fmt="pdf")
    return bytes(export.pdf)
