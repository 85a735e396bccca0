"""Events as iCalendar (RFC 5545, with the `icalendar` library, as the committee's meetings):
one file per event, a subscribable feed, and invitations (RFC 5546 REQUEST, or CANCEL once
the event is cancelled) attached to the e-mail that approves a registration.

An event keeps one UID for life and raises its SEQUENCE whenever its date, place or title
changes, so a calendar that holds it replaces it; a cancelled event stays in the feed with
STATUS:CANCELLED so that calendars remove it. Events are all-day entries (DTSTART;VALUE=DATE,
with the exclusive DTEND of RFC 5545 3.6.1: the day after the last day).

The public feed lists public events; a member's feed address carries a signed token naming
the person, so a calendar program subscribes without a session and gets what that person
may see now (no token: public events only).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as VEvent

from chemsec.events.choices import EventStatus
from chemsec.events.models import Event

PRODID = "-//ChemSec//Events//EN"
SALT = "chemsec.events.calendar"


def uid(event: Event) -> str:
    return f"{event.pk}@chemsec.events"


def component(event: Event, *, url: str = "", organizer: str = "", attendee: str = "") -> VEvent:
    item = VEvent()
    item.add("uid", uid(event))
    item.add("dtstamp", event.updated_at)
    item.add("dtstart", event.starts_on)
    item.add("dtend", event.ends_on + dt.timedelta(days=1))
    item.add("summary", event.title)
    item.add("sequence", event.sequence)
    if event.description:
        item.add("description", event.description)
    location = event.venue or (_("Online") if event.online else "")
    if location:
        item.add("location", location)
    if url:
        item.add("url", url)
    item.add("categories", [event.get_kind_display(), event.get_stage_display()])
    if organizer:  # RFC 5546: a REQUEST or CANCEL names its organizer and attendee
        item.add("organizer", f"mailto:{organizer}")
    if attendee:
        item.add("attendee", f"mailto:{attendee}", parameters={"ROLE": "REQ-PARTICIPANT"})
    cancelled = event.status == EventStatus.CANCELLED
    item.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return item


def calendar(
    events: Iterable[Event], *, method: str = "PUBLISH", name: str = "", attendee: str = ""
) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    organizer = settings.DEFAULT_FROM_EMAIL if method in ("REQUEST", "CANCEL") else ""
    for event in events:
        cal.add_component(component(event, organizer=organizer, attendee=attendee))
    data: bytes = cal.to_ical()
    return data


def event_file(event: Event) -> bytes:
    """The event as a file to download (PUBLISH; a cancelled one still says so)."""
    return calendar([event])


def invitation(event: Event, attendee: str) -> tuple[bytes, str]:
    """The invitation to one participant: (file, method), CANCEL for a cancelled event."""
    method = "CANCEL" if event.status == EventStatus.CANCELLED else "REQUEST"
    return calendar([event], method=method, attendee=attendee), method


def feed_token(user_id: int) -> str:
    return signing.dumps({"u": user_id}, salt=SALT)


def feed_user_id(token: str) -> int | None:
    """The person a feed token names, or None for a forged or altered one."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    user_id = data.get("u") if isinstance(data, dict) else None
    return user_id if isinstance(user_id, int) else None
