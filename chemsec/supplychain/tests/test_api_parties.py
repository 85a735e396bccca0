"""`POST /api/v1/orders` takes the order's consignee and declared end user: both screened
against the denied-party lists; a match holds the order with the same neutral answer as
any hold (never tipping off), and only the supplier's reviewers learn why."""

from __future__ import annotations

import json

import pytest

from chemsec.supplychain.models import Order
from chemsec.supplychain.tests.test_api import post
from chemsec.supplychain.tests.test_imports_stream import un_list  # noqa: F401 (fixture)
from chemsec.supplychain.tests.test_pages import TIPPING_OFF, client_for

pytestmark = pytest.mark.django_db
NEUTRAL_KEYS = {"id", "reference", "ordered_at", "outcome", "decision", "reason_code", "message"}
REVEALING = ("denied", "sanction", "consignee", "end user", "end_user", "match", "un:", "list")


def order(company, **fields) -> dict:
    return {
        "customer_id": str(company.pk), "payment_method": "account",
        "lines": [{"product_code": "ACE", "quantity": "1"}], **fields,
    }  # fmt: skip


def test_a_denied_consignee_holds_the_order_and_the_answer_says_on_hold_only(
    alice,
    company,
    acetone,
    un_list,  # noqa: F811
):
    client = client_for(alice)
    status, body = post(client, "/api/v1/orders", order(
        company, reference="MP-1", consignee_name="Iwan Petrowitsch Sidorowski",
        consignee_country="RU", end_user_name="Acme Pools Ltd", end_user_country="XA",
    ))  # fmt: skip
    assert status == 201 and set(body) == NEUTRAL_KEYS
    assert (body["decision"], body["reason_code"]) == ("hold", "on_hold")
    _, clean = post(client, "/api/v1/orders", order(company, reference="MP-2"))
    assert clean["decision"] == "allow"
    answers = [
        json.dumps(body),
        client.get(f"/api/v1/supplychain/orders/{body['id']}").content.decode(),
    ]
    for text in answers:
        assert not TIPPING_OFF.search(text)
        assert not any(word in text.lower() for word in REVEALING), text
    # Reviewers read who matched, on the order's evaluation and the case.
    held = Order.objects.get(pk=body["id"])
    assert (held.consignee_name, held.end_user_country) == ("Iwan Petrowitsch Sidorowski", "XA")
    breach = next(b for b in held.evaluation["breaches"] if b["code"] == "DENIED-PARTY")
    assert [p["role"] for p in breach["facts"]["parties"]] == ["consignee"]


def test_a_clean_end_user_changes_nothing(alice, company, acetone, un_list):  # noqa: F811
    status, body = post(client_for(alice), "/api/v1/orders", order(
        company, end_user_name="Harbour Swimming Club", end_user_country="XA",
    ))  # fmt: skip
    assert status == 201 and body["decision"] == "allow"


@pytest.mark.parametrize(
    "fields",
    [
        {"consignee": "Someone"},  # a misspelt field is refused, not dropped
        {"end_user": "Someone"},
        {"consignee_name": "Someone", "consignee_country": "RUS"},
        {"end_user_name": "x" * 201},
    ],
)
def test_unknown_or_malformed_party_fields_are_refused(alice, company, acetone, fields):
    status, _body = post(client_for(alice), "/api/v1/orders", order(company, **fields))
    assert status == 422
    assert not Order.objects.filter(customer=company).exists()
