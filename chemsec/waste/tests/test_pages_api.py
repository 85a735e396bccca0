"""Waste pages and API: the manifest signed in turn through forms and JSON, exports,
persona refusals."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from chemsec.waste.models import ConsignmentStatus, WasteAlert


def client_for(user):
    """A signed-in client; each person here belongs to one organisation, the acting one."""
    client = Client()
    client.force_login(user)
    return client


def test_manifest_signed_through_the_pages(consignment, alice, tom, rita, haulier, disposer):
    detail = reverse("waste:consignment", args=[consignment.pk])
    sign = reverse("waste:sign", args=[consignment.pk])
    page = client_for(alice).get(detail).content.decode()
    assert "its turn" in page and "Sign the manifest" in page
    assert client_for(alice).post(sign, {"note": ""}).status_code == 302
    assert client_for(tom).post(sign, {"note": "collected"}).status_code == 302
    receiver = client_for(rita)
    page = receiver.get(detail).content.decode()
    assert "Confirm receipt" in page and "Seals intact" in page
    line = consignment.lines.get()
    response = receiver.post(sign, {f"received_{line.pk}": "700"})  # a seal box left unticked
    assert response.status_code == 302
    consignment.refresh_from_db()
    assert consignment.status == ConsignmentStatus.RECEIVED
    assert set(WasteAlert.objects.values_list("code", flat=True)) == {"difference", "seals"}
    page = client_for(alice).get(detail).content.decode()
    assert "800.0 kg left, 700.0 kg arrived" in page


def test_not_your_turn_is_refused_on_the_page(consignment, tom, charlie):
    sign = reverse("waste:sign", args=[consignment.pk])
    assert client_for(tom).post(sign, {"note": ""}).status_code == 403
    assert (
        client_for(charlie).get(reverse("waste:consignment", args=[consignment.pk])).status_code
        == 404
    )


@pytest.mark.parametrize("fmt", ["e-manifest", "diwass", "e-basel"])
def test_exports(consignment, alice, tom, fmt):
    url = reverse("waste:export", args=[consignment.pk, fmt])
    response = client_for(alice).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert consignment.manifest_number in response.content.decode()
    assert client_for(tom).get(url).status_code == 200  # a party sees what it signs


def test_facility_waste_page(stream, alice, bob):
    url = reverse("waste:facility", args=[stream.facility_id])
    page = client_for(alice).get(url).content.decode()
    assert "Spent chlorinated solvent" in page and "Thionyl chloride" in page
    assert client_for(bob).get(url).status_code == 404  # restricted site
    response = client_for(alice).post(url, {"name": "Acid sludge"})
    assert response.status_code == 302


def test_list_shows_the_parties_consignments(consignment, tom, charlie):
    assert (
        consignment.manifest_number
        in client_for(tom).get(reverse("waste:consignment_list")).content.decode()
    )
    page = client_for(charlie).get(reverse("waste:consignment_list")).content.decode()
    assert consignment.manifest_number not in page


def test_api_sign_in_turn_for_the_acting_organisation(consignment, alice, tom, rita):
    base = f"/api/v1/waste/consignments/{consignment.pk}"
    assert (
        client_for(tom).post(f"{base}/sign", {}, content_type="application/json").status_code == 403
    )
    response = client_for(alice).post(f"{base}/sign", {}, content_type="application/json")
    assert response.status_code == 200 and response.json()["turn"] == "swift"
    client_for(tom).post(f"{base}/sign", {}, content_type="application/json")
    line = consignment.lines.get()
    body = {"received": [{"line_id": str(line.pk), "received_kg": 800, "seals_intact": True}]}
    response = client_for(rita).post(f"{base}/sign", body, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "received"
    exported = client_for(rita).get(f"{base}/export/diwass").json()
    assert exported["2_serial_number_of_shipment"] == consignment.manifest_number
    assert Client().get(base).status_code == 401


@pytest.mark.django_db
def test_seal_numbers_and_codes_stay_whole_in_arabic(consignment, alice):
    """In Arabic the seal numbers and waste codes wrapped at their hyphens and lost their
    order; each is now a code kept whole, the seals joined with the Arabic comma."""
    client = client_for(alice)
    client.cookies["django_language"] = "ar"
    page = client.get(reverse("waste:consignment", args=[consignment.pk])).content.decode()
    seals = "\u060c ".join(f'<span class="code-id">S-10{n}</span>' for n in range(1, 5))
    assert seals in page
    stream_page = client.get(reverse("waste:facility", args=[consignment.stream.facility_id]))
    text = stream_page.content.decode()
    assert '<span class="code-id">07 01 03*</span>' in text
    assert '<span class="code-id">A3150</span>' in text
