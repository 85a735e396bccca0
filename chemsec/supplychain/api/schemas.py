"""What the supply-chain endpoints take and answer."""

import datetime as dt
from decimal import Decimal
from typing import Any
from uuid import UUID

from ninja import Schema
from pydantic import Field

from chemsec.supplychain.choices import Channel, OrderOutcome


class CustomerIn(Schema):
    legal_name: str = Field(min_length=1, max_length=200)
    customer_type: str = Field(description="professional, economic_operator or general_public")
    country: str = Field(min_length=2, max_length=2)
    other_names: str = ""
    registration_number: str = ""
    billing_address: str = ""
    delivery_address: str = ""
    declared_trade: str = ""
    contact_person: str = ""
    phone: str = ""
    confidentiality: str = "restricted"


class VerificationOut(Schema):
    id: UUID
    kind: str
    document_kind: str
    number_last: str
    statement_kind: str
    products: str
    intended_use: str
    checked_on: dt.date
    valid_until: dt.date | None


class CustomerOut(Schema):
    id: UUID
    legal_name: str
    customer_type: str
    country: str
    registration_number: str
    declared_trade: str
    confidentiality: str
    created_at: dt.datetime


class CustomerDetailOut(CustomerOut):
    other_names: str
    billing_address: str
    delivery_address: str
    contact_person: str
    phone: str
    records: list[VerificationOut]


class VerificationIn(Schema):
    kind: str = Field(description="identity or statement")
    checked_on: dt.date | None = None
    document_kind: str = ""
    number: str = Field("", description="Only its last four characters are kept")
    statement_kind: str = ""
    products: str = ""
    intended_use: str = ""
    valid_until: dt.date | None = Field(None, description="Default: 12 months after checked_on")


class ComponentIn(Schema):
    cas: str = Field(min_length=1, max_length=40)
    concentration: float | None = Field(None, description="% w/w")
    name: str = ""


class ProductIn(Schema):
    code: str = Field(min_length=1, max_length=60)
    name: str = Field(min_length=1, max_length=200)
    pack_size: str = ""
    components: list[ComponentIn] = Field(min_length=1)


class ProductOut(Schema):
    id: UUID
    code: str
    name: str
    pack_size: str
    listed: bool
    eu_restricted: bool
    eu_regulated: bool
    cwc_schedules: list[str]
    ag_listed: bool
    screened_at: dt.datetime | None


class ProductDetailOut(ProductOut):
    components: list[dict[str, Any]]
    screening: list[dict[str, Any]]


class LineIn(Schema):
    product_id: UUID | None = None
    product_code: str = Field("", description="The catalogue code, if no product_id")
    quantity: Decimal = Field(gt=0, max_digits=12, decimal_places=3)
    unit: str = "pack"


class OrderIn(Schema):
    customer_id: UUID
    lines: list[LineIn] = Field(min_length=1, max_length=100)
    payment_method: str
    delivery_country: str = Field("", description="Default: the customer's country")
    delivery_address: str = ""
    payer_name: str = Field("", description="Who pays, if not the customer")
    indicators: list[str] = Field(
        default_factory=list,
        description="Regulation (EU) 2019/1148 Art. 9(1)(a)-(e) as staff observed them: "
        "unclear_use, unfamiliar_use, uncommon_quantity, refuses_identity, unusual_payment",
    )
    observations: str = ""
    reference: str = ""
    channel: str = Channel.API
    outcome: str = OrderOutcome.PENDING


class DecisionOut(Schema):
    """What a caller (and so possibly a customer) learns about an order: the decision and a
    neutral reason code (ok, pending_review, on_hold), nothing about rules or reports."""

    id: UUID
    reference: str
    ordered_at: dt.datetime
    outcome: str
    decision: str
    reason_code: str
    message: str


class OrderLineOut(Schema):
    product_code: str
    quantity: Decimal
    unit: str


class OrderOut(DecisionOut):
    customer_id: UUID
    delivery_country: str
    payment_method: str
    lines: list[OrderLineOut]


class BreachOut(Schema):
    urn: str
    code: str
    version: int
    title: str
    citation: str
    facts: dict[str, Any]


class AlertOut(Schema):
    id: UUID
    order_id: UUID
    decision: str
    created_at: dt.datetime
    typologies: list[dict[str, Any]]
    breaches: list[BreachOut]


class CaseOut(Schema):
    id: UUID
    customer_id: UUID
    customer: str
    status: str
    assigned_to: str
    deemed_suspicious_at: dt.datetime | None
    report_due_at: dt.datetime | None
    reported_at: dt.datetime | None
    overdue: bool
    reason: str
    created_at: dt.datetime


class CaseDetailOut(CaseOut):
    alerts: list[AlertOut]


class CaseDecisionIn(Schema):
    status: str = Field(description="in_review, suspicious, not_suspicious, closed")
    reason: str = ""


class ReportIn(Schema):
    authority: str = Field(description="Slug of the national authority")
    kind: str = Field(description="suspicious_transaction (with case_id), disappearance, theft")
    summary: str = Field(min_length=1, max_length=20_000)
    case_id: UUID | None = None


class MessageOut(Schema):
    id: UUID
    kind: str
    text: str
    from_authority: bool
    author: str
    created_at: dt.datetime


class ReportOut(Schema):
    id: UUID
    kind: str
    status: str
    sender: str
    authority: str
    sent_at: dt.datetime
    acknowledged_at: dt.datetime | None
    closed_at: dt.datetime | None


class ReportDetailOut(ReportOut):
    summary: str
    body: dict[str, Any]
    messages: list[MessageOut]


class TextIn(Schema):
    text: str = Field("", max_length=20_000)
