"""The batch screening job: stream a file through the engine into CSV, XLSX and JSON.

Bounded before it reads (MAX_DECOMPRESSED_MB, MAX_ROWS, MAX_IDENTIFIER_CHARS: see
chemsec.core.limits); cancellable between chunks (each progress report asks); the exports
keep the user's own columns (prefixed "input: ") beside the results; the job's page shows the
results, paginated, and links back to the screening it belongs to.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chemsec.core.jobs import Progress, ResultPage, task
from chemsec.core.limits import (
    FileTooLarge,
    check_file_bounds,
    check_row_count,
    identifier_problem,
    max_identifier_chars,
    max_rows,
)
from chemsec.core.models import Job
from chemsec.core.policy import SYSTEM
from chemsec.lib.tabular import upload_limit_bytes
from chemsec.screening.exports import export_all, own_columns, summary_dict
from chemsec.screening.services import BATCH_KIND, job_folder, screening_batch_finish

PAGE_ROWS = 50
# What the job page shows of each result (the downloads hold every column).
PAGE_COLUMNS = (
    ("line", _("Line")),
    ("input", _("Input")),
    ("status", _("Status")),
    ("name", _("Name")),
    ("cas", _("CAS")),
    ("lists", _("Lists")),
    ("entries", _("Entries")),
    ("reason", _("Reason")),
)


def _estimate_rows(path: str, column: str | None) -> int:
    """How many rows the file holds, for the progress bar: text files by counting their line
    ends (bytes, at C speed, instead of parsing the file twice), others by reading them."""
    from chemsec.screening.engine.inputs import read_file

    if Path(path).suffix.lower() in (".csv", ".tsv", ".txt", ".smi", ".smiles"):
        lines = 0
        with open(path, "rb") as handle:
            while block := handle.read(1 << 20):
                lines += block.count(b"\n")
        return lines
    count = 0
    for count, _row in enumerate(read_file(path, column=column, max_bytes=upload_limit_bytes()), 1):
        check_row_count(count)
    return count


def _bounded(rows: Iterator[Any]) -> Iterator[Any]:
    """Rows past MAX_ROWS stop the job; rows whose identifier is too long to parse become
    invalid rows with the reason. The limits are read once, not per row."""
    from dataclasses import replace

    from chemsec.screening.engine.reasons import Reason

    most_rows, longest = max_rows(), max_identifier_chars()
    for count, row in enumerate(rows, start=1):
        if count > most_rows:
            check_row_count(count)  # raises, with the message
        identifier = row.identifier or ""
        if len(identifier) > longest and row.problem is None:
            row = replace(
                row,
                identifier=identifier[:100],
                problem=Reason("read_error", {"detail": identifier_problem(identifier)}),
            )
        yield row


def _screening_subject(job: Job) -> tuple[str, str] | None:
    from chemsec.screening.models import Screening

    screening = Screening.objects.filter(pk=job.params.get("screening")).first()
    if screening is None:
        return None
    return reverse("screening:detail", args=[screening.pk]), str(screening)


def _result_page(job: Job, number: int) -> ResultPage | None:
    """One page of the job's results, read from its CSV (no row is held in the database)."""
    path = job_folder(job) / "screening.csv"
    if not path.exists():
        return None
    total = max(int(job.result.get("rows", 0)), 0)
    pages = max((total + PAGE_ROWS - 1) // PAGE_ROWS, 1)
    number = min(max(number, 1), pages)
    skip = (number - 1) * PAGE_ROWS
    rows: list[list[str]] = []
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        for index, record in enumerate(reader):
            if index < skip:
                continue
            if len(rows) == PAGE_ROWS:
                break
            rows.append([_page_cell(record, key) for key, _label in PAGE_COLUMNS])
    return ResultPage(
        columns=[str(label) for _key, label in PAGE_COLUMNS],
        rows=rows,
        number=number,
        pages=pages,
        total=total,
    )


def _page_cell(record: dict[str, str], key: str) -> str:
    """A result cell as the job's page shows it: the status in the reader's language (as
    on the results page), every other cell as the file has it."""
    value = record.get(key) or ""
    if key == "status":
        from chemsec.screening.presenters import status_label

        return status_label(value)
    return value


@task(
    BATCH_KIND,
    label=_("File screening"),
    subject=_screening_subject,
    results=_result_page,
)
def screening_batch(job: Job, progress: Progress) -> dict[str, Any]:
    from chemsec.screening.engine import screen_rows
    from chemsec.screening.engine.inputs import KeptCells, read_file

    path, column = job.input_file.path, job.params.get("column")
    progress.update(0, "Reading the file", force=True)
    try:
        check_file_bounds(path)
        # Estimated first so the progress bar has a denominator; a file clearly over MAX_ROWS
        # is refused here, before any screening (and any other at its first row too many).
        estimate = _estimate_rows(path, column)
        check_row_count(estimate - 1)  # a header line, perhaps
    except FileTooLarge as exc:
        raise ValueError(str(exc)) from None
    kept = KeptCells()  # the user's own columns, read in the same pass as the identifiers
    # read_file has the table open and its header read when it returns.
    rows = _bounded(read_file(path, column=column, max_bytes=upload_limit_bytes(), keep=kept))

    def on_row(done: int) -> None:  # every few hundred rows, throttled in Progress by time;
        total = max(estimate, done)  # raises once the job is cancelled
        progress.update(100 * done / max(total, 1), f"{done} of about {total} rows screened")

    results = screen_rows(rows, job.params.get("lists") or None, job.params.get("as_of"))
    try:
        paths, counter = export_all(
            results, job_folder(job), on_row=on_row, xlsx=False, own_columns=own_columns(kept)
        )
    except FileTooLarge as exc:
        raise ValueError(str(exc)) from None
    summary = summary_dict(counter)
    total = sum(summary["status"].values())  # one result per input row
    matched = summary["status"].get("matched", 0)
    # The worker acts as the system; the service records the counts on the screening.
    screening_batch_finish(
        job=job, actor=SYSTEM, input_count=total, matched_count=matched, summary=summary
    )
    downloads = [
        {"format": fmt, "url": reverse("screening:batch_download", args=[job.pk, fmt])}
        for fmt in sorted({*paths, "xlsx"})  # the XLSX is made on its first download
    ]
    return {"rows": total, "matched": matched, "summary": summary, "downloads": downloads}
