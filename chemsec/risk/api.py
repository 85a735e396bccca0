"""Risk API: registers (entries with their diagram link, measures with protection changes)
and the national roll-up, at the paths they had in the facilities API. The same services
and register reads as the pages, the same fetches (`policy.get_object` through the
facility); one Router, mounted at /api/v1/.

Every answer has a declared schema. Parts that only some readers get (a diagram's name,
path and element changes) are left out of the JSON, not sent as null, for the others.
"""

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Schema, Status
from ninja.errors import HttpError

from chemsec.core import limits
from chemsec.core.api_auth import MEMBERS
from chemsec.core.api_schemas import InSchema
from chemsec.core.policy import AnyUser, acting_organisation, require
from chemsec.facilities.api.common import FacilitiesRouter, get_facility
from chemsec.facilities.models import ThreatProfile
from chemsec.risk import selectors as sel
from chemsec.risk.models import Measure, RiskAssessment, RiskEntry, RiskMethod
from chemsec.risk.register import register, rollup, with_entries
from chemsec.risk.services import (
    assessment_create,
    entry_delete,
    entry_recompute,
    entry_set,
    entry_update,
    measure_create,
    measure_delete,
    measure_update,
)

# Operation ids stay those of the facilities API (`chemsec_facilities_api_<function>`), so
# generated clients do not change.
router = FacilitiesRouter(tags=["risk"])
STAGES = ("inherent", "current", "residual")


class AssessmentIn(InSchema):
    name: str
    method: RiskMethod


class EntryChangeIn(InSchema):
    """A register line's ratings and diagram link; its scenario stays.

    With ``protection_diagram_id``, P_I is the EASI P(I) of that diagram's latest version
    (a typed P_I is ignored); null unlinks it; left out, the link stays as it is.
    """

    p_attack: float | None = None
    protection_diagram_id: UUID | None = None
    p_interruption: float | None = None
    p_neutralisation: float | None = None
    consequence: float | None = None
    inherent_likelihood: int | None = None
    inherent_consequence: int | None = None
    current_likelihood: int | None = None
    current_consequence: int | None = None
    rationale: limits.Note = ""


class EntryIn(EntryChangeIn):
    scenario_id: UUID


class ProtectionChangeIn(InSchema):
    """New values for one path element of the risk's protection diagram."""

    layer: str = ""
    element: str
    p_detection: float | None = None
    delay_mean: float | None = None
    delay_sd: float | None = None


class MeasureChangeIn(InSchema):
    """A measure's fields; its risk stays. ``protection_changes`` left out (or null) keeps
    the measure's changes; setting them needs the caller to see the risk's diagram."""

    title: str
    practice_urns: list[str] = []
    rbps_topics: list[int] = []
    owner: str = ""
    cost: limits.Money = 0
    due_date: limits.PlanningDate | None = None
    status: str = "proposed"
    proposed_p_interruption: float | None = None
    proposed_likelihood: int | None = None
    proposed_consequence: int | None = None
    protection_changes: list[ProtectionChangeIn] | None = None


class MeasureIn(MeasureChangeIn):
    scenario_id: UUID


class RatingOut(Schema):
    """One stage of a risk: a number (quantitative) or a matrix cell."""

    value: float | None
    likelihood: int
    consequence: int
    level: str


class WhatIfOut(Schema):
    """Today's risk beside the risk with one measure; P_I and P_E for a quantitative one."""

    before: RatingOut
    after: RatingOut
    reduction: float
    per_cost: float | None
    source: str | None = None
    p_interruption_before: float | None = None
    p_interruption_after: float | None = None
    p_effectiveness_before: float | None = None
    p_effectiveness_after: float | None = None


class EffectPartOut(Schema):
    label: str
    before: str
    after: str


class EffectOut(Schema):
    layer: str
    element: str
    parts: list[EffectPartOut]


class ProtectionOut(Schema):
    """Where a P_I comes from (a risk's) or what a measure's changes do to it. Diagram
    names, paths and errors naming elements only for those who may see the diagram."""

    kind: str | None = None
    p_interruption: float | None = None
    error: str | None = None
    details: bool | None = None
    diagram: str | None = None
    version: int | None = None
    current_version: int | None = None
    linked: bool | None = None
    stale: bool | None = None
    outdated: bool | None = None
    path: str | None = None
    cdp: str | None = None
    proven_minimum: bool | None = None
    effects: list[EffectOut] | None = None
    path_moved: bool | None = None


class ProtectionChangeOut(Schema):
    """New values for one path element of the risk's protection diagram."""

    layer: str
    element: str
    p_detection: float | None = None
    delay_mean: float | None = None
    delay_sd: float | None = None


class MeasureOut(Schema):
    id: str
    title: str
    status: str
    cost: float
    practice_urns: list[str]
    rbps_topics: list[int]
    proposed_p_interruption: float | None
    protection_changes: list[ProtectionChangeOut]
    what_if: WhatIfOut | None
    protection: ProtectionOut | None
    error: str = Field(
        "", description="Why the what-if cannot be worked out from the stored values, if so"
    )


class EntryOut(Schema):
    id: str
    scenario_id: str
    scenario: str
    p_attack: float | None
    p_interruption: float | None
    p_neutralisation: float | None
    consequence: float | None
    protection_diagram_id: str | None
    p_interruption_source: ProtectionOut | None
    inherent: RatingOut | None
    current: RatingOut | None
    residual: RatingOut | None
    error: str = Field(
        "", description="Why the line cannot be worked out from the stored values, if so"
    )
    measures: list[MeasureOut]


class HeatCellOut(Schema):
    likelihood: int
    consequence: int
    level: str
    label: str
    count: int
    names: list[str]


class HeatRowOut(Schema):
    likelihood: int
    label: str
    cells: list[HeatCellOut]


class RegisterOut(Schema):
    """A risk register: its lines with inherent, current and residual risk, and a heat map."""

    id: str
    name: str
    method: str
    entries: list[EntryOut]
    heat_map: list[HeatRowOut]


def _what_if_out(what_if: dict[str, Any] | None) -> dict[str, Any] | None:
    """Ratings as plain dicts; P_I, P_E and their source as they are."""
    if what_if is None:
        return None
    return {
        key: value.__dict__ if key in ("before", "after") else value
        for key, value in what_if.items()
    }


def _measure_out(item: dict[str, Any]) -> dict[str, Any]:
    m = item["measure"]
    return {
        "id": str(m.pk),
        "title": m.title,
        "status": m.status,
        "cost": float(m.cost),
        "practice_urns": m.practice_urns,
        "rbps_topics": m.rbps_topics,
        "proposed_p_interruption": m.proposed_p_interruption,
        "protection_changes": m.protection_changes if _details(item["protection"]) else [],
        "what_if": _what_if_out(item["what_if"]),
        "protection": _shown(item["protection"]),
        "error": item["error"],
    }


def _details(block: dict[str, Any] | None) -> bool:
    return bool(block and block.get("details"))


def _shown(block: dict[str, Any] | None) -> dict[str, Any] | None:
    """Diagram names, paths, element changes and errors naming elements only for those who
    may see the diagram; the numbers for every reader."""
    if block is None or block.get("details"):
        return block
    keep = (
        "kind",
        "version",
        "current_version",
        "linked",
        "stale",
        "outdated",
        "details",
        "p_interruption",
    )
    return {k: v for k, v in block.items() if k in keep}


def _entry_out(row: dict[str, Any]) -> dict[str, Any]:
    entry, ratings = row["entry"], row["ratings"] or {}
    return {
        "id": str(entry.pk),
        "scenario_id": str(entry.scenario_id),
        "scenario": entry.scenario.name,
        "p_attack": entry.p_attack,
        "p_interruption": entry.p_interruption,
        "p_neutralisation": entry.p_neutralisation,
        "consequence": entry.consequence,
        "protection_diagram_id": str(entry.protection_diagram_id)
        if entry.protection_diagram_id and _details(row["p_i_source"])
        else None,
        "p_interruption_source": _shown(row["p_i_source"]),
        **{stage: ratings[stage].__dict__ if stage in ratings else None for stage in STAGES},
        "error": row["error"],
        "measures": [_measure_out(m) for m in row["measures"]],
    }


def _register_out(assessment: RiskAssessment, user: AnyUser, **shared: Any) -> dict[str, Any]:
    data = register(assessment, user, **shared)
    rows = [_entry_out(row) for row in data["rows"]]
    return {
        "id": str(assessment.pk),
        "name": assessment.name,
        "method": assessment.method,
        "entries": rows,
        "heat_map": data["heat_map"],
    }


@router.get(
    "/facilities/{facility_id}/risk-registers",
    response=list[RegisterOut],
    auth=MEMBERS,
    exclude_unset=True,
)
def register_index(request: HttpRequest, facility_id: UUID) -> list[dict[str, Any]]:
    facility = get_facility(request, facility_id)
    assessments = with_entries(sel.assessments_of(facility))
    # What every register of the facility shares, asked once, not once per register.
    shown = set(sel.diagrams_of(request.user, facility).values_list("pk", flat=True))
    shared = {"shown": shown, "default_matrix": sel.default_matrix()}
    return [_register_out(a, request.user, **shared) for a in assessments]


@router.post(
    "/facilities/{facility_id}/risk-registers",
    response={201: RegisterOut},
    auth=MEMBERS,
    exclude_unset=True,
)
def register_new(
    request: HttpRequest, facility_id: UUID, payload: AssessmentIn
) -> Status[dict[str, Any]]:
    facility = get_facility(request, facility_id, "change")
    assessment = assessment_create(
        facility=facility,
        actor=request.user,
        name=payload.name,
        method=str(payload.method.value),
        matrix=sel.matrix_for(facility.organisation),
    )
    return Status(201, _register_out(assessment, request.user))


def _assessment(request: HttpRequest, facility_id: UUID, assessment_id: UUID) -> RiskAssessment:
    facility = get_facility(request, facility_id, "change")
    return get_object_or_404(facility.risk_assessments, pk=assessment_id)


@router.post(
    "/facilities/{facility_id}/risk-registers/{assessment_id}/entries",
    response=RegisterOut,
    exclude_unset=True,
    auth=MEMBERS,
)
def register_entry(
    request: HttpRequest, facility_id: UUID, assessment_id: UUID, payload: EntryIn
) -> dict[str, Any]:
    """Rate a scenario (or rate it again); see `EntryChangeIn` for the diagram link."""
    assessment = _assessment(request, facility_id, assessment_id)
    scenario = get_object_or_404(assessment.facility.scenarios, pk=payload.scenario_id)
    entry_set(
        assessment=assessment,
        scenario=scenario,
        actor=request.user,
        **_entry_fields(request, assessment, payload),
    )
    return _register_out(assessment, request.user)


def _entry_fields(
    request: HttpRequest, assessment: RiskAssessment, payload: EntryChangeIn
) -> dict[str, Any]:
    """The payload's ratings; its diagram id, when given, as one of the facility's diagrams
    the caller may see (404 otherwise). Without the key the service keeps the link."""
    data = payload.dict(exclude={"scenario_id", "protection_diagram_id"})
    if "protection_diagram_id" not in payload.model_fields_set:
        return data
    diagram = None
    if payload.protection_diagram_id is not None:
        diagram = get_object_or_404(
            sel.diagrams_of(request.user, assessment.facility), pk=payload.protection_diagram_id
        )
    return data | {"protection_diagram": diagram}


def _measure_fields(payload: MeasureChangeIn) -> dict[str, Any]:
    """The payload's fields; protection changes only when given, without unset values."""
    data = payload.dict(exclude={"scenario_id", "protection_changes"})
    if payload.protection_changes is not None:
        data["protection_changes"] = [
            change.dict(exclude_none=True) for change in payload.protection_changes
        ]
    return data


def _entry(
    request: HttpRequest, facility_id: UUID, assessment_id: UUID, entry_id: UUID
) -> RiskEntry:
    assessment = _assessment(request, facility_id, assessment_id)
    return get_object_or_404(assessment.entries, pk=entry_id)


@router.put(
    "/facilities/{facility_id}/risk-registers/{assessment_id}/entries/{entry_id}",
    response=RegisterOut,
    exclude_unset=True,
    auth=MEMBERS,
)
def register_entry_change(
    request: HttpRequest,
    facility_id: UUID,
    assessment_id: UUID,
    entry_id: UUID,
    payload: EntryChangeIn,
) -> dict[str, Any]:
    """Replace a line's ratings and diagram link; with a diagram, P_I is recomputed from it."""
    entry = _entry(request, facility_id, assessment_id, entry_id)
    fields = _entry_fields(request, entry.assessment, payload)
    entry_update(entry=entry, actor=request.user, **fields)
    return _register_out(entry.assessment, request.user)


@router.post(
    "/facilities/{facility_id}/risk-registers/{assessment_id}/entries/{entry_id}/recompute",
    response=RegisterOut,
    exclude_unset=True,
    auth=MEMBERS,
)
def register_entry_recompute(
    request: HttpRequest, facility_id: UUID, assessment_id: UUID, entry_id: UUID
) -> dict[str, Any]:
    """Take P_I again from the linked diagram's latest version."""
    entry = _entry(request, facility_id, assessment_id, entry_id)
    entry_recompute(entry=entry, actor=request.user)
    return _register_out(entry.assessment, request.user)


@router.delete(
    "/facilities/{facility_id}/risk-registers/{assessment_id}/entries/{entry_id}",
    response={204: None},
    auth=MEMBERS,
)
def register_entry_delete(
    request: HttpRequest, facility_id: UUID, assessment_id: UUID, entry_id: UUID
) -> Status[None]:
    entry = _entry(request, facility_id, assessment_id, entry_id)
    entry_delete(entry=entry, actor=request.user)
    return Status(204, None)


@router.post(
    "/facilities/{facility_id}/risk-registers/{assessment_id}/measures",
    response={201: RegisterOut},
    exclude_unset=True,
    auth=MEMBERS,
)
def register_measure(
    request: HttpRequest, facility_id: UUID, assessment_id: UUID, payload: MeasureIn
) -> Status[dict[str, Any]]:
    assessment = _assessment(request, facility_id, assessment_id)
    entry = get_object_or_404(assessment.entries, scenario_id=payload.scenario_id)
    measure_create(entry=entry, actor=request.user, **_measure_fields(payload))
    return Status(201, _register_out(assessment, request.user))


def _measure(
    request: HttpRequest, facility_id: UUID, assessment_id: UUID, measure_id: UUID
) -> Measure:
    assessment = _assessment(request, facility_id, assessment_id)
    return get_object_or_404(Measure.objects.filter(entry__assessment=assessment), pk=measure_id)


@router.put(
    "/facilities/{facility_id}/risk-registers/{assessment_id}/measures/{measure_id}",
    response=RegisterOut,
    exclude_unset=True,
    auth=MEMBERS,
)
def register_measure_change(
    request: HttpRequest,
    facility_id: UUID,
    assessment_id: UUID,
    measure_id: UUID,
    payload: MeasureChangeIn,
) -> dict[str, Any]:
    """Replace a measure's fields and, when given, its protection changes (its risk stays)."""
    measure = _measure(request, facility_id, assessment_id, measure_id)
    measure_update(measure=measure, actor=request.user, **_measure_fields(payload))
    return _register_out(measure.entry.assessment, request.user)


@router.delete(
    "/facilities/{facility_id}/risk-registers/{assessment_id}/measures/{measure_id}",
    response={204: None},
    auth=MEMBERS,
)
def register_measure_delete(
    request: HttpRequest, facility_id: UUID, assessment_id: UUID, measure_id: UUID
) -> Status[None]:
    measure = _measure(request, facility_id, assessment_id, measure_id)
    measure_delete(measure=measure, actor=request.user)
    return Status(204, None)


class RollupFacilityOut(Schema):
    id: str
    name: str
    country: str
    tier: int | None
    chemicals: int
    crossed: int


class RollupChemicalOut(Schema):
    name: str
    cas: str
    facilities: int
    total_kg: float
    crossed: int


class TopRiskOut(Schema):
    facility: str
    scenario: str
    level: str
    value: float | None
    likelihood: int
    consequence: int


class RollupThreatOut(Schema):
    """One of the authority's national threat profiles (no facility)."""

    id: str
    name: str
    organisation: str
    facility_id: None
    adversary_type: str
    actors: str
    capabilities: str
    capability_level: int
    intent_level: int
    goals: list[str]
    likelihood: int
    likelihood_rationale: str

    @staticmethod
    def resolve_id(obj: ThreatProfile) -> str:
        return str(obj.pk)

    @staticmethod
    def resolve_organisation(obj: ThreatProfile) -> str:
        return obj.organisation.name


class CapacitySectionOut(Schema):
    section: str
    score: float | None


class CapacityOut(Schema):
    assessment: str
    sections: list[CapacitySectionOut]


class RollupOut(Schema):
    """What a member of a national authority sees of the facilities sharing with it."""

    authority: str
    facilities: list[RollupFacilityOut]
    tiers: dict[str, int]
    chemicals: list[RollupChemicalOut]
    top_risks: list[TopRiskOut]
    heat_map: list[HeatRowOut]
    threats: list[RollupThreatOut]
    capacity: CapacityOut | None


@router.get("/facilities-rollup", response=RollupOut, auth=MEMBERS)
def rollup_get(request: HttpRequest) -> dict[str, Any]:
    """The national roll-up of the authority the caller acts for (the X-ChemSec-Organisation
    header; else their first), with only what the caller may see; 404 for anyone not in one."""
    authority = sel.rollup_authority(request.user, acting_organisation(request))
    if authority is None:
        raise HttpError(404, "Not found.")
    require(request.user, "rollup.view", authority)
    data = rollup(authority, request.user)
    return {
        "authority": authority.name,
        "facilities": [
            {
                "id": str(r["facility"].pk),
                "name": r["facility"].name,
                "country": r["facility"].country,
                "tier": r["tier"],
                "chemicals": r["chemicals"],
                "crossed": r["crossed"],
            }
            for r in data["facilities"]
        ],
        "tiers": dict(data["tiers"]),
        "chemicals": data["chemicals"],
        "top_risks": data["top_risks"],
        "heat_map": data["heat_map"],
        "threats": data["threats"],
        "capacity": data["capacity"],
    }
