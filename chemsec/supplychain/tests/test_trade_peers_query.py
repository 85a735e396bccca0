"""The declared trade's peers as trade_peers.py reads them, in both its forms (SQLite's: the
products' ids first, then the supplier's orders newest first; PostgreSQL's: the lines joined
to their orders, customers and products), against the query of b37cd0d, on generated worlds:
several suppliers with the same product codes, several trades (case-folded), orders of
several lines, windows, the customer left out and a small limit so that the newest lines
are cut."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chemsec.core.choices import OrganisationKind
from chemsec.core.models import Organisation
from chemsec.supplychain import trade_peers
from chemsec.supplychain.history import HISTORY_DAYS
from chemsec.supplychain.models import Customer, Order, OrderLine, Product

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
CODES = ["ACE", "ETH", "HP30"]
TRADES = ["Pool maintenance", "  POOL maintenance", "Farming", ""]


class Rollback(Exception):
    pass


def replaced_rows(customer: Customer, when: dt.datetime, codes: list[str], limit: int | None):
    """The query trade_peers ran before (b37cd0d), with the order's time kept."""
    rows = (
        OrderLine.objects.filter(
            order__organisation_id=customer.organisation_id,
            order__customer__organisation_id=customer.organisation_id,
            order__customer__trade_key=customer.trade_key,
            order__ordered_at__gte=when - dt.timedelta(days=HISTORY_DAYS),
            order__ordered_at__lt=when,
            product__code__in=codes,
        )
        .exclude(order__customer_id=customer.pk)
        .order_by("-order__ordered_at")
        .values_list("order__ordered_at", "product__code", "quantity", "order__customer_id")
    )
    return list(rows if limit is None else rows[:limit])


def build(spec: dict[str, Any]) -> tuple[list[Customer], dict[tuple[int, str], Product]]:
    organisations = [
        Organisation.objects.create(
            name=f"Supplier {n}",
            slug=f"supplier-{n}",
            kind=OrganisationKind.DISTRIBUTOR,
            country="XA",
        )
        for n in range(2)
    ]
    products = {
        (n, code): Product(organisation=org, code=code, name=code, listed=True)
        for n, org in enumerate(organisations)
        for code in CODES
    }
    Product.objects.bulk_create(products.values())
    customers = [
        Customer(
            organisation=organisations[org],
            legal_name=f"Customer {i}",
            country="XA",
            customer_type="professional",
            declared_trade=TRADES[trade],
            delivery_address=f"{i} street",
        )
        for i, (org, trade) in enumerate(spec["customers"])
    ]
    Customer.objects.bulk_create(customers)
    orders, lines = [], []
    for who, hours, items in spec["orders"]:
        customer = customers[who % len(customers)]
        org = organisations.index(
            next(o for o in organisations if o.pk == customer.organisation_id)
        )
        order = Order(
            organisation_id=customer.organisation_id,
            customer=customer,
            channel="api",
            ordered_at=NOW - dt.timedelta(hours=hours),
            delivery_country="XA",
            payment_method="account",
            decision="allow",
        )
        orders.append(order)
        lines += [
            OrderLine(order=order, product=products[org, CODES[code]], quantity=Decimal(q))
            for code, q in items
        ]
    Order.objects.bulk_create(orders)
    OrderLine.objects.bulk_create(lines)
    return customers, products


WORLD = st.fixed_dictionaries(
    {
        "customers": st.lists(
            st.tuples(st.integers(0, 1), st.integers(0, len(TRADES) - 1)), min_size=1, max_size=8
        ),
        "orders": st.lists(
            st.tuples(
                st.integers(0, 7),
                st.integers(0, 24 * (HISTORY_DAYS + 20)).map(lambda h: h - 24 * 10),
                st.lists(
                    st.tuples(st.integers(0, len(CODES) - 1), st.integers(1, 40)),
                    min_size=1,
                    max_size=3,
                ),
            ),
            max_size=40,
        ),
        "asking": st.integers(0, 7),
        "codes": st.lists(st.sampled_from(CODES), min_size=1, max_size=3, unique=True),
        "limit": st.integers(1, 12),
        "when_hours": st.integers(0, 24 * 5),
    }
)


def same_answer(new: list[tuple[str, Any, Any]], full: list[tuple[Any, ...]], limit: int) -> None:
    """`new` is the newest `limit` rows of `full` (newest first); rows of the same time at
    the cut may be any of them (neither query orders within one time)."""
    as_row = [(code, quantity, owner) for _at, code, quantity, owner in full]
    if len(full) <= limit or full[limit - 1][0] != full[limit][0]:
        assert Counter(new) == Counter(as_row[:limit])
        assert trade_peers.peers_from_rows(new) == trade_peers.peers_from_rows(as_row[:limit])
        return
    cut = full[limit - 1][0]
    newer = Counter(row for row, item in zip(as_row, full, strict=True) if item[0] > cut)
    at_cut = Counter(row for row, item in zip(as_row, full, strict=True) if item[0] == cut)
    got = Counter(new)
    assert len(new) == limit
    assert not newer - got
    assert not (got - newer) - at_cut


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(spec=WORLD, by_orders=st.booleans())
def test_the_peers_read_is_the_replaced_query(spec, by_orders, monkeypatch):
    monkeypatch.setattr(trade_peers, "MAX_LINES", spec["limit"])
    try:
        with transaction.atomic():
            customers, _ = build(spec)
            customer = Customer.objects.get(pk=customers[spec["asking"] % len(customers)].pk)
            when = NOW - dt.timedelta(hours=spec["when_hours"])
            new = trade_peers.peer_rows(customer, when, spec["codes"], by_orders=by_orders)
            full = replaced_rows(customer, when, spec["codes"], None)
            same_answer(new, full, spec["limit"])
            if len(full) <= spec["limit"] or full[spec["limit"] - 1][0] != full[spec["limit"]][0]:
                old = replaced_rows(customer, when, spec["codes"], spec["limit"])
                assert Counter(new) == Counter((c, q, o) for _at, c, q, o in old)
            raise Rollback
    except Rollback:
        pass


@pytest.mark.parametrize("by_orders", [True, False], ids=["by-orders", "joined"])
def test_one_query_for_the_products_and_one_for_the_lines(db, by_orders):
    spec = {
        "customers": [(0, 0), (0, 1), (1, 0)],
        "orders": [(1, 30, [(0, 4), (1, 2)]), (2, 40, [(0, 9)])],
    }
    customers, _ = build(spec)
    customer = Customer.objects.get(pk=customers[0].pk)
    with CaptureQueriesContext(connection) as queries:
        rows = trade_peers.peer_rows(customer, NOW, ["ACE", "ETH"], by_orders=by_orders)
    assert len(queries) == (2 if by_orders else 1)
    assert sorted((c, float(q)) for c, q, _ in rows) == [("ACE", 4.0), ("ETH", 2.0)]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan")
def test_sqlite_walks_the_orders_by_date_and_reads_the_lines_products_once(db):
    """The plan that makes the read fast: the orders of the window by the (organisation,
    ordered_at) index, the lines of the products read once into a list (not once per order),
    the customer and the order's lines looked up by key."""
    spec = {"customers": [(0, 0), (0, 1)], "orders": [(1, 30, [(0, 4)])]}
    customers, _ = build(spec)
    customer = Customer.objects.get(pk=customers[0].pk)
    with CaptureQueriesContext(connection) as queries:
        trade_peers.peer_rows(customer, NOW, ["ACE"])
    sql = queries.captured_queries[-1]["sql"]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql)
        plan = [row[3] for row in cursor.fetchall()]
    assert plan[0].startswith("SEARCH supplychain_order USING ") and "ordered_at>?" in plan[0]
    assert any(step.startswith("LIST SUBQUERY") for step in plan)
    assert not any(step.startswith("SCAN") for step in plan), plan
    assert not any("TEMP B-TREE" in step for step in plan), plan
