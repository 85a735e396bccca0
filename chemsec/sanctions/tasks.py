"""The re-screening job: after a list import, or on demand (`chemsec supplychain rescreen`)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from chemsec.core.jobs import Progress, task
from chemsec.core.models import Job
from chemsec.sanctions.services import RESCREEN_KIND


@task(RESCREEN_KIND, label=_("Sanctions re-screening"))
def rescreen_job(job: Job, progress: Progress) -> dict[str, Any]:
    from chemsec.sanctions.models import ListVersion
    from chemsec.sanctions.services import rescreen

    version = None
    if job.params.get("version"):
        version = ListVersion.objects.get(pk=job.params["version"])
    progress.update(0, gettext_noop("Re-screening"), force=True)
    result = rescreen(
        organisation=job.organisation,
        version=version,
        only_changed=bool(job.params.get("only_changed")),
        progress=progress.update,
    )
    progress.update(100, gettext_noop("Done"), force=True)
    return result
