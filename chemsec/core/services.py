"""Writes for organisations, memberships, sharing, API tokens and sign-in throttling."""

from __future__ import annotations

import hmac
import secrets
import unicodedata
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, QuerySet
from django.utils import timezone
from django.utils.text import slugify

from chemsec.core.models import (
    ApiToken,
    LoginFailure,
    Membership,
    Organisation,
    OwnedModel,
    User,
)
from chemsec.core.policy import Actor, require
from chemsec.core.writes import write_create, write_share, write_unshare, write_update
from chemsec.lib.hashing import sha256_hex

TOKEN_PREFIX = "cs"  # noqa: S105 - a marker, not a secret


@transaction.atomic
def organisation_create(
    *, name: str, kind: str, actor: Actor, country: str = "", region: str = ""
) -> Organisation:
    require(actor, "organisation.create", None)
    organisation = Organisation(
        name=name, slug=slugify(name)[:80], kind=kind, country=country, region=region
    )
    return write_create(organisation, actor=actor, organisation=organisation)


@transaction.atomic
def membership_set(
    *, user: User, organisation: Organisation, role: str, actor: Actor
) -> Membership:
    """Add a person to an organisation, or change their role there."""
    require(actor, "membership.set", organisation)
    membership = Membership.objects.filter(user=user, organisation=organisation).first()
    if membership is None:
        membership = Membership(user=user, organisation=organisation, role=role)
        return write_create(membership, actor=actor)
    return write_update(membership, actor=actor, values={"role": role})


def object_share(
    *,
    obj: OwnedModel,
    actor: Actor,
    users: list[User] | None = None,
    organisations: list[Organisation] | None = None,
    confidentiality: str | None = None,
) -> OwnedModel:
    """Share an owned object with named people or organisations; always audit-logged.

    A service that shares as part of its own action (a submitted assessment shared with the
    campaign's secretariat) checks its own action and calls `writes.write_share` instead.
    """
    require(actor, "object.share", obj)
    return write_share(
        obj,
        actor=actor,
        users=users or [],
        organisations=organisations or [],
        confidentiality=confidentiality,
    )


def object_unshare(
    *,
    obj: OwnedModel,
    actor: Actor,
    users: list[User] | None = None,
    organisations: list[Organisation] | None = None,
) -> OwnedModel:
    """Revoke named shares of an owned object ("unshare"); always audit-logged.

    The confidentiality level is left alone: a revoked recipient loses what the share gave,
    not what their own membership gives them. Apps check what depends on a share before
    calling this (a threat profile: `facilities.threat_services.threat_unshare`).
    """
    require(actor, "object.unshare", obj)
    return write_unshare(obj, actor=actor, users=users or [], organisations=organisations or [])


def token_create(*, user: Actor, name: str, scope: str) -> tuple[ApiToken, str]:
    """Make a token and return its secret, which is never stored and shown only now.

    A token outlives the session that made it, so a person who must use a second factor
    makes one only from a session where they verified it (the policy's "token.create").
    """
    require(user, "token.create", None)
    assert isinstance(user, User)  # signed in: a person (the SYSTEM actor holds no tokens)
    prefix = secrets.token_hex(4)
    secret = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(user=user, name=name, prefix=prefix, key_hash=sha256_hex(secret), scope=scope)
    return write_create(token, actor=user), secret


def token_revoke(*, token: ApiToken, actor: Actor) -> ApiToken:
    require(actor, "token.revoke", token)
    if token.revoked_at is None:
        write_update(token, actor=actor, values={"revoked_at": timezone.now()})
    return token


def token_authenticate(secret: str) -> ApiToken | None:
    """Find the live token a secret belongs to, comparing hashes in constant time."""
    parts = secret.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=parts[1]).first()
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    if not hmac.compare_digest(token.key_hash, sha256_hex(secret)):
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token


# The longest a (name, address) pair can be locked, and how far back its failures count.
LOCK_CAP = timedelta(hours=24)
# One address may fail this many times the per-name limit, across names, per lock period.
ADDRESS_FACTOR = 4


def login_name(raw: str) -> str:
    """The name exactly as sign-in matches it (Django's NFKC form, stripped like a form field).

    Computed once per request and used for the lock, the counting and the password check,
    so that " alice" can neither slip past alice's lock nor be counted apart from it.
    """
    return unicodedata.normalize("NFKC", raw).strip()[:150]


def _lock_key(name: str) -> str:
    # Case-folded as well: names differing only in case share a counter, so changing the
    # case never buys an attacker fresh attempts.
    return login_name(name).casefold()[:150]


def _from_address(
    failures: QuerySet[LoginFailure], ip_address: str | None
) -> QuerySet[LoginFailure]:
    if ip_address is None:
        return failures.filter(ip_address__isnull=True)
    return failures.filter(ip_address=ip_address)


def _pair_locked_until(key: str, ip_address: str | None, now: datetime) -> datetime | None:
    """Failures of one name from one address: the first lock lasts CHEMSEC_LOGIN_LOCK_MINUTES,
    each further failure doubles it, up to LOCK_CAP."""
    recent = LoginFailure.objects.filter(username=key, created_at__gte=now - LOCK_CAP)
    stats = _from_address(recent, ip_address).aggregate(count=Count("id"), last=Max("created_at"))
    over: int = stats["count"] - settings.LOGIN_MAX_FAILURES
    if over < 0:
        return None
    wait: timedelta = timedelta(minutes=settings.LOGIN_LOCK_MINUTES) * 2 ** min(over, 20)
    last: datetime = stats["last"]
    return last + min(wait, LOCK_CAP)


def _address_locked_until(ip_address: str | None, now: datetime) -> datetime | None:
    """One address guessing across many names is stopped for a lock period after its last try."""
    if ip_address is None:
        return None
    period = timedelta(minutes=settings.LOGIN_LOCK_MINUTES)
    recent = LoginFailure.objects.filter(ip_address=ip_address, created_at__gte=now - period)
    stats = recent.aggregate(count=Count("id"), last=Max("created_at"))
    if stats["count"] < settings.LOGIN_MAX_FAILURES * ADDRESS_FACTOR:
        return None
    last: datetime = stats["last"]
    return last + period


def login_locked_until(*, username: str, ip_address: str | None) -> datetime | None:
    """When sign-in opens again for this name from this address, or None if it is open.

    Locks are per (name, address) pair, so failures from elsewhere never lock the owner
    out; plus a per-address limit across names, against spraying one password widely.
    """
    now = timezone.now()
    locks = [
        _pair_locked_until(_lock_key(username), ip_address, now),
        _address_locked_until(ip_address, now),
    ]
    until = max((lock for lock in locks if lock is not None), default=None)
    return until if until is not None and until > now else None


def login_is_locked(*, username: str, ip_address: str | None) -> bool:
    return login_locked_until(username=username, ip_address=ip_address) is not None


def login_failure_record(*, username: str, ip_address: str | None) -> None:
    LoginFailure.objects.create(username=_lock_key(username), ip_address=ip_address)


def login_failures_clear(*, username: str, ip_address: str | None) -> None:
    """A success clears its own address's failures only: an attacker's pair stays locked."""
    failures = LoginFailure.objects.filter(username=_lock_key(username))
    _from_address(failures, ip_address).delete()
