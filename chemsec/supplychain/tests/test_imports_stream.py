"""The order import streams its file and writes a chunk at a time: an order's rows may be
scattered through the file, a run that stopped is resumed without doing a row twice, a
cancel stops between chunks with what was done kept, and the consignee and declared end
user columns are screened like the counter's form, with nothing told to the customer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chemsec.core.jobs import JobCancelled
from chemsec.core.policy import SYSTEM
from chemsec.core.writes import write_create
from chemsec.sanctions.models import Screening
from chemsec.supplychain.models import Order, OrderImport
from chemsec.supplychain.services import import_stream, imports
from chemsec.supplychain.services.imports import order_import_run
from chemsec.supplychain.tests.test_pages import TIPPING_OFF, client_for

pytestmark = pytest.mark.django_db

SCATTERED = """reference,customer,product,quantity
A,XA-123456,ETH,1
B,XA-123456,ETH,2
A,XA-123456,ACE,3
,XA-123456,ETH,4
B,XA-123456,NOPE,1
C,XA-123456,ETH,5
"""


def new_import(alice, meridian, tmp_path: Path, text: str) -> tuple[OrderImport, str]:
    path = tmp_path / "erp.csv"
    path.write_text(text, encoding="utf-8")
    record = OrderImport(organisation=meridian, file_name="erp.csv", confidentiality="restricted")
    return write_create(record, actor=alice), str(path)


def outcomes(record: OrderImport) -> dict[int, tuple[list[str], bool]]:
    return {
        row.line: ([e["code"] for e in row.errors], row.order_id is not None)
        for row in record.rows.all()
    }


EXPECTED = {
    2: ([], True), 4: ([], True),  # order A: two rows apart, across read batches
    3: (["order_has_errors"], False), 6: (["unknown_product"], False),  # order B: none
    5: ([], True), 7: ([], True),
}  # fmt: skip


def test_an_orders_scattered_rows_are_one_order_whatever_the_batches(
    alice, meridian, company, ethanol, acetone, tmp_path, monkeypatch
):
    monkeypatch.setattr(import_stream, "BATCH", 2)
    record, path = new_import(alice, meridian, tmp_path, SCATTERED)
    record = order_import_run(order_import=record, path=path, user=alice)
    assert outcomes(record) == EXPECTED
    assert (record.status, record.row_count, record.order_count, record.error_count) == (
        "done", 6, 3, 2)  # fmt: skip
    order = Order.objects.get(reference="A")
    assert sorted(line.product.code for line in order.lines.all()) == ["ACE", "ETH"]


class WorkerDied(Exception):
    pass


def test_a_run_that_stopped_is_resumed_and_no_row_is_done_twice(
    alice, meridian, company, ethanol, acetone, tmp_path, monkeypatch
):
    monkeypatch.setattr(imports, "CHUNK_ROWS", 2)
    record, path = new_import(alice, meridian, tmp_path, SCATTERED)

    def die(percent: float, message: str) -> None:
        raise WorkerDied

    with pytest.raises(WorkerDied):
        order_import_run(order_import=record, path=path, user=alice, progress=die)
    record.refresh_from_db()
    first = outcomes(record)
    assert 0 < len(first) < 6 and record.status == "running"  # a chunk, committed whole
    assert all(EXPECTED[line] == outcome for line, outcome in first.items())
    record = order_import_run(order_import=record, path=path, user=alice)
    assert outcomes(record) == EXPECTED and record.rows.count() == 6
    assert (record.status, record.row_count, record.order_count) == ("done", 6, 3)
    assert Order.objects.filter(customer=company).count() == 3  # no order recorded twice


def test_a_cancel_stops_between_chunks_and_keeps_what_was_done(
    alice, meridian, company, ethanol, acetone, tmp_path, monkeypatch
):
    monkeypatch.setattr(imports, "CHUNK_ROWS", 2)
    record, path = new_import(alice, meridian, tmp_path, SCATTERED)

    def cancelled(percent: float, message: str) -> None:
        assert 0 < percent <= 100 and message.endswith("/6")
        raise JobCancelled

    with pytest.raises(JobCancelled):
        order_import_run(order_import=record, path=path, user=alice, progress=cancelled)
    record.refresh_from_db()
    assert record.status == "cancelled" and 0 < record.rows.count() == record.row_count < 6
    assert Order.objects.filter(customer=company).count() == record.order_count


@pytest.fixture
def un_list(meridian):
    from chemsec.sanctions.services import list_import

    fixture = Path(imports.__file__).resolve().parents[2] / "sanctions" / "fixtures"
    list_import(
        actor=SYSTEM, organisation=meridian, file_name="un-consolidated-v2.xml",
        data=(fixture / "un-consolidated-v2.xml").read_bytes(), rescreen=False,
    )  # fmt: skip


PARTIES = """Order number,Customer,SKU,Qty,Consignee,Consignee country,End user,End-user country
P-1,XA-123456,ACE,1,Iwan Petrowitsch Sidorowski,RU,Acme Pools Ltd,XA
P-2,XA-123456,ACE,1,,,,
P-3,XA-123456,ACE,1,Harbour Logistics,Russia,,
"""


def test_the_consignee_and_end_user_columns_are_screened_and_the_answer_stays_neutral(
    alice, meridian, company, acetone, un_list, tmp_path
):
    record, path = new_import(alice, meridian, tmp_path, PARTIES)
    record = order_import_run(order_import=record, path=path, user=alice)
    assert outcomes(record) == {2: ([], True), 3: ([], True), 4: (["bad_country"], False)}
    held, plain = Order.objects.get(reference="P-1"), Order.objects.get(reference="P-2")
    assert (held.consignee_name, held.consignee_country) == ("Iwan Petrowitsch Sidorowski", "RU")
    assert (held.end_user_name, held.end_user_country) == ("Acme Pools Ltd", "XA")
    assert held.decision == "hold" and plain.decision == "allow"
    breach = next(b for b in held.evaluation["breaches"] if b["code"] == "DENIED-PARTY")
    assert [p["role"] for p in breach["facts"]["parties"]] == ["consignee"]  # reviewers only
    assert Screening.objects.filter(subject_id=str(held.pk)).count() == 2  # a receipt each
    # What the customer may be shown of the order says "on hold", nothing more.
    answer = client_for(alice).get(f"/api/v1/supplychain/orders/{held.pk}").json()
    assert answer["decision"] == "hold" and answer["reason_code"] == "on_hold"
    text = json.dumps(answer).lower()
    assert not TIPPING_OFF.search(json.dumps(answer))
    assert not any(word in text for word in ("denied", "sanction", "consignee", "match", "un:"))
