"""The `chemsec worker` loop: poll, claim, run each job with a heartbeat and a tuned garbage
collector, queue the due scheduled jobs, and stop cleanly."""

from __future__ import annotations

import gc
import logging
import os
import signal
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connection
from django.utils import timezone

from chemsec.core.choices import JobStatus
from chemsec.core.jobs.queue import job_claim_next, job_hand_back, job_requeue_stale
from chemsec.core.jobs.running import HandBack, WorkerStop, job_run
from chemsec.core.jobs.scheduling import _tick_safely
from chemsec.core.models import Job

log = logging.getLogger("chemsec.core.jobs")  # one logger for the whole queue, as before

SCHEDULE_CHECK_SECONDS = 30.0  # how often a worker looks for due scheduled jobs


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
