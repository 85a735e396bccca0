"""Orders: `POST /orders` answers the decision at once (allow, review, hold) with a
neutral reason code and nothing more: which rule fired, and whether a case or report
exists, is never in an order answer (tipping-off)."""

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Status
from ninja.errors import HttpError

from chemsec.core.api_auth import MEMBERS
from chemsec.core.policy import acting_organisation, get_object
from chemsec.supplychain import selectors, services
from chemsec.supplychain.api.common import LIMIT, SupplychainRouter
from chemsec.supplychain.api.schemas import DecisionOut, LineIn, OrderIn, OrderLineOut, OrderOut
from chemsec.supplychain.models import Customer, Order, Product
from chemsec.supplychain.presenters import neutral_text

router = SupplychainRouter()


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
