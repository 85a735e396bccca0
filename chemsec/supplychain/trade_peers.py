"""What customers of the same declared trade order: the peers the rule PATTERN-QUANTITY-TRADE
compares a customer with when its own history of a product is too short (a new customer).

Peers are the customers of the **same supplier organisation** whose declared trade folds to
the same key (`Customer.trade_key`: case and Unicode folding, as names are looked up), the
customer itself left out. Another supplier's customers are never read: the statistics of one
supplier's trade never leak into another's decisions. Only quantities and a count of
customers reach the engine, never which customers.

Read only when it can matter: the rule book has a rule running the check `trade_quantity`,
the customer declares a trade and has fewer earlier orders of a listed product of the order
than that rule's `own_history_below` (shipped: none, a first order of the product). The
rows read are the newest `MAX_LINES` lines of those products within `HISTORY_DAYS`, so the
cost is bounded whatever the trade's size (the percentile is then over the newest lines).

The plan (`_newest_lines`), the same on SQLite and PostgreSQL, one query: a product's
lines are one range of the lines' (product, ordered_at, id, customer, quantity) index
walked newest first, each line's customer checked in the customers' (organisation,
trade_key, id) index, stopped after `MAX_LINES` lines; with several products each range is
first cut at its own `MAX_LINES`-th line. A line keeps its order's time and customer for
this (OrderLine.ordered_at, .customer: copied by the model on every insert, kept by
`Order.save`), so no order is read; the customer's trade is read from the customer, never
copied (a customer's declared trade may change). A line's product and customer are its
order's supplier's (`services.orders`), so the rows are those of the lines joined to their
orders, the orders' customers and products (tests/test_trade_peers_query.py). With 100,000
orders and 10,000 customers of one trade, joining the lines to their orders took about 70
ms on SQLite and 36 ms on PostgreSQL (docs/benchmarks.md).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from django.db.models import DateTimeField, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest

from chemsec.supplychain import engine
from chemsec.supplychain.history import HISTORY_DAYS
from chemsec.supplychain.models import Customer, OrderLine

CHECK = "trade_quantity"
MAX_LINES = 2_000
# (product code, quantity, customer id): what the engine's peer facts are made of.
PeerRow = tuple[str, Any, Any]
# (order's time, line id, product code, quantity, customer id): a peer's line as read.
PeerLine = tuple[dt.datetime, uuid.UUID, str, Any, Any]


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


def peer_rows(customer: Customer, when: dt.datetime, codes: list[str]) -> list[PeerRow]:
    """The (product code, quantity, customer) of the newest `MAX_LINES` lines of the
    products `codes` of the customer's supplier ordered in the `HISTORY_DAYS` before `when`
    by its other customers declaring the customer's trade (`_newest_lines`): the rows
    `peers_from_rows` reads."""
    if not codes:
        return []
    rows = _newest_lines(customer, when, codes).values_list("product__code", "quantity",
                                                            "customer_id")  # fmt: skip
    return list(rows[:MAX_LINES])


def peer_lines(customer: Customer, when: dt.datetime, codes: list[str]) -> list[PeerLine]:
    """`peer_rows` with each line's time and id before it (its place in the order the
    lines are cut in): for the batch path, which merges its chunk's lines in."""
    if not codes:
        return []
    rows = _newest_lines(customer, when, codes).values_list(
        "ordered_at", "id", "product__code", "quantity", "customer_id"
    )
    return list(rows[:MAX_LINES])


def _newest_lines(customer: Customer, when: dt.datetime, codes: list[str]) -> QuerySet[OrderLine]:
    """The lines of the products `codes` of the customer's supplier ordered in the
    `HISTORY_DAYS` before `when` by its other customers declaring the customer's trade,
    newest first and, within one time, by line id from the highest (so that both databases,
    and the batch path merging its chunk's lines in, cut at the same lines).

    A product's lines are one range of the lines' (product, ordered_at, id, customer,
    quantity) index walked from `when` backwards, each line's customer checked in the
    customers' (organisation, trade_key, id) index: no row of a line, an order or a customer
    is read, and the walk stops after `MAX_LINES` lines. For several products the ranges
    are not in time order together, so each is cut first where its own `MAX_LINES`-th
    newest line lies (the newest `MAX_LINES` of all are newer than the latest of these
    cuts: a product's own lines from its cut on are already that many), a scalar subquery
    per product; the database then sorts at most that many lines per product."""
    codes = list(dict.fromkeys(codes))
    since = when - dt.timedelta(days=HISTORY_DAYS)
    lines = (
        OrderLine.objects.filter(
            product__organisation_id=customer.organisation_id,
            ordered_at__lt=when,
            customer__organisation_id=customer.organisation_id,
            customer__trade_key=customer.trade_key,
        )
        .exclude(customer_id=customer.pk)
        .order_by("-ordered_at", "-id")
    )
    if len(codes) == 1:
        return lines.filter(product__code=codes[0], ordered_at__gte=since)
    cuts = [
        Coalesce(
            Subquery(
                lines.filter(product__code=code, ordered_at__gte=since).values("ordered_at")[
                    MAX_LINES - 1 : MAX_LINES
                ]
            ),
            Value(since),
            output_field=DateTimeField(),
        )
        for code in codes
    ]
    return lines.filter(product__code__in=codes, ordered_at__gte=Greatest(*cuts))


def peers_from_rows(rows: Iterable[PeerRow]) -> tuple[engine.TradePeers, ...]:
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
