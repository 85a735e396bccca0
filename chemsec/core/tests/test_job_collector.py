"""A worker runs each job with Python's collector set for a batch (a full collection of a
worker's long-lived objects, Django and every app, was about a third of a large screening
job's CPU time), and puts it back as it was after the job, whatever the job's outcome; a job
run eagerly in a web process leaves the collector alone."""

import gc

import pytest

from chemsec.core.choices import JobStatus
from chemsec.core.jobs import JOB_GC_THRESHOLD, job_enqueue, task, work, worker_prepare
from chemsec.core.models import Job

SEEN: list[tuple[int, int]] = []


@task("tests.collector")
def collector_task(job, progress):
    SEEN.append((gc.get_threshold()[0], gc.get_freeze_count()))
    if job.params.get("fail"):
        raise RuntimeError("the disk was full")
    return {}


@pytest.fixture
def collector():
    """The test process's collector as it was, whatever the test did to it."""
    threshold = gc.get_threshold()
    SEEN.clear()
    yield threshold
    gc.set_threshold(*threshold)
    gc.unfreeze()


def test_a_worker_job_runs_with_fewer_collections_and_the_collector_comes_back(
    settings, alice, meridian, collector
):
    settings.JOBS_EAGER = False
    first = job_enqueue(kind="tests.collector", user=alice, organisation=meridian)
    failing = job_enqueue(
        kind="tests.collector", user=alice, organisation=meridian, params={"fail": True}
    )
    assert work(once=True) == 2
    assert [threshold for threshold, _frozen in SEEN] == [JOB_GC_THRESHOLD, JOB_GC_THRESHOLD]
    assert gc.get_threshold() == collector  # after a job that succeeded and one that failed
    # What the first job left alive was frozen: the second one's collections skip it.
    assert SEEN[1][1] > 0
    assert Job.objects.get(pk=first.pk).status == JobStatus.SUCCEEDED
    assert Job.objects.get(pk=failing.pk).status == JobStatus.FAILED


def test_an_eager_job_leaves_the_collector_of_the_web_process_alone(alice, meridian, collector):
    gc.unfreeze()
    job_enqueue(kind="tests.collector", user=alice, organisation=meridian)
    assert [(collector[0], 0)] == SEEN
    assert gc.get_threshold() == collector and gc.get_freeze_count() == 0


def test_a_worker_freezes_what_it_loaded_before_its_first_job(collector):
    gc.unfreeze()
    worker_prepare()
    assert gc.get_freeze_count() > 10_000  # Django, the URL configuration, every app
