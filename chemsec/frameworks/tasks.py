"""Job kinds of the frameworks app."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from chemsec.core.jobs import Progress, task
from chemsec.core.models import Job
from chemsec.frameworks.models import Campaign
from chemsec.frameworks.services import campaign_reminders_send


@task("frameworks.send_reminders", label=_("Needs-assessment reminders"))
def send_reminders(job: Job, progress: Progress) -> dict[str, Any]:
    """Remind invitees of one campaign (params: campaign, force) or of every due campaign."""
    campaign_id = job.params.get("campaign")
    campaigns = Campaign.objects.all()
    if campaign_id:
        campaigns = campaigns.filter(pk=campaign_id)
    sent = 0
    for campaign in campaigns:
        sent += campaign_reminders_send(
            campaign=campaign, force=bool(job.params.get("force")), actor=job.created_by
        )
    progress.update(100, "", force=True)
    return {"sent": sent}
