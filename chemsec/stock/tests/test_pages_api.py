"""Stock pages and API: the core flow without JavaScript, the chart, persona refusals."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from chemsec.stock import services
from chemsec.stock.models import Movement

JAN1, JAN31 = date(2026, 1, 1), date(2026, 1, 31)


@pytest.fixture
def alert_balance(precise, alice):
    services.movement_record(
        facility=precise, actor=alice, chemical_key="7782-50-5", chemical_name="Chlorine",
        kind="receipt", quantity_kg=500, occurred_on=date(2026, 1, 10),
    )  # fmt: skip
    run = services.reconcile(
        facility=precise, actor=alice, start=JAN1, end=JAN31, stated={"7782-50-5": (1000, 1300)}
    )
    return run.balances.get()


def test_record_and_reconcile_through_the_forms(precise, personas):
    alice = personas["alice"]
    url = reverse("stock:movement_add", args=[precise.pk])
    response = alice.post(url, {
        "chemical_key": "7782-50-5", "kind": "consumption", "quantity_kg": "40",
        "occurred_on": "2026-01-12",
    })  # fmt: skip
    assert response.status_code == 302
    assert Movement.objects.get().quantity_kg == 40
    response = alice.post(reverse("stock:reconcile", args=[precise.pk]), {
        "period_start": "2026-01-01", "period_end": "2026-01-31",
        "chemical_key": "7782-50-5", "opening_kg": "100", "closing_kg": "60",
    })  # fmt: skip
    assert response.status_code == 302
    page = alice.get(response["Location"])
    assert page.status_code == 200 and "7782-50-5" in page.content.decode()


def test_invalid_forms_answer_400_with_the_reason(precise, personas):
    alice = personas["alice"]
    response = alice.post(reverse("stock:movement_add", args=[precise.pk]), {
        "chemical_key": "7782-50-5", "kind": "receipt", "quantity_kg": "-4",
        "occurred_on": "2026-01-12",
    })  # fmt: skip
    assert response.status_code == 400 and "positive" in response.content.decode()
    response = alice.post(reverse("stock:reconcile", args=[precise.pk]), {
        "period_start": "2026-01-01", "period_end": "2026-01-31",
    })  # fmt: skip
    assert response.status_code == 400


def test_balance_page_and_chart(alert_balance, personas):
    alice = personas["alice"]
    args = [alert_balance.facility_id, alert_balance.pk]
    page = alice.get(reverse("stock:balance", args=args)).content.decode()
    assert "Open as an incident" in page and "<svg" in page
    chart = alice.get(reverse("stock:chart", args=args))
    assert chart["Content-Type"] == "image/svg+xml"
    assert "1300.00" in chart.content.decode()  # the closing inventory, with a dot


@pytest.mark.parametrize("language", ["fr", "ar", "ru"])
def test_chart_numbers_have_dots_in_every_language(alert_balance, alice, language):
    client = Client(headers={"accept-language": language})
    client.force_login(alice)
    client.cookies["django_language"] = language
    args = [alert_balance.facility_id, alert_balance.pk]
    svg = client.get(reverse("stock:chart", args=args)).content.decode()
    assert "1300.00" in svg and "1300,00" not in svg


def test_pages_refuse_who_may_not_see_or_act(alert_balance, clients):
    facility = alert_balance.facility_id
    index = reverse("stock:index", args=[facility])
    balance = reverse("stock:balance", args=[facility, alert_balance.pk])
    assert clients["alice"].get(index).status_code == 200
    assert clients["bob"].get(index).status_code == 404  # restricted site: not his to know
    assert clients["charlie"].get(balance).status_code == 404
    assert clients["anonymous"].get(index).status_code == 302


def test_authority_reads_a_shared_site_but_may_not_record(shared_plant, clients, alice):
    index = reverse("stock:index", args=[shared_plant.pk])
    assert clients["nadia"].get(index).status_code == 200
    response = clients["nadia"].post(reverse("stock:movement_add", args=[shared_plant.pk]), {
        "chemical_key": "7782-50-5", "kind": "receipt", "quantity_kg": "1",
        "occurred_on": "2026-01-12",
    })  # fmt: skip
    assert response.status_code == 403 and not Movement.objects.exists()


def test_settings_page_for_admins(personas):
    assert personas["alice"].get(reverse("stock:settings")).status_code == 200
    assert personas["bob"].get(reverse("stock:settings")).status_code == 403
    response = personas["alice"].post(reverse("stock:settings"), {"k": "2", "threshold_kg": ""})
    assert response.status_code == 302


def test_api_record_reconcile_and_read(precise, personas):
    alice = personas["alice"]
    base = f"/api/v1/facilities/{precise.pk}/stock"
    body = {"chemical_key": "7782-50-5", "kind": "receipt", "quantity_kg": 500,
            "occurred_on": "2026-01-10"}  # fmt: skip
    assert alice.post(f"{base}/movements", body, content_type="application/json").status_code == 201
    bad = alice.post(f"{base}/movements", {**body, "quantity_kg": 0},
                     content_type="application/json")  # fmt: skip
    assert bad.status_code == 422
    response = alice.post(f"{base}/reconciliations", {
        "period_start": "2026-01-01", "period_end": "2026-01-31",
        "stated": [{"chemical_key": "7782-50-5", "opening_kg": 1000, "closing_kg": 1300}],
    }, content_type="application/json")  # fmt: skip
    assert response.status_code == 201, response.content
    run = response.json()
    assert run["alert_count"] == 1 and run["balances"][0]["muf_kg"] == pytest.approx(200)
    balance = alice.get(f"{base}/balances/{run['balances'][0]['id']}").json()
    assert balance["reasons"] == ["sigma"]
    assert len(alice.get(f"{base}/movements").json()) == 1


def test_api_refusals(shared_plant, clients):
    base = f"/api/v1/facilities/{shared_plant.pk}/stock"
    body = json.dumps({"kind": "receipt", "absolute_kg": 1})
    assert clients["charlie"].get(f"{base}/movements").status_code == 404
    assert clients["nadia"].get(f"{base}/movements").status_code == 200
    put = clients["nadia"].put(f"{base}/precisions", body, content_type="application/json")
    assert put.status_code == 403
    assert clients["anonymous"].get(f"{base}/movements").status_code == 401


def test_the_parts_of_sigma_are_named_in_the_reader_language(alert_balance, alice):
    """The Russian crawl found the components table showing its codes (receipt, waste_out)."""
    client = Client()
    client.force_login(alice)
    client.cookies["django_language"] = "fr"
    args = [alert_balance.facility_id, alert_balance.pk]
    page = client.get(reverse("stock:balance", args=args)).content.decode()
    table = page.split("<tbody>")[1].split("</tbody>")[0]
    assert "<td>Ouverture</td>" in table
    for code in alert_balance.components:
        assert f"<td>{code}</td>" not in table
