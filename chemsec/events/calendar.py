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

from django.core import signing
from django.utils.translation import gettext as _
from icalendar import Event as VEvent

from chemsec.events.choices import EventStatus
from chemsec.events.models import Event
from chemsec.network.calendar import organizer_for, to_ical

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
    organizer = organizer_for(method)
    items = (component(event, organizer=organizer, attendee=attendee) for event in events)
    return to_ical(items, prodid=PRODID, method=method, name=name)


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
