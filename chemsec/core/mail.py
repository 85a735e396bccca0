"""E-mails written in each recipient's language.

A message is composed once per recipient, under that person's language (the one they
last chose in the portal's language switch, `User.language`; else the portal's default),
so that a French focal point and an Arabic-speaking secretariat officer invited to the
same meeting each read it in their own language, dates included (`chemsec.core.dates`).
One message per person: no organisation learns who else received it. A failed send is
logged, never fatal.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import translation

log = logging.getLogger(__name__)

# () -> (subject, body), called under the recipient's language.
Compose = Callable[[], tuple[str, str]]


def mail_language(user: Any) -> str:
    """The language a person's e-mails are written in."""
    chosen = str(getattr(user, "language", "") or "")
    return chosen if chosen in dict(settings.LANGUAGES) else str(settings.LANGUAGE_CODE)


def send_each(
    users: Iterable[Any],
    compose: Compose,
    attachment: tuple[str, bytes, str] | None = None,
) -> int:
    """Send `compose()`'s subject and body to each person with an address, written in
    their language; returns how many were sent."""
    sent = 0
    for user in users:
        if not getattr(user, "email", ""):
            continue
        with translation.override(mail_language(user)):
            subject, body = compose()
        message = EmailMessage(" ".join(subject.split()), body, None, [user.email])
        if attachment is not None:
            message.attach(*attachment)
        try:
            sent += message.send()
        except (smtplib.SMTPException, OSError):
            log.exception("Could not send %r to user %s", subject, getattr(user, "pk", "?"))
    return sent
