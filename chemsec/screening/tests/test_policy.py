"""Screening asks the policy everywhere: services refuse whoever may not act, whatever the
caller checked; every write is audited; history links only what its reader may open; every
API answer has a declared schema."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chemsec.api import api
from chemsec.core.models import AuditEntry, Job
from chemsec.core.policy import SYSTEM, Denied, NotVisible
from chemsec.core.writes import UnauditedWrite
from chemsec.screening.models import Screening
from chemsec.screening.services import (
    screen_identifiers,
    screening_batch_file,
    screening_batch_finish,
    screening_batch_start,
    screening_export,
    screening_record,
)

pytestmark = pytest.mark.django_db


def _upload():
    return SimpleUploadedFile("inventory.csv", b"name\nsarin\nethanol\n", content_type="text/csv")


@pytest.fixture
def screening(alice, meridian):
    results = screen_identifiers(["sarin", "ethanol"], None, None)
    return screening_record(
        user=alice, organisation=meridian, results=results, lists=None, as_of=None
    )


@pytest.fixture
def batch_job(alice, meridian):
    return screening_batch_start(
        user=alice, organisation=meridian, upload=_upload(), lists=None, as_of=None
    )


def test_its_tests_run_with_strict_writes(meridian):
    with pytest.raises(UnauditedWrite):
        Screening(organisation=meridian, source="pasted").save()


def test_the_services_refuse_people_outside_the_organisation(charlie, bob, meridian):
    results = screen_identifiers(["sarin"], None, None)
    with pytest.raises(Denied):
        screening_record(
            user=charlie, organisation=meridian, results=results, lists=None, as_of=None
        )
    with pytest.raises(Denied):
        screening_batch_start(
            user=charlie, organisation=meridian, upload=_upload(), lists=None, as_of=None
        )
    assert not Screening.objects.exists() and not Job.objects.exists()


def test_the_services_refuse_anonymous_callers(meridian):
    from django.contrib.auth.models import AnonymousUser

    results = screen_identifiers(["sarin"], None, None)
    with pytest.raises(Denied):
        screening_record(
            user=AnonymousUser(), organisation=meridian, results=results, lists=None, as_of=None
        )


def test_exports_and_downloads_refuse_who_may_not_see(screening, batch_job, bob, charlie):
    with pytest.raises(NotVisible):
        screening_export(screening=screening, actor=charlie, fmt="csv")
    with pytest.raises(NotVisible):  # the file job is restricted to its creator and admins
        screening_batch_file(job=batch_job, actor=bob, fmt="csv")
    with pytest.raises(NotVisible):
        screening_batch_file(job=batch_job, actor=charlie, fmt="csv")
    assert not AuditEntry.objects.filter(action="export").exists()


def test_finishing_a_batch_is_the_systems_not_a_viewers(batch_job, bob):
    with pytest.raises(Denied):  # bob sees the screening but may not change it
        screening_batch_finish(job=batch_job, actor=bob, input_count=9, matched_count=9, summary={})
    screening = screening_batch_finish(
        job=batch_job, actor=SYSTEM, input_count=2, matched_count=1, summary={"status": {}}
    )
    assert screening is not None and screening.input_count == 2


def test_every_write_is_audited_in_one_format(screening, batch_job, alice):
    created = AuditEntry.objects.get(object_id=str(screening.pk), action="create")
    assert created.changes["input_count"] == [None, 2]
    assert created.changes["matched_count"] == [None, 1]
    batch = Screening.objects.get(job=batch_job)
    actions = list(
        AuditEntry.objects.filter(object_id=str(batch.pk))
        .order_by("sequence")
        .values_list("action", "changes")
    )
    assert actions[0][0] == "create"
    assert ("update", {"job": [None, str(batch_job.pk)]}) in actions
    finished = [c for a, c in actions if a == "update" and "input_count" in c]
    assert finished == [
        {
            "input_count": [0, 2],
            "matched_count": [0, 1],
            "summary": [{}, {"status": {"clear": 1, "matched": 1}, "lists": {"CWC": 1}}],
        }
    ]
    assert batch.input_count == 2 and batch.matched_count == 1
    body = screening_export(screening=screening, actor=alice, fmt="csv")
    assert b"sarin" in body.lower()
    export = AuditEntry.objects.get(object_id=str(screening.pk), action="export")
    assert export.changes == {"format": [None, "csv"]}
    screening_batch_file(job=batch_job, actor=alice, fmt="xlsx")
    download = AuditEntry.objects.get(object_id=str(batch_job.pk), action="export")
    assert download.changes == {"format": [None, "xlsx"], "file": [None, "screening.xlsx"]}


def _links(html):
    return re.findall(r'href="(/[^"]*(?:screening/history|jobs)/[0-9a-f-]{36}/)"', html)


def test_history_links_only_what_its_reader_may_open(personas, screening, batch_job):
    batch = Screening.objects.get(job=batch_job)
    job_url = reverse("job_detail", args=[batch_job.pk])
    mine = personas["alice"].get(reverse("screening:history")).content.decode()
    assert job_url in mine
    theirs = personas["bob"].get(reverse("screening:history")).content.decode()
    assert job_url not in theirs  # the job is restricted: bob gets the screening instead
    assert reverse("screening:detail", args=[batch.pk]) in theirs
    links = _links(theirs)
    assert len(links) == 2
    for url in links:
        assert personas["bob"].get(url).status_code == 200, url
    detail = personas["bob"].get(reverse("screening:detail", args=[batch.pk])).content.decode()
    assert job_url not in detail
    assert (
        job_url
        in personas["alice"].get(reverse("screening:detail", args=[batch.pk])).content.decode()
    )


def test_api_refuses_a_file_from_someone_without_an_organisation(make_user):
    from django.test import Client

    loner = Client()
    loner.force_login(make_user("loner"))
    response = loner.post("/api/v1/screening/jobs", {"file": _upload()})
    assert response.status_code == 403


def test_api_bodies_keep_their_keys(personas, batch_job):
    body = (
        personas["alice"]
        .post(
            "/api/v1/screening/check",
            {"identifiers": ["7782-50-5", "not a chemical"]},
            content_type="application/json",
        )
        .json()
    )
    expected = screen_identifiers(["7782-50-5", "not a chemical"], None, None)
    assert body["results"] == [r.to_dict() for r in expected]
    assert set(body) == {"results", "screening_id"}
    anonymous = (
        personas["anonymous"]
        .post(
            "/api/v1/screening/check", {"identifiers": ["ethanol"]}, content_type="application/json"
        )
        .json()
    )
    assert anonymous["screening_id"] is None
    status = personas["alice"].get(f"/api/v1/screening/jobs/{batch_job.pk}").json()
    assert set(status) == {"job_id", "status", "progress", "message", "error", "result"}
    assert set(status["result"]) == {"rows", "matched", "summary", "downloads"}
    entries = personas["anonymous"].get("/api/v1/screening/lists/entries", {"q": "2B04"}).json()
    assert {"list", "code", "title", "cas", "names"} <= set(entries["items"][0])


def test_every_screening_operation_documents_its_answer():
    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        if "/screening/" not in path:
            continue
        for method, operation in methods.items():
            content = operation["responses"][next(iter(operation["responses"]))].get("content")
            assert content, f"{method.upper()} {path} has no documented response"
            for media in content.values():
                assert media.get("schema"), f"{method.upper()} {path}"
