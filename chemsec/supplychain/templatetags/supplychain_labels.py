"""Codes frozen in a report's body, shown in the reader's language:
`{{ code|sc_label:"indicator" }}`.

A report's body keeps codes (an indicator, a customer type, a payment method), never the
sender's words for them, so each reader sees them in their own language.
"""

from __future__ import annotations

import datetime as dt

from django import template
from django.db.models import TextChoices
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format

from chemsec.supplychain.choices import (
    CustomerType,
    Indicator,
    OrderOutcome,
    PaymentMethod,
    ReportKind,
)

register = template.Library()

VOCABULARIES: dict[str, type[TextChoices]] = {
    "indicator": Indicator,
    "customer_type": CustomerType,
    "payment": PaymentMethod,
    "outcome": OrderOutcome,
    "incident_kind": ReportKind,
}


@register.filter
def sc_label(code: object, vocabulary: str) -> str:
    """The label of `code` in `vocabulary`, or the code itself when it is not one of them
    (a code from a newer version is shown, never dropped)."""
    labels = dict(VOCABULARIES[vocabulary].choices)
    return str(labels.get(str(code), code))


@register.filter
def sc_quantity(value: object) -> str:
    """A quantity grouped in the reader's locale, without trailing zeros (12,345.5)."""
    from chemsec.supplychain.fact_texts import quantity_text

    return quantity_text(value)


@register.filter
def sc_rulebook(version: object) -> list[tuple[str, str]]:
    """A rule book's version string ("AG-EXPORT-LICENCE@1;CWC-S1-TRANSFER@1;...") as its
    (code, version) entries, for a folded list; an entry without a version keeps its text."""
    entries = []
    for part in str(version or "").split(";"):
        if part.strip():
            code, _at, number = part.strip().partition("@")
            entries.append((code, number))
    return entries


@register.filter
def sc_datetime(value: object) -> str:
    """A moment frozen in a report's body as an ISO 8601 string, in the reader's language
    (Django's localized DATETIME_FORMAT) and the portal's time zone, which is named; a date
    alone in the localized DATE_FORMAT. A value that is not an ISO date or time is shown as
    it is, never dropped."""
    if value is None or value == "":
        return ""
    text = str(value)
    try:
        day = parse_date(text) if len(text) <= len("YYYY-MM-DD") else None
        moment = parse_datetime(text) if day is None else None
    except ValueError:  # well formed, but not a real date or time
        return text
    if moment is None:
        return str(date_format(day, "DATE_FORMAT")) if day is not None else text
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, dt.UTC)  # the body's times are written in UTC
    local = timezone.localtime(moment)
    return f"{date_format(local, 'DATETIME_FORMAT')} ({local.tzname()})"
