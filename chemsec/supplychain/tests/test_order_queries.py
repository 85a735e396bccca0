"""`POST /api/v1/orders` does not ask the database again about what it has just read: the
customer is checked by the policy in one query (sees it, may record orders for it), and the
audited write of the order, its lines, and a held order's case and alert does not ask
whether the customer, its supplier, the products, the person or the new ids exist
(`write_create_many(known=..., new_keys=True)`, chemsec/core/tests/test_writes_known.py)."""

from __future__ import annotations

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chemsec.supplychain.models import Alert, Order
from chemsec.supplychain.tests.test_pages import client_for

pytestmark = pytest.mark.django_db

# What `full_clean` asks of a key: "SELECT 1 AS a FROM <table> WHERE <table>.id = ... LIMIT 1".
KEY_QUESTION = re.compile(r'^SELECT 1 AS "a" FROM "(\w+)" WHERE "\w+"\."id" = \S+ LIMIT 1$')


def _post(client, customer, code, payment="account"):
    body = {
        "customer_id": str(customer.pk), "payment_method": payment,
        "lines": [{"product_code": code, "quantity": "2"}],
    }  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/api/v1/orders", json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json(), [q["sql"] for q in queries.captured_queries]


def _customer_checks(sql: list[str]) -> list[str]:
    """The policy's questions about the customer (its visibility rule reads the shares)."""
    return [q for q in sql if "supplychain_customer_shared_with_users" in q]


def test_an_allowed_order_asks_nothing_twice(alice, company, ethanol):
    body, sql = _post(client_for(alice), company, ethanol.code)
    assert body["decision"] == "allow"
    assert [q for q in sql if KEY_QUESTION.match(q)] == []
    assert len(_customer_checks(sql)) == 1
    order = Order.objects.get(pk=body["id"])
    assert order.customer == company and order.created_by == alice
    assert [line.product for line in order.lines.all()] == [ethanol]


def test_a_held_order_writes_its_case_and_alert_without_asking_either(
    alice, public_buyer, peroxide
):
    body, sql = _post(client_for(alice), public_buyer, peroxide.code, payment="cash")
    assert body["decision"] == "hold"
    assert [q for q in sql if KEY_QUESTION.match(q)] == []
    alert = Alert.objects.get(order_id=body["id"])
    assert alert.case.customer == public_buyer
