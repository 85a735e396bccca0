"""Nomination, decision, waiting list, withdrawal with promotion, attendance, certificate
and feedback, through the services and as each persona."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from chemsec.core.choices import Role
from chemsec.core.policy import SYSTEM, Denied, NotVisible
from chemsec.events import planning, services
from chemsec.events.models import Registration
from chemsec.events.tests.conftest import TODAY, make_event

pytestmark = pytest.mark.django_db


def test_waiting_list_and_promotion_when_someone_withdraws(
    events, authority, dana, paul, reviewer, make_user
):
    event = events["public"]  # capacity 1
    pia = make_user("pia", authority, Role.VIEWER)
    first = services.participant_nominate(
        user=dana, event=event, organisation=authority, participant=paul, consent_listed=True
    )
    second = services.participant_nominate(
        user=dana, event=event, organisation=authority, participant=pia
    )
    assert (
        services.registration_decide(user=reviewer, registration=first, approve=True).status
        == "approved"
    )
    assert (
        services.registration_decide(user=reviewer, registration=second, approve=True).status
        == "waitlisted"
    )
    promoted = services.registration_withdraw(user=dana, registration=first)
    assert promoted is not None and promoted.pk == second.pk and promoted.status == "approved"
    assert Registration.objects.get(pk=first.pk).status == "withdrawn"


def test_only_a_national_authority_nominates_its_own_people(
    events, authority, meridian, alice, bob, dana, charlie
):
    event = events["public"]
    with pytest.raises(Denied):  # an operator is not a national authority
        services.participant_nominate(
            user=alice, event=event, organisation=meridian, participant=bob
        )
    with pytest.raises(ValidationError):  # Bob is not Arcadia's
        services.participant_nominate(
            user=dana, event=event, organisation=authority, participant=bob
        )
    with pytest.raises(
        NotVisible
    ):  # the network event is not Charlie's... but restricted is hidden
        services.participant_nominate(
            user=charlie, event=events["restricted"], organisation=authority, participant=dana
        )


def test_the_secretariat_decides_and_a_state_only_sees(
    events, authority, dana, paul, reviewer, charlie
):
    registration = services.participant_nominate(
        user=dana, event=events["public"], organisation=authority, participant=paul
    )
    with pytest.raises(Denied):  # Dana sees her nomination, may not decide it
        services.registration_decide(user=dana, registration=registration, approve=True)
    with pytest.raises(NotVisible):
        services.registration_decide(user=charlie, registration=registration, approve=True)
    with pytest.raises(ValidationError):  # declining needs a reason
        services.registration_decide(user=reviewer, registration=registration, approve=False)
    declined = services.registration_decide(
        user=reviewer, registration=registration, approve=False, reason="Full delegation"
    )
    assert declined.status == "declined" and declined.reason == "Full delegation"


def test_attendance_after_the_start_then_certificate_and_feedback(authority, dana, paul, reviewer):
    past = make_event(
        title="Storage workshop", stage="storage", capacity=5,
        starts_on=TODAY - dt.timedelta(days=10), ends_on=TODAY - dt.timedelta(days=9),
    )  # fmt: skip
    with pytest.raises(ValidationError):  # nominations close when the event is over
        services.participant_nominate(
            user=dana, event=past, organisation=authority, participant=paul
        )
    registration = Registration.objects.none()
    from chemsec.core.writes import unaudited

    with unaudited("test fixture: a nomination made before the event"):
        registration = Registration.objects.create(
            event=past, participant=paul, nominated_by=authority, status="approved"
        )
    with pytest.raises(Denied):
        services.feedback_give(
            user=paul, registration=registration, content=5, speakers=4, organisation=3
        )
    services.attendance_mark(user=reviewer, registration=registration, attended=True)
    services.feedback_give(
        user=paul,
        registration=registration,
        content=5,
        speakers=4,
        organisation=3,
        comment="Useful",
    )
    with pytest.raises(ValidationError):  # once only
        services.feedback_give(
            user=paul, registration=registration, content=1, speakers=1, organisation=1
        )
    summary = planning.feedback_summary(past)
    assert summary == {
        "count": 1,
        "averages": {"content": 5.0, "speakers": 4.0, "organisation": 3.0},
        "comments": ["Useful"],
    }


def test_attendance_is_not_marked_before_the_event(events, authority, dana, paul, reviewer):
    registration = services.participant_nominate(
        user=dana, event=events["public"], organisation=authority, participant=paul
    )
    services.registration_decide(user=reviewer, registration=registration, approve=True)
    with pytest.raises(ValidationError):
        services.attendance_mark(user=reviewer, registration=registration, attended=True)


def test_sessions_take_links_only(events, reviewer, dana):
    event = events["public"]
    with pytest.raises(Denied):
        services.session_add(user=dana, event=event, title="Opening")
    with pytest.raises(ValidationError):
        services.session_add(
            user=reviewer, event=event, title="Opening", materials=["file:///etc/passwd"]
        )
    one = services.session_add(user=reviewer, event=event, title="Opening", speakers="A. Chair")
    two = services.session_add(
        user=SYSTEM, event=event, title="Transport rules", materials=["https://unece.org/adr"]
    )
    assert (one.position, two.position) == (1, 2)


def test_an_event_needs_a_venue_or_online_and_ends_after_it_starts(db):
    with pytest.raises(ValidationError):
        make_event(venue="", online=False)
    with pytest.raises(ValidationError):
        make_event(ends_on=TODAY)
    assert make_event(venue="", online=True).online
