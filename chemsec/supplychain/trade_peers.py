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
orders and 10,000 customers of one trade, on a loaded machine, this read took a median of
53 ms on SQLite and 52 ms on PostgreSQL where joining the lines to their orders took 483
and 152 ms in the same loop (docs/benchmarks.md, 2026-12-07).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import DateTimeField, F, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest

from chemsec.supplychain import engine
from chemsec.supplychain.history import HISTORY_DAYS
from chemsec.supplychain.models import Customer, OrderLine, Product

CHECK = "trade_quantity"
MAX_LINES = 2_000
# (product code, quantity, customer id): what the engine's peer facts are made of.
PeerRow = tuple[str, Any, Any]
# (order's time, line id, product code, quantity, customer id): a peer's line as read.
PeerLine = tuple[dt.datetime, uuid.UUID, str, Any, Any]
# The same, with the time, the line id and the customer id as the database's driver returns
# them (`stored_line`: on SQLite a naive UTC time and hexadecimal ids, on PostgreSQL the
# values): sorted as the database sorts them, without Django's conversion of each value.
StoredLine = tuple[Any, Any, str, Any, Any]
_COLUMNS = ("ordered_at", "id", "code", "quantity", "customer_id")


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
    rows = _newest_lines(customer, when, codes)
    return list(rows.values_list("code", "quantity", "customer_id")[:MAX_LINES])


def peer_lines(customer: Customer, when: dt.datetime, codes: list[str]) -> list[PeerLine]:
    """`peer_rows` with each line's time and id before it (its place in the order the
    lines are cut in): for the batch path, which merges its chunk's lines in."""
    if not codes:
        return []
    rows = _newest_lines(customer, when, codes)
    return list(rows.values_list(*_COLUMNS)[:MAX_LINES])


def stored_peer_lines(customer: Customer, when: dt.datetime, codes: list[str]) -> list[StoredLine]:
    """`peer_lines`' rows, the same lines in the same order, as the database returns them:
    the time, the line id and the customer id as its driver returns them (`stored_line`;
    on SQLite a naive UTC time and hexadecimal ids, on PostgreSQL the values), the quantity
    as stored (a number;
    `peers_from_rows` takes it as a float, as the Decimal). For the batch path, which asks
    this for most orders: converting up to `MAX_LINES` times and ids per order was most of
    the read's time. The query is `_newest_lines`' own, built once per number of products
    and database (`_Statement`) and run with each order's values."""
    if not codes:
        return []
    codes = list(dict.fromkeys(codes))
    connection = connections[OrderLine.objects.db]
    statement = _Statement.of(connection, len(codes))
    if statement is None:  # the query's parameters could not be told apart: as built
        rows = _newest_lines(customer, when, codes).values_list(*_COLUMNS)[:MAX_LINES]
        return [stored_line(at, line, code, quantity, owner) for at, line, code, quantity,
                owner in rows]  # fmt: skip
    return statement.run(connection, customer, when, codes)


def stored_line(
    ordered_at: dt.datetime, line: uuid.UUID, code: str, quantity: Any, owner: Any
) -> StoredLine:
    """A line's time, id and customer as the database stores them (the form
    `stored_peer_lines` returns): for the lines a batch decided but has not written."""
    connection = connections[OrderLine.objects.db]
    fields = OrderLine._meta
    at = fields.get_field("ordered_at").get_db_prep_value(ordered_at, connection)
    if isinstance(at, str):  # SQLite's text, which its driver returns parsed (naive, UTC)
        at = dt.datetime.fromisoformat(at)
    return (
        at,
        fields.pk.get_db_prep_value(line, connection),
        code,
        quantity,
        fields.get_field("customer").get_db_prep_value(owner, connection),
    )


def _code_at(index: int) -> Callable[[Customer, dt.datetime, list[str]], Any]:
    return lambda customer, when, codes: codes[index]


class _Statement:
    """`_newest_lines`' query for a number of products, as SQL with the place of each value
    in its parameters: built once with marker values (a customer, an organisation, a trade,
    a moment and codes no real row has) and kept if every parameter is one marker's,
    adapted as the query adapts it (else None: then the query is built for each order)."""

    _kept: dict[tuple[str, int, int], _Statement | None] = {}

    def __init__(self, sql: str, fill: list[Callable[[Customer, dt.datetime, list[str]], Any]],
                 columns: list[int]) -> None:  # fmt: skip
        self.sql, self.fill, self.columns = sql, fill, columns

    @classmethod
    def of(cls, connection: BaseDatabaseWrapper, count: int) -> _Statement | None:
        key = (connection.alias, count, MAX_LINES)
        if key not in cls._kept:
            cls._kept[key] = cls._built(connection, count)
        return cls._kept[key]

    @classmethod
    def _built(cls, connection: BaseDatabaseWrapper, count: int) -> _Statement | None:
        marker = Customer(
            pk=uuid.UUID("5e7e0000-0000-4000-8000-00000000c057"),
            organisation_id=uuid.UUID("5e7e0000-0000-4000-8000-0000000000a9"),
            trade_key="\x00trade-marker",
        )
        when = dt.datetime(2001, 2, 3, 4, 5, 6, 70809, tzinfo=dt.UTC)
        codes = [f"\x00code-marker-{i}" for i in range(count)]
        rows = _newest_lines(marker, when, codes).values_list(*_COLUMNS)[:MAX_LINES]
        compiler = rows.query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()  # as the query runs it: its columns in this order
        meta = Customer._meta
        moment = OrderLine._meta.get_field("ordered_at")
        values: dict[Any, Callable[[Customer, dt.datetime, list[str]], Any]] = {
            meta.pk.get_db_prep_value(marker.pk, connection): (
                lambda c, w, k: meta.pk.get_db_prep_value(c.pk, connection)
            ),
            meta.pk.get_db_prep_value(marker.organisation_id, connection): (
                lambda c, w, k: meta.pk.get_db_prep_value(c.organisation_id, connection)
            ),
            marker.trade_key: lambda c, w, k: c.trade_key,
            moment.get_db_prep_value(when, connection): (
                lambda c, w, k: moment.get_db_prep_value(w, connection)
            ),
            moment.get_db_prep_value(when - dt.timedelta(days=HISTORY_DAYS), connection): (
                lambda c, w, k: moment.get_db_prep_value(
                    w - dt.timedelta(days=HISTORY_DAYS), connection
                )
            ),
        }
        for i, code in enumerate(codes):
            values[code] = _code_at(i)
        fill = []
        for param in params:
            try:
                fill.append(values[param])
            except (KeyError, TypeError):
                return None
        names = [alias for _expression, _sql, alias in compiler.select]
        if sorted(names) != sorted(_COLUMNS):
            return None
        return cls(sql, fill, [names.index(name) for name in _COLUMNS])

    def run(
        self, connection: BaseDatabaseWrapper, customer: Customer, when: dt.datetime,
        codes: list[str],
    ) -> list[StoredLine]:  # fmt: skip
        params = [fill(customer, when, codes) for fill in self.fill]
        at, line, code, quantity, owner = self.columns
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            return [(r[at], r[line], r[code], r[quantity], r[owner]) for r in cursor.fetchall()]


def _newest_lines(customer: Customer, when: dt.datetime, codes: list[str]) -> QuerySet[Any]:
    """The lines of the products `codes` of the customer's supplier ordered in the
    `HISTORY_DAYS` before `when` by its other customers declaring the customer's trade,
    newest first and, within one time, by line id from the highest (so that both databases,
    and the batch path merging its chunk's lines in, cut at the same lines), each with its
    product's `code`.

    A product's lines are one range of the lines' (product, ordered_at, id, customer,
    quantity) index walked from `when` backwards, each line's customer checked in the
    customers' (organisation, trade_key, id) index: no row of a line, an order or a customer
    is read, and the walk stops after `MAX_LINES` lines. The product is named by a scalar
    subquery (its id, by the supplier and the code), not joined: a join could give several
    products for all the database knows, and their lines would not come in time order, so
    PostgreSQL would read and sort the whole window. Several products' ranges are not in
    time order together either: each is first cut where its own `MAX_LINES`-th newest line
    lies (a scalar subquery per product), and the newest `MAX_LINES` lines of all are no
    older than the latest of these cuts (that product alone has as many from its cut on),
    so the database sorts at most about `MAX_LINES` lines per product. Without the cuts it
    would read and sort every line of them in the window; a query per product would leave
    the merge to Python, converting each line's time and id (on SQLite the converters cost
    more than the query)."""
    codes = list(dict.fromkeys(codes))
    since = when - dt.timedelta(days=HISTORY_DAYS)
    organisation = customer.organisation_id
    lines = (
        OrderLine.objects.filter(
            ordered_at__lt=when,
            customer__organisation_id=organisation,
            customer__trade_key=customer.trade_key,
        )
        .exclude(customer_id=customer.pk)
        .order_by("-ordered_at", "-id")
    )

    def of(code: str) -> QuerySet[OrderLine]:
        product = Product.objects.filter(organisation_id=organisation, code=code)
        return lines.filter(product_id=Subquery(product.values("id")[:1]), ordered_at__gte=since)

    if len(codes) == 1:
        return of(codes[0]).annotate(code=Value(codes[0]))
    cuts = [
        Coalesce(
            Subquery(of(code).values("ordered_at")[MAX_LINES - 1 : MAX_LINES]),
            Value(since),
            output_field=DateTimeField(),
        )
        for code in codes
    ]
    return lines.filter(
        product__organisation_id=organisation,
        product__code__in=codes,
        ordered_at__gte=Greatest(*cuts),
    ).annotate(code=F("product__code"))


def peers_from_rows(rows: Iterable[PeerRow]) -> tuple[engine.TradePeers, ...]:
    """The engine's peer facts from (product code, quantity, customer) rows."""
    quantities: dict[str, list[float]] = {}
    customers: dict[str, set[Any]] = {}
    for code, quantity, owner in rows:
        found = quantities.get(code)
        if found is None:
            found = quantities[code] = []
            customers[code] = set()
        found.append(float(quantity))
        customers[code].add(owner)
    return tuple(
        engine.TradePeers(code, tuple(values), len(customers[code]))
        for code, values in sorted(quantities.items())
    )
