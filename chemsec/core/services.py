"""Writes for organisations, memberships, sharing, API tokens and sign-in throttling."""

from __future__ import annotations

import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from chemsec.core.audit import audit_record
from chemsec.core.choices import AuditAction, Confidentiality
from chemsec.core.models import (
    ApiToken,
    LoginFailure,
    Membership,
    Organisation,
    OwnedModel,
    User,
)
from chemsec.core.two_factor import second_factor_missing
from chemsec.lib.hashing import sha256_hex

TOKEN_PREFIX = "cs"  # noqa: S105 - a marker, not a secret


@transaction.atomic
def organisation_create(
    *, name: str, kind: str, country: str = "", region: str = "", actor: User | None = None
) -> Organisation:
    organisation = Organisation(
        name=name, slug=slugify(name)[:80], kind=kind, country=country, region=region
    )
    organisation.full_clean()
    organisation.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=organisation,
        organisation=organisation,
        changes={"name": name, "kind": kind},
    )
    return organisation


@transaction.atomic
def membership_set(
    *, user: User, organisation: Organisation, role: str, actor: User | None = None
) -> Membership:
    """Add a person to an organisation, or change their role there."""
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )
    if not created and membership.role != role:
        old = membership.role
        membership.role = role
        membership.full_clean()
        membership.save(update_fields=["role", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=membership,
            organisation=organisation,
            changes={"role": [old, role]},
        )
    elif created:
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=membership,
            organisation=organisation,
            changes={"user": user.username, "role": role},
        )
    return membership


@transaction.atomic
def object_share(
    *,
    obj: OwnedModel,
    actor: User,
    users: list[User] | None = None,
    organisations: list[Organisation] | None = None,
    confidentiality: str | None = None,
) -> OwnedModel:
    """Share an owned object with named people or organisations; always audit-logged."""
    if confidentiality and confidentiality != obj.confidentiality:
        if confidentiality not in Confidentiality.values:
            raise ValueError(f"Unknown confidentiality level: {confidentiality}")
        obj.confidentiality = confidentiality
        obj.save(update_fields=["confidentiality", "updated_at"])
    for user in users or []:
        obj.shared_with_users.add(user)
    for organisation in organisations or []:
        obj.shared_with_organisations.add(organisation)
    audit_record(
        actor=actor,
        action=AuditAction.SHARE,
        obj=obj,
        changes={
            "confidentiality": obj.confidentiality,
            "users": [u.username for u in users or []],
            "organisations": [o.name for o in organisations or []],
        },
    )
    return obj


@transaction.atomic
def object_unshare(
    *,
    obj: OwnedModel,
    actor: User,
    users: list[User] | None = None,
    organisations: list[Organisation] | None = None,
) -> OwnedModel:
    """Revoke named shares of an owned object ("unshare"); always audit-logged.

    The confidentiality level is left alone: a revoked recipient loses what the share gave,
    not what their own membership gives them. Apps check what depends on a share before
    calling this (a threat profile: `facilities.threat_services.threat_unshare`).
    """
    obj.shared_with_users.remove(*(users or []))
    obj.shared_with_organisations.remove(*(organisations or []))
    audit_record(
        actor=actor,
        action=AuditAction.UNSHARE,
        obj=obj,
        changes={
            "users": [u.username for u in users or []],
            "organisations": [o.name for o in organisations or []],
        },
    )
    return obj


def token_create(*, user: User, name: str, scope: str) -> tuple[ApiToken, str]:
    """Make a token and return its secret, which is never stored and shown only now.

    A token outlives the session that made it, so a person who must use a second factor
    makes one only from a session where they verified it.
    """
    if second_factor_missing(user):
        raise PermissionDenied("Verify a second factor before creating a token.")
    prefix = secrets.token_hex(4)
    secret = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(user=user, name=name, prefix=prefix, key_hash=sha256_hex(secret), scope=scope)
    token.full_clean()
    token.save()
    audit_record(
        actor=user, action=AuditAction.CREATE, obj=token, changes={"name": name, "scope": scope}
    )
    return token, secret


def token_revoke(*, token: ApiToken, actor: User) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        audit_record(actor=actor, action=AuditAction.DELETE, obj=token, changes={"revoked": True})
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


def _recent_failures() -> timedelta:
    return timedelta(minutes=settings.LOGIN_LOCK_MINUTES)


def login_is_locked(*, username: str, ip_address: str | None) -> bool:
    """Too many recent failures for this name, or from this address, lock sign-in for a while."""
    since = timezone.now() - _recent_failures()
    recent = LoginFailure.objects.filter(created_at__gte=since)
    by_name = recent.filter(username=username.lower()).count()
    by_address = recent.filter(ip_address=ip_address).count() if ip_address else 0
    limit = settings.LOGIN_MAX_FAILURES
    return by_name >= limit or by_address >= limit * 4


def login_failure_record(*, username: str, ip_address: str | None) -> None:
    LoginFailure.objects.create(username=username.lower()[:150], ip_address=ip_address)


def login_failures_clear(*, username: str) -> None:
    LoginFailure.objects.filter(username=username.lower()).delete()
