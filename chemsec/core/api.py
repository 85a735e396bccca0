"""API for the core records: me, organisations, jobs, audit, tokens, reference content."""

from datetime import datetime
from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.pagination import paginate
from pydantic import Field

from chemsec.core.api_auth import EVERYONE
from chemsec.core.api_schemas import InSchema
from chemsec.core.audit_redaction import RedactedEntries
from chemsec.core.choices import JobStatus, TokenScope
from chemsec.core.job_failures import job_may_retry
from chemsec.core.jobs import job_cancel, job_retry
from chemsec.core.models import ApiToken, ContentItem, Job, Organisation, User
from chemsec.core.pagination import Pages
from chemsec.core.policy import get_object, require
from chemsec.core.selectors import (
    audit_entries_visible_to,
    jobs_visible_to,
    memberships_of,
    organisations_visible_to,
    tokens_of,
)
from chemsec.core.services import token_create, token_revoke

router = Router(tags=["core"])


class MembershipOut(Schema):
    organisation: str = Field(alias="organisation.name")
    organisation_slug: str = Field(alias="organisation.slug")
    role: str


class MeOut(Schema):
    username: str
    email: str
    memberships: list[MembershipOut]


class OrganisationOut(Schema):
    slug: str
    name: str
    kind: str
    country: str
    region: str


class JobOut(Schema):
    id: UUID
    kind: str
    status: str
    progress: int
    message: str
    error: str
    result: dict[str, Any]
    has_result_file: bool
    created_at: datetime
    finished_at: datetime | None
    cancel_requested_at: datetime | None = None
    cancelled_by: str | None = None

    @staticmethod
    def resolve_has_result_file(job: Job) -> bool:
        return bool(job.result_file)

    @staticmethod
    def resolve_cancelled_by(job: Job) -> str | None:
        return job.cancelled_by.get_username() if job.cancelled_by else None


class AuditOut(Schema):
    sequence: int
    created_at: datetime
    actor_name: str
    organisation: str | None = Field(None, alias="organisation.name")
    action: str
    object_type: str
    object_id: str
    object_repr: str
    changes: dict[str, Any]
    entry_hash: str
    # True when the reader may not see the object: object_repr is empty and each value in
    # changes is "[redacted]" (the kind of object, the action and the actor remain).
    redacted: bool = False


class TokenIn(InSchema):
    name: str = Field(min_length=1, max_length=100)
    scope: TokenScope


class TokenOut(Schema):
    id: UUID
    name: str
    prefix: str
    scope: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreatedOut(TokenOut):
    secret: str


class ContentOut(Schema):
    urn: str
    kind: str
    version: str
    data: dict[str, Any]


def _person(request: HttpRequest) -> User:
    """The signed-in person behind a MEMBERS endpoint (the authentication lets no one else in)."""
    if not isinstance(request.user, User):
        raise AuthenticationError()
    return request.user


# Endpoints answer with their declared schema: an instance of it, or (for paginated lists)
# the queryset the paginator slices and validates against it a page at a time.


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> MeOut:
    user = _person(request)
    return MeOut.model_validate(
        {
            "username": user.get_username(),
            "email": user.email,
            "memberships": list(memberships_of(user)),
        }
    )


@router.get("/organisations", response=list[OrganisationOut])
@paginate(Pages, page_size=50)
def organisation_list(request: HttpRequest) -> QuerySet[Organisation]:
    require(request.user, "organisation.directory", None)
    return organisations_visible_to(request.user)


@router.get("/organisations/{slug}", response=OrganisationOut)
def organisation_get(request: HttpRequest, slug: str) -> OrganisationOut:
    require(request.user, "organisation.directory", None)
    organisation = get_object_or_404(organisations_visible_to(request.user), slug=slug)
    return OrganisationOut.from_orm(organisation)


@router.get("/jobs", response=list[JobOut])
@paginate(Pages, page_size=50)
def job_list(request: HttpRequest, status: JobStatus | None = None) -> QuerySet[Job]:
    jobs = jobs_visible_to(request.user)
    return jobs.filter(status=status) if status else jobs


@router.get("/jobs/{job_id}", response=JobOut)
def job_get(request: HttpRequest, job_id: UUID) -> JobOut:
    return JobOut.from_orm(get_object(request.user, "job.view", Job.objects, pk=job_id))


@router.post("/jobs/{job_id}/retry", response=JobOut)
def job_retry_endpoint(request: HttpRequest, job_id: UUID) -> JobOut:
    job = get_object(request.user, "job.retry", Job.objects, pk=job_id)
    if job.status != JobStatus.FAILED:
        raise HttpError(409, "Only a failed job can be retried.")
    if not job_may_retry(job):  # a coded failure its task said would come back the same
        raise HttpError(409, "This job would fail the same way again: start a new one.")
    return JobOut.from_orm(job_retry(job=job, actor=request.user))


@router.post("/jobs/{job_id}/cancel", response=JobOut)
def job_cancel_endpoint(request: HttpRequest, job_id: UUID) -> JobOut:
    """Cancel a queued job at once, or ask a running one to stop (it does within seconds)."""
    job = get_object(request.user, "job.cancel", Job.objects, pk=job_id)
    if not job.is_cancellable:
        raise HttpError(409, "Only a queued or running job can be cancelled.")
    return JobOut.from_orm(job_cancel(job=job, actor=request.user))


@router.get("/audit", response=list[AuditOut])
@paginate(Pages, page_size=50)
def audit_list(request: HttpRequest, action: str = "") -> RedactedEntries:
    require(request.user, "audit.view", None)
    entries = audit_entries_visible_to(request.user)
    entries = entries.filter(action=action) if action else entries
    return RedactedEntries(entries, request.user)  # need-to-know, redacted a page at a time


@router.get("/tokens", response=list[TokenOut])
def token_list(request: HttpRequest) -> list[TokenOut]:
    return [TokenOut.from_orm(token) for token in tokens_of(request.user)]


@router.post("/tokens", response={201: TokenCreatedOut})
def token_create_endpoint(request: HttpRequest, payload: TokenIn) -> Status[TokenCreatedOut]:
    if getattr(request, "api_token", None) is not None:
        raise HttpError(403, "Create tokens from a signed-in browser session.")
    token, secret = token_create(user=request.user, name=payload.name, scope=payload.scope)
    out = TokenCreatedOut(secret=secret, **TokenOut.from_orm(token).model_dump())
    return Status(201, out)


@router.delete("/tokens/{token_id}", response={204: None})
def token_revoke_endpoint(request: HttpRequest, token_id: UUID) -> Status[None]:
    token = get_object(request.user, "token.revoke", ApiToken.objects, pk=token_id)
    token_revoke(token=token, actor=request.user)
    return Status(204, None)


@router.get("/content", response=list[ContentOut], auth=EVERYONE)
@paginate(Pages, page_size=100)
def content_list(request: HttpRequest, kind: str = "", q: str = "") -> QuerySet[ContentItem]:
    items = ContentItem.objects.order_by("kind", "urn")
    if kind:
        items = items.filter(kind=kind)
    if q:
        items = items.filter(Q(urn__icontains=q) | Q(data__icontains=q))
    return items


@router.get("/content/{path:urn}", response=ContentOut, auth=EVERYONE)
def content_get(request: HttpRequest, urn: str) -> ContentOut:
    return ContentOut.from_orm(get_object_or_404(ContentItem, urn=urn))
