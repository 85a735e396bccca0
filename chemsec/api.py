"""The one API: /api/v1/, OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs.

Every error has the same body: {"error": {"code", "message", "details"}}. The OpenAPI
document says so on every operation (`document_openapi`): each error status with the one
`Error` schema, public operations with an optional sign-in (the empty requirement ``{}``
first), members' operations with the bearer token or the browser session.
"""

from __future__ import annotations

import re
import threading
import types
import typing
from collections import Counter
from collections.abc import Iterator
from http.client import responses as reason_phrases
from typing import Any

from django.conf import settings
from django.core.exceptions import (
    ObjectDoesNotExist,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.signals import got_request_exception
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.log import log_response
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi import schema as ninja_openapi
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation
from ninja.schema import NinjaGenerateJsonSchema
from pydantic import BaseModel
from pydantic.json_schema import CoreModeRef, CoreRef, DefsRef

from chemsec.assistance.api import router as assistance_router
from chemsec.compendium.api import router as compendium_router
from chemsec.core.api import router as core_router
from chemsec.core.api_auth import MEMBERS, anonymous
from chemsec.core.api_errors import (
    body_too_large,
    field_message,
    not_allowed,
    not_found,
    request_not_valid,
    sign_in_or_token,
)
from chemsec.core.outage import api_unavailable, database_unavailable
from chemsec.core.policy import Denied, NotVisible
from chemsec.custody.api import router as custody_router
from chemsec.events.api import router as events_router
from chemsec.facilities.api import router as facilities_router
from chemsec.frameworks.api import router as frameworks_router
from chemsec.incidents.api import router as incidents_router
from chemsec.network.api import router as network_router
from chemsec.protection.api import router as protection_router
from chemsec.risk.api import router as risk_router
from chemsec.sanctions.api import router as sanctions_router
from chemsec.screening.api import router as screening_router
from chemsec.stock.api import router as stock_router
from chemsec.supplychain.api import router as supplychain_router
from chemsec.training.api import router as training_router
from chemsec.training.api.credentials import router as training_credentials_router
from chemsec.waste.api import router as waste_router


class ErrorDetail(Schema):
    code: str
    message: str
    details: Any = None


class Error(Schema):
    """The body of every error response, whatever its status."""

    error: ErrorDetail


# Every operation may answer these, each with the Error body; 400 (a body that is not JSON)
# and 413 (too large) only where there is a request body.
ERROR_STATUSES = (401, 403, 404, 422, 429, 500, 503)
BODY_ERROR_STATUSES = (400, 413)
ERROR_REF = {"$ref": "#/components/schemas/Error"}
TOKEN, SESSION = "TokenAuth", "SessionCookie"


class ChemSecAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        shared = frozenset(
            name for name, n in Counter(m.__name__ for m in schema_models(self)).items() if n > 1
        )
        with _NAMING:  # django-ninja names schemas by class name alone: see _UniqueNames
            _UniqueNames.shared = shared
            setattr(ninja_openapi, "NinjaGenerateJsonSchema", _UniqueNames)  # noqa: B010
            try:
                schema = super().get_openapi_schema(
                    path_prefix=path_prefix, path_params=path_params
                )
            finally:
                setattr(ninja_openapi, "NinjaGenerateJsonSchema", NinjaGenerateJsonSchema)  # noqa: B010
        document_openapi(self, schema)
        return schema


_NAMING = threading.Lock()
_CORE_REF = re.compile(r"^(chemsec\.(\w+)\.[\w.]*\.)(\w+)(:\d+)$")


class _UniqueNames(NinjaGenerateJsonSchema):
    """Two apps' models of the same class name (incidents' and supply chain's ``ReportIn``)
    would share one entry of components/schemas, the last one generated winning, so an
    operation would be documented with another app's body. Such names get their app's
    name in front (``IncidentsReportIn``, ``SupplychainReportIn``); unique ones stay."""

    shared: frozenset[str] = frozenset()

    def get_defs_ref(self, core_mode_ref: CoreModeRef) -> DefsRef:
        core_ref, mode = core_mode_ref
        found = _CORE_REF.match(core_ref)
        if found and found.group(3) in self.shared:
            prefix, app, name, suffix = found.groups()
            core_ref = CoreRef(f"{prefix}{app.title()}{name}{suffix}")
        return super().get_defs_ref((core_ref, mode))


def operations(ninja_api: NinjaAPI) -> Iterator[tuple[str, Operation]]:
    """(OpenAPI operation id, operation) of every documented operation."""
    for bound_router in ninja_api._get_bound_routers():
        for path_view in bound_router.path_operations.values():
            for operation in path_view.operations:
                if operation.include_in_schema:
                    op_id = operation.operation_id or ninja_api.get_openapi_operation_id(operation)
                    yield op_id, operation


def is_public(operation: Operation) -> bool:
    callbacks = operation.auth_callbacks or []
    return not callbacks or anonymous in callbacks


def schema_models(ninja_api: NinjaAPI) -> Iterator[type[BaseModel]]:
    """Every pydantic model an operation takes or answers, nested ones included."""
    seen: set[type[BaseModel]] = set()
    pending: list[Any] = []
    for _, operation in operations(ninja_api):
        pending.extend(operation.models)
        pending.extend(operation.response_models.values())
    while pending:
        item = pending.pop()
        if isinstance(item, type) and issubclass(item, BaseModel):
            if item in seen:
                continue
            seen.add(item)
            if not getattr(item, "__ninja_param_source__", None) and not item.__name__.startswith(
                "NinjaResponseSchema"
            ):
                yield item
            pending.extend(field.annotation for field in item.model_fields.values())
        elif typing.get_origin(item) is not None or isinstance(item, types.UnionType):
            pending.extend(typing.get_args(item))


def document_openapi(ninja_api: NinjaAPI, schema: dict[str, Any]) -> None:
    """Error responses, public operations and refused extra properties, as they are."""
    components = schema.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    error_schema = Error.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(error_schema.pop("$defs", {}))
    schemas["Error"] = error_schema
    schemes = components.setdefault("securitySchemes", {})
    schemes[TOKEN] = {"type": "http", "scheme": "bearer"}
    schemes[SESSION] = {
        "type": "apiKey",
        "in": "cookie",
        "name": settings.SESSION_COOKIE_NAME,
        "description": "The browser session; writes also need the X-CSRFToken header.",
    }
    by_id = dict(operations(ninja_api))
    for path_item in schema.get("paths", {}).values():
        for details in path_item.values():
            operation = by_id.get(details.get("operationId", ""))
            if operation is None:
                continue
            members: list[dict[str, list[str]]] = [{TOKEN: []}, {SESSION: []}]
            details["security"] = [{}, *members] if is_public(operation) else members
            statuses: tuple[int, ...] = ERROR_STATUSES
            if "requestBody" in details:
                statuses = (*BODY_ERROR_STATUSES, *statuses)
            responses = details.setdefault("responses", {})
            for status in statuses:
                if status not in responses and str(status) not in responses:
                    responses[status] = {
                        "description": reason_phrases.get(status, "Error"),
                        "content": {"application/json": {"schema": ERROR_REF}},
                    }
    # A model that refuses unknown fields says so (pydantic's own schema usually does).
    for model in schema_models(ninja_api):
        if model.model_config.get("extra") == "forbid" and model.__name__ in schemas:
            schemas[model.__name__]["additionalProperties"] = False


api = ChemSecAPI(
    title="ChemSec API",
    version="1.0.0",
    description="Control-list screening, best practices, assessments and facility security.",
    auth=MEMBERS,
)

CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid",
    429: "throttled",
    500: "server_error",
    503: "unavailable",
}


def error_response(
    request: HttpRequest, status: int, message: str, details: Any = None
) -> HttpResponse:
    body = {"error": {"code": CODES.get(status, "error"), "message": message, "details": details}}
    return api.create_response(request, body, status=status)


def _field_errors(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [
        {
            "field": ".".join(str(part) for part in error.get("loc", [])),
            "message": field_message(error),
        }
        for error in errors
    ]


@api.exception_handler(NinjaValidationError)
def on_invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return error_response(request, 422, request_not_valid(), _field_errors(exc.errors))


@api.exception_handler(DjangoValidationError)
def on_model_invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    details = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    fields = [{"field": k, "message": " ".join(v)} for k, v in details.items()]
    return error_response(request, 422, request_not_valid(), fields)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    message = str(exc) if str(exc) not in {"", "Unauthorized"} else sign_in_or_token()
    return error_response(request, 401, message)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error_response(request, exc.status_code, str(exc))


# The policy's refusals (chemsec/core/policy.py): NotVisible is a 404 that says nothing more,
# Denied a 403 with the policy's reason. Pages get the same from Django's own handlers.
@api.exception_handler(Http404)
@api.exception_handler(ObjectDoesNotExist)
@api.exception_handler(NotVisible)
def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error_response(request, 404, not_found())


@api.exception_handler(PermissionDenied)
@api.exception_handler(Denied)
def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error_response(request, 403, str(exc) or not_allowed())


# A body over DATA_UPLOAD_MAX_MEMORY_SIZE is refused as too large (it was a 500: Django raises
# while the body is read, inside the API), other suspicious requests as bad ones, as Django
# answers them for pages.
@api.exception_handler(RequestDataTooBig)
def on_too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
    return error_response(request, 413, body_too_large(limit // 1048576))


@api.exception_handler(SuspiciousOperation)
def on_suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
    return error_response(request, 400, request_not_valid())


def route_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 404 for a path no route matches (handler404): under /api/ the API's JSON
    error like every other API failure, a page elsewhere."""
    if request.path.startswith("/api/"):
        return error_response(request, 404, not_found())
    from chemsec.core.error_pages import page_not_found

    return page_not_found(request, exception)


# Anything else is a bug: logged (and reported) as Django logs a page's 500, answered with
# the same JSON error body, telling nothing of the code (the details only with DEBUG on).
@api.exception_handler(Exception)
def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    if database_unavailable(exc):  # an outage, not a bug: 503, try again (chemsec/core/outage.py)
        return api_unavailable()
    got_request_exception.send(sender=None, request=request)
    details = f"{type(exc).__name__}: {exc}" if settings.DEBUG else None
    response = error_response(
        request, 500, "Something went wrong on our side; it has been logged.", details
    )
    log_response(
        "Internal Server Error: %s", request.path, response=response, request=request, exception=exc
    )
    return response


api.add_router("/", core_router)
api.add_router("/", screening_router)
api.add_router("/", compendium_router)
api.add_router("/", frameworks_router)
api.add_router("/", assistance_router)
api.add_router("/", facilities_router)
api.add_router("/", protection_router)
api.add_router("/", risk_router)
api.add_router("/", supplychain_router)
api.add_router("/", incidents_router)
api.add_router("/", custody_router)
api.add_router("/", stock_router)
api.add_router("/", waste_router)
api.add_router("/", network_router)
api.add_router("/", events_router)
api.add_router("/", sanctions_router)
api.add_router("/", training_router)
api.add_router("/", training_credentials_router)
