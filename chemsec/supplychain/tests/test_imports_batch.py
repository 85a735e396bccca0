"""The import's batch path (chemsec/supplychain/order_batch.py) against the order-by-order
path it replaces in the job: one file imported both ways from the same database gives the
same orders, lines, decisions, evaluations, alerts, cases, row outcomes and audit entries,
ids and times aside. The file holds split orders inside a chunk and across two, a quantity
spike, linked customers, a listed consignee, a listed customer, a case opened in the middle
of a chunk and one already open, a customer the importing person may not see, an order
refused as a whole and row errors."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction

from chemsec.core.audit import audit_verify
from chemsec.core.models import AuditEntry
from chemsec.supplychain.models import Alert, Case, Order, OrderImport
from chemsec.supplychain.services import LineInput, customer_create, order_record
from chemsec.supplychain.services import imports as imports_module
from chemsec.supplychain.services.imports import order_import_run
from chemsec.supplychain.tests.test_imports_stream import (
    new_import,
    un_list,  # noqa: F401 (fixture)
)

pytestmark = pytest.mark.django_db

UUID = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}")
HEADER = "reference,customer,product,quantity,date,payment,consignee,consignee country\n"
# Chunks of 12 rows (CHUNK_ROWS below): the comments say which chunk a row falls in.
ROWS = [
    # chunk 1
    "S-1,REG-SPLIT,HP30,2,2026-11-01,account,,",  # split inside a chunk by two linked
    "L-1,REG-LINKED,HP30,2,2026-11-02,account,,",  # customers (the same phone): fires here
    "S-2,REG-SPLIT,HP30,2,2026-11-03,account,,",  # and not again in the same window
    "N-1,REG-NEW,HP30,1,2026-11-03,cash,,",  # a new customer: its case opens mid-chunk
    "N-2,REG-NEW,HP30,1,2026-11-04,cash,,",  # ... and is reused
    "X-1,XA-123456,HP30,1,2026-11-04,account,,",  # a customer the clerk may not see
    "T-1,REG-TRADE-1,HP30,1,2026-11-04,account,,",  # a peer's order, then a newcomer of its
    "T-2,REG-TRADE-NEW,HP30,9,2026-11-05,account,,",  # trade, compared with the peers'
    "A-1,REG-ACCOUNT-B,HP30,1,2026-11-11,account,,",  # linked by a payment account only
    "F-1,REG-SPLIT,ACE,1,2026-11-05,account,Rapid Freight Forwarding Ltd,XA",  # forwarder
    "M-1,REG-SPLIT,ETH,1,2026-11-05,account,,",  # two lines, one wrong: no order
    "M-1,REG-SPLIT,NOPE,1,2026-11-05,account,,",
    # chunk 2
    "S-3,REG-SPLIT,HP30,6,2026-11-20,account,,",  # split across chunks (with S-4)
    "C-1,REG-CASE,HP30,1,2026-11-21,cash,,",  # a case already open
    "D-1,REG-CASE,ACE,1,2026-11-21,account,Iwan Petrowitsch Sidorowski,RU",  # listed consignee
    "D-2,Iwan Petrowitsch Sidorowski,ACE,1,2026-11-21,account,,",  # a listed customer
    "E-1,REG-SPLIT,HP30,-1,2026-11-22,barter,,",  # row errors
    "P-1,REG-PUBLIC,HP30,1,2026-11-22,account,,",  # a member of the public
    "P-2,REG-PUBLIC,ETH,1,2026-11-22,account,,",
    "R-1,REG-CASE,ETH,1,2026-11-23,account,,",
    "R-2,REG-CASE,ETH,1,2026-11-23,account,,",
    "R-3,REG-CASE,ETH,1,2026-11-23,account,,",
    "R-4,REG-CASE,ETH,1,2026-11-23,account,,",
    "R-5,REG-CASE,ETH,1,2026-11-23,account,,",
    # chunk 3
    "S-4,REG-SPLIT,HP30,6,2026-11-21,account,,",
    "Q-1,REG-SPLIT,HP30,40,2026-12-01,account,,",  # a quantity spike
    "Q-2,REG-LINKED,HP30,1,2026-12-01,account,,",
    "Q-3,REG-LINKED,ETH,5,2026-12-01,account,,",
    "Q-4,REG-SPLIT,ETH,1,2026-12-02,account,,",
]


@pytest.fixture
def world(clerk, alice, meridian, company, peroxide, acetone, ethanol, un_list):  # noqa: F811
    """Customers the clerk recorded (so may see), with history before the file."""

    def customer(name: str, number: str, **values: Any) -> Any:
        values.setdefault("customer_type", "professional")
        values.setdefault("country", "XA")
        return customer_create(
            actor=clerk, organisation=meridian, legal_name=name, registration_number=number,
            **values,
        )  # fmt: skip

    split = customer("Split Trading", "REG-SPLIT", phone="+1 555 0100")
    customer("Linked Trading", "REG-LINKED", phone="+1 555 0100")
    customer("Newcomer Ltd", "REG-NEW")
    case_customer = customer("Casework Ltd", "REG-CASE")
    customer("Pat Public", "REG-PUBLIC", customer_type="general_public")
    customer(
        "Iwan Petrowitsch Sidorowski", "REG-LISTED", customer_type="general_public", country="RU"
    )
    start = dt.datetime(2026, 9, 1, 12, tzinfo=dt.UTC)
    # An ordinary history: one pack every three weeks, from fifteen weeks before `start`.
    # At that rate (0.26 orders a week) four packs in a week are uncommon for the
    # customer's own ordering (PATTERN-SPLIT-ORDERS version 6: a chance of 0.00016, under
    # one in two thousand; every two weeks it was 0.0005, at one a week 0.007), so S-1 and
    # L-1 are a split.
    for week in range(6):
        order_record(
            actor=clerk, customer=split, payment_method="account",
            lines=[LineInput(product=peroxide, quantity=Decimal(1))],
            ordered_at=start + dt.timedelta(days=21 * week - 105), reference=f"H-{week}",
        )  # fmt: skip
    trade = "Pool maintenance"
    peers = [
        customer(f"Pool Peer {i}", f"REG-TRADE-{i}", declared_trade=trade) for i in range(1, 6)
    ]
    customer("Pool Newcomer", "REG-TRADE-NEW", declared_trade=trade)
    for i, peer in enumerate(peers * 4):
        order_record(
            actor=clerk, customer=peer, payment_method="account",
            lines=[LineInput(product=peroxide, quantity=Decimal(1))],
            ordered_at=start + dt.timedelta(days=2 * i), reference=f"HT-{i}",
        )  # fmt: skip
    account = "DE89 3704 0044 0532 0130 00"
    payers = [customer(f"Account {who}", f"REG-ACCOUNT-{who}") for who in "ABC"]
    for payer, day, product in ((payers[1], 30, ethanol), (payers[0], 70, peroxide),
                                (payers[2], 70, peroxide)):  # fmt: skip
        order_record(
            actor=clerk, customer=payer, payment_method="card", payment_account=account,
            lines=[LineInput(product=product, quantity=Decimal(1))],
            ordered_at=start + dt.timedelta(days=day), reference=f"HA-{payer.legal_name}",
        )  # fmt: skip
    _order, evaluation = order_record(
        actor=clerk, customer=case_customer, payment_method="cash",
        lines=[LineInput(product=peroxide, quantity=Decimal(1))],
        ordered_at=start, reference="H-CASE",
    )  # fmt: skip
    assert evaluation.decision != "allow"  # its case is open when the file comes
    return meridian


def snapshot(record: OrderImport, since: int, stable: set[str]) -> dict[str, Any]:
    """What the import left, with the ids of what it made replaced and times left out."""
    orders = Order.objects.filter(pk__in=record.rows.values("order_id"))
    entries = AuditEntry.objects.filter(sequence__gt=since).order_by("sequence")
    data = {
        "rows": [
            (row.line, row.errors, row.order.reference if row.order else None)
            for row in record.rows.order_by("line").select_related("order")
        ],
        "orders": sorted(
            (
                o.reference,
                o.customer.legal_name,
                o.ordered_at.isoformat(),
                o.decision,
                o.evaluation,
                o.payment_method,
                o.consignee_name,
                o.created_by_id,
                sorted((li.product.code, str(li.quantity), li.unit) for li in o.lines.all()),
            )
            for o in orders
        ),
        "alerts": sorted(
            (a.order.reference, a.case.customer.legal_name, a.decision, a.typologies, a.breaches)
            for a in Alert.objects.filter(order__in=orders).select_related("order", "case")
        ),
        "cases": sorted(
            (
                c.customer.legal_name,
                c.status,
                c.created_by_id,
                sorted(c.alerts.values_list("order__reference", flat=True)),
            )
            for c in Case.objects.all()
        ),
        "audit": Counter(
            json.dumps(
                [e.actor_name, e.action, e.object_type, e.object_repr, e.changes],
                sort_keys=True,
            )
            for e in entries
        ),
        "counts": (record.status, record.row_count, record.order_count, record.error_count),
    }
    text = json.dumps(data, sort_keys=True, default=str)
    return json.loads(UUID.sub(lambda m: m.group(0) if m.group(0) in stable else "<new>", text))


def imported(clerk, meridian, tmp_path, *, batch: bool, stable: set[str]) -> dict[str, Any]:
    """Import the file one way and undo it, returning what it left."""
    with transaction.atomic():
        since = AuditEntry.objects.order_by("-sequence").values_list("sequence", flat=True)[0]
        record, path = new_import(clerk, meridian, tmp_path, HEADER + "\n".join(ROWS) + "\n")
        record = order_import_run(order_import=record, path=path, user=clerk, batch=batch)
        found = snapshot(record, since, stable)
        assert audit_verify().ok
        transaction.set_rollback(True)
    return found


def test_the_batch_path_leaves_what_the_order_by_order_path_leaves(
    clerk, world, tmp_path, monkeypatch
):
    from chemsec.core.models import Organisation, User
    from chemsec.supplychain.models import Customer, Product

    monkeypatch.setattr(imports_module, "CHUNK_ROWS", 12)
    stable = {
        variant
        for model in (Customer, Product, Organisation, User)
        for pk in model.objects.values_list("pk", flat=True)
        for variant in (str(pk), getattr(pk, "hex", str(pk)))
    }
    one_by_one = imported(clerk, world, tmp_path, batch=False, stable=stable)
    batched = imported(clerk, world, tmp_path, batch=True, stable=stable)
    for part in one_by_one:
        assert batched[part] == one_by_one[part], part
    # The file exercises what it says it does.
    rows = {line: (errors, order) for line, errors, order in one_by_one["rows"]}
    assert [e["code"] for e in rows[7][0]] == ["unknown_customer"]  # not the clerk's
    fired = {
        reference: {b["code"]: b["facts"] for b in evaluation["breaches"]}
        for reference, _, _, _, evaluation, *_ in one_by_one["orders"]
    }
    split = "PATTERN-SPLIT-ORDERS"
    assert fired["L-1"][split]["linked_customers"] == 1  # inside a chunk, linked
    assert split not in fired["S-2"]  # the window had crossed already
    assert split in fired["S-4"]  # across two chunks
    assert "PATTERN-QUANTITY-SPIKE" in fired["Q-1"]
    assert fired["T-2"]["PATTERN-QUANTITY-TRADE"]["lines"][0]["peer_orders"] == 21  # 20 + T-1
    assert fired["A-1"][split]["linked_customers"] == 2  # accounts A and C
    assert "KYC-CONSIGNEE-FORWARDER" in fired["F-1"]
    assert "DENIED-PARTY" in fired["D-1"] and "DENIED-PARTY" in fired["D-2"]
    cases = {name: references for name, _, _, references in one_by_one["cases"]}
    assert cases["Newcomer Ltd"] == ["N-1", "N-2"]  # opened by N-1, mid-chunk, reused by N-2
    assert {"H-CASE", "C-1"} <= set(cases["Casework Ltd"])  # open before the file
