"""The batch screening job: stream a file through the engine into CSV, XLSX and JSON.

Bounded before it reads (MAX_DECOMPRESSED_MB, MAX_ROWS, MAX_IDENTIFIER_CHARS: see
chemsec.core.limits); cancellable between chunks (each progress report asks); the exports
keep the user's own columns (prefixed "input: ") beside the results; the job's page shows the
results, paginated, and links back to the screening it belongs to.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from chemsec.core.job_failures import JobFailure
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
from chemsec.core.templatetags.list_join import list_join
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
    ("entries", _("Matches")),  # the entries matched ("Entries" reads as their count)
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
    """One page of the job's results, read from its JSON (no row is held in the database):
    each record keeps its reason's code and values, so the page shows the reason in the
    reader's language as the results page does (the CSV keeps only the English)."""
    path = job_folder(job) / "screening.json"
    if not path.exists():
        return None
    total = max(int(job.result.get("rows", 0)), 0)
    pages = max((total + PAGE_ROWS - 1) // PAGE_ROWS, 1)
    number = min(max(number, 1), pages)
    skip = (number - 1) * PAGE_ROWS
    return ResultPage(
        columns=[str(label) for _key, label in PAGE_COLUMNS],
        rows=[_page_row(record) for record in _records(path, skip, PAGE_ROWS)],
        number=number,
        pages=pages,
        total=total,
    )


def _records(path: Path, skip: int, count: int) -> list[dict[str, Any]]:
    """`count` records of a job's JSON after the first `skip`: export_all writes one record
    a line ('[', then each record with a comma but the last, then ']'), and JSON text holds
    no raw line break, so a page is read without parsing the records before it."""
    records: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as handle:
        for line in islice(handle, 1 + skip, None):  # the '[' line first
            text = line.rstrip().removesuffix(",")
            if not text.startswith("{"):
                break  # the closing ']'
            records.append(json.loads(text))
            if len(records) == count:
                break
    return records


def _page_row(record: dict[str, Any]) -> list[Any]:
    """A result row as the job's page shows it: the status and reason in the reader's
    language (the reason from its code, as on the results page); codes whole and left to
    right; for a row identified by its structure alone, the matched entry's own name and
    CAS number labelled as the list's; the input as the file has it."""
    from chemsec.screening.presenters import result_status_label
    from chemsec.screening.templatetags.screening_text import (
        chem_name,
        code_id,
        listed_cells,
        reason_html,
    )

    identity = record.get("identity") or {}
    matches = record.get("matches") or []
    name, cas = identity.get("name") or "", identity.get("cas") or ""
    listed = None if name or cas else listed_cells(record)
    if listed is not None:
        name, cas = listed
    else:
        name = chem_name(name) if name else ""  # left to right, a locant kept with its word
        cas = code_id(cas) if cas else ""
    has_reason = record.get("reason") or record.get("reason_code")
    return [
        "" if record.get("line") is None else str(record["line"]),
        record.get("input") or "",
        result_status_label(record),
        name,
        cas,
        list_join(code_id(m) for m in dict.fromkeys(str(m.get("list")) for m in matches)),
        list_join(code_id(f"{m.get('list')} {m.get('entry')}") for m in matches),
        reason_html(record) if has_reason else "",
    ]


@task(
    BATCH_KIND,
    label=_("File screening"),
    subject=_screening_subject,
    results=_result_page,
)
def screening_batch(job: Job, progress: Progress) -> dict[str, Any]:
    from chemsec.screening.engine.inputs import KeptCells

    kept = KeptCells()  # the user's own columns, read in the same pass as the identifiers
    try:
        return _screen_file(job, progress, kept)
    except Exception as exc:  # told to the user as a code; the detail in the server's log
        raise _failure(exc, job.params.get("column"), kept) from exc


def _screen_file(job: Job, progress: Progress, kept: Any) -> dict[str, Any]:
    from chemsec.screening.engine import screen_rows
    from chemsec.screening.engine.inputs import read_file

    path, column = job.input_file.path, job.params.get("column")
    progress.update(0, gettext_noop("Reading the file"), force=True)
    check_file_bounds(path)
    # Estimated first so the progress bar has a denominator; a file clearly over MAX_ROWS
    # is refused here, before any screening (and any other at its first row too many).
    estimate = _estimate_rows(path, column)
    check_row_count(estimate - 1)  # a header line, perhaps
    # read_file has the table open and its header read when it returns.
    rows = _bounded(read_file(path, column=column, max_bytes=upload_limit_bytes(), keep=kept))

    def on_row(done: int) -> None:  # every few hundred rows, throttled in Progress by time;
        total = max(estimate, done)  # raises once the job is cancelled
        progress.update(100 * done / max(total, 1), gettext_noop("Screening the rows"))

    results = screen_rows(rows, job.params.get("lists") or None, job.params.get("as_of"))
    paths, counter = export_all(
        results, job_folder(job), on_row=on_row, xlsx=False, own_columns=own_columns(kept)
    )
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


# Why a file screening failed, as its page says it (core.job_failures): message codes in
# the English the reader's language translates, with values that never hold a server path.
HEADER_ONLY = gettext_noop("The file has a header row and no rows under it: nothing to screen.")
NOTHING = gettext_noop("The file has nothing to screen: no rows, SMILES or records.")
NO_COLUMN = gettext_noop("The file has no column named %(column)s; its columns are: %(columns)s.")
NO_HEADER = gettext_noop(
    "The file has no column named %(column)s: no header row was found in it (leave the "
    "identifier column empty to screen its first column)."
)
UNREADABLE = gettext_noop(
    "The file could not be read: save it as UTF-8 text (CSV, TSV), an .xlsx workbook, "
    "a SMILES (.smi) or an SDF file, and upload it again."
)
TOO_MANY_ROWS = gettext_noop(
    "The file has more than %(limit)s rows, the most this server screens in one file "
    "(MAX_ROWS): split it into smaller files."
)
TOO_LARGE = gettext_noop("The file is over a limit of this server: %(detail)s.")
GONE = gettext_noop(
    "The uploaded file is no longer kept (uploads are removed after their retention "
    "period): upload it again."
)
SERVER = gettext_noop(
    "The file could not be screened because of a fault on the server; it has been "
    "recorded. Retry later, or tell your administrator if it happens again."
)


def _failure(exc: Exception, column: str | None, kept: Any) -> JobFailure:
    """The coded failure of a file screening that stopped on `exc`: a file that cannot be
    screened as it is (empty, a missing column, unreadable, over a limit) fails the same
    way every time, so it is not offered again; anything else is a fault of the server,
    worth a retry. The engine's own text (with the file's path on the server) goes to the
    log with `exc`, never to the page."""
    from chemsec.lib.tabular import TabularError
    from chemsec.screening.engine.inputs import InputError

    if isinstance(exc, JobFailure):
        return exc
    text = str(exc)
    if isinstance(exc, FileTooLarge):
        if text.startswith("the file has more than"):
            return JobFailure(TOO_MANY_ROWS, {"limit": max_rows()})
        return JobFailure(TOO_LARGE, {"detail": text})
    if isinstance(exc, FileNotFoundError):
        return JobFailure(GONE)
    if isinstance(exc, InputError):
        if text.endswith("the file has a header and no rows"):
            return JobFailure(HEADER_ONLY)
        if text.endswith(("the file has no rows", "the file has no SMILES", "no records")):
            return JobFailure(NOTHING)
        if column and text.startswith("no column named"):
            if not kept.header:
                return JobFailure(NO_HEADER, {"column": column})
            return JobFailure(NO_COLUMN, {"column": column, "columns": list(kept.header)})
        if isinstance(exc.__cause__, FileNotFoundError):
            return JobFailure(GONE)
        if text.endswith("the file is empty"):
            return JobFailure(NOTHING)
        return JobFailure(UNREADABLE)
    if isinstance(exc, TabularError):
        return JobFailure(UNREADABLE)
    return JobFailure(SERVER, retryable=True)
