"""Order imports: a bad value in one row is that row's error (with the import's own code),
never the whole import's failure; a file with nothing to import, or read in an assumed
encoding, says so; and an import whose job fails says so too (never "queued" for ever)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given, settings
from hypothesis import strategies as st

from chemsec.core.choices import JobStatus
from chemsec.core.limits import DATE_MAX, DATE_MIN
from chemsec.core.models import Job
from chemsec.supplychain.models import Order
from chemsec.supplychain.presenters import import_error_text
from chemsec.supplychain.services import imports
from chemsec.supplychain.services.imports import _date_problem, order_import_start
from chemsec.supplychain.tests.test_imports import rows_by_line

pytestmark = pytest.mark.django_db


@pytest.fixture
def acme(alice, meridian):
    from chemsec.supplychain.services import customer_create

    return customer_create(
        actor=alice, organisation=meridian, legal_name="Acme Solvents",
        registration_number="ACME-REG-1", country="XA", customer_type="professional",
    )  # fmt: skip


def run(alice, meridian, data: bytes, name: str = "erp.csv"):
    record = order_import_start(
        actor=alice, organisation=meridian, upload=SimpleUploadedFile(name, data)
    )
    record.refresh_from_db()
    return record


def test_dates_out_of_range_or_impossible_are_row_errors_and_the_good_rows_kept(
    alice, meridian, acme, ethanol
):
    data = (
        b"reference,customer,product,quantity,date\n"
        b"D-1,ACME-REG-1,ETH,1,9999-12-31\n"  # was: OverflowError, the whole import lost
        b"D-2,ACME-REG-1,ETH,1,1900-01-01\n"
        b"D-3,ACME-REG-1,ETH,1,0001-01-01\n"
        b"D-4,ACME-REG-1,ETH,1,2026-13-45\n"  # parse_date raises ValueError
        b"D-5,ACME-REG-1,ETH,1,9999-12-31T23:59:59+14:00\n"
        b"D-6,ACME-REG-1,ETH,1,2026-11-02\n"
    )
    record = run(alice, meridian, data)
    assert record.status == "done" and not record.problem
    assert rows_by_line(record) == {
        2: ["implausible_date"], 3: ["implausible_date"], 4: ["implausible_date"],
        5: ["bad_date"], 6: ["implausible_date"], 7: [],
    }  # fmt: skip
    assert (record.row_count, record.order_count, record.error_count) == (6, 1, 5)
    assert Order.objects.get(reference="D-6").ordered_at.date() == dt.date(2026, 11, 2)
    error = record.rows.get(line=2).errors[0]
    assert import_error_text(error) == (
        f"The date 9999-12-31 is not between {DATE_MIN.isoformat()} and {DATE_MAX.isoformat()}."
    )
    assert Job.objects.get(kind=imports.IMPORT_KIND).status == JobStatus.SUCCEEDED


@settings(max_examples=200, deadline=None)
@given(st.dates())
def test_any_date_is_taken_or_refused_by_the_domain_limits(day):
    problem = _date_problem(day.isoformat())
    if DATE_MIN <= day <= DATE_MAX:
        assert problem is None
    else:
        assert problem is not None and problem["code"] == "implausible_date"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_no_date_cell_raises(text):
    problem = _date_problem(text)  # never an exception: a code, or None
    assert problem is None or problem["code"] in ("bad_date", "implausible_date")


@pytest.mark.parametrize("quantity", ["1e309", "5e-324", "1e12", "0.0001", "0", "-1", "NaN", "inf"])
def test_quantities_no_order_line_holds_are_bad_quantity(alice, meridian, acme, ethanol, quantity):
    data = f"reference,customer,product,quantity\nQ-1,ACME-REG-1,ETH,{quantity}\n"
    record = run(alice, meridian, data.encode())
    assert rows_by_line(record) == {2: ["bad_quantity"]}  # not "refused" with Django's text
    text = import_error_text(record.rows.get(line=2).errors[0])
    assert text == f"The quantity {quantity} is not a positive number."


def test_the_largest_quantity_an_order_line_holds_is_taken(alice, meridian, acme, ethanol):
    data = b"reference,customer,product,quantity\nQ-1,ACME-REG-1,ETH,999999999.999\n"
    record = run(alice, meridian, data)
    assert rows_by_line(record) == {2: []}
    assert Order.objects.get(reference="Q-1").lines.get().quantity == Decimal("999999999.999")


def test_a_unit_longer_than_a_line_keeps_is_refused_not_cut(alice, meridian, acme, ethanol):
    data = b"reference,customer,product,quantity,unit\nU-1,ACME-REG-1,ETH,1,drums of 200 litres\n"
    record = run(alice, meridian, data)
    assert rows_by_line(record) == {2: ["bad_unit", "too_long"]}  # and not packs either


def test_a_header_only_file_fails_and_says_there_are_no_rows(alice, meridian):
    record = run(alice, meridian, b"reference,customer,product,quantity\n")
    assert (record.status, record.row_count, record.problem["code"]) == ("failed", 0, "no_rows")
    assert import_error_text(record.problem) == (
        "The file has a header and no rows: no order was imported."
    )


def test_a_file_not_in_utf8_says_which_encoding_was_assumed(alice, meridian, ethanol):
    from chemsec.supplychain.services import customer_create

    customer_create(
        actor=alice, organisation=meridian, legal_name="Société Chimique Générale",
        country="XA", customer_type="professional",
    )  # fmt: skip
    data = "reference,customer,product,quantity\nE-1,Société Chimique Générale,ETH,1\n"
    record = run(alice, meridian, data.encode("cp1252"))
    assert record.status == "done" and rows_by_line(record) == {2: []}
    assert record.problem == {"code": "encoding_assumed", "params": {"encoding": "Windows-1252"}}
    assert "Windows-1252" in import_error_text(record.problem)
    utf8 = run(alice, meridian, data.replace("E-1", "E-2").encode())
    assert utf8.status == "done" and not utf8.problem


def test_an_import_whose_job_fails_is_marked_failed_with_the_reason(
    alice, meridian, acme, ethanol, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(imports, "_write_chunk", broken)
    record = run(alice, meridian, b"reference,customer,product,quantity\nF-1,ACME-REG-1,ETH,1\n")
    assert record.status == "failed"
    assert record.problem == {
        "code": "import_failed", "params": {"detail": "RuntimeError: disk full"}
    }  # fmt: skip
    assert import_error_text(record.problem) == (
        "The import stopped on an error: RuntimeError: disk full"
    )
    job = Job.objects.get(kind=imports.IMPORT_KIND)
    assert job.status == JobStatus.FAILED and "disk full" in job.error


def test_an_import_whose_file_cannot_be_opened_is_marked_failed(alice, meridian, monkeypatch):
    def gone(*args, **kwargs):
        raise FileNotFoundError("orders.csv")

    monkeypatch.setattr(imports, "groups_of", gone)
    record = run(alice, meridian, b"reference,customer,product,quantity\nF-1,ACME-REG-1,ETH,1\n")
    assert record.status == "failed" and record.problem["code"] == "import_failed"
    assert "FileNotFoundError" in import_error_text(record.problem)
    assert Job.objects.get(kind=imports.IMPORT_KIND).status == JobStatus.FAILED


def test_an_import_whose_job_was_cancelled_before_it_ran_is_failed_not_queued(
    alice, meridian, settings
):
    from chemsec.core.jobs import job_cancel, scheduled_kinds
    from chemsec.supplychain.services.imports import order_imports_fail_stale

    settings.JOBS_EAGER = False  # queued, as with a worker: cancelled before it runs
    record = run(alice, meridian, b"reference,customer,product,quantity\nF-1,ACME-REG-1,ETH,1\n")
    assert record.status == "queued"
    job = Job.objects.get(kind=imports.IMPORT_KIND)
    job_cancel(job=job, actor=alice)
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    assert order_imports_fail_stale() == 1
    record.refresh_from_db()
    assert record.status == "failed" and record.problem["code"] == "import_failed"
    assert "cancelled" in import_error_text(record.problem)
    assert order_imports_fail_stale() == 0  # once
    assert "supplychain.stale_imports" in scheduled_kinds()


def test_an_import_whose_job_waits_is_left_to_it(alice, meridian, settings):
    from chemsec.supplychain.services.imports import order_imports_fail_stale

    settings.JOBS_EAGER = False
    record = run(alice, meridian, b"reference,customer,product,quantity\nF-1,ACME-REG-1,ETH,1\n")
    assert order_imports_fail_stale() == 0
    record.refresh_from_db()
    assert record.status == "queued"
