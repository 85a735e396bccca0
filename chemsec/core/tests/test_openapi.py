"""Every API operation documents what it answers: OpenAPI is the API's contract.

Each 2xx response of every operation in `chemsec.api` must name a schema a client can read:
a JSON object with its properties (directly, by $ref, or as the items of a list), or a typed
file (`type: string, format: binary`). An operation declared without `response=`, or with
`response=dict[str, Any]`, documents nothing, and fails here. A 204 has no body.

NOTE (issue item 6, in progress): when this test was written it still failed for operations
of apps whose conversion was not finished (the risk register's endpoints, protection's
evaluation endpoints and site plan PDF). It is meant to fail until they declare their
schemas: do not mark it xfail, declare the schema.
"""

from __future__ import annotations

from typing import Any

from chemsec.api import api

NO_BODY = {"204"}
SCALARS = {"string", "integer", "number", "boolean"}


def _resolve(schema: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].removeprefix("#/components/schemas/")
        schema = spec["components"]["schemas"][name]
    return schema


def undocumented(schema: dict[str, Any] | None, spec: dict[str, Any]) -> str | None:
    """Why this response schema tells a client nothing, or None if it is documented."""
    if not schema:
        return "no schema"
    schema = _resolve(schema, spec)
    for combined in ("anyOf", "oneOf", "allOf"):
        if combined in schema:
            parts = [p for p in schema[combined] if _resolve(p, spec).get("type") != "null"]
            reasons = [undocumented(p, spec) for p in parts]
            return next((r for r in reasons if r), None) if parts else "only null"
    kind = schema.get("type")
    if kind == "array":
        reason = undocumented(schema.get("items"), spec)
        return f"list of {reason}" if reason else None
    if kind in SCALARS:
        return None
    if not schema.get("properties"):
        return "an object without properties"
    return None


def operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, methods in spec["paths"].items()
        for method, operation in methods.items()
    ]


def problems(spec: dict[str, Any]) -> list[str]:
    found = []
    for method, path, operation in operations(spec):
        where = f"{method} {path} ({operation.get('operationId', '?')})"
        successes = {c: r for c, r in operation.get("responses", {}).items() if str(c)[0] == "2"}
        if not successes:
            found.append(f"{where}: no 2xx response declared")
        for code, response in successes.items():
            if str(code) in NO_BODY:
                continue
            content = response.get("content") or {}
            if not content:
                found.append(f"{where} {code}: no content schema")
            for media_type, body in content.items():
                reason = undocumented(body.get("schema"), spec)
                if reason:
                    found.append(f"{where} {code} {media_type}: {reason}")
    return found


def test_every_operation_documents_its_successful_answers() -> None:
    spec = api.get_openapi_schema()
    assert operations(spec), "the API publishes no operations"
    found = problems(spec)
    assert not found, "Operations without a documented answer:\n" + "\n".join(found)


def test_the_check_itself_tells_documented_from_undocumented() -> None:
    spec: dict[str, Any] = {
        "components": {
            "schemas": {
                "Out": {"type": "object", "properties": {"id": {"type": "string"}}},
                "Loose": {"type": "object", "additionalProperties": True},
            }
        }
    }
    assert undocumented({"$ref": "#/components/schemas/Out"}, spec) is None
    assert (
        undocumented({"type": "array", "items": {"$ref": "#/components/schemas/Out"}}, spec) is None
    )
    assert undocumented({"type": "string", "format": "binary"}, spec) is None
    assert (
        undocumented({"anyOf": [{"$ref": "#/components/schemas/Out"}, {"type": "null"}]}, spec)
        is None
    )
    assert undocumented(None, spec) == "no schema"
    assert undocumented({"$ref": "#/components/schemas/Loose"}, spec) == (
        "an object without properties"
    )
    assert undocumented({"type": "object", "additionalProperties": True}, spec) == (
        "an object without properties"
    )
    assert undocumented({"type": "array", "items": {"type": "object"}}, spec) == (
        "list of an object without properties"
    )
