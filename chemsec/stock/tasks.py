"""The movement-file import job."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from chemsec.core.jobs import Progress, task
from chemsec.core.models import Job
from chemsec.core.policy import SYSTEM


@task("stock.movements_import", label=_("Stock movements import"))
def movements_import_job(job: Job, progress: Progress) -> dict[str, Any]:
    from chemsec.stock.models import MovementBatch
    from chemsec.stock.services import movements_import

    batch = MovementBatch.objects.get(pk=job.params["batch"])
    progress.update(0, gettext_noop("Reading the file"), force=True)
    # The worker acts as the system: whoever queued the import was asked then.
    batch = movements_import(batch=batch, path=job.input_file.path, actor=SYSTEM,
                             progress=progress.update)  # fmt: skip
    return {
        "batch": str(batch.pk),
        "facility": str(batch.facility_id),
        "status": batch.status,
        "rows": batch.row_count,
        "errors": batch.error_count,
    }
