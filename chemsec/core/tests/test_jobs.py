"""The database-backed job queue: progress, failure, retry, dead workers, a real worker."""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from chemsec.core.choices import JobStatus
from chemsec.core.jobs import job_enqueue, job_requeue_stale, job_retry, task, work
from chemsec.core.models import Job

ATTEMPTS = {"n": 0}


@task("tests.count")
def count_task(job, progress):
    for i in range(1, 5):
        progress.update(25 * i, f"step {i}", force=True)
    return {"counted": job.params["to"]}


@task("tests.flaky")
def flaky_task(job, progress):
    ATTEMPTS["n"] += 1
    if ATTEMPTS["n"] == 1:
        raise RuntimeError("the disk was full")
    return {"ok": True}


def test_it_runs_a_job_eagerly_to_completion(alice, meridian):
    job = job_enqueue(kind="tests.count", user=alice, organisation=meridian, params={"to": 4})
    assert job.status == JobStatus.SUCCEEDED
    assert job.progress == 100 and job.result == {"counted": 4}
    assert job.attempts == 1 and job.finished_at is not None


def test_it_keeps_the_error_of_a_failed_job_and_retries_it(alice, meridian):
    ATTEMPTS["n"] = 0
    job = job_enqueue(kind="tests.flaky", user=alice, organisation=meridian)
    assert job.status == JobStatus.FAILED
    assert "the disk was full" in job.error
    job = job_retry(job=job, actor=alice)
    assert job.status == JobStatus.SUCCEEDED and job.error == ""


def test_it_refuses_unknown_kinds(alice, meridian):
    with pytest.raises(ValueError, match="Unknown job kind"):
        job_enqueue(kind="tests.nope", user=alice, organisation=meridian)


def test_it_gives_a_dead_workers_job_back_to_the_queue(settings, alice, meridian):
    settings.JOBS_EAGER = False
    job = job_enqueue(kind="tests.count", user=alice, organisation=meridian, params={"to": 1})
    stale = timezone.now() - timedelta(seconds=settings.JOBS_STALE_SECONDS + 5)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, heartbeat_at=stale, attempts=1)
    assert job_requeue_stale() == 1
    assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED
    assert work(once=True) == 1
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.attempts == 2


def test_it_fails_a_job_whose_workers_keep_dying(settings, alice, meridian):
    settings.JOBS_EAGER = False
    job = job_enqueue(kind="tests.count", user=alice, organisation=meridian, params={"to": 1})
    stale = timezone.now() - timedelta(seconds=settings.JOBS_STALE_SECONDS + 5)
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, heartbeat_at=stale, attempts=settings.JOBS_MAX_ATTEMPTS
    )
    job_requeue_stale()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "stopped responding" in job.error


def _database_env():
    """Point a child process at the database this test uses."""
    env = dict(os.environ)
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        env["CHEMSEC_SQLITE_PATH"] = str(db["NAME"])
    else:
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or 'localhost'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        )
    env["CHEMSEC_JOBS_EAGER"] = "0"
    return env


@pytest.mark.django_db(transaction=True)
def test_it_runs_queued_jobs_in_a_real_worker_process(settings, alice, meridian):
    settings.JOBS_EAGER = False
    job = job_enqueue(kind="core.audit_verify", user=alice, organisation=meridian)
    assert job.status == JobStatus.QUEUED
    completed = subprocess.run(
        [sys.executable, "-m", "chemsec", "worker", "--once"],
        env=_database_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "Ran 1 job(s)" in completed.stdout
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.result["ok"] is True and job.progress == 100
