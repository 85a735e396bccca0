"""Events as iCalendar (RFC 5545, read back with the icalendar parser): a file per event,
the feeds (public events for the public, what a member may see in a member's feed), the
invitation e-mailed on approval (RFC 5546 REQUEST), and a change or cancellation that
calendars apply (same UID, higher SEQUENCE, STATUS:CANCELLED)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from icalendar import Calendar

from chemsec.events import calendar, services
from chemsec.events.tests.conftest import TODAY

pytestmark = pytest.mark.django_db


def _vevents(data: bytes) -> list:
    return [c for c in Calendar.from_ical(data).walk() if c.name == "VEVENT"]


def _uids(data: bytes) -> set[str]:
    return {str(e["uid"]) for e in _vevents(data)}


def test_it_writes_an_all_day_event_with_an_exclusive_end(events):
    event = events["public"]
    (vevent,) = _vevents(calendar.event_file(event))
    assert vevent.decoded("dtstart") == event.starts_on
    assert vevent.decoded("dtend") == event.ends_on + dt.timedelta(days=1)  # RFC 5545 3.6.1
    assert str(vevent["summary"]) == "Public workshop"
    assert str(vevent["status"]) == "CONFIRMED"
    assert int(vevent["sequence"]) == 0


def test_a_change_keeps_the_uid_and_raises_the_sequence(events, reviewer):
    event = events["public"]
    before = _vevents(calendar.event_file(event))[0]
    services.event_update(user=reviewer, event=event, capacity=40)  # not shown: no new sequence
    event.refresh_from_db()
    assert event.sequence == 0
    services.event_update(user=reviewer, event=event, venue="Mombasa")
    event.refresh_from_db()
    after = _vevents(calendar.event_file(event))[0]
    assert str(after["uid"]) == str(before["uid"])
    assert int(after["sequence"]) == 1 and str(after["location"]) == "Mombasa"


def test_approval_emails_the_invitation_and_cancellation_sends_cancel(
    events, authority, dana, paul, reviewer
):
    event = events["public"]
    registration = services.participant_nominate(
        user=dana, event=event, organisation=authority, participant=paul
    )
    mail.outbox.clear()
    services.registration_decide(user=reviewer, registration=registration, approve=True)
    invitations = [m for m in mail.outbox if m.attachments]
    assert [m.to for m in invitations] == [["paul@example.org"]]
    name, content, mimetype = invitations[0].attachments[0]
    assert name == "event.ics" and mimetype.startswith("text/calendar; method=REQUEST")
    parsed = Calendar.from_ical(content)
    assert str(parsed["method"]) == "REQUEST"
    assert "paul@example.org" in str(_vevents(content)[0]["attendee"])

    mail.outbox.clear()
    services.event_cancel(user=reviewer, event=event, reason="The venue is closed.")
    (cancellation,) = [m for m in mail.outbox if m.attachments]
    content = cancellation.attachments[0][1]
    assert str(Calendar.from_ical(content)["method"]) == "CANCEL"
    vevent = _vevents(content)[0]
    assert str(vevent["status"]) == "CANCELLED" and int(vevent["sequence"]) == 1
    assert "The venue is closed." in cancellation.body
    event.refresh_from_db()
    with pytest.raises(ValidationError):
        services.participant_nominate(
            user=dana, event=event, organisation=authority, participant=dana
        )


def test_the_public_feed_lists_public_events_and_keeps_cancelled_ones(client, events, reviewer):
    services.event_cancel(user=reviewer, event=events["public"])
    response = client.get(reverse("events:calendar_public"))
    assert response["Content-Type"].startswith("text/calendar")
    (vevent,) = _vevents(response.content)
    assert str(vevent["uid"]) == calendar.uid(events["public"])
    assert str(vevent["status"]) == "CANCELLED"


def test_a_members_feed_lists_what_they_may_see(client, events, paul, omar):
    def feed(user):
        url = reverse("events:calendar_feed", kwargs={"token": calendar.feed_token(user.pk)})
        return client.get(url)

    assert _uids(feed(paul).content) == {calendar.uid(e) for e in events.values()}  # host
    assert _uids(feed(omar).content) == {
        calendar.uid(events["public"]), calendar.uid(events["network"])
    }  # fmt: skip
    forged = calendar.feed_token(paul.pk)[:-2] + "xx"
    assert client.get(reverse("events:calendar_feed", kwargs={"token": forged})).status_code == 404
    omar.is_active = False
    omar.save()
    assert feed(omar).status_code == 404


def test_the_download_follows_the_events_visibility(client, events, omar):
    assert client.get(reverse("events:event_ics", args=[events["public"].pk])).status_code == 200
    assert client.get(reverse("events:event_ics", args=[events["network"].pk])).status_code == 302
    client.force_login(omar)
    assert client.get(reverse("events:event_ics", args=[events["network"].pk])).status_code == 200
    url = reverse("events:event_ics", args=[events["restricted"].pk])
    assert client.get(url).status_code == 404


def test_a_past_event_sends_no_invitation(authority, dana, paul, reviewer):
    from chemsec.events.tests.conftest import make_event

    event = make_event(starts_on=TODAY, ends_on=TODAY, capacity=5)
    registration = services.participant_nominate(
        user=dana, event=event, organisation=authority, participant=paul
    )
    services.registration_decide(user=reviewer, registration=registration, approve=True)
    mail.outbox.clear()
    services.event_update(user=reviewer, event=event, starts_on=TODAY - dt.timedelta(days=2),
                          ends_on=TODAY - dt.timedelta(days=1))  # fmt: skip
    assert [m for m in mail.outbox if m.attachments] == []


def test_a_cancelled_event_is_marked_and_takes_no_nomination(client, events, reviewer, dana):
    event = events["public"]
    client.force_login(reviewer)
    response = client.post(reverse("events:event_cancel", args=[event.pk]), {"reason": ""})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == "cancelled" and event.sequence == 1
    client.force_login(dana)
    html = client.get(reverse("events:event", args=[event.pk])).content.decode()
    assert "This event is cancelled." in html
    assert "Nominate a participant" not in html
    assert "Cancelled" in client.get(reverse("events:list")).content.decode()
