"""The base every API input schema derives from."""

from __future__ import annotations

import math
import sys
from typing import Any, get_args

import annotated_types
from ninja import Schema
from pydantic import ConfigDict, ValidationInfo, field_validator
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError


class InSchema(Schema):
    """An endpoint's input: unknown fields, NaN and infinity are refused (422), not stored.

    A field the schema does not declare is an error naming it (``body.payload.<name>``,
    "Extra inputs are not permitted"), not silently dropped: a typo in an optional field's
    name would otherwise store its default and answer success. The OpenAPI document says so
    (``additionalProperties: false``, see chemsec/api.py).

    JSON from Python clients may carry them; they pass range validators (every comparison
    with NaN is false) and then break the science and the audit trail's JSON. So are
    denormal numbers (``5e-324``: no quantity is that small, and they overflow what is
    divided by them), lone surrogates (``"\\ud800"`` is valid JSON but not text: it
    cannot be encoded, stored or screened), and NUL characters (``"\\u0000"``: valid JSON
    and Python text, but PostgreSQL's text and jsonb cannot store it)."""

    model_config = ConfigDict(allow_inf_nan=False, extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _refuse_what_is_not_data(cls, value: Any, info: ValidationInfo) -> Any:
        field = cls.model_fields.get(info.field_name or "")
        # A nested input schema checks its own numbers, against its own fields' bounds.
        _check(value, _smallest(field), numbers=not _holds_schemas(field))
        return value


def _smallest(field: FieldInfo | None) -> str:
    """What a field takes instead of a denormal number, from its own bounds: "a number
    greater than 0 with at most 3 decimal places" for a quantity, "0 or more" for a cost."""
    low: str | None = None
    places: int | None = None
    for item in field.metadata if field is not None else ():
        if isinstance(item, annotated_types.Gt):
            low = f"a number greater than {item.gt}"
        elif isinstance(item, annotated_types.Ge):
            low = f"{item.ge} or more"
        elif isinstance(getattr(item, "decimal_places", None), int):
            places = item.decimal_places
    text = low or f"0, or a number at least {sys.float_info.min:.1e} away from 0"
    return f"{text} with at most {places} decimal places" if places is not None else text


def _holds_schemas(field: FieldInfo | None) -> bool:
    def schemas(kind: Any) -> bool:
        if isinstance(kind, type) and issubclass(kind, InSchema):
            return True
        return any(schemas(arg) for arg in get_args(kind))

    return field is not None and schemas(field.annotation)


def _check(value: Any, smallest: str = "0 or more", *, numbers: bool = True) -> None:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise PydanticCustomError(
                "lone_surrogate", "Text must be valid Unicode (it holds a lone surrogate)."
            ) from None
        if "\x00" in value:  # PostgreSQL's text and jsonb cannot hold it (a 500 there)
            raise PydanticCustomError(
                "nul_character", "Text must not hold a NUL character (U+0000)."
            )
    elif isinstance(value, float) and numbers:
        if value != 0 and math.isfinite(value) and abs(value) < sys.float_info.min:
            raise PydanticCustomError(
                "denormal_number",
                "This number is too small to be a quantity; give {smallest}.",
                {"smallest": smallest},
            )
    elif isinstance(value, dict):
        for key, item in value.items():
            _check(key, smallest, numbers=numbers)
            _check(item, smallest, numbers=numbers)
    elif isinstance(value, list | tuple):
        for item in value:
            _check(item, smallest, numbers=numbers)
