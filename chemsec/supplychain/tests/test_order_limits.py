"""An order's texts have limits declared once (the model's fields: `Order.delivery_address`,
`Order.observations`, `Product.code`...), refused where they enter: the API (422 naming the
field), the counter's form and the service (the model's validators)."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError

from chemsec.core.limits import TEXT_NOTE
from chemsec.supplychain.forms import OrderForm
from chemsec.supplychain.models import ADDRESS_MAX, Order
from chemsec.supplychain.services.orders import LineInput, order_record
from chemsec.supplychain.tests.test_pages import client_for

pytestmark = pytest.mark.django_db


def post(client, body: dict):
    response = client.post("/api/v1/orders", json.dumps(body), content_type="application/json")
    return response.status_code, response.json()


def order(company, **extra):
    return {
        "customer_id": str(company.pk), "payment_method": "account",
        "lines": [{"product_code": "ETH", "quantity": "1"}], **extra,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("field", "size"),
    [("observations", 5 * 1024 * 1024 - 4096), ("delivery_address", 1024 * 1024),
     ("observations", TEXT_NOTE + 1), ("delivery_address", ADDRESS_MAX + 1),
     ("reference", 81), ("payer_name", 201)],
)  # fmt: skip
def test_api_refuses_an_order_text_over_its_limit(alice, company, ethanol, field, size):
    status, body = post(client_for(alice), order(company, **{field: "x" * size}))
    assert status == 422
    assert [d["field"].rsplit(".", 1)[-1] for d in body["error"]["details"]] == [field]
    assert not Order.objects.exists()


@pytest.mark.parametrize(("field", "size"), [("product_code", 61), ("unit", 13)])
def test_api_refuses_a_line_text_over_its_limit(alice, company, ethanol, field, size):
    line = {"product_code": "ETH", "quantity": "1", field: "x" * size}
    status, body = post(client_for(alice), order(company, lines=[line]))
    assert status == 422 and body["error"]["details"][0]["field"].endswith(field)


def test_api_takes_texts_at_their_limits(alice, company, ethanol):
    status, body = post(client_for(alice), order(
        company, observations="o" * TEXT_NOTE, delivery_address="a" * ADDRESS_MAX))  # fmt: skip
    assert status == 201
    saved = Order.objects.get(pk=body["id"])
    assert (len(saved.observations), len(saved.delivery_address)) == (TEXT_NOTE, ADDRESS_MAX)


def test_the_service_refuses_what_the_api_refuses(alice, company, ethanol):
    with pytest.raises(ValidationError) as refused:
        order_record(
            actor=alice, customer=company, lines=[LineInput(product=ethanol, quantity=1)],
            payment_method="account", observations="x" * (TEXT_NOTE + 1),
        )  # fmt: skip
    assert "observations" in refused.value.message_dict
    assert not Order.objects.exists()


def test_the_form_refuses_what_the_api_refuses(company, ethanol):
    form = OrderForm(
        {"customer": company.pk, "product_1": ethanol.pk, "quantity_1": "1",
         "payment_method": "account", "outcome": "pending", "channel": "counter",
         "observations": "x" * (TEXT_NOTE + 1), "delivery_address": "a" * (ADDRESS_MAX + 1)},
        customers=type(company).objects.all(), products=type(ethanol).objects.all(),
    )  # fmt: skip
    assert not form.is_valid()
    assert {"observations", "delivery_address"} <= set(form.errors)


def test_a_denormal_quantity_is_refused_with_the_fields_real_bound(alice, company, ethanol):
    raw = (
        '{"customer_id": "%s", "payment_method": "account",'
        ' "lines": [{"product_code": "ETH", "quantity": 5e-324}]}'
    )
    response = client_for(alice).post(
        "/api/v1/orders", raw % company.pk, content_type="application/json"
    )
    assert response.status_code == 422
    messages = [d["message"] for d in response.json()["error"]["details"]]
    assert any("greater than 0" in m for m in messages), messages
    assert not any("0 or more" in m for m in messages)
