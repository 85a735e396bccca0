"""What waits for the person signed in: the home page's "for you now" list.

Core imports no domain app, so each app registers a provider from its `AppConfig.ready`
(`home.register(provider)`). A provider gets the request and yields `Waiting` items for
what its app holds for this person acting for this organisation: counts of things to do,
each with the page that does them. Providers read only through the policy
(`visible_to(...)`, `can(...)`), so a count never reveals what the person may not see.

One provider that fails does not take the home page down: it is logged and the page says
that one part could not be shown.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.http import HttpRequest

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Waiting:
    """One thing waiting: a sentence (already in the reader's language), how many, where."""

    text: str
    count: int
    url: str
    urgent: bool = False  # overdue or due soon: drawn first, marked


Provider = Callable[[HttpRequest], Iterable[Waiting]]
PROVIDERS: list[Provider] = []


def register(provider: Provider) -> None:
    """Add an app's provider once (ready() may run more than once in tests)."""
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)


@dataclass(frozen=True)
class ForYou:
    items: list[Waiting]
    failed: int  # providers that raised (logged)


def waiting_for(request: HttpRequest) -> ForYou:
    """Every provider's items with a count, urgent ones first, then in provider order."""
    items: list[Waiting] = []
    failed = 0
    for provider in PROVIDERS:
        try:
            items.extend(item for item in provider(request) if item.count > 0)
        except Exception:  # one app's bad row must not take the home page down
            logger.exception("home provider %s failed", getattr(provider, "__qualname__", provider))
            failed += 1
    items.sort(key=lambda item: not item.urgent)  # stable: keeps provider order
    return ForYou(items, failed)


# --- Core's own: the person's jobs that ended this week ------------------------------------

RECENT = 7  # days a finished job stays on the home page


def jobs_ended(request: HttpRequest) -> Iterable[Waiting]:
    import datetime as dt

    from django.db.models import Count, Q
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.translation import ngettext

    from chemsec.core.choices import JobStatus
    from chemsec.core.models import Job

    if not request.user.is_authenticated:
        return []
    since = timezone.now() - dt.timedelta(days=RECENT)
    mine = Job.objects.visible_to(request.user).filter(
        created_by=request.user, finished_at__gte=since
    )
    # Both counts in one query (the visibility filter is built and run once, not twice).
    counts = mine.aggregate(
        failed=Count("pk", filter=Q(status=JobStatus.FAILED)),
        done=Count("pk", filter=Q(status=JobStatus.SUCCEEDED)),
    )
    failed, done = counts["failed"], counts["done"]
    url = reverse("jobs")
    return [
        Waiting(
            ngettext("%(n)d of your jobs failed", "%(n)d of your jobs failed", failed)
            % {"n": failed},
            failed,
            url,
            urgent=True,
        ),
        Waiting(
            ngettext("%(n)d job finished this week", "%(n)d jobs finished this week", done)
            % {"n": done},
            done,
            url,
        ),
    ]


register(jobs_ended)
