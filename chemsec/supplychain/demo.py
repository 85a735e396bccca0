"""Demo supply chain: Northgate Chemical Distribution with a catalogue, customers and orders;
an open case with its 24-hour clock running; a case reported to the National Authority of
Borealia, which acknowledged it and asked a question. Safe to run twice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from chemsec.core.models import Organisation, User
from chemsec.supplychain.models import Case, Customer, Product
from chemsec.supplychain.services import (
    LineInput,
    case_assign,
    case_decide,
    customer_create,
    order_record,
    product_create,
    report_acknowledge,
    report_ask,
    report_send,
    verification_add,
)

DISTRIBUTOR = "Northgate Chemical Distribution"
AUTHORITY = "National Authority of Borealia"

PRODUCTS: list[tuple[str, str, str, list[tuple[str, str, str]]]] = [
    ("HP30", "Hydrogen peroxide 30 %", "5 L", [("7722-84-1", "30", "Hydrogen peroxide")]),
    ("HP6", "Hydrogen peroxide 6 %", "1 L", [("7722-84-1", "6", "Hydrogen peroxide")]),
    ("SA96", "Sulphuric acid 96 %", "25 L", [("7664-93-9", "96", "Sulphuric acid")]),
    ("ACE", "Acetone", "10 L", [("67-64-1", "99.5", "Acetone")]),
    ("TEA", "Triethanolamine", "25 kg", [("102-71-6", "99", "Triethanolamine")]),
    ("ETH", "Ethanol 96 %", "5 L", [("64-17-5", "96", "Ethanol")]),
]

CUSTOMERS: list[dict[str, Any]] = [
    {"legal_name": "Borealis Pool Services Ltd", "customer_type": "professional",
     "country": "XB", "registration_number": "XB-0042117",
     "declared_trade": "Swimming-pool maintenance", "delivery_address": "4 Quay Street, Port Nord",
     "billing_address": "4 Quay Street, Port Nord", "contact_person": "Ana Lind"},
    {"legal_name": "Harbour Coatings SA", "customer_type": "economic_operator", "country": "XB",
     "registration_number": "XB-0093310", "declared_trade": "Metal surface treatment",
     "delivery_address": "Dock 7, Port Nord"},
    {"legal_name": "J. Smith", "customer_type": "general_public", "country": "XB",
     "delivery_address": "12 Birch Lane, Northvale"},
    {"legal_name": "Delta Agro Trading", "customer_type": "economic_operator", "country": "XB",
     "registration_number": "XB-0077001", "declared_trade": "Agricultural chemicals"},
]  # fmt: skip


SCREENED_CUSTOMER: dict[str, Any] = {
    "legal_name": "Polar Light Chemicals Ltd",
    "customer_type": "economic_operator",
    "country": "XB",
    "declared_trade": "Industrial chemicals wholesale",
    "delivery_address": "Pier 2, Port Nord",
}


def _day(days_ago: int, hour: int = 10) -> dt.datetime:
    now = timezone.now()
    return (now - dt.timedelta(days=days_ago)).replace(hour=hour, minute=0, second=0)


@transaction.atomic
def populate() -> list[str]:
    distributor = Organisation.objects.get(name=DISTRIBUTOR)
    if Customer.objects.filter(organisation=distributor).exists():
        return ["", _summary()]
    admin = User.objects.get(username="northgate-admin")
    products = {
        code: _product(admin, distributor, code, name, pack, parts)
        for code, name, pack, parts in PRODUCTS
    }
    customers = [
        customer_create(actor=admin, organisation=distributor, **spec) for spec in CUSTOMERS
    ]
    # A customer whose name is an alias on the demo UN list (chemsec/sanctions/demo.py
    # imports the lists afterwards and re-screens: a potential match for a reviewer).
    customer_create(actor=admin, organisation=distributor, **SCREENED_CUSTOMER)
    _verify(admin, customers)
    _orders(admin, customers, products)
    _cases(admin, distributor, customers)
    return ["", _summary()]


def _product(
    admin: User,
    distributor: Organisation,
    code: str,
    name: str,
    pack: str,
    parts: list[tuple[str, str, str]],
) -> Product:
    components = [{"cas": cas, "concentration": conc, "name": label} for cas, conc, label in parts]
    return product_create(
        actor=admin, organisation=distributor, code=code, name=name, pack_size=pack,
        components=components, confidentiality="organisation",
    )  # fmt: skip


def _verify(admin: User, customers: list[Customer]) -> None:
    pool, coatings, _public, _agro = customers
    today = timezone.localdate()
    verification_add(actor=admin, customer=pool, kind="identity", document_kind="identity_card",
                     number="XB 5531 2290", checked_on=today - dt.timedelta(days=90))  # fmt: skip
    verification_add(actor=admin, customer=pool, kind="statement", statement_kind="eu_annex_iv",
                     products="HP30, SA96", intended_use="Pool water treatment",
                     checked_on=today - dt.timedelta(days=90))  # fmt: skip
    verification_add(actor=admin, customer=coatings, kind="identity", document_kind="passport",
                     number="P 7781 0034", checked_on=today - dt.timedelta(days=200))  # fmt: skip
    verification_add(actor=admin, customer=coatings, kind="statement",
                     statement_kind="eu_annex_iv", products="SA96", intended_use="Pickling",
                     checked_on=today - dt.timedelta(days=400),
                     valid_until=today - dt.timedelta(days=35))  # fmt: skip


def _orders(admin: User, customers: list[Customer], products: dict[str, Product]) -> None:
    pool, coatings, public, agro = customers

    def order(customer: Customer, code: str, days_ago: int, **fields: Any) -> None:
        line = LineInput(product=products[code], quantity=Decimal(fields.pop("quantity", 2)))
        fields.setdefault("payment_method", "account")
        fields.setdefault("outcome", "sold")
        order_record(actor=admin, customer=customer, lines=[line], ordered_at=_day(days_ago),
                     **fields)  # fmt: skip

    for days_ago in (60, 32, 12, 3):  # a regular, verified customer: allowed
        order(pool, "HP30", days_ago, reference=f"BPS-{days_ago}")
    order(pool, "ETH", 3, reference="BPS-ETH")
    order(public, "HP6", 20, payment_method="card")  # below the limit: allowed
    # The public asking for 30 % peroxide, nervous and paying cash: held (Art. 5, Art. 9).
    order(public, "HP30", 1, payment_method="cash", outcome="refused",
          indicators=["unclear_use", "refuses_identity"],
          observations="Said it was 'for cleaning'; left when asked for ID.")  # fmt: skip
    # A company whose customer statement expired: held until it is renewed (Art. 8).
    order(coatings, "SA96", 2, quantity=8, outcome="pending", reference="HC-5521")
    # A Schedule 3 chemical for delivery to a State not Party, no end-use certificate.
    order(agro, "TEA", 0, quantity=40, delivery_country="EG", outcome="pending",
          payment_method="third_party", payer_name="Nile Holdings")  # fmt: skip


def _cases(admin: User, distributor: Organisation, customers: list[Customer]) -> None:
    _pool, coatings, public, agro = customers
    authority = Organisation.objects.get(name=AUTHORITY)
    officer = User.objects.get(username="borealia-admin")
    # Harbour Coatings: reviewed, deemed suspicious, reported; the authority asks a question.
    reported = Case.objects.get(customer=coatings)
    case_decide(actor=admin, case=reported, status="in_review")
    case_decide(actor=admin, case=reported, status="suspicious",
                reason="Eight drums, statement expired, new delivery point.")  # fmt: skip
    report = report_send(
        actor=admin, organisation=distributor, authority=authority, case=reported,
        kind="suspicious_transaction",
        summary="Order of 8 x 25 L sulphuric acid 96 % with an expired customer statement; the "
        "buyer refused to renew it and asked for delivery to a new address.",
    )  # fmt: skip
    report_acknowledge(actor=officer, report=report, text="Received, thank you.")
    report_ask(actor=officer, report=report, text="Who collected the previous orders?")
    # J. Smith: deemed suspicious a moment ago, the 24-hour clock is running.
    case_decide(actor=admin, case=Case.objects.get(customer=public), status="suspicious")
    # Delta Agro stays new, handed to the distributor's reviewer (shared with them by name:
    # cases and customers are restricted to the admins and whoever they name).
    reviewer = User.objects.get(username="northgate-reviewer")
    case_assign(actor=admin, case=Case.objects.get(customer=agro), reviewer=reviewer)


def _summary() -> str:
    return (
        f"Supply chain: {DISTRIBUTOR} (northgate-admin) has customers, products and orders "
        "at /supplychain/, three cases (one with its 24-hour clock running); the "
        f"{AUTHORITY} (borealia-admin) has a report in its inbox at /supplychain/inbox/; "
        "northgate-reviewer has been handed the new case."
    )
