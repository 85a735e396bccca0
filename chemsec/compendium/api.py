"""API of the compendium: search, entries, proposals, comments and review decisions."""

from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from django.http import HttpRequest
from django.utils import translation
from ninja import Query, Router, Schema, Status
from pydantic import Field

from chemsec.compendium import selectors, services
from chemsec.compendium.content import version_note
from chemsec.compendium.markdown import render_markdown
from chemsec.compendium.models import Practice, Proposal
from chemsec.compendium.search import search
from chemsec.compendium.translations import (
    Shown,
    api_language,
    api_translation,
    content_language,
    translations_for,
)
from chemsec.content.schemas import Audience, FacilityScale, MeasureType, Stage, Threat
from chemsec.core.api_auth import EVERYONE, MEMBERS
from chemsec.core.api_language import ApiLanguage
from chemsec.core.api_schemas import InSchema
from chemsec.core.policy import get_object

router = Router(tags=["compendium"])

# Optional keys (a reference's publisher, year or link) are left out when absent, as they
# always were, rather than sent as null: the operations marked exclude_unset=True say so,
# and every other key is always set.


#: ``?lang=``: the language of the reference texts returned (default: the request's
#: Accept-Language, else English); ``en`` asks for the English original.


class TranslationOut(Schema):
    """The translation whose texts an answer carries (null: the texts are the English)."""

    status: Literal["draft", "reviewed"]
    reviewed_by: str | None = Field(description="the reviewer's name, when reviewed")
    reviewed_on: date | None
    stale: bool = Field(description="the English has a newer version than the one translated")
    source_version: int = Field(description="the English version translated")


def translation_out(shown: Shown | None) -> TranslationOut | None:
    info = api_translation(shown)
    return TranslationOut(**info) if info is not None else None


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
    lang: ApiLanguage | None = Field(
        None, description="language of the titles and summaries (default: Accept-Language)"
    )


class HitOut(Schema):
    urn: str
    title: str
    summary: str
    stages: list[str]
    audiences: list[str]
    measure_types: list[str]
    threats: list[str]
    language: str = Field(description="the language of the title and summary returned")
    score: float
    reasons: list[str]
    translation: TranslationOut | None = None


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
    multilingual_available: bool = Field(
        default=True,
        description="Whether queries in every UN language are ranked by meaning (the "
        "multilingual model); if not, a query in another language than English matches "
        "words only.",
    )
    multilingual_note: str = Field(
        default="", description="Why the multilingual model is off; empty when on."
    )


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
    language: str = Field(description="the language of the texts returned")
    translation: TranslationOut | None = Field(
        None, description="the translation whose texts these are; null: the English"
    )
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


def _practice_out(practice: Practice, shown: Shown | None = None) -> PracticeOut:
    def text(name: str) -> Any:
        english = getattr(practice, name)
        return shown.get(name, english) if shown is not None else english

    return PracticeOut(
        urn=practice.urn,
        title=text("title"),
        summary=text("summary"),
        body=text("body"),
        body_html=render_markdown(text("body")),
        stages=practice.stages,
        audiences=practice.audiences,
        measure_types=practice.measure_types,
        threats=practice.threats,
        facility_scale=practice.facility_scale,
        keywords=text("keywords"),
        # Plain dicts, not ReferenceOut objects: a nested schema object would be read back
        # attribute by attribute, and every absent key would come out as null.
        references=practice.references,
        related=list(practice.related.values_list("urn", flat=True)),
        language=shown.language if shown is not None else practice.language,
        translation=translation_out(shown),
        translation_of=practice.translation_of.urn if practice.translation_of else None,
        status=practice.status,
        version=practice.version,
        superseded_by=practice.superseded_by.urn if practice.superseded_by else None,
        withdrawn_reason=practice.withdrawn_reason,
        versions=[
            VersionOut(
                number=v.number, note=version_note(v.note, plain=True), created_at=v.created_at
            )
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
    language = api_language(params.lang)
    with translation.override(language):
        result = search(
            params.q, filters=filters, limit=params.limit, offset=params.offset, user=request.user
        )
    shown = translations_for([hit.urn for hit in result.hits], language)
    return SearchOut(
        query=result.query,
        total=result.total,
        results=[_hit_out(hit, shown.get(hit.urn)) for hit in result.hits],
        facets={
            name: [FacetOut.model_validate(facet) for facet in counts]
            for name, counts in result.facets.items()
        },
        semantic_available=result.semantic_available,
        semantic_note=result.semantic_note,
        multilingual_available=result.multilingual_available,
        multilingual_note=result.multilingual_note,
    )


def _hit_out(hit: Any, shown: Shown | None) -> HitOut:
    out = HitOut.model_validate(hit, from_attributes=True)
    if shown is None:
        return out
    return out.model_copy(
        update={"language": shown.language, "translation": translation_out(shown)}
    )


@router.get("/compendium/practices/{urn}", response=PracticeOut, auth=EVERYONE, exclude_unset=True)
def practice_endpoint(
    request: HttpRequest, urn: str, lang: ApiLanguage | None = None
) -> PracticeOut:
    """An entry; with ``?lang=`` (or Accept-Language), its texts in that language where a
    translation exists, and the translation's status."""
    practice = _practice(request, urn)
    language = api_language(lang)
    shown = translations_for([practice.urn], language).get(practice.urn)
    if content_language(language) is None:
        shown = None
    return _practice_out(practice, shown)


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
