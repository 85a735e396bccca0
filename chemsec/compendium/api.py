"""API of the compendium: search, entries, proposals, comments and review decisions."""

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from chemsec.compendium import selectors, services
from chemsec.compendium.markdown import render_markdown
from chemsec.compendium.models import Practice, Proposal
from chemsec.compendium.search import search
from chemsec.content.schemas import Audience, FacilityScale, MeasureType, Stage, Threat
from chemsec.core.api_auth import EVERYONE, MEMBERS
from chemsec.core.api_schemas import InSchema
from chemsec.core.policy import get_object

router = Router(tags=["compendium"])

# Optional keys (a reference's publisher, year or link) are left out when absent, as they
# always were, rather than sent as null: the operations marked exclude_unset=True say so,
# and every other key is always set.


class SearchIn(Schema):
    q: str = Field("", max_length=500)
    stage: list[str] = Field(default_factory=list)
    audience: list[str] = Field(default_factory=list)
    measure_type: list[str] = Field(default_factory=list)
    threat: list[str] = Field(default_factory=list)
    facility_scale: list[str] = Field(default_factory=list)
    language: list[str] = Field(default_factory=list)
    limit: int = Field(10, ge=1, le=100)
    offset: int = Field(0, ge=0, le=10000)


class HitOut(Schema):
    urn: str
    title: str
    summary: str
    stages: list[str]
    audiences: list[str]
    measure_types: list[str]
    threats: list[str]
    language: str
    score: float
    reasons: list[str]


class FacetOut(Schema):
    code: str
    label: str
    count: int
    selected: bool


class SearchOut(Schema):
    query: str
    total: int
    results: list[HitOut]
    facets: dict[str, list[FacetOut]]
    semantic_available: bool = Field(
        description="Whether meaning-based ranking runs on this server; if not, results match "
        "words only."
    )
    semantic_note: str = Field(description="Why meaning-based ranking is off; empty when on.")


class VersionOut(Schema):
    number: int
    note: str
    created_at: datetime


class ReferenceIn(InSchema):
    title: str = Field(min_length=1, max_length=300)
    publisher: str | None = None
    year: int | None = Field(None, ge=1000, le=2200)
    url: str | None = Field(None, pattern=r"^https://\S+$")


class ReferenceOut(Schema):
    """A public source; publisher, year and url are present only when known."""

    title: str
    publisher: str | None = None
    year: int | str | None = None
    url: str | None = None


class PracticeOut(Schema):
    urn: str
    title: str
    summary: str
    body: str
    body_html: str
    stages: list[str]
    audiences: list[str]
    measure_types: list[str]
    threats: list[str]
    facility_scale: list[str]
    keywords: list[str]
    references: list[ReferenceOut]
    related: list[str]
    language: str
    translation_of: str | None
    status: str
    version: int
    superseded_by: str | None
    withdrawn_reason: str
    versions: list[VersionOut]


class ProposalIn(InSchema):
    title: str = Field(min_length=3, max_length=200)
    summary: str = Field(min_length=1)
    body: str = Field(min_length=1)
    stages: list[Stage] = Field(min_length=1)
    audiences: list[Audience] = Field(min_length=1)
    measure_types: list[MeasureType] = Field(min_length=1)
    threats: list[Threat] = Field(min_length=1)
    facility_scale: list[FacilityScale] = Field(min_length=1)
    keywords: list[str] = Field(default_factory=list)
    references: list[ReferenceIn] = Field(default_factory=list)
    related: list[str] = Field(default_factory=list)
    language: Literal["en", "fr", "es", "ar", "ru", "zh"] = "en"
    translation_of: str | None = None
    practice: str | None = Field(None, description="URN of the entry this proposal changes")
    note: str = ""


class CommentOut(Schema):
    author: str
    text: str
    created_at: datetime


class ProposalOut(Schema):
    id: UUID
    title: str
    summary: str
    body: str
    status: str
    practice: str | None
    author: str
    note: str
    comments: list[CommentOut]


class CommentIn(InSchema):
    text: str = Field(min_length=1, max_length=5000)


class DecisionIn(InSchema):
    note: str = ""


class WithdrawIn(InSchema):
    reason: str = Field(min_length=1)


def _practice_out(practice: Practice) -> PracticeOut:
    return PracticeOut(
        urn=practice.urn,
        title=practice.title,
        summary=practice.summary,
        body=practice.body,
        body_html=render_markdown(practice.body),
        stages=practice.stages,
        audiences=practice.audiences,
        measure_types=practice.measure_types,
        threats=practice.threats,
        facility_scale=practice.facility_scale,
        keywords=practice.keywords,
        # Plain dicts, not ReferenceOut objects: a nested schema object would be read back
        # attribute by attribute, and every absent key would come out as null.
        references=practice.references,
        related=list(practice.related.values_list("urn", flat=True)),
        language=practice.language,
        translation_of=practice.translation_of.urn if practice.translation_of else None,
        status=practice.status,
        version=practice.version,
        superseded_by=practice.superseded_by.urn if practice.superseded_by else None,
        withdrawn_reason=practice.withdrawn_reason,
        versions=[
            VersionOut(number=v.number, note=v.note, created_at=v.created_at)
            for v in selectors.versions_of(practice)
        ],
    )


def _proposal_out(proposal: Proposal) -> ProposalOut:
    comments = proposal.comments.select_related("author")
    return ProposalOut(
        id=proposal.pk,
        title=proposal.title,
        summary=proposal.summary,
        body=proposal.body,
        status=proposal.status,
        practice=proposal.practice.urn if proposal.practice else None,
        author=proposal.created_by.get_username(),
        note=proposal.note,
        comments=[
            CommentOut(
                author=c.author.get_username() if c.author else "",
                text=c.text,
                created_at=c.created_at,
            )
            for c in comments
        ],
    )


def _practice(request: HttpRequest, urn: str, action: str = "view") -> Practice:
    return get_object(request.user, f"practice.{action}", selectors.practices(), urn=urn)


def _proposal(request: HttpRequest, proposal_id: UUID, action: str = "view") -> Proposal:
    return get_object(request.user, f"proposal.{action}", selectors.proposals(), pk=proposal_id)


@router.get("/compendium/search", response=SearchOut, auth=EVERYONE)
def search_endpoint(request: HttpRequest, params: Query[SearchIn]) -> SearchOut:
    """Ranked published entries (full text fused with meaning) and facet counts under the query."""
    facets = ("stage", "audience", "measure_type", "threat", "facility_scale", "language")
    filters = {name: getattr(params, name) for name in facets if getattr(params, name)}
    result = search(
        params.q, filters=filters, limit=params.limit, offset=params.offset, user=request.user
    )
    return SearchOut(
        query=result.query,
        total=result.total,
        results=[HitOut.model_validate(hit, from_attributes=True) for hit in result.hits],
        facets={
            name: [FacetOut.model_validate(facet) for facet in counts]
            for name, counts in result.facets.items()
        },
        semantic_available=result.semantic_available,
        semantic_note=result.semantic_note,
    )


@router.get("/compendium/practices/{urn}", response=PracticeOut, auth=EVERYONE, exclude_unset=True)
def practice_endpoint(request: HttpRequest, urn: str) -> PracticeOut:
    return _practice_out(_practice(request, urn))


@router.post("/compendium/proposals", response={201: ProposalOut}, auth=MEMBERS, exclude_unset=True)
def propose_endpoint(request: HttpRequest, payload: ProposalIn) -> Status[ProposalOut]:
    """Propose a new entry, or (with `practice`) a change to a published one."""
    target = _practice(request, payload.practice) if payload.practice else None
    data: dict[str, Any] = payload.model_dump(
        exclude={"practice", "note", "related", "translation_of", "references"}
    )
    data["references"] = [ref.model_dump(exclude_unset=True) for ref in payload.references]
    data["related_urns"] = payload.related
    if payload.translation_of:
        data["translation_of"] = _practice(request, payload.translation_of)
    proposal = services.proposal_create(
        user=request.user, data=data, practice=target, note=payload.note
    )
    return Status(201, _proposal_out(proposal))


@router.get("/compendium/proposals/{proposal_id}", response=ProposalOut, auth=MEMBERS)
def proposal_endpoint(request: HttpRequest, proposal_id: UUID) -> ProposalOut:
    return _proposal_out(_proposal(request, proposal_id))


@router.post(
    "/compendium/proposals/{proposal_id}/comments", response={201: ProposalOut}, auth=MEMBERS
)
def comment_endpoint(
    request: HttpRequest, proposal_id: UUID, payload: CommentIn
) -> Status[ProposalOut]:
    proposal = _proposal(request, proposal_id, "comment")
    services.comment_add(user=request.user, proposal=proposal, text=payload.text)
    return Status(201, _proposal_out(proposal))


@router.post(
    "/compendium/proposals/{proposal_id}/approve",
    response=PracticeOut,
    auth=MEMBERS,
    exclude_unset=True,
)
def approve_endpoint(request: HttpRequest, proposal_id: UUID, payload: DecisionIn) -> PracticeOut:
    """Reviewers only: publish the proposal as a new entry or version (its author gets 403,
    anyone else 404)."""
    proposal = _proposal(request, proposal_id, "decide")
    practice = services.proposal_approve(user=request.user, proposal=proposal, note=payload.note)
    return _practice_out(practice)


@router.post("/compendium/proposals/{proposal_id}/reject", response=ProposalOut, auth=MEMBERS)
def reject_endpoint(request: HttpRequest, proposal_id: UUID, payload: DecisionIn) -> ProposalOut:
    """Reviewers only: reject the proposal with a note (its author gets 403, anyone else 404)."""
    proposal = _proposal(request, proposal_id, "decide")
    return _proposal_out(
        services.proposal_reject(user=request.user, proposal=proposal, note=payload.note)
    )


@router.post(
    "/compendium/practices/{urn}/withdraw", response=PracticeOut, auth=MEMBERS, exclude_unset=True
)
def withdraw_endpoint(request: HttpRequest, urn: str, payload: WithdrawIn) -> PracticeOut:
    """Reviewers only (others get 403): withdraw a published entry, with the reason."""
    practice = _practice(request, urn, "change")
    return _practice_out(
        services.practice_withdraw(user=request.user, practice=practice, reason=payload.reason)
    )
