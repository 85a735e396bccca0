"""Training credentials API: a certificate's public verification, the holder's signed
credential, revocation by the secretariat, the counts of experts trained and xAPI exports.

Every object is fetched with `policy.get_object`; every write is the service the pages call.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal
from uuid import UUID

from django.conf import settings
from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import ConfigDict, Field

from chemsec.core.api_auth import EVERYONE, MEMBERS
from chemsec.core.api_schemas import InSchema
from chemsec.core.audit import audit_record
from chemsec.core.choices import AuditAction
from chemsec.core.policy import NotVisible, get_object, require
from chemsec.core.writes import write_export
from chemsec.training import certificates, counts, xapi
from chemsec.training.choices import RevocationReason
from chemsec.training.models import Certificate, Enrolment

router = Router(tags=["training"])


class VerificationOut(Schema):
    """What the certificate says and whether it is in force; nothing else about the holder."""

    number: UUID
    state: str = Field(description="valid, expired, revoked, not_yet_valid or invalid")
    holder: str
    course: str
    issued_at: dt.datetime
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None
    revocation_reason: str
    issuer: str = Field(description="the issuer's did:web identifier")


class XapiStatementOut(Schema):
    """One xAPI 1.0.3 statement, as a learning-record store takes it (the parts are the
    specification's own objects, passed through as they are)."""

    model_config = ConfigDict(populate_by_name=True)

    id: UUID
    actor: dict[str, Any] = Field(description="an Agent identified by an account on this portal")
    verb: dict[str, Any] = Field(description="ADL verb IRI and its display")
    object_: dict[str, Any] = Field(alias="object", description="the course or module activity")
    result: dict[str, Any] | None = None
    context: dict[str, Any]
    timestamp: str
    version: str


class CredentialOut(Schema):
    media_type: str
    credential: str = Field(description="the Open Badges 3.0 credential as a VC-JWT")


class RevokeIn(InSchema):
    reason: Literal[tuple(RevocationReason.values)]  # type: ignore[valid-type]


class TrainedYear(Schema):
    year: int
    total: int
    country: dict[str, int]
    region: dict[str, int]
    sector: dict[str, int]
    gender: dict[str, int]


def _certificates() -> Any:
    return Certificate.objects.select_related("enrolment__learner", "enrolment__course")


def _verification(certificate: Certificate) -> VerificationOut:
    check = certificates.check(certificate)
    return VerificationOut(
        number=certificate.uuid, state=check.state, holder=check.holder,
        course=certificate.enrolment.course.title if check.credential else "",
        issued_at=certificate.issued_at, expires_at=certificate.expires_at,
        revoked_at=certificate.revoked_at, revocation_reason=certificate.revocation_reason,
        issuer=certificates.issuer().did,
    )  # fmt: skip


@router.get(
    "/training/certificates/{certificate_number}/verification",
    response=VerificationOut,
    auth=EVERYONE,
)
def training_certificate_verify(request: HttpRequest, certificate_number: UUID) -> VerificationOut:
    """Anyone with a certificate's number checks it (signature, expiry, revocation)."""
    certificate = _certificates().filter(uuid=certificate_number).first()
    if certificate is None:
        raise NotVisible
    return _verification(certificate)


@router.get(
    "/training/certificates/{certificate_id}/credential", response=CredentialOut, auth=MEMBERS
)
def training_certificate_credential(request: HttpRequest, certificate_id: UUID) -> CredentialOut:
    """The holder's signed credential, for a wallet or a verifier."""
    certificate = get_object(
        request.user, "certificate.download", _certificates(), pk=certificate_id
    )
    write_export(certificate, actor=request.user, fmt="vc+jwt")
    return CredentialOut(media_type="application/vc+jwt", credential=certificate.credential)


@router.post(
    "/training/certificates/{certificate_id}/revoke", response=VerificationOut, auth=MEMBERS
)
def training_certificate_revoke(
    request: HttpRequest, certificate_id: UUID, payload: RevokeIn
) -> VerificationOut:
    certificate = get_object(request.user, "certificate.revoke", _certificates(), pk=certificate_id)
    revoked = certificates.certificate_revoke(
        user=request.user, certificate=certificate, reason=payload.reason
    )
    return _verification(revoked)


@router.get("/training/experts-trained", response=list[TrainedYear], auth=MEMBERS)
def training_experts(request: HttpRequest) -> list[TrainedYear]:
    """People trained per year, once each, with each breakdown (State as ISO 3166 code)."""
    require(request.user, "training.experts", None)
    rows = counts.experts_trained()
    split = {d: counts.tally(rows, d) for d in counts.DIMENSIONS}
    return [
        TrainedYear(year=year, total=total, **{d: dict(split[d][year]) for d in counts.DIMENSIONS})
        for year, total in counts.per_year(rows).items()
    ]


@router.get(
    "/training/xapi/statements",
    response=list[XapiStatementOut],
    auth=MEMBERS,
    by_alias=True,
    exclude_none=True,
)
def training_xapi_statements(request: HttpRequest, scope: Literal["mine", "all"] = "mine") -> Any:
    """xAPI 1.0.3 statements: your own, or every learner's for secretariat reviewers."""
    enrolments = Enrolment.objects.filter(learner_id=request.user.pk)
    if scope == "all":
        require(request.user, "training.xapi_all", None)
        audit_record(actor=request.user, action=AuditAction.EXPORT, object_type="training.xapi",
                     object_repr="xAPI statements", changes={"format": [None, "json"]})  # fmt: skip
        enrolments = Enrolment.objects.all()
    rows = enrolments.select_related("course", "learner").prefetch_related(
        "course__modules", "progress", "attempts"
    )
    return list(xapi.statements_for(rows, settings.PUBLIC_URL))
