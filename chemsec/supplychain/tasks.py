"""The order import job: read an ERP export and record its orders, row by row."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from chemsec.core.jobs import Progress, task
from chemsec.core.models import Job
from chemsec.core.policy import SYSTEM
from chemsec.supplychain.services.imports import IMPORT_KIND


@task(IMPORT_KIND, label=_("Order import"))
def order_import_job(job: Job, progress: Progress) -> dict[str, Any]:
    from chemsec.supplychain.models import OrderImport
    from chemsec.supplychain.services.imports import order_import_run

    record = OrderImport.objects.get(pk=job.params["import"])
    progress.update(0, "Reading the file", force=True)
    # Orders are recorded as the person who uploaded the file (they were asked then, and
    # only their customers are looked up); the system when a command queued it.
    record = order_import_run(
        order_import=record,
        path=job.input_file.path,
        user=job.created_by or SYSTEM,
        progress=progress.update,
    )
    progress.update(100, "Done", force=True)
    return {
        "import": str(record.pk),
        "rows": record.row_count,
        "orders": record.order_count,
        "errors": record.error_count,
    }
