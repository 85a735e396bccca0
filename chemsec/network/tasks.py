"""Network jobs: the daily reminder of committee actions falling due."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils.translation import gettext_lazy as _

from chemsec.core.jobs import Progress, task
from chemsec.core.models import Job
from chemsec.core.policy import SYSTEM
from chemsec.network.services import remind_due_actions


@task("network.remind_actions", label=_("Committee action reminders"), every=timedelta(days=1))
def remind_actions(job: Job, progress: Progress) -> dict[str, Any]:
    return {"reminded": remind_due_actions(user=SYSTEM)}
