"""Writes of events: events and their programme, nominations and their decision (with a
waiting list), attendance, feedback, requests to host an event and their review, and the
practices an event's rapporteurs draft for the compendium.

An approved participant is invited with the event as an .ics file (RFC 5546 REQUEST); a
change of date, place or title raises the event's SEQUENCE and re-sends it, a cancellation
sends CANCEL (chemsec.events.calendar).

Every service asks the policy first (`require`), whoever calls it, then writes through
chemsec.core.writes (audited {field: [old, new]}). E-mails go after the write.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from chemsec.compendium.choices import Audience, FacilityScale, Language, MeasureType, Threat
from chemsec.compendium.services import proposal_create
from chemsec.core.choices import Role
from chemsec.core.dates import local_date
from chemsec.core.models import Membership, Organisation, User
from chemsec.core.policy import Actor, require
from chemsec.core.writes import write_create, write_update
from chemsec.events.choices import (
    OPEN_REGISTRATION,
    REVIEW_NEXT,
    Confidentiality,
    EventKind,
    EventRoleKind,
    EventStatus,
    RegistrationStatus,
    RequestStatus,
)
from chemsec.events.models import (
    Event,
    EventPractice,
    EventRole,
    EventSession,
    Feedback,
    HostRequest,
    Registration,
)
from chemsec.network import notify


def _languages(codes: list[str]) -> list[str]:
    unknown = [c for c in codes if c not in Language.values]
    if unknown:
        raise ValidationError(
            {"languages": _("Unknown codes: %(codes)s") % {"codes": ", ".join(unknown)}}
        )
    return list(dict.fromkeys(codes))


# --- Events and their programme ----------------------------------------------------------


@transaction.atomic
def event_create(
    *,
    user: Actor,
    title: str,
    stage: str,
    starts_on: dt.date,
    ends_on: dt.date,
    capacity: int,
    kind: str = EventKind.WORKSHOP,
    topic: str = "",
    host: Organisation | None = None,
    region: str = "",
    venue: str = "",
    online: bool = False,
    languages: list[str] | None = None,
    confidentiality: str = Confidentiality.PUBLIC,
    description: str = "",
    request: HostRequest | None = None,
) -> Event:
    """The secretariat puts an event on the calendar (the region defaults to the host's)."""
    require(user, "events.manage", None)
    event = Event(
        kind=kind, title=title.strip(), description=description.strip(), stage=stage,
        topic=topic, host=host, region=region or (host.region if host else ""),
        starts_on=starts_on, ends_on=ends_on, venue=venue.strip(), online=online,
        languages=_languages(languages or []), capacity=capacity,
        confidentiality=confidentiality, request=request,
    )  # fmt: skip
    return write_create(event, actor=user, organisation=host)


EVENT_FIELDS = frozenset(
    {"title", "description", "kind", "stage", "topic", "region", "starts_on", "ends_on",
     "venue", "online", "languages", "capacity", "confidentiality"}
)  # fmt: skip


# What a calendar shows: a change to one of these raises the iCalendar SEQUENCE.
CALENDAR_FIELDS = frozenset({"title", "description", "starts_on", "ends_on", "venue", "online"})


@transaction.atomic
def event_update(*, user: Actor, event: Event, **values: Any) -> Event:
    """The secretariat changes an event (dates, venue, capacity, confidentiality...); a change
    calendars show re-sends the invitation, with a higher SEQUENCE, to approved participants."""
    require(user, "event.change", event)
    unknown = set(values) - EVENT_FIELDS
    if unknown:
        raise ValueError(f"Not an event field: {sorted(unknown)}")
    if event.status == EventStatus.CANCELLED:
        raise ValidationError(_("A cancelled event is not changed."))
    if "languages" in values:
        values["languages"] = _languages(values["languages"])
    seen = any(getattr(event, k) != v for k, v in values.items() if k in CALENDAR_FIELDS)
    if seen:
        values["sequence"] = event.sequence + 1
    event = write_update(event, actor=user, values=values)
    if seen:
        _invite(event, _approved_people(event))
    return event


@transaction.atomic
def event_cancel(*, user: Actor, event: Event, reason: str = "") -> Event:
    """Cancelled, not deleted: calendars receive the cancellation (a higher SEQUENCE), and so
    does every participant still nominated, approved or waiting."""
    require(user, "event.change", event)
    if event.status == EventStatus.CANCELLED:
        return event
    values = {"status": EventStatus.CANCELLED, "sequence": event.sequence + 1}
    event = write_update(event, actor=user, values=values)
    people = event.registrations.filter(status__in=OPEN_REGISTRATION).select_related("participant")
    _invite(event, [r.participant for r in people], reason=reason.strip())
    return event


def _approved_people(event: Event) -> list[User]:
    rows = event.registrations.filter(status=RegistrationStatus.APPROVED)
    return [r.participant for r in rows.select_related("participant")]


def _invite(event: Event, people: list[User], reason: str = "") -> int:
    """The event as an .ics file to each person (REQUEST, or CANCEL once cancelled); none for
    an event already over (recording a past event sends nothing)."""
    from chemsec.events.calendar import invitation

    if event.ends_on < timezone.localdate():
        return 0
    cancelled = event.status == EventStatus.CANCELLED

    def compose() -> tuple[str, str]:
        subject = (_("Cancelled: %(title)s") if cancelled else _("Invitation: %(title)s")) % {
            "title": event.title
        }
        body = _("%(title)s, %(start)s to %(end)s. %(where)s") % {
            "title": event.title, "start": local_date(event.starts_on),
            "end": local_date(event.ends_on), "where": event.venue or _("Online"),
        }  # fmt: skip
        return subject, body + ("\n\n" + reason if reason else "")

    sent = 0
    for person in people:
        if not person.email:
            continue
        ics, method = invitation(event, person.email)
        sent += notify.send_calendar(compose, [person], ics, method, filename="event.ics")
    return sent


@transaction.atomic
def session_add(
    *, user: Actor, event: Event, title: str, speakers: str = "", materials: list[str] | None = None
) -> EventSession:
    """A session at the end of the programme; materials are links (http or https)."""
    require(user, "event.change", event)
    links = [m.strip() for m in materials or [] if m.strip()]
    bad = [m for m in links if not m.startswith(("https://", "http://"))]
    if bad:
        raise ValidationError({"materials": _("Materials are links starting with https://.")})
    last = event.sessions.aggregate(n=Max("position"))["n"] or 0
    session = EventSession(
        event=event, position=last + 1, title=title.strip(), speakers=speakers.strip(),
        materials=links,
    )  # fmt: skip
    return write_create(session, actor=user, organisation=event.host)


# --- Registration: nomination, decision, waiting list, attendance -------------------------


def _approved(event: Event) -> int:
    return event.registrations.filter(status=RegistrationStatus.APPROVED).count()


@transaction.atomic
def participant_nominate(
    *,
    user: Actor,
    event: Event,
    organisation: Organisation | None,
    participant: User,
    consent_listed: bool = False,
) -> Registration:
    """A national authority nominates one of its people; the secretariat decides."""
    require(user, "event.view", event)
    require(user, "events.nominate", organisation)
    if organisation is None:
        raise ValueError("An organisation is required.")
    if not Membership.objects.filter(user=participant, organisation=organisation).exists():
        raise ValidationError({"participant": _("Nominate people of your own organisation.")})
    if event.ends_on < timezone.localdate():
        raise ValidationError(_("This event is over."))
    if event.status == EventStatus.CANCELLED:
        raise ValidationError(_("This event is cancelled."))
    existing: Registration | None = Registration.objects.filter(
        event=event, participant=participant
    ).first()
    if existing is not None:
        if existing.status != RegistrationStatus.WITHDRAWN:
            raise ValidationError(_("This person is already nominated."))
        values = {"status": RegistrationStatus.NOMINATED, "nominated_by": organisation,
                  "consent_listed": consent_listed, "reason": ""}  # fmt: skip
        return write_update(existing, actor=user, values=values)
    registration = Registration(
        event=event, participant=participant, nominated_by=organisation,
        consent_listed=consent_listed,
    )  # fmt: skip
    registration = write_create(registration, actor=user)
    notify.send(
        lambda: (
            _("Nomination for %(event)s") % {"event": event.title},
            _("%(org)s nominated a participant.") % {"org": organisation.name},
        ),
        notify.people_of(Organisation.objects.filter(kind="secretariat"), Role.REVIEWER),
    )
    return registration


@transaction.atomic
def registration_decide(
    *, user: Actor, registration: Registration, approve: bool, reason: str = ""
) -> Registration:
    """Approve (or put on the waiting list when the event is full) or decline with a reason."""
    require(user, "registration.decide", registration)
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.get(pk=registration.pk)  # its status now, not a copy's
    if registration.status != RegistrationStatus.NOMINATED:
        raise ValidationError(_("Only a nomination can be decided."))
    if not approve and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for declining.")})
    if approve and event.status == EventStatus.CANCELLED:
        raise ValidationError(_("This event is cancelled."))
    if not approve:
        status = RegistrationStatus.DECLINED
    elif _approved(event) < event.capacity:
        status = RegistrationStatus.APPROVED
    else:
        status = RegistrationStatus.WAITLISTED
    registration = write_update(
        registration, actor=user, values={"status": status, "reason": reason.strip()},
        action="approve",
    )  # fmt: skip
    notify.send(
        lambda: (
            _("Your nomination for %(event)s") % {"event": event.title},
            _("Status: %(status)s") % {"status": RegistrationStatus(status).label},
        ),
        [registration.participant],
    )
    if status == RegistrationStatus.APPROVED:
        _invite(event, [registration.participant])
    return registration


@transaction.atomic
def registration_withdraw(*, user: Actor, registration: Registration) -> Registration | None:
    """Withdraw a nomination; a freed place goes to the first on the waiting list (returned)."""
    require(user, "registration.withdraw", registration)
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.get(pk=registration.pk)  # its status now, not a copy's
    freed = registration.status == RegistrationStatus.APPROVED
    write_update(registration, actor=user, values={"status": RegistrationStatus.WITHDRAWN})
    if not freed or _approved(event) >= event.capacity:
        return None
    waiting: Registration | None = (
        event.registrations.filter(status=RegistrationStatus.WAITLISTED)
        .order_by("created_at")
        .first()
    )
    if waiting is None:
        return None
    promoted = write_update(
        waiting, actor=user, values={"status": RegistrationStatus.APPROVED}, action="approve"
    )
    notify.send(
        lambda: (
            _("A place for you at %(event)s") % {"event": event.title},
            _("A place became free: you are now approved."),
        ),
        [promoted.participant],
    )
    _invite(event, [promoted.participant])
    return promoted


@transaction.atomic
def attendance_mark(*, user: Actor, registration: Registration, attended: bool) -> Registration:
    """The secretariat marks an approved participant present or absent once the event began."""
    require(user, "registration.decide", registration)
    registration = Registration.objects.select_related("event").get(pk=registration.pk)
    if registration.status != RegistrationStatus.APPROVED:
        raise ValidationError(_("Attendance is marked for approved participants only."))
    if registration.event.starts_on > timezone.localdate():
        raise ValidationError(_("Attendance is marked once the event has begun."))
    return write_update(registration, actor=user, values={"attended": attended})


# --- Feedback ------------------------------------------------------------------------------


@transaction.atomic
def feedback_give(
    *,
    user: Actor,
    registration: Registration,
    content: int,
    speakers: int,
    organisation: int,
    comment: str = "",
) -> Feedback:
    """A participant who attended rates the event once (1-5) after it ended."""
    require(user, "registration.feedback", registration)
    if Feedback.objects.filter(registration=registration).exists():
        raise ValidationError(_("You have already given feedback on this event."))
    feedback = Feedback(
        registration=registration, content=content, speakers=speakers,
        organisation_rating=organisation, comment=comment.strip(),
    )  # fmt: skip
    return write_create(feedback, actor=user)


# --- Requests to host an event ------------------------------------------------------------


@transaction.atomic
def host_request_submit(
    *,
    user: Actor,
    organisation: Organisation | None,
    topic: str,
    stage: str,
    region: str,
    proposed_start: dt.date,
    proposed_end: dt.date,
    expected_participants: int,
    venue: str = "",
    support_asked: str = "",
) -> HostRequest:
    require(user, "host_request.create", organisation)
    if organisation is None:
        raise ValueError("An organisation is required.")
    request = HostRequest(
        organisation=organisation, topic=topic, stage=stage, region=region,
        proposed_start=proposed_start, proposed_end=proposed_end, venue=venue.strip(),
        expected_participants=expected_participants, support_asked=support_asked.strip(),
    )  # fmt: skip
    request = write_create(request, actor=user)
    name = organisation.name
    notify.send(
        lambda: (
            _("Request to host an event: %(name)s") % {"name": name},
            _("%(name)s asks to host an event.") % {"name": name},
        ),
        notify.people_of(Organisation.objects.filter(kind="secretariat"), Role.REVIEWER),
    )
    return request


@transaction.atomic
def host_request_review(
    *, user: Actor, request: HostRequest, status: str, reason: str = ""
) -> HostRequest:
    """Move a request along: submitted -> under review -> accepted, or declined (with reasons)."""
    require(user, "host_request.review", request)
    allowed = REVIEW_NEXT.get(RequestStatus(request.status), ())
    if status not in allowed:
        raise ValidationError(_("This request cannot move to that status."))
    if status == RequestStatus.DECLINED and not reason.strip():
        raise ValidationError({"reason": _("Give the reasons for declining.")})
    request = write_update(
        request, actor=user, values={"status": status, "reason": reason.strip()}, action="approve"
    )
    notify.send(
        lambda: (
            _("Your request to host an event"),
            _("Status: %(status)s") % {"status": RequestStatus(status).label},
        ),
        notify.people_of([request.organisation], Role.CONTRIBUTOR),
    )
    return request


@transaction.atomic
def host_request_schedule(
    *,
    user: Actor,
    request: HostRequest,
    title: str,
    capacity: int,
    kind: str = EventKind.WORKSHOP,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    confidentiality: str = Confidentiality.PUBLIC,
    languages: list[str] | None = None,
) -> Event:
    """An accepted request becomes an event (hosted by the requester), in one call."""
    require(user, "host_request.review", request)
    if request.status != RequestStatus.ACCEPTED:
        raise ValidationError(_("Only an accepted request is scheduled."))
    values: dict[str, Any] = {
        "title": title, "stage": request.stage, "topic": request.topic, "kind": kind,
        "starts_on": starts_on or request.proposed_start,
        "ends_on": ends_on or request.proposed_end, "capacity": capacity,
        "host": request.organisation, "region": request.region, "venue": request.venue,
        "online": not request.venue, "confidentiality": confidentiality,
        "languages": languages or [],
    }  # fmt: skip
    event = event_create(user=user, request=request, **values)
    write_update(request, actor=user, values={"status": RequestStatus.SCHEDULED})
    return event


# --- Rapporteurs and the practices they draft ----------------------------------------------


@transaction.atomic
def rapporteur_assign(*, user: Actor, event: Event, person: User) -> EventRole:
    """The secretariat names a rapporteur, who may then draft practices from the event."""
    require(user, "event.change", event)
    if not person.is_active or not Membership.objects.filter(user=person).exists():
        raise ValidationError({"person": _("A rapporteur is a member of the network.")})
    if EventRole.objects.filter(event=event, person=person, role=EventRoleKind.RAPPORTEUR).exists():
        raise ValidationError({"person": _("This person is already a rapporteur of the event.")})
    role = EventRole(event=event, person=person, role=EventRoleKind.RAPPORTEUR)
    return write_create(role, actor=user, organisation=event.host)


@transaction.atomic
def practice_draft(
    *,
    user: User,
    event: Event,
    title: str,
    summary: str,
    body: str,
    audiences: list[str],
    threats: list[str],
    measure_types: list[str] | None = None,
    facility_scale: list[str] | None = None,
    session: EventSession | None = None,
    contributors: str = "",
) -> EventPractice:
    """A rapporteur's candidate practice from the event, as a compendium draft (the
    compendium's own proposal service: experts comment and reviewers publish it), with its
    provenance: the event, the session, the contributors and the date, written into the
    draft's note so the published version keeps it."""
    require(user, "event.draft_practice", event)
    if session is not None and session.event_id != event.pk:
        raise ValidationError({"session": _("Choose a session of this event.")})
    for name, codes, allowed in (
        ("audiences", audiences, Audience.values), ("threats", threats, Threat.values),
        ("measure_types", measure_types or [], MeasureType.values),
        ("facility_scale", facility_scale or [], FacilityScale.values),
    ):  # fmt: skip
        if any(code not in allowed for code in codes):
            raise ValidationError({name: _("Choose among the listed values.")})
    topic = [event.topic] if event.topic else []
    data = {
        "title": title.strip(), "summary": summary.strip(), "body": body.strip(),
        "keywords": ["workshop"], "stages": [event.stage], "audiences": audiences,
        "measure_types": measure_types or topic, "threats": threats,
        "facility_scale": facility_scale or ["small", "medium", "large"],
    }  # fmt: skip
    draft = EventPractice(event=event, session=session, contributors=contributors.strip(),
                          drafted_by=user)  # fmt: skip
    draft.proposal = proposal_create(user=user, data=data, note=_provenance(draft))
    return write_create(draft, actor=user, organisation=event.host)


def _provenance(draft: EventPractice) -> str:
    event = draft.event
    where = event.venue or _("online")
    values = {"event": event.title, "start": local_date(event.starts_on),
              "end": local_date(event.ends_on), "where": where}  # fmt: skip
    parts = [
        _("Provenance: drafted by a rapporteur at %(event)s (%(start)s to %(end)s, %(where)s).")
        % values
    ]
    if draft.session is not None:
        parts.append(_("Session: %(session)s.") % {"session": draft.session.title})
    if draft.contributors:
        parts.append(_("Contributors: %(names)s.") % {"names": draft.contributors})
    parts.append(_("Drafted on %(date)s.") % {"date": local_date(timezone.localdate())})
    parts.append(draft.reference)
    return " ".join(parts)
