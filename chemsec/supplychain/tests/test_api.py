"""The API: `POST /api/v1/orders` answers the decision at once with a neutral reason code
and nothing that tips off the customer; cases and reports for those who may read them."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from chemsec.supplychain.models import Case, Report
from chemsec.supplychain.tests.test_pages import TIPPING_OFF, client_for

pytestmark = pytest.mark.django_db


def post(client: Client, url: str, body: dict) -> tuple[int, dict]:
    response = client.post(url, json.dumps(body), content_type="application/json")
    return response.status_code, response.json()


def test_an_order_gets_its_decision_at_once_with_a_neutral_reason(alice, public_buyer, peroxide):
    status, body = post(client_for(alice), "/api/v1/orders", {
        "customer_id": str(public_buyer.pk), "payment_method": "cash",
        "lines": [{"product_code": "HP30", "quantity": "3"}], "reference": "PO-77",
        "indicators": ["unclear_use"],
    })  # fmt: skip
    assert status == 201
    assert body["decision"] == "hold" and body["reason_code"] == "on_hold"
    assert set(body) == {"id", "reference", "ordered_at", "outcome", "decision", "reason_code",
                         "message"}  # fmt: skip
    text = json.dumps(body)
    assert not TIPPING_OFF.search(text) and "report" not in text.lower()
    assert "case" not in text.lower() and "rule" not in text.lower()
    assert Case.objects.filter(customer=public_buyer).exists()  # reviewed behind the scenes


def test_an_allowed_order_says_ok(alice, company, ethanol):
    status, body = post(client_for(alice), "/api/v1/orders", {
        "customer_id": str(company.pk), "payment_method": "account",
        "lines": [{"product_id": str(ethanol.pk), "quantity": "10"}],
    })  # fmt: skip
    assert status == 201 and body["decision"] == "allow" and body["reason_code"] == "ok"


def test_reading_an_order_back_tells_no_more(alice, public_buyer, peroxide, record):
    order, _ = record(public_buyer, peroxide, indicators=["refuses_identity"])
    response = client_for(alice).get(f"/api/v1/supplychain/orders/{order.pk}")
    assert response.status_code == 200
    assert not TIPPING_OFF.search(response.content.decode())
    listing = client_for(alice).get("/api/v1/supplychain/orders").content.decode()
    assert str(order.pk) in listing and not TIPPING_OFF.search(listing)


def test_another_supplier_cannot_order_for_or_read_a_customer(charlie, company, peroxide):
    other = client_for(charlie)
    status, _body = post(other, "/api/v1/orders", {
        "customer_id": str(company.pk), "payment_method": "account",
        "lines": [{"product_code": "HP30", "quantity": "1"}],
    })  # fmt: skip
    assert status == 404
    assert other.get(f"/api/v1/supplychain/customers/{company.pk}").status_code == 404
    assert other.get("/api/v1/supplychain/customers").json() == []


def test_a_viewer_may_not_record_orders(bob, company):
    status, _body = post(client_for(bob), "/api/v1/orders", {
        "customer_id": str(company.pk), "payment_method": "account",
        "lines": [{"product_code": "HP30", "quantity": "1"}],
    })  # fmt: skip
    assert status == 404  # the customer is restricted: bob may not know it exists


def test_cases_carry_the_breaches_with_citations_for_the_reviewers(alice, public_buyer,
                                                                  peroxide, record):  # fmt: skip
    record(public_buyer, peroxide)
    case = Case.objects.get()
    admin = client_for(alice)
    status, body = post(admin, f"/api/v1/supplychain/cases/{case.pk}/decision",
                        {"status": "suspicious"})  # fmt: skip
    assert status == 200 and body["status"] == "suspicious" and body["report_due_at"]
    breach = body["alerts"][0]["breaches"][0]
    assert breach["code"] == "EU-EP-ART5" and "Article 5(1)" in breach["citation"]
    listed = admin.get("/api/v1/supplychain/cases?open_only=true").json()
    assert [c["id"] for c in listed] == [str(case.pk)]


def test_reports_through_the_api_reach_their_authority_only(
    alice, public_buyer, peroxide, record, officer, stranger_officer, authority
):
    record(public_buyer, peroxide)
    case = Case.objects.get()
    admin = client_for(alice)
    post(admin, f"/api/v1/supplychain/cases/{case.pk}/decision", {"status": "suspicious"})
    status, body = post(admin, "/api/v1/supplychain/reports", {
        "authority": authority.slug, "kind": "suspicious_transaction",
        "summary": "Refused ID.", "case_id": str(case.pk),
    })  # fmt: skip
    assert status == 201 and body["body"]["customer"]["legal_name"] == "Jo Public"
    report = Report.objects.get()
    ncp = client_for(officer)
    received = ncp.get("/api/v1/supplychain/reports?box=received").json()
    assert [r["id"] for r in received] == [str(report.pk)]
    assert post(ncp, f"/api/v1/supplychain/reports/{report.pk}/acknowledge", {})[0] == 200
    assert post(ncp, f"/api/v1/supplychain/reports/{report.pk}/questions",
                {"text": "Which ID?"})[0] == 201  # fmt: skip
    assert post(admin, f"/api/v1/supplychain/reports/{report.pk}/answers",
                {"text": "None."})[0] == 201  # fmt: skip
    assert post(admin, f"/api/v1/supplychain/reports/{report.pk}/close", {})[0] == 403
    other = client_for(stranger_officer)
    assert other.get(f"/api/v1/supplychain/reports/{report.pk}").status_code == 404
    assert other.get("/api/v1/supplychain/reports?box=received").json() == []
    assert admin.get("/api/v1/supplychain/reports?box=received").status_code == 403


def test_products_and_customers_through_the_api(alice):
    admin = client_for(alice)
    status, product = post(admin, "/api/v1/supplychain/products", {
        "code": "TEA", "name": "Triethanolamine",
        "components": [{"cas": "102-71-6", "concentration": 99}],
    })  # fmt: skip
    assert status == 201 and product["cwc_schedules"] == ["3"]
    status, customer = post(admin, "/api/v1/supplychain/customers", {
        "legal_name": "Nile Trading", "customer_type": "economic_operator", "country": "EG",
    })  # fmt: skip
    assert status == 201 and customer["confidentiality"] == "restricted"
    status, record = post(admin, f"/api/v1/supplychain/customers/{customer['id']}/verifications",
                          {"kind": "statement", "statement_kind": "cwc_end_use"})  # fmt: skip
    assert status == 201 and record["valid_until"]


def test_the_payment_methods_are_listed_in_the_schema_and_a_wrong_one_is_refused_naming_them(
    alice, company, ethanol
):
    from chemsec.supplychain.choices import PaymentMethod

    schema = client_for(alice).get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert schema["PaymentMethod"]["enum"] == list(PaymentMethod.values)
    status, body = post(client_for(alice), "/api/v1/orders", {
        "customer_id": str(company.pk), "payment_method": "invoice",
        "lines": [{"product_code": "ETH", "quantity": "1"}],
    })  # fmt: skip
    assert status == 422
    message = json.dumps(body)
    assert all(code in message for code in PaymentMethod.values)
