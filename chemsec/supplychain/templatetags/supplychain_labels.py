"""Codes frozen in a report's body, shown in the reader's language:
`{{ code|sc_label:"indicator" }}`.

A report's body keeps codes (an indicator, a customer type, a payment method), never the
sender's words for them, so each reader sees them in their own language.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.db.models import TextChoices
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import npgettext, pgettext

from chemsec.core.dates import local_when
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
    """A moment in the reader's language and the portal's time zone, which is named: the
    same on a report's page and in its PDF, whether the moment is a stored date and time or
    frozen in a report's body as an ISO 8601 string (`chemsec.core.dates.local_when`)."""
    return local_when(value)


@register.filter
def sc_month(value: object) -> str:
    """A month written "2026-12" in the reader's language (YEAR_MONTH_FORMAT: "December
    2026"); anything else as it is."""
    text = str(value or "")
    day = None
    with contextlib.suppress(ValueError):  # "2026-13": not a month, shown as it is
        day = parse_date(f"{text}-01") if len(text) == len("YYYY-MM") else None
    return str(date_format(day, "YEAR_MONTH_FORMAT")) if day is not None else text


@register.filter
def sc_dir(value: object) -> str:
    """The direction of a typed text for a block's dir attribute: "ltr", "rtl", or "auto"
    when it has no letter (the browser decides; WeasyPrint keeps the page's direction)."""
    from chemsec.supplychain.presenters import text_direction

    return text_direction(value) or "auto"


@register.filter(is_safe=True)
def sc_text(value: object) -> SafeString:
    """Typed text (a name, an address, a message) each line isolated in its own direction,
    so an English line keeps its full stop at its end on an Arabic page or in an Arabic PDF
    and an Arabic line on an English one; the line breaks are kept (for a pre-wrap block).
    An empty value gives an empty string, so `|default:"—"` can follow."""
    from chemsec.supplychain.presenters import isolated

    text = str(value if value is not None else "")
    if not text.strip():
        return mark_safe("")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return mark_safe(  # noqa: S308 - every line is escaped by format_html
        "\n".join(isolated(line) if line else "" for line in lines)
    )


@register.filter
def sc_texts(values: object) -> list[SafeString]:
    """Each typed text of a list isolated (`sc_text`), for `|list_join`."""
    items = values if isinstance(values, list | tuple) else []
    return [sc_text(v) for v in items]


@register.filter(is_safe=True)
def sc_product_line(line: object) -> SafeString:
    """A product line of a report's transaction (its body's code, name, quantity, unit) as
    the reader's language orders it, each datum isolated: in Arabic "8 packs SA96
    Sulphuric acid 96 %" read right to left, not "% SA96 Sulphuric acid 96 pack 8"."""
    from chemsec.supplychain.presenters import isolated

    item = line if isinstance(line, Mapping) else {}
    quantity = item.get("quantity")
    name = str(item.get("name") or "")
    parts = {
        "quantity": str(format_html('<bdi dir="ltr">{}</bdi>', sc_quantity(quantity))),
        "unit": str(sc_unit(item.get("unit"), quantity)),
        "code": str(format_html('<bdi dir="ltr" class="code-id">{}</bdi>', item.get("code") or "")),
        "name": isolated(name),
    }
    pattern = pgettext(
        "a product line of a report: its quantity, unit, product code and product name",
        "%(quantity)s %(unit)s %(code)s %(name)s",
    )
    return mark_safe(str(conditional_escape(pattern)) % parts)  # noqa: S308 - parts are escaped
