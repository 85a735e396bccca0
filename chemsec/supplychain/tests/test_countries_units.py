"""Country fields and line units, refused where they enter (QA, issue 12): a code that names
no country ("YY", "JJ", "ZZ", "QQ") was taken for a State Party, so a Schedule 3 order to it
was allowed; a line in "tonnes" of a product sold in 5 L packs was read as that many packs.
The page form, the API and the order import each refuse them, naming the field."""

from __future__ import annotations

import json
import string

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from chemsec.lib.countries import country_known, iso_assigned
from chemsec.lib.worldmap import user_assigned
from chemsec.supplychain.models import Customer, Order
from chemsec.supplychain.services.imports import order_import_start
from chemsec.supplychain.tests.test_imports import rows_by_line
from chemsec.supplychain.units import line_unit

# ISO 3166-1 codes, from the standard's own list: the newest (South Sudan 2011; Bonaire,
# Curaçao, Sint Maarten 2010), a State not Party, territories; and codes it never assigned
# or took back (AN Netherlands Antilles, YU Yugoslavia, CS Serbia and Montenegro), its
# exceptional reservations (EU, UN, AC) and its user-assigned ranges.
ASSIGNED = ["FR", "EG", "SS", "BQ", "CW", "SX", "PS", "VA", "HK", "PR", "AQ", "TW"]
NOT_COUNTRIES = ["YY", "JJ", "ZZ", "QQ", "AA", "XX", "AN", "YU", "CS", "EU", "UN", "AC", "OO"]


def test_the_249_assigned_codes_and_no_other_two_letters():
    assert len(iso_assigned()) == 249  # ISO 3166-1 since South Sudan (2011)
    assert all(country_known(code) for code in ASSIGNED)
    assert not any(country_known(code) for code in NOT_COUNTRIES)
    assert country_known("XK")  # Kosovo, as CLDR and the EU use it
    assert country_known("XB", also=("XB",)) and not country_known("XB")


@settings(max_examples=60, deadline=None)
@given(st.text(string.ascii_letters, min_size=2, max_size=2))
def test_a_private_code_is_never_a_country_and_the_case_does_not_matter(code):
    assert country_known(code) == country_known(code.swapcase())
    if user_assigned(code):
        assert not country_known(code)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["pack", "Pack", " packs ", "PACK", ""]), st.text(max_size=12))
def test_only_packs_are_a_unit(pack, other):
    assert line_unit(pack) == "pack"
    if " ".join(other.split()).casefold() not in {"", "pack", "packs"}:
        assert line_unit(other) is None


def _post(client: Client, body: dict) -> tuple[int, dict]:
    response = client.post("/api/v1/orders", json.dumps(body), content_type="application/json")
    return response.status_code, response.json()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["delivery_country", "consignee_country", "end_user_country"])
def test_the_api_refuses_a_code_that_names_no_country(alice, company, triethanolamine, field):
    status, body = _post(_client(alice), {
        "customer_id": str(company.pk), "payment_method": "account",
        "lines": [{"product_code": "TEA", "quantity": "1"}], field: "YY",
    })  # fmt: skip
    assert status == 422 and field in json.dumps(body) and "YY" in json.dumps(body)
    assert not Order.objects.exists()


@pytest.mark.django_db
def test_the_api_takes_a_country_in_any_case_and_the_installations_own(alice, company, ethanol):
    client = _client(alice)
    for code in ("fr", "XA"):  # XA: Meridian's own (fictional) State
        status, _body = _post(client, {
            "customer_id": str(company.pk), "payment_method": "account",
            "lines": [{"product_code": "ETH", "quantity": "1"}], "delivery_country": code,
        })  # fmt: skip
        assert status == 201
    assert sorted(Order.objects.values_list("delivery_country", flat=True)) == ["FR", "XA"]


@pytest.mark.django_db
def test_the_api_refuses_a_unit_that_is_not_packs(alice, company, peroxide):
    client = _client(alice)
    order = {"customer_id": str(company.pk), "payment_method": "account"}
    status, body = _post(client, {**order, "lines": [
        {"product_code": "HP30", "quantity": "2", "unit": "tonnes"}]})  # fmt: skip
    assert status == 422 and "tonnes" in json.dumps(body) and not Order.objects.exists()
    status, _body = _post(client, {**order, "lines": [
        {"product_code": "HP30", "quantity": "2", "unit": "Packs"}]})  # fmt: skip
    assert status == 201 and Order.objects.get().lines.get().unit == "pack"


@pytest.mark.django_db
def test_the_api_refuses_a_customer_country_that_names_no_country(alice, company):
    client = _client(alice)
    response = client.post("/api/v1/supplychain/customers", json.dumps({
        "legal_name": "Nowhere Trading", "customer_type": "professional", "country": "QQ",
    }), content_type="application/json")  # fmt: skip
    assert response.status_code == 422 and "country" in response.content.decode()
    assert not Customer.objects.filter(legal_name="Nowhere Trading").exists()


@pytest.mark.django_db
def test_the_counter_form_names_the_field_it_refuses(alice, company, triethanolamine):
    page = _client(alice).post(reverse("supplychain:order_new"), {
        "customer": company.pk, "channel": "counter", "outcome": "pending",
        "payment_method": "account", "product_1": triethanolamine.pk, "quantity_1": "1",
        "delivery_country": "yy", "consignee_country": "ZZ",
    })  # fmt: skip
    html = page.content.decode()
    assert page.status_code == 200 and not Order.objects.exists()
    assert "Delivery country: “YY” is not an ISO 3166-1 country code" in html
    assert "Consignee&#x27;s country: “ZZ”" in html


@pytest.mark.django_db
def test_the_customer_form_refuses_a_code_that_names_no_country(alice, meridian):
    page = _client(alice).post(reverse("supplychain:customer_new"), {
        "legal_name": "Nowhere Trading", "customer_type": "professional", "country": "JJ",
        "confidentiality": "restricted",
    })  # fmt: skip
    assert page.status_code == 200 and "Country: “JJ”" in page.content.decode()
    assert not Customer.objects.filter(legal_name="Nowhere Trading").exists()


@pytest.mark.django_db
def test_an_import_row_with_no_country_or_another_unit_is_its_errors_alone(
    alice, meridian, company, ethanol
):
    data = (
        "reference,customer,product,quantity,unit,delivery country,consignee country\n"
        "C-1,Acme Pools Ltd,ETH,1,,YY,\n"
        "C-2,Acme Pools Ltd,ETH,1,pack,fr,qq\n"
        "C-3,Acme Pools Ltd,ETH,2,tonnes,FR,\n"
        "C-4,Acme Pools Ltd,ETH,3,Packs,xa,\n"
    )
    record = order_import_start(
        actor=alice, organisation=meridian, upload=SimpleUploadedFile("erp.csv", data.encode())
    )
    record.refresh_from_db()
    assert rows_by_line(record) == {2: ["bad_country"], 3: ["bad_country"], 4: ["bad_unit"],
                                    5: []}  # fmt: skip
    errors = {row.line: row.errors[0]["params"] for row in record.rows.exclude(errors=[])}
    assert errors[2]["column"] == "delivery_country" and errors[3]["column"] == "consignee_country"
    order = Order.objects.get()
    assert (order.reference, order.delivery_country) == ("C-4", "XA")
    assert order.lines.get().unit == "pack"


@pytest.mark.django_db
def test_a_territory_is_taken_and_its_scheduled_order_goes_to_review(alice, company,
                                                                    triethanolamine):  # fmt: skip
    status, body = _post(_client(alice), {
        "customer_id": str(company.pk), "payment_method": "account",
        "lines": [{"product_code": "TEA", "quantity": "1"}], "delivery_country": "hk",
    })  # fmt: skip
    assert status == 201 and body["decision"] == "review"
    order = Order.objects.get()
    codes = {b["code"] for b in order.evaluation["breaches"]}
    assert "CWC-DESTINATION-UNKNOWN" in codes and order.delivery_country == "HK"


@pytest.mark.django_db
def test_pages_show_a_code_stored_before_codes_were_checked(alice, company, triethanolamine,
                                                           record):  # fmt: skip
    order, _evaluation = record(company, triethanolamine, delivery_country="FR")
    Order.objects.filter(pk=order.pk).update(delivery_country="YY", end_user_country="QQ")
    Customer.objects.filter(pk=company.pk).update(country="JJ")
    client = _client(alice)
    for name, args in [("order", [order.pk]), ("orders", []), ("customer", [company.pk]),
                       ("customers", []), ("customer_edit", [company.pk])]:  # fmt: skip
        page = client.get(reverse(f"supplychain:{name}", args=args))
        assert page.status_code == 200, name
    listing = client.get(f"/api/v1/supplychain/orders/{order.pk}")
    assert listing.status_code == 200 and listing.json()["delivery_country"] == "YY"
