"""The inventory import job: read, screen, convert and aggregate one file."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from chemsec.core.jobs import Progress, task
from chemsec.core.models import Job
from chemsec.core.policy import SYSTEM


@task("facilities.inventory_import", label=_("Inventory import"))
def inventory_import_job(job: Job, progress: Progress) -> dict[str, Any]:
    from chemsec.facilities.inventory import inventory_import
    from chemsec.facilities.models import InventorySnapshot

    snapshot = InventorySnapshot.objects.get(pk=job.params["snapshot"])
    progress.update(0, "Reading the file", force=True)
    # The worker acts as the system: whoever queued the import was asked then.
    snapshot = inventory_import(
        snapshot=snapshot, path=job.input_file.path, actor=SYSTEM, progress=progress.update
    )
    return {
        "snapshot": str(snapshot.pk),
        "facility": str(snapshot.facility_id),
        "rows": snapshot.row_count,
        "errors": snapshot.error_count,
        "chemicals_of_interest": len(snapshot.chemicals),
    }
