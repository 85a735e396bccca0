"""Screening writes: interactive screenings kept in history, and batch file jobs."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from chemsec.core.audit import audit_record
from chemsec.core.choices import AuditAction, Confidentiality
from chemsec.core.jobs import job_enqueue
from chemsec.core.models import Job, Organisation, User
from chemsec.screening.exports import summarise, summary_dict
from chemsec.screening.models import Screening, ScreeningSource

MAX_INTERACTIVE = 1000


def screen_identifiers(
    identifiers: list[str], lists: list[str] | None, as_of: dt.date | None
) -> list[Any]:
    """Screen a short list at once (no storage); one result per identifier, in order."""
    from chemsec.screening.engine import InputRow, screen

    rows = [InputRow(identifier=text, line=i + 1) for i, text in enumerate(identifiers)]
    return screen(rows, lists=lists or None, as_of=as_of)


@transaction.atomic
def screening_record(
    *,
    user: User,
    organisation: Organisation,
    results: list[Any],
    lists: list[str] | None,
    as_of: dt.date | None,
    source: str = ScreeningSource.PASTED,
) -> Screening:
    """Keep an interactive screening in the organisation's history."""
    counter: Counter[str] = Counter()
    for result in results:
        summarise(counter, result)
    screening = Screening(
        organisation=organisation,
        created_by=user,
        confidentiality=Confidentiality.ORGANISATION,
        source=source,
        lists=lists or [],
        as_of=as_of,
        input_count=len(results),
        matched_count=counter["status:matched"],
        summary=summary_dict(counter),
        results=[r.to_dict() for r in results],
    )
    screening.full_clean()
    screening.save()
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        obj=screening,
        changes={"inputs": len(results), "matched": screening.matched_count},
    )
    return screening


@transaction.atomic
def screening_batch_start(
    *,
    user: User,
    organisation: Organisation,
    upload: UploadedFile,
    lists: list[str] | None,
    as_of: dt.date | None,
    column: str = "",
    source: str = ScreeningSource.FILE,
) -> Job:
    """Queue a file screening as a job; its results become downloadable files."""
    params = {
        "lists": lists or [],
        "as_of": as_of.isoformat() if as_of else None,
        "column": column or None,
        "filename": upload.name,
    }
    screening = Screening(
        organisation=organisation,
        created_by=user,
        source=source,
        label=upload.name or "",
        lists=lists or [],
        as_of=as_of,
        confidentiality=Confidentiality.ORGANISATION,
    )
    screening.full_clean()
    screening.save()
    job = job_enqueue(
        kind="screening.batch",
        user=user,
        organisation=organisation,
        params={**params, "screening": str(screening.pk)},
        input_file=upload,
        input_name=upload.name or "upload",
    )
    Screening.objects.filter(pk=screening.pk).update(job=job)
    return job
