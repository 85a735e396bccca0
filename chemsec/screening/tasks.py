"""The batch screening job: stream a file through the engine into CSV, XLSX and JSON."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chemsec.core.jobs import Progress, task
from chemsec.core.models import Job
from chemsec.core.policy import SYSTEM
from chemsec.lib.tabular import upload_limit_bytes
from chemsec.screening.exports import export_all, summary_dict
from chemsec.screening.services import BATCH_KIND, job_folder, screening_batch_finish


def _count_rows(path: str, column: str | None) -> int:
    from chemsec.screening.engine.inputs import read_file

    return sum(1 for _ in read_file(path, column=column, max_bytes=upload_limit_bytes()))


@task(BATCH_KIND, label=_("File screening"))
def screening_batch(job: Job, progress: Progress) -> dict[str, Any]:
    from chemsec.screening.engine import screen_rows
    from chemsec.screening.engine.inputs import read_file

    path, column = job.input_file.path, job.params.get("column")
    progress.update(0, "Reading the file", force=True)
    # Counted first so the progress bar has a denominator; reading is cheap next to screening.
    total = _count_rows(path, column)
    rows = read_file(path, column=column, max_bytes=upload_limit_bytes())

    def on_row(done: int) -> None:
        progress.update(100 * done / max(total, 1), f"{done} of {total} rows screened")

    results = screen_rows(rows, job.params.get("lists") or None, job.params.get("as_of"))
    paths, counter = export_all(results, job_folder(job), on_row=on_row)
    summary = summary_dict(counter)
    matched = summary["status"].get("matched", 0)
    # The worker acts as the system; the service records the counts on the screening.
    screening_batch_finish(
        job=job, actor=SYSTEM, input_count=total, matched_count=matched, summary=summary
    )
    downloads = [
        {"format": fmt, "url": reverse("screening:batch_download", args=[job.pk, fmt])}
        for fmt in sorted(paths)
    ]
    return {"rows": total, "matched": matched, "summary": summary, "downloads": downloads}
