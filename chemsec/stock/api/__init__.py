"""Stock reconciliation API: one Router mounted at /api/v1/. The same services and fetches
as the pages ("stock.view" to read, "stock.record" to write, through the facility)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from chemsec.core.api_auth import MEMBERS
from chemsec.core.api_schemas import InSchema
from chemsec.core.policy import get_object
from chemsec.facilities import selectors as facility_selectors
from chemsec.facilities.models import Facility, InventorySnapshot
from chemsec.lib.tabular import upload_limit_bytes
from chemsec.stock import services
from chemsec.stock.models import (
    Balance,
    Movement,
    MovementKind,
    Precision,
    PrecisionKind,
    Reconciliation,
)

router = Router(tags=["stock"])
LIMIT = 1000


class MovementIn(InSchema):
    chemical_key: str
    chemical_name: str = ""
    kind: MovementKind
    quantity_kg: float
    occurred_on: date
    reference: str = ""


class MovementOut(Schema):
    id: UUID
    chemical_key: str
    chemical_name: str
    kind: str
    quantity_kg: float
    occurred_on: date
    reference: str
    batch_id: UUID | None


class PrecisionIn(InSchema):
    kind: PrecisionKind
    absolute_kg: float = 0.0
    relative_percent: float = 0.0


class PrecisionOut(Schema):
    kind: str
    absolute_kg: float
    relative_percent: float


class ImportOut(Schema):
    batch_id: UUID
    job_id: UUID
    status: str
    row_count: int
    error_count: int


class StatedIn(InSchema):
    chemical_key: str
    opening_kg: float
    closing_kg: float


class ReconcileIn(InSchema):
    period_start: date
    period_end: date
    opening_snapshot_id: UUID | None = None
    closing_snapshot_id: UUID | None = None
    stated: list[StatedIn] = []


class BalanceOut(Schema):
    id: UUID
    chemical_key: str
    chemical_name: str
    period_start: date
    period_end: date
    opening_kg: float
    opening_sigma_kg: float
    opening_source: str
    in_kg: float
    out_kg: float
    adjustments_kg: float
    closing_kg: float
    closing_sigma_kg: float
    closing_source: str
    muf_kg: float
    sigma_kg: float
    k: float
    threshold_kg: float | None
    alert: bool
    reasons: list[str]
    components: dict[str, dict[str, float]]
    incident_ref: str


class RunOut(Schema):
    id: UUID
    period_start: date
    period_end: date
    k: float
    threshold_kg: float | None
    chemical_count: int
    alert_count: int
    balances: list[BalanceOut]


def _facility(request: HttpRequest, facility_id: UUID, action: str) -> Facility:
    return get_object(request.user, action, facility_selectors.facilities(), pk=facility_id)


@router.get("/facilities/{facility_id}/stock/movements", response=list[MovementOut], auth=MEMBERS)
def stock_movements(
    request: HttpRequest, facility_id: UUID, offset: int = 0, chemical_key: str = ""
) -> list[Movement]:
    """Movements, oldest first, at most 1000 from `offset`."""
    facility = _facility(request, facility_id, "stock.view")
    found = Movement.objects.filter(facility=facility).order_by("occurred_on", "created_at")
    if chemical_key:
        found = found.filter(chemical_key=services.normalise_key(chemical_key))
    return list(found[max(offset, 0) : max(offset, 0) + LIMIT])


@router.post("/facilities/{facility_id}/stock/movements", response={201: MovementOut}, auth=MEMBERS)
def stock_movement_add(
    request: HttpRequest, facility_id: UUID, payload: MovementIn
) -> Status[Movement]:
    facility = _facility(request, facility_id, "stock.record")
    data = payload.dict()
    data["kind"] = str(payload.kind.value)
    return Status(201, services.movement_record(facility=facility, actor=request.user, **data))


@router.get("/facilities/{facility_id}/stock/precisions", response=list[PrecisionOut], auth=MEMBERS)
def stock_precisions(request: HttpRequest, facility_id: UUID) -> list[Precision]:
    facility = _facility(request, facility_id, "stock.view")
    return list(Precision.objects.filter(facility=facility))


@router.put("/facilities/{facility_id}/stock/precisions", response=PrecisionOut, auth=MEMBERS)
def stock_precision_set(request: HttpRequest, facility_id: UUID, payload: PrecisionIn) -> Precision:
    facility = _facility(request, facility_id, "stock.record")
    return services.precision_set(
        facility=facility,
        actor=request.user,
        kind=str(payload.kind.value),
        absolute_kg=payload.absolute_kg,
        relative_percent=payload.relative_percent,
    )


@router.post("/facilities/{facility_id}/stock/imports", response={202: ImportOut}, auth=MEMBERS)
def stock_import(
    request: HttpRequest, facility_id: UUID, file: File[UploadedFile]
) -> Status[dict[str, Any]]:
    """Upload a CSV or XLSX file of movements; imported as a background job."""
    facility = _facility(request, facility_id, "stock.record")
    size = file.size or 0
    if size == 0 or size > upload_limit_bytes():
        raise HttpError(413 if size else 422, "The file is empty or over the size limit.")
    batch, job = services.movements_import_start(facility=facility, actor=request.user, upload=file)
    batch.refresh_from_db()
    return Status(
        202,
        {
            "batch_id": batch.pk,
            "job_id": job.pk,
            "status": batch.status,
            "row_count": batch.row_count,
            "error_count": batch.error_count,
        },
    )


def _run_out(run: Reconciliation) -> dict[str, Any]:
    return {
        "id": run.pk,
        "period_start": run.period_start,
        "period_end": run.period_end,
        "k": run.k,
        "threshold_kg": run.threshold_kg,
        "chemical_count": run.chemical_count,
        "alert_count": run.alert_count,
        "balances": list(run.balances.order_by("-alert", "chemical_key")),
    }


@router.post(
    "/facilities/{facility_id}/stock/reconciliations", response={201: RunOut}, auth=MEMBERS
)
def stock_reconcile(
    request: HttpRequest, facility_id: UUID, payload: ReconcileIn
) -> Status[dict[str, Any]]:
    """Balance the site's chemicals of interest over a period: opening and closing from two
    inventory snapshots, or stated per chemical."""
    facility = _facility(request, facility_id, "stock.record")
    snapshots = InventorySnapshot.objects.filter(facility=facility)
    opening = closing = None
    if payload.opening_snapshot_id:
        opening = get_object_or_404(snapshots, pk=payload.opening_snapshot_id)
    if payload.closing_snapshot_id:
        closing = get_object_or_404(snapshots, pk=payload.closing_snapshot_id)
    stated = {
        services.normalise_key(s.chemical_key): (s.opening_kg, s.closing_kg) for s in payload.stated
    }
    run = services.reconcile(
        facility=facility,
        actor=request.user,
        start=payload.period_start,
        end=payload.period_end,
        opening_snapshot=opening,
        closing_snapshot=closing,
        stated=stated or None,
    )
    return Status(201, _run_out(run))


@router.get(
    "/facilities/{facility_id}/stock/reconciliations/{run_id}", response=RunOut, auth=MEMBERS
)
def stock_run(request: HttpRequest, facility_id: UUID, run_id: UUID) -> dict[str, Any]:
    facility = _facility(request, facility_id, "stock.view")
    run = get_object_or_404(Reconciliation.objects.filter(facility=facility), pk=run_id)
    return _run_out(run)


@router.get(
    "/facilities/{facility_id}/stock/balances/{balance_id}", response=BalanceOut, auth=MEMBERS
)
def stock_balance(request: HttpRequest, facility_id: UUID, balance_id: UUID) -> Balance:
    facility = _facility(request, facility_id, "stock.view")
    return get_object_or_404(Balance.objects.filter(facility=facility), pk=balance_id)


@router.post(
    "/facilities/{facility_id}/stock/balances/{balance_id}/incident",
    response=BalanceOut,
    auth=MEMBERS,
)
def stock_balance_incident(request: HttpRequest, facility_id: UUID, balance_id: UUID) -> Balance:
    """Open an incident for a balance beyond its uncertainty (the incident log's service)."""
    facility = _facility(request, facility_id, "stock.record")
    balance = get_object_or_404(Balance.objects.filter(facility=facility), pk=balance_id)
    return services.balance_open_incident(balance=balance, actor=request.user)
