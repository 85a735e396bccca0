"""Uploaded files go after UPLOAD_RETENTION_DAYS, by a scheduled job, audited by kind."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from chemsec.core.choices import JobStatus
from chemsec.core.jobs import job_enqueue, scheduled_kinds, uploads_remove_expired
from chemsec.core.models import AuditEntry, Job
from chemsec.core.tests.test_job_cancel import quick_task  # noqa: F401  (registers tests.quick)


def _finished_job(user, organisation, days_ago):
    job = job_enqueue(
        kind="tests.quick",
        user=user,
        organisation=organisation,
        input_file=ContentFile(b"identifier\n7782-50-5\n"),
        input_name="restricted-inventory.csv",
    )
    ended = timezone.now() - timedelta(days=days_ago)
    Job.objects.filter(pk=job.pk).update(finished_at=ended, status=JobStatus.SUCCEEDED)
    job.refresh_from_db()
    return job


def test_old_uploads_are_removed_and_the_audit_says_what_kind(settings, alice, meridian):
    settings.UPLOAD_RETENTION_DAYS = 30
    old = _finished_job(alice, meridian, days_ago=31)
    recent = _finished_job(alice, meridian, days_ago=2)
    old_path, recent_path = old.input_file.path, recent.input_file.path
    assert uploads_remove_expired() == {"tests.quick": 1}
    old.refresh_from_db()
    recent.refresh_from_db()
    assert not old.input_file and recent.input_file
    import os

    assert not os.path.exists(old_path) and os.path.exists(recent_path)
    entry = AuditEntry.objects.filter(object_id=str(old.pk)).latest("sequence")
    assert entry.actor_id is None and "input_file" in entry.changes
    assert "tests.quick" in old.message and "30-day retention" in old.message
    assert uploads_remove_expired() == {}  # nothing left to remove


def test_retention_zero_keeps_uploads(settings, alice, meridian):
    settings.UPLOAD_RETENTION_DAYS = 0
    job = _finished_job(alice, meridian, days_ago=400)
    assert uploads_remove_expired() == {}
    job.refresh_from_db()
    assert job.input_file


def test_the_removal_is_a_scheduled_job():
    assert scheduled_kinds()["core.upload_retention"] == timedelta(hours=6)
