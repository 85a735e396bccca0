"""Numbers and unit symbols as the reader's language writes them, for visible text.

Python's format specs ("{:,.0f}", "%.2f", ":g") always write "3,000" and "63.45": in French
and Russian the comma is the decimal mark, so "3,000 personnes/km²" reads as three. Every
number shown in a page or a PDF goes through `number` (Django's locale formats: grouping
and decimal mark of the active language, chemsec.formats for Arabic and Chinese), and
every unit symbol through `unit`. Drawings (SVG coordinates, data attributes, CSS) keep
the dot: they use ``unlocalize`` or plain ``str``, never these helpers.

`fill` fills a translated message whose placeholders carry a format spec
("%(c).2f", "%(pa).0f") with the numbers written this way, so existing messages and their
translations keep working.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils import formats
from django.utils.translation import get_language_bidi, gettext, pgettext


def number(value: Any, decimals: int | None = None) -> str:
    """``value`` with the active language's grouping and decimal mark; ``decimals`` digits
    after the mark (None: as many as the value has). "—" for None."""
    if value is None:
        return "—"
    if isinstance(value, bool) or (isinstance(value, float) and not math.isfinite(value)):
        return str(value)
    if decimals is not None and isinstance(value, int | float | Decimal):
        # Django's number_format cuts the digits off (190352.84 -> "190 352"): round first
        value = Decimal(repr(value) if isinstance(value, float) else value).quantize(
            Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP
        )
    return str(formats.number_format(value, decimals, use_l10n=True, force_grouping=True))


def significant(value: Any, digits: int = 6) -> str:
    """``value`` to ``digits`` significant digits (Python's "g"), written as the active
    language writes numbers; a value so large or small that "g" gives an exponent keeps it."""
    if value is None:
        return "—"
    written = f"{value:.{digits}g}"
    if "e" in written or "n" in written:  # exponent, nan, inf: no grouping to localise
        return written.replace(".", formats.get_format("DECIMAL_SEPARATOR"))
    try:
        return number(Decimal(written))
    except InvalidOperation:  # pragma: no cover - "g" always writes a decimal
        return written


def signed(value: Any, decimals: int | None = None) -> str:
    """ "+0,0163" / "-0,0163": the sign always written; in a right-to-left language a
    left-to-right mark keeps the sign before the digits ("0.0163+" otherwise)."""
    if value is None:
        return "—"
    text = number(value, decimals)
    if not text.startswith("-"):
        text = "+" + text
    return ("\u200e" + text) if get_language_bidi() else text


def _unit_symbols() -> dict[str, str]:
    """Unit symbols, in the active language (SI symbols are the same in most languages;
    Russian and Arabic write their own)."""
    return {
        "m": pgettext("unit symbol, metre", "m"),
        "km": pgettext("unit symbol, kilometre", "km"),
        "mi": pgettext("unit symbol, mile", "mi"),
        "kg": gettext("kg"),
        "lb": pgettext("unit symbol, pound", "lb"),
        "s": pgettext("unit symbol, second", "s"),
        "K": pgettext("unit symbol, kelvin", "K"),
        "mg/L": pgettext("unit symbol, milligrams per litre", "mg/L"),
        "mg/m³": pgettext("unit symbol, milligrams per cubic metre", "mg/m³"),
        "ppm": pgettext("unit symbol, parts per million", "ppm"),
        "km²": pgettext("unit symbol, square kilometre", "km²"),
    }


def unit(symbol: str) -> str:
    """A unit symbol in the active language; an unknown symbol as it is."""
    return _unit_symbols().get(symbol, symbol)


def quantity(value: Any, symbol: str, decimals: int | None = None) -> str:
    """ "3 000 кг": the number and the unit symbol, in the active language."""
    return f"{number(value, decimals)} {unit(symbol)}"


# A number followed by one of the symbols above, as English texts stored before these
# helpers write them ("4494 m", "1.2 mi (1,931 m)", "< 100 m").
_STORED = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s(m|km|mi|kg|lb|s|K)(?!\w)")


def localise_quantities(text: str) -> str:
    """An English text's "<number> <unit>" parts rewritten in the active language."""

    def one(match: re.Match[str]) -> str:
        whole, fraction, symbol = match.groups()
        digits = whole.replace(",", "") + (fraction or "")
        return quantity(Decimal(digits), symbol)

    return _STORED.sub(one, text)


# "%(name)s", "%(name).2f", "%(name)d", "%(name).3g", "%%"
_PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?([-+ #0]*)(\d*)(?:\.(\d+))?([sdifgr%])")


def _filled(value: Any, precision: str | None, kind: str) -> str:
    if isinstance(value, list | tuple):  # names: joined as the language lists ("a، b")
        from chemsec.core.templatetags.list_join import list_separator

        return list_separator().join(str(v) for v in value)
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return str(value)
    if kind in "di":
        return number(int(value), 0)
    if kind == "f":
        return number(value, int(precision) if precision is not None else 6)
    if kind == "g":
        return significant(value, int(precision) if precision else 6)
    return number(value)


def fill(template: str, params: dict[str, Any]) -> str:
    """``template % params`` with every number written as the active language writes it,
    and a list of names joined with its list separator.
    Raises KeyError, TypeError or ValueError as ``%`` does (a missing or wrong parameter)."""

    def one(match: re.Match[str]) -> str:
        name, flags, _width, precision, kind = match.groups()
        if kind == "%":
            return "%"
        if name is None:
            raise TypeError("positional placeholders are not filled")
        value = params[name]
        if kind in "dif" and not isinstance(value, int | float | Decimal):
            raise TypeError(f"%({name}){kind} needs a number")
        text = _filled(value, precision, kind)
        if "+" in flags and isinstance(value, int | float | Decimal) and value >= 0:
            text = "+" + text
        return text

    return _PLACEHOLDER.sub(one, template)
