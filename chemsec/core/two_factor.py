"""Who must prove a second factor, and whether they have: one answer for pages, API and tokens."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django_otp import user_has_device

from chemsec.core.models import User

AnyUser = User | AnonymousUser


def two_factor_required(user: AnyUser) -> bool:
    """Privileged people must use a second factor wherever the deployment requires it."""
    if not settings.REQUIRE_2FA_FOR_PRIVILEGED or not user.is_authenticated:
        return False
    return bool(user.is_privileged)


def second_factor_missing(user: AnyUser) -> bool:
    """A signed-in person who must use a second factor but has not verified one this session.

    `is_verified` is set on `request.user` by django-otp's middleware; a user object that did
    not come through a request (a command, a direct service call) has proved nothing.
    """
    if not settings.REQUIRE_2FA_FOR_PRIVILEGED or not user.is_authenticated:
        return False
    is_verified = getattr(user, "is_verified", None)
    if callable(is_verified) and is_verified():
        return False  # checked first: it costs no query, and most sessions are verified
    return two_factor_required(user)


def token_needs_enrolment(user: AnyUser) -> bool:
    """A token cannot carry a second factor, so it is honoured for a privileged person only
    once they have enrolled one (a token minted before they became privileged, or before
    enrolment, stops working until they enrol)."""
    return two_factor_required(user) and not user_has_device(user, confirmed=True)
