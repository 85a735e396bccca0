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

The package's modules, by concern: `registry` (the kinds of job and what they register),
`running` (one job's run, progress and stop), `queue` (enqueue, claim, retry, cancel),
`scheduling` (the jobs queued by the clock) and `worker` (the `chemsec worker` loop).
"""

from chemsec.core.jobs.queue import (
    CLAIM_WINDOW,
    claim_order,
    job_cancel,
    job_claim_next,
    job_enqueue,
    job_hand_back,
    job_requeue_stale,
    job_retry,
    unfinished_reason,
    uploads_remove_expired,
)
from chemsec.core.jobs.registry import (
    ResultPage,
    ResultsFunction,
    SubjectFunction,
    TaskFunction,
    job_label,
    job_result_page,
    job_subject,
    registered_kinds,
    scheduled_kinds,
    task,
)
from chemsec.core.jobs.running import (
    HandBack,
    JobCancelled,
    Progress,
    WorkerStop,
    job_run,
)
from chemsec.core.jobs.scheduling import (
    ScheduleState,
    schedule_owner,
    schedule_run_now,
    schedule_states,
    schedule_tick,
)
from chemsec.core.jobs.worker import (
    JOB_GC_THRESHOLD,
    SCHEDULE_CHECK_SECONDS,
    job_run_here,
    work,
    worker_name,
    worker_prepare,
)

__all__ = [
    "CLAIM_WINDOW",
    "JOB_GC_THRESHOLD",
    "SCHEDULE_CHECK_SECONDS",
    "HandBack",
    "JobCancelled",
    "Progress",
    "ResultPage",
    "ResultsFunction",
    "ScheduleState",
    "SubjectFunction",
    "TaskFunction",
    "WorkerStop",
    "claim_order",
    "job_cancel",
    "job_claim_next",
    "job_enqueue",
    "job_hand_back",
    "job_label",
    "job_requeue_stale",
    "job_result_page",
    "job_retry",
    "job_run",
    "job_run_here",
    "job_subject",
    "registered_kinds",
    "schedule_owner",
    "schedule_run_now",
    "schedule_states",
    "schedule_tick",
    "scheduled_kinds",
    "task",
    "unfinished_reason",
    "uploads_remove_expired",
    "work",
    "worker_name",
    "worker_prepare",
]
