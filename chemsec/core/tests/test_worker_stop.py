"""A stopped worker (SIGTERM from `chemsec serve` or a process manager, or Ctrl-C) finishes
its job within the grace period, or hands it back to the queue without using an attempt."""

import signal
import subprocess
import sys
import time

import pytest

from chemsec.core.choices import JobStatus
from chemsec.core.jobs import job_enqueue
from chemsec.core.models import AuditEntry, Job
from chemsec.core.tests import worker_tasks
from chemsec.core.tests.test_jobs import _database_env

pytestmark = pytest.mark.django_db(transaction=True)

WORKER = (
    "import sys; from chemsec.core.commands import django_setup; django_setup(); "
    "import chemsec.core.tests.worker_tasks; from chemsec.cli import main; "
    "sys.exit(main(['worker', '--poll', '0.2']))"
)


def _worker(grace: float) -> subprocess.Popen:
    env = _database_env() | {"CHEMSEC_JOBS_STOP_GRACE_SECONDS": str(grace)}
    return subprocess.Popen(
        [sys.executable, "-c", WORKER],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_until_running(job: Job, worker: subprocess.Popen) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status == JobStatus.RUNNING and job.message == worker_tasks.STARTED:
            return
        assert worker.poll() is None, worker.communicate()
        time.sleep(0.1)
    worker.kill()
    pytest.fail(f"the worker never started the job: {worker.communicate()}")


def _stop(worker: subprocess.Popen, *signals: signal.Signals, within: float) -> str:
    started = time.monotonic()
    for number in signals:
        worker.send_signal(number)
        time.sleep(0.2)
    try:
        out, err = worker.communicate(timeout=within)
    except subprocess.TimeoutExpired:
        worker.kill()
        pytest.fail(f"the worker did not stop within {within}s: {worker.communicate()}")
    assert worker.returncode == 0, err
    assert time.monotonic() - started < within
    return out


@pytest.fixture
def queued(settings, alice, meridian):
    settings.JOBS_EAGER = False

    def make(seconds: float) -> Job:
        return job_enqueue(
            kind="tests.sleep", user=alice, organisation=meridian, params={"seconds": seconds}
        )

    return make


def test_it_lets_a_job_that_ends_within_the_grace_period_finish(queued):
    job = queued(1.5)
    worker = _worker(grace=60)
    _wait_until_running(job, worker)
    out = _stop(worker, signal.SIGTERM, within=30)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.result == {"slept": 1.5}
    assert job.attempts == 1
    assert "Ran 1 job(s), then stopped" in out


def test_it_hands_back_a_job_that_outlasts_the_grace_period(queued):
    job = queued(600)
    worker = _worker(grace=1)
    _wait_until_running(job, worker)
    out = _stop(worker, signal.SIGTERM, within=20)
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and job.attempts == 0  # the attempt is not counted
    assert job.worker == "" and job.started_at is None and job.finished_at is None
    assert "handed back" in job.message.lower()
    assert "Ran 0 job(s), then stopped" in out
    handed_back = AuditEntry.objects.filter(object_id=str(job.pk)).order_by("-pk").first()
    assert handed_back is not None and handed_back.changes["status"] == ["running", "queued"]


def test_a_second_signal_hands_the_job_back_at_once(queued):
    job = queued(600)
    worker = _worker(grace=300)
    _wait_until_running(job, worker)
    _stop(worker, signal.SIGTERM, signal.SIGINT, within=20)
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and job.attempts == 0


def test_an_idle_worker_stops_at_once():
    worker = _worker(grace=60)
    assert "waiting for jobs" in worker.stdout.readline()  # its signal handlers are in place
    assert "Ran 0 job(s), then stopped" in _stop(worker, signal.SIGTERM, within=5)
