"""Customers and their verification records (identity, end-use statements)."""

from uuid import UUID

from django.http import HttpRequest
from ninja import Status

from chemsec.core.api_auth import MEMBERS
from chemsec.core.policy import acting_organisation, get_object
from chemsec.supplychain import selectors, services
from chemsec.supplychain.api.common import LIMIT, SupplychainRouter
from chemsec.supplychain.api.schemas import (
    CustomerChangeIn,
    CustomerDetailOut,
    CustomerIn,
    CustomerOut,
    VerificationIn,
    VerificationOut,
)
from chemsec.supplychain.models import Customer, VerificationRecord

router = SupplychainRouter()


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


@router.patch("/supplychain/customers/{customer_id}", response=CustomerDetailOut, auth=MEMBERS)
def supplychain_customer_update(
    request: HttpRequest, customer_id: UUID, payload: CustomerChangeIn
) -> CustomerDetailOut:
    """Change the fields sent (the others stay); the customer is screened again."""
    item = get_object(request.user, "customer.change", Customer.objects, pk=customer_id)
    values = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    item = services.customer_update(actor=request.user, customer=item, **values)
    return _customer_detail(item)
