"""Scheduled jobs: the worker queues each due one once per period, even with several workers."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from chemsec.cli import main
from chemsec.core import jobs
from chemsec.core.choices import JobStatus
from chemsec.core.jobs import registry, schedule_run_now, schedule_tick, scheduling, task, work
from chemsec.core.models import Job, ScheduledRun

RUNS = {"n": 0, "in_transaction": []}
MORNING = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)


@task("tests.tick")
def tick_task(job, progress):
    RUNS["n"] += 1
    RUNS["in_transaction"].append(connection.in_atomic_block)
    return {"scheduled": job.params.get("scheduled", False)}


@pytest.fixture
def daily_tick(monkeypatch):
    """Only the test kind is scheduled, daily, so the shipped schedules do not interfere."""
    monkeypatch.setattr(registry, "_EVERY", {"tests.tick": timedelta(days=1)})
    RUNS["n"] = 0
    RUNS["in_transaction"] = []


@pytest.fixture
def queued_only(settings):
    settings.JOBS_EAGER = False


def test_it_queues_a_due_job_once_in_each_period(daily_tick, queued_only, secretariat, meridian):
    [job] = schedule_tick(now=MORNING)
    assert job.kind == "tests.tick" and job.status == JobStatus.QUEUED
    assert job.params == {"scheduled": True} and job.created_by is None
    assert job.organisation == secretariat  # the secretariat owns scheduled work
    assert schedule_tick(now=MORNING + timedelta(hours=15)) == []
    assert len(schedule_tick(now=MORNING + timedelta(days=1))) == 1
    row = ScheduledRun.objects.get(kind="tests.tick")
    assert row.last_enqueued_at == MORNING + timedelta(days=1)
    assert Job.objects.filter(kind="tests.tick").count() == 2


def test_it_queues_once_when_two_workers_read_the_schedule_before_either_writes(
    daily_tick, queued_only, secretariat, monkeypatch
):
    stale = scheduling._last_runs()  # both workers have read "never run" ...
    monkeypatch.setattr(scheduling, "_last_runs", lambda: dict(stale))
    # ... then both try to queue.
    first, second = schedule_tick(now=MORNING), schedule_tick(now=MORNING)
    assert len(first) == 1 and second == []
    assert Job.objects.filter(kind="tests.tick").count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections")
@pytest.mark.django_db(transaction=True)
def test_it_queues_once_when_two_worker_threads_race_on_postgresql(
    daily_tick, queued_only, secretariat, monkeypatch
):
    read_both = threading.Barrier(2, timeout=10)
    last_runs = scheduling._last_runs

    def read_then_wait():
        seen = last_runs()
        read_both.wait()  # neither writes before both have read
        return seen

    monkeypatch.setattr(scheduling, "_last_runs", read_then_wait)
    queued: list[list[Job]] = []

    def worker():
        try:
            queued.append(schedule_tick(now=MORNING))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(len(q) for q in queued) == [0, 1]
    assert Job.objects.filter(kind="tests.tick").count() == 1


def test_it_waits_for_an_organisation_to_own_the_job(daily_tick, queued_only, db):
    assert schedule_tick(now=MORNING) == []
    assert ScheduledRun.objects.get(kind="tests.tick").last_enqueued_at is None


def test_the_worker_loop_queues_and_runs_due_jobs(daily_tick, queued_only, meridian):
    assert work(once=True) == 0  # a one-off run only does what was already queued
    assert work(once=True, scheduled=True) == 1
    assert RUNS["n"] == 1
    assert work(once=True, scheduled=True) == 0  # not due again today


def test_it_ships_the_reminders_as_a_daily_schedule():
    assert jobs.scheduled_kinds()["frameworks.send_reminders"] == timedelta(days=1)


def test_it_refuses_a_schedule_that_is_not_positive():
    with pytest.raises(ValueError, match="positive"):
        task("tests.never", every=timedelta(0))


def test_it_lists_schedules_and_runs_one_now_from_the_cli(
    daily_tick, queued_only, secretariat, capsys
):
    assert main(["schedule"]) == 0
    listed = capsys.readouterr().out
    assert "tests.tick" in listed and "1 day" in listed
    assert "never" in listed and "due now" in listed

    assert main(["schedule", "run", "tests.tick"]) == 0
    out = capsys.readouterr().out
    assert "Queued tests.tick" in out and "succeeded" in out
    assert RUNS["n"] == 1
    job = Job.objects.get(kind="tests.tick")
    assert job.status == JobStatus.SUCCEEDED and job.worker.endswith(":schedule")

    assert main(["schedule", "run", "--due"]) == 0  # the run above counts for today
    assert "Nothing is due." in capsys.readouterr().out
    assert main(["schedule", "list"]) == 0
    listed = capsys.readouterr().out
    assert "succeeded" in listed and "due now" not in listed and "never" not in listed


def test_the_cli_can_leave_the_job_to_a_worker(daily_tick, queued_only, secretariat, capsys):
    assert main(["schedule", "run", "--due", "--queue-only"]) == 0
    assert "Queued tests.tick" in capsys.readouterr().out
    assert Job.objects.get(kind="tests.tick").status == JobStatus.QUEUED
    assert RUNS["n"] == 0


def test_the_cli_refuses_kinds_that_are_not_scheduled(daily_tick, db, capsys):
    assert main(["schedule", "run", "tests.count"]) == 2
    assert "not scheduled: tests.count" in capsys.readouterr().err
    assert main(["schedule", "run"]) == 2
    assert "name a KIND or --due" in capsys.readouterr().err


def test_running_now_counts_as_this_periods_run(daily_tick, queued_only, secretariat):
    job = schedule_run_now(kind="tests.tick", now=MORNING)
    assert ScheduledRun.objects.get(kind="tests.tick").last_job == job
    assert schedule_tick(now=MORNING + timedelta(hours=1)) == []


@pytest.mark.django_db(transaction=True)
def test_an_eager_scheduled_job_runs_after_the_schedule_is_committed(daily_tick, secretariat):
    # A task (the reminders mail people) must not run while the scheduler holds its lock.
    [job] = schedule_tick(now=MORNING)
    run_now = schedule_run_now(kind="tests.tick", now=MORNING)
    assert job.status == run_now.status == JobStatus.SUCCEEDED
    assert RUNS["in_transaction"] == [False, False]
