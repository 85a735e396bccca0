"""The facts behind the rules added for issue 12, read from the database: a declared trade's
peers (the same supplier's customers only, the trade compared case-folded) and customers
linked by a shared payment account (kept as a keyed digest and its last four characters,
never the account)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from chemsec.supplychain import engine
from chemsec.supplychain.decision import order_facts, rulebook
from chemsec.supplychain.models import Order
from chemsec.supplychain.payment_links import account_fields, normalise
from chemsec.supplychain.services import LineInput, customer_create

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)


def buyer(actor, organisation, name, trade="Swimming-pool maintenance", **fields):
    values = {"country": "XA", "customer_type": "professional", "declared_trade": trade,
              "delivery_address": f"{name} street 1"}  # fmt: skip
    values.update(fields)
    return customer_create(actor=actor, organisation=organisation, legal_name=name, **values)


def peers_ordering(record, actor, organisation, product, trade, count=5, per=4, quantity="2"):
    """`count` customers of `trade`, `per` orders of `quantity` of `product` each."""
    for n in range(count):
        customer = buyer(actor, organisation, f"Peer {trade[:8]} {n}", trade=trade)
        for k in range(per):
            record(customer, product, actor=actor, quantity=quantity,
                   ordered_at=NOW - dt.timedelta(days=20 + n + k))  # fmt: skip


def facts_for(customer, product, quantity, **fields) -> engine.Order:
    order = Order(organisation=customer.organisation, customer=customer, ordered_at=NOW,
                  delivery_country="XA", payment_method="account", **fields)  # fmt: skip
    lines = [LineInput(product=product, quantity=Decimal(quantity))]
    return order_facts(order, lines, (), rulebook())


# --- the declared trade's peers --------------------------------------------------------


def test_a_new_customer_is_measured_against_its_trade_and_reviewed(
    alice, meridian, acetone, record
):
    peers_ordering(record, alice, meridian, acetone, "Swimming-pool maintenance")
    newcomer = buyer(alice, meridian, "Newcomer Oy", trade="  SWIMMING-POOL MAINTENANCE")
    facts = facts_for(newcomer, acetone, "40")
    (group,) = facts.trade_peers
    assert (group.product_code, group.customers, len(group.quantities)) == ("ACE", 5, 20)
    _order, evaluation = record(newcomer, acetone, quantity="40", ordered_at=NOW)
    breach = next(b for b in evaluation.breaches if b.code == "PATTERN-QUANTITY-TRADE")
    assert breach.facts["lines"][0]["limit"] == 4.0
    assert evaluation.decision == engine.REVIEW
    # At the limit (twice the percentile of 2, 2, ...) it does not fire.
    other = buyer(alice, meridian, "Second Newcomer Oy")
    _order, at_limit = record(other, acetone, quantity="4", ordered_at=NOW)
    assert "PATTERN-QUANTITY-TRADE" not in {b.code for b in at_limit.breaches}


def test_peers_are_the_same_suppliers_customers_only(
    alice, meridian, charlie, northgate, acetone, record
):
    """Another supplier's customers of the same trade, with the same product code, are
    never read: their orders do not make a baseline here."""
    from chemsec.supplychain.services import product_create

    their_acetone = product_create(
        actor=charlie, organisation=northgate, code="ACE", name="Acetone",
        components=[{"cas": "67-64-1", "concentration": "99.5"}],
    )  # fmt: skip
    peers_ordering(record, charlie, northgate, their_acetone, "Swimming-pool maintenance")
    newcomer = buyer(alice, meridian, "Newcomer Oy")
    assert facts_for(newcomer, acetone, "40").trade_peers == ()
    _order, evaluation = record(newcomer, acetone, quantity="40", ordered_at=NOW)
    assert "PATTERN-QUANTITY-TRADE" not in {b.code for b in evaluation.breaches}


def test_no_trade_another_trade_or_a_known_product_reads_no_peers(alice, meridian, acetone, record):
    peers_ordering(record, alice, meridian, acetone, "Swimming-pool maintenance")
    assert (
        facts_for(buyer(alice, meridian, "No Trade Oy", trade=""), acetone, "40").trade_peers == ()
    )
    other = buyer(alice, meridian, "Metal Oy", trade="Metal surface treatment")
    assert facts_for(other, acetone, "40").trade_peers == ()
    regular = buyer(alice, meridian, "Regular Oy")
    record(regular, acetone, quantity="1", ordered_at=NOW - dt.timedelta(days=3))
    assert facts_for(regular, acetone, "40").trade_peers == ()  # not its first order


def test_a_changed_trade_is_compared_by_its_new_key(alice, meridian):
    from chemsec.supplychain.services import customer_update

    customer = buyer(alice, meridian, "Changing Oy", trade="Water treatment")
    assert customer.trade_key == "water treatment"
    customer = customer_update(actor=alice, customer=customer, declared_trade="WASSER Straße")
    customer.refresh_from_db()
    assert customer.trade_key == "wasser strasse"


# --- the payment account ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "normal"),
    [("de89 3704 0044 0532 0130 00", "DE89370400440532013000"),
     ("4111-1111-1111-1111", "4111111111111111"), ("ｆｐ_ab".replace("_", ""), "FPAB"),
     ("", "")],
    ids=["iban-spaces", "card-hyphens", "fullwidth", "empty"],
)  # fmt: skip
def test_an_account_is_normalised(typed, normal):
    assert normalise(typed) == normal


def test_only_a_keyed_digest_and_the_last_four_are_kept():
    key, last = account_fields("DE89 3704 0044 0532 0130 00")
    assert last == "3000"
    assert len(key) == 64 and "DE89" not in key
    assert account_fields("de89370400440532013000") == (key, last)
    import hashlib

    assert key != hashlib.sha256(b"DE89370400440532013000").hexdigest()  # keyed, not bare
    assert account_fields("  ") == ("", "")


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=80))
def test_an_account_is_stored_or_refused_never_cut(typed):
    try:
        key, last = account_fields(typed)
    except ValidationError:
        value = normalise(typed)
        assert not (value.isascii() and value.isalnum() and 4 <= len(value) <= 64)
        return
    value = normalise(typed)
    assert (key == "") == (value == "")
    if value:
        assert last == value[-4:] and len(key) == 64


def test_a_bad_account_refuses_the_order(alice, meridian, company, acetone, record):
    with pytest.raises(ValidationError) as error:
        record(company, acetone, payment_account="DE89/3704")
    assert "payment_account" in error.value.message_dict
    assert not Order.objects.exists()


def test_customers_paying_from_one_account_are_linked(alice, meridian, acetone, record):
    """Three customers with nothing else in common (registration, phone, address) paying
    from one account: their orders are each other's linked history, and three of them
    buying the product within days is a split across linked customers."""
    first, second, third = (buyer(alice, meridian, f"Shell {n} Oy", trade="")
                            for n in range(3))  # fmt: skip
    account = "FI21 1234 5600 0007 85"
    record(first, acetone, payment_account=account, ordered_at=NOW - dt.timedelta(days=2))
    record(second, acetone, payment_account=account.lower(), ordered_at=NOW - dt.timedelta(days=1))
    facts = facts_for(third, acetone, "1", payment_account_key=account_fields(account)[0])
    assert {p.customer_key for p in facts.history} == {str(first.pk), str(second.pk)}
    assert all(p.linked for p in facts.history)
    _order, evaluation = record(third, acetone, payment_account=account, ordered_at=NOW)
    split = next(b for b in evaluation.breaches if b.code == "PATTERN-SPLIT-ORDERS")
    assert split.facts["linked_customers"] == 2
    stored = Order.objects.get(customer=third)
    assert stored.payment_account_last == "0785"
    assert "1234" not in stored.payment_account_key


def test_a_customer_is_linked_by_its_earlier_account_too(alice, meridian, acetone, record):
    first, second = (
        buyer(alice, meridian, "A Oy", trade=""),
        buyer(alice, meridian, "B Oy", trade=""),
    )
    record(first, acetone, payment_account="NO9386011117947", ordered_at=NOW - dt.timedelta(days=3))
    record(
        second, acetone, payment_account="NO9386011117947", ordered_at=NOW - dt.timedelta(days=2)
    )
    # The order being decided pays otherwise: the link is the account paid from before.
    keys = {p.customer_key for p in facts_for(second, acetone, "1").history}
    assert str(first.pk) in keys


def test_accounts_never_link_across_suppliers(alice, meridian, charlie, northgate, acetone, record):
    from chemsec.supplychain.services import product_create

    theirs = product_create(
        actor=charlie, organisation=northgate, code="ACE", name="Acetone",
        components=[{"cas": "67-64-1", "concentration": "99.5"}],
    )  # fmt: skip
    elsewhere = buyer(charlie, northgate, "Elsewhere Oy", trade="")
    record(elsewhere, theirs, actor=charlie, payment_account="GB82WEST12345698765432",
           ordered_at=NOW - dt.timedelta(days=1))  # fmt: skip
    here = buyer(alice, meridian, "Here Oy", trade="")
    key = account_fields("GB82WEST12345698765432")[0]
    assert facts_for(here, acetone, "1", payment_account_key=key).history == ()


def test_orders_without_an_account_link_nothing(alice, meridian, acetone, record):
    first, second = (
        buyer(alice, meridian, "C Oy", trade=""),
        buyer(alice, meridian, "D Oy", trade=""),
    )
    record(first, acetone, ordered_at=NOW - dt.timedelta(days=1))
    assert facts_for(second, acetone, "1").history == ()


# --- entry: the API and the page form -------------------------------------------------


def test_the_api_takes_an_account_refuses_a_bad_one_and_never_returns_it(alice, company, ethanol):
    from chemsec.supplychain.tests.test_api import post
    from chemsec.supplychain.tests.test_pages import client_for

    client = client_for(alice)
    body = {"customer_id": str(company.pk), "payment_method": "bank_transfer",
            "lines": [{"product_id": str(ethanol.pk), "quantity": "1"}]}  # fmt: skip
    status, answer = post(
        client, "/api/v1/orders", {**body, "payment_account": "SE45 5000 0000 0583 9825 7466"}
    )
    assert status == 201
    order = Order.objects.get(pk=answer["id"])
    assert order.payment_account_last == "7466" and len(order.payment_account_key) == 64
    read = client.get(f"/api/v1/supplychain/orders/{order.pk}").content.decode()
    assert "7466" not in read and order.payment_account_key not in read
    status, answer = post(client, "/api/v1/orders", {**body, "payment_account": "SE45/5000"})
    assert status in (400, 422)
    assert Order.objects.count() == 1


def test_the_order_form_takes_an_account_and_the_page_shows_its_last_four(alice, company, ethanol):
    from chemsec.supplychain.tests.test_pages import client_for

    client = client_for(alice)
    response = client.post("/supplychain/orders/new/", {
        "customer": str(company.pk), "channel": "counter", "outcome": "sold",
        "payment_method": "card", "payment_account": "4111 1111 1111 1111",
        "product_1": str(ethanol.pk), "quantity_1": "1",
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    order = Order.objects.get()
    assert order.payment_account_last == "1111"
    page = client.get(response["Location"]).content.decode()
    assert "1111" in page and "4111" not in page


@pytest.mark.parametrize("days", [179, 181, 400], ids=["inside", "outside", "long-ago"])
def test_an_account_paid_from_long_ago_still_links(alice, meridian, acetone, record, days):
    """An account links as a shared address does, whenever the customer paid from it (the
    order batch reads the same); the rules then read the linked customer's orders of the
    180 days only."""
    first = buyer(alice, meridian, "E Oy", trade="")
    second = buyer(alice, meridian, "F Oy", trade="")
    record(second, acetone, payment_account="NL91ABNA0417164300",
           ordered_at=NOW - dt.timedelta(days=days))  # fmt: skip
    record(first, acetone, payment_account="NL91ABNA0417164300",
           ordered_at=NOW - dt.timedelta(days=1))  # fmt: skip
    keys = {p.customer_key for p in facts_for(second, acetone, "1").history}
    assert str(first.pk) in keys
