"""The declared trade's peers as trade_peers.py reads them (the lines' own copies of their
order's time and customer, one query per product), against the lines joined to their
orders, customers and products (the query of b37cd0d, which it replaces), on generated
worlds: several suppliers with the same product codes, several trades (case-folded), orders
of several lines, windows, the customer left out and a small limit so that the newest lines
are cut, often among lines of one time (then by line id)."""

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
from chemsec.core.policy import SYSTEM
from chemsec.core.writes import write_update
from chemsec.supplychain import order_batch, trade_peers
from chemsec.supplychain.decision import line_facts
from chemsec.supplychain.history import HISTORY_DAYS
from chemsec.supplychain.models import Customer, Order, OrderLine, Product
from chemsec.supplychain.services import LineInput, order_record

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


def reference(customer: Customer, when: dt.datetime, codes: list[str], limit: int) -> list[Any]:
    """`replaced_rows` cut at `limit` with the new read's tie-breaker (the line id, from the
    highest, within one time): the lines joined to their orders, not the lines' copies."""
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
        .order_by("-order__ordered_at", "-id")
        .values_list("order__ordered_at", "id", "product__code", "quantity", "order__customer_id")
    )
    return list(rows[:limit])


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(spec=WORLD)
def test_the_peers_read_is_the_replaced_query(spec, monkeypatch):
    monkeypatch.setattr(trade_peers, "MAX_LINES", spec["limit"])
    try:
        with transaction.atomic():
            customers, _ = build(spec)
            customer = Customer.objects.get(pk=customers[spec["asking"] % len(customers)].pk)
            when = NOW - dt.timedelta(hours=spec["when_hours"])
            lines = trade_peers.peer_lines(customer, when, spec["codes"])
            assert lines == reference(customer, when, spec["codes"], spec["limit"])
            rows = trade_peers.peer_rows(customer, when, spec["codes"])
            assert rows == [line[2:] for line in lines]
            # The batch path's read: the same lines, unconverted, by the kept statement.
            stored = trade_peers.stored_peer_lines(customer, when, spec["codes"])
            assert stored == [trade_peers.stored_line(*line) for line in lines]
            kept = trade_peers._Statement.of(connection, len(set(spec["codes"])))
            assert kept is not None  # the kept statement, not the fallback, was compared
            # The query it replaces (b37cd0d) cut at the same lines, but where the cut fell
            # among lines of one time (it did not order them).
            old = replaced_rows(customer, when, spec["codes"], None)
            limit = spec["limit"]
            if len(old) <= limit or old[limit - 1][0] != old[limit][0]:
                assert Counter(rows) == Counter((c, q, o) for _at, c, q, o in old[:limit])
            raise Rollback
    except Rollback:
        pass


def test_one_query(db):
    spec = {
        "customers": [(0, 0), (0, 1), (1, 0)],
        "orders": [(1, 30, [(0, 4), (1, 2)]), (2, 40, [(0, 9)])],
    }
    customers, _ = build(spec)
    customer = Customer.objects.get(pk=customers[0].pk)
    for codes in (["ACE", "ETH"], ["ACE"]):
        with CaptureQueriesContext(connection) as queries:
            rows = trade_peers.peer_rows(customer, NOW, codes)
        assert len(queries) == 1
        assert (
            sorted((c, float(q)) for c, q, _ in rows) == [("ACE", 4.0), ("ETH", 2.0)][: len(codes)]
        )


def test_ties_at_the_cut_go_to_the_highest_line_ids(db, monkeypatch):
    """Four lines of one time (two orders of two lines each), a cut at three: the lines left
    out are the one of the lowest id, on both databases."""
    monkeypatch.setattr(trade_peers, "MAX_LINES", 3)
    spec = {
        "customers": [(0, 0), (0, 0), (0, 0)],
        "orders": [(1, 5, [(0, 1), (0, 2)]), (2, 5, [(0, 3), (0, 4)]), (1, 900, [(0, 5)])],
    }
    customers, _ = build(spec)
    customer = Customer.objects.get(pk=customers[0].pk)
    lines = trade_peers.peer_lines(customer, NOW, ["ACE"])
    tied = sorted(OrderLine.objects.filter(ordered_at=NOW - dt.timedelta(hours=5)).values_list(
        "id", flat=True))  # fmt: skip
    assert [line[1] for line in lines] == tied[::-1][:3]


def test_a_line_keeps_its_orders_time_and_customer(db):
    """Copied by the model on every insert, by whichever path, and kept when the order's
    time changes through the audited write path."""
    spec = {"customers": [(0, 0), (0, 0)], "orders": [(1, 30, [(0, 4), (1, 2)])]}
    customers, _ = build(spec)  # the lines bulk-written without the copies
    order = Order.objects.get()
    assert {(li.ordered_at, li.customer_id) for li in order.lines.all()} == {
        (order.ordered_at, order.customer_id)
    }
    later = order.ordered_at + dt.timedelta(days=3)
    write_update(order, actor=SYSTEM, values={"ordered_at": later})  # as no service does yet
    assert set(order.lines.values_list("ordered_at", flat=True)) == {later}
    customer = Customer.objects.get(pk=customers[0].pk)
    assert trade_peers.peer_rows(customer, later, ["ACE"]) == []
    assert [c for c, _q, _o in trade_peers.peer_rows(customer, NOW + dt.timedelta(days=4),
                                                      ["ACE"])] == ["ACE"]  # fmt: skip


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan")
def test_sqlite_reads_the_peers_from_indexes_alone(db):
    """The plan that makes the read fast on a database without statistics: the product's
    lines by the (product, ordered_at, ...) index newest first (the product by its key, in
    a scalar subquery), each line's customer in the (organisation, trade_key, id) index; no
    row read, no scan, and for one product no sort; for two, each product's cut first, then
    a sort."""
    spec = {"customers": [(0, 0), (0, 1)], "orders": [(1, 30, [(0, 4)])]}
    customers, _ = build(spec)
    customer = Customer.objects.get(pk=customers[0].pk)
    plans = []
    for codes in (["ACE"], ["ACE", "ETH"]):
        with CaptureQueriesContext(connection) as queries:
            trade_peers.peer_rows(customer, NOW, codes)
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + queries.captured_queries[-1]["sql"])
            plans.append([row[3] for row in cursor.fetchall()])
    one, two = plans
    lines, customers = "supplychain_product_aa456a_idx", "supplychain_organis_a2eb24_idx"
    assert one[0].startswith(f"SEARCH supplychain_orderline USING COVERING INDEX {lines} ")
    assert "(product_id=? AND ordered_at>? AND ordered_at<?)" in one[0]
    assert one[1].startswith("SCALAR SUBQUERY") and "(organisation_id=? AND code=?)" in one[2]
    assert one[3].startswith(f"SEARCH supplychain_customer USING COVERING INDEX {customers} ")
    assert len(one) == 4, one  # no sort
    assert two.count("USE TEMP B-TREE FOR ORDER BY") == 1
    assert sum(step.startswith("SCALAR SUBQUERY") for step in two) == 4  # 2 cuts, 2 products
    assert not any(step.startswith("SCAN") for step in two), two
    for index in (lines, customers):
        steps = [step for step in two if f" {index} " in step]  # the query and the two cuts
        assert len(steps) == 3 and all("USING COVERING INDEX" in step for step in steps), two


def test_both_write_paths_store_the_orders_time_and_customer(alice, company, peroxide):
    at = NOW - dt.timedelta(days=2)
    line = LineInput(product=peroxide, quantity=Decimal(2))
    one, _ = order_record(actor=alice, customer=company, lines=[line], payment_method="account",
                          ordered_at=at)  # fmt: skip
    item = order_batch.OrderInput(
        customer=company, lines=[line, line], payment_method="account", ordered_at=NOW
    )
    [(two, _)] = order_batch.orders_record(actor=alice, items=[item])
    for order, count in ((one, 1), (two, 2)):
        copies = list(order.lines.values_list("ordered_at", "customer_id"))
        assert copies == [(order.ordered_at, company.pk)] * count


def test_the_batch_cuts_where_the_database_will_once_its_chunk_is_written(db, monkeypatch):
    """Lines of one time on both sides of the cut, some already written, some of the chunk
    decided before (in memory, their ids made): the batch path's peers are those the
    per-order path reads once the chunk's lines are written."""
    for module in (trade_peers, order_batch):
        monkeypatch.setattr(module, "MAX_LINES", 4)
    spec = {
        "customers": [(0, 0), (0, 0), (0, 0)],
        "orders": [(1, 5, [(0, 1), (0, 2), (0, 3)]), (2, 5, [(0, 4)]), (2, 9, [(0, 5)])],
    }
    customers, products = build(spec)
    asking, peer = (Customer.objects.get(pk=c.pk) for c in customers[:2])
    at = NOW - dt.timedelta(hours=5)
    order = Order(organisation_id=peer.organisation_id, customer=peer, channel="api",
                  ordered_at=at, delivery_country="XA", payment_method="account",
                  decision="allow")  # fmt: skip
    lines = [OrderLine(order=order, product=products[0, "ACE"], quantity=Decimal(q))
             for q in (6, 7, 8)]  # fmt: skip
    facts = order_batch._ChunkFacts([asking, peer], at, at, order_batch.Links(), set())
    facts.add(order, lines)
    wanted = (line_facts(products[0, "ACE"], Decimal(1), "pack"),)
    batched = facts.trade_peers(asking, NOW, wanted, (), 1)
    Order.objects.bulk_create([order])
    OrderLine.objects.bulk_create(lines)
    assert batched == trade_peers.trade_peers(asking, NOW, wanted, (), 1)
    assert len(batched[0].quantities) == 4
