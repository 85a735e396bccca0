"""The API's validation errors in the caller's language, from pydantic's error codes."""

from __future__ import annotations

import typing

import pytest
from django.test import Client
from django.utils import translation
from pydantic import BaseModel, Field, ValidationError
from pydantic_core.core_schema import ErrorType

from chemsec.core.api_errors import FIELD_TEXTS, field_message


class _Line(BaseModel):
    quantity: float = Field(gt=0)
    code: str = Field(max_length=4)


def _errors(**values: object) -> list[dict[str, typing.Any]]:
    with pytest.raises(ValidationError) as caught:
        _Line(**values)
    return [dict(error) for error in caught.value.errors()]


def test_every_code_written_here_is_one_pydantic_raises():
    assert set(FIELD_TEXTS) <= set(typing.get_args(ErrorType))


def test_a_bound_is_said_with_its_limit():
    messages = [field_message(e) for e in _errors(quantity=-5, code="ABCDE")]
    assert messages == ["Must be greater than 0.", "Must be at most 4 characters long."]


def test_an_unknown_code_keeps_pydantics_own_sentence():
    error = {"type": "no_such_code", "msg": "Something pydantic said", "ctx": {}}
    assert field_message(error) == "Something pydantic said"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_api_answers_a_bad_body_in_the_callers_language(language):
    response = Client().post(
        "/api/v1/screening/check",
        {"identifiers": "not a list", "no_such_field": 1},
        content_type="application/json",
        headers={"accept-language": language},
    )
    assert response.status_code == 422
    error = response.json()["error"]
    with translation.override(language):
        assert error["message"] == translation.gettext("The request is not valid.")
        wanted = {translation.gettext("This field is not part of the request.")}
    assert wanted <= {detail["message"] for detail in error["details"]}
