"""Pages and API: import a list file, read the receipt, clear a match; a viewer cannot
import, another supplier sees nothing, the counter never sees a receipt."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from chemsec.sanctions.models import ListVersion, Screening, ScreeningStatus
from chemsec.supplychain.tests.test_pages import TIPPING_OFF

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(fixture_bytes, name: str, as_name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(as_name or name, fixture_bytes(name))


def test_a_reviewer_imports_a_file_on_the_page_and_a_viewer_may_not(
    alice, bob, meridian, fixture_bytes, django_capture_on_commit_callbacks
):
    page = client_for(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = page.post(reverse("sanctions:import"),
                             {"file": upload(fixture_bytes, "uk-sanctions-list.xml")})  # fmt: skip
    version = ListVersion.objects.get()
    assert response.status_code == 302 and version.source == "uk"
    assert "BALTIC SOLVENTS LIMITED" in page.get(response["Location"]).content.decode()
    assert "UK sanctions list" in page.get(reverse("sanctions:index")).content.decode()
    refused = page.post(reverse("sanctions:import"), {
        "file": SimpleUploadedFile("list.xml", b"\x00\x01binary\x00" * 20)})  # fmt: skip
    assert refused.status_code == 200 and ListVersion.objects.count() == 1
    assert client_for(bob).get(reverse("sanctions:import")).status_code == 403


def test_the_receipt_page_shows_what_matched_and_a_reviewer_clears_it(
    alice, clerk, charlie, meridian, imported
):
    from chemsec.supplychain.services import customer_create

    star = customer_create(actor=clerk, organisation=meridian, country="KP",
                           legal_name="Northern Star Trading Company",
                           customer_type="professional")  # fmt: skip
    screening = Screening.objects.get(subject_id=str(star.pk))
    url = reverse("sanctions:screening", args=[screening.pk])
    page = client_for(alice).get(url).content.decode()
    assert "Northern Star Trading Co." in page and "XXe.902" in page
    # The counter that recorded the customer sees neither the receipt nor a hint of it.
    assert client_for(clerk).get(url).status_code == 404
    customer_page = client_for(clerk).get(reverse("supplychain:customer", args=[star.pk]))
    assert "XXe.902" not in customer_page.content.decode()
    assert not TIPPING_OFF.search(customer_page.content.decode())
    assert client_for(charlie).get(url).status_code == 404
    match = screening.matches.get()
    until = timezone.localdate() + dt.timedelta(days=30)
    response = client_for(alice).post(
        reverse("sanctions:match_clear", args=[screening.pk, match.pk]),
        {"justification": "Different registration and directors", "expires_on": until},
    )
    assert response.status_code == 302
    screening.refresh_from_db()
    assert screening.status == ScreeningStatus.CLEARED


def test_the_api_imports_lists_and_reads_and_clears_receipts(
    alice, bob, charlie, meridian, fixture_bytes, django_capture_on_commit_callbacks
):
    api = client_for(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/sanctions/lists",
                            {"file": upload(fixture_bytes, "us-csl.csv")})  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["source"] == "us_csl" and body["entry_count"] == 2
    assert client_for(charlie).get(f"/api/v1/sanctions/lists/{body['id']}").status_code == 404
    viewer = client_for(bob).post("/api/v1/sanctions/lists",
                                  {"file": upload(fixture_bytes, "eu-fsf.xml")})  # fmt: skip
    assert viewer.status_code == 403
    from chemsec.supplychain.services import customer_create

    okafor = customer_create(
        actor=alice, organisation=meridian, country="NG", legal_name="Chukwuemeka Okafor",
        customer_type="general_public",
    )  # fmt: skip
    screening = Screening.objects.get(subject_id=str(okafor.pk))
    detail = api.get(f"/api/v1/sanctions/screenings/{screening.pk}").json()
    assert detail["status"] == "potential" and detail["algorithm"].startswith("chemsec-names")
    assert detail["versions"][0]["source"] == "us_csl"
    (match,) = detail["matches"]
    assert match["detail"]["names"]["candidate"].startswith("OKAFOR")
    url = f"/api/v1/sanctions/screenings/{screening.pk}/matches/{match['id']}/clear"
    late = (timezone.localdate() + dt.timedelta(days=500)).isoformat()
    bad = api.post(url, json.dumps({"justification": "x", "expires_on": late}),
                   content_type="application/json")  # fmt: skip
    assert bad.status_code == 422
    until = (timezone.localdate() + dt.timedelta(days=60)).isoformat()
    ok = api.post(url, json.dumps({"justification": "Born 1990, not 1975", "expires_on": until}),
                  content_type="application/json")  # fmt: skip
    assert ok.status_code == 200 and ok.json()["status"] == "cleared"
    assert ok.json()["matches"][0]["cleared_until"] == until
