"""Issue 15: the OpenAPI document at /api/v1/openapi.json is accurate. One schema per name
(POST /api/v1/assessments was documented with the risk register's `AssessmentIn`), public
operations marked public, every error status documented with the one error body, and
unknown properties declared refused where the schema refuses them."""

from __future__ import annotations

import re
from typing import Any

import pytest
from ninja import Router, Schema
from pydantic import ConfigDict

from chemsec.api import (
    BODY_ERROR_STATUSES,
    ERROR_STATUSES,
    ChemSecAPI,
    api,
    is_public,
    operations,
    schema_models,
)
from chemsec.core.api_auth import EVERYONE, MEMBERS

REF = "#/components/schemas/"


@pytest.fixture
def spec(client: Any, db: None) -> dict[str, Any]:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return dict(response.json())


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, details)
        for path, item in spec["paths"].items()
        for method, details in item.items()
    ]


def _properties(model: type) -> set[str]:
    return set(model.model_json_schema(ref_template=REF + "{model}").get("properties", {}))  # type: ignore[attr-defined]


def test_models_of_one_class_name_get_one_schema_each(spec: dict[str, Any]) -> None:
    by_name: dict[str, list[type]] = {}
    for model in schema_models(api):
        by_name.setdefault(model.__name__, []).append(model)
    shared = {name: models for name, models in by_name.items() if len(models) > 1}
    assert "AssessmentIn" not in shared  # the risk register's; the frameworks' is renamed
    schemas = spec["components"]["schemas"]
    for name, models in shared.items():
        assert name not in schemas
        for model in models:
            documented = model.__module__.split(".")[1].title() + name
            assert set(schemas[documented].get("properties", {})) == _properties(model)


def test_each_response_is_the_operations_own(spec: dict[str, Any]) -> None:
    answers = {
        (op_id, str(status)): field.annotation
        for op_id, operation in operations(api)
        for status, model in operation.response_models.items()
        if isinstance(model, type)
        for field in model.model_fields.values()
    }
    checked = 0
    for path, _, details in _operations(spec):
        for status, response in details["responses"].items():
            schema = response.get("content", {}).get("application/json", {}).get("schema", {})
            schema = schema.get("items", schema)
            model = answers.get((details["operationId"], str(status)))
            if "$ref" not in schema or not isinstance(model, type):
                continue
            name = schema["$ref"].removeprefix(REF)
            own = spec["components"]["schemas"][name].get("properties", {})
            assert set(own) == _properties(model), (path, status)
            checked += 1
    assert checked >= 50


def test_each_request_body_is_the_operations_own(spec: dict[str, Any]) -> None:
    payloads = {
        op_id: model
        for op_id, operation in operations(api)
        for param_model in operation.models
        if param_model.__ninja_param_source__ == "body"
        for field in param_model.model_fields.values()
        if isinstance(model := field.annotation, type)
    }
    checked = 0
    for _, _, details in _operations(spec):
        content = details.get("requestBody", {}).get("content", {}).get("application/json")
        if not content or "$ref" not in content["schema"]:
            continue
        name = content["schema"]["$ref"].removeprefix(REF)
        model = payloads[details["operationId"]]
        assert name.endswith(model.__name__)
        assert set(spec["components"]["schemas"][name]["properties"]) == _properties(model)
        checked += 1
    assert checked >= 30
    create = spec["paths"]["/api/v1/assessments"]["post"]["requestBody"]["content"]
    assert create["application/json"]["schema"]["$ref"] == REF + "AssessmentStartIn"
    assert set(spec["components"]["schemas"]["AssessmentStartIn"]["properties"]) == {
        "framework_id",
        "campaign_id",
        "title",
    }


def test_public_operations_are_marked_public_and_answer_anonymously(
    spec: dict[str, Any], client: Any
) -> None:
    public = {op_id for op_id, operation in operations(api) if is_public(operation)}
    assert len(public) >= 5
    for path, method, details in _operations(spec):
        security = details["security"]
        if details["operationId"] in public:
            assert security[0] == {}, path  # no sign-in needed; a token may still be sent
        else:
            assert {} not in security and {"TokenAuth": []} in security, path
        if method != "get" or "{" in path:
            continue
        status = client.get(path).status_code
        if details["operationId"] in public:
            assert status not in (401, 403), path
        else:
            assert status == 401, path
    assert spec["paths"]["/api/v1/screening/check"]["post"]["security"][0] == {}
    assert spec["paths"]["/api/v1/frameworks"]["get"]["security"][0] == {}


def test_every_operation_documents_its_errors_with_the_one_body(spec: dict[str, Any]) -> None:
    assert set(spec["components"]["schemas"]["Error"]["properties"]) == {"error"}
    for path, _, details in _operations(spec):
        wanted = ERROR_STATUSES + (BODY_ERROR_STATUSES if "requestBody" in details else ())
        for status in wanted:
            response = details["responses"].get(str(status))
            assert response is not None, (path, status)
            schema = response["content"]["application/json"]["schema"]
            assert schema == {"$ref": REF + "Error"}, (path, status)


def test_an_error_answered_matches_the_documented_body(client: Any, db: None) -> None:
    body = client.get("/api/v1/organisations").json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == "unauthenticated"


class StrictIn(Schema):
    model_config = ConfigDict(extra="forbid")
    name: str


class LaxIn(Schema):
    name: str


def test_a_schema_that_refuses_unknown_fields_says_so() -> None:
    router = Router()

    @router.post("/strict", auth=MEMBERS)
    def strict(request: Any, payload: StrictIn) -> dict[str, str]:
        return {}

    @router.post("/lax", auth=EVERYONE)
    def lax(request: Any, payload: LaxIn) -> dict[str, str]:
        return {}

    small = ChemSecAPI(urls_namespace="openapi-test")
    small.add_router("/", router)
    spec = small.get_openapi_schema(path_prefix="")
    assert spec["components"]["schemas"]["StrictIn"]["additionalProperties"] is False
    assert spec["components"]["schemas"]["LaxIn"].get("additionalProperties") is not False
    assert spec["paths"]["/lax"]["post"]["security"][0] == {}
    assert {} not in spec["paths"]["/strict"]["post"]["security"]
    assert re.fullmatch(r"\d+", next(iter(map(str, spec["paths"]["/strict"]["post"]["responses"]))))
