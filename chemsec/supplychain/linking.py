"""Customers linked to one another: the customers of the same supplier sharing a
registration number, a phone number or a delivery address with a customer.

The values are compared by the keys the model keeps (models.folded, models.link_key):
folded in Python with Unicode's full case folding, never by the database's LOWER() or
LIKE, which on SQLite fold ASCII letters only. "ООО Химия, ул. Ленина 5" and "ООО ХИМИЯ,
УЛ. ЛЕНИНА 5", "Straße 1" and "STRASSE 1", "KİMYA" and "Kimya" link on SQLite as on
PostgreSQL, and the keys are indexed per organisation.
"""

from __future__ import annotations

from django.db.models import Q

from chemsec.supplychain.models import Customer, folded, link_key

# The key field of the customer, and how a value of its source field becomes that key.
LINK_KEYS = (
    ("number_key", "registration_number", folded),
    ("phone_key", "phone", link_key),
    ("address_key", "delivery_address", link_key),
)


def linked_customers(customer: Customer) -> Q:
    """Customers of the same supplier sharing a registration number, phone or delivery
    address with this one, in any letter case (empty values never link)."""
    # Each alternative names the organisation with its key, so that each is one lookup of
    # its (organisation, key) index (SQLite's OR optimisation; PostgreSQL's bitmap OR):
    # "organisation AND (a OR b OR c)" read every customer of the organisation.
    links = Q(pk__in=[])
    for key_field, source, key in LINK_KEYS:
        value = key(getattr(customer, source) or "")
        if value:
            links |= Q(organisation_id=customer.organisation_id, **{key_field: value})
    return links & ~Q(pk=customer.pk)
