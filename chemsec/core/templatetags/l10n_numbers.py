"""``{{ value|number:2 }}``, ``{{ "km"|unit }}`` and ``{% labelled_numbers %}``: numbers and
unit symbols in visible text, written as the reader's language writes them
(chemsec.core.numbers). Drawings keep the dot (``unlocalize``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from chemsec.core import numbers
from chemsec.core.templatetags.list_join import list_separator

register = template.Library()


@register.filter
def number(value: Any, decimals: Any = None) -> str:
    """The number grouped and with the language's decimal mark ("" for "", "—" for None)."""
    if value == "":
        return ""
    places = None if decimals in (None, "") else int(decimals)
    try:
        return numbers.number(value, places)
    except (TypeError, ValueError):
        return str(value)


@register.filter
def unit(symbol: Any) -> str:
    """A unit symbol in the reader's language."""
    return numbers.unit(str(symbol))


@register.simple_tag
def labelled_numbers(*pairs: Any) -> SafeString:
    """``{% labelled_numbers _("score") 0.0 _("weight") 3 %}``: "(score 0.0, weight 3)" as
    the reader's language writes it - each label and its number held together (no-break
    space, isolated so that a right-to-left line keeps "الدرجة 0.0" whole), the language's
    list separator between them (the Arabic comma), never broken inside the brackets."""
    if len(pairs) % 2:
        raise template.TemplateSyntaxError("labelled_numbers takes label, number pairs")
    parts = [
        format_html('<bdi>{}\u00a0<bdi dir="ltr">{}</bdi></bdi>', label, numbers.number(value))
        for label, value in zip(pairs[::2], pairs[1::2], strict=True)
    ]
    separator = conditional_escape(list_separator().replace(" ", "\u00a0"))
    inner = mark_safe(separator.join(parts))  # noqa: S308 - escaped
    return format_html('<span class="labelled-numbers">({})</span>', inner)
