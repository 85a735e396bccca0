"""Chain of custody API: samples, handovers recorded and confirmed, splits, the custody
report, and an offline-style check of a report; one Router mounted at /api/v1/."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest
from ninja import Body, Field, Router, Schema, Status
from ninja.errors import HttpError

from chemsec.core.api_auth import MEMBERS
from chemsec.core.api_schemas import InSchema
from chemsec.core.models import Organisation
from chemsec.core.policy import acting_organisation, get_object
from chemsec.core.writes import write_export
from chemsec.custody import chain, services
from chemsec.custody.choices import HandoverStatus
from chemsec.custody.models import CustodyEntry, Handover, Sample

router = Router(tags=["custody"])
LIMIT = 500


class SampleIn(InSchema):
    identifier: str = Field(min_length=1, max_length=100)
    seal_number: str = ""
    description: str = Field(min_length=1)
    taken_by: str = Field(min_length=1, max_length=200)
    taken_place: str = Field(min_length=1, max_length=300)
    taken_at: dt.datetime | None = None


class SampleOut(Schema):
    id: UUID
    identifier: str
    seal_number: str
    holder: str
    parent: str | None
    head: str | None
    pending_handover: UUID | None


class HandoverIn(InSchema):
    step: str
    to_organisation: str | None = Field(None, description="Slug of the receiving organisation")
    seal_number: str = ""
    note: str = ""


class ConfirmIn(InSchema):
    seal_intact: bool
    seal_number_seen: str = ""
    note: str = ""


class PortionIn(InSchema):
    identifier: str = Field(min_length=1, max_length=100)
    seal_number: str = Field(min_length=1, max_length=100)
    laboratory: str = Field(description="Slug of the laboratory's organisation")


class SplitIn(InSchema):
    portions: list[PortionIn] = Field(min_length=2)


class HandoverOut(Schema):
    id: UUID
    step: str
    status: str
    from_organisation: str
    to_organisation: str


class VerifyOut(Schema):
    ok: bool
    problems: list[str]


def _annotated(queryset: QuerySet[Sample]) -> QuerySet[Sample]:
    """Each sample with the head of its chain and its pending handover, in one query."""
    entries = CustodyEntry.objects.filter(sample=OuterRef("pk")).order_by("-sequence")
    pending = Handover.objects.filter(sample=OuterRef("pk"), status=HandoverStatus.PENDING)
    return queryset.select_related("holder", "parent").annotate(
        head_hash=Subquery(entries.values("entry_hash")[:1]),
        pending_id=Subquery(pending.values("pk")[:1]),
    )


def _out(item: Sample) -> SampleOut:
    if not hasattr(item, "head_hash"):
        item = _annotated(Sample.objects.filter(pk=item.pk)).get()
    return SampleOut(
        id=item.pk, identifier=item.identifier, seal_number=item.seal_number,
        holder=item.holder.name, parent=item.parent.identifier if item.parent else None,
        head=item.head_hash, pending_handover=item.pending_id,  # type: ignore[attr-defined]
    )  # fmt: skip


def _handover_out(handover: Handover) -> HandoverOut:
    return HandoverOut(
        id=handover.pk, step=handover.step, status=handover.status,
        from_organisation=handover.from_organisation.name,
        to_organisation=handover.to_organisation.name,
    )  # fmt: skip


def _sample(request: HttpRequest, sample_id: UUID, action: str = "view") -> Sample:
    queryset = Sample.objects.select_related("holder", "parent", "organisation")
    found: Sample = get_object(request.user, f"sample.{action}", queryset, pk=sample_id)
    return found


def _organisation(slug: str | None) -> Organisation | None:
    if not slug:
        return None
    found = Organisation.objects.filter(slug=slug).first()
    if found is None:
        raise HttpError(422, "No organisation with this slug.")
    return found


@router.get("/custody/samples", response=list[SampleOut], auth=MEMBERS)
def custody_sample_list(request: HttpRequest) -> list[SampleOut]:
    """Samples you hold or are a party of."""
    found = _annotated(Sample.objects.visible_to(request.user))
    return [_out(item) for item in found.order_by("-taken_at")[:LIMIT]]


@router.post("/custody/samples", response={201: SampleOut}, auth=MEMBERS)
def custody_sample_create(request: HttpRequest, payload: SampleIn) -> Status[SampleOut]:
    item = services.sample_register(
        actor=request.user, organisation=acting_organisation(request), **payload.model_dump()
    )
    return Status(201, _out(item))


@router.get("/custody/samples/{sample_id}", response=SampleOut, auth=MEMBERS)
def custody_sample_get(request: HttpRequest, sample_id: UUID) -> SampleOut:
    return _out(_sample(request, sample_id))


@router.post("/custody/samples/{sample_id}/handovers", response={201: HandoverOut},
             auth=MEMBERS)  # fmt: skip
def custody_handover_create(
    request: HttpRequest, sample_id: UUID, payload: HandoverIn
) -> Status[HandoverOut]:
    """The holder records the next step (a transfer names the receiving organisation)."""
    item = _sample(request, sample_id, "handover")
    handover = services.handover_record(
        actor=request.user, sample=item, step=payload.step,
        to_organisation=_organisation(payload.to_organisation),
        seal_number=payload.seal_number, note=payload.note,
    )  # fmt: skip
    return Status(201, _handover_out(handover))


@router.post("/custody/handovers/{handover_id}/confirm", response=HandoverOut, auth=MEMBERS)
def custody_handover_confirm(
    request: HttpRequest, handover_id: UUID, payload: ConfirmIn
) -> HandoverOut:
    """The receiving party (or a second person, where the item stays) confirms."""
    queryset = Handover.objects.select_related("sample", "from_organisation", "to_organisation")
    handover = get_object(request.user, "handover.confirm", queryset, pk=handover_id)
    services.handover_confirm(actor=request.user, handover=handover, **payload.model_dump())
    return _handover_out(handover)


@router.post("/custody/samples/{sample_id}/split", response={201: list[SampleOut]},
             auth=MEMBERS)  # fmt: skip
def custody_sample_split(
    request: HttpRequest, sample_id: UUID, payload: SplitIn
) -> Status[list[SampleOut]]:
    """Portions for at least two laboratories, each sent sealed (a pending handover each)."""
    item = _sample(request, sample_id, "split")
    portions = []
    for portion in payload.portions:
        laboratory = _organisation(portion.laboratory)
        assert laboratory is not None
        portions.append(services.Portion(portion.identifier, portion.seal_number, laboratory))
    children = services.sample_split(actor=request.user, sample=item, portions=portions)
    return Status(201, [_out(child) for child in children])


@router.get(
    "/custody/samples/{sample_id}/report",
    auth=MEMBERS,
    openapi_extra={
        "responses": {
            200: {
                "description": "The custody report, re-verifiable from this document alone "
                "(POST /custody/verify).",
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "properties": {
                                "schema": {"type": "string"},
                                "generated_at": {"type": "string"},
                                "sample": {"type": "object"},
                                "files": {"type": "array"},
                                "entries": {"type": "array"},
                                "head": {"type": "string"},
                                "algorithm": {"type": "string"},
                            },
                        }
                    }
                },
            }
        }
    },
)
def custody_sample_report(request: HttpRequest, sample_id: UUID) -> dict[str, Any]:
    """The custody report (JSON): re-verifiable from this document alone."""
    item = _sample(request, sample_id, "export")
    write_export(item, actor=request.user, fmt="json")
    return services.custody_report(item)


@router.post("/custody/verify", response=VerifyOut, auth=MEMBERS)
def custody_report_verify(request: HttpRequest, payload: Body[dict[str, Any]]) -> VerifyOut:
    """Check an exported custody report (the same check as `chemsec custody verify
    --export`): reads nothing but the posted document."""
    problems = chain.verify_report(payload)
    return VerifyOut(ok=not problems, problems=problems)
