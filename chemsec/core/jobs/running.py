"""Running one claimed job: its progress reports, cancellation, the recorded outcome, and
where a stopping worker may interrupt it (`WorkerStop`, `HandBack`)."""

from __future__ import annotations

import logging
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext_noop

from chemsec.core.choices import JobStatus
from chemsec.core.job_failures import JobFailure
from chemsec.core.jobs.registry import _TASKS
from chemsec.core.models import Job
from chemsec.core.policy import SYSTEM
from chemsec.core.writes import write_update

log = logging.getLogger("chemsec.core.jobs")  # one logger for the whole queue, as before


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
