"""Demo events: three workshops on different life-cycle steps (a past storage workshop with
its programme, attendance, feedback, a rapporteur and the practices it produced, one
published in the compendium and one awaiting review; a network exercise on transport; a
public online course on waste) and Arcadia's request to host an event, under review. Safe
to run twice."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from chemsec.core.models import Organisation, User
from chemsec.core.policy import SYSTEM
from chemsec.events import services
from chemsec.events.models import Event

ARCADIA = "National Authority of Arcadia"
BOREALIA = "National Authority of Borealia"


def _org(name: str) -> Organisation | None:
    return Organisation.objects.filter(name=name).first()


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def populate() -> list[str]:
    if Event.objects.exists():
        return ["Demo events already present."]
    arcadia, borealia = _org(ARCADIA), _org(BOREALIA)
    if arcadia is None or borealia is None:
        return ["Demo events skipped: the demo organisations are missing."]
    today = timezone.localdate()
    soon = today + dt.timedelta(days=10)
    past = services.event_create(
        user=SYSTEM, title="Securing chemical storage: a regional workshop", stage="storage",
        topic="physical_protection", host=arcadia, starts_on=soon, ends_on=soon, capacity=2,
        venue="Arcadia City", languages=["en", "fr"],
        description="Practices for securing stores of chemicals of concern, from the compendium.",
    )  # fmt: skip
    services.session_add(user=SYSTEM, event=past, title="Opening and objectives",
                         speakers="Secretariat")  # fmt: skip
    services.session_add(
        user=SYSTEM, event=past, title="Access control for chemical stores",
        speakers="Dr Amara Okoye", materials=["https://www.cisa.gov/resources-tools/programs/chemical-facility-anti-terrorism-standards-cfats"],
    )  # fmt: skip
    lines = []
    people = [u for u in (_user("arcadia-admin"), _user("arcadia-analyst")) if u is not None]
    registrations = []
    for person in people:
        registration = services.participant_nominate(
            user=SYSTEM, event=past, organisation=arcadia, participant=person, consent_listed=True
        )
        registrations.append(
            services.registration_decide(user=SYSTEM, registration=registration, approve=True)
        )
    held = today - dt.timedelta(days=40)
    services.event_update(user=SYSTEM, event=past, starts_on=held, ends_on=held)
    for registration, attended in zip(registrations, (False, True), strict=False):
        registration.refresh_from_db()
        services.attendance_mark(user=SYSTEM, registration=registration, attended=attended)
        if attended:
            services.feedback_give(
                user=SYSTEM, registration=registration, content=5, speakers=4, organisation=4,
                comment="The access-control session was the most useful.",
            )  # fmt: skip
    _practices(past, people[-1] if people else None)
    exercise = services.event_create(
        user=SYSTEM, title="Table-top exercise: a tanker goes missing", kind="tabletop",
        stage="transport", topic="transport_security", host=borealia,
        starts_on=today + dt.timedelta(days=45), ends_on=today + dt.timedelta(days=46),
        capacity=20, venue="Borealia Port", languages=["es", "en"], confidentiality="network",
    )  # fmt: skip
    if (borealia_admin := _user("borealia-admin")) is not None:
        services.participant_nominate(
            user=SYSTEM, event=exercise, organisation=borealia, participant=borealia_admin
        )
    services.event_create(
        user=SYSTEM, title="Chemical waste security: an online course", kind="training",
        stage="waste", topic="inventory_control", starts_on=today + dt.timedelta(days=90),
        ends_on=today + dt.timedelta(days=92), capacity=60, online=True,
        languages=["en", "fr", "es", "ar", "ru", "zh"],
    )  # fmt: skip
    request = services.host_request_submit(
        user=SYSTEM, organisation=arcadia, topic="emergency_preparedness", stage="storage",
        region="africa", proposed_start=today + dt.timedelta(days=150),
        proposed_end=today + dt.timedelta(days=152), venue="Arcadia City",
        expected_participants=35,
        support_asked="Two trainers and the exercise materials; Arcadia provides the venue.",
    )  # fmt: skip
    services.host_request_review(user=SYSTEM, request=request, status="under_review")
    lines.append(
        "Demo events: three workshops (storage, past, with attendance, feedback and two "
        "practices drafted by its rapporteur, one published; "
        "transport; waste), Arcadia's request to host an event under review."
    )
    return lines


PRACTICES: list[dict[str, Any]] = [
    {
        "title": "Two-person rule for opening stores of chemicals of concern",
        "summary": "A store holding chemicals of concern is opened by two authorised people "
        "together, and every opening is logged.",
        "body": "- Split the means of opening (keys, codes, badges) between two roles.\n"
        "- Log each opening: who, when, why; review the log weekly.\n"
        "- Check the log against the inventory at each stock count.",
        "audiences": ["facility_operator"],
        "threats": ["insider", "theft_diversion"],
        "session": "Access control for chemical stores",
        "contributors": "Dr Amara Okoye; participants from Arcadia",
        "publish": True,
    },
    {
        "title": "Key control registers for chemical stores",
        "summary": "Every key and access badge to a chemical store is registered, issued "
        "against a signature and recovered when a person leaves.",
        "body": "- Keep one register of keys and badges per store.\n"
        "- Recover keys and revoke badges the day a person leaves or changes role.",
        "audiences": ["facility_operator"],
        "threats": ["insider"],
        "session": "Access control for chemical stores",
        "contributors": "Participants from Arcadia",
        "publish": False,
    },
]


def _practices(event: Event, rapporteur: User | None) -> None:
    """The workshop's rapporteur drafts two practices; the secretariat publishes one."""
    from chemsec.compendium.services import proposal_approve

    if rapporteur is None:
        return
    services.rapporteur_assign(user=SYSTEM, event=event, person=rapporteur)
    for item in PRACTICES:
        draft = services.practice_draft(
            user=rapporteur, event=event, title=item["title"], summary=item["summary"],
            body=item["body"], audiences=item["audiences"], threats=item["threats"],
            session=event.sessions.filter(title=item["session"]).first(),
            contributors=item["contributors"],
        )  # fmt: skip
        if item["publish"]:
            proposal_approve(
                user=SYSTEM, proposal=draft.proposal, note="Endorsed by the workshop's experts."
            )
