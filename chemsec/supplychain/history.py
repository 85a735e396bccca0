"""The recent history the rules read for one order: the customer's own orders and those of
the customers linked to it, within the longest rolling window a rule reads.

Read in two queries whatever the history's size: the linked customers' ids, then every
order of the window with its lines and their products in one joined query (one row per
line; an order without lines is one row with empty line columns). Each line stays its own
sample: the quantity rules take every earlier line as one observation, so lines are not
summed per order or product here (that would change what the percentiles see).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from chemsec.supplychain import engine
from chemsec.supplychain.linking import linked_customers as linked_customers  # re-exported
from chemsec.supplychain.models import Customer, Order

HISTORY_DAYS = 180  # the longest rolling window a shipped rule reads (quantity spike)
_COLUMNS = (
    "pk",
    "ordered_at",
    "customer_id",
    "payment_method",
    "payer_name",
    "lines__product__code",
    "lines__product__listed",
    "lines__quantity",
)


def history(customer: Customer, when: dt.datetime) -> tuple[engine.PastOrder, ...]:
    """Every order of the customer and of its linked customers from `HISTORY_DAYS` before
    `when` up to `when`, newest first, with their listed lines."""
    since = when - dt.timedelta(days=HISTORY_DAYS)
    # The linked customers' ids first: a list lets the database read each customer's orders
    # by the (customer, ordered_at) index, where "this customer OR a subquery" scans them all.
    linked = list(Customer.objects.filter(linked_customers(customer)).values_list("pk", flat=True))
    rows = (
        Order.objects.filter(customer__in=[customer.pk, *linked])
        .filter(ordered_at__gte=since, ordered_at__lte=when)
        .order_by("-ordered_at", "pk", "lines__created_at", "lines__pk")
        .values_list(*_COLUMNS)
    )
    return past_orders(rows, customer.pk)


def past_orders(rows: Iterable[tuple[Any, ...]], customer_pk: Any) -> tuple[engine.PastOrder, ...]:
    """The engine's past orders from joined rows (order columns, then one line's product
    code, listed flag and quantity, or None for an order without lines), in row order."""
    grouped: dict[Any, list[Any]] = {}
    for pk, ordered_at, owner, payment, payer, code, listed, quantity in rows:
        entry = grouped.get(pk)
        if entry is None:
            entry = grouped[pk] = [ordered_at, owner, payment, payer, []]
        if code is not None and listed:
            entry[4].append((code, float(quantity)))
    return tuple(
        engine.PastOrder(
            ordered_at=ordered_at,
            customer_key=str(owner),
            product_codes=tuple(code for code, _ in quantities),
            linked=owner != customer_pk,
            quantities=tuple(quantities),
            payment_method=payment,
            payer_is_third_party=bool(payer),
        )
        for ordered_at, owner, payment, payer, quantities in grouped.values()
    )
