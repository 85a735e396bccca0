"""Orders: record one (from the counter, the page or the API), evaluate it with the rules,
and open or extend the customer's case when the rules send it to review or hold it.

The decision is returned at once. What the customer may be told is only the decision and
a neutral reason code (engine.neutral_reason): never that a case was opened or which rule
fired.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from chemsec.core.policy import SYSTEM, Actor, require
from chemsec.core.writes import write_create_many, write_update
from chemsec.supplychain import engine
from chemsec.supplychain.choices import OPEN_CASE_STATUSES, Channel, Indicator, OrderOutcome
from chemsec.supplychain.decision import order_facts, rulebook
from chemsec.supplychain.history import HISTORY_DAYS, linked_customers
from chemsec.supplychain.models import Alert, Case, Customer, Order, OrderLine, Product
from chemsec.supplychain.payment_links import account_fields
from chemsec.supplychain.services.sanctions import order_parties_screen

__all__ = [
    "HISTORY_DAYS",
    "LineInput",
    "linked_customers",
    "order_facts",
    "order_outcome_set",
    "order_record",
]


@dataclass(frozen=True)
class LineInput:
    product: Product
    quantity: Decimal
    unit: str = "pack"


@transaction.atomic
def order_record(
    *,
    actor: Actor,
    customer: Customer,
    lines: list[LineInput],
    delivery_country: str = "",
    payment_method: str,
    channel: str = Channel.COUNTER,
    delivery_address: str = "",
    payer_name: str = "",
    payment_account: str = "",
    consignee_name: str = "",
    consignee_country: str = "",
    end_user_name: str = "",
    end_user_country: str = "",
    indicators: list[str] | None = None,
    observations: str = "",
    outcome: str = OrderOutcome.PENDING,
    reference: str = "",
    ordered_at: dt.datetime | None = None,
) -> tuple[Order, engine.Evaluation]:
    """Record an order (or an attempted or refused sale) and decide on it."""
    require(actor, "order.create", customer)
    _check_lines(customer, lines)
    codes = list(dict.fromkeys(indicators or []))
    if set(codes) - set(Indicator.values):
        raise ValidationError({"indicators": _("Unknown indicator.")})
    account_key, account_last = account_fields(payment_account)
    order = Order(
        organisation=customer.organisation,
        customer=customer,
        reference=reference.strip(),
        channel=channel,
        ordered_at=ordered_at or timezone.now(),
        delivery_country=(delivery_country or customer.country).strip().upper(),
        delivery_address=(delivery_address or customer.delivery_address).strip(),
        payment_method=payment_method,
        payer_name=payer_name.strip(),
        payment_account_key=account_key,
        payment_account_last=account_last,
        consignee_name=consignee_name.strip(),
        consignee_country=consignee_country.strip().upper(),
        end_user_name=end_user_name.strip(),
        end_user_country=end_user_country.strip().upper(),
        indicators=codes,
        observations=observations.strip(),
        outcome=outcome,
        decision=engine.ALLOW,
    )
    # The order's own values are checked before its parties are screened (receipts under
    # its id); its relations are the objects in hand, checked again by the write below.
    order.full_clean(
        exclude=["decision", "organisation", "customer", "created_by"], validate_unique=False
    )
    parties = order_parties_screen(order)
    book = rulebook()
    evaluation = engine.evaluate(order_facts(order, lines, parties, book), book)
    order.decision = evaluation.decision
    order.evaluation = evaluation.to_dict()
    order_lines = [
        OrderLine(order=order, product=line.product, quantity=line.quantity, unit=line.unit)
        for line in lines
    ]
    # The customer, its organisation, the products and the actor were read for this order
    # (the customer found again by the policy just above) and the keys are new: the write
    # does not ask again; the database's constraints still refuse a key that points nowhere.
    known = [customer, customer.organisation, *(line.product for line in lines)]
    write_create_many(
        [order, *order_lines],
        actor=actor,
        known=[*known, actor] if isinstance(actor, Model) else known,
        new_keys=True,
    )
    if evaluation.decision != engine.ALLOW:
        _raise_alert(order, evaluation)
    return order, evaluation


def _check_lines(customer: Customer, lines: list[LineInput]) -> None:
    if not lines:
        raise ValidationError({"lines": _("An order needs at least one product.")})
    for line in lines:
        if line.product.organisation_id != customer.organisation_id:
            raise ValidationError({"lines": _("Products come from the supplier's catalogue.")})
        if line.quantity <= 0:
            raise ValidationError({"lines": _("Quantities must be positive.")})


def _raise_alert(order: Order, evaluation: engine.Evaluation) -> Alert:
    """The rules' finding goes to the customer's open case, or opens one. The case is
    opened by the system (restricted: the supplier's admins), not by the member at the
    counter, who gets no access to it by having recorded the order."""
    case = (
        Case.objects.filter(customer=order.customer, status__in=OPEN_CASE_STATUSES)
        .order_by("created_at")
        .first()
    )
    new_case = case is None
    if case is None:
        case = Case(organisation=order.organisation, customer=order.customer)
    alert = Alert(
        case=case,
        order=order,
        decision=evaluation.decision,
        typologies=[s.to_dict() for s in evaluation.alerting],
        breaches=[b.to_dict() for b in evaluation.breaches],
    )
    batch: list[Model] = [case, alert] if new_case else [alert]
    # The order was just written, its customer and organisation read for it.
    known = [order, order.customer, order.organisation] + ([] if new_case else [case])
    write_create_many(batch, actor=SYSTEM, known=known, new_keys=True)
    return alert


@transaction.atomic
def order_outcome_set(*, actor: Actor, order: Order, outcome: str) -> Order:
    """Record what became of the order: sold, refused, or attempted and not completed."""
    require(actor, "order.change", order)
    return write_update(order, actor=actor, values={"outcome": outcome})
