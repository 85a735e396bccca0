"""What the rule engine reads for one order, read from the database in as few queries as the
decision allows: this is the hot path of a marketplace calling `POST /orders` and of an
order import.

- the customer's facts (its identity checks and end-use statements, how many orders it
  placed before, its latest sanctions screening, whether a rule is snoozed for it) in one
  query, with a second only when the screening found something or a snooze runs;
- the recent history in two (chemsec/supplychain/history.py), and the customers linked
  by a payment account in one more (the customer's own accounts), up to three when the
  customer or the order names one (payment_links.py);
- for a product the customer never ordered, its declared trade's peers in one
  (trade_peers.py; none when the customer declares no trade or knows every product);
- each product's screening summary, kept per process until the product changes;
- the rule book in force, compiled once per process and again only when the loaded rule
  or typology files change (one small query of their checksums per decision).
"""

from __future__ import annotations

import datetime as dt
from threading import Lock
from typing import Any

from django.db.models import Count, Exists, IntegerField, Subquery, Value
from django.db.models.functions import Coalesce

from chemsec.core.models import ContentItem
from chemsec.sanctions.models import Screening, ScreeningStatus
from chemsec.supplychain import engine
from chemsec.supplychain.choices import RecordKind
from chemsec.supplychain.history import history
from chemsec.supplychain.models import Customer, Order, Product, RuleSnooze
from chemsec.supplychain.payment_links import with_account_links
from chemsec.supplychain.rulebook import RULE_KIND, TYPOLOGY_KIND, current_rulebook
from chemsec.supplychain.trade_peers import own_history_below, trade_peers

_RECORD_COLUMNS = (
    "records__kind",
    "records__checked_on",
    "records__statement_kind",
    "records__valid_until",
)
_NOT_SCREENED: dict[str, Any] = {"potential": False, "entries": [], "top_score": 0.0}


def order_facts(
    order: Order,
    lines: list[Any],
    parties: tuple[engine.ScreenedParty, ...] = (),
    book: engine.RuleBook | None = None,
) -> engine.Order:
    """What the engine reads: the order, its products' screening, the customer's records
    and recent history (its own orders and those of linked customers, by registration
    number, phone, address or payment account), and for a product the customer has no
    history of, what its declared trade's peers order (when `book` has a rule reading it).
    `lines` are the order's `LineInput`s (a product and a quantity each)."""
    customer = order.customer
    line_list = tuple(line_facts(line.product, line.quantity, line.unit) for line in lines)
    past = with_account_links(
        customer,
        order.ordered_at,
        order.payment_account_key,
        history(customer, order.ordered_at),
    )
    below = own_history_below(book) if book is not None else 0
    return engine_order(
        order,
        customer_facts(customer, order.ordered_at),
        line_list,
        past,
        parties,
        trade_peers(customer, order.ordered_at, line_list, past, below),
    )


def engine_order(
    order: Order,
    customer: engine.Customer,
    lines: tuple[engine.Line, ...],
    history: tuple[engine.PastOrder, ...],
    parties: tuple[engine.ScreenedParty, ...],
    peers: tuple[engine.TradePeers, ...],
) -> engine.Order:
    """The engine's order from a recorded order and the facts read for it: one place for
    the per-order path and the import's batch path (order_batch.py)."""
    return engine.Order(
        ordered_at=order.ordered_at,
        customer=customer,
        delivery_country=order.delivery_country,
        payment_method=order.payment_method,
        payer_is_third_party=bool(order.payer_name),
        indicators=frozenset(order.indicators),
        lines=lines,
        history=history,
        delivery_address=order.delivery_address or order.customer.delivery_address,
        supplier_country=order.customer.organisation.country,
        parties=parties,
        consignee_name=order.consignee_name,
        trade_peers=peers,
    )


def customer_facts(customer: Customer, when: dt.datetime) -> engine.Customer:
    """The customer as the rules see it on `when`, in one query: its verification records
    joined (one row each, or one empty row), with the count of its earlier orders, the
    status of its latest sanctions screening and whether a snooze runs as scalar
    subqueries."""
    # Imported here: the services package imports this module.
    from chemsec.supplychain.services.rules import snoozed_rules
    from chemsec.supplychain.services.sanctions import SUBJECT_TYPE, sanctions_summary

    day = when.date()
    prior = (
        Order.objects.filter(customer_id=customer.pk, ordered_at__lt=when)
        .order_by()
        .values("customer_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    screening = (
        Screening.objects.filter(
            organisation_id=customer.organisation_id,
            subject_type=SUBJECT_TYPE,
            subject_id=str(customer.pk),
        )
        .order_by("-created_at")
        .values("status")[:1]
    )
    snoozes = RuleSnooze.objects.filter(customer_id=customer.pk, expires_on__gte=day)
    rows = list(
        Customer.objects.filter(pk=customer.pk)
        .annotate(
            prior=Coalesce(Subquery(prior), Value(0), output_field=IntegerField()),
            screening_status=Subquery(screening),
            snoozed=Exists(snoozes),
        )
        .order_by("-records__checked_on", "-records__created_at")
        .values_list("prior", "screening_status", "snoozed", *_RECORD_COLUMNS)
    )
    prior_orders, status, snoozed = rows[0][:3] if rows else (0, None, False)
    records = [row[3:] for row in rows if row[3] is not None]
    identities = [checked for kind, checked, _, _ in records if kind == RecordKind.IDENTITY]
    statements = tuple(
        engine.Statement(kind=statement_kind, valid_from=checked, valid_until=until)
        for kind, checked, statement_kind, until in records
        if kind == RecordKind.STATEMENT
    )
    # A screening that found nothing has no matches to read (the summary would be empty).
    needs_summary = status is not None and status != ScreeningStatus.CLEAR
    denied = sanctions_summary(customer) if needs_summary else _NOT_SCREENED
    return engine.Customer(
        key=str(customer.pk),
        customer_type=customer.customer_type,
        country=customer.country,
        identity_checked_on=max(identities) if identities else None,
        statements=statements,
        prior_orders=int(prior_orders),
        denied_party_matches=tuple(denied["entries"]) if denied["potential"] else (),
        denied_party_score=float(denied["top_score"]),
        snoozed_rules=snoozed_rules(customer, day) if snoozed else frozenset(),
    )


# Each product's line facts, by (id, last change): a product is re-screened through the
# audited write path, which moves `updated_at`, so a changed product is read afresh.
_PRODUCT_FACTS: dict[tuple[Any, Any], tuple[Any, ...]] = {}
_PRODUCT_FACTS_MAX = 20_000


def _screening_summary(product: Product) -> tuple[Any, ...]:
    key = (product.pk, product.updated_at)
    found = _PRODUCT_FACTS.get(key)
    if found is None:
        eu = {
            f"{m['list']} {m['entry']}"
            for component in product.screening
            for m in component["matches"]
            if m["list"] == "EU"
        }
        found = (
            product.code,
            product.listed,
            product.eu_restricted,
            product.eu_regulated,
            tuple(sorted(eu)),
            tuple(product.cwc_schedules),
            product.ag_listed,
        )
        if len(_PRODUCT_FACTS) >= _PRODUCT_FACTS_MAX:
            _PRODUCT_FACTS.clear()
        _PRODUCT_FACTS[key] = found
    return found


def line_facts(product: Product, quantity: Any, unit: str) -> engine.Line:
    code, listed, restricted, regulated, entries, schedules, ag = _screening_summary(product)
    return engine.Line(
        product_code=code,
        quantity=float(quantity),
        unit=unit,
        listed=listed,
        eu_restricted=restricted,
        eu_regulated=regulated,
        eu_entries=entries,
        cwc_schedules=schedules,
        ag_listed=ag,
    )


_RULEBOOK_LOCK = Lock()
_RULEBOOK: dict[str, Any] = {"stamp": None, "book": None}


def rulebook() -> engine.RuleBook:
    """The rule book in force (`rulebook.current_rulebook`), compiled once per process and
    again when a loaded rule or typology changes: the stamp is every loaded object's URN,
    version, checksum and load time (no data read), so `chemsec load-content` in another
    process is seen at the next decision."""
    stamp = tuple(
        ContentItem.objects.filter(kind__in=[RULE_KIND, TYPOLOGY_KIND])
        .order_by("urn")
        .values_list("urn", "version", "checksum", "loaded_at")
    )
    with _RULEBOOK_LOCK:
        if _RULEBOOK["stamp"] == stamp and _RULEBOOK["book"] is not None:
            book: engine.RuleBook = _RULEBOOK["book"]
            return book
    book = current_rulebook()
    with _RULEBOOK_LOCK:
        _RULEBOOK.update(stamp=stamp, book=book)
    return book
