"""Customers and their verification records."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from chemsec.core.models import Organisation, User
from chemsec.core.policy import SYSTEM, Actor, require
from chemsec.core.writes import write_create, write_update
from chemsec.sanctions.services import prepare_screening
from chemsec.supplychain.choices import RecordKind
from chemsec.supplychain.models import STATEMENT_VALIDITY_DAYS, Customer, VerificationRecord
from chemsec.supplychain.services.sanctions import customer_screen

CUSTOMER_FIELDS = (
    "legal_name",
    "other_names",
    "registration_number",
    "country",
    "billing_address",
    "delivery_address",
    "customer_type",
    "declared_trade",
    "contact_person",
    "phone",
    "confidentiality",
)


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(CUSTOMER_FIELDS)
    if unknown:
        raise TypeError(f"Not customer fields: {', '.join(sorted(unknown))}")
    return {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}


def customer_create(*, actor: Actor, organisation: Organisation | None, **values: Any) -> Customer:
    """A new customer of the organisation the actor acts for (restricted unless chosen),
    screened against the organisation's lists in the same transaction."""
    require(actor, "customer.create", organisation)
    if organisation is None:  # only the system actor passes `require` without one
        raise ValueError("An organisation is required.")
    fields = {k: v for k, v in _clean(values).items() if v not in (None, "")}
    prepare_screening(organisation)  # before the write lock: see prepare_screening
    with transaction.atomic():
        customer = write_create(Customer(organisation=organisation, **fields), actor=actor)
        customer_screen(actor=SYSTEM, customer=customer, reason="created")
    return customer


def customer_update(*, actor: Actor, customer: Customer, **values: Any) -> Customer:
    require(actor, "customer.change", customer)
    prepare_screening(customer.organisation)
    with transaction.atomic():
        customer = write_update(customer, actor=actor, values=_clean(values))
        customer_screen(actor=SYSTEM, customer=customer, reason="changed")
    return customer


@transaction.atomic
def verification_add(
    *,
    actor: Actor,
    customer: Customer,
    kind: str,
    checked_on: dt.date | None = None,
    document_kind: str = "",
    number: str = "",
    statement_kind: str = "",
    products: str = "",
    intended_use: str = "",
    valid_until: dt.date | None = None,
) -> VerificationRecord:
    """Record an identity document seen or an end-use statement received.

    Only the last four characters of a document number are kept, whatever is typed; a
    statement is valid for 12 months from the day it was seen unless another date is given.
    """
    require(actor, "customer.change", customer)
    checked_on = checked_on or timezone.localdate()
    if kind == RecordKind.STATEMENT and valid_until is None:
        valid_until = checked_on + dt.timedelta(days=STATEMENT_VALIDITY_DAYS)
    record = VerificationRecord(
        customer=customer,
        kind=kind,
        document_kind=document_kind if kind == RecordKind.IDENTITY else "",
        number_last=_last_characters(number) if kind == RecordKind.IDENTITY else "",
        statement_kind=statement_kind if kind == RecordKind.STATEMENT else "",
        products=products.strip(),
        intended_use=intended_use.strip(),
        checked_on=checked_on,
        valid_until=valid_until if kind == RecordKind.STATEMENT else None,
        checked_by=actor if isinstance(actor, User) else None,
    )
    return write_create(record, actor=actor)


def _last_characters(number: str, keep: int = 4) -> str:
    compact = "".join(ch for ch in number if ch.isalnum())
    return compact[-keep:].upper()
