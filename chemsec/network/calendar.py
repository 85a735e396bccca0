"""Meetings as iCalendar (RFC 5545, with the `icalendar` library): one file per meeting
(METHOD:PUBLISH, or CANCEL for a cancelled meeting, RFC 5546) and a subscribable feed.

The feed's address carries a signed token naming the person, so a calendar program can
subscribe without a session; it lists only the meetings that person may see now.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core import signing
from icalendar import Calendar, Event

from chemsec.network.choices import MeetingStatus
from chemsec.network.models import Meeting

PRODID = "-//ChemSec//Network committee//EN"
SALT = "chemsec.network.calendar"


def uid(meeting: Meeting) -> str:
    return f"{meeting.pk}@chemsec.network"


def event(meeting: Meeting, url: str = "", organizer: str = "") -> Event:
    item = Event()
    item.add("uid", uid(meeting))
    item.add("dtstamp", meeting.updated_at)
    item.add("dtstart", meeting.starts_at)
    item.add("dtend", meeting.ends_at)
    item.add("summary", meeting.title)
    item.add("sequence", meeting.sequence)
    location = ", ".join(part for part in (meeting.place, meeting.online_url) if part)
    if location:
        item.add("location", location)
    if url:
        item.add("url", url)
    item.add("categories", [meeting.committee.name])
    if organizer:  # RFC 5546: a REQUEST or CANCEL names its organizer
        item.add("organizer", f"mailto:{organizer}")
    cancelled = meeting.status == MeetingStatus.CANCELLED
    item.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return item


def organizer_for(method: str) -> str:
    """RFC 5546: a REQUEST or a CANCEL names its organizer; a published file does not."""
    return settings.DEFAULT_FROM_EMAIL if method in ("REQUEST", "CANCEL") else ""


def to_ical(items: Iterable[Event], *, prodid: str, method: str, name: str = "") -> bytes:
    """A VCALENDAR of the given VEVENTs (the committee's meetings, the events' workshops)."""
    cal = Calendar()
    cal.add("prodid", prodid)
    cal.add("version", "2.0")
    cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    for item in items:
        cal.add_component(item)
    data: bytes = cal.to_ical()
    return data


def calendar(meetings: Iterable[Meeting], *, method: str = "PUBLISH", name: str = "") -> bytes:
    organizer = organizer_for(method)
    items = (event(meeting, organizer=organizer) for meeting in meetings)
    return to_ical(items, prodid=PRODID, method=method, name=name)


def meeting_file(meeting: Meeting, *, invitation: bool = False) -> bytes:
    """The meeting as a file: PUBLISH (or REQUEST for an invitation), CANCEL once cancelled."""
    if meeting.status == MeetingStatus.CANCELLED:
        return calendar([meeting], method="CANCEL")
    return calendar([meeting], method="REQUEST" if invitation else "PUBLISH")


def feed_token(user_id: int, committee_slug: str) -> str:
    return signing.dumps({"u": user_id, "c": committee_slug}, salt=SALT)


def feed_user_id(token: str, committee_slug: str) -> int | None:
    """The person a feed token names, or None for a forged, altered or other committee's one."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("c") != committee_slug:
        return None
    user_id = data.get("u")
    return user_id if isinstance(user_id, int) else None
