"""Risk registers of a facility: list and create; a register as its answer (lines with
inherent, current and residual risk, measures with their what-if, a heat map), which the
entry and measure endpoints answer too. Parts that only some readers get (a diagram's
name, path and element changes) are left out of the JSON, not sent as null."""

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Status

from chemsec.core.api_auth import MEMBERS
from chemsec.core.policy import AnyUser
from chemsec.facilities.api.common import FacilitiesRouter, get_facility
from chemsec.risk import selectors as sel
from chemsec.risk.api.schemas import AssessmentIn, RegisterOut
from chemsec.risk.models import RiskAssessment
from chemsec.risk.register import register, with_entries
from chemsec.risk.services import assessment_create

# Operation ids stay those of the facilities API (`chemsec_facilities_api_<function>`), so
# generated clients do not change.
router = FacilitiesRouter()


STAGES = ("inherent", "current", "residual")


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
