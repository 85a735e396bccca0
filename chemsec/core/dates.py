"""Dates and moments written for a reader: in the active language's formats (Django's
localized DATE_FORMAT and DATETIME_FORMAT: "7 décembre 2026", "٧ ديسمبر ٢٠٢٦"), moments in
the portal's time zone, which is named. One place for pages, PDFs and e-mails, so that a
sentence in French never carries an ISO date and a page and its PDF agree.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format


def local_date(day: dt.date) -> str:
    """A date in the active language's DATE_FORMAT (a moment: its local date)."""
    if isinstance(day, dt.datetime):
        day = timezone.localtime(_aware(day)).date()
    return str(date_format(day, "DATE_FORMAT", use_l10n=True))


def local_moment(moment: dt.datetime) -> str:
    """A moment in the active language's DATETIME_FORMAT, in the portal's time zone,
    named ("7 December 2026, 14:05 (UTC)"). A naive moment is taken as UTC, as the
    stored texts write their times."""
    local = timezone.localtime(_aware(moment))
    return f"{date_format(local, 'DATETIME_FORMAT', use_l10n=True)} ({local.tzname()})"


def local_when(value: object) -> str:
    """A date, a moment, or an ISO 8601 text of either (a value frozen in a stored body or
    in a drafted item's values), written for the reader; anything else as it is, never
    dropped."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        return local_moment(value)
    if isinstance(value, dt.date):
        return local_date(value)
    text = str(value)
    try:
        day = parse_date(text) if len(text) <= len("YYYY-MM-DD") else None
        moment = parse_datetime(text) if day is None else None
    except ValueError:  # well formed, but not a real date or time
        return text
    if day is not None:
        return local_date(day)
    return local_moment(moment) if moment is not None else text


def _aware(moment: dt.datetime) -> dt.datetime:
    return timezone.make_aware(moment, dt.UTC) if timezone.is_naive(moment) else moment
