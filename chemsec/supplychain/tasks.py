"""Supply-chain jobs: the order import (an ERP export, row by row), the daily digest of
what awaits compliance officers and national contact points, and the hourly flag of cases
past their 24-hour reporting deadline (chemsec/supplychain/notifications.py), and the daily
retention purge (chemsec/supplychain/retention.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from chemsec.core.jobs import Progress, task
from chemsec.core.models import Job
from chemsec.core.policy import SYSTEM
from chemsec.supplychain.retention import PURGE_KIND
from chemsec.supplychain.services.imports import IMPORT_KIND

OVERDUE_CHECK = timedelta(hours=1)


@task(IMPORT_KIND, label=_("Order import"))
def order_import_job(job: Job, progress: Progress) -> dict[str, Any]:
    from chemsec.supplychain.models import OrderImport
    from chemsec.supplychain.services.imports import order_import_run

    record = OrderImport.objects.get(pk=job.params["import"])
    progress.update(0, gettext_noop("Reading the file"), force=True)
    # Orders are recorded as the person who uploaded the file (they were asked then, and
    # only their customers are looked up); the system when a command queued it.
    record = order_import_run(
        order_import=record,
        path=job.input_file.path,
        user=job.created_by or SYSTEM,
        progress=progress.update,
    )
    progress.update(100, gettext_noop("Done"), force=True)
    return {
        "import": str(record.pk),
        "rows": record.row_count,
        "orders": record.order_count,
        "errors": record.error_count,
    }


@task("supplychain.stale_imports", label=_("Stale order imports"), every=timedelta(minutes=10))
def stale_imports_job(job: Job, progress: Progress) -> dict[str, Any]:
    """Order imports whose job will not finish them are failed, with the reason: never
    "queued" for ever (services.imports.order_imports_fail_stale)."""
    from chemsec.supplychain.services.imports import order_imports_fail_stale

    return {"failed": order_imports_fail_stale()}


@task("supplychain.digest", label=_("Supply-chain daily digest"), every=timedelta(days=1))
def digest_job(job: Job, progress: Progress) -> dict[str, Any]:
    from chemsec.supplychain.notifications import digests_send

    return {"sent": digests_send()}


@task(
    "supplychain.overdue",
    label=_("Suspicious transactions past their reporting deadline"),
    every=OVERDUE_CHECK,
)
def overdue_job(job: Job, progress: Progress) -> dict[str, Any]:
    """Cases whose deadline passed since the previous run of this job (one period back for
    the first): each is flagged once, whatever the gaps between runs."""
    from chemsec.supplychain.notifications import overdue_send

    previous = (
        Job.objects.filter(kind=job.kind, created_at__lt=job.created_at)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    since = previous or job.created_at - OVERDUE_CHECK
    return {"sent": overdue_send(since=since, until=job.created_at)}


@task(PURGE_KIND, label=_("Supply-chain retention purge"), every=timedelta(days=1))
def retention_job(job: Job, progress: Progress) -> dict[str, Any]:
    """Records past the retention period go (chemsec/supplychain/retention.py)."""
    from chemsec.supplychain.retention import retention_purge

    return retention_purge(progress=progress.update).as_json()
