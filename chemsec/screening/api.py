"""Screening API: check identifiers at once, batch files as jobs, the list catalogue."""

import builtins
import datetime as dt
from typing import Any, Literal
from uuid import UUID

from django.http import FileResponse, Http404, HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import Field, JsonValue

from chemsec.compendium.translations import api_language
from chemsec.core.api_auth import EVERYONE, MEMBERS
from chemsec.core.api_language import ApiLanguage
from chemsec.core.api_schemas import InSchema
from chemsec.core.limits import anonymous_screening_allowed, identifier_problem
from chemsec.core.models import Job
from chemsec.core.pagination import Pages
from chemsec.core.policy import Denied, acting_organisation, can, get_object
from chemsec.lib.tabular import upload_limit_bytes
from chemsec.screening.engine.lists import check_as_of, parse_lists
from chemsec.screening.models import ScreeningSource
from chemsec.screening.presenters import entry_name, reader_name_language
from chemsec.screening.selectors import (
    catalogue_entries,
    catalogue_entry,
    list_summaries,
    screening_jobs,
)
from chemsec.screening.services import (
    MAX_INTERACTIVE,
    screen_identifiers,
    screening_batch_file,
    screening_batch_start,
    screening_record,
)

router = Router(tags=["screening"])
ListCode = Literal["cwc", "ag", "eu", "cfats"]
#: ``?lang=``: the language of the entry names returned (default: the request's
#: Accept-Language, else English); ``en`` asks for the list's English only.

# Optional keys of these bodies are left out when absent (as they always were), not sent as
# null: the operations marked exclude_unset=True say so, and every key that is always present
# is always set.


class CheckIn(InSchema):
    identifiers: list[str] = Field(min_length=1, max_length=MAX_INTERACTIVE)
    lists: list[ListCode] | None = None
    as_of: dt.date | None = None


class IdentityOut(Schema):
    name: str | None
    cas: str | None
    smiles: str | None
    inchikey: str | None
    resolved_by: str | None


class ConcentrationOut(Schema):
    value_percent_w_w: float
    limit_percent_w_w: float
    limit_kind: str
    crossed: bool
    text: str = Field(description="The assessment, in English")
    code: str | None = Field(
        None, description="Stable code of the assessment (docs/screening.md, output contract)"
    )
    params: dict[str, JsonValue] | None = Field(
        None, description="The values the assessment's text is made from"
    )


class MatchOut(Schema):
    list: str
    entry: str
    title: str
    basis: str = Field(description="exact, salt, family, mixture, component, parent or review")
    explanation: str = Field(description="Why the entry matched, in English")
    explanation_code: str | None = Field(
        None, description="Stable code of the explanation (docs/screening.md, output contract)"
    )
    explanation_params: dict[str, JsonValue] | None = Field(
        None, description="The values the explanation's text is made from"
    )
    source: str
    data_version: str
    verification: str
    urn: str
    listed_name: str | None = Field(
        None,
        description="The entry's own name when it is one chemical and the input is it, holds "
        "it or is a salt of it (null for a family, a heading or a review)",
    )
    listed_cas: str | None = Field(
        None, description="That chemical's CAS number as the list gives it (null when none)"
    )
    list_status: str | None = Field(None, description="Present when the list is not in force")
    concentration_assessment: ConcentrationOut | None = Field(
        None, description="Present when a stated concentration was compared with a limit"
    )


class NoteCodeOut(Schema):
    code: str | None = Field(description="Stable code of the note (null: a note without one)")
    params: dict[str, JsonValue] = Field(description="The values the note's text is made from")


class ScreenResultOut(Schema):
    line: int | None
    input: str
    status: Literal["matched", "clear", "unresolved", "invalid"]
    reason: str | None
    reason_code: str | None = Field(
        None, description="Stable code of the reason (docs/screening.md, the reasons table)"
    )
    reason_params: dict[str, JsonValue] | None = Field(
        None,
        description=(
            "The values the reason's text is made from; a refused SMILES also carries "
            "`problem`, the code of RDKit's refusal, with its own values"
        ),
    )
    identity: IdentityOut
    matches: list[MatchOut]
    notes: list[str] = Field(description="Notes on the row, in English")
    note_codes: list[NoteCodeOut] = Field(
        description="Each note's code and values, in the order of `notes`"
    )


class CheckOut(Schema):
    results: list[ScreenResultOut]
    screening_id: UUID | None = None


class SummaryOut(Schema):
    status: dict[str, int] = Field(description="Rows by status")
    lists: dict[str, int] = Field(description="Rows matched by list")


class DownloadOut(Schema):
    format: str
    url: str


class BatchResultOut(Schema):
    """Empty until the job has succeeded."""

    rows: int | None = None
    matched: int | None = None
    summary: SummaryOut | None = None
    downloads: list[DownloadOut] | None = None


class BatchOut(Schema):
    job_id: UUID
    status: str
    progress: int
    message: str
    error: str
    result: BatchResultOut


class ListOut(Schema):
    list: str
    title: str
    authority: str
    status: str
    data_version: str | None
    count: int


class EntryNameOut(Schema):
    """The entry as written in the language asked for, with what that text is."""

    language: str = Field(
        description="language of `text` and `names`: en when ChemSec has no name in the "
        "language asked for (the list's English is returned)"
    )
    text: str
    names: builtins.list[str]
    status: Literal["official", "official-national", "translated-unreviewed"] | None = Field(
        description="official: the treaty's authentic text in that language; "
        "official-national: a State's official publication; translated-unreviewed: translated "
        "by ChemSec, not yet reviewed; null: the list's English"
    )
    source: str | None = Field(description="where the text was read (null for the English)")
    verification: str | None = Field(description="how the text was checked")


class ListEntryOut(Schema):
    list: str
    urn: str
    version: str
    code: str
    row_type: str
    parent: str
    title: str
    text: str
    names: builtins.list[str]  # `list` is a field name here
    cas: str
    smiles: str
    inchikey: str
    structure_source: str
    salts: str
    effective_date: str | None
    end_date: str | None
    limit_value: float | None
    limit_basis: str
    licence_limit: str
    notes: str
    source: str
    verification: str
    name: EntryNameOut = Field(
        description="the entry in the language asked for (?lang= or Accept-Language); the "
        "English fields above are the list's own, whatever the language"
    )


@router.post("/screening/check", response=CheckOut, auth=EVERYONE, exclude_unset=True)
def check(request: HttpRequest, payload: CheckIn) -> CheckOut:
    """Screen up to 1,000 identifiers at once; one result per identifier, in order."""
    if len(payload.identifiers) > 1 and not can(request.user, "screening.check_several", None):
        raise HttpError(401, "Sign in or send an API token to screen more than one identifier.")
    too_long = next(filter(None, map(identifier_problem, payload.identifiers)), None)
    if too_long:
        raise HttpError(422, f"Refused: {too_long}.")
    if not anonymous_screening_allowed(request):
        raise HttpError(429, "Too many screenings from this address this minute; sign in.")
    lists: list[str] | None = list(payload.lists) if payload.lists else None
    _check_as_of(lists, payload.as_of)
    results = screen_identifiers(payload.identifiers, lists, payload.as_of)
    # Validated from plain dicts, not built from schema objects: a nested schema object is
    # read back attribute by attribute, and every absent optional key would come out as null.
    out = CheckOut.model_validate({"results": [r.to_dict() for r in results], "screening_id": None})
    organisation = acting_organisation(request)
    if organisation is not None and can(request.user, "screening.create", organisation):
        screening = screening_record(
            user=request.user,
            organisation=organisation,
            results=results,
            lists=lists,
            as_of=payload.as_of,
            source=ScreeningSource.API,
        )
        out.screening_id = screening.pk
    return out


def _check_as_of(lists: list[str] | None, as_of: dt.date | None) -> None:
    """422 for a date before a selected list came into force (never a silent "clear")."""
    if as_of is None:
        return
    try:
        check_as_of(parse_lists(lists), as_of)
    except ValueError as exc:
        raise HttpError(422, f"Refused: {exc}.") from exc


def _batch_out(job: Job) -> BatchOut:
    # Validated from a dict, for the same reason as in `check`.
    return BatchOut.model_validate(
        {
            "job_id": job.pk,
            "status": job.status,
            "progress": job.progress,
            "message": job.message,
            "error": job.error,
            "result": job.result or {},
        }
    )


@router.post("/screening/jobs", response={202: BatchOut}, auth=MEMBERS, exclude_unset=True)
def batch_create(
    request: HttpRequest,
    file: File[UploadedFile],
    lists: Form[str] = "",
    as_of: Form[dt.date | None] = None,
    column: Form[str] = "",
) -> Status[BatchOut]:
    """Upload a CSV, TSV, XLSX, SMILES or SDF file; it is screened as a background job."""
    organisation = acting_organisation(request)
    if organisation is None:
        raise Denied("Only members of an organisation can screen files.")
    size = file.size or 0
    if size == 0 or size > upload_limit_bytes():
        raise HttpError(413 if size else 422, "The file is empty or over the size limit.")
    selected = [code.strip().lower() for code in lists.split(",") if code.strip()]
    _check_as_of(selected or None, as_of)
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


@router.get("/screening/jobs/{job_id}", response=BatchOut, auth=MEMBERS, exclude_unset=True)
def batch_get(request: HttpRequest, job_id: UUID) -> BatchOut:
    return _batch_out(get_object(request.user, "job.view", screening_jobs(), pk=job_id))


def _file_response(media_type: str) -> dict[str, Any]:
    return {media_type: {"schema": {"type": "string", "format": "binary"}}}


RESULT_FILES = {
    "responses": {
        200: {
            "description": "The result file (CSV, XLSX or JSON), as an attachment",
            "content": {
                **_file_response("text/csv"),
                **_file_response(
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                ),
                **_file_response("application/json"),
            },
        }
    }
}


@router.get("/screening/jobs/{job_id}/results.{fmt}", auth=MEMBERS, openapi_extra=RESULT_FILES)
def batch_results(
    request: HttpRequest, job_id: UUID, fmt: Literal["csv", "xlsx", "json"]
) -> FileResponse:
    job = get_object(request.user, "job.export", screening_jobs(), pk=job_id)
    path = screening_batch_file(job=job, actor=request.user, fmt=fmt)
    return FileResponse(path.open("rb"), as_attachment=True, filename=f"screening.{fmt}")


@router.get("/screening/lists", response=list[ListOut], auth=EVERYONE)
def lists_index(request: HttpRequest) -> list[ListOut]:
    return [ListOut.model_validate(item) for item in list_summaries()]


def _with_name(entry: dict[str, Any], language: str) -> dict[str, Any]:
    shown = entry_name(entry, language)
    name = {
        "language": shown.lang,
        "text": shown.text,
        "names": builtins.list(shown.names),
        "status": shown.status,
        "source": shown.source or None,
        "verification": shown.verification or None,
    }
    return {**entry, "name": name}


@router.get("/screening/lists/entries", response=list[ListEntryOut], auth=EVERYONE)
@paginate(Pages, page_size=100)
def list_entries(
    request: HttpRequest, q: str = "", list: str = "", lang: ApiLanguage | None = None
) -> builtins.list[dict[str, Any]]:
    """Every list entry, filtered by words (in the English or, where ChemSec has it, the
    entry's name in the language asked for) and list; each with its name in the language
    asked for (``?lang=`` or Accept-Language) where ChemSec has one, and what that text is."""
    language = api_language(lang)
    found = catalogue_entries(q, list, reader_name_language(language))
    return [_with_name(entry, language) for entry in found]


@router.get("/screening/lists/entries/{urn}", response=ListEntryOut, auth=EVERYONE)
def list_entry(request: HttpRequest, urn: str, lang: ApiLanguage | None = None) -> dict[str, Any]:
    """One list entry by URN, with its name in the language asked for (as the list)."""
    entry = catalogue_entry(urn)
    if entry is None:
        raise Http404("No list has this entry.")
    return _with_name(entry, api_language(lang))
