"""Order imports: an ERP export (CSV, TSV or XLSX) uploaded and read as a background job, as
the page does (`services.imports.order_import_start`). The answer is 202 with the import and
its job; poll `GET /supplychain/order-imports/{id}` for the progress, then read every row of
the file with its outcome (the order it became, or why not), a page at a time."""

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import File, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from chemsec.core.api_auth import MEMBERS
from chemsec.core.models import Job
from chemsec.core.policy import Denied, acting_organisation, get_object
from chemsec.lib.tabular import upload_limit_bytes
from chemsec.supplychain import selectors
from chemsec.supplychain.api.common import LIMIT, SupplychainRouter
from chemsec.supplychain.api.schemas import (
    ImportErrorOut,
    ImportRowOut,
    JobProgressOut,
    OrderImportDetailOut,
    OrderImportOut,
)
from chemsec.supplychain.models import OrderImport
from chemsec.supplychain.presenters import import_error_text
from chemsec.supplychain.services.imports import IMPORT_KIND, order_import_start

router = SupplychainRouter()
ROWS_PER_PAGE = 500


def _error_out(error: dict[str, Any]) -> ImportErrorOut:
    return ImportErrorOut(
        code=str(error.get("code", "")),
        params=dict(error.get("params") or {}),
        message=import_error_text(error),
    )


def _jobs(request: HttpRequest, items: list[OrderImport]) -> dict[str, Job]:
    """Each import's job where the user may see it (`job.view` is the queryset's rule),
    in one query for the lot."""
    keys = [str(item.pk) for item in items]
    found = Job.objects.visible_to(request.user).filter(kind=IMPORT_KIND, params__import__in=keys)
    return {str(job.params.get("import")): job for job in found}


def _import_out(item: OrderImport, job: Job | None) -> OrderImportOut:
    return OrderImportOut(
        id=item.pk,
        file_name=item.file_name,
        status=item.status,
        row_count=item.row_count,
        order_count=item.order_count,
        error_count=item.error_count,
        problem=_error_out(item.problem) if item.problem else None,
        created_at=item.created_at,
        job=None
        if job is None
        else JobProgressOut(
            id=job.pk,
            status=job.status,
            progress=job.progress,
            message=gettext(job.message) if job.message else "",
            error=job.error,
        ),
    )


@router.post("/supplychain/order-imports", response={202: OrderImportOut}, auth=MEMBERS)
def supplychain_order_import_create(
    request: HttpRequest, file: File[UploadedFile]
) -> Status[OrderImportOut]:
    """Upload an ERP export of orders (CSV, TSV or XLSX: a reference, customer, product and
    quantity column at least); its orders are recorded and decided by a background job.
    Rows that share a reference are one order; a wrong row keeps its order out, and says
    why."""
    size = file.size or 0
    if size == 0 or size > upload_limit_bytes():
        raise HttpError(413 if size else 422, "The file is empty or over the size limit.")
    organisation = acting_organisation(request)
    if organisation is None:
        raise Denied("Only members of an organisation import orders.")
    try:
        item = order_import_start(actor=request.user, organisation=organisation, upload=file)
    except ValidationError as error:  # the file's refusal, at the request's field "file"
        if hasattr(error, "error_dict"):
            raise
        raise ValidationError({"file": error.error_list}) from error
    return Status(202, _import_out(item, _jobs(request, [item]).get(str(item.pk))))


@router.get("/supplychain/order-imports", response=list[OrderImportOut], auth=MEMBERS)
def supplychain_order_import_list(request: HttpRequest) -> list[OrderImportOut]:
    """Imports of the organisation you act for that you may see, the newest first."""
    found = list(selectors.order_imports(request.user, acting_organisation(request))[:LIMIT])
    jobs = _jobs(request, found)
    return [_import_out(item, jobs.get(str(item.pk))) for item in found]


@router.get(
    "/supplychain/order-imports/{order_import_id}", response=OrderImportDetailOut, auth=MEMBERS
)
def supplychain_order_import_get(
    request: HttpRequest, order_import_id: UUID, offset: int = 0
) -> OrderImportDetailOut:
    """The import, its job's progress, and its rows from `offset` (500 at a time, in the
    file's order): each with its cells, its errors and the order it became."""
    item = get_object(request.user, "orderimport.view", OrderImport.objects, pk=order_import_id)
    offset = max(0, min(offset, item.row_count))
    rows = list(item.rows.all()[offset : offset + ROWS_PER_PAGE + 1])
    more = len(rows) > ROWS_PER_PAGE
    return OrderImportDetailOut(
        **_import_out(item, _jobs(request, [item]).get(str(item.pk))).model_dump(),
        rows=[
            ImportRowOut(
                line=row.line,
                cells=row.cells,
                errors=[_error_out(error) for error in row.errors],
                order_id=row.order_id,
            )
            for row in rows[:ROWS_PER_PAGE]
        ],
        offset=offset,
        next_offset=offset + ROWS_PER_PAGE if more else None,
    )
