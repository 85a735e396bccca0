"""E-mails of the network and the events (the console backend by default), each written
in its recipient's language (`chemsec.core.mail`): one message per person, so no
organisation learns who else received it; a failed send is logged, never fatal."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from chemsec.core.choices import Role
from chemsec.core.mail import Compose, send_each
from chemsec.core.models import Organisation, User


def people_of(organisations: Iterable[Organisation], role: str = Role.VIEWER) -> list[Any]:
    """The organisations' active people with at least `role` and an address, each once
    (by address)."""
    users = (
        User.objects.filter(
            memberships__organisation__in=list(organisations),
            memberships__role__in=Role.at_least(role),
            is_active=True,
        )
        .exclude(email="")
        .distinct()
        .order_by("email", "pk")
    )
    by_address: dict[str, Any] = {}
    for user in users:
        by_address.setdefault(user.email, user)
    return list(by_address.values())


def send(compose: Compose, recipients: Iterable[Any]) -> int:
    """Send to each person alone, in their language; returns how many were sent."""
    return send_each(recipients, compose)


def send_calendar(
    compose: Compose,
    recipients: Iterable[Any],
    ics: bytes,
    method: str,
    filename: str = "meeting.ics",
) -> int:
    """An invitation or cancellation (RFC 5546 METHOD) with the meeting as an .ics file."""
    mimetype = f"text/calendar; method={method}; charset=utf-8"
    return send_each(recipients, compose, (filename, ics, mimetype))
