"""A database-backed job queue: enqueue, claim, run with progress, retry.

No broker: the `chemsec worker` process polls the jobs table. A worker beats a
heartbeat while it runs a job; a job whose heartbeat goes stale belonged to a
worker that died, and goes back to the queue until its attempts run out.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chemsec.core.choices import Confidentiality, JobStatus
from chemsec.core.models import Job, Organisation, User

log = logging.getLogger(__name__)

TaskFunction = Callable[[Job, "Progress"], dict[str, Any]]
_TASKS: dict[str, TaskFunction] = {}
_LABELS: dict[str, Any] = {}


def task(kind: str, label: Any = None) -> Callable[[TaskFunction], TaskFunction]:
    """Register a function as the runner of one kind of job (done in each app's tasks.py)."""

    def register(function: TaskFunction) -> TaskFunction:
        _TASKS[kind] = function
        _LABELS[kind] = label or kind
        return function

    return register


def job_label(kind: str) -> Any:
    """The translated name people see for a kind of job."""
    return _LABELS.get(kind, kind)


def registered_kinds() -> list[str]:
    return sorted(_TASKS)


class Progress:
    """What a task calls to report how far it has got; writes are throttled."""

    def __init__(self, job: Job, min_interval: float = 0.5) -> None:
        self.job = job
        self.min_interval = min_interval
        self._last_write = 0.0

    def update(self, percent: float, message: str = "", force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last_write < self.min_interval:
            return
        self._last_write = now
        self.job.progress = max(0, min(100, int(percent)))
        self.job.message = message[:300]
        Job.objects.filter(pk=self.job.pk).update(
            progress=self.job.progress, message=self.job.message, heartbeat_at=timezone.now()
        )

    def save_file(self, name: str, content: bytes) -> None:
        self.job.result_file.save(name, ContentFile(content), save=False)
        Job.objects.filter(pk=self.job.pk).update(result_file=self.job.result_file.name)


def job_enqueue(
    *,
    kind: str,
    user: User,
    organisation: Organisation,
    params: dict[str, Any] | None = None,
    input_file: ContentFile | None = None,
    input_name: str = "input",
) -> Job:
    """Queue a job; in eager mode (tests, demos) run it at once."""
    if kind not in _TASKS:
        raise ValueError(f"Unknown job kind: {kind}")
    job = Job(
        kind=kind,
        params=params or {},
        organisation=organisation,
        created_by=user,
        confidentiality=Confidentiality.RESTRICTED,
    )
    if input_file is not None:
        job.input_file.save(input_name, input_file, save=False)
    job.full_clean()
    job.save()
    if settings.JOBS_EAGER:
        _claim(job, worker="eager")
        job_run(job)
        job.refresh_from_db()
    return job


def job_retry(*, job: Job) -> Job:
    """Put a failed job back in the queue, keeping its last error until it runs again."""
    if job.status != JobStatus.FAILED:
        raise ValueError(_("Only a failed job can be retried."))
    job.status = JobStatus.QUEUED
    job.progress = 0
    job.message = _("Queued again")
    job.attempts = 0
    job.save(update_fields=["status", "progress", "message", "attempts", "updated_at"])
    if settings.JOBS_EAGER:
        _claim(job, worker="eager")
        job_run(job)
        job.refresh_from_db()
    return job


def _claim(job: Job, worker: str) -> None:
    now = timezone.now()
    job.status = JobStatus.RUNNING
    job.worker = worker
    job.attempts += 1
    job.started_at = now
    job.heartbeat_at = now
    job.error = ""
    job.save(update_fields=["status", "worker", "attempts", "started_at", "heartbeat_at", "error"])


def job_claim_next(worker: str) -> Job | None:
    """Take the oldest queued job; SKIP LOCKED on PostgreSQL, a write lock on SQLite."""
    with transaction.atomic():
        queued = Job.objects.filter(status=JobStatus.QUEUED).order_by("created_at")
        job = queued.select_for_update(skip_locked=True).first()
        if job is None:
            return None
        _claim(job, worker)
    return job


def job_requeue_stale() -> int:
    """Give the jobs of dead workers back to the queue, or fail them after the last attempt."""
    cutoff = timezone.now() - timedelta(seconds=settings.JOBS_STALE_SECONDS)
    stale = Job.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=cutoff)
    failed = stale.filter(attempts__gte=settings.JOBS_MAX_ATTEMPTS).update(
        status=JobStatus.FAILED,
        error="The worker running this job stopped responding too many times.",
        finished_at=timezone.now(),
    )
    requeued = stale.update(status=JobStatus.QUEUED, message="Requeued after a worker stopped")
    return failed + requeued


def job_run(job: Job) -> None:
    """Run a claimed job to the end and record its outcome."""
    progress = Progress(job)
    try:
        result = _TASKS[job.kind](job, progress)
    except Exception as exc:  # a task's failure is data for the user, not a crash
        log.exception("Job %s (%s) failed", job.pk, job.kind)
        _finish(job, JobStatus.FAILED, error=f"{type(exc).__name__}: {exc}")
        return
    _finish(job, JobStatus.SUCCEEDED, result=result)


def _finish(job: Job, status: str, result: dict[str, Any] | None = None, error: str = "") -> None:
    fields: dict[str, Any] = {
        "status": status,
        "finished_at": timezone.now(),
        "error": error[:5000],
    }
    if status == JobStatus.SUCCEEDED:
        fields.update(progress=100, result=result or {}, message=_("Done"))
    Job.objects.filter(pk=job.pk).update(**fields)


class _Heartbeat(threading.Thread):
    """Keeps a running job's heartbeat fresh while a long task step is busy."""

    def __init__(self, job: Job, interval: float) -> None:
        super().__init__(daemon=True)
        self.job_id = job.pk
        self.interval = interval
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(self.interval):
                Job.objects.filter(pk=self.job_id, status=JobStatus.RUNNING).update(
                    heartbeat_at=timezone.now()
                )
        finally:
            connection.close()  # this thread's own connection


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def work(*, once: bool = False, poll_seconds: float = 1.0, max_jobs: int | None = None) -> int:
    """The worker loop. With `once`, run what is queued and return the count."""
    done = 0
    name = worker_name()
    while max_jobs is None or done < max_jobs:
        job_requeue_stale()
        job = job_claim_next(name)
        if job is None:
            if once:
                break
            time.sleep(poll_seconds)
            continue
        beat = _Heartbeat(job, interval=max(1.0, settings.JOBS_STALE_SECONDS / 4))
        beat.start()
        try:
            job_run(job)
        finally:
            beat.stopped.set()
        done += 1
    return done
