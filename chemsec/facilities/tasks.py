"""The inventory import job: read, screen, convert and aggregate one file; and the sweep
that fails imports left pending by a job that ended without finishing them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from chemsec.core.jobs import HandBack, Progress, task
from chemsec.core.models import Job
from chemsec.core.policy import SYSTEM

IMPORT_KIND = "facilities.inventory_import"


def _import_subject(job: Job) -> tuple[str, str] | None:
    from chemsec.facilities.models import Facility

    facility = Facility.objects.filter(pk=job.params.get("facility")).first()
    if facility is None:
        return None
    return reverse("facilities:inventory", args=[facility.pk]), str(facility)


@task(IMPORT_KIND, label=_("Inventory import"), subject=_import_subject)
def inventory_import_job(job: Job, progress: Progress) -> dict[str, Any]:
    from chemsec.facilities.inventory import inventory_import, snapshot_fail
    from chemsec.facilities.models import InventorySnapshot

    snapshot = InventorySnapshot.objects.get(pk=job.params["snapshot"])
    progress.update(0, gettext_noop("Reading the file"), force=True)
    try:
        # The worker acts as the system: whoever queued the import was asked then.
        snapshot = inventory_import(
            snapshot=snapshot, path=job.input_file.path, actor=SYSTEM, progress=progress.update
        )
    except HandBack:
        raise  # back to the queue: the next attempt imports it
    except BaseException as exc:  # failed or cancelled: never left "pending"
        snapshot_fail(snapshot, reason=str(exc) or type(exc).__name__)
        raise
    return {
        "snapshot": str(snapshot.pk),
        "facility": str(snapshot.facility_id),
        "rows": snapshot.row_count,
        "errors": snapshot.error_count,
        "chemicals_of_interest": len(snapshot.chemicals),
    }


@task("facilities.stale_imports", label=_("Stale inventory imports"), every=timedelta(minutes=10))
def stale_imports_job(job: Job, progress: Progress) -> dict[str, Any]:
    from chemsec.facilities.inventory import snapshots_fail_stale

    return {"failed": snapshots_fail_stale()}
