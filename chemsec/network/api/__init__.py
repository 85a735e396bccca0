"""Network API: the public directory, applications, coverage and the committee's records.

Every object is fetched with `policy.get_object` (404 to whoever may not see it, 403 to
whoever sees it but may not act); every write is the service the pages call.
"""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.errors import AuthenticationError
from pydantic import Field

from chemsec.core.api_auth import EVERYONE, MEMBERS
from chemsec.core.api_schemas import InSchema
from chemsec.core.policy import acting_organisation, get_object, require
from chemsec.network import selectors, services
from chemsec.network.models import (
    ActionItem,
    AgendaItem,
    Committee,
    Decision,
    Meeting,
    Minutes,
    NetworkMember,
)
from chemsec.network.progress import effective_status, progress_of

router = Router(tags=["network"])


class MemberOut(Schema):
    id: UUID
    name: str
    kind: str
    region: str
    country: str
    status: str
    stages: list[str]
    topics: list[str]
    focal_point: str

    @staticmethod
    def of(member: NetworkMember) -> MemberOut:
        o = member.organisation
        return MemberOut(
            id=member.pk, name=o.name, kind=o.kind, region=o.region, country=o.country,
            status=member.status, stages=member.stages, topics=member.topics,
            focal_point=member.focal_point_name,
        )  # fmt: skip


class DirectoryQuery(Schema):
    q: str = ""
    kind: str = ""
    region: str = ""
    country: str = ""
    stage: str = ""
    topic: str = ""


class ApplyIn(InSchema):
    stages: list[str] = Field(min_length=1)
    topics: list[str] = []
    motivation: str = Field("", max_length=5000)
    focal_point_name: str = Field(min_length=1, max_length=200)
    focal_point_title: str = Field("", max_length=200)
    focal_point_email: str = Field("", max_length=254)


class DecideIn(InSchema):
    approve: bool
    reason: str = Field("", max_length=5000)


class CoverageRow(Schema):
    stage: str
    counts: dict[str, int]


class CoverageOut(Schema):
    by_kind: list[CoverageRow]
    by_region: list[CoverageRow]
    gaps: int


class MeetingBrief(Schema):
    id: UUID
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    online_url: str
    status: str


class ItemOut(Schema):
    number: int
    kind: str
    title: str
    sensitivity: str
    has_document: bool


class DecisionOut(Schema):
    reference: str
    text: str
    sensitivity: str


class ActionOut(Schema):
    id: UUID
    owner: str
    text: str
    due: dt.date
    status: str
    progress: int | None
    points_at: str
    object_id: str
    sensitivity: str

    @staticmethod
    def of(action: ActionItem) -> ActionOut:
        progress = progress_of(action)
        return ActionOut(
            id=action.pk, owner=action.organisation.name, text=action.text, due=action.due,
            status=effective_status(action), progress=progress.percent if progress else None,
            points_at=action.target_kind, object_id=action.target_id,
            sensitivity=action.sensitivity,
        )  # fmt: skip


class MinutesOut(Schema):
    id: UUID
    phase: str
    text: str
    comments_until: dt.date | None
    version: int


class MeetingOut(MeetingBrief):
    items: list[ItemOut]
    minutes: MinutesOut | None
    decisions: list[DecisionOut]
    actions: list[ActionOut]


class AdvanceIn(InSchema):
    comment_days: int = Field(14, ge=0, le=90)


class CommentIn(InSchema):
    text: str = Field(min_length=1, max_length=10_000)


class CommentOut(Schema):
    id: UUID
    text: str


class StatusIn(InSchema):
    status: str


@router.get("/network/members", response=list[MemberOut], auth=EVERYONE)
def network_member_list(request: HttpRequest, filters: Query[DirectoryQuery]) -> list[MemberOut]:
    """The public directory of current members, with the directory page's filters."""
    found = selectors.directory(selectors.DirectoryFilters(**filters.dict()))
    return [MemberOut.of(m) for m in found]


@router.get("/network/members/{network_member_id}", response=MemberOut, auth=EVERYONE)
def network_member_get(request: HttpRequest, network_member_id: UUID) -> MemberOut:
    """A current or former member (public); an application is its organisation's and the
    secretariat's (an anonymous caller is asked to authenticate)."""
    if (
        not request.user.is_authenticated
        and not (
            NetworkMember.objects.visible_to(request.user, "view").filter(pk=network_member_id)
        ).exists()
    ):
        raise AuthenticationError
    member = get_object(
        request.user, "network_member.view", NetworkMember.objects.select_related("organisation"),
        pk=network_member_id,
    )  # fmt: skip
    return MemberOut.of(member)


@router.post("/network/applications", response={201: MemberOut}, auth=MEMBERS)
def network_apply(request: HttpRequest, payload: ApplyIn) -> Status[MemberOut]:
    """Apply for the organisation you act for (its admins only)."""
    member = services.member_apply(
        user=request.user, organisation=acting_organisation(request), **payload.dict()
    )
    return Status(201, MemberOut.of(member))


@router.post("/network/members/{network_member_id}/decision", response=MemberOut, auth=MEMBERS)
def network_member_decide(
    request: HttpRequest, network_member_id: UUID, payload: DecideIn
) -> MemberOut:
    member = get_object(
        request.user, "network_member.decide", NetworkMember.objects, pk=network_member_id
    )
    return MemberOut.of(services.member_decide(user=request.user, member=member, **payload.dict()))


@router.get("/network/coverage", response=CoverageOut, auth=MEMBERS)
def network_coverage(request: HttpRequest) -> CoverageOut:
    require(request.user, "network.coverage", None)
    c = selectors.coverage()
    kinds = [k for k, _ in c.kinds]
    regions = [r for r, _ in c.regions]
    return CoverageOut(
        by_kind=[
            CoverageRow(stage=s, counts=dict(zip(kinds, n, strict=True))) for s, _, n in c.by_kind
        ],
        by_region=[
            CoverageRow(stage=s, counts=dict(zip(regions, n, strict=True)))
            for s, _, n in c.by_region
        ],
        gaps=c.gaps,
    )


def _brief(m: Meeting) -> MeetingBrief:
    return MeetingBrief(
        id=m.pk, title=m.title, starts_at=m.starts_at, ends_at=m.ends_at, place=m.place,
        online_url=m.online_url, status=m.status,
    )  # fmt: skip


@router.get(
    "/network/committees/{committee_id}/meetings", response=list[MeetingBrief], auth=MEMBERS
)
def network_meeting_list(request: HttpRequest, committee_id: UUID) -> list[MeetingBrief]:
    body = get_object(request.user, "committee.view", Committee.objects, pk=committee_id)
    meetings = Meeting.objects.visible_to(request.user, "view").filter(committee=body)
    return [_brief(m) for m in meetings]


@router.get("/network/meetings/{meeting_id}", response=MeetingOut, auth=MEMBERS)
def network_meeting_get(request: HttpRequest, meeting_id: UUID) -> MeetingOut:
    """A meeting with the agenda items, minutes, decisions and actions you may see."""
    user = request.user
    m = get_object(user, "meeting.view", Meeting.objects, pk=meeting_id)
    minutes = Minutes.objects.visible_to(user, "view").filter(meeting=m).first()
    items = AgendaItem.objects.visible_to(user, "view").filter(meeting=m)
    return MeetingOut(
        **_brief(m).dict(),
        items=[ItemOut(number=i.number, kind=i.kind, title=i.label(), sensitivity=i.sensitivity,
                       has_document=bool(i.document)) for i in items],
        minutes=MinutesOut(id=minutes.pk, phase=minutes.phase, text=minutes.text,
                           comments_until=minutes.comments_until, version=minutes.version)
        if minutes else None,
        decisions=[DecisionOut(reference=d.reference, text=d.text, sensitivity=d.sensitivity)
                   for d in Decision.objects.visible_to(user, "view").filter(meeting=m)],
        actions=[ActionOut.of(a) for a in ActionItem.objects.visible_to(user, "view")
                 .filter(meeting=m).select_related("organisation")],
    )  # fmt: skip


@router.get("/network/committees/{committee_id}/actions", response=list[ActionOut], auth=MEMBERS)
def network_action_list(request: HttpRequest, committee_id: UUID) -> list[ActionOut]:
    body = get_object(request.user, "committee.view", Committee.objects, pk=committee_id)
    actions = (
        ActionItem.objects.visible_to(request.user, "view")
        .filter(meeting__committee=body)
        .select_related("organisation")
    )
    return [ActionOut.of(a) for a in actions]


@router.post("/network/actions/{committee_action_id}/status", response=ActionOut, auth=MEMBERS)
def network_action_status(
    request: HttpRequest, committee_action_id: UUID, payload: StatusIn
) -> ActionOut:
    action = get_object(
        request.user, "committee_action.update", ActionItem.objects, pk=committee_action_id
    )
    services.action_set_status(user=request.user, action=action, status=payload.status)
    return ActionOut.of(action)


@router.post("/network/minutes/{minutes_id}/advance", response=MinutesOut, auth=MEMBERS)
def network_minutes_advance(
    request: HttpRequest, minutes_id: UUID, payload: AdvanceIn
) -> MinutesOut:
    minutes = get_object(request.user, "minutes.advance", Minutes.objects, pk=minutes_id)
    services.minutes_advance(user=request.user, minutes=minutes, comment_days=payload.comment_days)
    return MinutesOut(
        id=minutes.pk, phase=minutes.phase, text=minutes.text,
        comments_until=minutes.comments_until, version=minutes.version,
    )  # fmt: skip


@router.post("/network/minutes/{minutes_id}/comments", response={201: CommentOut}, auth=MEMBERS)
def network_minutes_comment(
    request: HttpRequest, minutes_id: UUID, payload: CommentIn
) -> Status[CommentOut]:
    minutes = get_object(request.user, "minutes.comment", Minutes.objects, pk=minutes_id)
    comment = services.minutes_comment(
        user=request.user, minutes=minutes, organisation=acting_organisation(request),
        text=payload.text,
    )  # fmt: skip
    return Status(201, CommentOut(id=comment.pk, text=comment.text))
