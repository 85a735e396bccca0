"""The one audited write path: every write grows the chain by one entry in one changes format."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from chemsec.core.choices import Confidentiality, JobStatus
from chemsec.core.jobs import job_enqueue, job_retry, task
from chemsec.core.models import AuditedModel, AuditEntry, Job
from chemsec.core.policy import SYSTEM
from chemsec.core.writes import (
    UnauditedWrite,
    json_safe,
    unaudited,
    write_create,
    write_delete,
    write_export,
    write_share,
    write_unshare,
    write_update,
    write_view,
)

pytestmark = pytest.mark.django_db


def _job(meridian, **fields):
    return Job(kind="core.audit_verify", organisation=meridian, **fields)


def _entries():
    return AuditEntry.objects.count()


def _last():
    return AuditEntry.objects.order_by("-sequence").first()


def _audited_models():
    """Every concrete model written only through the write path: OwnedModel and its parts."""
    return [m for m in apps.get_models() if issubclass(m, AuditedModel)]


def test_it_finds_the_owned_models_of_every_app():
    names = {m._meta.label for m in _audited_models()}
    assert {"core.Job", "facilities.Facility", "frameworks.Assessment"} <= names


@pytest.mark.parametrize("model", _audited_models(), ids=lambda m: m._meta.label)
def test_it_refuses_to_save_an_owned_object_outside_the_write_path(model):
    with pytest.raises(UnauditedWrite, match="outside the audited write path"):
        model().save()
    with pytest.raises(UnauditedWrite):
        model().delete()


def test_it_creates_updates_and_deletes_with_one_entry_each(alice, meridian):
    before = _entries()
    job = write_create(_job(meridian, params={"n": 1}), actor=alice)
    assert _entries() == before + 1
    entry = _last()
    assert entry.action == "create" and entry.actor == alice and entry.organisation == meridian
    assert entry.changes["kind"] == [None, "core.audit_verify"]
    assert entry.changes["params"] == [None, {"n": 1}]
    assert entry.changes["created_by"] == [None, alice.pk]  # the actor is the creator
    assert "id" not in entry.changes and "created_at" not in entry.changes

    write_update(job, actor=alice, values={"message": "half way", "progress": 50})
    assert _entries() == before + 2
    assert _last().changes == {"message": ["", "half way"], "progress": [0, 50]}

    pk = str(job.pk)
    write_delete(job, actor=alice)
    assert _entries() == before + 3 and not Job.objects.filter(pk=pk).exists()
    entry = _last()
    assert entry.action == "delete" and entry.object_id == pk
    assert entry.changes["message"] == ["half way", None]
    assert entry.changes["status"] == [JobStatus.QUEUED, None]


def test_it_records_nothing_when_nothing_changes(alice, meridian):
    job = write_create(_job(meridian), actor=alice)
    before = _entries()
    write_update(job, actor=alice, values={"kind": "core.audit_verify"})
    assert _entries() == before


def test_it_saves_only_the_changed_fields(alice, meridian):
    job = write_create(_job(meridian), actor=alice)
    Job.objects.filter(pk=job.pk).update(message="written elsewhere")
    write_update(job, actor=alice, values={"progress": 10})
    job.refresh_from_db()
    assert job.progress == 10 and job.message == "written elsewhere"


def test_it_validates_and_leaves_the_object_as_it_was(alice, meridian):
    job = write_create(_job(meridian), actor=alice)
    before = _entries()
    with pytest.raises(ValidationError):
        write_update(job, actor=alice, values={"status": "exploded"})
    assert job.status == JobStatus.QUEUED and _entries() == before


def test_it_refuses_fields_it_cannot_set(alice, meridian):
    job = write_create(_job(meridian), actor=alice)
    with pytest.raises(ValueError, match="write_share"):
        write_update(job, actor=alice, values={"shared_with_users": [alice]})


def test_it_stores_json_safe_values():
    stamp = dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    key = uuid.UUID(int=1)
    assert json_safe(key) == str(key)
    assert json_safe(stamp) == "2025-01-02T03:04:05+00:00"
    assert json_safe(dt.date(2025, 1, 2)) == "2025-01-02"
    assert json_safe(Decimal("1.50")) == "1.50"
    assert json_safe({"a": [key, Decimal("2")]}) == {"a": [str(key), "2"]}
    assert json_safe(JobStatus.FAILED) == "failed"


def test_it_never_copies_a_secret_into_the_trail(alice):
    from chemsec.core.services import token_create

    token, secret = token_create(user=alice, name="ci", scope="read")
    changes = _last().changes
    assert changes["key_hash"] == [None, "[redacted]"]
    assert secret not in str(changes) and token.key_hash not in str(changes)


def test_it_shares_and_unshares_in_the_same_format(alice, bob, charlie, northgate):
    job = write_create(_job(alice.memberships.get().organisation), actor=alice)
    write_share(
        job,
        actor=alice,
        users=[charlie],
        organisations=[northgate],
        confidentiality=Confidentiality.RESTRICTED,
    )
    entry = _last()
    assert entry.action == "share"
    assert entry.changes == {
        "confidentiality": ["organisation", "restricted"],
        "shared_with_users": [[], ["charlie"]],
        "shared_with_organisations": [[], ["Northgate Distribution"]],
    }
    before = _entries()
    write_share(job, actor=alice, users=[charlie])  # already shared: nothing to record
    assert _entries() == before
    write_unshare(job, actor=alice, organisations=[northgate])
    assert _last().action == "unshare"
    assert _last().changes == {"shared_with_organisations": [["Northgate Distribution"], []]}


def test_it_records_exports_and_views_of_restricted_objects(alice, meridian):
    job = write_create(_job(meridian, confidentiality=Confidentiality.RESTRICTED), actor=alice)
    write_export(job, actor=alice, fmt="csv", file="jobs/result.csv")
    assert _last().action == "export"
    assert _last().changes == {"format": [None, "csv"], "file": [None, "jobs/result.csv"]}
    assert write_view(job, actor=alice) is True and _last().action == "view"
    open_job = write_create(_job(meridian), actor=alice)
    before = _entries()
    assert write_view(open_job, actor=alice) is False and _entries() == before


def test_it_lets_fixtures_write_unaudited_only_with_a_reason(meridian):
    with unaudited("test fixture"):
        _job(meridian).save()
    with pytest.raises(ValueError), unaudited(" "):
        pass


def test_it_does_not_open_the_lock_for_another_object(meridian):
    from chemsec.core.write_guard import writing

    with writing(_job(meridian)), pytest.raises(UnauditedWrite):
        _job(meridian).save()  # e.g. a save() override writing a second object


@task("tests.writes_ok")
def ok_task(job, progress):
    return {"ok": True}


@task("tests.writes_fail")
def fail_task(job, progress):
    raise RuntimeError("no")


def test_it_audits_every_job_state_change(alice, meridian):
    job = job_enqueue(kind="tests.writes_ok", user=alice, organisation=meridian)
    trail = AuditEntry.objects.filter(object_id=str(job.pk)).order_by("sequence")
    assert [e.action for e in trail] == ["create", "update", "update"]
    assert [e.changes.get("status") for e in trail] == [
        [None, "queued"],
        ["queued", "running"],
        ["running", "succeeded"],
    ]
    assert trail[0].actor == alice and trail[2].actor_name == "system"


def test_it_audits_a_failure_and_a_retry(alice, meridian):
    job = job_enqueue(kind="tests.writes_fail", user=alice, organisation=meridian)
    assert job.status == JobStatus.FAILED
    job_retry(job=job, actor=alice)
    statuses = [
        e.changes["status"][1]
        for e in AuditEntry.objects.filter(object_id=str(job.pk)).order_by("sequence")
    ]
    assert statuses == ["queued", "running", "failed", "queued", "running", "failed"]


def test_the_system_actor_is_recorded_as_system(meridian):
    job = write_create(_job(meridian), actor=SYSTEM)
    assert job.created_by is None and _last().actor is None and _last().actor_name == "system"
