"""The queue: enqueue, retry, cancel, claim in fair order, give back the jobs of dead or
stopping workers, and remove expired uploads."""

from __future__ import annotations

from datetime import UTC as dt_utc
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from chemsec.core.choices import Confidentiality, JobStatus
from chemsec.core.job_failures import job_may_retry
from chemsec.core.jobs.registry import _TASKS, job_label
from chemsec.core.jobs.running import job_run
from chemsec.core.models import Job, Organisation, User
from chemsec.core.policy import SYSTEM, Actor, require
from chemsec.core.writes import write_create, write_update


def unfinished_reason(job: Job | None, created_at: datetime, what: str) -> str | None:
    """Why an import (inventory snapshot, order import) left pending will not be finished by
    its job, or None while that job may still finish it: the job failed or was cancelled
    (a killed worker's job after its last attempt), ended without finishing `what`, or there
    is no job and the import is older than STALE_IMPORT_MINUTES. One rule for every import
    that a scheduled job fails when it is stale."""
    from chemsec.core.limits import stale_import_minutes

    if job is None:
        cutoff = timezone.now() - timedelta(minutes=stale_import_minutes())
        return "the import never started (no job)" if created_at < cutoff else None
    if job.status in {JobStatus.FAILED, JobStatus.CANCELLED}:
        detail = f": {job.error[:300]}" if job.error else ""
        return f"the import job {job.status}{detail}"
    if job.status == JobStatus.SUCCEEDED:
        return f"the import job ended without finishing {what}"
    return None


def job_enqueue(
    *,
    kind: str,
    user: Actor,
    organisation: Organisation,
    params: dict[str, Any] | None = None,
    input_file: File[Any] | None = None,
    input_name: str = "input",
) -> Job:
    """Queue a job (audited as its creation); in eager mode (tests, demos) run it at once."""
    if kind not in _TASKS:
        raise ValueError(f"Unknown job kind: {kind}")
    require(user, "job.create", organisation)
    job = Job(
        kind=kind,
        params=params or {},
        organisation=organisation,
        created_by=user if isinstance(user, User) else None,
        confidentiality=Confidentiality.RESTRICTED,
    )
    if input_file is not None:
        job.input_file.save(input_name, input_file, save=False)
    write_create(job, actor=user)
    _run_if_eager(job)
    return job


def _run_if_eager(job: Job) -> None:
    """In eager mode (tests, demos) a queued job runs at once, in the caller's process."""
    if settings.JOBS_EAGER:
        _claim(job, worker="eager")
        job_run(job)
        job.refresh_from_db()


def job_retry(*, job: Job, actor: Actor) -> Job:
    """Put a failed job back in the queue, keeping its last error until it runs again."""
    require(actor, "job.retry", job)
    if job.status != JobStatus.FAILED:
        raise ValueError(_("Only a failed job can be retried."))
    if not job_may_retry(job):  # its task said it would fail the same way again
        raise ValueError(_("This job would fail the same way again: start a new one."))
    values = {"status": JobStatus.QUEUED, "progress": 0, "message": _("Queued again")}
    write_update(job, actor=actor, values={**values, "attempts": 0})
    _run_if_eager(job)
    return job


def job_cancel(*, job: Job, actor: Actor) -> Job:
    """Cancel a queued or running job (its creator, or an admin of its organisation).

    A queued job is cancelled at once. A running one is marked as asked to cancel: its worker
    stops it at the task's next progress report (within a second or two) and records it
    cancelled. Both steps are audited; the job keeps who cancelled it and when.
    """
    require(actor, "job.cancel", job)
    user = actor if isinstance(actor, User) else None
    now = timezone.now()
    with transaction.atomic():
        current = Job.objects.select_for_update().get(pk=job.pk)
        if current.status not in {JobStatus.QUEUED, JobStatus.RUNNING}:
            raise ValueError(_("Only a queued or running job can be cancelled."))
        values: dict[str, Any] = {"cancel_requested_at": now, "cancelled_by": user}
        if current.status == JobStatus.QUEUED:
            values.update(
                status=JobStatus.CANCELLED,
                finished_at=now,
                message=gettext_noop("Cancelled before it ran"),
            )
        else:
            values.update(message=gettext_noop("Cancelling"))
        write_update(current, actor=actor, values=values)
    job.refresh_from_db()
    return job


def _claim(job: Job, worker: str) -> None:
    now = timezone.now()
    values = {"status": JobStatus.RUNNING, "worker": worker, "attempts": job.attempts + 1}
    values.update(started_at=now, heartbeat_at=now, error="")
    write_update(job, actor=SYSTEM, values=values)


def _owner_key(organisation_id: Any, user_id: Any) -> tuple[str, str]:
    return (str(organisation_id), str(user_id))


def claim_order(queued: list[Job], history: list[Job]) -> list[Job]:
    """The queued jobs in the order a worker should take them: round-robin between
    organisations, then between the people of each organisation, oldest first within each.

    `history` are the running and recently started jobs: an organisation (or a person) with
    fewer jobs running goes first, then the one whose last job started longest ago, so one
    big file (or a hundred small ones) from one user does not keep another's job waiting.
    """
    running_org: dict[str, int] = {}
    running_user: dict[tuple[str, str], int] = {}
    started_org: dict[str, datetime] = {}
    started_user: dict[tuple[str, str], datetime] = {}
    for past in history:
        org, user = _owner_key(past.organisation_id, past.created_by_id)
        if past.status == JobStatus.RUNNING:
            running_org[org] = running_org.get(org, 0) + 1
            running_user[(org, user)] = running_user.get((org, user), 0) + 1
        if past.started_at is not None:
            started_org[org] = max(started_org.get(org, past.started_at), past.started_at)
            key = (org, user)
            started_user[key] = max(started_user.get(key, past.started_at), past.started_at)
    never = datetime.min.replace(tzinfo=dt_utc)
    by_org: dict[str, dict[tuple[str, str], list[Job]]] = {}
    for job in sorted(queued, key=lambda j: (j.created_at, str(j.pk))):
        org, user = _owner_key(job.organisation_id, job.created_by_id)
        by_org.setdefault(org, {}).setdefault((org, user), []).append(job)
    org_lists = []
    for org, people in by_org.items():
        within = _round_robin(
            [
                (running_user.get(key, 0), (started_user.get(key, never), jobs[0].created_at), jobs)
                for key, jobs in people.items()
            ]
        )
        first = min(jobs[0].created_at for jobs in people.values())
        org_lists.append((running_org.get(org, 0), (started_org.get(org, never), first), within))
    return _round_robin(org_lists)


def _round_robin(groups: list[tuple[int, tuple[datetime, datetime], list[Job]]]) -> list[Job]:
    """Interleave the groups' jobs: one of each group per round, a group that already has
    `offset` jobs running joining from round `offset`; in each round, the group whose last
    job started longest ago (then the one waiting longest) goes first."""
    ranked = [
        ((offset + index, order), job)
        for offset, order, jobs in groups
        for index, job in enumerate(jobs)
    ]
    ranked.sort(key=lambda pair: pair[0])
    return [job for _, job in ranked]


CLAIM_WINDOW = 200  # queued jobs looked at per claim (the oldest ones)


def job_claim_next(worker: str, *, pk: Any = None) -> Job | None:
    """Take the next queued job in fair order (see claim_order), or job `pk` if still queued;
    SKIP LOCKED on PostgreSQL, a write lock on SQLite."""
    with transaction.atomic():
        queued = Job.objects.filter(status=JobStatus.QUEUED).order_by("created_at")
        if pk is not None:
            candidates = list(queued.filter(pk=pk))
        else:
            candidates = claim_order(list(queued[:CLAIM_WINDOW]), _claim_history())
        for candidate in candidates:
            job = queued.filter(pk=candidate.pk).select_for_update(skip_locked=True).first()
            if job is not None:
                _claim(job, worker)
                return job
    return None


def _claim_history() -> list[Job]:
    """Running jobs and the jobs started in the last hour: who has had the workers lately."""
    since = timezone.now() - timedelta(hours=1)
    recent = Job.objects.filter(status=JobStatus.RUNNING) | Job.objects.filter(
        started_at__gte=since
    )
    return list(recent.only("organisation_id", "created_by_id", "status", "started_at")[:1000])


def job_requeue_stale() -> int:
    """Give the jobs of dead workers back to the queue, or fail them after the last attempt."""
    cutoff = timezone.now() - timedelta(seconds=settings.JOBS_STALE_SECONDS)
    stale = Job.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=cutoff)
    count = 0
    for pk in stale.values_list("pk", flat=True):
        with transaction.atomic():  # the row again, locked: its worker may have finished it
            job = stale.select_for_update().filter(pk=pk).first()
            if job is not None:
                write_update(job, actor=SYSTEM, values=_stale_outcome(job))
                count += 1
    return count


def _stale_outcome(job: Job) -> dict[str, Any]:
    if job.cancel_requested_at is not None:  # cancelled while its worker was dying
        return {"status": JobStatus.CANCELLED, "finished_at": timezone.now()}
    if job.attempts >= settings.JOBS_MAX_ATTEMPTS:
        return {
            "status": JobStatus.FAILED,
            "error": "The worker running this job stopped responding too many times.",
            "finished_at": timezone.now(),
        }
    return {"status": JobStatus.QUEUED, "message": "Requeued after a worker stopped"}


def job_hand_back(job: Job, worker: str) -> bool:
    """Queue again a job this worker was running and did not finish; the attempt is not counted.

    Only if it is still this worker's running job: it may have finished as the grace ended.
    """
    with transaction.atomic():
        running = Job.objects.select_for_update().filter(
            pk=job.pk, status=JobStatus.RUNNING, worker=worker
        )
        current = running.first()
        if current is None:
            return False
        values = {
            "status": JobStatus.QUEUED,
            "attempts": max(current.attempts - 1, 0),
            "worker": "",
            "started_at": None,
            "heartbeat_at": None,
            "message": "Handed back to the queue when its worker stopped",
        }
        write_update(current, actor=SYSTEM, values=values)
    return True


def uploads_remove_expired(*, now: datetime | None = None) -> dict[str, int]:
    """Delete the uploaded input files of jobs that ended more than UPLOAD_RETENTION_DAYS
    ago (0 keeps them for ever); each removal is audited on its job, naming the kind of
    upload that went. Results (the job's own output) stay. Returns the count per kind."""
    from chemsec.core.limits import upload_retention_days

    days = upload_retention_days()
    if days <= 0:
        return {}
    cutoff = (now or timezone.now()) - timedelta(days=days)
    ended = {JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED}
    expired = Job.objects.filter(status__in=ended, finished_at__lt=cutoff).exclude(input_file="")
    removed: dict[str, int] = {}
    for job in expired.iterator():
        name = job.input_file.name
        kind = str(job_label(job.kind))
        message = f"Uploaded file ({kind}) removed after the {days}-day retention"
        with transaction.atomic():
            write_update(job, actor=SYSTEM, values={"input_file": "", "message": message[:300]})
        job.input_file.storage.delete(name)
        removed[kind] = removed.get(kind, 0) + 1
    return removed
