"""The facts the rules read, as the decision path reads them now (few queries: the customer
in one, the history in two, the rule book compiled once per process) against the reading
record by record they replaced, kept here as the reference: the same facts for any
history, so every rule decides as before."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chemsec.core.audit import audit_verify
from chemsec.core.models import AuditEntry, ContentItem
from chemsec.core.policy import SYSTEM
from chemsec.core.writes import unaudited, write_create_many
from chemsec.supplychain import engine
from chemsec.supplychain.decision import customer_facts, rulebook
from chemsec.supplychain.history import HISTORY_DAYS, history, linked_customers
from chemsec.supplychain.models import Customer, Order, OrderLine, RuleSnooze

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)


def reference_history(customer: Customer, when: dt.datetime) -> Counter[engine.PastOrder]:
    """The history as services/orders.py read it before (one order at a time, prefetched)."""
    since = when - dt.timedelta(days=HISTORY_DAYS)
    linked = list(Customer.objects.filter(linked_customers(customer)).values_list("pk", flat=True))
    orders = (
        Order.objects.filter(customer__in=[customer.pk, *linked])
        .filter(ordered_at__gte=since, ordered_at__lte=when)
        .prefetch_related("lines__product")
    )
    return Counter(
        engine.PastOrder(
            ordered_at=past.ordered_at,
            customer_key=str(past.customer_id),
            product_codes=tuple(
                line.product.code for line in past.lines.all() if line.product.listed
            ),
            linked=past.customer_id != customer.pk,
            quantities=tuple(
                (line.product.code, float(line.quantity))
                for line in past.lines.all()
                if line.product.listed
            ),
            payment_method=past.payment_method,
            payer_is_third_party=bool(past.payer_name),
        )
        for past in orders
    )


ORDERS = st.lists(
    st.tuples(
        st.integers(0, 3),  # which customer (0 and 1 share a phone, 3 is not linked)
        st.integers(-5, HISTORY_DAYS + 5),  # days before NOW (negative: after it)
        st.lists(st.tuples(st.integers(0, 2), st.integers(1, 50)), max_size=3),  # lines
        st.sampled_from(["account", "cash", "card"]),
        st.booleans(),  # a third party pays
    ),
    max_size=12,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(orders=ORDERS)
def test_the_history_is_what_the_order_by_order_reading_gave(
    orders, alice, meridian, acetone, ethanol, peroxide
):
    products = [acetone, ethanol, peroxide]
    with transaction.atomic():
        customers = [
            Customer(organisation=meridian, legal_name=f"C{i}", country="XA",
                     customer_type="professional", phone="+1 555" if i < 2 else f"+1 {i}",
                     registration_number="" if i < 3 else "R3")
            for i in range(4)
        ]  # fmt: skip
        with unaudited("test fixture: a generated order history"):
            Customer.objects.bulk_create(customers)
            for who, days, lines, payment, third in orders:
                order = Order.objects.create(
                    organisation=meridian, customer=customers[who], channel="api",
                    ordered_at=NOW - dt.timedelta(days=days, minutes=who), delivery_country="XA",
                    payment_method=payment, payer_name="Other Ltd" if third else "",
                    decision="allow",
                )  # fmt: skip
                OrderLine.objects.bulk_create(
                    OrderLine(order=order, product=products[p], quantity=Decimal(q))
                    for p, q in lines
                )
        for customer in customers:
            assert Counter(history(customer, NOW)) == reference_history(customer, NOW)
        transaction.set_rollback(True)


def reference_customer(customer: Customer, when: dt.datetime) -> engine.Customer:
    """The customer's facts as services/orders.py read them before (a query each)."""
    from chemsec.supplychain.choices import RecordKind
    from chemsec.supplychain.services.rules import snoozed_rules
    from chemsec.supplychain.services.sanctions import sanctions_summary

    records = list(customer.records.all())
    identities = [r.checked_on for r in records if r.kind == RecordKind.IDENTITY]
    denied = sanctions_summary(customer)
    return engine.Customer(
        key=str(customer.pk),
        customer_type=customer.customer_type,
        country=customer.country,
        identity_checked_on=max(identities) if identities else None,
        statements=tuple(
            engine.Statement(
                kind=r.statement_kind, valid_from=r.checked_on, valid_until=r.valid_until
            )
            for r in records
            if r.kind == RecordKind.STATEMENT
        ),
        prior_orders=customer.orders.filter(ordered_at__lt=when).count(),
        denied_party_matches=tuple(denied["entries"]) if denied["potential"] else (),
        denied_party_score=float(denied["top_score"]),
        snoozed_rules=snoozed_rules(customer, when.date()),
    )


def test_the_customer_is_read_in_one_query_with_the_same_facts(
    alice, meridian, company, public_buyer, acetone, record, django_assert_max_num_queries
):
    from chemsec.supplychain.services import verification_add

    verification_add(actor=alice, customer=company, kind="statement",
                     statement_kind="eu_annex_iv", checked_on=dt.date(2024, 1, 5))  # fmt: skip
    record(company, acetone)
    record(company, acetone)
    with unaudited("test fixture: a running snooze"):
        RuleSnooze.objects.create(organisation=meridian, customer=company, rule_code="KYC-PAYMENT",
                                  justification="x", expires_on=dt.date.today())  # fmt: skip
    when = timezone.now() + dt.timedelta(seconds=1)
    for customer in (company, public_buyer):
        assert customer_facts(customer, when) == reference_customer(customer, when)
    with django_assert_max_num_queries(1):
        facts = customer_facts(public_buyer, when)  # no records, never screened, no snooze
    assert facts.prior_orders == 0 and facts.statements == ()
    assert customer_facts(company, when).snoozed_rules == frozenset({"KYC-PAYMENT"})


def test_a_screened_customer_with_a_match_gives_the_same_denied_party_facts(alice, meridian):
    from pathlib import Path

    from chemsec.sanctions.services import list_import
    from chemsec.supplychain import services

    fixture = Path(services.__file__).resolve().parents[2] / "sanctions" / "fixtures"
    list_import(
        actor=SYSTEM, organisation=meridian, file_name="un-consolidated-v2.xml",
        data=(fixture / "un-consolidated-v2.xml").read_bytes(), rescreen=False,
    )  # fmt: skip
    suspect = services.customer_create(
        actor=alice, organisation=meridian, legal_name="Iwan Petrowitsch Sidorowski",
        country="RU", customer_type="general_public",
    )  # fmt: skip
    when = timezone.now() + dt.timedelta(seconds=1)
    facts = customer_facts(suspect, when)
    assert facts == reference_customer(suspect, when)
    assert facts.denied_party_matches  # the fixture's fictional entry, found


def test_the_rule_book_is_compiled_once_and_again_when_a_loaded_rule_changes(db):
    from chemsec.content.reader import read_content_file
    from chemsec.supplychain.rulebook import RULE_KIND, RULES_DIR, TYPOLOGY_KIND

    assert rulebook() is rulebook()  # the shipped files, compiled once
    objects = [
        obj
        for path in sorted(RULES_DIR.glob("*.yaml"))
        for obj in read_content_file(path, root=RULES_DIR.parent).objects
        if obj.kind in (RULE_KIND, TYPOLOGY_KIND)
    ]
    for obj in objects:
        ContentItem.objects.create(urn=obj.urn, kind=obj.kind, version=str(obj.version),
                                   data=obj.data, checksum="a", source_file=obj.source)  # fmt: skip
    loaded = rulebook()
    assert loaded is rulebook()
    item = ContentItem.objects.filter(kind=RULE_KIND).first()
    item.data = {**item.data, "title": "Changed by the operator"}
    item.checksum = "b"
    item.save()
    changed = rulebook()
    assert changed is not loaded
    assert "Changed by the operator" in [rule.title for rule in changed.rules]


def test_a_batch_of_writes_appends_one_entry_each_to_an_intact_chain(alice, meridian, company,
                                                                     acetone, ethanol):  # fmt: skip
    order = Order(organisation=meridian, customer=company, channel="api", ordered_at=NOW,
                  delivery_country="XA", payment_method="account", decision="allow")  # fmt: skip
    lines = [OrderLine(order=order, product=p, quantity=Decimal(2)) for p in (acetone, ethanol)]
    before = AuditEntry.objects.count()
    write_create_many([order, *lines], actor=alice)
    entries = list(AuditEntry.objects.order_by("sequence")[before:])
    assert [e.object_id for e in entries] == [str(order.pk), *(str(line.pk) for line in lines)]
    assert {e.action for e in entries} == {"create"} and entries[0].actor_id == alice.pk
    assert entries[1].changes["quantity"] == [None, "2"]
    assert order.created_by == alice and Order.objects.get(pk=order.pk).lines.count() == 2
    assert audit_verify().ok
