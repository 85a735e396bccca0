"""``{{ value|number:2 }}`` and ``{{ "km"|unit }}``: numbers and unit symbols in visible text,
written as the reader's language writes them (chemsec.core.numbers). Drawings keep the dot
(``unlocalize``)."""

from __future__ import annotations

from typing import Any

from django import template

from chemsec.core import numbers

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
