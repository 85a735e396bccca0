"""A register's measures: add, change (with protection changes), delete."""

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Status

from chemsec.core.api_auth import MEMBERS
from chemsec.facilities.api.common import FacilitiesRouter
from chemsec.risk.api.registers import _assessment, _register_out
from chemsec.risk.api.schemas import MeasureChangeIn, MeasureIn, RegisterOut
from chemsec.risk.models import Measure
from chemsec.risk.services import measure_create, measure_delete, measure_update

# Operation ids stay those of the facilities API (`chemsec_facilities_api_<function>`), so
# generated clients do not change.
router = FacilitiesRouter()


def _measure_fields(payload: MeasureChangeIn) -> dict[str, Any]:
    """The payload's fields; protection changes only when given, without unset values."""
    data = payload.dict(exclude={"scenario_id", "protection_changes"})
    if payload.protection_changes is not None:
        data["protection_changes"] = [
            change.dict(exclude_none=True) for change in payload.protection_changes
        ]
    return data


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
