"""The API's error messages in the caller's language (Accept-Language, as for every answer).

A field error comes from pydantic as a type code (``greater_than``, ``missing``...) with its
parameters and an English sentence. The common codes are written here as translatable
sentences with the same parameters; a code not listed keeps pydantic's English sentence (a
client reads the machine-readable ``type`` either way)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.translation import gettext as _

_Text = Callable[[Mapping[str, Any]], str]


def _number(value: Any) -> Any:
    """A bound as pydantic writes it in its own sentence: 0, not 0.0 (a float field's bound
    is stored as a float)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


FIELD_TEXTS: dict[str, _Text] = {
    "missing": lambda c: _("This field is required."),
    "extra_forbidden": lambda c: _("This field is not part of the request."),
    "greater_than": lambda c: (
        _("Must be greater than %(limit)s.") % {"limit": _number(c.get("gt"))}
    ),
    "greater_than_equal": lambda c: (
        _("Must be at least %(limit)s.") % {"limit": _number(c.get("ge"))}
    ),
    "less_than": lambda c: _("Must be less than %(limit)s.") % {"limit": _number(c.get("lt"))},
    "less_than_equal": lambda c: _("Must be at most %(limit)s.") % {"limit": _number(c.get("le"))},
    "string_too_short": lambda c: (
        _("Must be at least %(count)s characters long.") % {"count": c.get("min_length")}
    ),
    "string_too_long": lambda c: (
        _("Must be at most %(count)s characters long.") % {"count": c.get("max_length")}
    ),
    "too_short": lambda c: (
        _("Must hold at least %(count)s items.") % {"count": c.get("min_length")}
    ),
    "too_long": lambda c: _("Must hold at most %(count)s items.") % {"count": c.get("max_length")},
    "int_parsing": lambda c: _("Must be a whole number."),
    "int_type": lambda c: _("Must be a whole number."),
    "int_from_float": lambda c: _("Must be a whole number."),
    "float_parsing": lambda c: _("Must be a number."),
    "float_type": lambda c: _("Must be a number."),
    "decimal_parsing": lambda c: _("Must be a number."),
    "decimal_type": lambda c: _("Must be a number."),
    "finite_number": lambda c: _("Must be a finite number."),
    "bool_parsing": lambda c: _("Must be true or false."),
    "bool_type": lambda c: _("Must be true or false."),
    "string_type": lambda c: _("Must be text."),
    "uuid_parsing": lambda c: _("Must be an identifier (UUID)."),
    "uuid_type": lambda c: _("Must be an identifier (UUID)."),
    "date_parsing": lambda c: _("Must be a date written YYYY-MM-DD."),
    "date_from_datetime_parsing": lambda c: _("Must be a date written YYYY-MM-DD."),
    "datetime_parsing": lambda c: _("Must be a date and time (ISO 8601)."),
    "datetime_from_date_parsing": lambda c: _("Must be a date and time (ISO 8601)."),
    "literal_error": lambda c: _("Must be one of: %(choices)s.") % {"choices": c.get("expected")},
    "enum": lambda c: _("Must be one of: %(choices)s.") % {"choices": c.get("expected")},
    "string_pattern_mismatch": lambda c: _("Is not written in the expected form."),
    "json_invalid": lambda c: _("The body is not valid JSON."),
    "list_type": lambda c: _("Must be a list."),
    "dict_type": lambda c: _("Must be an object."),
    "model_type": lambda c: _("Must be an object."),
    "model_attributes_type": lambda c: _("Must be an object."),
}


def field_message(error: Mapping[str, Any]) -> str:
    """One pydantic error in the caller's language; pydantic's own sentence for a code not
    written here."""
    text = FIELD_TEXTS.get(str(error.get("type", "")))
    if text is None:
        return str(error.get("msg", ""))
    return text(error.get("ctx") or {})


def request_not_valid() -> str:
    return _("The request is not valid.")


def not_found() -> str:
    return _("Not found.")


def not_allowed() -> str:
    return _("Not allowed.")


def sign_in_or_token() -> str:
    return _("Sign in or send an API token.")


def body_too_large(limit_mb: int) -> str:
    return _("The request body is over the limit of %(limit)s MB.") % {"limit": limit_mb}
