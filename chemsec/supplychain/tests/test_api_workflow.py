"""The API for a marketplace or an ERP beyond single orders: ERP files imported as a job with
progress and every row's outcome, rules snoozed for a customer, reviewers' verdicts per rule
(and so each rule's precision), outcomes, customer changes and re-screening; each through the
service the pages call, each refusal a structured error body."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from chemsec.supplychain.models import Alert, Order, RuleDisposition, RuleSnooze
from chemsec.supplychain.services.rules import snoozable_codes
from chemsec.supplychain.tests.test_pages import client_for

pytestmark = pytest.mark.django_db

CSV = """Order Number,Customer,SKU,Qty,Date,Payment
PO-1,ACME-REG-1,ETH,2,2026-11-02,account
PO-2,ACME-REG-1,NOPE,1,2026-11-03,account
"""


def send(client: Client, method: str, url: str, body: dict) -> tuple[int, dict]:
    response = client.generic(method, url, json.dumps(body), content_type="application/json")
    return response.status_code, response.json()


@pytest.fixture
def acme(alice, meridian):
    from chemsec.supplychain.services import customer_create

    return customer_create(
        actor=alice, organisation=meridian, legal_name="Acme Solvents",
        registration_number="ACME-REG-1", country="XA", customer_type="professional",
    )  # fmt: skip


def test_an_erp_file_is_imported_as_a_job_with_every_rows_outcome(alice, charlie, acme, ethanol):
    admin = client_for(alice)
    response = admin.post(
        "/api/v1/supplychain/order-imports",
        {"file": SimpleUploadedFile("erp.csv", CSV.encode(), content_type="text/csv")},
    )
    assert response.status_code == 202
    body = response.json()
    assert body["file_name"] == "erp.csv" and body["job"]["status"] == "succeeded"
    assert body["job"]["progress"] == 100  # eager in tests: the job has already run
    assert (body["row_count"], body["order_count"], body["error_count"]) == (2, 1, 1)
    detail = admin.get(f"/api/v1/supplychain/order-imports/{body['id']}").json()
    first, second = detail["rows"]
    assert first["line"] == 2 and first["errors"] == []
    assert Order.objects.filter(pk=first["order_id"], reference="PO-1").exists()
    assert second["order_id"] is None and second["errors"][0]["code"] == "unknown_product"
    assert "NOPE" in second["errors"][0]["message"] and detail["next_offset"] is None
    assert [i["id"] for i in admin.get("/api/v1/supplychain/order-imports").json()] == [body["id"]]
    # Another supplier neither reads it nor sees it listed.
    other = client_for(charlie)
    assert other.get(f"/api/v1/supplychain/order-imports/{body['id']}").status_code == 404
    assert other.get("/api/v1/supplychain/order-imports").json() == []


def test_a_file_that_is_not_a_table_is_refused_with_the_error_body(alice, meridian):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    response = client_for(alice).post(
        "/api/v1/supplychain/order-imports", {"file": SimpleUploadedFile("orders.csv", png)}
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    # At the request's own field, never Django's "__all__".
    assert [d["field"] for d in error["details"]] == ["file"]
    assert "renamed" in error["details"][0]["message"]


def test_a_viewer_may_not_import_orders(bob, meridian):
    response = client_for(bob).post(
        "/api/v1/supplychain/order-imports",
        {"file": SimpleUploadedFile("erp.csv", CSV.encode(), content_type="text/csv")},
    )
    assert response.status_code == 403 and response.json()["error"]["code"] == "forbidden"


def test_a_rule_is_snoozed_for_a_customer_within_90_days(alice, clerk, acme):
    code = snoozable_codes()[0]
    url = f"/api/v1/supplychain/customers/{acme.pk}/snoozes"
    until = timezone.localdate() + dt.timedelta(days=30)
    status, body = send(client_for(alice), "POST", url, {
        "rule_code": code, "justification": "Known university lab", "expires_on": str(until),
    })  # fmt: skip
    assert status == 201 and body["active"] and body["rule_code"] == code
    assert RuleSnooze.objects.get(customer=acme).justification == "Known university lab"
    listed = client_for(alice).get(url).json()
    assert [s["id"] for s in listed] == [body["id"]]
    # The law and the lists are never set aside; nor is a snooze beyond 90 days.
    for refused in (
        {"rule_code": "DENIED-PARTY", "justification": "x", "expires_on": str(until)},
        {"rule_code": code, "justification": "x", "expires_on": str(until.replace(year=2999))},
    ):
        status, body = send(client_for(alice), "POST", url, refused)
        assert status == 422 and body["error"]["code"] == "invalid"
    # Staff at the counter record orders; they do not snooze rules.
    status, body = send(client_for(clerk), "POST", url, {
        "rule_code": code, "justification": "x", "expires_on": str(until),
    })  # fmt: skip
    assert status in (403, 404) and "error" in body
    assert RuleSnooze.objects.count() == 1


def test_a_verdict_per_rule_feeds_the_rules_precision(alice, public_buyer, peroxide, record):
    order, _evaluation = record(public_buyer, peroxide, indicators=["refuses_identity"])
    alert = Alert.objects.get(order=order)
    code = alert.breaches[0]["code"]
    url = f"/api/v1/supplychain/cases/{alert.case_id}/alerts/{alert.pk}/dispositions"
    status, body = send(client_for(alice), "POST", url, {"rule_code": code,
                                                        "disposition": "useful"})  # fmt: skip
    assert status == 200 and body["disposition"] == "useful" and body["decided_by"] == "alice"
    status, body = send(client_for(alice), "POST", url, {"rule_code": code,
                                                        "disposition": "confirmed"})  # fmt: skip
    assert status == 200 and RuleDisposition.objects.get().disposition == "confirmed"
    rules = {r["code"]: r for r in client_for(alice).get("/api/v1/supplychain/rules").json()}
    assert rules[code]["confirmed"] == 1 and rules[code]["precision"] == 1.0
    assert rules["DENIED-PARTY"]["snoozable"] is False
    status, body = send(client_for(alice), "POST", url, {"rule_code": "NOT-FIRED",
                                                        "disposition": "useful"})  # fmt: skip
    assert status == 422 and body["error"]["details"]
    status, body = send(client_for(alice), "POST", url, {"rule_code": code,
                                                        "disposition": "maybe"})  # fmt: skip
    assert status == 422


def test_outcome_customer_change_and_rescreen(alice, bob, acme, ethanol, record):
    order, _evaluation = record(acme, ethanol)
    admin = client_for(alice)
    status, body = send(admin, "POST", f"/api/v1/supplychain/orders/{order.pk}/outcome",
                        {"outcome": "refused"})  # fmt: skip
    assert status == 200 and body["outcome"] == "refused"
    status, body = send(admin, "PATCH", f"/api/v1/supplychain/customers/{acme.pk}",
                        {"phone": "+30 210 555"})  # fmt: skip
    assert status == 200 and body["phone"] == "+30 210 555"
    assert body["legal_name"] == "Acme Solvents"  # what was not sent stays
    response = admin.post(f"/api/v1/supplychain/products/{ethanol.pk}/screen")
    assert response.status_code == 200 and response.json()["code"] == ethanol.code
    # A viewer reads but does not change.
    status, body = send(client_for(bob), "POST", f"/api/v1/supplychain/orders/{order.pk}/outcome",
                        {"outcome": "sold"})  # fmt: skip
    assert status in (403, 404) and "error" in body


def test_the_new_operations_are_documented(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "post" in paths["/api/v1/supplychain/order-imports"]
    assert "get" in paths["/api/v1/supplychain/order-imports/{order_import_id}"]
    assert "post" in paths["/api/v1/supplychain/customers/{customer_id}/snoozes"]
    dispose = paths["/api/v1/supplychain/cases/{case_id}/alerts/{alert_id}/dispositions"]
    assert "422" in dispose["post"]["responses"]
    assert "patch" in paths["/api/v1/supplychain/customers/{customer_id}"]
