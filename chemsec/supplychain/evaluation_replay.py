"""Replay the rule engine on a generated data set without a database: the facts the
services would build (customer records, products' screening, 180 days of history of the
customer and of customers linked to it), straight from the generator's data.

For setting rule parameters and typology weights on the development seeds in seconds
(`chemsec supplychain evaluate` records every order through the services, which takes most
of an hour on a busy machine). What it does not replay: the sanctions screening (no list is
read, so DENIED-PARTY never fires and `denied_party` scores nothing here); the numbers to
report come from `evaluate`, which does.

    python -m chemsec.supplychain.evaluation_replay --seed 1 --seed 2 --seed 3
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from chemsec.content.reader import DEFAULT_ROOT, check_tree, read_content_file
from chemsec.supplychain import engine
from chemsec.supplychain import generator as gen
from chemsec.supplychain.evaluation import _detections, score

HISTORY_DAYS = 180  # as the services read it (chemsec/supplychain/services/orders.py)
AG_LISTED = frozenset({"TEA"})  # triethanolamine: Australia Group common control list
NOT_REPLAYED = ("denied_party",)
MAX_PEER_LINES = 2_000  # as chemsec/supplychain/trade_peers.py reads them


def rulebook(root: Path = DEFAULT_ROOT / "rules") -> engine.RuleBook:
    """The rule files of `root`, read and checked as `chemsec load-content` reads them."""
    files = [read_content_file(path, root=root.parent) for path in sorted(root.glob("*.yaml"))]
    check_tree(files)
    objects = [obj for content_file in files for obj in content_file.objects]
    rules = [obj.data for obj in objects if obj.kind == "supply-rule"]
    typologies = [obj.data for obj in objects if obj.kind == "supply-typology"]
    return engine.rulebook_from_data(rules, typologies, engine.CHECKS)


def _line(line: gen.Line) -> engine.Line:
    product = gen.PRODUCTS[line.product_code]
    return engine.Line(
        product_code=product.code,
        quantity=float(line.quantity),
        listed=product.listed,
        eu_restricted=product.eu_restricted,
        eu_regulated=product.eu_regulated,
        cwc_schedules=(product.cwc_schedule,) if product.cwc_schedule else (),
        ag_listed=product.code in AG_LISTED,
    )


def _customer(customer: gen.Customer, prior_orders: int) -> engine.Customer:
    statements: tuple[engine.Statement, ...] = ()
    if customer.statement_valid_until and customer.identity_checked_on:
        statements = (
            engine.Statement(
                "eu_annex_iv", customer.identity_checked_on, customer.statement_valid_until
            ),
        )
    return engine.Customer(
        key=customer.key,
        customer_type=customer.customer_type,
        country=customer.country,
        identity_checked_on=customer.identity_checked_on,
        statements=statements,
        prior_orders=prior_orders,
    )


def _links(customers: Iterable[gen.Customer]) -> dict[str, set[str]]:
    """Customers sharing a registration number or delivery address (case ignored)."""
    by_value: dict[tuple[str, str], set[str]] = {}
    for customer in customers:
        for name in ("registration_number", "delivery_address"):
            value = getattr(customer, name).strip().lower()
            if value:
                by_value.setdefault((name, value), set()).add(customer.key)
    links: dict[str, set[str]] = {}
    for keys in by_value.values():
        for key in keys:
            links.setdefault(key, set()).update(keys - {key})
    return links


def _past(order: gen.Order, linked: bool) -> engine.PastOrder:
    listed = [line for line in order.lines if gen.PRODUCTS[line.product_code].listed]
    return engine.PastOrder(
        ordered_at=order.ordered_at,
        customer_key=order.customer_key,
        product_codes=tuple(line.product_code for line in listed),
        linked=linked,
        quantities=tuple((line.product_code, float(line.quantity)) for line in listed),
        payment_method=order.payment_method,
    )


def _trade_key(customer: gen.Customer) -> str:
    return " ".join(customer.declared_trade.casefold().split())


def _peers(
    lines: list[tuple[dt.datetime, str, str, float]],
    order: gen.Order,
    window_start: dt.datetime,
) -> tuple[engine.TradePeers, ...]:
    """What the other customers of the order's declared trade ordered of its listed
    products in the window (chemsec/supplychain/trade_peers.py reads the same from the
    database; the rule itself leaves out products the customer has history of)."""
    codes = {line.product_code for line in order.lines if gen.PRODUCTS[line.product_code].listed}
    start = bisect.bisect_left([item[0] for item in lines], window_start)
    rows = [
        (code, qty, owner)
        for at, owner, code, qty in reversed(lines[start:])
        if at < order.ordered_at and owner != order.customer_key and code in codes
    ][:MAX_PEER_LINES]
    quantities: dict[str, list[float]] = {}
    owners: dict[str, set[str]] = {}
    for code, qty, owner in rows:
        quantities.setdefault(code, []).append(qty)
        owners.setdefault(code, set()).add(owner)
    return tuple(
        engine.TradePeers(code, tuple(values), len(owners[code]))
        for code, values in sorted(quantities.items())
    )


def replay(dataset: gen.Dataset, book: engine.RuleBook | None = None) -> list[dict[str, Any]]:
    """One result per order, in the shape `evaluation.load` gives."""
    book = book or rulebook()
    links = _links(dataset.customers)
    seen: dict[str, list[gen.Order]] = {}  # customer -> its orders so far, in time order
    by_trade: dict[str, list[tuple[dt.datetime, str, str, float]]] = {}  # lines, in time order
    results = []
    for order in dataset.orders:
        window_start = order.ordered_at - dt.timedelta(days=HISTORY_DAYS)
        trade = _trade_key(dataset.customer(order.customer_key))
        history = []
        for key in [order.customer_key, *sorted(links.get(order.customer_key, ()))]:
            mine = seen.get(key, [])
            start = bisect.bisect_left([o.ordered_at for o in mine], window_start)
            history += [_past(o, key != order.customer_key) for o in mine[start:]]
        facts = engine.Order(
            ordered_at=order.ordered_at,
            customer=_customer(
                dataset.customer(order.customer_key), len(seen.get(order.customer_key, []))
            ),
            delivery_country=order.delivery_country,
            payment_method=order.payment_method,
            lines=tuple(_line(line) for line in order.lines),
            indicators=frozenset(order.indicators),
            history=tuple(history),
            delivery_address=dataset.customer(order.customer_key).delivery_address,
            supplier_country=dataset.supplier_country,
            trade_peers=_peers(by_trade.get(trade, []), order, window_start) if trade else (),
        )
        evaluation = engine.evaluate(facts, book)
        breaches = [breach.to_dict() for breach in evaluation.breaches]
        alerted = evaluation.decision != engine.ALLOW
        results.append(
            {
                "order": order.key,
                "decision": evaluation.decision,
                "rules": sorted({b["code"] for b in breaches}),
                "detected": _detections(breaches) if alerted else set(),
                "fired": _detections(breaches),
                "rulebook_version": evaluation.rulebook_version,
            }
        )
        seen.setdefault(order.customer_key, []).append(order)
        if trade:
            by_trade.setdefault(trade, []).extend(
                (order.ordered_at, order.customer_key, line.product_code, float(line.quantity))
                for line in order.lines
            )
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, action="append", required=True)
    parser.add_argument("--orders", type=int, default=gen.DEFAULT_ORDERS)
    args = parser.parse_args(argv)
    book = rulebook()
    for seed in args.seed:
        dataset = gen.generate(seed, args.orders)
        report = score(dataset, replay(dataset, book))
        for typology in NOT_REPLAYED:
            report["typologies"][typology] = "not replayed"
        print(json.dumps(report, indent=1, default=str))


if __name__ == "__main__":
    main()
