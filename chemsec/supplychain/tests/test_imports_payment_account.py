"""Order imports read a payment account column (IBAN, card number or card fingerprint)
as the page and the API do: only its keyed digest and last characters are kept, on the
order and in the import's rows; a malformed one is the row's error, never echoed."""

from __future__ import annotations

import json

import pytest

from chemsec.supplychain.models import Order
from chemsec.supplychain.payment_links import account_fields
from chemsec.supplychain.services import customer_create
from chemsec.supplychain.tests.test_imports import rows_by_line
from chemsec.supplychain.tests.test_imports_values import run

pytestmark = pytest.mark.django_db

IBAN = "DE89 3704 0044 0532 0130 00"  # the standard example IBAN


@pytest.fixture
def buyers(alice, meridian):
    return [
        customer_create(
            actor=alice,
            organisation=meridian,
            legal_name=name,
            registration_number=number,
            country="XA",
            customer_type="professional",
        )
        for name, number in (("Acme Solvents", "ACME-1"), ("Borg Trading", "BORG-1"))
    ]


@pytest.mark.parametrize("header", ["payment account", "IBAN", "account number"])
def test_the_same_account_written_two_ways_links_both_orders(
    alice, meridian, buyers, ethanol, header
):
    data = (
        f"reference,customer,product,quantity,{header}\n"
        f'P-1,ACME-1,ETH,1,"{IBAN}"\n'
        f"P-2,BORG-1,ETH,1,{IBAN.replace(' ', '').lower()}\n"
        "P-3,BORG-1,ETH,1,\n"
    ).encode()
    record = run(alice, meridian, data)
    assert rows_by_line(record) == {2: [], 3: [], 4: []}
    orders = {o.reference: o for o in Order.objects.all()}
    key, last = account_fields(IBAN)
    assert orders["P-1"].payment_account_key == orders["P-2"].payment_account_key == key
    assert orders["P-1"].payment_account_last == last == "3000"
    assert orders["P-3"].payment_account_key == ""
    kept = json.dumps([row.cells for row in record.rows.all()], ensure_ascii=False)
    assert "0532" not in kept and "…3000" in kept  # the rows keep the last characters only


def test_a_malformed_account_is_the_rows_error_and_not_repeated(alice, meridian, buyers, ethanol):
    data = (
        b"reference,customer,product,quantity,iban\n"
        b"P-1,ACME-1,ETH,1,DE89-37!!\n"
        b"P-2,ACME-1,ETH,1,AB1\n"
        b"P-3,ACME-1,ETH,1,DE89370400440532013000\n"
    )
    record = run(alice, meridian, data)
    assert rows_by_line(record) == {2: ["bad_payment_account"], 3: ["bad_payment_account"], 4: []}
    assert "DE89-37" not in json.dumps([row.errors for row in record.rows.all()])
    assert list(Order.objects.values_list("reference", flat=True)) == ["P-3"]


def test_rows_of_one_order_naming_two_accounts_refuse_the_order(
    alice, meridian, buyers, ethanol, acetone
):
    data = (
        "reference,customer,product,quantity,iban\n"
        f'P-1,ACME-1,ETH,1,"{IBAN}"\n'
        "P-1,ACME-1,ACE,1,GB82WEST12345698765432\n"
        f"P-2,ACME-1,ETH,1,{IBAN.replace(' ', '')}\n"
        f'P-2,ACME-1,ACE,1,"{IBAN.lower()}"\n'
    ).encode()
    record = run(alice, meridian, data)
    rows = rows_by_line(record)
    assert rows[2] == rows[3] == ["order_cells_differ"]
    assert rows[4] == rows[5] == []  # the same account written two ways is one account
    assert list(Order.objects.values_list("reference", flat=True)) == ["P-2"]
