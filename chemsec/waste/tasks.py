"""The scheduled check for consignments not confirmed within their expected time."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils.translation import gettext_lazy as _

from chemsec.core.jobs import Progress, task
from chemsec.core.models import Job


@task("waste.check_overdue", label=_("Overdue waste consignments"), every=timedelta(hours=6))
def check_overdue_job(job: Job, progress: Progress) -> dict[str, Any]:
    from chemsec.waste.services import consignments_check_overdue

    return {"alerts": consignments_check_overdue()}
