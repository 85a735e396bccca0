"""Events API: the calendar (public events for everyone), an event with its programme,
nominations and their decision, requests to host an event (ranked for the secretariat),
their review and scheduling, feedback summaries and the coverage planner.

Every object is fetched with `policy.get_object`; every write is the service the pages call.
"""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import AuthenticationError
from pydantic import Field, ValidationInfo, field_validator

from chemsec.compendium.choices import Audience, MeasureType, Threat
from chemsec.core.api_auth import EVERYONE, MEMBERS
from chemsec.core.api_schemas import InSchema
from chemsec.core.models import Organisation, User
from chemsec.core.policy import NotVisible, acting_organisation, can, get_object, require
from chemsec.events import planning, selectors, services
from chemsec.events.choices import Confidentiality, EventKind
from chemsec.events.models import Event, EventSession, HostRequest, Registration

router = Router(tags=["events"])


class SessionOut(Schema):
    position: int
    title: str
    speakers: str
    materials: list[str]

    @staticmethod
    def of(s: EventSession) -> SessionOut:
        return SessionOut(
            position=s.position, title=s.title, speakers=s.speakers, materials=s.materials
        )


class EventOut(Schema):
    id: UUID
    kind: str
    title: str
    stage: str
    topic: str
    host: str
    region: str
    starts_on: dt.date
    ends_on: dt.date
    venue: str
    online: bool
    languages: list[str]
    capacity: int
    confidentiality: str
    status: str  # scheduled or cancelled
    sequence: int  # the iCalendar SEQUENCE: raised whenever its date, place or title changes

    @staticmethod
    def of(e: Event) -> EventOut:
        return EventOut(
            id=e.pk, kind=e.kind, title=e.title, stage=e.stage, topic=e.topic,
            host=e.host.name if e.host else "", region=e.region, starts_on=e.starts_on,
            ends_on=e.ends_on, venue=e.venue, online=e.online, languages=e.languages,
            capacity=e.capacity, confidentiality=e.confidentiality, status=e.status,
            sequence=e.sequence,
        )  # fmt: skip


class EventDetailOut(EventOut):
    sessions: list[SessionOut]


class RegistrationOut(Schema):
    id: UUID
    event: UUID
    participant: str
    nominated_by: str
    status: str
    attended: bool | None

    @staticmethod
    def of(r: Registration) -> RegistrationOut:
        return RegistrationOut(
            id=r.pk, event=r.event_id, participant=r.participant.get_username(),
            nominated_by=r.nominated_by.name, status=r.status, attended=r.attended,
        )  # fmt: skip


class NominateIn(InSchema):
    participant: str = Field(min_length=1, max_length=150, description="the person's username")
    consent_listed: bool = False


class DecideIn(InSchema):
    approve: bool
    reason: str = Field("", max_length=5000)


class HostRequestIn(InSchema):
    topic: str
    stage: str
    region: str
    proposed_start: dt.date
    proposed_end: dt.date
    expected_participants: int = Field(ge=1, le=10000)
    venue: str = Field("", max_length=200)
    support_asked: str = Field("", max_length=10000)


class HostRequestOut(Schema):
    id: UUID
    organisation: str
    topic: str
    stage: str
    region: str
    proposed_start: dt.date
    proposed_end: dt.date
    venue: str
    expected_participants: int
    support_asked: str
    status: str
    reason: str

    @staticmethod
    def of(r: HostRequest) -> HostRequestOut:
        return HostRequestOut(
            id=r.pk, organisation=r.organisation.name, topic=r.topic, stage=r.stage,
            region=r.region, proposed_start=r.proposed_start, proposed_end=r.proposed_end,
            venue=r.venue, expected_participants=r.expected_participants,
            support_asked=r.support_asked, status=r.status, reason=r.reason,
        )  # fmt: skip


class RankedOut(Schema):
    rank: int
    request: HostRequestOut
    gap_score: float | None
    section: str
    assessment: str
    reason: str


class ReviewIn(InSchema):
    status: str
    reason: str = Field("", max_length=5000)


class ScheduleIn(InSchema):
    title: str = Field(min_length=1, max_length=200)
    capacity: int = Field(ge=1, le=10000)
    kind: str = EventKind.WORKSHOP
    confidentiality: str = Confidentiality.PUBLIC


class FeedbackOut(Schema):
    count: int
    averages: dict[str, float | None]
    comments: list[str]


class PlannerRow(Schema):
    stage: str
    events: dict[str, int]
    requests: dict[str, int]
    practices: int


@router.get("/events", response=list[EventOut], auth=EVERYONE)
def events_list(request: HttpRequest) -> list[EventOut]:
    """The events the caller may see: public ones for everyone."""
    rows = Event.objects.visible_to(request.user).select_related("host")
    return [EventOut.of(e) for e in rows]


@router.get("/events/{event_id}", response=EventDetailOut, auth=EVERYONE)
def events_get(request: HttpRequest, event_id: UUID) -> EventDetailOut:
    if (
        not request.user.is_authenticated
        and not Event.objects.public().filter(pk=event_id).exists()
    ):
        raise AuthenticationError
    event = get_object(
        request.user, "event.view", Event.objects.select_related("host"), pk=event_id
    )
    sessions = [SessionOut.of(s) for s in event.sessions.all()]
    return EventDetailOut(**EventOut.of(event).dict(), sessions=sessions)


@router.post("/events/{event_id}/nominations", response={201: RegistrationOut}, auth=MEMBERS)
def events_nominate(
    request: HttpRequest, event_id: UUID, payload: NominateIn
) -> Status[RegistrationOut]:
    """Nominate one of the people of the national authority you act for."""
    event = get_object(request.user, "event.view", Event.objects, pk=event_id)
    organisation = acting_organisation(request)
    require(request.user, "events.nominate", organisation)
    participant = User.objects.filter(
        username=payload.participant, memberships__organisation=organisation
    ).first()
    if participant is None:
        raise NotVisible
    made = services.participant_nominate(
        user=request.user, event=event, organisation=organisation, participant=participant,
        consent_listed=payload.consent_listed,
    )  # fmt: skip
    return Status(201, RegistrationOut.of(made))


@router.get("/events/{event_id}/registrations", response=list[RegistrationOut], auth=MEMBERS)
def events_registrations(request: HttpRequest, event_id: UUID) -> list[RegistrationOut]:
    """The nominations the caller may see: its organisation's own, or all for the secretariat."""
    event = get_object(request.user, "event.view", Event.objects, pk=event_id)
    rows = Registration.objects.visible_to(request.user).filter(event=event)
    return [RegistrationOut.of(r) for r in rows.select_related("participant", "nominated_by")]


@router.post(
    "/event-registrations/{registration_id}/decision", response=RegistrationOut, auth=MEMBERS
)
def events_registration_decide(
    request: HttpRequest, registration_id: UUID, payload: DecideIn
) -> RegistrationOut:
    registration = get_object(
        request.user, "registration.decide", Registration.objects, pk=registration_id
    )
    return RegistrationOut.of(
        services.registration_decide(user=request.user, registration=registration, **payload.dict())
    )


@router.get("/events/{event_id}/feedback", response=FeedbackOut, auth=MEMBERS)
def events_feedback(request: HttpRequest, event_id: UUID) -> FeedbackOut:
    """Feedback aggregated for one event (the secretariat's)."""
    event = get_object(request.user, "event.change", Event.objects, pk=event_id)
    return FeedbackOut(**planning.feedback_summary(event))


@router.get("/host-requests", response=list[HostRequestOut], auth=MEMBERS)
def events_request_list(request: HttpRequest) -> list[HostRequestOut]:
    """Requests to host an event: the caller's organisations' own, or all for the secretariat."""
    rows = HostRequest.objects.visible_to(request.user).select_related("organisation")
    return [HostRequestOut.of(r) for r in rows]


@router.post("/host-requests", response={201: HostRequestOut}, auth=MEMBERS)
def events_request_submit(request: HttpRequest, payload: HostRequestIn) -> Status[HostRequestOut]:
    made = services.host_request_submit(
        user=request.user, organisation=acting_organisation(request), **payload.dict()
    )
    return Status(201, HostRequestOut.of(made))


@router.get("/host-requests/ranked", response=list[RankedOut], auth=MEMBERS)
def events_request_ranked(request: HttpRequest) -> list[RankedOut]:
    """Open requests ranked against the gaps of each State's needs assessment, with why."""
    require(request.user, "events.manage", None)
    rows = planning.rank_requests(HostRequest.objects.select_related("organisation"))
    return [
        RankedOut(rank=i, request=HostRequestOut.of(r.request), gap_score=r.score,
                  section=r.section, assessment=r.assessment, reason=r.reason)
        for i, r in enumerate(rows, start=1)
    ]  # fmt: skip


@router.get("/host-requests/{host_request_id}", response=HostRequestOut, auth=MEMBERS)
def events_request_get(request: HttpRequest, host_request_id: UUID) -> HostRequestOut:
    found = get_object(
        request.user, "host_request.view", HostRequest.objects.select_related("organisation"),
        pk=host_request_id,
    )  # fmt: skip
    return HostRequestOut.of(found)


@router.post("/host-requests/{host_request_id}/review", response=HostRequestOut, auth=MEMBERS)
def events_request_review(
    request: HttpRequest, host_request_id: UUID, payload: ReviewIn
) -> HostRequestOut:
    found = get_object(request.user, "host_request.review", HostRequest.objects, pk=host_request_id)
    return HostRequestOut.of(
        services.host_request_review(user=request.user, request=found, **payload.dict())
    )


@router.post("/host-requests/{host_request_id}/schedule", response={201: EventOut}, auth=MEMBERS)
def events_request_schedule(
    request: HttpRequest, host_request_id: UUID, payload: ScheduleIn
) -> Status[EventOut]:
    """An accepted request becomes an event."""
    found = get_object(request.user, "host_request.review", HostRequest.objects, pk=host_request_id)
    event = services.host_request_schedule(user=request.user, request=found, **payload.dict())
    return Status(201, EventOut.of(event))


@router.get("/event-planner", response=list[PlannerRow], auth=MEMBERS)
def events_planner(request: HttpRequest) -> list[PlannerRow]:
    """Life-cycle steps by region: recent events, open requests; practices per step."""
    require(request.user, "events.manage", None)
    data = planning.coverage()
    regions = [r.value for r in data["regions"]]
    return [
        PlannerRow(
            stage=row["stage"].value,
            events={r: c.events for r, c in zip(regions, row["cells"], strict=True)},
            requests={r: c.requests for r, c in zip(regions, row["cells"], strict=True)},
            practices=row["practices"],
        )
        for row in data["rows"]
    ]


class EventIn(InSchema):
    title: str = Field(min_length=1, max_length=200)
    stage: str
    starts_on: dt.date
    ends_on: dt.date
    capacity: int = Field(ge=1, le=10000)
    kind: str = EventKind.WORKSHOP
    topic: str = ""
    host: str = Field("", description="the host organisation's slug")
    region: str = ""
    venue: str = Field("", max_length=200)
    online: bool = False
    languages: list[str] = []
    confidentiality: str = Confidentiality.PUBLIC
    description: str = Field("", max_length=10000)


class AttendanceIn(InSchema):
    attended: bool


@router.post("/events", response={201: EventOut}, auth=MEMBERS)
def events_create(request: HttpRequest, payload: EventIn) -> Status[EventOut]:
    """The secretariat puts an event on the calendar."""
    require(request.user, "events.manage", None)
    values = payload.dict()
    slug = values.pop("host")
    host = Organisation.objects.filter(slug=slug).first() if slug else None
    if slug and host is None:
        raise NotVisible
    return Status(201, EventOut.of(services.event_create(user=request.user, host=host, **values)))


@router.post(
    "/event-registrations/{registration_id}/withdrawal", response=RegistrationOut, auth=MEMBERS
)
def events_registration_withdraw(request: HttpRequest, registration_id: UUID) -> RegistrationOut:
    """Withdraw a nomination; a freed place goes to the first on the waiting list."""
    registration = get_object(
        request.user, "registration.withdraw", Registration.objects, pk=registration_id
    )
    services.registration_withdraw(user=request.user, registration=registration)
    registration.refresh_from_db()
    return RegistrationOut.of(registration)


@router.post(
    "/event-registrations/{registration_id}/attendance", response=RegistrationOut, auth=MEMBERS
)
def events_registration_attendance(
    request: HttpRequest, registration_id: UUID, payload: AttendanceIn
) -> RegistrationOut:
    registration = get_object(
        request.user, "registration.decide", Registration.objects, pk=registration_id
    )
    return RegistrationOut.of(
        services.attendance_mark(
            user=request.user, registration=registration, attended=payload.attended
        )
    )


# --- Practices from an event, cancellation -------------------------------------------------


class PracticeFromEventOut(Schema):
    title: str
    status: str = Field(description="the draft's status in the compendium's review")
    practice_urn: str | None = Field(description="the published practice, once published")
    session: str
    contributors: str

    @staticmethod
    def of(p: selectors.Produced) -> PracticeFromEventOut:
        d = p.draft
        return PracticeFromEventOut(
            title=p.practice.title if p.practice else d.proposal.title, status=d.proposal.status,
            practice_urn=p.practice.urn if p.practice else None,
            session=d.session.title if d.session else "", contributors=d.contributors,
        )  # fmt: skip


class PracticeDraftIn(InSchema):
    title: str = Field(min_length=1, max_length=200)
    summary: str = Field(min_length=1, max_length=500)
    body: str = Field(min_length=1, max_length=20000, description="Markdown")
    audiences: list[str] = Field(min_length=1, description="compendium audience codes")
    threats: list[str] = Field(min_length=1, description="compendium threat codes")
    measure_types: list[str] = Field([], description="the event's topic if empty")
    session: int | None = Field(None, ge=1, description="the session's position in the programme")
    contributors: str = Field("", max_length=500)

    @field_validator("audiences", "threats", "measure_types")
    @classmethod
    def _known(cls, codes: list[str], info: ValidationInfo) -> list[str]:
        allowed = {"audiences": Audience, "threats": Threat, "measure_types": MeasureType}
        values = allowed[str(info.field_name)].values
        unknown = [c for c in codes if c not in values]
        if unknown:
            raise ValueError(f"unknown codes: {', '.join(unknown)}")
        return codes


class CancelIn(InSchema):
    reason: str = Field("", max_length=1000, description="sent to the participants")


@router.get("/events/{event_id}/practices", response=list[PracticeFromEventOut], auth=EVERYONE)
def events_practices(request: HttpRequest, event_id: UUID) -> list[PracticeFromEventOut]:
    """The practices the event produced; open drafts too for its rapporteurs and reviewers."""
    if (
        not request.user.is_authenticated
        and not Event.objects.public().filter(pk=event_id).exists()
    ):
        raise AuthenticationError
    event = get_object(request.user, "event.view", Event.objects, pk=event_id)
    drafts_too = can(request.user, "event.draft_practice", event) or can(
        request.user, "event.change", event
    )
    rows = selectors.practices_from(event)
    return [PracticeFromEventOut.of(p) for p in rows if drafts_too or p.practice is not None]


@router.post("/events/{event_id}/practices", response={201: PracticeFromEventOut}, auth=MEMBERS)
def events_practice_draft(
    request: HttpRequest, event_id: UUID, payload: PracticeDraftIn
) -> Status[PracticeFromEventOut]:
    """A rapporteur's candidate practice, sent to the compendium's review with provenance."""
    event = get_object(request.user, "event.draft_practice", Event.objects, pk=event_id)
    values = payload.dict()
    position = values.pop("session")
    session = event.sessions.filter(position=position).first() if position else None
    if position and session is None:
        raise NotVisible
    user = request.user
    assert isinstance(user, User)
    draft = services.practice_draft(user=user, event=event, session=session, **values)
    return Status(201, PracticeFromEventOut.of(selectors.Produced(draft, None)))


@router.post("/events/{event_id}/cancel", response=EventOut, auth=MEMBERS)
def events_cancel(request: HttpRequest, event_id: UUID, payload: CancelIn) -> EventOut:
    """Cancel an event: participants and calendars receive the cancellation."""
    event = get_object(request.user, "event.change", Event.objects, pk=event_id)
    return EventOut.of(services.event_cancel(user=request.user, event=event, reason=payload.reason))
