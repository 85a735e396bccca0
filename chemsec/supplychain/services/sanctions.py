"""The supply chain's side of sanctions screening: customers as plain parties.

chemsec.sanctions never imports the supply chain: this module hands it each customer as a
`Subject` (names, country, registration number, addresses) and reads back a plain summary
for the denied-party rule of the engine.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from chemsec.core.models import Organisation
from chemsec.core.policy import SYSTEM, Actor, AnyUser
from chemsec.sanctions.matching import Party
from chemsec.sanctions.models import Screening
from chemsec.sanctions.services import current_versions, denied_party_summary, screen_subject
from chemsec.sanctions.subjects import Subject
from chemsec.supplychain.engine import ScreenedParty
from chemsec.supplychain.models import Customer, Order

SUBJECT_TYPE = "supplychain.customer"
# The other parties of an order, screened as the order is recorded (the order's id).
ORDER_PARTY_TYPES = {
    "consignee": "supplychain.order.consignee",
    "end_user": "supplychain.order.end_user",
}


def customer_subject(customer: Customer) -> Subject:
    other = [n.strip() for n in customer.other_names.replace(";", "\n").splitlines()]
    return Subject(
        subject_type=SUBJECT_TYPE,
        subject_id=str(customer.pk),
        label=customer.legal_name,
        party=Party(
            key=str(customer.pk),
            names=tuple(n for n in [customer.legal_name, *other] if n),
            kind="person" if customer.customer_type == "general_public" else "organisation",
            countries=(customer.country.lower(),) if customer.country else (),
            identifiers=(customer.registration_number,) if customer.registration_number else (),
            addresses=tuple(
                a for a in (customer.billing_address, customer.delivery_address) if a.strip()
            ),
        ),
    )


def customer_subjects(organisation: Organisation) -> Iterator[Subject]:
    """Every customer of the organisation (the provider re-screening asks)."""
    for customer in Customer.objects.filter(organisation=organisation).order_by("created_at"):
        yield customer_subject(customer)


def customer_screen(*, actor: Actor, customer: Customer, reason: str = "manual") -> Any:
    """Screen the customer against the organisation's current lists (None when it has
    imported none)."""
    if not current_versions(customer.organisation):
        return None
    return screen_subject(
        actor=actor,
        organisation=customer.organisation,
        subject=customer_subject(customer),
        reason=reason,
    )


def sanctions_summary(customer: Customer) -> dict[str, Any]:
    return denied_party_summary(customer.organisation, SUBJECT_TYPE, str(customer.pk))


def customer_screening(user: AnyUser, customer: Customer) -> Screening | None:
    """The customer's latest screening receipt, if the user may see it."""
    found: Screening | None = (
        Screening.objects.visible_to(user)
        .filter(
            organisation=customer.organisation,
            subject_type=SUBJECT_TYPE,
            subject_id=str(customer.pk),
        )
        .order_by("-created_at")
        .first()
    )
    return found


def order_parties_screen(order: Order) -> tuple[ScreenedParty, ...]:
    """Screen the order's consignee and declared end user (when named) against the
    organisation's current lists, as the system, and keep a receipt for each; return their
    uncleared potential matches for the denied-party rule."""
    organisation = order.organisation
    named = [role for role in ORDER_PARTY_TYPES if getattr(order, f"{role}_name").strip()]
    if not named or not current_versions(organisation):
        return ()
    found = []
    for role, subject_type in ORDER_PARTY_TYPES.items():
        name = getattr(order, f"{role}_name").strip()
        if not name:
            continue
        country = getattr(order, f"{role}_country").strip().lower()
        addresses = (
            (order.delivery_address,) if role == "consignee" and order.delivery_address else ()
        )
        subject = Subject(
            subject_type=subject_type,
            subject_id=str(order.pk),
            label=name,
            party=Party(
                key=f"{order.pk}:{role}",
                names=(name,),
                countries=(country,) if country else (),
                addresses=addresses,
            ),
        )
        screen_subject(actor=SYSTEM, organisation=organisation, subject=subject, reason="order")
        summary = denied_party_summary(organisation, subject_type, str(order.pk))
        if summary["potential"]:
            found.append(
                ScreenedParty(role, tuple(summary["entries"]), float(summary["top_score"]))
            )
    return tuple(found)
