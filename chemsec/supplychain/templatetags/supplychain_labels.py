"""Codes frozen in a report's body, shown in the reader's language:
`{{ code|sc_label:"indicator" }}`.

A report's body keeps codes (an indicator, a customer type, a payment method), never the
sender's words for them, so each reader sees them in their own language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.db.models import TextChoices
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import npgettext, pgettext

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
    from chemsec.supplychain.presenters import rulebook_entries

    return rulebook_entries(version)


@register.filter
def sc_rulebook_shown(evaluation: object) -> list[Any]:
    """An evaluation's rule book entries with their titles in the reader's language where
    the title of that version is known (presenters.rulebook_shown)."""
    from chemsec.supplychain.decision import rulebook
    from chemsec.supplychain.presenters import rulebook_shown

    if not isinstance(evaluation, Mapping):
        return []
    return list(rulebook_shown(evaluation, rulebook()))


# The units the portal writes itself when none is given (an order line's default, an import
# row without a unit): words, so shown in the reader's language. Any other unit is as typed.
DEFAULT_UNITS = {"pack", "packs"}


@register.filter(is_safe=True)
def sc_unit(unit: object, quantity: object = None) -> SafeString:
    """An order line's unit after its quantity: a default unit ("pack") in the reader's
    language, agreeing with the quantity; any other unit as typed, isolated."""
    text = str(unit or "").strip()
    if text.lower() not in DEFAULT_UNITS:
        return format_html("<bdi>{}</bdi>", text) if text else mark_safe("")
    try:
        number = Decimal(str(quantity))
    except (InvalidOperation, ValueError):
        number = Decimal("NaN")
    if number.is_finite() and number == number.to_integral_value():
        label = npgettext("unit of an order line, after its quantity", "pack", "packs", int(number))
    else:  # a fraction of a pack (or no number): languages choose that form on their own
        label = pgettext("unit of an order line, after a quantity with a fraction (1.5)", "packs")
    return format_html("{}", label)


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
