"""Customers linked by a shared payment account (an IBAN, a card number or a payment
processor's card fingerprint): split orders across linked customers (issue 12) may share
neither address nor phone, only who pays.

What is kept of an account is what linking and a reviewer need, not the account:

- `Order.payment_account_key`: a keyed hash (HMAC-SHA256 under a key derived from the
  deployment's secret key, which is kept outside the database) of the account as
  normalised below. Linking only asks "the same account?", which equal keys answer. An
  unkeyed hash would not protect the number: card numbers and the IBANs of a known bank
  are few enough to hash them all and look the key up; without the secret key, a copy
  of the database cannot be searched so.
- `Order.payment_account_last`: its last four characters, for a reviewer to recognise it
  (as identity documents keep only theirs).

Normalised: Unicode NFKC, spaces, hyphens and dots removed, upper case ("de89 3704-0044"
is "DE8937040044"); then 4 to 64 letters and digits, or refused. A processor's fingerprint
is case-folded with the rest: two fingerprints differing only in letter case would link
(with 16 or more random characters, improbable). Rotating the secret key changes every
key: orders recorded before and after a rotation do not link by account.

Linking is within the supplier organisation only, as every other link (linking.py).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from chemsec.supplychain import engine
from chemsec.supplychain.history import _COLUMNS, HISTORY_DAYS, past_orders
from chemsec.supplychain.models import Customer, Order

KEY_SALT = "chemsec.supplychain.payment_account"
LAST = 4
_SEPARATORS = re.compile(r"[\s\-.]+")
_VALID = re.compile(r"^[A-Z0-9]{4,64}$")


def normalise(raw: str) -> str:
    """The account as it is compared: no separators, upper case ("" for an empty one)."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", raw or "")).upper()


def account_valid(raw: str) -> bool:
    """Empty, or 4 to 64 letters and digits once normalised: what `account_fields` keeps."""
    value = normalise(raw)
    return not value or bool(_VALID.match(value) and value.isascii())


def account_fields(raw: str) -> tuple[str, str]:
    """(key, last characters) of an account as typed; ("", "") for none. A value that is
    not 4 to 64 letters and digits once normalised is refused, never stored."""
    value = normalise(raw)
    if not value:
        return "", ""
    if not account_valid(value):
        raise ValidationError(
            {
                "payment_account": _(
                    "A payment account is 4 to 64 letters and digits (an IBAN, a card "
                    "number or a card fingerprint); spaces and hyphens are ignored."
                )
            }
        )
    key = salted_hmac(KEY_SALT, value, algorithm="sha256").hexdigest()
    return key, value[-LAST:]


def account_linked_ids(
    customer: Customer, account_key: str = "", since: dt.datetime | None = None
) -> list[object]:
    """The other customers of the same supplier that paid an order from an account this
    customer paid from (since `since`, if given), or from `account_key` (the order being
    decided). One query (the customer's own accounts, by its (customer, ordered_at) index)
    when it has none and the order names none; a second by the accounts' index otherwise."""
    own = Order.objects.filter(customer_id=customer.pk)
    if since is not None:
        own = own.filter(ordered_at__gte=since)
    keys = set(
        own.exclude(payment_account_key="")
        .order_by()
        .values_list("payment_account_key", flat=True)
        .distinct()
    )
    if account_key:
        keys.add(account_key)
    if not keys:
        return []
    return list(
        Order.objects.filter(
            organisation_id=customer.organisation_id, payment_account_key__in=sorted(keys)
        )
        .exclude(customer_id=customer.pk)
        .order_by()
        .values_list("customer_id", flat=True)
        .distinct()
    )


def with_account_links(
    customer: Customer,
    when: dt.datetime,
    account_key: str,
    history: tuple[engine.PastOrder, ...],
) -> tuple[engine.PastOrder, ...]:
    """`history` (history.history: the customer and the customers linked by registration
    number, phone or address) with the orders of the customers linked only by a payment
    account added, newest first. Every account the customer paid from links, however long
    ago (as a shared address does; the retention purge bounds how far back that is), and
    order_batch.py reads the same for a chunk. One query when no account is involved, at
    most three."""
    since = when - dt.timedelta(days=HISTORY_DAYS)
    known = {past.customer_key for past in history} | {str(customer.pk)}
    linked = account_linked_ids(customer, account_key)
    extra = [pk for pk in linked if str(pk) not in known]
    if not extra:
        return history
    rows = (
        Order.objects.filter(customer__in=extra)
        .filter(ordered_at__gte=since, ordered_at__lte=when)
        .order_by("-ordered_at", "pk", "lines__created_at", "lines__pk")
        .values_list(*_COLUMNS)
    )
    added = past_orders(rows, customer.pk)
    if not added:
        return history
    return tuple(sorted((*history, *added), key=lambda past: past.ordered_at, reverse=True))
