"""Codes frozen in a report's body, shown in the reader's language:
`{{ code|sc_label:"indicator" }}`.

A report's body keeps codes (an indicator, a customer type, a payment method), never the
sender's words for them, so each reader sees them in their own language.
"""

from __future__ import annotations

from django import template
from django.db.models import TextChoices

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
