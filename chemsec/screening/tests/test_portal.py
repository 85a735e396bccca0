"""The portal's screening: pages, API, history, batch jobs, personas."""

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chemsec.core.models import AuditEntry
from chemsec.screening.models import Screening

pytestmark = pytest.mark.django_db

INVENTORY = (
    b"Product,CAS number,Quantity\n"
    b"Thionyl chloride,7719-09-7,5\n"
    b"Bad row,50-00-1x,1\n"
    b"Ethanol,64-17-5,20\n"
    b",,3\n"
    b"Water,7732-18-5,100\n"
)


def _upload(name="inventory.csv", content=INVENTORY):
    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_it_screens_one_identifier_for_anonymous_visitors_without_storing(client):
    response = client.post(reverse("screening:index"), {"identifiers": "sarin", "lists": ["cwc"]})
    assert response.status_code == 200
    body = response.content.decode()
    assert "1A01" in body and "matched" in body
    assert Screening.objects.count() == 0


def test_it_asks_anonymous_visitors_to_sign_in_for_several(client):
    response = client.post(reverse("screening:index"), {"identifiers": "sarin\nethanol"})
    assert "Sign in to screen several identifiers" in response.content.decode()


def test_it_keeps_a_members_screening_in_the_organisation_history(personas, alice):
    personas["alice"].post(reverse("screening:index"), {"identifiers": "sarin\nethanol\n64-17-6"})
    screening = Screening.objects.get()
    assert screening.input_count == 3 and screening.matched_count == 1
    assert [r["status"] for r in screening.results] == ["matched", "clear", "invalid"]
    assert screening.results[1]["matches"] == []
    url = reverse("screening:detail", args=[screening.pk])
    assert personas["alice"].get(url).status_code == 200
    assert personas["bob"].get(url).status_code == 200  # a colleague sees it
    assert personas["charlie"].get(url).status_code == 404
    assert personas["anonymous"].get(url).status_code == 302


def test_it_exports_a_screening_and_audits_the_export(personas):
    personas["alice"].post(reverse("screening:index"), {"identifiers": "sarin\nethanol"})
    screening = Screening.objects.get()
    response = personas["alice"].get(reverse("screening:export", args=[screening.pk, "csv"]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["status"] for r in rows] == ["matched", "clear"] and rows[0]["entries"] == "1A01"
    assert AuditEntry.objects.filter(action="export", object_id=str(screening.pk)).exists()
    assert (
        personas["charlie"]
        .get(reverse("screening:export", args=[screening.pk, "json"]))
        .status_code
        == 404
    )


def test_it_screens_a_file_as_a_job_with_one_row_per_input_row(personas, alice):
    response = personas["alice"].post(
        reverse("screening:index"), {"identifiers": "", "file": _upload()}
    )
    assert response.status_code == 302
    screening = Screening.objects.get()
    job = screening.job
    assert job.status == "succeeded", job.error
    assert job.result["rows"] == 5 and job.result["matched"] == 1
    download = personas["alice"].get(reverse("screening:batch_download", args=[job.pk, "json"]))
    rows = json.loads(b"".join(download.streaming_content))
    assert [r["line"] for r in rows] == [2, 3, 4, 5, 6]
    assert [r["status"] for r in rows] == ["matched", "invalid", "clear", "invalid", "clear"]
    assert rows[1]["reason"].startswith("not a valid CAS number: 50-00-1x")
    xlsx = personas["alice"].get(reverse("screening:batch_download", args=[job.pk, "xlsx"]))
    assert xlsx.status_code == 200
    assert (
        personas["charlie"]
        .get(reverse("screening:batch_download", args=[job.pk, "csv"]))
        .status_code
        == 404
    )


def test_it_refuses_files_over_the_limit_with_a_clear_message(personas, settings):
    settings.MAX_UPLOAD_MB = 1
    big = _upload(content=b"name\n" + b"ethanol\n" * 200_000)
    response = personas["alice"].post(reverse("screening:index"), {"file": big})
    assert "larger than the 1 MB limit" in response.content.decode()
    empty = personas["alice"].post(reverse("screening:index"), {"file": _upload(content=b"")})
    assert "file is empty" in empty.content.decode()


def test_it_checks_identifiers_through_the_api(client):
    response = client.post(
        "/api/v1/screening/check", {"identifiers": ["7782-50-5"]}, content_type="application/json"
    )
    result = response.json()["results"][0]
    assert result["status"] == "matched"
    assert {m["list"] for m in result["matches"]} >= {"CFATS"}
    assert set(result) >= {"input", "status", "reason", "identity", "matches"}


def test_it_limits_anonymous_api_calls_to_one_identifier(client):
    response = client.post(
        "/api/v1/screening/check", {"identifiers": ["a", "b"]}, content_type="application/json"
    )
    assert response.status_code == 401


def test_it_refuses_over_a_thousand_identifiers(personas):
    response = personas["alice"].post(
        "/api/v1/screening/check", {"identifiers": ["x"] * 1001}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"].endswith("identifiers")


def test_it_runs_batch_jobs_through_the_api(personas):
    response = personas["alice"].post(
        "/api/v1/screening/jobs", {"file": _upload(), "lists": "cwc,ag"}
    )
    assert response.status_code == 202
    job_id = response.json()["job_id"]
    status = personas["alice"].get(f"/api/v1/screening/jobs/{job_id}").json()
    assert status["status"] == "succeeded" and status["result"]["rows"] == 5
    csv_body = personas["alice"].get(f"/api/v1/screening/jobs/{job_id}/results.csv")
    assert b"Thionyl chloride" in b"".join(csv_body.streaming_content)
    assert personas["bob"].get(f"/api/v1/screening/jobs/{job_id}").status_code == 404
    assert (
        personas["anonymous"].post("/api/v1/screening/jobs", {"file": _upload()}).status_code == 401
    )


def test_it_lists_and_searches_the_catalogue(client):
    lists = client.get("/api/v1/screening/lists").json()
    assert {item["list"] for item in lists} == {"CWC", "AG", "EU", "CFATS"}
    cfats = next(item for item in lists if item["list"] == "CFATS")
    assert "lapsed 28 July 2023" in cfats["status"]
    found = client.get("/api/v1/screening/lists/entries", {"q": "2B04"}).json()
    assert found["count"] >= 1 and all("2B04" in json.dumps(e) for e in found["items"])
    page = client.get(reverse("screening:lists"), {"q": "fonofos"})
    assert page.status_code == 200 and "2B04" in page.content.decode()
