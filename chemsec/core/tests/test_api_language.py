"""``?lang=``: one definition (chemsec.core.api_language) for every API operation that takes
it. Chinese is asked for as ``zh`` or by the portal's own code ``zh-hans`` (any case); the
answer is the same; an unknown language is refused on that parameter (QA: ``?lang=zh-hans``
was a 422 on /api/v1/supplychain/rules and everywhere else)."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from django.test import Client
from pydantic import TypeAdapter, ValidationError

from chemsec.api import api
from chemsec.core.api_language import API_LANGUAGES, ApiLanguage

SPELLINGS = ["zh", "zh-hans", "ZH-Hans", "zh_Hans"]


def _operations() -> list[tuple[str, str]]:
    """(method, path) of every operation with a ``lang`` query parameter, from the OpenAPI
    document (the live list: a new endpoint taking ``lang`` is tested too)."""
    spec = api.get_openapi_schema()
    found = []
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
            if "lang" in names:
                found.append((method, path))
    return sorted(found)


OPERATIONS = _operations()


def test_the_operations_taking_lang_are_found() -> None:
    paths = {path for _method, path in OPERATIONS}
    assert "/api/v1/supplychain/rules" in paths and len(OPERATIONS) >= 15, OPERATIONS


@pytest.mark.parametrize("value", [*API_LANGUAGES, "zh-hans", "ZH-HANS", " Fr ", "AR"])
def test_the_type_takes_the_short_codes_and_zh_hans_in_any_case(value: str) -> None:
    got = TypeAdapter(ApiLanguage).validate_python(value)
    assert got in API_LANGUAGES and got == {"zh-hans": "zh"}.get(
        value.strip().lower(), value.strip().lower()
    )


@pytest.mark.parametrize("value", ["xx", "zh-hant", "zh-tw", "", "english", 5])
def test_the_type_refuses_other_languages(value: Any) -> None:
    with pytest.raises(ValidationError):
        TypeAdapter(ApiLanguage).validate_python(value)


def _call(client: Client, method: str, path: str, lang: str) -> Any:
    url = re.sub(r"\{[^}]+\}", lambda m: str(uuid.uuid4()) if "id" in m.group() else "x", path)
    if method == "get":
        return client.get(url, {"lang": lang})
    return getattr(client, method)(f"{url}?lang={lang}", data={}, content_type="application/json")


def _lang_refused(response: Any) -> bool:
    if response.status_code != 422:
        return False
    details = response.json()["error"]["details"]
    return any(d["field"] in ("query.lang", "query.params.lang") for d in details)


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m}-{p}" for m, p in OPERATIONS])
def test_every_operation_takes_both_spellings_of_chinese(alice, method: str, path: str) -> None:
    client = Client()
    client.force_login(alice)
    for spelling in SPELLINGS:
        response = _call(client, method, path, spelling)
        assert not _lang_refused(response), (spelling, response.content[:300])
    assert _lang_refused(_call(client, method, path, "xx"))
    if method == "get" and "{" not in path:
        short = client.get(path, {"lang": "zh"})
        assert short.status_code == 200
        assert client.get(path, {"lang": "zh-hans"}).json() == short.json()


@pytest.mark.django_db
def test_the_rule_titles_come_in_chinese_for_zh_hans(alice) -> None:
    client = Client()
    client.force_login(alice)
    english = client.get("/api/v1/supplychain/rules", {"lang": "en"}).json()
    chinese = client.get("/api/v1/supplychain/rules", {"lang": "zh-hans"}).json()
    assert [r["code"] for r in chinese] == [r["code"] for r in english]
    assert any(c["title"] != e["title"] for c, e in zip(chinese, english, strict=True))
