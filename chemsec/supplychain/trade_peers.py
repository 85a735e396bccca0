"""What customers of the same declared trade order: the peers the rule PATTERN-QUANTITY-TRADE
compares a customer with when its own history of a product is too short (a new customer).

Peers are the customers of the **same supplier organisation** whose declared trade folds to
the same key (`Customer.trade_key`: case and Unicode folding, as names are looked up), the
customer itself left out. Another supplier's customers are never read: the statistics of one
supplier's trade never leak into another's decisions. Only quantities and a count of
customers reach the engine, never which customers.

One query per decision (two on SQLite, the products' ids first: `peer_rows`), and only
when it can matter: the rule book has a rule running the check `trade_quantity`, the
customer declares a trade and has fewer earlier orders of a listed product of the order
than that rule's `own_history_below` (shipped: none, a first order of the product). The
rows read are the newest `MAX_LINES` lines of those products within `HISTORY_DAYS`, so
the cost is bounded whatever the trade's size (the percentile is then over the newest
lines).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import connection

from chemsec.supplychain import engine
from chemsec.supplychain.history import HISTORY_DAYS
from chemsec.supplychain.models import Customer, Order, OrderLine, Product

CHECK = "trade_quantity"
MAX_LINES = 2_000


def own_history_below(book: engine.RuleBook) -> int:
    """Below how many earlier orders of a product of its own a customer is compared with
    its trade's peers: the largest `own_history_below` of the rules running the check
    (0, read nothing, when no rule does)."""
    return max(
        (int(r.params.get("own_history_below", 1)) for r in book.rules if r.check == CHECK),
        default=0,
    )


def codes_needing_peers(
    lines: Iterable[engine.Line], past: Iterable[engine.PastOrder], when: dt.datetime, below: int
) -> list[str]:
    """The listed products of the order the customer ordered fewer than `below` times
    itself before `when` (linked customers' orders do not count)."""
    own: dict[str, int] = {}
    for order in past:
        if order.linked or order.ordered_at >= when:
            continue
        for code, _ in order.quantities:
            own[code] = own.get(code, 0) + 1
    wanted = [line.product_code for line in lines if line.listed]
    return [code for code in dict.fromkeys(wanted) if own.get(code, 0) < below]


def trade_peers(
    customer: Customer,
    when: dt.datetime,
    lines: Iterable[engine.Line],
    past: Iterable[engine.PastOrder],
    below: int,
) -> tuple[engine.TradePeers, ...]:
    """Per listed product the customer ordered fewer than `below` times itself, what the
    other customers of its supplier declaring the same trade ordered of it in the
    `HISTORY_DAYS` before `when`."""
    key = customer.trade_key
    if not key or below <= 0:
        return ()
    codes = codes_needing_peers(lines, past, when, below)
    if not codes:
        return ()
    return peers_from_rows(peer_rows(customer, when, codes))


def peer_rows(
    customer: Customer, when: dt.datetime, codes: list[str], *, by_orders: bool | None = None
) -> list[tuple[str, Any, Any]]:
    """The (product code, quantity, customer) of the newest `MAX_LINES` lines of `codes`
    ordered in the `HISTORY_DAYS` before `when` by the other customers of the customer's
    supplier declaring its trade: the rows `peers_from_rows` reads.

    Two forms of one question, the same rows (tests/test_trade_peers_query.py, each form on
    both databases): PostgreSQL plans the lines joined to their orders, customers and products
    from its statistics (hash joins, about 35 ms with 100,000 orders and 10,000 customers
    of one trade). SQLite keeps no statistics and walks the supplier's orders of the window
    newest first, looking every order's customer and lines up (about 450 ms under load in
    that world); starting from the lines' products made it walk the window once per
    product (a plan of minutes). For SQLite (`by_orders`, the default there) the products'
    ids are read first, and the orders of the window are walked newest first but kept only
    when their id is among the orders of a line of those products, a list the database
    reads once from the lines' product index; only then are the customer's trade and the
    order's lines looked up (about 70 ms idle, 85 ms under load)."""
    if by_orders is None:
        by_orders = connection.vendor == "sqlite"
    since = when - dt.timedelta(days=HISTORY_DAYS)
    if not by_orders:
        return list(
            OrderLine.objects.filter(
                order__organisation_id=customer.organisation_id,
                order__customer__organisation_id=customer.organisation_id,
                order__customer__trade_key=customer.trade_key,
                order__ordered_at__gte=since,
                order__ordered_at__lt=when,
                product__code__in=codes,
            )
            .exclude(order__customer_id=customer.pk)
            .order_by("-order__ordered_at")
            .values_list("product__code", "quantity", "order__customer_id")[:MAX_LINES]
        )
    # By code alone, as the lines were matched before (a line's product is its supplier's).
    products = dict(Product.objects.filter(code__in=codes).values_list("id", "code"))
    if not products:
        return []
    ids = list(products)
    rows = (
        Order.objects.filter(
            organisation_id=customer.organisation_id,
            ordered_at__gte=since,
            ordered_at__lt=when,
            id__in=OrderLine.objects.filter(product_id__in=ids).values("order_id"),
            customer__organisation_id=customer.organisation_id,
            customer__trade_key=customer.trade_key,
            lines__product_id__in=ids,
        )
        .exclude(customer_id=customer.pk)
        .order_by("-ordered_at")
        .values_list("lines__product_id", "lines__quantity", "customer_id")[:MAX_LINES]
    )
    return [(products[product], quantity, owner) for product, quantity, owner in rows]


def peers_from_rows(rows: Iterable[tuple[str, Any, Any]]) -> tuple[engine.TradePeers, ...]:
    """The engine's peer facts from (product code, quantity, customer) rows."""
    quantities: dict[str, list[float]] = {}
    customers: dict[str, set[Any]] = {}
    for code, quantity, owner in rows:
        quantities.setdefault(code, []).append(float(quantity))
        customers.setdefault(code, set()).add(owner)
    return tuple(
        engine.TradePeers(code, tuple(values), len(customers[code]))
        for code, values in sorted(quantities.items())
    )
