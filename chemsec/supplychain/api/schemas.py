"""What the supply-chain endpoints take and answer."""

import datetime as dt
from decimal import Decimal
from typing import Any
from uuid import UUID

from ninja import Schema
from pydantic import ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from chemsec.core.api_schemas import InSchema
from chemsec.core.limits import TEXT_NOTE
from chemsec.supplychain.choices import Channel, OrderOutcome, PaymentMethod
from chemsec.supplychain.countries import country_error
from chemsec.supplychain.models import ADDRESS_MAX, Order, OrderLine, Product
from chemsec.supplychain.units import line_unit, unit_error


def _country(value: Any, info: ValidationInfo) -> Any:
    """A country field, upper case; a code that names no country (chemsec.lib.countries)
    is refused (422), never stored and then taken for a State Party by the CWC rules."""
    if not isinstance(value, str):
        return value  # None (not sent, on a change) or a type error pydantic reports
    code = value.strip().upper()
    if error := country_error(info.field_name, code):
        raise PydanticCustomError("unknown_country", error)
    return code


def _longest(model: Any, name: str) -> int:
    """A model field's max_length: the limit is declared once, on the model."""
    limit = model._meta.get_field(name).max_length
    assert isinstance(limit, int)
    return limit


class CustomerIn(InSchema):
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

    check_country = field_validator("country")(_country)


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


class VerificationIn(InSchema):
    kind: str = Field(description="identity or statement")
    checked_on: dt.date | None = None
    document_kind: str = ""
    number: str = Field("", description="Only its last four characters are kept")
    statement_kind: str = ""
    products: str = ""
    intended_use: str = ""
    valid_until: dt.date | None = Field(None, description="Default: 12 months after checked_on")


class ComponentIn(InSchema):
    cas: str = Field(min_length=1, max_length=40)
    concentration: float | None = Field(None, description="% w/w")
    name: str = ""


class ProductIn(InSchema):
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


class LineIn(InSchema):
    product_id: UUID | None = None
    product_code: str = Field(
        "", max_length=_longest(Product, "code"), description="The catalogue code, if no product_id"
    )
    quantity: Decimal = Field(gt=0, max_digits=12, decimal_places=3)
    unit: str = Field(
        "pack",
        max_length=_longest(OrderLine, "unit"),
        description="pack (the default): a quantity counts the product's packs; no other "
        "unit is taken",
    )

    @field_validator("unit")
    @classmethod
    def _unit(cls, value: str, info: ValidationInfo) -> str:
        if (unit := line_unit(value)) is None:
            raise PydanticCustomError("unknown_unit", unit_error(info.field_name, value) or "")
        return unit


class OrderIn(InSchema):
    # The payment method's codes are listed in the OpenAPI document, and a wrong one is
    # refused naming them; the service receives the plain code.
    model_config = ConfigDict(use_enum_values=True)

    customer_id: UUID
    lines: list[LineIn] = Field(min_length=1, max_length=100)
    payment_method: PaymentMethod
    delivery_country: str = Field("", description="Default: the customer's country")
    delivery_address: str = Field("", max_length=ADDRESS_MAX)
    payer_name: str = Field(
        "", max_length=_longest(Order, "payer_name"), description="Who pays, if not the customer"
    )
    payment_account: str = Field(
        "",
        max_length=100,
        description="The account paid from (IBAN, card number or a payment processor's card "
        "fingerprint; spaces and hyphens ignored): links customers paying from the same "
        "account. Only a keyed digest and the last four characters are kept; never returned",
    )
    consignee_name: str = Field(
        "",
        max_length=200,
        description="Who receives the goods, if not the customer: screened against the "
        "denied-party lists as the order is recorded",
    )
    consignee_country: str = Field("", max_length=2, description="ISO 3166 alpha-2")
    end_user_name: str = Field(
        "",
        max_length=200,
        description="The declared end user, if not the customer: screened like the consignee",
    )
    end_user_country: str = Field("", max_length=2, description="ISO 3166 alpha-2")
    indicators: list[str] = Field(
        default_factory=list,
        description="Regulation (EU) 2019/1148 Art. 9(1)(a)-(e) as staff observed them: "
        "unclear_use, unfamiliar_use, uncommon_quantity, refuses_identity, unusual_payment",
    )
    observations: str = Field("", max_length=TEXT_NOTE)
    reference: str = Field("", max_length=_longest(Order, "reference"))
    channel: str = Channel.API
    outcome: str = OrderOutcome.PENDING

    check_countries = field_validator("delivery_country", "consignee_country", "end_user_country")(
        _country
    )


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


class CaseDecisionIn(InSchema):
    status: str = Field(description="in_review, suspicious, not_suspicious, closed")
    reason: str = ""


class ReportIn(InSchema):
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


class TextIn(InSchema):
    text: str = Field("", max_length=20_000)


class CustomerChangeIn(InSchema):
    """Only the fields sent are changed; the customer is screened again."""

    legal_name: str | None = Field(None, min_length=1, max_length=200)
    customer_type: str | None = Field(
        None, description="professional, economic_operator or general_public"
    )
    country: str | None = Field(None, min_length=2, max_length=2)
    other_names: str | None = Field(None, max_length=2000)
    registration_number: str | None = Field(None, max_length=60)
    billing_address: str | None = Field(None, max_length=2000)
    delivery_address: str | None = Field(None, max_length=2000)
    declared_trade: str | None = Field(None, max_length=200)
    contact_person: str | None = Field(None, max_length=200)
    phone: str | None = Field(None, max_length=40)

    check_country = field_validator("country")(_country)


class OutcomeIn(InSchema):
    outcome: str = Field(description="pending, sold, refused or abandoned")


class JobProgressOut(Schema):
    """The background job reading a file: poll until status is succeeded or failed."""

    id: UUID
    status: str
    progress: int = Field(description="0 to 100")
    message: str
    error: str


class ImportErrorOut(Schema):
    code: str
    params: dict[str, Any]
    message: str = Field(description="The error in the reader's language")


class OrderImportOut(Schema):
    id: UUID
    file_name: str
    status: str = Field(
        description="queued, running (a chunk at a time), done, failed or cancelled"
    )
    row_count: int
    order_count: int
    error_count: int
    problem: ImportErrorOut | None = Field(None, description="Why the whole file failed")
    created_at: dt.datetime
    job: JobProgressOut | None


class ImportRowOut(Schema):
    line: int
    cells: dict[str, Any]
    errors: list[ImportErrorOut]
    order_id: UUID | None


class OrderImportDetailOut(OrderImportOut):
    rows: list[ImportRowOut] = Field(description="Every row of the file, a page at a time")
    offset: int
    next_offset: int | None


class RuleOut(Schema):
    code: str
    title: str
    citation: str
    snoozable: bool
    false_positive: int
    useful: int
    confirmed: int
    total: int
    precision: float | None = Field(description="(useful + confirmed) / verdicts")


class SnoozeIn(InSchema):
    rule_code: str = Field(min_length=1, max_length=40)
    justification: str = Field(min_length=1, max_length=2000)
    expires_on: dt.date = Field(description="At most 90 days from today")


class SnoozeOut(Schema):
    id: UUID
    rule_code: str
    justification: str
    expires_on: dt.date
    active: bool
    created_at: dt.datetime


class DispositionIn(InSchema):
    rule_code: str = Field(min_length=1, max_length=40)
    disposition: str = Field(description="false_positive, useful or confirmed")
    note: str = Field("", max_length=2000)


class DispositionOut(Schema):
    id: UUID
    alert_id: UUID
    rule_code: str
    disposition: str
    note: str
    decided_by: str
    updated_at: dt.datetime
