"""E-mails of the network (the console backend by default): one message per person, so no
organisation learns who else received it; a failed send is logged, never fatal."""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable

from django.core.mail import EmailMessage, send_mail

from chemsec.core.choices import Role
from chemsec.core.models import Membership, Organisation

log = logging.getLogger(__name__)


def people_of(organisations: Iterable[Organisation], role: str = Role.VIEWER) -> list[str]:
    """The e-mail addresses of the organisations' people with at least `role`."""
    emails = (
        Membership.objects.filter(
            organisation__in=list(organisations),
            role__in=Role.at_least(role),
            user__is_active=True,
        )
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    return sorted(set(emails))


def send(subject: str, body: str, recipients: Iterable[str]) -> int:
    """Send to each recipient alone; returns how many were sent."""
    sent = 0
    for address in recipients:
        try:
            sent += send_mail(subject, body, None, [address])
        except (smtplib.SMTPException, OSError):
            log.exception("Could not send the network message %r", subject)
    return sent


def send_calendar(
    subject: str,
    body: str,
    recipients: Iterable[str],
    ics: bytes,
    method: str,
    filename: str = "meeting.ics",
) -> int:
    """An invitation or cancellation (RFC 5546 METHOD) with the meeting as an .ics file."""
    sent = 0
    for address in recipients:
        message = EmailMessage(subject, body, None, [address])
        message.attach(filename, ics, f"text/calendar; method={method}; charset=utf-8")
        try:
            sent += message.send()
        except (smtplib.SMTPException, OSError):
            log.exception("Could not send the network invitation %r", subject)
    return sent
