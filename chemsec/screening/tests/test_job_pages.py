"""A file screening's job page: results in the page (paginated, labelled, not raw keys),
a link back to the screening, the user's own columns kept in every export, identifiers too
long to parse refused per row, anonymous screening rate-limited."""

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chemsec.screening.models import Screening

pytestmark = pytest.mark.django_db

ROWS = 120


def _file():
    lines = ["Site code,CAS number,Owner"]
    for i in range(ROWS):
        cas = "7782-50-5" if i % 10 == 0 else "64-17-5"
        lines.append(f"S{i:03d},{cas},=cmd|' /C calc'!A0" if i == 1 else f"S{i:03d},{cas},team {i}")
    lines.append("S999," + "C" * 5000 + ",long")
    return SimpleUploadedFile("stock.csv", ("\n".join(lines) + "\n").encode(), "text/csv")


@pytest.fixture
def job(personas):
    personas["alice"].post(reverse("screening:index"), {"identifiers": "", "file": _file()})
    job = Screening.objects.get().job
    assert job.status == "succeeded", job.error
    return job


def test_the_job_page_shows_results_paginated_and_links_back(personas, job):
    page = personas["alice"].get(reverse("job_detail", args=[job.pk])).content.decode()
    screening = Screening.objects.get()
    assert reverse("screening:detail", args=[screening.pk]) in page
    assert 'data-testid="job-result-rows"' in page and "Page 1 of 3" in page
    assert "S000" not in page  # the table shows results, the user's columns are in the files
    assert "Rows read" in page and "<dt>rows</dt>" not in page  # labelled, not raw keys
    assert page.count("<tr>") == 51  # header + 50 rows
    assert page.count('<td dir="auto">') == page.count("<td")  # each cell keeps its direction
    last = personas["alice"].get(reverse("job_detail", args=[job.pk]) + "?page=3")
    assert last.content.decode().count("<tr>") == 1 + 21  # 121 rows in all
    huge = personas["alice"].get(reverse("job_detail", args=[job.pk]) + "?page=99999999999")
    assert huge.status_code == 200 and "Page 3 of 3" in huge.content.decode()


def test_the_exports_keep_the_users_own_columns(personas, job):
    body = personas["alice"].get(reverse("screening:batch_download", args=[job.pk, "csv"]))
    rows = list(csv.DictReader(io.StringIO(b"".join(body.streaming_content).decode())))
    assert len(rows) == ROWS + 1
    assert rows[0]["input: Site code"] == "S000" and rows[0]["status"] == "matched"
    assert rows[5]["input: Owner"] == "team 5"
    assert rows[1]["input: Owner"].startswith("'=")  # still neutralised
    data = json.loads(
        b"".join(
            personas["alice"]
            .get(reverse("screening:batch_download", args=[job.pk, "json"]))
            .streaming_content
        )
    )
    assert data[2]["input_columns"]["input: Site code"] == "S002"
    from openpyxl import load_workbook

    xlsx = personas["alice"].get(reverse("screening:batch_download", args=[job.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)), read_only=True).active
    header, first = list(sheet.iter_rows(max_row=2, values_only=True))
    assert header[:3] == ("input: Site code", "input: CAS number", "input: Owner")
    assert first[0] == "S000" and "matched" in first


def test_an_identifier_too_long_to_parse_is_an_invalid_row(personas, job):
    body = personas["alice"].get(reverse("screening:batch_download", args=[job.pk, "csv"]))
    last = list(csv.DictReader(io.StringIO(b"".join(body.streaming_content).decode())))[-1]
    assert last["status"] == "invalid" and "MAX_IDENTIFIER_CHARS" in last["reason"]


def test_an_identifier_too_long_is_refused_at_the_check(client):
    answer = client.post(
        "/api/v1/screening/check",
        {"identifiers": ["C" * 70_000]},
        content_type="application/json",
    )
    assert answer.status_code == 422 and "MAX_IDENTIFIER_CHARS" in answer.content.decode()


def test_anonymous_screening_is_rate_limited(client, settings):
    from django.core.cache import cache

    cache.clear()
    settings.ANONYMOUS_SCREENINGS_PER_MINUTE = 3
    answers = [
        client.post(
            "/api/v1/screening/check", {"identifiers": ["64-17-5"]}, content_type="application/json"
        ).status_code
        for _ in range(4)
    ]
    assert answers == [200, 200, 200, 429]
    page = client.post(reverse("screening:index"), {"identifiers": "64-17-5"})
    assert "Too many screenings" in page.content.decode()
    cache.clear()


@pytest.mark.parametrize("language", ["en", "ar", "es", "fr", "ru", "zh-hans"])
def test_the_job_page_shows_statuses_in_the_readers_language(personas, job, language):
    from django.utils import translation

    from chemsec.screening.presenters import status_label

    client = personas["alice"]
    client.cookies["django_language"] = language
    page = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    with translation.override(language):
        labels = {status: status_label(status) for status in ("matched", "clear", "invalid")}
    summary = page.split('class="summary-chart"', 1)[1].split("</figure>", 1)[0]
    for status, label in labels.items():  # the bars: one per status, labelled
        assert f'data-status="{status}"><dt>{label}</dt>' in summary
    table = page.split('data-testid="job-result-rows"', 1)[1]
    cells = [c.split("</td>", 1)[0] for c in table.split('<td dir="auto">')[1:]]
    statuses = cells[2::8]  # the third of the eight columns
    assert statuses.count(labels["matched"]) == 5 and statuses.count(labels["clear"]) == 45
    if language != "en":  # the raw codes are gone; the file's own cells stay as written
        assert "matched" not in statuses and "clear" not in statuses
    assert cells[1::8][:2] == ["7782-50-5", "64-17-5"]
