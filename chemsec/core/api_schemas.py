"""The base every API input schema derives from."""

from __future__ import annotations

import math
import sys
from typing import Any

from ninja import Schema
from pydantic import ConfigDict, field_validator
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
    def _refuse_what_is_not_data(cls, value: Any) -> Any:
        _check(value)
        return value


def _check(value: Any) -> None:
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
    elif isinstance(value, float):
        if value != 0 and math.isfinite(value) and abs(value) < sys.float_info.min:
            raise PydanticCustomError(
                "denormal_number", "This number is too small to be a quantity; give 0 or more."
            )
    elif isinstance(value, dict):
        for key, item in value.items():
            _check(key)
            _check(item)
    elif isinstance(value, list | tuple):
        for item in value:
            _check(item)
