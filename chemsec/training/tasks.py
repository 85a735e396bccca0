"""Training jobs: the daily reminder to holders whose certificate expires soon."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils.translation import gettext_lazy as _

from chemsec.core.jobs import Progress, task
from chemsec.core.models import Job
from chemsec.core.policy import SYSTEM
from chemsec.training.certificates import remind_expiring


@task(
    "training.remind_certificates",
    label=_("Certificate expiry reminders"),
    every=timedelta(days=1),
)
def remind_certificates(job: Job, progress: Progress) -> dict[str, Any]:
    return {"reminded": remind_expiring(user=SYSTEM)}
