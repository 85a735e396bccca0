"""A field an endpoint does not take is refused (422, naming it), never silently dropped:
a typo in an optional field's name would otherwise store the default and answer success
(issue 15, "extra properties declared as refused"). Every request body derives from
`InSchema` (extra="forbid"); the OpenAPI document says `additionalProperties: false`."""

from __future__ import annotations

import json
import string
import typing
import uuid

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from chemsec.api import api, operations

# Request bodies of modules being written in another change when this test was added; the
# integrator switches them to InSchema and empties this set (the test says when it is stale).
IN_PROGRESS: frozenset[str] = frozenset()  # apps whose bodies are not yet InSchema


def body_models() -> list[tuple[str, type[BaseModel]]]:
    found = []
    for op_id, operation in operations(api):
        for model in operation.models:
            if getattr(model, "__ninja_param_source__", None) != "body":
                continue
            for field in model.model_fields.values():
                annotation = field.annotation
                if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                    found.append((op_id, annotation))
    return found


def test_every_request_body_refuses_unknown_fields():
    lax = {
        (op_id, model.__name__)
        for op_id, model in body_models()
        if model.model_config.get("extra") != "forbid"
        and not model.__module__.startswith(tuple(IN_PROGRESS))
    }
    assert lax == set()
    lax_modules = {
        m.__module__ for _, m in body_models() if m.model_config.get("extra") != "forbid"
    }
    stale = {m for m in IN_PROGRESS if not any(x.startswith(m) for x in lax_modules)}
    assert stale == set(), "switched to InSchema: remove from IN_PROGRESS"


def nested_models(model: type[BaseModel], seen: set[type[BaseModel]]) -> set[type[BaseModel]]:
    """Every model a body holds, at any depth (list[LineIn], LineIn | None...)."""
    for field in model.model_fields.values():
        stack = [field.annotation]
        while stack:
            annotation = stack.pop()
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                if annotation not in seen:
                    seen.add(annotation)
                    nested_models(annotation, seen)
            else:
                stack.extend(typing.get_args(annotation))
    return seen


def test_models_nested_in_a_body_refuse_unknown_fields_and_nan_too():
    """A body's lines or items are input as much as the body: a plain `Schema` nested in an
    `InSchema` drops a misspelt field and takes NaN (the waste consignment's lines did)."""
    nested: set[type[BaseModel]] = set()
    for _op_id, body in body_models():
        nested_models(body, nested)
    lax = {
        f"{model.__module__}.{model.__qualname__}"
        for model in nested
        if model.model_config.get("extra") != "forbid"
        or model.model_config.get("allow_inf_nan", True)
    }
    assert nested and lax == set()


def test_the_openapi_document_declares_them_refused(client):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    for name in ("OrderIn", "CustomerIn", "TokenIn", "IncidentIn", "MovementIn", "SampleIn"):
        assert schemas[name]["additionalProperties"] is False, name


# One valid body per endpoint, in several apps: the unknown key is the only fault, so the
# 422 can only come from it (validation runs before the view: no object needs to exist).
SOME = uuid.uuid4()
VALID = [
    ("/api/v1/orders", {"customer_id": str(SOME), "payment_method": "account",
                        "lines": [{"product_code": "X", "quantity": "1"}]}),
    ("/api/v1/supplychain/customers", {"legal_name": "Acme", "customer_type": "professional",
                                       "country": "XA"}),
    (f"/api/v1/supplychain/customers/{SOME}/snoozes", {"rule_code": "KYC-PAYMENT",
                                                      "justification": "x",
                                                      "expires_on": "2026-12-31"}),
    ("/api/v1/tokens", {"name": "ci", "scope": "read"}),
    ("/api/v1/incidents", {"kind": "theft", "title": "Drum missing"}),
    ("/api/v1/screening/check", {"identifiers": ["64-17-5"]}),
    (f"/api/v1/custody/samples/{SOME}/handovers", {"step": "transfer"}),
    ("/api/v1/assistance/match", {"need": "Training for the night shift"}),
]  # fmt: skip
KEYS = st.text(alphabet=string.ascii_letters + "_", min_size=1, max_size=24)


@pytest.fixture
def signed_in(alice) -> Client:
    client = Client()
    client.force_login(alice)
    return client


def _refused(client: Client, url: str, body: dict, key: str) -> None:
    response = client.post(url, json.dumps(body | {key: "typo"}), content_type="application/json")
    assert response.status_code == 422, (url, response.content)
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert any(d["field"].split(".")[-1] == key for d in error["details"]), error


@pytest.mark.django_db
@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(case=st.sampled_from(VALID), key=KEYS)
def test_an_unknown_field_is_a_422_naming_it(signed_in, case, key):
    url, body = case
    if key in body:
        key = f"{key}_typo"
    _refused(signed_in, url, body, key)


@pytest.mark.django_db
def test_a_misspelt_optional_field_is_not_ignored(signed_in):
    """The motivating case: `delivery_countyr` would have meant the customer's country."""
    url, body = VALID[0]
    _refused(signed_in, url, body, "delivery_countyr")
    nested = dict(body, lines=[{"product_code": "X", "quantity": "1", "unti": "kg"}])
    response = signed_in.post(url, json.dumps(nested), content_type="application/json")
    assert response.status_code == 422
    fields = [d["field"] for d in response.json()["error"]["details"]]
    assert fields == ["body.payload.lines.0.unti"]
