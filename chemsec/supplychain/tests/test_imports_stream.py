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
from chemsec.supplychain.presenters import import_error_text
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
    assert 0 < len(first) < 6  # a chunk, committed whole
    # The import says it failed, and why (its job fails with it; a retry resumes).
    assert record.status == "failed" and record.problem["code"] == "import_failed"
    assert all(EXPECTED[line] == outcome for line, outcome in first.items())
    record = order_import_run(order_import=record, path=path, user=alice)
    assert outcomes(record) == EXPECTED and record.rows.count() == 6
    assert (record.status, record.row_count, record.order_count) == ("done", 6, 3)
    assert record.problem == {}  # the earlier failure is not left on a finished import
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


# A later row of an order naming another consignee (here a listed person) would never be
# screened if the order took its cells from its first row: the order is refused instead.
DISAGREEING = """Order number,Customer,SKU,Qty,Consignee,Consignee country
D-1,XA-123456,ACE,1,Harbour Logistics,XA
D-1,XA-123456,ETH,1,Iwan Petrowitsch Sidorowski,RU
D-2,XA-123456,ACE,1,Harbour Logistics,XA
D-2,acme pools ltd,ETH,1,HARBOUR LOGISTICS,xa
"""


def test_rows_of_one_order_naming_different_parties_refuse_the_order(
    alice, meridian, company, ethanol, acetone, un_list, tmp_path
):
    record, path = new_import(alice, meridian, tmp_path, DISAGREEING)
    record = order_import_run(order_import=record, path=path, user=alice)
    rows = {row.line: row for row in record.rows.all()}
    for line in (2, 3):  # both rows say why, neither consignee is chosen
        assert rows[line].order_id is None
        assert rows[line].errors == [
            {
                "code": "order_cells_differ",
                "params": {"columns": ["consignee_name", "consignee_country"]},
            }
        ]
    assert "consignee_name, consignee_country" in import_error_text(rows[2].errors[0])
    assert not Order.objects.filter(reference="D-1").exists()
    # The same customer and consignee written in another case are the same: one order.
    assert rows[4].errors == rows[5].errors == [] and rows[4].order_id == rows[5].order_id
    assert (record.order_count, record.error_count) == (1, 2)


LONG_NAME = "Harbour Logistics " * 12  # 216 characters: the order keeps 200


@pytest.mark.parametrize(
    ("header", "cell", "code"),
    [
        ("Consignee", LONG_NAME.strip(), "too_long"),
        ("End user", LONG_NAME.strip(), "too_long"),
        ("Payer", LONG_NAME.strip(), "too_long"),
        ("Consignee country", "КГ", "bad_country"),  # Cyrillic letters, not an ISO code
        ("End user country", "ÄÖ", "bad_country"),
        ("Delivery country", "ΚΥ", "bad_country"),  # Greek
    ],
    ids=["consignee-long", "end-user-long", "payer-long", "cyrillic", "umlauts", "greek"],
)
def test_a_cell_the_order_cannot_keep_as_written_is_a_row_error_not_cut(
    alice, meridian, company, acetone, tmp_path, header, cell, code
):
    text = f"Order number,Customer,SKU,Qty,{header}\nL-1,XA-123456,ACE,1,{cell}\n"
    record, path = new_import(alice, meridian, tmp_path, text)
    record = order_import_run(order_import=record, path=path, user=alice)
    assert outcomes(record) == {2: ([code], False)}
    assert not Order.objects.filter(reference="L-1").exists()


def test_a_country_code_in_another_script_is_refused_by_the_model_too(alice, meridian):
    from django.core.exceptions import ValidationError

    from chemsec.supplychain.services import customer_create

    with pytest.raises(ValidationError):
        customer_create(
            actor=alice, organisation=meridian, legal_name="Кыргызхим", country="КГ",
            customer_type="professional",
        )  # fmt: skip


# Names as suppliers store them, and as an ERP writes them (the same, or in capitals).
NAMES = [
    ("ООО Химпром", "ООО Химпром"),
    ("ООО Химпром", "ооо химпром"),
    ("Établissements Dupont", "Établissements Dupont"),
    ("Établissements Dupont", "ÉTABLISSEMENTS DUPONT"),
    ("شركة الخليج للكيماويات", "شركة الخليج للكيماويات"),
    ("Işık Kimya A.Ş.", "Işık Kimya A.Ş."),
    ("Işık Kimya A.Ş.", "IŞIK KİMYA A.Ş."),
    ("İzmir Boya Sanayi", "izmir boya sanayi"),
    ("Chemiehandel Weiß GmbH", "Chemiehandel Weiß GmbH"),
    ("Chemiehandel Weiß GmbH", "CHEMIEHANDEL WEISS GMBH"),
    ("Ελληνικά Χημικά ΑΕ", "ΕΛΛΗΝΙΚΆ ΧΗΜΙΚΆ ΑΕ"),
]


@pytest.mark.parametrize(
    ("stored", "written"),
    NAMES,
    ids=[
        "cyrillic", "cyrillic-lower", "accented", "accented-capitals", "arabic",
        "turkish", "turkish-capitals", "turkish-dotted-capital", "eszett", "eszett-capitals",
        "greek-capitals",
    ],
)  # fmt: skip
def test_a_customer_is_found_by_its_name_in_any_script_and_case(
    alice, meridian, acetone, tmp_path, stored, written
):
    from chemsec.supplychain.services import customer_create

    customer = customer_create(
        actor=alice, organisation=meridian, legal_name=stored, country="XA",
        customer_type="professional", registration_number="",
    )  # fmt: skip
    record, path = new_import(
        alice, meridian, tmp_path, f'reference,customer,product,quantity\nN-1,"{written}",ACE,1\n'
    )
    record = order_import_run(order_import=record, path=path, user=alice)
    assert outcomes(record) == {2: ([], True)}
    assert Order.objects.get(reference="N-1").customer == customer


def test_a_renamed_customer_is_found_by_its_new_name(alice, meridian, company):
    from chemsec.supplychain.services.customers import customer_update

    customer_update(actor=alice, customer=company, legal_name="ООО Акме Пулс")
    lookup = imports._Lookup(alice, meridian)
    assert lookup.customer("ооо акме пулс") == company
    assert lookup.customer("Acme Pools Ltd") is None


def test_customer_lookups_stay_under_900_parameters_a_query(alice, meridian, company):
    from django.db import connection

    counts: list[int] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        counts.append(len(params or ()))
        return execute(sql, params, many, context)

    lookup = imports._Lookup(alice, meridian)
    with connection.execute_wrapper(count):
        lookup.load([f"Unknown customer {i}" for i in range(1000)] + ["XA-123456"])
    assert counts and max(counts) < 900
    assert lookup.customer("xa-123456") == company  # found, without another query
    assert len(counts) == -(-1001 // imports.LOOKUP_KEYS)  # the keys a query at a time


def test_an_unreadable_file_leaves_no_temporary_folder(tmp_path, monkeypatch):
    from chemsec.lib.tabular import TabularError

    made: list[str] = []
    real_mkdtemp = import_stream.tempfile.mkdtemp

    def mkdtemp(**kwargs):  # type: ignore[no-untyped-def]
        made.append(real_mkdtemp(dir=tmp_path, **kwargs))
        return made[-1]

    def broken(self):  # type: ignore[no-untyped-def]
        raise TabularError("truncated")
        yield

    path = tmp_path / "erp.csv"
    path.write_text(SCATTERED, encoding="utf-8")
    monkeypatch.setattr(import_stream.tempfile, "mkdtemp", mkdtemp)
    monkeypatch.setattr(import_stream.GroupedRows, "_rows", broken)
    with pytest.raises(TabularError):
        import_stream.groups_of(
            str(path), header_hints=imports.HEADER_HINTS, columns=imports.COLUMNS,
            required=imports.REQUIRED,
        )  # fmt: skip
    assert len(made) == 1 and not Path(made[0]).exists()


def test_a_file_rewritten_between_the_passes_fails_the_import_with_a_reason(
    alice, meridian, company, ethanol, acetone, tmp_path, monkeypatch
):
    record, path = new_import(alice, meridian, tmp_path, SCATTERED)
    counted = import_stream.GroupedRows._count

    def count_then_rewrite(self):  # type: ignore[no-untyped-def]
        counted(self)
        Path(path).write_text(SCATTERED + "Z,XA-123456,ETH,1\n", encoding="utf-8")

    monkeypatch.setattr(import_stream.GroupedRows, "_count", count_then_rewrite)
    record = order_import_run(order_import=record, path=path, user=alice)
    assert record.status == "failed"
    assert record.problem == {"code": "file_changed", "params": {"line": 8}}
    assert "line 8" in import_error_text(record.problem)
