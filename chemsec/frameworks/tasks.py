"""Job kinds of the frameworks app."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chemsec.core.jobs import Progress, task
from chemsec.core.models import Job
from chemsec.core.policy import SYSTEM
from chemsec.frameworks.models import Campaign
from chemsec.frameworks.services import campaign_reminders_send


@task(
    "frameworks.send_reminders",
    label=_("Needs-assessment reminders"),
    every=timedelta(days=1),
)
def send_reminders(job: Job, progress: Progress) -> dict[str, Any]:
    """Remind invitees of one campaign (params: campaign, force) or of every open campaign.

    Workers queue it once a day without parameters; running it more often sends nothing twice
    (see campaign_reminders_send).
    """
    today = timezone.localdate()
    campaign_id = job.params.get("campaign")
    if campaign_id:
        campaigns = Campaign.objects.filter(pk=campaign_id)
    else:
        campaigns = Campaign.objects.filter(deadline__gte=today)  # later ones have nothing due
    # A scheduled run has no creator: the portal itself reminds. A person's "Send reminders
    # now" runs as that person, so the policy is asked again when the job runs.
    actor = job.created_by or SYSTEM
    sent = 0
    for campaign in campaigns:
        sent += campaign_reminders_send(
            campaign=campaign,
            actor=actor,
            today=today,
            force=bool(job.params.get("force")),
        )
    progress.update(100, "", force=True)
    return {"sent": sent}
