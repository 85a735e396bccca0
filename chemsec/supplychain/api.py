"""Supply-chain API: customers, products, orders (`POST /orders` answers the decision at
once), cases, and reports with the authority's handling.

The order endpoints are what a marketplace or an ERP calls for each order: they answer
the decision (allow, review, hold) with a neutral reason code and nothing more. Which rule
fired, and whether a case or report exists, is never in an order answer (tipping-off);
the supplier's reviewers read it in the case endpoints.

Every object is fetched with `policy.get_object`, every write is the service the pages
call, acting for `policy.acting_organisation(request)`.
"""

import datetime as dt
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from chemsec.core.api_auth import MEMBERS
from chemsec.core.models import Organisation
from chemsec.core.policy import acting_organisation, get_object, require
from chemsec.supplychain import selectors, services
from chemsec.supplychain.choices import Channel, OrderOutcome
from chemsec.supplychain.models import (
    Alert,
    Case,
    Customer,
    Order,
    Product,
    Report,
    ReportMessage,
    VerificationRecord,
)
from chemsec.supplychain.presenters import neutral_text

router = Router(tags=["supplychain"])
LIMIT = 500


# --- Schemas ---------------------------------------------------------------------------------


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


# --- Converters ------------------------------------------------------------------------------


def _customer_out(item: Customer) -> CustomerOut:
    return CustomerOut(
        id=item.pk,
        legal_name=item.legal_name,
        customer_type=item.customer_type,
        country=item.country,
        registration_number=item.registration_number,
        declared_trade=item.declared_trade,
        confidentiality=item.confidentiality,
        created_at=item.created_at,
    )


def _record_out(record: VerificationRecord) -> VerificationOut:
    return VerificationOut(
        id=record.pk,
        kind=record.kind,
        document_kind=record.document_kind,
        number_last=record.number_last,
        statement_kind=record.statement_kind,
        products=record.products,
        intended_use=record.intended_use,
        checked_on=record.checked_on,
        valid_until=record.valid_until,
    )


def _customer_detail(item: Customer) -> CustomerDetailOut:
    return CustomerDetailOut(
        **_customer_out(item).model_dump(),
        other_names=item.other_names,
        billing_address=item.billing_address,
        delivery_address=item.delivery_address,
        contact_person=item.contact_person,
        phone=item.phone,
        records=[_record_out(r) for r in item.records.all()],
    )


def _product_out(item: Product) -> ProductOut:
    return ProductOut(
        id=item.pk,
        code=item.code,
        name=item.name,
        pack_size=item.pack_size,
        listed=item.listed,
        eu_restricted=item.eu_restricted,
        eu_regulated=item.eu_regulated,
        cwc_schedules=list(item.cwc_schedules),
        ag_listed=item.ag_listed,
        screened_at=item.screened_at,
    )


def _decision_out(item: Order) -> DecisionOut:
    from chemsec.supplychain.engine import neutral_reason

    return DecisionOut(
        id=item.pk,
        reference=item.reference,
        ordered_at=item.ordered_at,
        outcome=item.outcome,
        decision=item.decision,
        reason_code=neutral_reason(item.decision),
        message=neutral_text(item.decision),
    )


def _order_out(item: Order) -> OrderOut:
    return OrderOut(
        **_decision_out(item).model_dump(),
        customer_id=item.customer_id,
        delivery_country=item.delivery_country,
        payment_method=item.payment_method,
        lines=[
            OrderLineOut(product_code=line.product.code, quantity=line.quantity, unit=line.unit)
            for line in item.lines.all()
        ],
    )


def _case_out(item: Case) -> CaseOut:
    return CaseOut(
        id=item.pk,
        customer_id=item.customer_id,
        customer=item.customer.legal_name,
        status=item.status,
        assigned_to=item.assigned_to.get_username() if item.assigned_to else "",
        deemed_suspicious_at=item.deemed_suspicious_at,
        report_due_at=item.report_due_at,
        reported_at=item.reported_at,
        overdue=item.overdue,
        reason=item.reason,
        created_at=item.created_at,
    )


def _alert_out(alert: Alert) -> AlertOut:
    return AlertOut(
        id=alert.pk,
        order_id=alert.order_id,
        decision=alert.decision,
        created_at=alert.created_at,
        typologies=list(alert.typologies),
        breaches=[BreachOut(**b) for b in alert.breaches],
    )


def _report_out(item: Report) -> ReportOut:
    return ReportOut(
        id=item.pk,
        kind=item.kind,
        status=item.status,
        sender=item.organisation.name,
        authority=item.authority.name,
        sent_at=item.sent_at,
        acknowledged_at=item.acknowledged_at,
        closed_at=item.closed_at,
    )


def _message_out(message: ReportMessage) -> MessageOut:
    return MessageOut(
        id=message.pk,
        kind=message.kind,
        text=message.text,
        from_authority=message.from_authority,
        author=message.author.get_username() if message.author else "",
        created_at=message.created_at,
    )


def _report_detail(item: Report) -> ReportDetailOut:
    return ReportDetailOut(
        **_report_out(item).model_dump(),
        summary=item.summary,
        body=item.body,
        messages=[_message_out(m) for m in item.messages.select_related("author")],
    )


# --- Customers -------------------------------------------------------------------------------


@router.get("/supplychain/customers", response=list[CustomerOut], auth=MEMBERS)
def supplychain_customer_list(request: HttpRequest) -> list[CustomerOut]:
    """Customers of the organisation you act for that you may see."""
    found = selectors.customers(request.user, acting_organisation(request))[:LIMIT]
    return [_customer_out(item) for item in found]


@router.post("/supplychain/customers", response={201: CustomerDetailOut}, auth=MEMBERS)
def supplychain_customer_create(
    request: HttpRequest, payload: CustomerIn
) -> Status[CustomerDetailOut]:
    item = services.customer_create(
        actor=request.user, organisation=acting_organisation(request), **payload.dict()
    )
    return Status(201, _customer_detail(item))


@router.get("/supplychain/customers/{customer_id}", response=CustomerDetailOut, auth=MEMBERS)
def supplychain_customer_get(request: HttpRequest, customer_id: UUID) -> CustomerDetailOut:
    item = get_object(request.user, "customer.view", Customer.objects, pk=customer_id)
    return _customer_detail(item)


@router.post(
    "/supplychain/customers/{customer_id}/verifications",
    response={201: VerificationOut},
    auth=MEMBERS,
)
def supplychain_verification_create(
    request: HttpRequest, customer_id: UUID, payload: VerificationIn
) -> Status[VerificationOut]:
    item = get_object(request.user, "customer.change", Customer.objects, pk=customer_id)
    record = services.verification_add(actor=request.user, customer=item, **payload.dict())
    return Status(201, _record_out(record))


# --- Products --------------------------------------------------------------------------------


@router.get("/supplychain/products", response=list[ProductOut], auth=MEMBERS)
def supplychain_product_list(request: HttpRequest) -> list[ProductOut]:
    found = selectors.products(request.user, acting_organisation(request))[:LIMIT]
    return [_product_out(item) for item in found]


@router.post("/supplychain/products", response={201: ProductDetailOut}, auth=MEMBERS)
def supplychain_product_create(
    request: HttpRequest, payload: ProductIn
) -> Status[ProductDetailOut]:
    data = payload.dict()
    item = services.product_create(
        actor=request.user, organisation=acting_organisation(request), **data
    )
    return Status(201, _product_detail(item))


def _product_detail(item: Product) -> ProductDetailOut:
    return ProductDetailOut(
        **_product_out(item).model_dump(),
        components=list(item.components),
        screening=list(item.screening),
    )


@router.get("/supplychain/products/{product_id}", response=ProductDetailOut, auth=MEMBERS)
def supplychain_product_get(request: HttpRequest, product_id: UUID) -> ProductDetailOut:
    item = get_object(request.user, "product.view", Product.objects, pk=product_id)
    return _product_detail(item)


# --- Orders: the decision at once ------------------------------------------------------------


def _product_for(request: HttpRequest, customer: Customer, line: LineIn) -> Product:
    lookup: dict[str, Any] = {"organisation": customer.organisation}
    if line.product_id is not None:
        lookup["pk"] = line.product_id
    elif line.product_code:
        lookup["code"] = line.product_code
    else:
        raise HttpError(422, "Each line names a product_id or a product_code.")
    return get_object(request.user, "product.view", Product.objects, **lookup)


@router.post("/orders", response={201: DecisionOut}, auth=MEMBERS)
def supplychain_order_create(request: HttpRequest, payload: OrderIn) -> Status[DecisionOut]:
    """Record an order (or an attempted or refused sale) and answer the decision at once:
    allow, review or hold, with a neutral reason code."""
    customer = get_object(request.user, "order.create", Customer.objects, pk=payload.customer_id)
    lines = [
        services.LineInput(
            product=_product_for(request, customer, line), quantity=line.quantity, unit=line.unit
        )
        for line in payload.lines
    ]
    data = payload.dict(exclude={"customer_id", "lines"})
    order, _evaluation = services.order_record(
        actor=request.user, customer=customer, lines=lines, **data
    )
    return Status(201, _decision_out(order))


@router.get("/supplychain/orders", response=list[OrderOut], auth=MEMBERS)
def supplychain_order_list(request: HttpRequest) -> list[OrderOut]:
    found = selectors.orders(request.user, acting_organisation(request)).prefetch_related(
        "lines__product"
    )[:LIMIT]
    return [_order_out(item) for item in found]


@router.get("/supplychain/orders/{order_id}", response=OrderOut, auth=MEMBERS)
def supplychain_order_get(request: HttpRequest, order_id: UUID) -> OrderOut:
    item = get_object(request.user, "order.view", Order.objects, pk=order_id)
    return _order_out(item)


# --- Cases (the supplier's reviewers) --------------------------------------------------------


@router.get("/supplychain/cases", response=list[CaseOut], auth=MEMBERS)
def supplychain_case_list(request: HttpRequest, open_only: bool = False) -> list[CaseOut]:
    """Cases you may see, the ones with a running 24-hour clock first."""
    found = selectors.cases(request.user, acting_organisation(request), open_only=open_only)
    return [_case_out(item) for item in found[:LIMIT]]


@router.get("/supplychain/cases/{case_id}", response=CaseDetailOut, auth=MEMBERS)
def supplychain_case_get(request: HttpRequest, case_id: UUID) -> CaseDetailOut:
    item = get_object(request.user, "case.view", selectors.case_joined(), pk=case_id)
    return _case_detail(item)


def _case_detail(item: Case) -> CaseDetailOut:
    return CaseDetailOut(
        **_case_out(item).model_dump(), alerts=[_alert_out(a) for a in item.alerts.all()]
    )


@router.post("/supplychain/cases/{case_id}/decision", response=CaseDetailOut, auth=MEMBERS)
def supplychain_case_decide(
    request: HttpRequest, case_id: UUID, payload: CaseDecisionIn
) -> CaseDetailOut:
    item = get_object(request.user, "case.decide", selectors.case_joined(), pk=case_id)
    services.case_decide(actor=request.user, case=item, **payload.dict())
    return _case_detail(item)


# --- Reports: sender and addressed authority --------------------------------------------------


@router.post("/supplychain/reports", response={201: ReportDetailOut}, auth=MEMBERS)
def supplychain_report_create(request: HttpRequest, payload: ReportIn) -> Status[ReportDetailOut]:
    organisation = acting_organisation(request)
    case = None
    if payload.case_id is not None:
        case = get_object(request.user, "report.create", Case.objects, pk=payload.case_id)
    else:
        require(request.user, "report.create", organisation)
    authority = Organisation.objects.filter(slug=payload.authority).first()
    if authority is None:
        raise HttpError(422, "No national authority with this slug.")
    report = services.report_send(
        actor=request.user, organisation=organisation, authority=authority, kind=payload.kind,
        summary=payload.summary, case=case,
    )  # fmt: skip
    return Status(201, _report_detail(report))


@router.get("/supplychain/reports", response=list[ReportOut], auth=MEMBERS)
def supplychain_report_list(request: HttpRequest, box: str = "sent") -> list[ReportOut]:
    """Reports your organisation sent (box=sent), or, for a national authority, the reports
    addressed to it (box=received)."""
    organisation = acting_organisation(request)
    if box == "received":
        require(request.user, "supplychain.inbox", organisation)
        found = selectors.reports_received(request.user, organisation)
    else:
        found = selectors.reports_sent(request.user, organisation)
    return [_report_out(item) for item in found[:LIMIT]]


def _report(request: HttpRequest, report_id: UUID, action: str = "view") -> Report:
    return get_object(request.user, f"report.{action}", selectors.report_joined(), pk=report_id)


@router.get("/supplychain/reports/{report_id}", response=ReportDetailOut, auth=MEMBERS)
def supplychain_report_get(request: HttpRequest, report_id: UUID) -> ReportDetailOut:
    return _report_detail(_report(request, report_id))


@router.post("/supplychain/reports/{report_id}/acknowledge", response=ReportDetailOut, auth=MEMBERS)
def supplychain_report_acknowledge(
    request: HttpRequest, report_id: UUID, payload: TextIn
) -> ReportDetailOut:
    item = _report(request, report_id, "acknowledge")
    services.report_acknowledge(actor=request.user, report=item, text=payload.text)
    return _report_detail(item)


@router.post("/supplychain/reports/{report_id}/questions", response={201: MessageOut}, auth=MEMBERS)
def supplychain_report_ask(
    request: HttpRequest, report_id: UUID, payload: TextIn
) -> Status[MessageOut]:
    """The authority asks the sender for more information."""
    item = _report(request, report_id, "ask")
    message = services.report_ask(actor=request.user, report=item, text=payload.text)
    return Status(201, _message_out(message))


@router.post("/supplychain/reports/{report_id}/answers", response={201: MessageOut}, auth=MEMBERS)
def supplychain_report_respond(
    request: HttpRequest, report_id: UUID, payload: TextIn
) -> Status[MessageOut]:
    """The sender answers the authority."""
    item = _report(request, report_id, "respond")
    message = services.report_respond(actor=request.user, report=item, text=payload.text)
    return Status(201, _message_out(message))


@router.post("/supplychain/reports/{report_id}/close", response=ReportDetailOut, auth=MEMBERS)
def supplychain_report_close(
    request: HttpRequest, report_id: UUID, payload: TextIn
) -> ReportDetailOut:
    item = _report(request, report_id, "close")
    services.report_close(actor=request.user, report=item, text=payload.text)
    return _report_detail(item)
