"""Orders: `POST /orders` answers the decision at once (allow, review, hold) with a
neutral reason code and nothing more: which rule fired, and whether a case or report
exists, is never in an order answer (tipping-off)."""

from uuid import UUID

from django.db.models import Q
from django.http import HttpRequest
from ninja import Status
from ninja.errors import HttpError

from chemsec.core.api_auth import MEMBERS
from chemsec.core.policy import NotVisible, acting_organisation, get_object
from chemsec.supplychain import selectors, services
from chemsec.supplychain.api.common import LIMIT, SupplychainRouter
from chemsec.supplychain.api.schemas import (
    DecisionOut,
    LineIn,
    OrderIn,
    OrderLineOut,
    OrderOut,
    OutcomeIn,
)
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


def _products_for(request: HttpRequest, customer: Customer, lines: list[LineIn]) -> list[Product]:
    """Each line's product from the customer's supplier's catalogue, in one query, among
    those the user may see (`visible_to`: the rule of `product.view`, as every list applies
    it): a product that is not there is a 404, as `get_object` answers."""
    if any(line.product_id is None and not line.product_code for line in lines):
        raise HttpError(422, "Each line names a product_id or a product_code.")
    ids = {line.product_id for line in lines if line.product_id is not None}
    codes = {line.product_code for line in lines if line.product_id is None}
    # The lines' products first, then the visibility rule (asked about those rows only).
    found = list(
        Product.objects.filter(organisation=customer.organisation)
        .filter(Q(pk__in=ids) | Q(code__in=codes))
        .visible_to(request.user)
    )
    by_id = {product.pk: product for product in found}
    by_code = {product.code: product for product in found}
    chosen = [
        by_id.get(line.product_id)
        if line.product_id is not None
        else by_code.get(line.product_code)
        for line in lines
    ]
    if any(product is None for product in chosen):
        raise NotVisible
    return [product for product in chosen if product is not None]


@router.post("/orders", response={201: DecisionOut}, auth=MEMBERS)
def supplychain_order_create(request: HttpRequest, payload: OrderIn) -> Status[DecisionOut]:
    """Record an order (or an attempted or refused sale) and answer the decision at once:
    allow, review or hold, with a neutral reason code.

    An order of a customer you may not see is a 404, one you may see but not record orders
    for a 403, both from the policy's `order.create` rule that `services.order_record`
    applies (asked once, not also here: this is the hot path of a marketplace)."""
    customer = (
        Customer.objects.select_related("organisation").filter(pk=payload.customer_id).first()
    )
    if customer is None:
        raise NotVisible
    products = _products_for(request, customer, payload.lines)
    lines = [
        services.LineInput(product=product, quantity=line.quantity, unit=line.unit)
        for product, line in zip(products, payload.lines, strict=True)
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


@router.post("/supplychain/orders/{order_id}/outcome", response=OrderOut, auth=MEMBERS)
def supplychain_order_outcome(request: HttpRequest, order_id: UUID, payload: OutcomeIn) -> OrderOut:
    """Record what became of the order: sold, refused, or attempted and not completed."""
    item = get_object(request.user, "order.change", Order.objects, pk=order_id)
    services.order_outcome_set(actor=request.user, order=item, outcome=payload.outcome)
    return _order_out(item)
