"""Screening writes: interactive screenings kept in history, batch file jobs and exports.

Every service asks the policy first (`require`), then writes through chemsec.core.writes,
so a screening is saved, linked to its job and exported only through here, and audited.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404

from chemsec.core.choices import Confidentiality
from chemsec.core.jobs import job_enqueue
from chemsec.core.models import Job, Organisation
from chemsec.core.policy import Actor, require
from chemsec.core.uploads import SCREENABLE, check_upload
from chemsec.core.writes import write_create, write_export, write_update
from chemsec.screening.engine.results import ScreenResult
from chemsec.screening.exports import result_from_dict, summarise, summary_dict, xlsx_from_csv
from chemsec.screening.models import Screening, ScreeningSource

MAX_INTERACTIVE = 1000
BATCH_KIND = "screening.batch"
EXPORT_FORMATS = ("csv", "json", "xlsx")


def screen_identifiers(
    identifiers: list[str], lists: list[str] | None, as_of: dt.date | None
) -> list[ScreenResult]:
    """Screen a short list at once (no storage); one result per identifier, in order."""
    from chemsec.screening.engine import InputRow, screen

    rows = [InputRow(identifier=text, line=i + 1) for i, text in enumerate(identifiers)]
    return list(screen(rows, lists=lists or None, as_of=as_of))


@transaction.atomic
def screening_record(
    *,
    user: Actor,
    organisation: Organisation,
    results: list[ScreenResult],
    lists: list[str] | None,
    as_of: dt.date | None,
    source: str = ScreeningSource.PASTED,
) -> Screening:
    """Keep an interactive screening in the organisation's history."""
    require(user, "screening.create", organisation)
    counter: Counter[str] = Counter()
    for result in results:
        summarise(counter, result)
    screening = Screening(
        organisation=organisation,
        confidentiality=Confidentiality.ORGANISATION,
        source=source,
        lists=lists or [],
        as_of=as_of,
        input_count=len(results),
        matched_count=counter["status:matched"],
        summary=summary_dict(counter),
        results=[r.to_dict() for r in results],
    )
    return write_create(screening, actor=user)


@transaction.atomic
def screening_batch_start(
    *,
    user: Actor,
    organisation: Organisation,
    upload: UploadedFile,
    lists: list[str] | None,
    as_of: dt.date | None,
    column: str = "",
    source: str = ScreeningSource.FILE,
) -> Job:
    """Queue a file screening as a job; its results become downloadable files.

    Only a tabular or chemical file (CSV, TSV, text, XLSX, SMILES, SDF, MOL) holding what
    its name says is taken: refused here, not left to fail inside the job."""
    require(user, "screening.create", organisation)
    check_upload(upload, SCREENABLE)
    params = {
        "lists": lists or [],
        "as_of": as_of.isoformat() if as_of else None,
        "column": column or None,
        "filename": upload.name,
    }
    screening = write_create(
        Screening(
            organisation=organisation,
            source=source,
            label=upload.name or "",
            lists=lists or [],
            as_of=as_of,
            confidentiality=Confidentiality.ORGANISATION,
        ),
        actor=user,
    )
    job = job_enqueue(
        kind=BATCH_KIND,
        user=user,
        organisation=organisation,
        params={**params, "screening": str(screening.pk)},
        input_file=upload,
        input_name=upload.name or "upload",
    )
    write_update(screening, actor=user, values={"job": job})
    return job


@transaction.atomic
def screening_batch_finish(
    *, job: Job, actor: Actor, input_count: int, matched_count: int, summary: dict[str, Any]
) -> Screening | None:
    """Record a finished file screening's counts on the screening that queued it (the job's
    worker calls this as the system)."""
    screening: Screening | None = Screening.objects.filter(pk=job.params.get("screening")).first()
    if screening is None:
        screening = Screening.objects.filter(job=job).first()
    if screening is None:
        return None
    require(actor, "screening.change", screening)
    values = {"input_count": input_count, "matched_count": matched_count, "summary": summary}
    return write_update(screening, actor=actor, values=values)


def screening_export(*, screening: Screening, actor: Actor, fmt: str) -> bytes:
    """The screening's results as a CSV, JSON or XLSX file, audited as an export."""
    from chemsec.screening.engine.writers import write

    require(actor, "screening.export", screening)
    if fmt not in EXPORT_FORMATS or not screening.results:
        raise Http404
    results = [result_from_dict(row) for row in screening.results]
    buffer: Any = io.BytesIO() if fmt == "xlsx" else io.StringIO()
    write(results, buffer, fmt)
    write_export(screening, actor=actor, fmt=fmt)
    body = buffer.getvalue()
    return body if isinstance(body, bytes) else body.encode("utf-8")


def job_folder(job: Job) -> Path:
    """Where a file screening's result files are written."""
    return Path(settings.MEDIA_ROOT) / "jobs" / str(job.pk)


def screening_batch_file(*, job: Job, actor: Actor, fmt: str) -> Path:
    """The path of one result file of a file screening, audited as an export of its job;
    Http404 if the format is unknown or the file is not there (yet)."""
    require(actor, "job.export", job)
    path = job_folder(job) / f"screening.{fmt}"
    source = path.with_suffix(".csv")
    if fmt == "xlsx" and job.kind == BATCH_KIND and not path.exists() and source.exists():
        xlsx_from_csv(source, path)  # a job writes CSV and JSON; its XLSX is made on demand
    if job.kind != BATCH_KIND or fmt not in EXPORT_FORMATS or not path.exists():
        raise Http404
    write_export(job, actor=actor, fmt=fmt, file=path.name)
    return path
