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
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from chemsec.core.policy import SYSTEM, Actor, require
from chemsec.core.writes import write_create, write_update
from chemsec.supplychain import engine
from chemsec.supplychain.choices import (
    OPEN_CASE_STATUSES,
    Channel,
    Indicator,
    OrderOutcome,
    RecordKind,
)
from chemsec.supplychain.models import Alert, Case, Customer, Order, OrderLine, Product
from chemsec.supplychain.rulebook import current_rulebook
from chemsec.supplychain.services.rules import snoozed_rules
from chemsec.supplychain.services.sanctions import order_parties_screen, sanctions_summary

HISTORY_DAYS = 180  # the longest rolling window a shipped rule reads (quantity spike)


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
        consignee_name=consignee_name.strip(),
        consignee_country=consignee_country.strip().upper(),
        end_user_name=end_user_name.strip(),
        end_user_country=end_user_country.strip().upper(),
        indicators=codes,
        observations=observations.strip(),
        outcome=outcome,
        decision=engine.ALLOW,
    )
    order.full_clean(exclude=["decision"])
    parties = order_parties_screen(order)  # receipts under the order's id
    evaluation = engine.evaluate(order_facts(order, lines, parties), current_rulebook())
    order.decision = evaluation.decision
    order.evaluation = evaluation.to_dict()
    write_create(order, actor=actor)
    for line in lines:
        write_create(
            OrderLine(order=order, product=line.product, quantity=line.quantity, unit=line.unit),
            actor=actor,
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


def order_facts(
    order: Order, lines: list[LineInput], parties: tuple[engine.ScreenedParty, ...] = ()
) -> engine.Order:
    """What the engine reads: the order, its products' screening, the customer's records
    and recent history (its own orders and those of linked customers)."""
    customer = order.customer
    return engine.Order(
        ordered_at=order.ordered_at,
        customer=_customer_facts(customer, order.ordered_at),
        delivery_country=order.delivery_country,
        payment_method=order.payment_method,
        payer_is_third_party=bool(order.payer_name),
        indicators=frozenset(order.indicators),
        lines=tuple(_line_facts(line) for line in lines),
        history=_history(customer, order.ordered_at),
        delivery_address=order.delivery_address or customer.delivery_address,
        supplier_country=customer.organisation.country,
        parties=parties,
    )


def _line_facts(line: LineInput) -> engine.Line:
    product = line.product
    eu = [
        f"{m['list']} {m['entry']}"
        for component in product.screening
        for m in component["matches"]
        if m["list"] == "EU"
    ]
    return engine.Line(
        product_code=product.code,
        quantity=float(line.quantity),
        unit=line.unit,
        listed=product.listed,
        eu_restricted=product.eu_restricted,
        eu_regulated=product.eu_regulated,
        eu_entries=tuple(sorted(set(eu))),
        cwc_schedules=tuple(product.cwc_schedules),
        ag_listed=product.ag_listed,
    )


def _customer_facts(customer: Customer, when: dt.datetime) -> engine.Customer:
    records = list(customer.records.all())
    identities = [r.checked_on for r in records if r.kind == RecordKind.IDENTITY]
    statements = tuple(
        engine.Statement(kind=r.statement_kind, valid_from=r.checked_on, valid_until=r.valid_until)
        for r in records
        if r.kind == RecordKind.STATEMENT
    )
    denied = sanctions_summary(customer)
    return engine.Customer(
        key=str(customer.pk),
        customer_type=customer.customer_type,
        country=customer.country,
        identity_checked_on=max(identities) if identities else None,
        statements=statements,
        prior_orders=customer.orders.filter(ordered_at__lt=when).count(),
        denied_party_matches=tuple(denied["entries"]) if denied["potential"] else (),
        denied_party_score=float(denied["top_score"]),
        snoozed_rules=snoozed_rules(customer, when.date()),
    )


def linked_customers(customer: Customer) -> Q:
    """Customers of the same supplier sharing a registration number, phone or delivery
    address with this one (empty values never link)."""
    links = Q(pk__in=[])
    for field in ("registration_number", "phone", "delivery_address"):
        value = getattr(customer, field).strip()
        if value:
            links |= Q(**{f"{field}__iexact": value})
    return Q(organisation=customer.organisation) & links & ~Q(pk=customer.pk)


def _history(customer: Customer, when: dt.datetime) -> tuple[engine.PastOrder, ...]:
    since = when - dt.timedelta(days=HISTORY_DAYS)
    # The linked customers' ids first: a list lets the database read each customer's orders
    # by the (customer, ordered_at) index, where "this customer OR a subquery" scans them all.
    linked = list(Customer.objects.filter(linked_customers(customer)).values_list("pk", flat=True))
    orders = (
        Order.objects.filter(customer__in=[customer.pk, *linked])
        .filter(ordered_at__gte=since, ordered_at__lte=when)
        .prefetch_related("lines__product")
    )
    return tuple(
        engine.PastOrder(
            ordered_at=past.ordered_at,
            customer_key=str(past.customer_id),
            product_codes=tuple(
                line.product.code for line in past.lines.all() if line.product.listed
            ),
            linked=past.customer_id != customer.pk,
            quantities=tuple(
                (line.product.code, float(line.quantity))
                for line in past.lines.all()
                if line.product.listed
            ),
            payment_method=past.payment_method,
            payer_is_third_party=bool(past.payer_name),
        )
        for past in orders
    )


def _raise_alert(order: Order, evaluation: engine.Evaluation) -> Alert:
    """The rules' finding goes to the customer's open case, or opens one. The case is
    opened by the system (restricted: the supplier's admins), not by the member at the
    counter, who gets no access to it by having recorded the order."""
    case = (
        Case.objects.filter(customer=order.customer, status__in=OPEN_CASE_STATUSES)
        .order_by("created_at")
        .first()
    )
    if case is None:
        case = write_create(
            Case(organisation=order.organisation, customer=order.customer), actor=SYSTEM
        )
    alert = Alert(
        case=case,
        order=order,
        decision=evaluation.decision,
        typologies=[s.to_dict() for s in evaluation.alerting],
        breaches=[b.to_dict() for b in evaluation.breaches],
    )
    return write_create(alert, actor=SYSTEM)


@transaction.atomic
def order_outcome_set(*, actor: Actor, order: Order, outcome: str) -> Order:
    """Record what became of the order: sold, refused, or attempted and not completed."""
    require(actor, "order.change", order)
    return write_update(order, actor=actor, values={"outcome": outcome})
