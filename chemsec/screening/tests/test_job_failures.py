"""A file screening that fails tells its reader why in their language, from a code: never
the exception's name nor the file's path on the server (those are in the server's log),
and Retry only where running it again may help. Its page carries no stale "being screened"
message once it has finished.

Found by QA (Arabic page): "InputError: <the upload's path on the server>: the file has a
header and no rows", the stage "Reading the file" in English, and a Retry button for a
file that fails the same way every time.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from chemsec.core.job_failures import JobFailure, failure_html, job_may_retry
from chemsec.core.jobs import job_retry
from chemsec.screening import tasks
from chemsec.screening.models import Screening

pytestmark = pytest.mark.django_db


def _upload(client: Any, text: str, column: str = "", name: str = "stock.csv") -> Any:
    """Upload `text` as a CSV to screen; the job (eager in tests) has run on return."""
    upload = SimpleUploadedFile(name, text.encode(), "text/csv")
    response = client.post(
        reverse("screening:index"), {"identifiers": "", "file": upload, "column": column}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return Screening.objects.get().job


def _page(client: Any, job: Any, language: str) -> str:
    client.cookies["django_language"] = language
    return client.get(reverse("job_detail", args=[job.pk])).content.decode()


def _failure_box(page: str) -> str:
    return page.split('data-testid="job-failure"', 1)[1].split("</div>", 1)[0]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_file_with_only_a_header_fails_with_a_translated_reason_and_no_path(
    personas, language, caplog
):
    client = personas["alice"]
    with caplog.at_level(logging.ERROR, logger="chemsec.core.jobs"):
        job = _upload(client, "Product,Qty\n")
    assert job.status == "failed"
    assert job.result["failure"] == {"code": tasks.HEADER_ONLY, "params": {}, "retryable": False}
    stored = job.input_file.path
    assert stored not in job.error and "InputError" not in job.error  # the API, the audit
    assert stored in caplog.text  # the whole detail stays in the server's log
    page = _page(client, job, language)
    assert stored not in page and "InputError" not in page and "media/uploads" not in page
    with translation.override(language):
        assert str(failure_html(job.result["failure"])) in _failure_box(page)
    assert reverse("job_retry", args=[job.pk]) not in page  # it would fail the same way


def test_a_missing_column_is_named_and_each_name_keeps_its_direction(personas):
    client = personas["alice"]
    job = _upload(client, "Name,الكمية\nethanol,1\n", column="Nonexistent")
    assert job.result["failure"]["params"] == {
        "column": "Nonexistent",
        "columns": ["Name", "الكمية"],
    }
    box = _failure_box(_page(client, job, "ar"))
    for name in ("Nonexistent", "Name", "الكمية"):
        assert f"<bdi>{name}</bdi>" in box  # isolated: an English name in an Arabic sentence
    assert "\u060c " in box  # the columns listed as Arabic writes lists


def test_a_column_asked_of_a_file_without_a_header_says_so(personas):
    job = _upload(personas["alice"], "64-17-5,1\n", column="CAS")
    assert job.result["failure"] == {
        "code": tasks.NO_HEADER,
        "params": {"column": "CAS"},
        "retryable": False,
    }


def test_a_fault_of_the_server_is_told_plainly_and_may_be_retried(personas, monkeypatch):
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("database gone at /srv/chemsec/db.sqlite3")

    monkeypatch.setattr("chemsec.screening.engine.screen_rows", broken)
    client = personas["alice"]
    job = _upload(client, "CAS\n64-17-5\n")
    assert job.status == "failed" and job.result["failure"]["retryable"] is True
    page = _page(client, job, "en")
    assert "RuntimeError" not in page and "/srv/chemsec" not in page
    assert "fault on the server" in _failure_box(page)
    assert reverse("job_retry", args=[job.pk]) in page
    assert job_may_retry(job)


def test_retrying_a_failure_that_would_come_back_is_refused(personas, alice):
    client = personas["alice"]
    job = _upload(client, "CAS\n")
    assert not job_may_retry(job)
    with pytest.raises(ValueError, match="same way"):
        job_retry(job=job, actor=alice)
    client.post(reverse("job_retry", args=[job.pk]))
    answer = client.post(f"/api/v1/jobs/{job.pk}/retry")
    assert answer.status_code == 409 and "same way" in answer.content.decode()
    job.refresh_from_db()
    assert job.status == "failed" and job.attempts == 1  # not run again


def test_a_failure_message_that_does_not_fit_its_values_shows_its_english():
    failure = JobFailure("The file has no column named %(column)s.", {"other": 1}).as_dict()
    with translation.override("ar"):
        shown = str(failure_html(failure))
    assert shown == '<span lang="en" dir="ltr">The file has no column named %(column)s.</span>'


def test_the_finished_job_page_has_no_being_screened_message(personas):
    client = personas["alice"]
    client.cookies["django_language"] = "en"
    upload = SimpleUploadedFile("stock.csv", b"CAS\n64-17-5\n", "text/csv")
    response = client.post(
        reverse("screening:index"), {"identifiers": "", "file": upload}, follow=True
    )
    page = response.content.decode()
    assert 'data-testid="job-status"' in page and "Succeeded" in page
    assert "being screened" not in page
