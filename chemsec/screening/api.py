"""Screening API: check identifiers at once, batch files as jobs, the list catalogue."""

import datetime as dt
from typing import Any, Literal
from uuid import UUID

from django.http import FileResponse, HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate
from pydantic import Field

from chemsec.core.api_auth import EVERYONE, MEMBERS
from chemsec.core.audit import audit_record
from chemsec.core.choices import AuditAction
from chemsec.core.models import upload_limit_bytes
from chemsec.screening.models import ScreeningSource
from chemsec.screening.selectors import catalogue_entries, list_summaries, screening_job_visible_to
from chemsec.screening.services import (
    MAX_INTERACTIVE,
    screen_identifiers,
    screening_batch_start,
    screening_record,
)
from chemsec.screening.tasks import job_folder

router = Router(tags=["screening"])
ListCode = Literal["cwc", "ag", "eu", "cfats"]


class CheckIn(Schema):
    identifiers: list[str] = Field(min_length=1, max_length=MAX_INTERACTIVE)
    lists: list[ListCode] | None = None
    as_of: dt.date | None = None


class CheckOut(Schema):
    results: list[dict[str, Any]]
    screening_id: UUID | None = None


class BatchOut(Schema):
    job_id: UUID
    status: str
    progress: int
    message: str
    error: str
    result: dict[str, Any]


class ListOut(Schema):
    list: str
    title: str
    authority: str
    status: str
    data_version: str | None
    count: int


def _organisation(request: HttpRequest) -> Any:
    """The organisation chosen in the browser; for a token, the user's first one."""
    chosen = getattr(request, "organisation", None)
    if chosen is not None:
        return chosen
    membership = request.user.memberships.select_related("organisation").first()
    return membership.organisation if membership else None


@router.post("/screening/check", response=CheckOut, auth=EVERYONE)
def check(request: HttpRequest, payload: CheckIn) -> dict[str, Any]:
    """Screen up to 1,000 identifiers at once; one result per identifier, in order."""
    if not request.user.is_authenticated and len(payload.identifiers) > 1:
        raise HttpError(401, "Sign in or send an API token to screen more than one identifier.")
    results = screen_identifiers(payload.identifiers, payload.lists, payload.as_of)
    out: dict[str, Any] = {"results": [r.to_dict() for r in results]}
    organisation = _organisation(request) if request.user.is_authenticated else None
    if organisation is not None:
        screening = screening_record(
            user=request.user,
            organisation=organisation,
            results=results,
            lists=payload.lists,
            as_of=payload.as_of,
            source=ScreeningSource.API,
        )
        out["screening_id"] = screening.pk
    return out


def _batch_out(job: Any) -> dict[str, Any]:
    return {
        "job_id": job.pk,
        "status": job.status,
        "progress": job.progress,
        "message": job.message,
        "error": job.error,
        "result": job.result,
    }


@router.post("/screening/jobs", response={202: BatchOut}, auth=MEMBERS)
def batch_create(
    request: HttpRequest,
    file: File[UploadedFile],
    lists: Form[str] = "",
    as_of: Form[dt.date | None] = None,
    column: Form[str] = "",
) -> Any:
    """Upload a CSV, TSV, XLSX, SMILES or SDF file; it is screened as a background job."""
    organisation = _organisation(request)
    if organisation is None:
        raise HttpError(403, "Only members of an organisation can screen files.")
    if file.size == 0 or file.size > upload_limit_bytes():
        raise HttpError(413 if file.size else 422, "The file is empty or over the size limit.")
    selected = [code.strip().lower() for code in lists.split(",") if code.strip()]
    job = screening_batch_start(
        user=request.user,
        organisation=organisation,
        upload=file,
        lists=selected or None,
        as_of=as_of,
        column=column,
        source=ScreeningSource.API,
    )
    return Status(202, _batch_out(job))


@router.get("/screening/jobs/{job_id}", response=BatchOut, auth=MEMBERS)
def batch_get(request: HttpRequest, job_id: UUID) -> Any:
    job = screening_job_visible_to(request.user, job_id)
    if job is None:
        raise HttpError(404, "Not found.")
    return _batch_out(job)


@router.get("/screening/jobs/{job_id}/results.{fmt}", auth=MEMBERS)
def batch_results(request: HttpRequest, job_id: UUID, fmt: Literal["csv", "xlsx", "json"]) -> Any:
    job = screening_job_visible_to(request.user, job_id)
    path = job_folder(job) / f"screening.{fmt}" if job is not None else None
    if path is None or not path.exists():
        raise HttpError(404, "Not found.")
    audit_record(actor=request.user, action=AuditAction.EXPORT, obj=job, changes={"format": fmt})
    return FileResponse(path.open("rb"), as_attachment=True, filename=f"screening.{fmt}")


@router.get("/screening/lists", response=list[ListOut], auth=EVERYONE)
def lists_index(request: HttpRequest) -> Any:
    return list_summaries()


@router.get("/screening/lists/entries", response=list[dict[str, Any]], auth=EVERYONE)
@paginate(PageNumberPagination, page_size=100)
def list_entries(request: HttpRequest, q: str = "", list: str = "") -> Any:
    return catalogue_entries(q, list)
