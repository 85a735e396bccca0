"""Facilities, their shares, inventories (upload -> job) and chemicals of interest.

Each endpoint fetches its facility with `policy.get_object` (404 unseen, 403 seen but not
allowed) and calls the same services as the pages, which ask the policy again.
"""

import datetime as dt
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import translation
from ninja import File, Form, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from pydantic import ConfigDict, Field

from chemsec.compendium.translations import api_language
from chemsec.core.api_auth import MEMBERS
from chemsec.core.api_language import ApiLanguage
from chemsec.core.api_schemas import InSchema
from chemsec.core.models import Job, Organisation, User
from chemsec.core.policy import AnyUser, require
from chemsec.facilities import selectors as sel
from chemsec.facilities.api.common import FacilitiesRouter, get_facility
from chemsec.facilities.inventory import inventory_import_start
from chemsec.facilities.models import Facility, FacilityType, InventoryItem, InventorySnapshot
from chemsec.facilities.services import facility_create, facility_share, facility_unshare
from chemsec.facilities.texts import api_reasons, chemical_api_reasons
from chemsec.lib.tabular import upload_limit_bytes
from chemsec.science.thresholds import tier

router = FacilitiesRouter()

#: ``?lang=``: the language of the computed texts returned (default: Accept-Language, else
#: English).


class FacilityIn(InSchema):
    organisation_id: UUID
    name: str
    facility_type: FacilityType
    country: str
    latitude: float | None = None
    longitude: float | None = None
    operating_hours: str = ""
    nearby_population: int | None = None
    population_density: str = ""
    emergency_contact: str = ""


class FacilityOut(Schema):
    id: UUID
    name: str
    organisation: str
    facility_type: str
    country: str
    confidentiality: str
    latitude: float | None
    longitude: float | None
    areas: list[str]


class ShareIn(InSchema):
    organisation_ids: list[UUID] = []
    usernames: list[str] = []


class SnapshotOut(Schema):
    id: UUID
    created_at: dt.datetime
    label: str
    filename: str
    status: str
    error: str
    row_count: int
    error_count: int
    job_id: UUID | None


class _Open(Schema):
    """A document kept as JSON when it was made: its keys as they are (undeclared ones too,
    left-out ones left out), so older rows read back unchanged."""

    model_config = ConfigDict(extra="allow")


class ConcentrationOut(_Open):
    value_percent_w_w: float | None = None
    limit_percent_w_w: float | None = None
    limit_kind: str | None = None
    crossed: bool | None = None
    text: str | None = None
    code: str | None = None  # the assessment's code (docs/screening.md), its values below
    params: dict[str, Any] | None = None


class MatchOut(_Open):
    """A control-list entry a row matched (the screening engine's match)."""

    list: str | None = None
    entry: str | None = None
    title: str | None = None
    basis: str | None = None
    explanation: str | None = None
    explanation_code: str | None = None  # why it matched, as a code (docs/screening.md)
    explanation_params: dict[str, Any] | None = None
    source: str | None = None
    data_version: str | None = None
    verification: str | None = None
    urn: str | None = None
    # The listed chemical's own name and CAS number (one chemical, not a family or heading):
    # what the row was identified as on the list, however it was written (docs/screening.md).
    listed_name: str | None = None
    listed_cas: str | None = None
    list_status: str | None = None
    concentration_assessment: ConcentrationOut | None = None


class ThresholdOut(_Open):
    """A quantity threshold of a chemical, and whether the site's total crosses it."""

    source: str | None = None
    issue: str | None = None
    threshold_lb: float | None = None
    threshold_kg: float | None = None
    quantity_lb: float | None = None
    crossed: bool | None = None
    urn: str | None = None
    verification: str | None = None
    label: str | None = None
    min_concentration: float | None = None
    rows_counted: int | None = None
    note: str | None = None


class ChemicalReasonOut(Schema):
    """One part of why a chemical is of interest: its code and parameters, and its text in
    the answer's language."""

    code: str | None = Field(
        description="the part's code (chemsec.science.thresholds.REASONS: on_lists, "
        "threshold_crossed, threshold_below); null for one this version does not know"
    )
    params: dict[str, Any]
    text: str = Field(description="the part in the language asked (?lang=, Accept-Language)")


class ChemicalOut(_Open):
    """A chemical of interest: listed or above a threshold, with its totals at the site."""

    key: str | None = None
    name: str | None = None
    cas: str | None = None
    inchikey: str | None = None
    total_kg: float | None = None
    total_lb: float | None = None
    areas: list[str] | None = None
    rows: int | None = None
    lists: list[MatchOut] | None = None
    thresholds: list[ThresholdOut] | None = None
    crossed_count: int | None = None
    reason: str | None = Field(default=None, description="why, in English (as `reason_codes`)")
    reason_codes: list[ChemicalReasonOut] | None = None


class ReasonOut(Schema):
    """One of a row's reasons: its code and parameters, and its text in the answer's language."""

    code: str | None = Field(
        description="the reason's code (texts.MESSAGES); null for a part of a row stored "
        "before the codes that matches no code (its text is then the stored English)"
    )
    params: dict[str, Any]
    text: str = Field(description="the reason in the language asked (?lang=, Accept-Language)")


class ItemOut(Schema):
    line: int
    identifier: str
    name: str
    cas: str
    quantity_text: str
    unit_text: str
    quantity_kg: float | None
    concentration_percent: float | None
    container: str
    area_name: str
    status: str
    reason: str = Field(description="the reasons in English, as imported (kept for clients)")
    reason_codes: list[ReasonOut]
    matches: list[MatchOut]


class SnapshotDetailOut(SnapshotOut):
    items: list[ItemOut]


class ChemicalsOut(Schema):
    snapshot_id: UUID | None
    tier: int | None
    chemicals: list[ChemicalOut]


def _facility_out(f: Facility) -> dict[str, Any]:
    return {
        "id": f.pk,
        "name": f.name,
        "organisation": f.organisation.name,
        "facility_type": f.facility_type,
        "country": f.country,
        "confidentiality": f.confidentiality,
        "latitude": f.latitude,
        "longitude": f.longitude,
        "areas": [a.name for a in f.areas.all()],
    }


@router.get("/facilities", response=list[FacilityOut], auth=MEMBERS)
def facility_index(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        _facility_out(f) for f in sel.facilities_visible_to(request.user).prefetch_related("areas")
    ]


@router.post("/facilities", response={201: FacilityOut}, auth=MEMBERS)
def facility_new(request: HttpRequest, payload: FacilityIn) -> Status[dict[str, Any]]:
    """Register a site for the organisation named in the payload (its contributors only)."""
    organisation = Organisation.objects.filter(pk=payload.organisation_id).first()
    require(request.user, "facility.create", organisation)  # an unknown one: 403 too
    assert organisation is not None
    data = payload.dict(exclude={"organisation_id"})
    facility = facility_create(organisation=organisation, actor=request.user, **data)
    return Status(201, _facility_out(facility))


@router.get("/facilities/{facility_id}", response=FacilityOut, auth=MEMBERS)
def facility_get(request: HttpRequest, facility_id: UUID) -> dict[str, Any]:
    return _facility_out(get_facility(request, facility_id))


@router.post("/facilities/{facility_id}/share", response=FacilityOut, auth=MEMBERS)
def facility_share_api(request: HttpRequest, facility_id: UUID, payload: ShareIn) -> dict[str, Any]:
    facility = get_facility(request, facility_id, "share")
    organisations = list(Organisation.objects.filter(pk__in=payload.organisation_ids))
    users = list(User.objects.filter(username__in=payload.usernames, is_active=True))
    if len(organisations) != len(set(payload.organisation_ids)) or len(users) != len(
        set(payload.usernames)
    ):
        raise HttpError(422, "Unknown organisation or user.")
    facility_share(facility=facility, actor=request.user, organisations=organisations, users=users)
    return _facility_out(facility)


@router.post("/facilities/{facility_id}/unshare", response=FacilityOut, auth=MEMBERS)
def facility_unshare_api(
    request: HttpRequest, facility_id: UUID, payload: ShareIn
) -> dict[str, Any]:
    """Revoke shares with the named organisations and people; 422 if one is not shared."""
    facility = get_facility(request, facility_id, "unshare")
    organisations = list(facility.shared_with_organisations.filter(pk__in=payload.organisation_ids))
    users = list(facility.shared_with_users.filter(username__in=payload.usernames))
    if len(organisations) != len(set(payload.organisation_ids)) or len(users) != len(
        set(payload.usernames)
    ):
        raise HttpError(422, "The facility is not shared with one of those.")
    facility_unshare(
        facility=facility, actor=request.user, organisations=organisations, users=users
    )
    return _facility_out(facility)


def _jobs_shown(user: AnyUser, snapshots: list[InventorySnapshot]) -> set[Any]:
    """The snapshots' import jobs the person may see ("job.view", as a list: `visible_to`):
    the queuer and the operator's admins, not every reader of the facility."""
    ids = {s.job_id for s in snapshots if s.job_id is not None}
    return set(Job.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def _snapshot_out(s: InventorySnapshot, jobs: set[Any]) -> dict[str, Any]:
    return {
        "id": s.pk,
        "created_at": s.created_at,
        "label": s.label,
        "filename": s.filename,
        "status": s.status,
        "error": s.error,
        "row_count": s.row_count,
        "error_count": s.error_count,
        "job_id": s.job_id if s.job_id in jobs else None,
    }


@router.get("/facilities/{facility_id}/inventories", response=list[SnapshotOut], auth=MEMBERS)
def inventory_index(request: HttpRequest, facility_id: UUID) -> list[dict[str, Any]]:
    snapshots = list(get_facility(request, facility_id).snapshots.all())
    jobs = _jobs_shown(request.user, snapshots)
    return [_snapshot_out(s, jobs) for s in snapshots]


@router.post("/facilities/{facility_id}/inventories", response={202: SnapshotOut}, auth=MEMBERS)
def inventory_upload(
    request: HttpRequest, facility_id: UUID, file: File[UploadedFile], label: Form[str] = ""
) -> Status[dict[str, Any]]:
    """Upload a CSV, TSV or XLSX inventory; it is imported and screened as a background job."""
    facility = get_facility(request, facility_id, "change")
    size = file.size or 0
    if size == 0 or size > upload_limit_bytes():
        raise HttpError(413 if size else 422, "The file is empty or over the size limit.")
    snapshot, _job = inventory_import_start(
        facility=facility, actor=request.user, upload=file, label=label
    )
    snapshot.refresh_from_db()
    return Status(202, _snapshot_out(snapshot, _jobs_shown(request.user, [snapshot])))


@router.get(
    "/facilities/{facility_id}/inventories/{snapshot_id}",
    response=SnapshotDetailOut,
    auth=MEMBERS,
    exclude_unset=True,
)
def inventory_get(
    request: HttpRequest, facility_id: UUID, snapshot_id: UUID, lang: ApiLanguage | None = None
) -> dict[str, Any]:
    """A snapshot and its rows; each row's reasons as codes with parameters and their text in
    the language of ``?lang=`` (else Accept-Language, else English); ``reason`` stays the
    English as imported."""
    snapshot = get_object_or_404(get_facility(request, facility_id).snapshots, pk=snapshot_id)
    jobs = _jobs_shown(request.user, [snapshot])
    with translation.override(api_language(lang)):
        items = [_item_out(item) for item in snapshot.items.all()]
    return _snapshot_out(snapshot, jobs) | {"items": items}


def _item_out(item: InventoryItem) -> dict[str, Any]:
    names = [name for name in ItemOut.model_fields if name != "reason_codes"]
    return {name: getattr(item, name) for name in names} | {
        "reason_codes": api_reasons(item.reason_codes, item.reason)
    }


@router.get(
    "/facilities/{facility_id}/chemicals", response=ChemicalsOut, auth=MEMBERS, exclude_unset=True
)
def chemicals_get(
    request: HttpRequest, facility_id: UUID, lang: ApiLanguage | None = None
) -> dict[str, Any]:
    """The latest snapshot's chemicals of interest; why each is of interest as codes with
    parameters and their text in the language of ``?lang=`` (else Accept-Language, else
    English); ``reason`` stays the English."""
    facility = get_facility(request, facility_id)
    snapshot = sel.latest_snapshot(facility)
    found = list(snapshot.chemicals) if snapshot else []
    with translation.override(api_language(lang)):
        chemicals = [c | {"reason_codes": chemical_api_reasons(c)} for c in found]
    return {
        "snapshot_id": snapshot.pk if snapshot else None,
        "tier": tier(found),
        "chemicals": chemicals,
    }
