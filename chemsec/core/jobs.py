"""A database-backed job queue: enqueue, claim, run with progress, retry.

No broker: the `chemsec worker` process polls the jobs table. A worker beats a
heartbeat while it runs a job; a job whose heartbeat goes stale belonged to a
worker that died, and goes back to the queue until its attempts run out.

`chemsec worker` stops cleanly on SIGTERM or SIGINT (`chemsec serve` stopping, a process
manager, Ctrl-C): it claims nothing more, lets the running job finish if it ends within
CHEMSEC_JOBS_STOP_GRACE_SECONDS, and otherwise hands it back to the queue (queued again, the
attempt not counted) before exiting. A second signal hands the job back at once.

A kind of job registered with `every=` is also queued by the worker once in each period
(see chemsec/core/schedule.py). One database row per scheduled kind holds when it was last
queued; a worker queues the job only if its compare-and-set on that row succeeds, so several
workers never queue the same period twice, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import gc
import logging
import os
import signal
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC as dt_utc
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from chemsec.core import schedule
from chemsec.core.choices import Confidentiality, JobStatus, OrganisationKind
from chemsec.core.job_failures import JobFailure, job_may_retry
from chemsec.core.models import Job, Organisation, ScheduledRun, User
from chemsec.core.policy import SYSTEM, Actor, require
from chemsec.core.writes import write_create, write_update

log = logging.getLogger(__name__)

TaskFunction = Callable[[Job, "Progress"], dict[str, Any]]
_TASKS: dict[str, TaskFunction] = {}
_LABELS: dict[str, Any] = {}
_EVERY: dict[str, timedelta] = {}
# What a job's page links back to: (url, label) of the record the job works for.
SubjectFunction = Callable[[Job], "tuple[str, str] | None"]
_SUBJECTS: dict[str, SubjectFunction] = {}


@dataclass(frozen=True)
class ResultPage:
    """One page of a job's result rows, as its page shows them (labelled columns)."""

    columns: list[str]
    rows: list[list[Any]]
    number: int
    pages: int
    total: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


ResultsFunction = Callable[[Job, int], "ResultPage | None"]
_RESULTS: dict[str, ResultsFunction] = {}
SCHEDULE_CHECK_SECONDS = 30.0  # how often a worker looks for due scheduled jobs


def task(
    kind: str,
    label: Any = None,
    every: timedelta | None = None,
    subject: SubjectFunction | None = None,
    results: ResultsFunction | None = None,
) -> Callable[[TaskFunction], TaskFunction]:
    """Register a function as the runner of one kind of job (done in each app's tasks.py).

    With `every`, workers also queue it once in each such period, with params {"scheduled": true}.
    With `subject`, the job's page links back to what it works for (a screening, a facility);
    with `results`, it shows the job's result rows, a page at a time.
    """
    if every is not None and every <= timedelta(0):
        raise ValueError(f"The schedule of {kind} must be a positive interval.")

    def register(function: TaskFunction) -> TaskFunction:
        _TASKS[kind] = function
        _LABELS[kind] = label or kind
        if every is not None:
            _EVERY[kind] = every
        if subject is not None:
            _SUBJECTS[kind] = subject
        if results is not None:
            _RESULTS[kind] = results
        return function

    return register


def job_label(kind: str) -> Any:
    """The translated name people see for a kind of job."""
    return _LABELS.get(kind, kind)


def job_subject(job: Job) -> tuple[str, str] | None:
    """(url, label) of what the job works for, or None (a scheduled job, a gone record)."""
    function = _SUBJECTS.get(job.kind)
    if function is None:
        return None
    try:
        return function(job)
    except Exception:  # a deleted record, odd params: the page still renders, without the link
        log.warning("No subject for job %s (%s)", job.pk, job.kind, exc_info=True)
        return None


def job_result_page(job: Job, number: int) -> ResultPage | None:
    """Page `number` of a finished job's result rows, or None (no rows to show)."""
    function = _RESULTS.get(job.kind)
    if function is None or job.status != JobStatus.SUCCEEDED:
        return None
    try:
        return function(job, number)
    except OSError:  # the result file is gone (retention, a restore): the page still renders
        log.warning("No result rows for job %s", job.pk, exc_info=True)
        return None


def registered_kinds() -> list[str]:
    return sorted(_TASKS)


def scheduled_kinds() -> dict[str, timedelta]:
    """The kinds of job the worker queues by itself, with their intervals."""
    return dict(sorted(_EVERY.items()))


class JobCancelled(BaseException):
    """Raised inside a running task at its next progress report once someone cancelled it.

    A BaseException, like HandBack, so that a task's own `except Exception` does not swallow
    it; transaction.atomic blocks it leaves are rolled back.
    """


class Progress:
    """What a task calls to report how far it has got; writes are throttled.

    Each write also asks whether the job was cancelled (the same UPDATE, matching only a job
    nobody cancelled): a cancelled job's task stops at its next report, raising JobCancelled.
    Tasks that go a while without reporting call `check()` between chunks.
    """

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
        # Progress is not a state change: throttled and unaudited, like the heartbeat.
        written = Job.objects.filter(pk=self.job.pk, cancel_requested_at__isnull=True).update(
            progress=self.job.progress, message=self.job.message, heartbeat_at=timezone.now()
        )
        if not written and self.job.pk is not None:
            raise JobCancelled

    def check(self) -> None:
        """Stop here (JobCancelled) if the job was cancelled; throttled like `update`."""
        now = time.monotonic()
        if now - self._last_write < self.min_interval:
            return
        self._last_write = now
        if Job.objects.filter(pk=self.job.pk, cancel_requested_at__isnull=False).exists():
            raise JobCancelled

    def save_file(self, name: str, content: bytes) -> None:
        self.job.result_file.save(name, ContentFile(content), save=False)
        # Recorded with the job's outcome: the "succeeded" entry names the result file.
        Job.objects.filter(pk=self.job.pk).update(result_file=self.job.result_file.name)


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


def job_run(job: Job) -> None:
    """Run a claimed job to the end and record its outcome."""
    progress = Progress(job)
    try:
        with _interruptible():
            if Job.objects.filter(pk=job.pk, cancel_requested_at__isnull=False).exists():
                raise JobCancelled
            result = _TASKS[job.kind](job, progress)
    except JobCancelled:
        log.info("Job %s (%s) cancelled", job.pk, job.kind)
        _finish(job, JobStatus.CANCELLED)
        return
    except JobFailure as exc:  # told to the user as a code; the detail in this log only
        log.exception("Job %s (%s) failed", job.pk, job.kind)
        _finish(job, JobStatus.FAILED, error=str(exc), failure=exc.as_dict())
        return
    except Exception as exc:  # a task's failure is data for the user, not a crash
        log.exception("Job %s (%s) failed", job.pk, job.kind)
        _finish(job, JobStatus.FAILED, error=f"{type(exc).__name__}: {exc}")
        return
    _finish(job, JobStatus.SUCCEEDED, result=result)


def _finish(
    job: Job,
    status: str,
    result: dict[str, Any] | None = None,
    error: str = "",
    failure: dict[str, Any] | None = None,
) -> None:
    fields: dict[str, Any] = {
        "status": status,
        "finished_at": timezone.now(),
        "error": error[:5000],
    }
    if status == JobStatus.FAILED:  # a coded failure (JobFailure), or none from an earlier try
        fields.update(result={"failure": failure} if failure else {})
    if status == JobStatus.SUCCEEDED:
        fields.update(progress=100, result=result or {}, message=gettext_noop("Done"))
    if status == JobStatus.CANCELLED:
        fields.update(message=gettext_noop("Cancelled"))
    # The task's own writes, and who cancelled it.
    job.refresh_from_db(
        fields=["progress", "message", "result_file", "cancel_requested_at", "cancelled_by"]
    )
    write_update(job, actor=SYSTEM, values=fields)


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


class HandBack(BaseException):
    """Raised inside a running task when its stopping worker's grace period is over.

    A BaseException, so that neither job_run nor a task's `except Exception` takes it for the
    task's own failure; transaction.atomic blocks it leaves are rolled back.
    """


class WorkerStop:
    """SIGTERM and SIGINT handling of `chemsec worker` (signals reach the main thread only)."""

    def __init__(self, grace_seconds: float) -> None:
        self.grace_seconds = grace_seconds
        self.requested = False
        self.in_task = False

    def install(self) -> WorkerStop:
        global _stop
        for number in (signal.SIGTERM, signal.SIGINT):
            signal.signal(number, self._on_stop)
        signal.signal(signal.SIGALRM, self._on_grace_over)
        _stop = self
        return self

    def _on_stop(self, number: int, frame: Any) -> None:
        if self.requested:  # a second signal: no more waiting
            self._on_grace_over(number, frame)
            return
        self.requested = True
        log.info("Worker stopping (%s)", signal.Signals(number).name)
        if self.in_task:
            log.info("Waiting up to %ss for the running job", self.grace_seconds)
            signal.setitimer(signal.ITIMER_REAL, max(self.grace_seconds, 0.001))

    def _on_grace_over(self, number: int, frame: Any) -> None:
        if self.in_task:
            self.in_task = False  # raise once
            raise HandBack

    def sleep(self, seconds: float) -> None:
        """Sleep between polls, waking early once a stop is requested."""
        end = time.monotonic() + seconds
        while not self.requested and (left := end - time.monotonic()) > 0:
            time.sleep(min(left, 0.1))


_stop: WorkerStop | None = None  # the installed one, in a `chemsec worker` process


@contextmanager
def _interruptible() -> Iterator[None]:
    """Where a stopping worker may interrupt: inside the task, never while its outcome is saved."""
    stop = _stop
    if stop is None:
        yield
        return
    if stop.requested:  # asked to stop before the task began: it goes back untouched
        raise HandBack
    stop.in_task = True
    try:
        yield
    finally:
        stop.in_task = False


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


def worker_prepare() -> None:
    """What every job's end needs, loaded once when a worker starts instead of inside its
    first job: the URL configuration (tasks name their results' pages and downloads with
    `reverse`, which imports every app's views and API on first use: seconds of a small
    job's time)."""
    from django.urls import get_resolver

    try:
        get_resolver().reverse_dict  # noqa: B018 (imports and indexes the URL configuration)
    except Exception:  # the worker still runs jobs; the first `reverse` will say what is wrong
        log.exception("The URL configuration could not be loaded")
    _settle_heap()


# The worker's garbage collector. A worker holds Django, every app and the engine's tables:
# some 300,000 objects that live as long as the process. Python's collector scans them again
# in every full collection and a job triggers many (a 100,000-row screening allocates
# millions of objects): measured, that was about a third of the worker's CPU time on such a
# file, where `chemsec screen` (a process without Django) pays far less. So the worker
# freezes what is alive once it is ready and again after each job (gc.freeze: collections
# skip those objects; refcounting still frees them), and while a job runs the collector
# looks for cycles every JOB_GC_THRESHOLD allocations instead of every 700 (Python's
# default; a job makes few reference cycles, and each collection then has less to scan).
JOB_GC_THRESHOLD = 10_000


def _settle_heap() -> None:
    """Collect what is garbage now, then freeze what is left (the objects a worker keeps)."""
    gc.collect()
    gc.freeze()


@contextmanager
def _job_collector() -> Iterator[None]:
    """The collector's setting while a job runs in a worker (see JOB_GC_THRESHOLD); after
    the job, its garbage is collected and what it left alive (caches) is frozen too."""
    first, *rest = gc.get_threshold()
    gc.set_threshold(max(first, JOB_GC_THRESHOLD), *rest)
    try:
        yield
    finally:
        gc.set_threshold(first, *rest)
        _settle_heap()


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def job_run_here(job: Job, worker: str) -> bool:
    """Claim one queued job and run it in this process; False if a worker took it first."""
    claimed = job_claim_next(worker, pk=job.pk)
    if claimed is None:
        return False
    _run_with_heartbeat(claimed)
    return True


def _run_with_heartbeat(job: Job) -> None:
    beat = _Heartbeat(job, interval=max(1.0, settings.JOBS_STALE_SECONDS / 4))
    beat.start()
    try:
        with _job_collector():
            job_run(job)
    finally:
        beat.stopped.set()


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
    missing = [ScheduledRun(kind=kind) for kind in _EVERY if kind not in rows]
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
    if kind not in _EVERY:
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
    rows = ScheduledRun.objects.select_related("last_job").in_bulk(list(_EVERY))
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


def work(
    *,
    once: bool = False,
    poll_seconds: float = 1.0,
    max_jobs: int | None = None,
    scheduled: bool | None = None,
    stop: WorkerStop | None = None,
) -> int:
    """The worker loop. With `once`, run what is queued and return the count.

    The long-running loop also queues due scheduled jobs (`scheduled` defaults to `not once`):
    a one-off run does exactly the work that was waiting, and cron users call
    `chemsec schedule run` instead. With `stop` (installed by `chemsec worker`), a stop
    request ends the loop after the running job, or hands that job back (see WorkerStop).
    """
    done = 0
    name = worker_name()
    scheduling = (not once) if scheduled is None else scheduled
    next_check = 0.0
    while (max_jobs is None or done < max_jobs) and not (stop and stop.requested):
        if scheduling and time.monotonic() >= next_check:
            _tick_safely()
            next_check = time.monotonic() + SCHEDULE_CHECK_SECONDS
        job_requeue_stale()
        job = job_claim_next(name)
        if job is None:
            if once:
                break
            if stop is not None:
                stop.sleep(poll_seconds)
            else:
                time.sleep(poll_seconds)
            continue
        try:
            _run_with_heartbeat(job)
        except HandBack:
            if job_hand_back(job, name):
                log.warning("Job %s (%s) handed back to the queue", job.pk, job.kind)
            break
        finally:
            if stop is not None:
                signal.setitimer(signal.ITIMER_REAL, 0)  # the job ended within the grace
        done += 1
    return done
