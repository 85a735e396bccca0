"""Risk API: registers (entries with their diagram link, measures with protection changes)
and the national roll-up, at the paths they had in the facilities API. The same services
and register reads as the pages; one Router, mounted at /api/v1/."""

import datetime as dt
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Status
from ninja.errors import HttpError

from chemsec.core.api_auth import MEMBERS
from chemsec.core.api_schemas import InSchema
from chemsec.core.audit import audit_record
from chemsec.core.choices import AuditAction
from chemsec.facilities.api.common import FacilitiesRouter, get_facility, threat_out
from chemsec.risk import selectors as sel
from chemsec.risk.models import Measure, RiskMethod
from chemsec.risk.register import register, rollup
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
    rationale: str = ""


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
    cost: float = 0
    due_date: dt.date | None = None
    status: str = "proposed"
    proposed_p_interruption: float | None = None
    proposed_likelihood: int | None = None
    proposed_consequence: int | None = None
    protection_changes: list[ProtectionChangeIn] | None = None


class MeasureIn(MeasureChangeIn):
    scenario_id: UUID


def _what_if_out(what_if: dict[str, Any]) -> dict[str, Any]:
    """Ratings as plain dicts; P_I, P_E and their source as they are."""
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
    entry = row["entry"]
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
        **{stage: rating.__dict__ for stage, rating in row["ratings"].items()},
        "measures": [_measure_out(m) for m in row["measures"]],
    }


def _register_out(assessment: Any, user: Any = None) -> dict[str, Any]:
    data = register(assessment, user)
    rows = [_entry_out(row) for row in data["rows"]]
    return {
        "id": str(assessment.pk),
        "name": assessment.name,
        "method": assessment.method,
        "entries": rows,
        "heat_map": data["heat_map"],
    }


@router.get("/facilities/{facility_id}/risk-registers", response=list[dict[str, Any]], auth=MEMBERS)
def register_index(request: HttpRequest, facility_id: UUID) -> Any:
    facility = get_facility(request, facility_id)
    return [_register_out(a, request.user) for a in sel.assessments_of(facility)]


@router.post(
    "/facilities/{facility_id}/risk-registers", response={201: dict[str, Any]}, auth=MEMBERS
)
def register_new(request: HttpRequest, facility_id: UUID, payload: AssessmentIn) -> Any:
    facility = get_facility(request, facility_id, "change")
    assessment = assessment_create(
        facility=facility,
        actor=request.user,  # type: ignore[arg-type]
        name=payload.name,
        method=str(payload.method.value),
        matrix=sel.matrix_for(facility.organisation),
    )
    return Status(201, _register_out(assessment, request.user))


def _assessment(request: HttpRequest, facility_id: UUID, assessment_id: UUID) -> Any:
    facility = get_facility(request, facility_id, "change")
    return get_object_or_404(facility.risk_assessments, pk=assessment_id)


@router.post(
    "/facilities/{facility_id}/risk-registers/{assessment_id}/entries",
    response=dict[str, Any],
    auth=MEMBERS,
)
def register_entry(
    request: HttpRequest, facility_id: UUID, assessment_id: UUID, payload: EntryIn
) -> Any:
    """Rate a scenario (or rate it again); see `EntryChangeIn` for the diagram link."""
    assessment = _assessment(request, facility_id, assessment_id)
    scenario = get_object_or_404(assessment.facility.scenarios, pk=payload.scenario_id)
    entry_set(
        assessment=assessment,
        scenario=scenario,
        actor=request.user,  # type: ignore[arg-type]
        **_entry_fields(request, assessment, payload),
    )
    return _register_out(assessment, request.user)


def _entry_fields(request: HttpRequest, assessment: Any, payload: EntryChangeIn) -> dict[str, Any]:
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


def _entry(request: HttpRequest, facility_id: UUID, assessment_id: UUID, entry_id: UUID) -> Any:
    assessment = _assessment(request, facility_id, assessment_id)
    return get_object_or_404(assessment.entries, pk=entry_id)


@router.put(
    "/facilities/{facility_id}/risk-registers/{assessment_id}/entries/{entry_id}",
    response=dict[str, Any],
    auth=MEMBERS,
)
def register_entry_change(
    request: HttpRequest,
    facility_id: UUID,
    assessment_id: UUID,
    entry_id: UUID,
    payload: EntryChangeIn,
) -> Any:
    """Replace a line's ratings and diagram link; with a diagram, P_I is recomputed from it."""
    entry = _entry(request, facility_id, assessment_id, entry_id)
    fields = _entry_fields(request, entry.assessment, payload)
    entry_update(entry=entry, actor=request.user, **fields)  # type: ignore[arg-type]
    return _register_out(entry.assessment, request.user)


@router.post(
    "/facilities/{facility_id}/risk-registers/{assessment_id}/entries/{entry_id}/recompute",
    response=dict[str, Any],
    auth=MEMBERS,
)
def register_entry_recompute(
    request: HttpRequest, facility_id: UUID, assessment_id: UUID, entry_id: UUID
) -> Any:
    """Take P_I again from the linked diagram's latest version."""
    entry = _entry(request, facility_id, assessment_id, entry_id)
    entry_recompute(entry=entry, actor=request.user)  # type: ignore[arg-type]
    return _register_out(entry.assessment, request.user)


@router.delete(
    "/facilities/{facility_id}/risk-registers/{assessment_id}/entries/{entry_id}",
    response={204: None},
    auth=MEMBERS,
)
def register_entry_delete(
    request: HttpRequest, facility_id: UUID, assessment_id: UUID, entry_id: UUID
) -> Any:
    entry = _entry(request, facility_id, assessment_id, entry_id)
    entry_delete(entry=entry, actor=request.user)  # type: ignore[arg-type]
    return Status(204, None)


@router.post(
    "/facilities/{facility_id}/risk-registers/{assessment_id}/measures",
    response={201: dict[str, Any]},
    auth=MEMBERS,
)
def register_measure(
    request: HttpRequest, facility_id: UUID, assessment_id: UUID, payload: MeasureIn
) -> Any:
    assessment = _assessment(request, facility_id, assessment_id)
    entry = get_object_or_404(assessment.entries, scenario_id=payload.scenario_id)
    measure_create(entry=entry, actor=request.user, **_measure_fields(payload))  # type: ignore[arg-type]
    return Status(201, _register_out(assessment, request.user))


def _measure(request: HttpRequest, facility_id: UUID, assessment_id: UUID, measure_id: UUID) -> Any:
    assessment = _assessment(request, facility_id, assessment_id)
    return get_object_or_404(Measure.objects.filter(entry__assessment=assessment), pk=measure_id)


@router.put(
    "/facilities/{facility_id}/risk-registers/{assessment_id}/measures/{measure_id}",
    response=dict[str, Any],
    auth=MEMBERS,
)
def register_measure_change(
    request: HttpRequest,
    facility_id: UUID,
    assessment_id: UUID,
    measure_id: UUID,
    payload: MeasureChangeIn,
) -> Any:
    """Replace a measure's fields and, when given, its protection changes (its risk stays)."""
    measure = _measure(request, facility_id, assessment_id, measure_id)
    measure_update(measure=measure, actor=request.user, **_measure_fields(payload))  # type: ignore[arg-type]
    return _register_out(measure.entry.assessment, request.user)


@router.delete(
    "/facilities/{facility_id}/risk-registers/{assessment_id}/measures/{measure_id}",
    response={204: None},
    auth=MEMBERS,
)
def register_measure_delete(
    request: HttpRequest, facility_id: UUID, assessment_id: UUID, measure_id: UUID
) -> Any:
    measure = _measure(request, facility_id, assessment_id, measure_id)
    measure_delete(measure=measure, actor=request.user)  # type: ignore[arg-type]
    return Status(204, None)


@router.get("/facilities-rollup", response=dict[str, Any], auth=MEMBERS)
def rollup_get(request: HttpRequest) -> Any:
    """The national roll-up of the caller's authority; 404 for anyone not in one."""
    authority = sel.authorities_of(request.user).first()
    if authority is None:
        raise HttpError(404, "Not found.")
    data = rollup(authority)
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        obj=authority,  # type: ignore[arg-type]
        changes={"what": "facility roll-up (API)"},
    )
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
        "threats": [
            threat_out(t) | {"id": str(t.pk), "facility_id": None} for t in data["threats"]
        ],
        "capacity": data["capacity"],
    }
