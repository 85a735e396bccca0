"""Cancelling jobs (owner or organisation admin, page and API) and the fair order of claims."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from chemsec.core.choices import JobStatus, Role
from chemsec.core.jobs import (
    claim_order,
    job_cancel,
    job_claim_next,
    job_enqueue,
    job_requeue_stale,
    job_run,
    task,
)
from chemsec.core.models import AuditEntry, Job
from chemsec.core.policy import Denied, NotVisible

LOOPING = "looping"


@task("tests.loop")
def loop_task(job, progress):
    """Reports progress often, as real tasks do between chunks, for up to a minute."""
    end = time.monotonic() + 60
    progress.update(1, LOOPING, force=True)
    while time.monotonic() < end:
        progress.update(50, "working")
        time.sleep(0.01)
    return {"rows": 0}


@task("tests.quick")
def quick_task(job, progress):
    return {"rows": 1}


def _queued(settings, user, organisation, kind="tests.quick"):
    settings.JOBS_EAGER = False
    return job_enqueue(kind=kind, user=user, organisation=organisation)


def test_the_owner_cancels_a_queued_job_at_once_and_it_is_audited(settings, bob, meridian):
    job = _queued(settings, bob, meridian)
    job_cancel(job=job, actor=bob)
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    assert job.cancelled_by == bob and job.cancel_requested_at and job.finished_at
    entry = AuditEntry.objects.filter(object_id=str(job.pk), action="update").latest("sequence")
    assert entry.actor_id == bob.pk and entry.changes["status"][1] == JobStatus.CANCELLED
    assert job_claim_next("w1") is None  # nothing left to run


def test_an_admin_of_the_organisation_cancels_a_members_job(settings, alice, bob, meridian):
    job = _queued(settings, bob, meridian)
    job_cancel(job=job, actor=alice)  # alice is meridian's admin
    assert Job.objects.get(pk=job.pk).cancelled_by == alice


def test_another_member_or_organisation_may_not_cancel(
    settings, make_user, alice, charlie, meridian
):
    job = _queued(settings, alice, meridian)
    viewer = make_user("viewer", meridian, Role.VIEWER)
    for outsider in (viewer, charlie):
        with pytest.raises((Denied, NotVisible)):
            job_cancel(job=job, actor=outsider)
    assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED


def test_a_finished_job_cannot_be_cancelled(alice, meridian):
    job = job_enqueue(kind="tests.quick", user=alice, organisation=meridian)
    assert job.status == JobStatus.SUCCEEDED
    with pytest.raises(ValueError):
        job_cancel(job=job, actor=alice)


@pytest.mark.django_db(transaction=True)
def test_a_running_job_stops_within_seconds_once_cancelled(settings, alice, meridian):
    job = _queued(settings, alice, meridian, kind="tests.loop")
    claimed = job_claim_next("w1")
    assert claimed.pk == job.pk

    def run():
        try:
            job_run(claimed)
        finally:
            connection.close()

    runner = threading.Thread(target=run)
    runner.start()
    deadline = time.monotonic() + 30
    while Job.objects.get(pk=job.pk).message != LOOPING and time.monotonic() < deadline:
        time.sleep(0.05)
    asked = time.monotonic()
    job_cancel(job=job, actor=alice)
    assert Job.objects.get(pk=job.pk).status == JobStatus.RUNNING  # asked, not yet stopped
    runner.join(timeout=10)
    assert not runner.is_alive()
    assert time.monotonic() - asked < 5
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED and job.cancelled_by == alice
    assert job.finished_at is not None and job.result == {}


def test_a_cancelled_job_whose_worker_died_is_not_run_again(settings, alice, meridian):
    job = _queued(settings, alice, meridian)
    stale = timezone.now() - timedelta(seconds=settings.JOBS_STALE_SECONDS + 5)
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, heartbeat_at=stale, attempts=1, cancel_requested_at=stale
    )
    assert job_requeue_stale() == 1
    assert Job.objects.get(pk=job.pk).status == JobStatus.CANCELLED


def test_cancel_from_the_page_and_the_api(settings, client, alice, bob, meridian):
    first, second = _queued(settings, bob, meridian), _queued(settings, bob, meridian)
    client.force_login(bob)
    page = client.get(reverse("job_detail", args=[first.pk]))
    assert reverse("job_cancel", args=[first.pk]) in page.content.decode()
    response = client.post(reverse("job_cancel", args=[first.pk]))
    assert response.status_code == 302
    assert Job.objects.get(pk=first.pk).status == JobStatus.CANCELLED
    page = client.get(reverse("job_detail", args=[first.pk])).content.decode()
    assert "Cancelled by bob" in page and reverse("job_cancel", args=[first.pk]) not in page
    answer = client.post(f"/api/v1/jobs/{second.pk}/cancel")
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "cancelled" and answer.json()["cancelled_by"] == "bob"
    again = client.post(f"/api/v1/jobs/{second.pk}/cancel")
    assert again.status_code == 409 and again.json()


def test_a_small_job_is_not_starved_by_a_big_users_queue(settings, alice, charlie, meridian):
    """Alice queues five files; Charlie (another organisation) one, after them. One worker
    takes Alice's first, then Charlie's, then the rest of Alice's."""
    settings.JOBS_EAGER = False
    big = [job_enqueue(kind="tests.quick", user=alice, organisation=meridian) for _ in range(5)]
    small = job_enqueue(
        kind="tests.quick", user=charlie, organisation=charlie.memberships.get().organisation
    )
    order = []
    while (job := job_claim_next("w1")) is not None:
        order.append(job.pk)
        Job.objects.filter(pk=job.pk).update(status=JobStatus.SUCCEEDED)
    assert order == [big[0].pk, small.pk, *[j.pk for j in big[1:]]]


def test_two_workers_serve_two_organisations_at_once(settings, alice, charlie, meridian):
    settings.JOBS_EAGER = False
    northgate = charlie.memberships.get().organisation
    for _ in range(3):
        job_enqueue(kind="tests.quick", user=alice, organisation=meridian)
    job_enqueue(kind="tests.quick", user=charlie, organisation=northgate)
    first, second = job_claim_next("w1"), job_claim_next("w2")  # both still running
    assert {first.organisation_id, second.organisation_id} == {meridian.pk, northgate.pk}


def test_claim_order_alternates_people_within_an_organisation(alice, bob, meridian):
    now = timezone.now()
    jobs = [
        Job(organisation=meridian, created_by=user, created_at=now + timedelta(seconds=i))
        for i, user in enumerate([alice, alice, alice, bob, bob])
    ]
    ordered = claim_order(jobs, history=[])
    assert [j.created_by for j in ordered] == [alice, bob, alice, bob, alice]
