"""Sanctions API: list versions (import a file), screening receipts, clearing a match.

Every object is fetched with `policy.get_object`; every write is the service the pages call,
acting for `policy.acting_organisation(request)`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from chemsec.core.api_auth import MEMBERS
from chemsec.core.api_schemas import InSchema
from chemsec.core.policy import acting_organisation, get_object, require
from chemsec.core.uploads import check_upload
from chemsec.lib.tabular import upload_limit_bytes
from chemsec.sanctions import selectors, services
from chemsec.sanctions.models import ListVersion, Screening

router = Router(tags=["sanctions"])
LIMIT = 500


class ListVersionOut(Schema):
    id: UUID
    source: str
    version: str
    published_on: str
    file_name: str
    file_sha256: str
    entry_count: int
    delta: dict[str, int]
    current: bool
    created_at: dt.datetime


class MatchOut(Schema):
    id: UUID
    source: str
    entry_key: str
    entry_names: list[str]
    score: float
    detail: dict[str, Any]
    cleared_until: dt.date | None
    cleared_because: str


class ScreeningOut(Schema):
    id: UUID
    subject_type: str
    subject_id: str
    subject_label: str
    status: str
    top_score: float
    reason: str
    created_at: dt.datetime


class ScreeningDetailOut(ScreeningOut):
    query: dict[str, Any]
    versions: list[dict[str, str]]
    algorithm: str
    settings: dict[str, float]
    matches: list[MatchOut]


class ClearIn(InSchema):
    justification: str
    expires_on: dt.date


def _version_out(item: ListVersion) -> ListVersionOut:
    return ListVersionOut(
        id=item.pk,
        source=item.source,
        version=item.version,
        published_on=item.published_on,
        file_name=item.file_name,
        file_sha256=item.file_sha256,
        entry_count=item.entry_count,
        delta=item.delta,
        current=item.current,
        created_at=item.created_at,
    )


def _screening_out(item: Screening) -> ScreeningOut:
    return ScreeningOut(
        id=item.pk,
        subject_type=item.subject_type,
        subject_id=item.subject_id,
        subject_label=item.subject_label,
        status=item.status,
        top_score=item.top_score,
        reason=item.reason,
        created_at=item.created_at,
    )


def _screening_detail(item: Screening) -> ScreeningDetailOut:
    matches = [
        MatchOut(
            id=m.pk,
            source=m.entry.list_version.source,
            entry_key=m.entry.key,
            entry_names=m.entry.names,
            score=m.score,
            detail=m.detail,
            cleared_until=m.cleared_by.expires_on if m.cleared_by else None,
            cleared_because=m.cleared_by.justification if m.cleared_by else "",
        )
        for m in item.matches.select_related("entry__list_version", "cleared_by")
    ]
    return ScreeningDetailOut(
        **_screening_out(item).model_dump(),
        query=item.query,
        versions=item.versions,
        algorithm=item.algorithm,
        settings=item.settings,
        matches=matches,
    )


@router.get("/sanctions/lists", response=list[ListVersionOut], auth=MEMBERS)
def sanctions_list_index(request: HttpRequest) -> list[ListVersionOut]:
    """The list versions of the organisation you act for, newest first."""
    found = selectors.versions(request.user, acting_organisation(request))[:LIMIT]
    return [_version_out(item) for item in found]


@router.post("/sanctions/lists", response={201: ListVersionOut}, auth=MEMBERS)
def sanctions_list_import(
    request: HttpRequest, file: File[UploadedFile], version: Form[str] = ""
) -> Status[ListVersionOut]:
    """Import an official list file (US CSL JSON or CSV, UN, EU or UK XML) as a new version;
    the organisation's customers are re-screened as a background job."""
    organisation = acting_organisation(request)
    require(request.user, "sanctions.import", organisation)
    assert organisation is not None  # require refuses a request without one
    size = file.size or 0
    if size == 0 or size > upload_limit_bytes():
        raise HttpError(413 if size else 422, "The file is empty or over the size limit.")
    if check_upload(file, ("json", "csv", "xml")) != "text":
        raise ValidationError("A list file is text (JSON, CSV or XML).")
    file.seek(0)
    try:
        item = services.list_import(
            actor=request.user,
            organisation=organisation,
            data=file.read(),
            file_name=file.name or "",
            version=version,
        )
    except services.ImportRefused as error:
        raise HttpError(422, str(error)) from error
    return Status(201, _version_out(item))


@router.get("/sanctions/lists/{list_version_id}", response=ListVersionOut, auth=MEMBERS)
def sanctions_list_get(request: HttpRequest, list_version_id: UUID) -> ListVersionOut:
    item = get_object(request.user, "listversion.view", ListVersion.objects, pk=list_version_id)
    return _version_out(item)


@router.get("/sanctions/screenings", response=list[ScreeningOut], auth=MEMBERS)
def sanctions_screening_index(request: HttpRequest) -> list[ScreeningOut]:
    """Screening receipts you may see, newest first."""
    found = selectors.screenings(request.user, acting_organisation(request))[:LIMIT]
    return [_screening_out(item) for item in found]


@router.get(
    "/sanctions/screenings/{sanctions_screening_id}", response=ScreeningDetailOut, auth=MEMBERS
)
def sanctions_screening_get(
    request: HttpRequest, sanctions_screening_id: UUID
) -> ScreeningDetailOut:
    item = get_object(
        request.user, "sanctionsscreening.view", Screening.objects, pk=sanctions_screening_id
    )
    return _screening_detail(item)


@router.post(
    "/sanctions/screenings/{sanctions_screening_id}/matches/{sanctions_match_id}/clear",
    response=ScreeningDetailOut,
    auth=MEMBERS,
)
def sanctions_match_clear(
    request: HttpRequest, sanctions_screening_id: UUID, sanctions_match_id: UUID, payload: ClearIn
) -> ScreeningDetailOut:
    """Mark a match a false positive, with a justification and an expiry (at most a year);
    it is raised again when the list entry changes."""
    item = get_object(request.user, "sanctions.clear", Screening.objects, pk=sanctions_screening_id)
    match = item.matches.filter(pk=sanctions_match_id).first()
    if match is None:
        raise HttpError(404, "Not found.")
    try:
        services.match_clear(
            actor=request.user,
            match=match,
            justification=payload.justification,
            expires_on=payload.expires_on,
        )
    except ValueError as error:
        raise HttpError(422, str(error)) from error
    item.refresh_from_db()
    return _screening_detail(item)
