"""The import keeps each customer's orders within the rules' look-back from one chunk to
the next (order_batch.Windows) instead of reading them again per chunk. Whatever the chunk
size, the file gives the same orders, decisions, evaluations, alerts, cases, row outcomes
and audit entries as in one chunk; an order another writer records between two chunks is
seen by the orders after it, as the order-by-order path sees it; and what is kept is only
the look-back: orders older than it are forgotten."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction

from chemsec.core.audit import audit_verify
from chemsec.core.models import AuditEntry, Organisation, User
from chemsec.supplychain import order_batch
from chemsec.supplychain.history import HISTORY_DAYS
from chemsec.supplychain.models import Customer, Product
from chemsec.supplychain.services import LineInput, order_record
from chemsec.supplychain.services import imports as imports_module
from chemsec.supplychain.services.imports import order_import_run
from chemsec.supplychain.tests.test_imports_batch import HEADER, ROWS, snapshot
from chemsec.supplychain.tests.test_imports_batch import world as world
from chemsec.supplychain.tests.test_imports_stream import (
    new_import,
    un_list,  # noqa: F401 (fixture)
)

pytestmark = pytest.mark.django_db


def _stable() -> set[str]:
    return {
        variant
        for model in (Customer, Product, Organisation, User)
        for pk in model.objects.values_list("pk", flat=True)
        for variant in (str(pk), getattr(pk, "hex", str(pk)))
    }


def _imported(
    clerk: Any,
    meridian: Any,
    tmp_path: Any,
    rows: list[str],
    *,
    batch: bool = True,
    between: Any = None,
) -> dict[str, Any]:
    """Import the rows (the chunk size as monkeypatched) and undo it, returning what it
    left; `between(n)` runs after the n-th chunk, as another writer would."""
    calls = iter(range(1, 10_000))
    with transaction.atomic():
        since = AuditEntry.objects.order_by("-sequence").values_list("sequence", flat=True)[0]
        record, path = new_import(clerk, meridian, tmp_path, HEADER + "\n".join(rows) + "\n")
        record = order_import_run(
            order_import=record,
            path=path,
            user=clerk,
            batch=batch,
            progress=(lambda _percent, _text: between(next(calls))) if between else None,
        )
        found = snapshot(record, since, _stable())
        assert audit_verify().ok
        transaction.set_rollback(True)
    return found


def _entries(found: dict[str, Any]) -> dict[str, int]:
    return {k: n for k, n in found["audit"].items() if "supplychain.orderimport" not in k}


@pytest.mark.parametrize("size", [1, 5, 12])
def test_the_same_file_in_one_chunk_or_in_many_gives_the_same_decisions(
    clerk, world, tmp_path, monkeypatch, size
):
    monkeypatch.setattr(imports_module, "CHUNK_ROWS", 10_000)
    whole = _imported(clerk, world, tmp_path, ROWS)
    monkeypatch.setattr(imports_module, "CHUNK_ROWS", size)
    chunked = _imported(clerk, world, tmp_path, ROWS)
    for part in ("rows", "orders", "alerts", "cases", "counts"):
        assert chunked[part] == whole[part], part
    # The same audit entries, but for the import's own counts (one update per chunk).
    assert _entries(chunked) == _entries(whole)
    fired = {reference: {b["code"] for b in evaluation["breaches"]}
             for reference, _, _, _, evaluation, *_ in whole["orders"]}  # fmt: skip
    assert "PATTERN-SPLIT-ORDERS" in fired["S-4"]  # the file's split across chunks


def test_an_order_recorded_by_another_writer_between_chunks_is_seen(
    clerk, world, tmp_path, monkeypatch, peroxide
):
    """After the first chunk someone records, through the API's path, orders of the
    chunk's customers inside the look-back of the next chunks: the kept orders are found
    stale by the chunk's count, read again, and the decisions are those of the
    order-by-order path, which reads the database for every order."""
    monkeypatch.setattr(imports_module, "CHUNK_ROWS", 12)
    split = Customer.objects.get(registration_number="REG-SPLIT")
    linked = Customer.objects.get(registration_number="REG-LINKED")

    def another_writer(chunk: int) -> None:
        if chunk != 1:
            return
        for who, day, quantity in ((split, 19, 3), (linked, 20, 2)):
            order_record(
                actor=clerk, customer=who, payment_method="account",
                lines=[LineInput(product=peroxide, quantity=Decimal(quantity))],
                ordered_at=dt.datetime(2026, 11, day, 9, tzinfo=dt.UTC),
                reference=f"API-{who.registration_number}",
            )  # fmt: skip

    batched = _imported(clerk, world, tmp_path, ROWS, between=another_writer)
    one_by_one = _imported(clerk, world, tmp_path, ROWS, batch=False, between=another_writer)
    alone = _imported(clerk, world, tmp_path, ROWS)
    for part in ("rows", "orders", "alerts", "cases", "counts", "audit"):
        assert batched[part] == one_by_one[part], part
    # The other writer's orders changed what the later orders' rules saw.
    assert batched["orders"] != alone["orders"]


def test_orders_older_than_the_look_back_are_forgotten(
    clerk, world, tmp_path, monkeypatch, peroxide
):
    """A file in time order over two years, one order a week for each of two customers, in
    chunks of four rows: what is kept never holds more than the look-back's orders (plus
    the chunk's), and the decisions are those of one chunk."""
    held: list[int] = []

    class Counting(order_batch.Windows):
        def prepare(self, ids: list[Any], since: dt.datetime, organisations: list[str]) -> Any:
            found = super().prepare(ids, since, organisations)
            held.append(self.held())
            return found

    start = dt.date(2024, 12, 1)
    rows = [
        f"W-{week}-{who},{who},HP30,1,{(start + dt.timedelta(weeks=week)).isoformat()},account,,"
        for week in range(104)
        for who in ("REG-NEW", "REG-PUBLIC")
    ]
    monkeypatch.setattr(imports_module, "CHUNK_ROWS", 10_000)
    whole = _imported(clerk, world, tmp_path, rows)
    monkeypatch.setattr(imports_module, "Windows", Counting)
    monkeypatch.setattr(imports_module, "CHUNK_ROWS", 4)
    chunked = _imported(clerk, world, tmp_path, rows)
    for part in ("rows", "orders", "alerts", "cases", "counts"):
        assert chunked[part] == whole[part], part
    assert _entries(chunked) == _entries(whole)
    # Two customers, one order a week each: the look-back holds about 2 * 26 orders and
    # the chunks reach at most four rows past it; two years of orders are 208.
    weeks = HISTORY_DAYS // 7 + 2
    assert len(held) == 52
    assert max(held) <= 2 * weeks + 4
    assert held[-1] >= 2 * (HISTORY_DAYS // 7)  # the look-back itself is kept
