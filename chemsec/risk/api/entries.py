"""A register's lines: rate a scenario, change, recompute P_I from the linked diagram,
delete."""

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Status

from chemsec.core.api_auth import MEMBERS
from chemsec.facilities.api.common import FacilitiesRouter
from chemsec.risk import selectors as sel
from chemsec.risk.api.registers import _assessment, _register_out
from chemsec.risk.api.schemas import EntryChangeIn, EntryIn, RegisterOut
from chemsec.risk.models import RiskAssessment, RiskEntry
from chemsec.risk.services import entry_delete, entry_recompute, entry_set, entry_update

# Operation ids stay those of the facilities API (`chemsec_facilities_api_<function>`), so
# generated clients do not change.
router = FacilitiesRouter()


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
