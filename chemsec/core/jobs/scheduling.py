"""Scheduled kinds of job (registered with `every=`): queued by the worker once in each
period, a compare-and-set on one row per kind keeping several workers from queuing the
same period twice (see chemsec/core/schedule.py)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from chemsec.core import schedule
from chemsec.core.choices import Confidentiality, OrganisationKind
from chemsec.core.jobs import registry
from chemsec.core.jobs.queue import _run_if_eager
from chemsec.core.jobs.registry import scheduled_kinds
from chemsec.core.models import Job, Organisation, ScheduledRun
from chemsec.core.policy import SYSTEM
from chemsec.core.writes import write_create

log = logging.getLogger("chemsec.core.jobs")  # one logger for the whole queue, as before


@dataclass(frozen=True)
class ScheduleState:
    """One scheduled kind of job: its interval, when it was last queued and when next."""

    kind: str
    every: timedelta
    last_run: datetime | None
    next_run: datetime
    last_job: Job | None


def schedule_owner() -> Organisation | None:
    """Scheduled jobs belong to the secretariat (the first one), else the first organisation."""
    organisations = Organisation.objects.order_by("created_at")
    secretariat = organisations.filter(kind=OrganisationKind.SECRETARIAT).first()
    return secretariat or organisations.first()


def _last_runs() -> dict[str, datetime | None]:
    """When each scheduled kind was last queued; creates the rows of new schedules."""
    rows = dict(ScheduledRun.objects.values_list("kind", "last_enqueued_at"))
    missing = [ScheduledRun(kind=kind) for kind in registry._EVERY if kind not in rows]
    if missing:  # another worker may create them at the same moment
        ScheduledRun.objects.bulk_create(missing, ignore_conflicts=True)
        rows.update({row.kind: None for row in missing})
    return rows


def schedule_tick(*, now: datetime | None = None) -> list[Job]:
    """Queue each scheduled kind that is due; the worker calls this between jobs."""
    now = now or timezone.now()
    seen = _last_runs()
    queued = []
    for kind, every in scheduled_kinds().items():
        if schedule.is_due(seen.get(kind), every, now):
            job = _enqueue_if_unchanged(kind, seen=seen.get(kind), now=now)
            if job is not None:
                queued.append(job)
    return queued


def _enqueue_if_unchanged(kind: str, *, seen: datetime | None, now: datetime) -> Job | None:
    """Queue `kind` unless another worker moved its stamp since we read it (compare-and-set).

    The UPDATE matches only the stamp this worker saw; a second worker racing for the same
    period waits for the first one's row lock (PostgreSQL) or write lock (SQLite), then
    matches nothing and queues nothing.
    """
    owner = schedule_owner()
    if owner is None:
        return None  # no organisation yet, so nobody to own the job; try again later
    with transaction.atomic():
        stamp = ScheduledRun.objects.filter(kind=kind, last_enqueued_at=seen)
        if not stamp.update(last_enqueued_at=now):
            return None
        job = _scheduled_job(kind, owner)
        ScheduledRun.objects.filter(kind=kind).update(last_job=job)
    _run_if_eager(job)  # after the commit: a task must not run inside the scheduler's lock
    return job


def _scheduled_job(kind: str, owner: Organisation) -> Job:
    """The queued job of a schedule; nobody created it, the owner organisation holds it."""
    job = Job(
        kind=kind,
        params={"scheduled": True},
        organisation=owner,
        confidentiality=Confidentiality.RESTRICTED,
    )
    return write_create(job, actor=SYSTEM)


def schedule_run_now(*, kind: str, now: datetime | None = None) -> Job:
    """Queue a scheduled kind at once (cron, or an operator), counting as this period's run."""
    if kind not in registry._EVERY:
        raise ValueError(f"Not a scheduled kind of job: {kind}")
    owner = schedule_owner()
    if owner is None:
        raise ValueError("No organisation exists yet to own the job.")
    with transaction.atomic():
        job = _scheduled_job(kind, owner)
        ScheduledRun.objects.update_or_create(
            kind=kind, defaults={"last_enqueued_at": now or timezone.now(), "last_job": job}
        )
    _run_if_eager(job)
    return job


def schedule_states(*, now: datetime | None = None) -> list[ScheduleState]:
    now = now or timezone.now()
    rows = ScheduledRun.objects.select_related("last_job").in_bulk(list(registry._EVERY))
    states = []
    for kind, every in scheduled_kinds().items():
        row = rows.get(kind)
        last = row.last_enqueued_at if row else None
        states.append(
            ScheduleState(
                kind=kind,
                every=every,
                last_run=last,
                next_run=schedule.next_run(last, every, now),
                last_job=row.last_job if row else None,
            )
        )
    return states


def _tick_safely() -> None:
    try:
        schedule_tick()
    except Exception:  # a broken schedule must not stop the worker running queued jobs
        log.exception("Could not queue the scheduled jobs")
