"""The kinds of job: each app's tasks register their runner, label, schedule, subject
and result pages here (`task`), and the queue, the worker and the pages look them up."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from chemsec.core.choices import JobStatus
from chemsec.core.models import Job

if TYPE_CHECKING:
    from chemsec.core.jobs.running import Progress

log = logging.getLogger("chemsec.core.jobs")  # one logger for the whole queue, as before

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
