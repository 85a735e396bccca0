"""What a member contributed through events: the events it hosted (as the reader may see
them) and the experts it trained, each person counted once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from chemsec.core.choices import Role
from chemsec.events import services
from chemsec.events.tests.conftest import TODAY, make_event
from chemsec.network.contributions import events_hosted, experts_trained_for

pytestmark = pytest.mark.django_db


def _attend(event, organisation, person, nominator, reviewer):
    registration = services.participant_nominate(
        user=nominator, event=event, organisation=organisation, participant=person
    )
    services.registration_decide(user=reviewer, registration=registration, approve=True)
    past = TODAY - dt.timedelta(days=5)
    services.event_update(user=reviewer, event=event, starts_on=past, ends_on=past)
    registration.refresh_from_db()
    services.attendance_mark(user=reviewer, registration=registration, attended=True)


def test_experts_trained_count_each_person_once(authority, dana, paul, reviewer, make_user):
    first = make_event(title="First", capacity=5)
    second = make_event(title="Second", capacity=5)
    _attend(first, authority, paul, dana, reviewer)
    _attend(second, authority, paul, dana, reviewer)
    pia = make_user("pia", authority, Role.VIEWER)
    registration = services.participant_nominate(
        user=dana, event=make_event(title="Third", capacity=5), organisation=authority,
        participant=pia,
    )  # fmt: skip  # nominated, never attended: not trained
    assert registration.attended is None
    assert experts_trained_for(authority) == {paul.pk}


def test_hosted_events_follow_what_the_reader_may_see(events, authority, omar):
    titles = [h.title for h in events_hosted(authority, omar)]
    assert titles == []  # the restricted course is not Omar's to see
    assert [h.title for h in events_hosted(authority, AnonymousUser())] == []
    public = make_event(title="Hosted publicly", host=authority)
    assert [h.title for h in events_hosted(authority, AnonymousUser())] == [public.title]


def test_the_member_page_shows_hosted_events_and_experts_trained(
    client, authority, dana, paul, reviewer
):
    from django.urls import reverse

    from chemsec.network import services as network

    member = network.member_apply(
        user=dana, organisation=authority, stages=["storage"], topics=[], focal_point_name="D"
    )
    network.member_decide(user=reviewer, member=member, approve=True)
    event = make_event(title="Arcadia hosts storage security", host=authority, capacity=5)
    _attend(event, authority, paul, dana, reviewer)
    html = client.get(reverse("network:member", args=[member.pk])).content.decode()
    assert "Arcadia hosts storage security" in html
    assert "1 person of this organisation attended" in html
