"""Incident pages: the log with the clock, recording, the report form, exports; refusals."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_log_and_detail_show_the_clock(theft, alice):
    client = _client(alice)
    page = client.get(reverse("incidents:index")).content.decode()
    assert "Drums missing from store B" in page and "min left" in page
    detail = client.get(reverse("incidents:detail", args=[theft.pk])).content.decode()
    assert 'id="clock"' in detail and "Article 9(5)" in detail
    assert reverse("incidents:report", args=[theft.pk]) in detail


def test_record_then_report_from_the_pages(alice, meridian, plant, authority, officer):
    client = _client(alice)
    response = client.post(reverse("incidents:new"), {
        "kind": "theft", "title": "Cage forced", "facility": plant.pk,
        "detected_at": "2026-01-05T08:30", "tlp": "amber", "exercise": "",
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    detail_url = response["Location"]
    incident_id = detail_url.rstrip("/").split("/")[-1]
    client.post(
        reverse("incidents:chemical_add", args=[incident_id]),
        {"name": "Nitromethane", "cas": "75-52-5", "quantity": "10", "unit": "kg"},
    )
    page = client.get(detail_url).content.decode()
    assert "OVERDUE" in page  # detected in January: long past 24 hours
    response = client.post(
        reverse("incidents:report", args=[incident_id]), {"authority": authority.pk, "note": ""}
    )
    assert response.status_code == 302
    inbox = _client(officer).get(reverse("supplychain:inbox")).content.decode()
    assert "Theft" in inbox


def test_exercise_is_marked(alice, meridian):
    from chemsec.incidents.services import incident_record

    drill = incident_record(actor=alice, organisation=meridian, kind="intrusion",
                            title="Night drill", exercise="full_scale")  # fmt: skip
    page = _client(alice).get(reverse("incidents:detail", args=[drill.pk])).content.decode()
    assert "EXERCISE" in page and "Exercise: full-scale drill" in page
    assert reverse("incidents:report", args=[drill.pk]) not in page


def test_refusals(theft, bob, charlie, officer, client):
    url = reverse("incidents:detail", args=[theft.pk])
    assert client.get(url).status_code == 302  # anonymous: sign in
    for user in (bob, charlie, officer):
        assert _client(user).get(url).status_code == 404
        assert (
            _client(user).get(reverse("incidents:export", args=[theft.pk, "json"])).status_code
            == 404
        )
        misp = reverse("incidents:export", args=[theft.pk, "misp.json"])
        assert _client(user).get(misp).status_code == 404
    assert _client(bob).get(reverse("incidents:new")).status_code == 403
    assert theft.title not in _client(bob).get(reverse("incidents:index")).content.decode()


def test_exports(theft, alice):
    client = _client(alice)
    data = json.loads(client.get(reverse("incidents:export", args=[theft.pk, "json"])).content)
    assert data["schema"] == "urn:chemsec:schema:incident:v1"
    assert data["chemicals"][0]["quantity"] == "60.000"
    pdf = client.get(reverse("incidents:export", args=[theft.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    stix = client.get(reverse("incidents:export", args=[theft.pk, "stix.json"]))
    assert stix.status_code == 200
    misp = client.get(reverse("incidents:export", args=[theft.pk, "misp.json"]))
    assert json.loads(misp.content)["Event"]["Tag"][0]["name"] == "tlp:amber"
    assert 'misp.json"' in misp["Content-Disposition"]
    assert client.get(reverse("incidents:export", args=[theft.pk, "docx"])).status_code == 404


def test_home_page_lists_the_running_clock(theft, alice, bob):
    assert (
        "1 incident to report to the national authority" in _client(alice).get("/").content.decode()
    )
    assert "incident to report" not in _client(bob).get("/").content.decode()  # restricted
