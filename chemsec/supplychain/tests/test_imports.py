"""Orders from ERP exports: every row kept with its line and its outcome (nothing dropped),
rows with one reference form one order, a wrong row stops its order only; CSV and XLSX."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from chemsec.core.choices import JobStatus
from chemsec.core.models import Job
from chemsec.core.policy import Denied
from chemsec.supplychain.models import Order, OrderImport
from chemsec.supplychain.presenters import import_error_text
from chemsec.supplychain.services.imports import order_import_start
from chemsec.supplychain.tests.test_pages import client_for

pytestmark = pytest.mark.django_db

CSV = """Order Number;Customer;SKU;Qty;Date;Payment;Delivery country
PO-1;ACME-REG-1;ETH;2;2026-11-02;account;XA
PO-1;ACME-REG-1;ACE;1,5;2026-11-02;account;XA
PO-2;Acme Solvents;NOPE;1;2026-11-03;account;XA
PO-2;Acme Solvents;ETH;1;2026-11-03;account;XA
PO-3;Nobody Ltd;ETH;1;2026-11-03;cash;XA
PO-4;ACME-REG-1;ETH;-3;yesterday;barter;Narnia
;acme solvents;ETH;4;;;
"""


@pytest.fixture
def acme(alice, meridian):
    from chemsec.supplychain.services import customer_create

    return customer_create(
        actor=alice, organisation=meridian, legal_name="Acme Solvents",
        registration_number="ACME-REG-1", country="XA", customer_type="professional",
    )  # fmt: skip


def rows_by_line(record: OrderImport) -> dict[int, list[str]]:
    return {row.line: [e["code"] for e in row.errors] for row in record.rows.all()}


def test_every_row_is_kept_with_its_order_or_its_errors(alice, meridian, acme, ethanol, acetone):
    record = order_import_start(
        actor=alice, organisation=meridian,
        upload=SimpleUploadedFile("erp.csv", CSV.encode()),
    )  # fmt: skip
    record.refresh_from_db()
    assert (record.status, record.row_count) == ("done", 7)  # every data row, none dropped
    assert rows_by_line(record) == {
        2: [], 3: [],  # one order with two lines
        4: ["unknown_product"], 5: ["order_has_errors"],  # no partial order
        6: ["unknown_customer"],
        7: ["bad_quantity", "bad_date", "bad_payment", "bad_country"],
        8: [],  # no reference: an order of its own, found by name whatever its case
    }  # fmt: skip
    assert (record.order_count, record.error_count) == (2, 4)
    po1 = Order.objects.get(reference="PO-1")
    assert sorted((line.product.code, line.quantity) for line in po1.lines.all()) == [
        ("ACE", Decimal("1.5")), ("ETH", Decimal("2"))]  # fmt: skip
    assert po1.ordered_at.date().isoformat() == "2026-11-02" and po1.channel == "api"
    job = Job.objects.get(kind="supplychain.order_import")
    assert job.status == JobStatus.SUCCEEDED and job.progress == 100
    assert job.result == {"import": str(record.pk), "rows": 7, "orders": 2, "errors": 4}
    text = import_error_text(record.rows.get(line=6).errors[0])
    assert "Nobody Ltd" in text


def test_an_xlsx_export_is_read_like_a_csv(alice, meridian, acme, ethanol):
    book = Workbook()
    sheet = book.active
    sheet.append(["reference", "customer", "product", "quantity"])
    sheet.append(["X-1", "ACME-REG-1", "ETH", 3])
    sheet.append(["X-2", "ACME-REG-1", "ETH", "three"])
    data = io.BytesIO()
    book.save(data)
    record = order_import_start(
        actor=alice, organisation=meridian,
        upload=SimpleUploadedFile("erp.xlsx", data.getvalue()),
    )  # fmt: skip
    record.refresh_from_db()
    assert rows_by_line(record) == {2: [], 3: ["bad_quantity"]}
    assert Order.objects.get(reference="X-1").lines.get().quantity == 3


def test_a_file_without_the_needed_columns_fails_with_a_reason(alice, meridian):
    record = order_import_start(
        actor=alice, organisation=meridian,
        upload=SimpleUploadedFile("erp.csv", b"name,amount\nfoo,1\n"),
    )  # fmt: skip
    record.refresh_from_db()
    assert record.status == "failed" and record.problem["code"] == "missing_columns"
    assert "customer" in import_error_text(record.problem)


def test_only_contributors_import_and_only_their_customers_are_found(
    bob, charlie, alice, meridian, northgate, acme, ethanol
):
    upload = SimpleUploadedFile("erp.csv", b"customer,product,quantity\nACME-REG-1,ETH,1\n")
    with pytest.raises(Denied):
        order_import_start(actor=bob, organisation=meridian, upload=upload)
    # Another supplier's file never reaches Meridian's customers.
    from chemsec.supplychain.services import product_create

    product_create(actor=charlie, organisation=northgate, code="ETH", name="Ethanol",
                   components=[{"cas": "64-17-5", "concentration": "96"}])  # fmt: skip
    upload.seek(0)
    record = order_import_start(actor=charlie, organisation=northgate, upload=upload)
    record.refresh_from_db()
    assert rows_by_line(record) == {2: ["unknown_customer"]}


def test_the_upload_page_and_the_result_page(alice, meridian, acme, ethanol):
    page = client_for(alice)
    assert page.get(reverse("supplychain:order_import")).status_code == 200
    response = page.post(reverse("supplychain:order_import"), {
        "file": SimpleUploadedFile("erp.csv", b"customer,product,quantity\nACME-REG-1,ETH,1\n"
                                   b"ACME-REG-1,XX,1\n")})  # fmt: skip
    assert response.status_code == 302
    result = page.get(response["Location"]).content.decode()
    # the value quoted from the file isolated in its own direction (issue 11)
    assert 'No product with the code <bdi dir="ltr">XX</bdi> in the catalogue.' in result
    renamed = page.post(reverse("supplychain:order_import"), {
        "file": SimpleUploadedFile("erp.csv", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)})  # fmt: skip
    assert renamed.status_code == 200 and OrderImport.objects.count() == 1
