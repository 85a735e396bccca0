"""The pages work without JavaScript end to end: a counter sale, the case and its clock,
the report, the authority's inbox; each supplier sees only its own records."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from chemsec.supplychain.models import Case, Customer, Order, Report

pytestmark = pytest.mark.django_db

# Words an order page for the counter must never show (tipping-off): which rule fired,
# its citation, or that a suspicion or a report exists.
TIPPING_OFF = re.compile(
    r"EU-EP-|CWC-S|KYC-|PATTERN-|urn:chemsec:supply-rule|Article|suspicious|Suspicious"
    r"|national contact point|2019/1148, Art",
)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_counter_records_a_sale_in_one_form_and_sees_only_a_neutral_decision(
    clerk, meridian, peroxide, alice
):
    counter = client_for(clerk)
    response = counter.post(reverse("supplychain:customer_new"), {
        "legal_name": "Walk-in buyer", "customer_type": "general_public", "country": "xa",
        "confidentiality": "restricted",
    })  # fmt: skip
    customer = Customer.objects.get(legal_name="Walk-in buyer")
    assert response.status_code == 302 and customer.country == "XA"
    form = counter.get(reverse("supplychain:order_new"))
    assert form.status_code == 200
    assert 'type="checkbox"' in form.content.decode()  # the Art. 9 indicators
    response = counter.post(reverse("supplychain:order_new"), {
        "customer": customer.pk, "channel": "counter", "outcome": "refused",
        "payment_method": "cash", "product_1": peroxide.pk, "quantity_1": "2",
        "indicators": ["unclear_use", "refuses_identity"], "observations": "Nervous.",
    })  # fmt: skip
    order = Order.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("supplychain:order", args=[order.pk])
    assert order.decision == "hold" and order.outcome == "refused"
    page = counter.get(response["Location"]).content.decode()
    assert "on hold" in page
    assert not TIPPING_OFF.search(page), TIPPING_OFF.search(page)
    # The supplier's admin (a reviewer) reads why, with the citations.
    review = client_for(alice).get(response["Location"]).content.decode()
    assert "EU-EP-ART5" in review and "Regulation (EU) 2019/1148, Article 5(1)" in review


def test_case_clock_report_and_inbox(record, public_buyer, peroxide, alice, officer,
                                     stranger_officer, authority):  # fmt: skip
    record(public_buyer, peroxide)
    case = Case.objects.get()
    admin = client_for(alice)
    assert admin.get(reverse("supplychain:cases")).status_code == 200
    admin.post(reverse("supplychain:case_decide", args=[case.pk]), {"status": "suspicious"})
    case.refresh_from_db()
    assert case.status == "suspicious"
    page = admin.get(reverse("supplychain:case", args=[case.pk])).content.decode()
    assert "min left" in page
    assert "min left" in admin.get(reverse("supplychain:index")).content.decode()
    response = admin.post(reverse("supplychain:case_report", args=[case.pk]), {
        "authority": authority.pk, "kind": "suspicious_transaction",
        "summary": "Refused to show ID for 30 % peroxide.",
    })  # fmt: skip
    report = Report.objects.get()
    assert response.status_code == 302 and report.case == case
    ncp = client_for(officer)
    inbox = ncp.get(reverse("supplychain:inbox")).content.decode()
    assert reverse("supplychain:report", args=[report.pk]) in inbox
    detail = ncp.get(reverse("supplychain:report", args=[report.pk])).content.decode()
    assert "Jo Public" in detail and "HP30" in detail
    ncp.post(reverse("supplychain:report_acknowledge", args=[report.pk]), {"text": "Received."})
    ncp.post(reverse("supplychain:report_ask", args=[report.pk]), {"text": "Which ID?"})
    admin.post(reverse("supplychain:report_respond", args=[report.pk]), {"text": "None."})
    ncp.post(reverse("supplychain:report_close", args=[report.pk]), {"text": ""})
    report.refresh_from_db()
    assert report.status == "closed" and report.messages.count() == 4
    other = client_for(stranger_officer)
    assert other.get(reverse("supplychain:report", args=[report.pk])).status_code == 404
    assert "Jo Public" not in other.get(reverse("supplychain:inbox")).content.decode()


def test_the_inbox_is_for_authorities(alice):
    assert client_for(alice).get(reverse("supplychain:inbox")).status_code == 403


def test_a_supplier_never_sees_another_suppliers_customers_or_cases(
    record, public_buyer, peroxide, charlie
):
    record(public_buyer, peroxide)
    case = Case.objects.get()
    other = client_for(charlie)
    for name, args in [("customer", [public_buyer.pk]), ("case", [case.pk]),
                       ("order", [Order.objects.get().pk])]:  # fmt: skip
        assert other.get(reverse(f"supplychain:{name}", args=args)).status_code == 404
    for name in ("customers", "cases", "orders", "index"):
        assert "Jo Public" not in other.get(reverse(f"supplychain:{name}")).content.decode()


def test_every_page_of_the_supplier_answers(alice, company, peroxide, record):
    order, _ = record(company, peroxide)
    admin = client_for(alice)
    pages = [
        ("index", []), ("customers", []), ("customer_new", []), ("customer", [company.pk]),
        ("customer_edit", [company.pk]), ("products", []), ("product_new", []),
        ("product", [peroxide.pk]), ("orders", []), ("order_new", []), ("order", [order.pk]),
        ("cases", []), ("reports", []), ("report_new", []),
    ]  # fmt: skip
    for name, args in pages:
        assert admin.get(reverse(f"supplychain:{name}", args=args)).status_code == 200, name


def test_a_product_is_added_from_the_page_and_screened(alice):
    admin = client_for(alice)
    response = admin.post(reverse("supplychain:product_new"), {
        "code": "NA65", "name": "Nitric acid 65 %",
        "components": "7697-37-2, 65, Nitric acid\n7732-18-5, 35, Water",
    })  # fmt: skip
    assert response.status_code == 302
    page = admin.get(response["Location"]).content.decode()
    assert "I-01" in page and "limit value 3" in page


def test_a_viewer_cannot_open_the_counter(bob):
    assert client_for(bob).get(reverse("supplychain:order_new")).status_code == 403


def test_a_verification_is_recorded_from_the_customer_page(alice, company):
    client_for(alice).post(reverse("supplychain:verification_add", args=[company.pk]), {
        "kind": "identity", "document_kind": "passport", "number": "X 99 88 77",
    })  # fmt: skip
    assert company.records.filter(kind="identity", number_last="8877").exists()


def test_the_customer_page_edits_a_record_and_shows_a_refusal_on_the_form(alice, company):
    client = client_for(alice)
    url = reverse("supplychain:customer_edit", args=[company.pk])
    fields = {"legal_name": "Renamed Trading", "customer_type": company.customer_type,
              "country": "xa", "confidentiality": company.confidentiality}  # fmt: skip
    response = client.post(url, fields)
    assert response.status_code == 302
    assert response["Location"] == reverse("supplychain:customer", args=[company.pk])
    company.refresh_from_db()
    assert company.legal_name == "Renamed Trading"
    refused = client.post(url, fields | {"country": "x1"})
    assert refused.status_code == 200 and "Renamed Trading" in refused.content.decode()
