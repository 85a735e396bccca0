"""Throttling of password-reset requests, per e-mail and per address.

Sign-in throttling lives with the sign-in services (`login_locked_until`); this module
covers the other unauthenticated form that makes the platform act: the reset mail.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from chemsec.core.models import PasswordResetRequest

RESET_PERIOD = timedelta(hours=1)
# Mails to one address per period: enough for a person who retries, too few to flood them.
RESET_PER_EMAIL = 3
# Requests from one address per period, across e-mails: stops a sweep from one machine.
RESET_PER_ADDRESS = 10


def _email_key(email: str) -> str:
    # Keyed with the secret key, so the stored value does not reveal the e-mail typed.
    return salted_hmac("chemsec.password-reset", email.strip().casefold()).hexdigest()


def _recent() -> Q:
    return Q(created_at__gte=timezone.now() - RESET_PERIOD)


def reset_address_exhausted(ip_address: str | None) -> bool:
    """This address asked for too many resets lately, whatever the e-mails."""
    if ip_address is None:
        return False
    recent = PasswordResetRequest.objects.filter(_recent(), ip_address=ip_address)
    return recent.count() >= RESET_PER_ADDRESS


def reset_email_exhausted(email: str) -> bool:
    """Enough mail went to this e-mail lately. Counted whether or not an account has it,
    so the answer never depends on the account's existence."""
    recent = PasswordResetRequest.objects.filter(_recent(), email_key=_email_key(email))
    return recent.count() >= RESET_PER_EMAIL


def reset_request_record(*, email: str, ip_address: str | None) -> None:
    """Count one request, and forget the ones too old to count (the table stays small)."""
    PasswordResetRequest.objects.filter(created_at__lt=timezone.now() - RESET_PERIOD).delete()
    PasswordResetRequest.objects.create(email_key=_email_key(email), ip_address=ip_address)
