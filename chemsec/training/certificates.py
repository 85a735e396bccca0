"""Certificates of completed courses: issued with a signed Open Badges 3.0 credential,
checked on a public page, downloaded as a PDF by their holder, revoked by the secretariat,
and their holders reminded before they expire.

    issue_for(enrolment)                        on completion (the course service calls it)
    certificate_revoke(user=, certificate=, reason=)
    check(certificate)                          -> Check: valid, expired, revoked or invalid
    remind_expiring(user=SYSTEM)                the daily job: e-mails 60 and 14 days ahead

The signing key lives in a file outside the database (settings.CREDENTIAL_KEY_FILE, made
once in the data directory); the issuer is `did:web` under settings.PUBLIC_URL, whose DID
document, JWKS and revocation list (a Bitstring Status List) are public pages of this app.
Each certificate takes the next bit of the status list when issued: certificates are never
deleted (revoked instead), so the count of those issued before is a free, stable index.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chemsec.core.choices import OrganisationKind
from chemsec.core.dates import local_when
from chemsec.core.mail import send_each
from chemsec.core.models import Organisation
from chemsec.core.policy import SYSTEM, Actor, require
from chemsec.core.writes import write_create, write_update
from chemsec.training import credentials
from chemsec.training.choices import EnrolmentStatus, RevocationReason
from chemsec.training.models import Certificate, Enrolment

if TYPE_CHECKING:
    from chemsec.core.models import User

log = logging.getLogger(__name__)

REMINDER_DAYS = (60, 14)  # days before expiry on which the holder is reminded
STATUS_LIST_NUMBER = 1  # one list; it grows in whole multiples of the minimum size


# --- The issuer ------------------------------------------------------------------------------


@cache
def _signing_key(path: str) -> Ed25519PrivateKey:
    from pathlib import Path

    return credentials.load_or_create_key(Path(path))


def signing_key() -> Ed25519PrivateKey:
    return _signing_key(str(settings.CREDENTIAL_KEY_FILE))


def absolute(path: str) -> str:
    return f"{settings.PUBLIC_URL}{path}"


def issuer() -> credentials.Issuer:
    """The secretariat as the issuer of every certificate."""
    secretariat = (
        Organisation.objects.filter(kind=OrganisationKind.SECRETARIAT)
        .order_by("created_at")
        .values_list("name", flat=True)
        .first()
    )
    base = absolute(reverse("training:issuer_did").removesuffix("/did.json"))
    return credentials.Issuer(
        did=credentials.did_web(base),
        name=secretariat or "ChemSec",
        url=absolute("/"),
    )


def status_list_url() -> str:
    return absolute(reverse("training:status_list", args=[STATUS_LIST_NUMBER]))


def verification_url(certificate: Certificate) -> str:
    return absolute(reverse("training:certificate_verify", args=[certificate.uuid]))


# --- Issuing ---------------------------------------------------------------------------------


def _expiry(enrolment: Enrolment, issued: dt.datetime) -> dt.datetime | None:
    months = enrolment.course.validity_months
    if not months:
        return None
    month = issued.month - 1 + months
    year, month = issued.year + month // 12, month % 12 + 1
    day = min(issued.day, _days_in(year, month))
    return issued.replace(year=year, month=month, day=day)


def _days_in(year: int, month: int) -> int:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


def holder_name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def _award(certificate: Certificate, index: int) -> credentials.Award:
    enrolment = certificate.enrolment
    course = enrolment.course
    narrative = _(
        "Read every module of the course and passed its quizzes with at least %(mark)d%%."
    ) % {"mark": course.pass_mark}
    return credentials.Award(
        credential_id=f"urn:uuid:{certificate.uuid}",
        holder_name=holder_name(enrolment.learner),
        achievement_id=absolute(reverse("training:course", args=[course.slug])),
        achievement_name=course.title,
        achievement_description=course.summary or course.title,
        criteria=narrative,
        valid_from=certificate.issued_at,
        valid_until=certificate.expires_at,
        status_list=status_list_url(),
        status_index=index,
        language=course.language,
    )


@transaction.atomic
def issue_for(enrolment: Enrolment, *, user: Actor = SYSTEM) -> Certificate:
    """The certificate of a completed enrolment, signed; the existing one if it has one."""
    enrolment = Enrolment.objects.select_related("course", "learner").get(pk=enrolment.pk)
    existing = Certificate.objects.filter(enrolment=enrolment).first()
    if existing is not None:
        return existing
    if enrolment.status != EnrolmentStatus.COMPLETED:
        raise ValidationError(_("A certificate is issued for a completed course only."))
    # One issue at a time takes the next status bit: the course row serialises them.
    type(enrolment.course).objects.select_for_update().filter(pk=enrolment.course_id).first()
    index = Certificate.objects.count()
    issued = (enrolment.completed_at or timezone.now()).replace(microsecond=0)
    certificate = Certificate(enrolment=enrolment, issued_at=issued)
    certificate.expires_at = _expiry(enrolment, issued)
    the_issuer = issuer()
    certificate.credential = credentials.sign(
        credentials.build_credential(the_issuer, _award(certificate, index)),
        signing_key(),
        the_issuer,
    )
    return write_create(certificate, actor=user, organisation=enrolment.organisation)


# --- Revoking --------------------------------------------------------------------------------


@transaction.atomic
def certificate_revoke(*, user: Actor, certificate: Certificate, reason: str) -> Certificate:
    """The secretariat withdraws a certificate; its bit in the status list is set at once."""
    require(user, "certificate.revoke", certificate)
    if reason not in RevocationReason.values:
        raise ValidationError({"revocation_reason": _("Choose a reason from the list.")})
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at is not None:
        raise ValidationError(_("This certificate is already revoked."))
    return write_update(
        certificate,
        actor=user,
        values={"revoked_at": timezone.now(), "revocation_reason": reason},
    )


def status_index(certificate: Certificate) -> int:
    payload = credentials.unverified_payload(certificate.credential)
    return int(payload["credentialStatus"]["statusListIndex"])


def status_list_token(now: dt.datetime | None = None) -> str:
    """The signed status list credential: one bit per certificate, set when revoked."""
    tokens = Certificate.objects.values_list("credential", "revoked_at")
    indices = {}
    for token, revoked_at in tokens:
        index = int(credentials.unverified_payload(token)["credentialStatus"]["statusListIndex"])
        indices[index] = revoked_at is not None
    size = credentials.status_list_size(max(indices, default=0))
    the_issuer = issuer()
    unsigned = credentials.status_list_credential(
        the_issuer,
        status_list_url(),
        [index for index, revoked in indices.items() if revoked],
        valid_from=now or timezone.now(),
        size=size,
    )
    return credentials.sign_status_list(unsigned, signing_key(), the_issuer)


# --- Checking --------------------------------------------------------------------------------

VALID, EXPIRED, REVOKED, INVALID, NOT_YET_VALID = (
    "valid", "expired", "revoked", "invalid", "not_yet_valid"
)  # fmt: skip


@dataclass(frozen=True)
class Check:
    """What the public page says of a certificate: its state and the signed facts."""

    state: str
    certificate: Certificate
    credential: dict[str, Any] | None
    problem: str = ""

    @property
    def holder(self) -> str:
        if not self.credential:
            return ""
        identifiers = self.credential["credentialSubject"].get("identifier") or [{}]
        return str(identifiers[0].get("identityHash", ""))


def check(certificate: Certificate, at: dt.datetime | None = None) -> Check:
    """Verify the stored credential with the issuer's key, then its revocation and dates."""
    at = at or timezone.now()
    try:
        verified = credentials.verify(
            certificate.credential,
            signing_key().public_key(),
            issuer_did=issuer().did,
            at=at,
        )
    except credentials.InvalidCredential as error:
        log.warning("Certificate %s does not verify: %s", certificate.uuid, error)
        return Check(INVALID, certificate, None, error.code)
    if certificate.revoked_at is not None:
        state = REVOKED
    elif verified.not_yet_valid:
        state = NOT_YET_VALID
    elif verified.expired:
        state = EXPIRED
    else:
        state = VALID
    return Check(state, certificate, verified.credential)


# --- Reminders before expiry ----------------------------------------------------------------


def expiring_on(day: dt.date) -> list[Certificate]:
    """Certificates in force that expire on `day` (in the portal's time zone)."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    rows = Certificate.objects.filter(
        revoked_at__isnull=True, expires_at__gte=start, expires_at__lt=start + dt.timedelta(days=1)
    )
    return list(rows.select_related("enrolment__learner", "enrolment__course"))


def remind_expiring(*, user: Actor, today: dt.date | None = None) -> int:
    """E-mail holders whose certificate expires in 60 or 14 days; returns how many mails went.

    The daily job runs once a day (chemsec.core.schedule), so a day-exact match reminds once."""
    require(user, "certificate.remind", None)
    today = today or timezone.localdate()
    sent = 0
    for days in REMINDER_DAYS:
        for certificate in expiring_on(today + dt.timedelta(days=days)):
            sent += _remind(certificate, days)
    return sent


def _remind(certificate: Certificate, days: int) -> int:
    learner = certificate.enrolment.learner
    if not learner.email or not learner.is_active:
        return 0
    course = certificate.enrolment.course.title

    def compose() -> tuple[str, str]:  # in the learner's language (`send_each`)
        subject = _("Your certificate expires in %(days)d days") % {"days": days}
        body = _(
            "Your certificate for the course %(course)s expires on %(date)s. Take the course "
            "again before then to keep it in force. Check it at %(url)s"
        ) % {
            "course": course,
            "date": local_when(timezone.localtime(certificate.expires_at).date()),
            "url": verification_url(certificate),
        }
        return subject, body

    return send_each([learner], compose)
